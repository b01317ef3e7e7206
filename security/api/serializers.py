"""Serializers of the audit API."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


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
