"""REST API routes of the ministerials app, mounted under /api/v1/."""

urlpatterns: list = []
