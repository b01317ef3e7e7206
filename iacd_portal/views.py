"""Cross-area pages."""

from django.shortcuts import render


def home(request):
    """The portal's front page: the six areas of work."""
    return render(request, "home.html")
