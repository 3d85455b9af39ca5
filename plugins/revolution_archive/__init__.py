"""Built-in archiver "archive": a timestamped zip per zone (schema + clients + metadata.json) under
`openapi/archive/`, with retention and `revolution archive list|show|restore`."""
