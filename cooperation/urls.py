"""Pages of the cooperation app: the work plan, CooperaNet and the regional
cooperation database."""

from django.urls import path

from . import activity_views, practice_views, profile_views, views

app_name = "cooperation"

urlpatterns = [
    path("workplan/", views.workplan_overview, name="workplan"),
    path("workplan/<int:area_number>/", views.workplan_area, name="workplan-area"),
    path(
        "workplan/<int:area_number>/steps/<str:step_number>/",
        views.workplan_step,
        name="workplan-step",
    ),
    path("cooperanet/", views.cooperanet_overview, name="overview"),
    path("activities/", activity_views.activity_list, name="activity-list"),
    path(
        "activities/<int:pk>/", activity_views.activity_detail, name="activity-detail"
    ),
    path("activities/import/", activity_views.import_upload, name="activity-import"),
    path(
        "activities/import/<int:pk>/",
        activity_views.import_job,
        name="activity-import-job",
    ),
    path(
        "activities/import/<int:pk>/report/",
        activity_views.import_report,
        name="activity-import-report",
    ),
    path("landscape/", activity_views.landscape, name="landscape"),
    path("good-practices/", practice_views.practice_list, name="practice-list"),
    path("good-practices/new/", practice_views.practice_create, name="practice-create"),
    path(
        "good-practices/<int:pk>/",
        practice_views.practice_detail,
        name="practice-detail",
    ),
    path(
        "good-practices/<int:pk>/edit/",
        practice_views.practice_edit,
        name="practice-edit",
    ),
    path(
        "good-practices/<int:pk>/<str:transition>/",
        practice_views.practice_transition,
        name="practice-transition",
    ),
    path("countries/", profile_views.profile_list, name="profile-list"),
    path("countries/<str:iso3>/", profile_views.profile_detail, name="profile-detail"),
    path("countries/<str:iso3>/edit/", profile_views.profile_edit, name="profile-edit"),
]
