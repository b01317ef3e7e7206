"""Pages of the ministerials app."""

from django.urls import path

from . import views

app_name = "ministerials"

urlpatterns = [
    path("", views.overview, name="overview"),
]
