"""Changes of state of CooperaNet offers and demands.

Every function takes the acting user as ``actor``, checks that the actor may
do it (``PermissionDenied``), validates (``ValidationError`` with a
translated message), runs in one transaction, records a ``PostingEvent``
and queues follow-up work with ``transaction.on_commit``.

Who may do what:

- the posting's own focal points (or partner representatives of its
  organisation) and staff create and edit drafts, submit, withdraw, draft a
  new version, express interest, start and complete;
- only IACD staff return, publish and reject (vetting).
"""

import hashlib
import logging
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.access import access_for, forget_access
from accounts.models import RoleMembership, User
from accounts.roles import Role

from ..models import (
    Connection,
    FocalPointInvitation,
    Match,
    MatchNotice,
    Posting,
    PostingAttachment,
    PostingEvent,
    PostingKind,
    PostingState,
)
from ..models.cooperanet import EDITABLE_STATES, describe_reasons

logger = logging.getLogger(__name__)

Action = PostingEvent.Action
M2M_FIELDS = ("sectors", "sdg_goals", "sdg_targets", "partner_countries")
CONTENT_FIELDS = (
    "title",
    "description",
    "language",
    "modality",
    "subregions",
    "working_languages",
    "start_date",
    "end_date",
    "duration_months",
    "estimated_value",
    "currency",
    "contact_name",
    "contact_email",
    "contact_phone",
)
# A withdrawal is possible from any state before the work is completed.
WITHDRAWABLE_STATES = frozenset(
    {
        PostingState.DRAFT,
        PostingState.SUBMITTED,
        PostingState.RETURNED,
        PostingState.PUBLISHED,
        PostingState.MATCHED,
        PostingState.IN_PROGRESS,
    }
)
# Scores from this value up are "strong": both sides are told of them.
STRONG_MATCH_SCORE = 60
INVITATION_LIFETIME = timedelta(days=14)


# Permissions ----------------------------------------------------------------


def is_vetting_staff(user) -> bool:
    """IACD staff and administrators vet, return, publish and reject."""
    return access_for(user).is_staff_member


def may_edit_posting(user, posting: Posting) -> bool:
    """Whether ``user`` acts for the posting's owner (or is staff)."""
    return access_for(user).may_act_for(posting.country_id, posting.organisation_id)


def may_post(user) -> bool:
    """Whether ``user`` may create offers and demands at all."""
    access = access_for(user)
    return bool(
        access.is_staff_member or access.editable_country_ids or access.organisation_ids
    )


def _require_owner(actor, posting: Posting) -> None:
    if not may_edit_posting(actor, posting):
        raise PermissionDenied(
            _("Only the posting's focal points or staff may do this.")
        )


def _require_staff(actor) -> None:
    if not is_vetting_staff(actor):
        raise PermissionDenied(_("Only IACD staff may vet offers and demands."))


def _check_owner_allowed(actor, country, organisation) -> None:
    access = access_for(actor)
    if access.is_staff_member:
        return
    if country is not None and country.pk in access.editable_country_ids:
        return
    if (
        country is None
        and organisation is not None
        and organisation.pk in access.organisation_ids
    ):
        return
    raise PermissionDenied(_("You may post only for your own country or organisation."))


# Life cycle -----------------------------------------------------------------


def _locked(posting: Posting) -> Posting:
    return Posting.objects.select_for_update().get(pk=posting.pk)


def _record(posting, actor, action, from_state="", comment="") -> PostingEvent:
    return PostingEvent.objects.create(
        posting=posting,
        action=action,
        from_state=from_state,
        to_state=posting.state,
        actor=actor,
        comment=comment,
    )


def _move(posting, actor, action, to_state, allowed_from, comment="", **stamps):
    """Move a locked posting to ``to_state`` and record it."""
    if posting.state not in allowed_from:
        raise ValidationError(
            _("This cannot be done while the record is “%(state)s”.")
            % {"state": posting.get_state_display()}
        )
    from_state = posting.state
    posting.state = to_state
    for field, value in stamps.items():
        setattr(posting, field, value)
    posting.save(update_fields=["state", "updated_at", *stamps])
    event = _record(posting, actor, action, from_state, comment)
    logger.info(
        "Posting %s",
        action,
        extra={"posting_id": posting.pk, "user_id": getattr(actor, "pk", None)},
    )
    return event


