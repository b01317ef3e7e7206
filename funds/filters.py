"""One filterset per model, shared by the pages and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import MemberState

from .models import (
    Contribution,
    ContributionStatus,
    EntryKind,
    Fund,
    LedgerEntry,
    ProgrammingCycle,
    Proposal,
    ProposalStatus,
)


class FundFilterSet(django_filters.FilterSet):
    umbrella = django_filters.ModelChoiceFilter(
        field_name="parent", label=_("Umbrella fund"), queryset=Fund.objects.all()
    )

    class Meta:
        model = Fund
        fields = ["umbrella", "currency"]


class CycleFilterSet(django_filters.FilterSet):
    class Meta:
        model = ProgrammingCycle
        fields = ["fund"]


class ProposalFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.ChoiceFilter(choices=ProposalStatus.choices)
    country = django_filters.ModelChoiceFilter(
        label=_("Proposing country"), queryset=MemberState.objects.all()
    )
    multi_country = django_filters.BooleanFilter(
        method="filter_multi_country", label=_("Several countries")
    )
    # By name, not a choice list: a list of every cycle's themes would cost a
    # query on each page and repeat the same names.
    theme = django_filters.CharFilter(
        field_name="theme__name", lookup_expr="iexact", label=_("Theme")
    )

    class Meta:
        model = Proposal
        fields = ["q", "cycle", "theme", "status", "country", "multi_country"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value) | Q(objectives__icontains=value)
        )

    def filter_multi_country(self, queryset, name, value):
        from django.db.models import Count

        queryset = queryset.alias(n_countries=Count("beneficiary_countries"))
        if value:
            return queryset.filter(n_countries__gt=1)
        return queryset.filter(n_countries__lte=1)


class ContributionFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ContributionStatus.choices)
    contributor = django_filters.CharFilter(
        method="filter_contributor", label=_("Contributor")
    )
    pledged_after = django_filters.DateFilter(
        field_name="pledged_on", lookup_expr="gte", label=_("Pledged from")
    )
    pledged_before = django_filters.DateFilter(
        field_name="pledged_on", lookup_expr="lte", label=_("Pledged until")
    )

    class Meta:
        model = Contribution
        fields = ["fund", "status", "contributor", "pledged_after", "pledged_before"]

    def filter_contributor(self, queryset, name, value):
        """A state by its code or name, or an organisation by its name."""
        return queryset.filter(
            Q(contributor_state__iso3__iexact=value)
            | Q(contributor_state__name_en__icontains=value)
            | Q(contributor_organisation__name__icontains=value)
        )


class LedgerEntryFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=EntryKind.choices)
    value_after = django_filters.DateFilter(
        field_name="value_date", lookup_expr="gte", label=_("From")
    )
    value_before = django_filters.DateFilter(
        field_name="value_date", lookup_expr="lte", label=_("Until")
    )
    # A number, not a choice list: a list would name proposals the user may
    # not see.
    proposal = django_filters.NumberFilter(field_name="proposal_id", label=_("Project"))

    class Meta:
        model = LedgerEntry
        fields = ["fund", "kind", "value_after", "value_before", "proposal"]
