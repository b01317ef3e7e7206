"""Cross-area pages."""

from django.shortcuts import render


def home(request):
    """The portal's front page: the six areas of work."""
    return render(request, "home.html")


def area_placeholder(request, *, area_title, workplan_area):
    """The landing page of an area whose records are not in the portal yet,
    pointing at its part of the work plan."""
    context = {"area_title": area_title, "workplan_area": workplan_area}
    return render(request, "area_placeholder.html", context)