def _apply_content(posting: Posting, values: dict) -> dict:
    """Set content fields on ``posting``; return the many-to-many values."""
    related = {}
    for name, value in values.items():
        if name in M2M_FIELDS:
            related[name] = value
        elif name in CONTENT_FIELDS:
            setattr(posting, name, value)
        else:
            raise ValueError(f"Not a content field of a posting: {name}")
    posting.full_clean(exclude=["country", "organisation", "focal_point", *M2M_FIELDS])
    return related


@transaction.atomic
def create_posting(
    *, actor, kind: str, country=None, organisation=None, values: dict
) -> Posting:
    """Create a draft offer or demand for ``country`` (or ``organisation``)."""
    _check_owner_allowed(actor, country, organisation)
    if country is None and organisation is None:
        # Staff may post for anyone, so nothing names the owner for them.
        raise ValidationError(
            {"country": _("Name the member state this record is posted for.")}
        )
    posting = Posting(
        kind=PostingKind(kind),
        country=country,
        organisation=organisation if country is None else None,
        focal_point=actor,
        created_by=actor,
    )
    related = _apply_content(posting, values)
    posting.save()
    for name, items in related.items():
        getattr(posting, name).set(items)
    posting.refresh_search_vector()
    _record(posting, actor, Action.CREATED)
    return posting


@transaction.atomic
def update_posting(*, actor, posting: Posting, values: dict) -> Posting:
    """Change the content of a draft (or of a record returned with comments)."""
    _require_owner(actor, posting)
    posting = _locked(posting)
    if posting.state not in EDITABLE_STATES:
        raise ValidationError(
            _(
                "A record that is submitted or published cannot be edited; "
                "draft a new version instead."
            )
        )
    related = _apply_content(posting, values)
    posting.save()
    for name, items in related.items():
        getattr(posting, name).set(items)
    posting.refresh_search_vector()
    _record(posting, actor, Action.EDITED, posting.state)
    return posting


@transaction.atomic
def submit_posting(*, actor, posting: Posting, comment: str = "") -> Posting:
    """Send a draft (or a returned record) to staff for vetting."""
    _require_owner(actor, posting)
    posting = _locked(posting)
    missing = posting.missing_for_submission()
    if missing:
        raise ValidationError(
            _("Complete these fields before submitting: %(fields)s.")
            % {"fields": ", ".join(missing)}
        )
    if (
        posting.country_id is None
        and posting.organisation
        and not posting.organisation.is_verified
    ):
        raise ValidationError(
            _("Your organisation must be verified by IACD staff before it posts.")
        )
    _move(
        posting,
        actor,
        Action.SUBMITTED,
        PostingState.SUBMITTED,
        EDITABLE_STATES,
        comment,
        submitted_at=timezone.now(),
    )
    return posting


@transaction.atomic
def return_posting(*, actor, posting: Posting, comment: str) -> Posting:
    """Staff send a submitted record back to its focal points with comments."""
    _require_staff(actor)
    if not comment.strip():
        raise ValidationError(
            {"comment": _("Say what should change before returning the record.")}
        )
    posting = _locked(posting)
    _move(
        posting,
        actor,
        Action.RETURNED,
        PostingState.RETURNED,
        {PostingState.SUBMITTED},
        comment,
    )
    return posting


@transaction.atomic
def reject_posting(*, actor, posting: Posting, comment: str) -> Posting:
    """Staff refuse a submitted record, saying why."""
    _require_staff(actor)
    if not comment.strip():
        raise ValidationError({"comment": _("Give the reason for the rejection.")})
    posting = _locked(posting)
    _move(
        posting,
        actor,
        Action.REJECTED,
        PostingState.REJECTED,
        {PostingState.SUBMITTED},
        comment,
    )
    return posting


