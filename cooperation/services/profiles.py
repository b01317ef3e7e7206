"""Changes of country profiles: a country's focal points and IACD staff keep
its expertise and SWOT up to date."""

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import access_for

from ..models import CountryProfile

logger = logging.getLogger(__name__)

PROFILE_FIELDS = (
    "agency",
    "offered_expertise",
    "sought_expertise",
    "strengths",
    "weaknesses",
    "opportunities",
    "threats",
)


def may_edit_profile(user, state) -> bool:
    """The country's focal points and staff keep its profile."""
    return access_for(user).may_act_for(state.pk)


def profile_of(state) -> CountryProfile:
    """The profile of ``state``, an empty unsaved one when none exists yet."""
    try:
        return state.profile
    except CountryProfile.DoesNotExist:
        return CountryProfile(state=state)


@transaction.atomic
def update_profile(
    *, actor, state, values: dict, offered_sectors=None, sought_sectors=None
) -> CountryProfile:
    """Save the profile of ``state`` (creating it the first time)."""
    if not may_edit_profile(actor, state):
        raise PermissionDenied(_("You may not change this country's profile."))
    unknown = set(values) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not profile fields: {', '.join(sorted(unknown))}")
    profile, _created = CountryProfile.objects.select_for_update().get_or_create(
        state=state
    )
    for field, value in values.items():
        setattr(profile, field, value)
    profile.updated_by = actor
    profile.updated_at = timezone.now()
    profile.full_clean()
    profile.save()
    if offered_sectors is not None:
        profile.offered_sectors.set(offered_sectors)
    if sought_sectors is not None:
        profile.sought_sectors.set(sought_sectors)
    logger.info(
        "Country profile updated", extra={"state_id": state.pk, "user_id": actor.pk}
    )
    return profile
