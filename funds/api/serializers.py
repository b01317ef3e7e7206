"""Serializers of the funds API. Money is sent as decimal strings, never
floats."""

from rest_framework import serializers

from accounts.models import MemberState, Organisation
from iacd_portal.api_fields import CodeField

from ..models import (
    Contribution,
    Fund,
    LedgerEntry,
    ProgrammingCycle,
    Proposal,
    Theme,
)


class BalancesSerializer(serializers.Serializer):
    """A fund's balances, each the sum of its ledger entries."""

    pledged_total = serializers.DecimalField(max_digits=18, decimal_places=4)
    received_total = serializers.DecimalField(max_digits=18, decimal_places=4)
    icr_charged_total = serializers.DecimalField(max_digits=18, decimal_places=4)
    allocated_total = serializers.DecimalField(max_digits=18, decimal_places=4)
    disbursed_total = serializers.DecimalField(max_digits=18, decimal_places=4)
    returned_total = serializers.DecimalField(max_digits=18, decimal_places=4)
    transferred_total = serializers.DecimalField(max_digits=18, decimal_places=4)
    available = serializers.DecimalField(max_digits=18, decimal_places=4)
    undisbursed = serializers.DecimalField(max_digits=18, decimal_places=4)


class FundBalancesSerializer(serializers.Serializer):
    own = BalancesSerializer()
    consolidated = BalancesSerializer(help_text="With the fund's sub-funds.")


class FundSerializer(serializers.ModelSerializer):
    currency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    # Null for a fund under no umbrella (the schema says so).
    parent = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    balances = serializers.SerializerMethodField()

    class Meta:
        model = Fund
        fields = ["code", "name", "parent", "currency", "icr_basis", "balances"]

    def get_balances(self, fund) -> BalancesSerializer:
        # The list annotates the balances (one query for all funds).
        names = BalancesSerializer().fields
        return BalancesSerializer({name: getattr(fund, name) for name in names}).data


class ThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["id", "name", "envelope"]


class CycleSerializer(serializers.ModelSerializer):
    fund = serializers.SlugRelatedField(slug_field="code", read_only=True)
    themes = ThemeSerializer(many=True, read_only=True)
    length_months = serializers.IntegerField(read_only=True)

    class Meta:
        model = ProgrammingCycle
        fields = [
            "id",
            "name",
            "fund",
            "starts_on",
            "ends_on",
            "length_months",
            "call_opens_at",
            "proposal_deadline",
            "evaluation_deadline",
            "decision_deadline",
            "score_scale_max",
            "bonus_min_countries",
            "bonus_per_extra_country",
            "bonus_max",
            "themes",
        ]


class ProposalSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="iso3", read_only=True)
    beneficiary_countries = serializers.ListField(
        source="beneficiary_iso3",
        child=serializers.CharField(),
        read_only=True,
        help_text="ISO 3166 alpha-3 codes of the countries the project reaches.",
    )
    theme = serializers.SlugRelatedField(slug_field="name", read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "cycle",
            "theme",
            "country",
            "beneficiary_countries",
            "title",
            "objectives",
            "duration_months",
            "partners",
            "requested_amount",
            "status",
            "submitted_at",
        ]


class ContributionSerializer(serializers.ModelSerializer):
    fund = serializers.SlugRelatedField(slug_field="code", read_only=True)
    currency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    # One of the two contributors is null.
    contributor_state = serializers.SlugRelatedField(
        slug_field="iso3", read_only=True, allow_null=True
    )
    contributor_organisation = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = Contribution
        fields = [
            "id",
            "fund",
            "contributor_state",
            "contributor_organisation",
            "currency",
            "amount",
            "exchange_rate",
            "pledged_on",
            "status",
        ]


class LedgerEntrySerializer(serializers.ModelSerializer):
    fund = serializers.SlugRelatedField(slug_field="code", read_only=True)
    original_currency = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )

    class Meta:
        model = LedgerEntry
        fields = [
            "id",
            "fund",
            "kind",
            "amount",
            "value_date",
            "original_amount",
            "original_currency",
            "exchange_rate",
            "contribution",
            "proposal",
            "reverses",
            "memo",
            "created_at",
        ]


class PledgeSerializer(serializers.Serializer):
    """What a pledge is recorded from; ``record_pledge`` does the rest."""

    fund = CodeField(slug_field="code", queryset=Fund.objects.all())
    contributor_state = CodeField(
        slug_field="iso3",
        queryset=MemberState.objects.all(),
        required=False,
        allow_null=True,
    )
    contributor_organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    amount = serializers.DecimalField(max_digits=18, decimal_places=4)
    currency = serializers.CharField(max_length=3, help_text="ISO 4217 code.")
    exchange_rate = serializers.DecimalField(
        max_digits=18, decimal_places=8, required=False, allow_null=True
    )
    pledged_on = serializers.DateField()
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)
