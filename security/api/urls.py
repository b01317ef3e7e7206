"""REST API routes of the security app, mounted under /api/v1/."""

from django.urls import path

from . import views

urlpatterns = [
    path("audit/changes/", views.AuditChangeList.as_view(), name="audit-changes"),
]
