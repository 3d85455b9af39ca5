"""The built-in `typescript` generator: @hey-api/openapi-ts clients per zone and one consolidated npm
package with an `API` class (tokens, refresh on 401, typed errors). See `plugin.py`."""
