from django.contrib import admin

from profiles.models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "display_name", "newsletter", "updated_at"]
    search_fields = ["user__username", "display_name"]
