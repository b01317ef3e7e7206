"""REST API routes of the cooperation app, mounted under /api/v1/."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("workplan", views.WorkplanAreaViewSet, basename="workplan-area")
router.register("workplan-steps", views.ActionStepViewSet, basename="workplan-step")

urlpatterns = router.urls