@transaction.atomic
def publish_posting(*, actor, posting: Posting, comment: str = "") -> Posting:
    """Staff publish a submitted record. A new version replaces the version
    it was drafted from, which stays readable as superseded; connections
    move to the new version, and matches are recomputed after commit."""
    _require_staff(actor)
    posting = _locked(posting)
    _move(
        posting,
        actor,
        Action.PUBLISHED,
        PostingState.PUBLISHED,
        {PostingState.SUBMITTED},
        comment,
        published_at=timezone.now(),
    )

    previous = posting.previous_version
    if previous is not None:
        previous = _locked(previous)
        if previous.state not in {PostingState.WITHDRAWN, PostingState.SUPERSEDED}:
            _move(
                previous,
                actor,
                Action.SUPERSEDED,
                PostingState.SUPERSEDED,
                {previous.state},
            )
        field = "offer" if posting.kind == PostingKind.OFFER else "demand"
        Connection.objects.filter(**{field: previous}).update(**{field: posting})
        Match.objects.filter(**{field: previous}).delete()

    from ..tasks import recompute_matches

    posting_id = posting.pk
    transaction.on_commit(lambda: recompute_matches.delay([posting_id]))
    return posting


@transaction.atomic
def withdraw_posting(*, actor, posting: Posting, comment: str = "") -> Posting:
    """The owner (or staff) takes a record back, from any state before
    completion. Its matches are removed."""
    _require_owner(actor, posting)
    posting = _locked(posting)
    _move(
        posting,
        actor,
        Action.WITHDRAWN,
        PostingState.WITHDRAWN,
        WITHDRAWABLE_STATES,
        comment,
    )
    Match.objects.filter(offer=posting).delete()
    Match.objects.filter(demand=posting).delete()
    return posting


@transaction.atomic
def start_posting(*, actor, posting: Posting, comment: str = "") -> Posting:
    """A matched record's cooperation has begun."""
    _require_owner(actor, posting)
    posting = _locked(posting)
    _move(
        posting,
        actor,
        Action.STARTED,
        PostingState.IN_PROGRESS,
        {PostingState.MATCHED},
        comment,
    )
    return posting


@transaction.atomic
def complete_posting(*, actor, posting: Posting, results: str) -> Posting:
    """The cooperation is done; ``results`` may later become a good practice."""
    _require_owner(actor, posting)
    if not results.strip():
        raise ValidationError({"results": _("Describe the results achieved.")})
    posting = _locked(posting)
    _move(
        posting,
        actor,
        Action.COMPLETED,
        PostingState.COMPLETED,
        {PostingState.IN_PROGRESS},
        results,
        results=results,
    )
    return posting


@transaction.atomic
def comment_on_posting(*, actor, posting: Posting, comment: str) -> PostingEvent:
    """Add to the comment thread staff and focal points share while vetting."""
    if not (is_vetting_staff(actor) or may_edit_posting(actor, posting)):
        raise PermissionDenied(
            _("Only the posting's focal points or staff may comment.")
        )
    if not comment.strip():
        raise ValidationError({"comment": _("Write a comment.")})
    return _record(posting, actor, Action.COMMENTED, posting.state, comment)


@transaction.atomic
def draft_new_version(*, actor, posting: Posting) -> Posting:
    """Copy a published record into a new draft version, which staff vet
    again; the published version stays as it is until then."""
    _require_owner(actor, posting)
    posting = _locked(posting)
    if posting.state != PostingState.PUBLISHED:
        raise ValidationError(_("Only a published record gets a new version."))
    existing = Posting.objects.filter(previous_version=posting).first()
    if existing is not None:
        return existing

    related = {name: list(getattr(posting, name).all()) for name in M2M_FIELDS}
    attachments = list(posting.attachments.all())
    copy = Posting.objects.get(pk=posting.pk)
    copy.pk = None
    copy.id = None
    copy.state = PostingState.DRAFT
    copy.version = posting.version + 1
    copy.previous_version = posting
    copy.submitted_at = None
    copy.published_at = None
    copy.created_by = actor
    copy.save()
    for name, items in related.items():
        getattr(copy, name).set(items)
    # The files themselves are never changed, so versions share them.
    PostingAttachment.objects.bulk_create(
        PostingAttachment(
            posting=copy,
            file=attachment.file.name,
            original_name=attachment.original_name,
            content_type=attachment.content_type,
            size=attachment.size,
            uploaded_by=attachment.uploaded_by,
        )
        for attachment in attachments
    )
    copy.refresh_search_vector()
    _record(copy, actor, Action.NEW_VERSION)
    return copy


