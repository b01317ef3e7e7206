"""API views of the cooperation app."""

from django import forms
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, Prefetch
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from accounts.access import Action, access_for, get_for_user
from accounts.models import MemberState, Organisation

from ..cooperanet_filters import PostingFilterSet
from ..models import (
    ActionStep,
    DesiredOutcome,
    Match,
    Posting,
    PostingKind,
    WorkplanArea,
)
from ..services import cooperanet as services
from ..services.workplan import may_follow_up_workplan, update_action_step
from .serializers import (
    ActionStepSerializer,
    CommentSerializer,
    MatchSerializer,
    MemberStateSerializer,
    PostingSerializer,
    WorkplanAreaSerializer,
)


class WorkplanAreaViewSet(viewsets.ReadOnlyModelViewSet):
    """The work plan: areas with their objective, action steps and outcomes."""

    serializer_class = WorkplanAreaSerializer
    lookup_field = "number"
    permission_classes = [permissions.AllowAny]
    # Six areas in all: one page holds them.
    pagination_class = None

    def get_queryset(self):
        outcomes = DesiredOutcome.objects.prefetch_related(
            Prefetch("steps", queryset=ActionStep.objects.only("id", "number"))
        )
        return WorkplanArea.objects.prefetch_related(
            "steps", Prefetch("outcomes", queryset=outcomes)
        )


class IsWorkplanStaffOrReadOnly(permissions.BasePermission):
    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return may_follow_up_workplan(request.user)


# Reading needs no login: say so, since drf-spectacular recognises only DRF's
# own permission classes as open to anonymous readers.
_READ_BY_ANYONE = extend_schema(auth=[{"cookieAuth": []}, {}])


@extend_schema_view(list=_READ_BY_ANYONE, retrieve=_READ_BY_ANYONE)
class ActionStepViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Action steps; IACD staff update their follow-up (status, unit, due
    date, notes), everyone reads."""

    serializer_class = ActionStepSerializer
    permission_classes = [IsWorkplanStaffOrReadOnly]
    queryset = ActionStep.objects.select_related("area")
    filterset_fields = ["area__number", "status"]

    def get_object(self):
        return get_for_user(
            self.get_queryset(), self.request.user, pk=self.kwargs["pk"]
        )

    def perform_update(self, serializer):
        update_action_step(
            actor=self.request.user,
            step=serializer.instance,
            **serializer.validated_data,
        )
        serializer.instance.refresh_from_db()


def _as_drf(error: DjangoValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError(
            {
                field: [str(m) for e in errors for m in e.messages]
                for field, errors in error.error_dict.items()
            }
        )
    return ValidationError({"non_field_errors": error.messages})


class PostingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Offers or demands the caller may read; focal points create and edit
    their own country's drafts and fire the transitions their role allows."""

    kind: str = PostingKind.OFFER
    serializer_class = PostingSerializer
    filterset_class = PostingFilterSet

    def get_queryset(self):
        return (
            Posting.objects.visible_to(self.request.user)
            .filter(kind=self.kind)
            .for_listing()
            .order_by(F("published_at").desc(nulls_last=True), "-pk")
        )

    def get_object(self):
        action_needed = Action.VIEW if self.action == "retrieve" else Action.CHANGE
        posting = get_for_user(
            self.get_queryset(), self.request.user, action_needed, pk=self.kwargs["pk"]
        )
        self.check_object_permissions(self.request, posting)
        return posting

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        country = data.pop("country", None)
        access = access_for(self.request.user)
        organisation = None
        if country is None and len(access.editable_country_ids) == 1:
            country = MemberState.objects.get(
                pk=next(iter(access.editable_country_ids))
            )
        if country is None and access.organisation_ids:
            organisation = Organisation.objects.get(pk=min(access.organisation_ids))
        try:
            serializer.instance = services.create_posting(
                actor=self.request.user,
                kind=self.kind,
                country=country,
                organisation=organisation,
                values=data,
            )
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error
        except DjangoValidationError as error:
            raise _as_drf(error) from error

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("country", None)
        try:
            serializer.instance = services.update_posting(
                actor=self.request.user, posting=serializer.instance, values=data
            )
        except DjangoValidationError as error:
            raise _as_drf(error) from error

    def _transition(self, request, service):
        posting = self.get_object()
        form = CommentSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            service(
                actor=request.user,
                posting=posting,
                comment=form.validated_data.get("comment", ""),
            )
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error
        except DjangoValidationError as error:
            raise _as_drf(error) from error
        posting.refresh_from_db()
        return Response(PostingSerializer(posting, context={"request": request}).data)

    @extend_schema(request=CommentSerializer, responses=PostingSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Send a draft to IACD staff for vetting."""
        return self._transition(request, services.submit_posting)

    @extend_schema(request=CommentSerializer, responses=PostingSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Take the record back (any state before completion)."""
        return self._transition(request, services.withdraw_posting)

    @extend_schema(request=CommentSerializer, responses=PostingSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Staff: publish a submitted record."""
        return self._transition(request, services.publish_posting)

    @extend_schema(request=CommentSerializer, responses=PostingSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        """Staff: return a submitted record with comments."""
        return self._transition(request, services.return_posting)

    @extend_schema(request=CommentSerializer, responses=PostingSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Staff: reject a submitted record, saying why."""
        return self._transition(request, services.reject_posting)


class OfferViewSet(PostingViewSet):
    """Cooperation offers."""

    kind = PostingKind.OFFER


class DemandViewSet(PostingViewSet):
    """Cooperation demands."""

    kind = PostingKind.DEMAND


@extend_schema_field({"type": "integer", "minimum": 1})
class IdFilter(filters.NumberFilter):
    """A record's id: a whole number (a number filter takes 0.5 or 1e40)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        super().__init__(*args, **kwargs)


class MatchFilterSet(filters.FilterSet):
    offer = IdFilter(field_name="offer_id")
    demand = IdFilter(field_name="demand_id")
    min_score = filters.NumberFilter(field_name="score", lookup_expr="gte")

    class Meta:
        model = Match
        fields = ["offer", "demand", "min_score"]


class MatchViewSet(viewsets.ReadOnlyModelViewSet):
    """Matches between offers and demands the caller may both read."""

    serializer_class = MatchSerializer
    filterset_class = MatchFilterSet

    def get_queryset(self):
        return (
            Match.objects.visible_to(self.request.user)
            .select_related("offer", "demand")
            .order_by("-score", "pk")
        )


class MemberStateViewSet(viewsets.ReadOnlyModelViewSet):
    """OAS member states and permanent observers."""

    serializer_class = MemberStateSerializer
    lookup_field = "iso3"
    filterset_fields = ["subregion", "is_observer"]

    def get_queryset(self):
        return MemberState.objects.visible_to(self.request.user).order_by("name_en")
