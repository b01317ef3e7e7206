"""Pages of the funds app."""

from django.urls import path

from .views import ledger, proposals

app_name = "funds"

urlpatterns = [
    path("", ledger.overview, name="overview"),
    path("icr/", ledger.icr_comparison, name="icr-comparison"),
    path("fund/<slug:code>/", ledger.fund_detail, name="fund-detail"),
    path("fund/<slug:code>/icr/", ledger.set_icr_rate, name="fund-set-icr"),
    path("fund/<slug:code>/statement/", ledger.fund_statement, name="fund-statement"),
    path("entries/<int:pk>/reverse/", ledger.reverse_entry, name="entry-reverse"),
    path("contributions/", ledger.contribution_list, name="contribution-list"),
    path("contributions/new/", ledger.contribution_create, name="contribution-create"),
    path(
        "contributions/<int:pk>/",
        ledger.contribution_detail,
        name="contribution-detail",
    ),
    path(
        "statements/<str:kind>/<str:key>/",
        ledger.contributor_statement,
        name="contributor-statement",
    ),
    path("cycles/", proposals.cycle_list, name="cycle-list"),
    path("cycles/new/", proposals.cycle_create, name="cycle-create"),
    path("cycles/<int:pk>/", proposals.cycle_detail, name="cycle-detail"),
    path(
        "cycles/<int:cycle_pk>/propose/",
        proposals.proposal_create,
        name="proposal-create",
    ),
    path("proposals/", proposals.proposal_list, name="proposal-list"),
    path("proposals/<int:pk>/", proposals.proposal_detail, name="proposal-detail"),
    path("proposals/<int:pk>/edit/", proposals.proposal_edit, name="proposal-edit"),
    path("proposals/<int:pk>/amend/", proposals.proposal_amend, name="proposal-amend"),
    path(
        "proposals/<int:pk>/attach/",
        proposals.attachment_upload,
        name="proposal-attach",
    ),
    path(
        "attachments/<int:pk>/",
        proposals.attachment_download,
        name="attachment-download",
    ),
    path(
        "proposals/<int:pk>/<slug:action>/",
        proposals.proposal_action,
        name="proposal-action",
    ),
    path("tranches/<int:pk>/disburse/", proposals.disburse, name="tranche-disburse"),
    path(
        "reports/<int:pk>/received/",
        proposals.report_received,
        name="report-received",
    ),
    path("reviews/", proposals.review_list, name="review-list"),
    path("reviews/<int:pk>/", proposals.review_detail, name="review-detail"),
]
