"""REST API routes of the cooperation app, mounted under /api/v1/."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("offers", views.OfferViewSet, basename="offer")
router.register("demands", views.DemandViewSet, basename="demand")
router.register("matches", views.MatchViewSet, basename="match")
router.register("member-states", views.MemberStateViewSet, basename="member-state")

urlpatterns = router.urls
