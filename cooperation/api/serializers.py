"""Serializers of the cooperation API."""

from rest_framework import serializers

from ..models import ActionStep, DesiredOutcome, WorkplanArea


class ActionStepSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = ActionStep
        fields = [
            "id",
            "number",
            "text",
            "sub_points",
            "status",
            "status_display",
            "responsible_unit",
            "due_date",
            "progress_notes",
            "updated_at",
        ]
        read_only_fields = ["id", "number", "text", "sub_points", "updated_at"]


class DesiredOutcomeSerializer(serializers.ModelSerializer):
    step_numbers = serializers.SerializerMethodField()

    class Meta:
        model = DesiredOutcome
        fields = ["id", "position", "text", "sub_points", "step_numbers"]

    def get_step_numbers(self, outcome) -> list[str]:
        return [step.number for step in outcome.steps.all()]


class WorkplanAreaSerializer(serializers.ModelSerializer):
    steps = ActionStepSerializer(many=True, read_only=True)
    outcomes = DesiredOutcomeSerializer(many=True, read_only=True)

    class Meta:
        model = WorkplanArea
        fields = ["number", "title", "objective", "objective_note", "steps", "outcomes"]
