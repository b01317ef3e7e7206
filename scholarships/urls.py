"""Pages of the scholarships app."""

from django.urls import path

from . import views

app_name = "scholarships"

urlpatterns = [
    path("", views.overview, name="overview"),
]
