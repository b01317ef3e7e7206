"""Serializers of the regional cooperation database."""

from rest_framework import serializers

from ..models import (
    Activity,
    ActivitySector,
    Budget,
    CountryProfile,
    GoodPractice,
    ParticipatingOrg,
    RecipientCountry,
    Transaction,
)


class RecipientCountrySerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="country_id")

    class Meta:
        model = RecipientCountry
        fields = ["code", "percentage"]


class SectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActivitySector
        fields = ["vocabulary", "code", "percentage", "name"]


class ParticipatingOrgSerializer(serializers.ModelSerializer):
    role = serializers.CharField(source="role_id")

    class Meta:
        model = ParticipatingOrg
        fields = ["role", "ref", "type", "name", "activity_ref"]


class BudgetSerializer(serializers.ModelSerializer):
    currency = serializers.CharField(source="currency_id")

    class Meta:
        model = Budget
        fields = [
            "type",
            "status",
            "period_start",
            "period_end",
            "value",
            "currency",
            "value_date",
        ]


class TransactionSerializer(serializers.ModelSerializer):
    transaction_type = serializers.CharField(source="transaction_type_id")
    currency = serializers.CharField(source="currency_id")

    class Meta:
        model = Transaction
        fields = [
            "ref",
            "transaction_type",
            "transaction_date",
            "value",
            "currency",
            "value_date",
            "provider_org_ref",
            "provider_org_name",
            "receiver_org_ref",
            "receiver_org_name",
        ]


class ActivitySerializer(serializers.ModelSerializer):
    """An activity as listed: codes, dates and where it happens."""

    status = serializers.CharField(source="status_id")
    recipient_countries = RecipientCountrySerializer(many=True, read_only=True)
    sectors = SectorSerializer(many=True, read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "iati_identifier",
            "title",
            "status",
            "reporting_org_ref",
            "reporting_org_name",
            "planned_start",
            "actual_start",
            "planned_end",
            "actual_end",
            "modality",
            "source",
            "sdg_goals",
            "recipient_countries",
            "sectors",
            "url",
        ]


class ActivityDetailSerializer(ActivitySerializer):
    """An activity with its organisations, budgets and transactions."""

    participating_orgs = ParticipatingOrgSerializer(many=True, read_only=True)
    budgets = BudgetSerializer(many=True, read_only=True)
    transactions = TransactionSerializer(many=True, read_only=True)

    class Meta(ActivitySerializer.Meta):
        fields = [
            *ActivitySerializer.Meta.fields,
            "descriptions",
            "default_currency",
            "collaboration_type",
            "default_flow_type",
            "default_finance_type",
            "default_aid_types",
            "participating_orgs",
            "budgets",
            "transactions",
        ]


class GoodPracticeSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.iso3", read_only=True)
    sectors = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    sdg_goals = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )

    class Meta:
        model = GoodPractice
        fields = [
            "id",
            "country",
            "title",
            "problem",
            "solution",
            "results",
            "lessons",
            "contacts",
            "sectors",
            "sdg_goals",
            "tags",
            "status",
            "published_at",
        ]


class CountryProfileSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="state.iso3", read_only=True)
    name = serializers.CharField(source="state.name", read_only=True)
    agency = serializers.CharField(source="agency.name", default="", read_only=True)
    offered_sectors = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    sought_sectors = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )

    class Meta:
        model = CountryProfile
        fields = [
            "country",
            "name",
            "agency",
            "offered_expertise",
            "offered_sectors",
            "sought_expertise",
            "sought_sectors",
            "strengths",
            "weaknesses",
            "opportunities",
            "threats",
            "updated_at",
        ]
