from revolution_django.urls_integration import add_revolution_urls

urlpatterns = []

add_revolution_urls(urlpatterns)
