"""Pages of the cooperation app: the work plan, CooperaNet and the regional
cooperation database."""

from django.urls import path

from . import views

app_name = "cooperation"

urlpatterns = [
    path("workplan/", views.workplan_overview, name="workplan"),
    path("workplan/<int:area_number>/", views.workplan_area, name="workplan-area"),
    path(
        "workplan/<int:area_number>/steps/<str:step_number>/",
        views.workplan_step,
        name="workplan-step",
    ),
    path("cooperanet/", views.cooperanet_overview, name="overview"),
]
