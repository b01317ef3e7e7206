"""REST API routes of the scholarships app, mounted under /api/v1/."""

urlpatterns: list = []
