"""The roles a user can hold in the portal."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    NATIONAL_FOCAL_POINT = "national_focal_point", _("National focal point")
    MISSION_FOCAL_POINT = "mission_focal_point", _("Mission focal point")
    IACD_STAFF = "iacd_staff", _("IACD staff")
    FUND_MANAGER = "fund_manager", _("Fund manager")
    REVIEWER = "reviewer", _("Reviewer")
    PARTNER_REPRESENTATIVE = "partner_representative", _("Partner representative")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles that act for one member state and must name it.
COUNTRY_ROLES = frozenset({Role.NATIONAL_FOCAL_POINT, Role.MISSION_FOCAL_POINT})
# Roles that act for one organisation and must name it.
ORGANISATION_ROLES = frozenset({Role.PARTNER_REPRESENTATIVE})
