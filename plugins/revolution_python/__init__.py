"""Generator `python`: pydantic models (datamodel-code-generator, in-process) plus a typed sync and async
httpx client per zone, packaged as one installable distribution under `clients/python/`."""
