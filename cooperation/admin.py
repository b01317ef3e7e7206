"""Admin of the cooperation app, one module per sub-domain."""

from django.contrib import admin

from . import activity_admin  # noqa: F401
from .models import FocalPointInvitation, Match, Posting, PostingEvent


class PostingEventInline(admin.TabularInline):
    model = PostingEvent
    extra = 0
    can_delete = False
    readonly_fields = ["action", "from_state", "to_state", "actor", "comment"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Posting)
class PostingAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "state", "version", "country", "organisation"]
    list_filter = ["kind", "state", "modality", "language"]
    search_fields = ["title", "description"]
    inlines = [PostingEventInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    list_display = ["offer", "demand", "score", "computed_at"]
    list_select_related = ["offer", "demand"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(FocalPointInvitation)
class FocalPointInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "country", "role", "created_at", "accepted_at"]
    list_filter = ["role", "country"]
    readonly_fields = ["accepted_at", "accepted_by", "invited_by"]

    def has_add_permission(self, request) -> bool:
        # Invitations are sent from the focal points page, which mails them.
        return False
