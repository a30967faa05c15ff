from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only view of the outbox for the technician: what waits, what failed and why."""

    list_display = [
        "created_at",
        "channel",
        "kind",
        "key",
        "status",
        "attempts",
        "sent_at",
        "delivery_status",
    ]
    list_filter = ["status", "channel", "kind"]
    search_fields = ["key", "provider_message_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
