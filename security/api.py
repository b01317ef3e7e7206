"""REST API routes of the security app, mounted under /api/v1/."""

urlpatterns: list = []
