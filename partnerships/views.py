"""Pages of the partnerships app."""

from django.shortcuts import render


def overview(request):
    """The area's landing page; its records arrive with their issue."""
    return render(request, "partnerships/overview.html")
