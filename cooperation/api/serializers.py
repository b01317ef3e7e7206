"""Serializers of the cooperation API."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import MemberState
from iacd_portal.api_fields import CodeField
from reference.models import Currency, SdgGoal, SdgTarget, Sector

from ..models import ActionStep, DesiredOutcome, Match, Posting, WorkplanArea


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


class CodeListField(serializers.ManyRelatedField):
    """Reference entries by code. Reads the array that
    ``PostingQuerySet.for_listing`` annotates, when it is there, so that a
    list costs no query per relation; writes through the related field."""

    def __init__(self, annotation: str, slug_field: str, queryset, **kwargs):
        self.annotation = annotation
        kwargs.setdefault("required", False)
        super().__init__(
            child_relation=CodeField(slug_field=slug_field, queryset=queryset),
            **kwargs,
        )

    def get_attribute(self, instance):
        if hasattr(instance, self.annotation):
            return getattr(instance, self.annotation)
        return super().get_attribute(instance)

    def to_representation(self, iterable):
        if isinstance(iterable, list):
            return list(iterable)
        return super().to_representation(iterable)


class PostingSerializer(serializers.ModelSerializer):
    """An offer or demand. Codes name the reference entries: DAC sector
    codes, SDG goal and target codes, ISO 3166 alpha-3 country codes."""

    country = CodeField(
        slug_field="iso3",
        queryset=MemberState.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Posting member state; by default the focal point's own."),
    )
    organisation = serializers.StringRelatedField(read_only=True, allow_null=True)
    sectors = CodeListField("sector_codes", "code", Sector.objects.active())
    sdg_goals = CodeListField("goal_codes", "code", SdgGoal.objects.active())
    sdg_targets = CodeListField("target_codes", "code", SdgTarget.objects.active())
    partner_countries = CodeListField("partner_iso3", "iso3", MemberState.objects.all())
    currency = CodeField(
        slug_field="code",
        queryset=Currency.objects.active(),
        required=False,
        allow_null=True,
    )
    subregions = serializers.ListField(
        child=serializers.ChoiceField(
            choices=Posting._meta.get_field("subregions").base_field.choices
        ),
        required=False,
    )
    working_languages = serializers.ListField(
        child=serializers.ChoiceField(
            choices=Posting._meta.get_field("working_languages").base_field.choices
        ),
        required=False,
    )
    # The page's path on this site, not an absolute URL.
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Posting
        fields = [
            "id",
            "kind",
            "state",
            "version",
            "lineage",
            "url",
            "title",
            "description",
            "language",
            "country",
            "organisation",
            "sectors",
            "sdg_goals",
            "sdg_targets",
            "modality",
            "partner_countries",
            "subregions",
            "working_languages",
            "start_date",
            "end_date",
            "duration_months",
            "estimated_value",
            "currency",
            "contact_name",
            "contact_email",
            "contact_phone",
            "results",
            "submitted_at",
            "published_at",
        ]
        read_only_fields = [
            "kind",
            "state",
            "version",
            "lineage",
            "results",
            "submitted_at",
            "published_at",
        ]

    def validate(self, attrs):
        start = attrs.get("start_date", getattr(self.instance, "start_date", None))
        end = attrs.get("end_date", getattr(self.instance, "end_date", None))
        if start and end and end < start:
            raise serializers.ValidationError(
                {"end_date": _("The end date must not be before the start date.")}
            )
        value = attrs.get(
            "estimated_value", getattr(self.instance, "estimated_value", None)
        )
        currency = attrs.get("currency", getattr(self.instance, "currency", None))
        if value is not None and currency is None:
            raise serializers.ValidationError(
                {"currency": _("Choose the currency of the estimated value.")}
            )
        return attrs


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class MatchSerializer(serializers.ModelSerializer):
    """A scored pair of an offer and a demand with its reasons in words."""

    offer_title = serializers.CharField(source="offer.title", read_only=True)
    demand_title = serializers.CharField(source="demand.title", read_only=True)
    reasons = serializers.SerializerMethodField()

    class Meta:
        model = Match
        fields = [
            "id",
            "offer",
            "offer_title",
            "demand",
            "demand_title",
            "score",
            "reasons",
            "computed_at",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_reasons(self, match) -> list[str]:
        return match.reason_texts()


class MemberStateSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = MemberState
        fields = ["iso3", "iso2", "name", "subregion", "is_observer"]
