"""`revolution verify`: prove each Django zone's schema against the real app before its clients ship.

`runner` produces the zone schemas as a run does and drives the rest: `database` (test databases only),
`auth` (credentials per zone), `engine` (schemathesis against Django's WSGI handler, in-process),
`classify` and `attribution` (what is wrong, which view and serializer, the fix), `report` (text and JSON).
Nothing here is imported until verify runs: schemathesis is an optional extra (`drf-revolution[verify]`).
"""
