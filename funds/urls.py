"""Pages of the funds app."""

from django.urls import path

from . import views

app_name = "funds"

urlpatterns = [
    path("", views.overview, name="overview"),
]
