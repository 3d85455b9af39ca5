"""A URLconf that does not call add_revolution_urls (the system checks still see the zones)."""

urlpatterns: list = []
