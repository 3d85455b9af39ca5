from revolution_django import add_revolution_urls

urlpatterns: list = []
add_revolution_urls(urlpatterns)  # /api/shop/items/ and the zone's schema views
