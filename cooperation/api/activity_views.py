"""REST API of the regional cooperation database: activities (with IATI XML,
CSV and XLSX exports of any filtered list), good practices and country
profiles. Every queryset is ``visible_to(request.user)``."""

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.pagination import CursorPagination

from ..activity_exports import csv_response, xlsx_response
from ..activity_filters import ActivityFilter, CountryProfileFilter, GoodPracticeFilter
from ..iati_writer import export_queryset, iter_iati_xml
from ..models import Activity, CountryProfile, GoodPractice
from .activity_serializers import (
    ActivityDetailSerializer,
    ActivitySerializer,
    CountryProfileSerializer,
    GoodPracticeSerializer,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ActivityPagination(CursorPagination):
    # Activities grow to hundreds of thousands: no COUNT(*) on each page.
    ordering = "-pk"
    page_size = 50


class ActivityViewSet(viewsets.ReadOnlyModelViewSet):
    """Activities, filtered like the list page. Read-only: activities arrive
    by import or through the services."""

    filterset_class = ActivityFilter
    pagination_class = ActivityPagination

    def get_queryset(self):
        queryset = Activity.objects.visible_to(self.request.user)
        if self.action == "retrieve":
            return queryset.prefetch_related(
                "recipient_countries",
                "sectors",
                "participating_orgs",
                "budgets",
                "transactions",
            )
        return queryset.prefetch_related("recipient_countries", "sectors")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return ActivityDetailSerializer
        return ActivitySerializer

    def _filtered(self):
        return self.filter_queryset(Activity.objects.visible_to(self.request.user))

    @extend_schema(
        filters=True,
        responses={(200, "application/xml"): OpenApiTypes.BINARY},
    )
    def iati_xml(self, request):
        """The filtered activities as an IATI 2.03 file, streamed."""
        activities = export_queryset(self._filtered()).iterator(chunk_size=500)
        response = StreamingHttpResponse(
            iter_iati_xml(activities), content_type="application/xml"
        )
        response["Content-Disposition"] = 'attachment; filename="activities.xml"'
        return response

    @extend_schema(filters=True, responses={(200, "text/csv"): OpenApiTypes.BINARY})
    def export_csv(self, request):
        return csv_response(self._filtered(), "activities.csv")

    @extend_schema(filters=True, responses={(200, XLSX): OpenApiTypes.BINARY})
    def export_xlsx(self, request):
        return xlsx_response(self._filtered(), "activities.xlsx")


class GoodPracticeViewSet(viewsets.ReadOnlyModelViewSet):
    """Good practices: the published ones, and a country's own for its focal
    points."""

    serializer_class = GoodPracticeSerializer
    filterset_class = GoodPracticeFilter

    def get_queryset(self):
        return (
            GoodPractice.objects.visible_to(self.request.user)
            .select_related("country")
            .prefetch_related("sectors", "sdg_goals")
        )


class CountryProfileViewSet(viewsets.ReadOnlyModelViewSet):
    """Country profiles, public, looked up by ISO alpha-3 code."""

    serializer_class = CountryProfileSerializer
    filterset_class = CountryProfileFilter
    lookup_field = "state__iso3"
    lookup_url_kwarg = "iso3"

    def get_queryset(self):
        return (
            CountryProfile.objects.visible_to(self.request.user)
            .select_related("state", "agency")
            .prefetch_related("offered_sectors", "sought_sectors")
        )
