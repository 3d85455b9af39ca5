# --- pasted from the seed's "URL Integration" ---
# urls.py
from django_revolution.urls_integration import add_revolution_urls

urlpatterns = [
    # ... your URLs
]

add_revolution_urls(urlpatterns)
