"""Cross-area pages."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults


def home(request):
    """The portal's front page: the six areas of work."""
    return render(request, "home.html")


def area_placeholder(request, *, area_title, workplan_area):
    """The landing page of an area whose records are not in the portal yet,
    pointing at its part of the work plan."""
    context = {"area_title": area_title, "workplan_area": workplan_area}
    return render(request, "area_placeholder.html", context)


def not_found(request, exception):
    """Not found: the API answers in JSON (as its views do) even for a URL
    that matches no route, e.g. a code with a dot; pages get the HTML page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)
