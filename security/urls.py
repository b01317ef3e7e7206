"""Pages of the security app."""

from django.urls import path

from . import views

app_name = "security"

urlpatterns = [
    path("audit/", views.audit_search, name="audit"),
    path("audit/<str:label>/<int:pk>/", views.record_history, name="record-history"),
]
