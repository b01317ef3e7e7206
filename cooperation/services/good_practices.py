"""Changes of state of good practices: a focal point writes and submits one
for their country; IACD staff publish it, return it with comments or reject
it. Every transition is recorded in ``GoodPracticeEvent``."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import access_for

from ..models import GoodPractice, GoodPracticeEvent, PracticeStatus

logger = logging.getLogger(__name__)

EDITABLE_STATUSES = {PracticeStatus.DRAFT, PracticeStatus.RETURNED}


def may_edit_practice(user, practice: GoodPractice) -> bool:
    """The country's focal points (while draft or returned) and staff."""
    access = access_for(user)
    if access.is_staff_member:
        return True
    return access.may_act_for(practice.country_id) and (
        practice.status in EDITABLE_STATUSES
    )


def _locked(practice: GoodPractice) -> GoodPractice:
    """The practice re-read under a row lock, so that two people acting at
    once see each other's transition."""
    return GoodPractice.objects.select_for_update().get(pk=practice.pk)


def _move(actor, practice, to_status, comment="") -> GoodPractice:
    from_status = practice.status
    practice.status = to_status
    GoodPracticeEvent.objects.create(
        practice=practice,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
    )
    logger.info(
        "Good practice %s → %s",
        from_status,
        to_status,
        extra={"practice_id": practice.pk, "user_id": actor.pk},
    )
    return practice


@transaction.atomic
def create_practice(*, actor, country, values: dict, sectors=(), sdg_goals=()):
    """A new draft good practice of ``country``, written by ``actor``."""
    access = access_for(actor)
    if not (access.is_staff_member or country.pk in access.editable_country_ids):
        raise PermissionDenied(_("You may not write good practices for this country."))
    practice = GoodPractice(country=country, created_by=actor, **values)
    practice.full_clean()
    practice.save()
    practice.sectors.set(sectors)
    practice.sdg_goals.set(sdg_goals)
    return practice


@transaction.atomic
def update_practice(*, actor, practice, values: dict, sectors=None, sdg_goals=None):
    """Change the texts of a practice still in the hands of its country."""
    if not may_edit_practice(actor, practice):
        raise PermissionDenied(_("This good practice cannot be changed now."))
    for field, value in values.items():
        setattr(practice, field, value)
    practice.full_clean()
    practice.save()
    if sectors is not None:
        practice.sectors.set(sectors)
    if sdg_goals is not None:
        practice.sdg_goals.set(sdg_goals)
    return practice


@transaction.atomic
def submit_practice(*, actor, practice: GoodPractice) -> GoodPractice:
    """Send a draft or returned practice to IACD staff for vetting."""
    practice = _locked(practice)
    if not may_edit_practice(actor, practice):
        raise PermissionDenied(_("You may not submit this good practice."))
    if practice.status not in EDITABLE_STATUSES:
        raise ValidationError(_("Only a draft or returned practice can be submitted."))
    practice = _move(actor, practice, PracticeStatus.SUBMITTED)
    practice.submitted_at = timezone.now()
    practice.save(update_fields=["status", "submitted_at"])
    return practice


def _review(actor, practice, to_status, comment="") -> GoodPractice:
    if not access_for(actor).is_staff_member:
        raise PermissionDenied(_("Only IACD staff vet good practices."))
    practice = _locked(practice)
    if practice.status != PracticeStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted practice can be vetted."))
    practice = _move(actor, practice, to_status, comment)
    practice.reviewed_by = actor
    practice.review_comment = comment
    fields = ["status", "reviewed_by", "review_comment"]
    if to_status == PracticeStatus.PUBLISHED:
        practice.published_at = timezone.now()
        fields.append("published_at")
    practice.save(update_fields=fields)
    return practice


@transaction.atomic
def publish_practice(*, actor, practice: GoodPractice) -> GoodPractice:
    """Publish a submitted practice in the public library."""
    return _review(actor, practice, PracticeStatus.PUBLISHED)


@transaction.atomic
def return_practice(*, actor, practice: GoodPractice, comment: str) -> GoodPractice:
    """Send a submitted practice back to its country with comments."""
    if not comment.strip():
        raise ValidationError({"comment": _("Say what should change.")})
    return _review(actor, practice, PracticeStatus.RETURNED, comment)


@transaction.atomic
def reject_practice(*, actor, practice: GoodPractice, comment: str) -> GoodPractice:
    """Refuse a submitted practice."""
    return _review(actor, practice, PracticeStatus.REJECTED, comment)