# Attachments ----------------------------------------------------------------


@transaction.atomic
def attach_file(*, actor, posting: Posting, upload: UploadedFile) -> PostingAttachment:
    """Attach a file to a draft, after checking its content (see
    ``cooperation.uploads``)."""
    from ..uploads import check_upload

    _require_owner(actor, posting)
    if posting.state not in EDITABLE_STATES:
        raise ValidationError(_("Files are attached while the record is a draft."))
    content_type = check_upload(upload)
    return PostingAttachment.objects.create(
        posting=posting,
        file=upload,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )


@transaction.atomic
def remove_attachment(*, actor, attachment: PostingAttachment) -> None:
    """Remove a file from a draft (the file stays if an older version uses it)."""
    _require_owner(actor, attachment.posting)
    if attachment.posting.state not in EDITABLE_STATES:
        raise ValidationError(_("Files are removed while the record is a draft."))
    attachment.delete()


# Interest, connections --------------------------------------------------------


def _pair(own: Posting, other: Posting) -> tuple[Posting, Posting]:
    if own.kind == other.kind:
        raise ValidationError(
            _("An offer connects with a demand, not with another %(kind)s.")
            % {"kind": own.get_kind_display().lower()}
        )
    return (own, other) if own.kind == PostingKind.OFFER else (other, own)


@transaction.atomic
def express_interest(*, actor, own: Posting, other: Posting) -> Connection:
    """The owner of ``own`` says it wants to work with ``other``. This opens
    (or completes) a connection; when both sides have agreed, both records
    become matched."""
    _require_owner(actor, own)
    offer, demand = _pair(own, other)
    offer, demand = (
        Posting.objects.select_for_update().get(pk=offer.pk),
        Posting.objects.select_for_update().get(pk=demand.pk),
    )
    for posting in (offer, demand):
        if posting.state not in {PostingState.PUBLISHED, PostingState.MATCHED}:
            raise ValidationError(_("Both records must be published."))

    connection, _created = Connection.objects.select_for_update().get_or_create(
        offer=offer, demand=demand
    )
    now = timezone.now()
    side = "offer" if own.kind == PostingKind.OFFER else "demand"
    if getattr(connection, f"{side}_agreed_at") is None:
        setattr(connection, f"{side}_agreed_at", now)
        setattr(connection, f"{side}_agreed_by", actor)
        connection.save()
        _record(
            own,
            actor,
            Action.COMMENTED,
            own.state,
            _("Interest expressed in “%(title)s”.") % {"title": other.title},
        )

    if connection.is_agreed:
        for posting in (offer, demand):
            if posting.state == PostingState.PUBLISHED:
                _move(
                    posting,
                    actor,
                    Action.MATCHED,
                    PostingState.MATCHED,
                    {PostingState.PUBLISHED},
                )
    return connection


# Notifications --------------------------------------------------------------


def _focal_point_users(posting: Posting) -> list[User]:
    """The people who act for the posting's owner."""
    memberships = RoleMembership.objects.filter(user__is_active=True)
    if posting.country_id:
        memberships = memberships.filter(
            country_id=posting.country_id,
            role__in=[Role.NATIONAL_FOCAL_POINT, Role.MISSION_FOCAL_POINT],
        )
    else:
        memberships = memberships.filter(organisation_id=posting.organisation_id)
    users = {membership.user for membership in memberships.select_related("user")}
    if posting.focal_point_id and posting.focal_point.is_active:
        users.add(posting.focal_point)
    return sorted(users, key=lambda user: user.pk)


