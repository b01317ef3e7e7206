"""The audit trail over the REST API (staff only), mounted under /api/v1/:
the same search as the audit page, through the same ``AuditFilter``."""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, permissions, serializers

from .audit import (
    AuditFilter,
    audit_queryset,
    kind_choices,
    may_read_audit,
    with_changes,
)
from .history import history_model_for


class MayReadAudit(permissions.BasePermission):
    def has_permission(self, request, view):
        return may_read_audit(request.user)


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    before = serializers.CharField(allow_null=True)
    after = serializers.CharField(allow_null=True)


class AuditEntrySerializer(serializers.Serializer):
    """One recorded change: who, when, what, and the fields before/after."""

    history_id = serializers.IntegerField()
    object_id = serializers.IntegerField(source="id")
    history_date = serializers.DateTimeField()
    history_type = serializers.ChoiceField(choices=["+", "~", "-"])
    changed_by = serializers.SerializerMethodField()
    changes = serializers.SerializerMethodField()

    def get_changed_by(self, entry) -> str | None:
        return entry.history_user.email if entry.history_user else None

    @extend_schema_field(FieldChangeSerializer(many=True))
    def get_changes(self, entry):
        # The list view computed the changes of the whole page at once.
        return [
            {
                "field": change.field,
                "before": None if change.before is None else str(change.before),
                "after": None if change.after is None else str(change.after),
            }
            for change in self.context["changes"].get(entry.history_id, [])
        ]


_KIND = OpenApiParameter(
    "kind",
    OpenApiTypes.STR,
    description="Kind of record, as app.Model (the tracked models).",
    enum=[value for value, _label in kind_choices()],
)


@extend_schema(
    parameters=[
        _KIND,
        OpenApiParameter("object_id", OpenApiTypes.INT),
        OpenApiParameter("changed_by", OpenApiTypes.STR),
        OpenApiParameter("since", OpenApiTypes.DATE),
        OpenApiParameter("until", OpenApiTypes.DATE),
    ]
)
class AuditChangeList(generics.ListAPIView):
    """Changes to one kind of record, newest first (IACD staff only)."""

    serializer_class = AuditEntrySerializer
    permission_classes = [permissions.IsAuthenticated, MayReadAudit]
    filter_backends: list = []
    _changes: dict = {}

    def get_queryset(self):
        kinds = [value for value, _label in kind_choices()]
        kind = self.request.query_params.get("kind")
        history_model = history_model_for(kind if kind in kinds else kinds[0])
        filterset = AuditFilter(
            self.request.query_params, queryset=audit_queryset(history_model)
        )
        if not filterset.is_valid():
            return history_model.objects.none()
        return filterset.qs

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self._changes = {
            entry.history_id: changes for entry, changes in with_changes(page or [])
        }
        return page

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "changes": self._changes}


urlpatterns = [
    path("audit/changes/", AuditChangeList.as_view(), name="audit-changes"),
]
