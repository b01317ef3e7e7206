"""Pages of the partnerships app."""

from django.utils.translation import gettext_lazy as _

from iacd_portal.views import area_placeholder


def overview(request):
    """The area's landing page; its records arrive with their issue."""
    return area_placeholder(
        request, area_title=_("Multi-stakeholder partnerships"), workplan_area=6
    )
