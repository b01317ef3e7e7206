"""Pages of the cooperation app: the work plan, CooperaNet and the regional
cooperation database."""

from django.urls import path

from . import activity_views, practice_views, profile_views, views
from . import cooperanet_views as cooperanet

app_name = "cooperation"

urlpatterns = [
    path("workplan/", views.workplan_overview, name="workplan"),
    path("workplan/<int:area_number>/", views.workplan_area, name="workplan-area"),
    path(
        "workplan/<int:area_number>/steps/<str:step_number>/",
        views.workplan_step,
        name="workplan-step",
    ),
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
    path("cooperanet/", cooperanet.catalogue, name="overview"),
    path(
        "cooperanet/export/<str:file_format>/",
        cooperanet.catalogue_export,
        name="catalogue-export",
    ),
    path(
        "cooperanet/new/<str:kind>/", cooperanet.posting_create, name="posting-create"
    ),
    path("cooperanet/<int:pk>/", cooperanet.posting_detail, name="posting-detail"),
    path(
        "cooperanet/records/<uuid:lineage>/",
        cooperanet.posting_by_lineage,
        name="posting-lineage",
    ),
    path("cooperanet/<int:pk>/edit/", cooperanet.posting_edit, name="posting-edit"),
    path(
        "cooperanet/<int:pk>/do/<str:action>/",
        cooperanet.posting_transition,
        name="posting-transition",
    ),
    path(
        "cooperanet/<int:pk>/complete/",
        cooperanet.posting_complete,
        name="posting-complete",
    ),
    path(
        "cooperanet/<int:pk>/comment/",
        cooperanet.posting_comment,
        name="posting-comment",
    ),
    path(
        "cooperanet/<int:pk>/new-version/",
        cooperanet.posting_new_version,
        name="posting-new-version",
    ),
    path(
        "cooperanet/<int:pk>/interest/<int:other_pk>/",
        cooperanet.posting_interest,
        name="posting-interest",
    ),
    path(
        "cooperanet/<int:pk>/attachments/",
        cooperanet.attachment_upload,
        name="attachment-upload",
    ),
    path(
        "cooperanet/attachments/<int:pk>/",
        cooperanet.attachment_download,
        name="attachment-download",
    ),
    path(
        "cooperanet/attachments/<int:pk>/delete/",
        cooperanet.attachment_delete,
        name="attachment-delete",
    ),
    path("cooperanet/vetting/", cooperanet.vetting_queue, name="vetting"),
    path(
        "cooperanet/organisations/<int:pk>/verify/",
        cooperanet.organisation_verify,
        name="organisation-verify",
    ),
    path(
        "cooperanet/focal-points/",
        cooperanet.focal_points_overview,
        name="focal-points",
    ),
    path(
        "cooperanet/focal-points/invite/",
        cooperanet.focal_point_invite,
        name="focal-point-invite",
    ),
    path(
        "cooperanet/focal-points/<str:iso3>/",
        cooperanet.focal_points_country,
        name="focal-points-country",
    ),
    path(
        "cooperanet/invitations/<str:token>/",
        cooperanet.invitation_accept,
        name="invitation-accept",
    ),
]
