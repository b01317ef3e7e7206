from django.contrib import admin

from .models import Notification, NotificationPreference, ReminderRule, TaskFailure


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    list_display = ("kind", "enabled", "offsets", "threshold_days", "catch_up_days")
    list_editable = ("enabled",)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    # Delivery state only; the contents belong to the recipient.
    list_display = (
        "pk",
        "kind",
        "recipient_id",
        "email_status",
        "attempts",
        "created_at",
    )
    list_filter = ("kind", "email_status", "delivery")
    fields = (
        "kind",
        "key",
        "email_status",
        "attempts",
        "claimed_at",
        "sent_at",
        "last_error",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "delivery")
    list_filter = ("kind", "delivery")


@admin.register(TaskFailure)
class TaskFailureAdmin(admin.ModelAdmin):
    list_display = ("task_name", "error", "occurred_at")
    list_filter = ("task_name",)
    readonly_fields = ("task_name", "task_id", "arguments", "error", "traceback")

    def has_add_permission(self, request):
        return False
