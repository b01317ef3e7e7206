"""REST API routes of the cooperation app, mounted under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views
from .activity_views import ActivityViewSet, CountryProfileViewSet, GoodPracticeViewSet

router = SimpleRouter()
router.register("workplan", views.WorkplanAreaViewSet, basename="workplan-area")
router.register("workplan-steps", views.ActionStepViewSet, basename="workplan-step")
router.register("activities", ActivityViewSet, basename="activity")
router.register("good-practices", GoodPracticeViewSet, basename="good-practice")
router.register("country-profiles", CountryProfileViewSet, basename="country-profile")
router.register("offers", views.OfferViewSet, basename="offer")
router.register("demands", views.DemandViewSet, basename="demand")
router.register("matches", views.MatchViewSet, basename="match")
router.register("member-states", views.MemberStateViewSet, basename="member-state")

urlpatterns: list = [
    path(
        "activities/iati.xml",
        ActivityViewSet.as_view({"get": "iati_xml"}),
        name="activity-iati-xml",
    ),
    path(
        "activities/export.csv",
        ActivityViewSet.as_view({"get": "export_csv"}),
        name="activity-export-csv",
    ),
    path(
        "activities/export.xlsx",
        ActivityViewSet.as_view({"get": "export_xlsx"}),
        name="activity-export-xlsx",
    ),
    *router.urls,
]
