"""Zones from OpenAPI files: lets the core and every generator work on any OpenAPI document, no Django."""
