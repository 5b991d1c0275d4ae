from django.contrib import admin

from .models import Meeting


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "status"]
    list_filter = ["status", "kind"]
    search_fields = ["title"]
