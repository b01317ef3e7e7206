"""API views of the funds app: read-only, each list narrowed by
``visible_to(request.user)`` and filtered by the filterset its page uses."""

from django.contrib.postgres.aggregates import ArrayAgg
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Value
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
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
from ..services import ledger as ledger_services
from ..services import proposals as proposal_services
from .serializers import (
    ContributionSerializer,
    CycleSerializer,
    FundBalancesSerializer,
    FundSerializer,
    LedgerEntrySerializer,
    PledgeSerializer,
    ProposalSerializer,
)


def as_api_error(error: DjangoValidationError) -> serializers.ValidationError:
    """A service's ValidationError as DRF's, keeping the fields it names."""
    if hasattr(error, "error_dict"):
        return serializers.ValidationError(error.message_dict)
    return serializers.ValidationError({"non_field_errors": error.messages})


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
            # An aggregate drops the model's ordering; pages need one.
            .order_by("-created_at", "-pk")
        )

    @extend_schema(request=None, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit a draft to its cycle's call (its country's focal points)."""
        proposal = self.get_object()
        try:
            proposal_services.submit_proposal(actor=request.user, proposal=proposal)
        except DjangoValidationError as error:
            raise as_api_error(error) from error
        return Response(self.get_serializer(self.get_object()).data)


class ContributionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Contributions: the contributor's own, or all for fund managers. A POST
    records a pledge (fund managers for anyone, focal points for their
    country)."""

    serializer_class = ContributionSerializer
    filterset_class = ContributionFilterSet
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        return Contribution.objects.visible_to(self.request.user).select_related(
            "fund", "currency", "contributor_state", "contributor_organisation"
        )

    @extend_schema(request=PledgeSerializer, responses={201: ContributionSerializer})
    def create(self, request, *args, **kwargs):
        pledge = PledgeSerializer(data=request.data)
        pledge.is_valid(raise_exception=True)
        try:
            contribution = ledger_services.record_pledge(
                actor=request.user, **pledge.validated_data
            )
        except DjangoValidationError as error:
            raise as_api_error(error) from error
        body = ContributionSerializer(contribution).data
        return Response(body, status=status.HTTP_201_CREATED)


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
