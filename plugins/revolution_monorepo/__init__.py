"""Built-in sync target "monorepo": copies the generated TypeScript (and optionally Python) package
into a monorepo's package directory, never writing outside it."""
