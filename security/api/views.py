"""The audit trail over the REST API (staff only): the same search as the
audit page, through the same ``AuditFilter``."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions

from ..audit import (
    AuditFilter,
    audit_queryset,
    kind_choices,
    may_read_audit,
    with_changes,
)
from ..history import history_model_for
from .serializers import AuditEntrySerializer


class MayReadAudit(permissions.BasePermission):
    def has_permission(self, request, view):
        return may_read_audit(request.user)


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
