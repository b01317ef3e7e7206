"""API views of the funds app: read-only, each list narrowed by
``visible_to(request.user)`` and filtered by the filterset its page uses."""

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Value
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ..filters import (
    ContributionFilterSet,
    CycleFilterSet,
    FundFilterSet,
    LedgerEntryFilterSet,
    ProposalFilterSet,
)
from ..models import Contribution, Fund, LedgerEntry, ProgrammingCycle, Proposal
from .serializers import (
    ContributionSerializer,
    CycleSerializer,
    FundBalancesSerializer,
    FundSerializer,
    LedgerEntrySerializer,
    ProposalSerializer,
)


class FundViewSet(viewsets.ReadOnlyModelViewSet):
    """Funds with their balances (public aggregate figures)."""

    serializer_class = FundSerializer
    filterset_class = FundFilterSet
    lookup_field = "code"

    def get_queryset(self):
        return (
            Fund.objects.visible_to(self.request.user)
            .select_related("currency", "parent")
            .with_balances()
            .order_by("pk")
        )

    @extend_schema(responses=FundBalancesSerializer)
    @action(detail=True)
    def balances(self, request, code=None):
        """The fund's own balances and, for an umbrella, with its sub-funds."""
        fund = self.get_object()
        figures = {
            "own": fund.balances(),
            "consolidated": fund.consolidated_balances(),
        }
        return Response(FundBalancesSerializer(figures).data)


class CycleViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CycleSerializer
    filterset_class = CycleFilterSet

    def get_queryset(self):
        return (
            ProgrammingCycle.objects.visible_to(self.request.user)
            .select_related("fund")
            .prefetch_related("themes")
        )


class ProposalViewSet(viewsets.ReadOnlyModelViewSet):
    """Proposals the user may see: their country's, the ones assigned to
    them as a reviewer, or all for fund managers and staff."""

    serializer_class = ProposalSerializer
    filterset_class = ProposalFilterSet
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        # The beneficiaries' codes come aggregated in the same query, not
        # from a prefetch: one query fewer on every page of the list.
        return (
            Proposal.objects.visible_to(self.request.user)
            .select_related("country", "theme")
            .annotate(
                beneficiary_iso3=ArrayAgg(
                    "beneficiary_countries__iso3",
                    distinct=True,
                    default=Value([]),
                )
            )
        )


class ContributionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ContributionSerializer
    filterset_class = ContributionFilterSet
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        return Contribution.objects.visible_to(self.request.user).select_related(
            "fund", "currency", "contributor_state", "contributor_organisation"
        )


class LedgerEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """Ledger entries: fund managers see all, a contributor its own."""

    serializer_class = LedgerEntrySerializer
    filterset_class = LedgerEntryFilterSet
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        return (
            LedgerEntry.objects.visible_to(self.request.user)
            .select_related("fund", "original_currency")
            .order_by("pk")
        )
