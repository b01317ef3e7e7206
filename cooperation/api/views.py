"""API views of the cooperation app."""

from django.db.models import Prefetch
from rest_framework import mixins, permissions, viewsets

from accounts.access import get_for_user

from ..models import ActionStep, DesiredOutcome, WorkplanArea
from ..services.workplan import may_follow_up_workplan, update_action_step
from .serializers import ActionStepSerializer, WorkplanAreaSerializer


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
