"""REST API routes of the funds app, mounted under /api/v1/."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("funds", views.FundViewSet, basename="fund")
router.register("fund-cycles", views.CycleViewSet, basename="fund-cycle")
router.register("fund-proposals", views.ProposalViewSet, basename="fund-proposal")
router.register(
    "fund-contributions", views.ContributionViewSet, basename="fund-contribution"
)
router.register("fund-ledger", views.LedgerEntryViewSet, basename="fund-ledger-entry")

urlpatterns = router.urls
