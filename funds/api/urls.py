"""REST API routes of the funds app, mounted under /api/v1/."""

urlpatterns: list = []
