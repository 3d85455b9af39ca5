"""`django_revolution.zones`: the zone manager, detector and validation, under the original's names."""

from revolution_django.zones import DynamicZoneDetector, DynamicZoneManager, validate_zone_configuration

__all__ = ["DynamicZoneDetector", "DynamicZoneManager", "validate_zone_configuration"]
