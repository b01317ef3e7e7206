"""REST API routes of the partnerships app, mounted under /api/v1/."""

urlpatterns: list = []
