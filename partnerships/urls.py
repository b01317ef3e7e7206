"""Pages of the partnerships app."""

from django.urls import path

from . import views

app_name = "partnerships"

urlpatterns = [
    path("", views.overview, name="overview"),
]