def notify_new_match(match: Match) -> bool:
    """Tell the focal points of both sides of a strong match, once per pair of
    lineages. Returns whether they were told now.

    The unique ``MatchNotice`` row is written first, in the caller's
    transaction, so that two workers cannot both tell; each person gets a
    ``cooperanet_match`` notification (the outbox of the e-mail, sent after
    the commit in their language), keyed by the pair of lineages.
    """
    from notifications.services.notify import notify

    offer, demand = match.offer, match.demand
    try:
        with transaction.atomic():
            MatchNotice.objects.create(
                offer_lineage=offer.lineage, demand_lineage=demand.lineage, match=match
            )
    except IntegrityError:
        return False

    key = f"cooperanet_match:{offer.lineage}:{demand.lineage}"
    told = set()
    # Each side is sent to its own record; someone on both sides is told once.
    for posting in (demand, offer):
        for user in _focal_point_users(posting):
            if user.pk in told:
                continue
            told.add(user.pk)
            # The reasons are stored as text, so they are written in the
            # language the recipient reads.
            with override(user.preferred_language or "en"):
                reasons = "\n".join(
                    f"- {text}" for text in describe_reasons(match.reasons)
                )
            notify(
                user,
                "cooperanet_match",
                key=key,
                about=posting,
                context={
                    "score": str(match.score),
                    "offer": offer.title,
                    "demand": demand.title[:80],
                    "reasons": reasons,
                },
            )
    return True


# Organisations and focal points ---------------------------------------------


@transaction.atomic
def verify_organisation(*, actor, organisation) -> None:
    """Staff confirm that an organisation is what it says it is, which lets
    it post offers and demands."""
    _require_staff(actor)
    if organisation.verified_at is None:
        organisation.verified_at = timezone.now()
        organisation.verified_by = actor
        organisation.save(update_fields=["verified_at", "verified_by"])
        logger.info("Organisation verified", extra={"organisation_id": organisation.pk})


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invite_focal_point(
    *, actor, email: str, country, role: str
) -> FocalPointInvitation:
    """Staff invite a person by e-mail to be a focal point of ``country``.
    The e-mail carries a one-time link; only its hash is stored."""
    _require_staff(actor)
    if role not in {Role.NATIONAL_FOCAL_POINT, Role.MISSION_FOCAL_POINT}:
        raise ValidationError({"role": _("Choose a focal point role.")})
    token = secrets.token_urlsafe(32)
    invitation = FocalPointInvitation.objects.create(
        email=email.strip().lower(),
        country=country,
        role=role,
        token_hash=_hash_token(token),
        invited_by=actor,
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    path = reverse("cooperation:invitation-accept", args=[token])

    # Not a notification: the invitee usually has no account yet (a
    # notification needs a recipient user and language), and the outbox row
    # would keep the one-time token in clear where only its hash is stored.
    def send() -> None:
        subject = _("Invitation to be a focal point of %(country)s") % {
            "country": country.name
        }
        body = _(
            "IACD staff invite you to act as %(role)s of %(country)s on the "
            "IACD Cooperation Portal. Open this link within 14 days to accept: "
            "%(path)s"
        ) % {
            "role": invitation.get_role_display(),
            "country": country.name,
            "path": path,
        }
        send_mail(subject, body, None, [invitation.email])

    transaction.on_commit(send)
    return invitation


def find_invitation(token: str) -> FocalPointInvitation | None:
    """The pending, unexpired invitation for ``token``, if any."""
    return (
        FocalPointInvitation.objects.pending()
        .select_related("country")
        .filter(token_hash=_hash_token(token), expires_at__gt=timezone.now())
        .first()
    )


@transaction.atomic
def accept_invitation(
    *, token: str, user=None, full_name: str = "", password: str = ""
) -> User:
    """Accept an invitation, as the logged-in ``user`` (whose e-mail must be
    the invited one) or by creating the account with ``password``. Gives the
    role for the country; a second use of the token does nothing."""
    invitation = find_invitation(token)
    if invitation is None:
        raise ValidationError(_("This invitation is unknown, used or expired."))
    invitation = FocalPointInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation is unknown, used or expired."))

    if user is not None and user.is_authenticated:
        if user.email.lower() != invitation.email:
            raise PermissionDenied(
                _("This invitation was sent to another e-mail address.")
            )
    else:
        user = User.objects.filter(email__iexact=invitation.email).first()
        if user is not None:
            raise ValidationError(_("Log in with your account to accept."))
        user = User.objects.create_user(
            invitation.email, password=password, full_name=full_name
        )

    RoleMembership.objects.get_or_create(
        user=user, role=invitation.role, country=invitation.country
    )
    forget_access(user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    logger.info("Invitation accepted", extra={"invitation_id": invitation.pk})
    return user
