"""Changes of state of users, their roles and organisations.

The management commands (``portal_user``, ``demo_users``) call these; so will
any page that manages users. ``actor`` is the user acting, or None for an
operator at the server's command line, who may do anything.
"""

import logging
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from security.services.accounts import mark_email_verified

from ..access import access_for, forget_access
from ..models import MemberState, Organisation, RoleMembership, User
from ..roles import COUNTRY_ROLES, ORGANISATION_ROLES, Role

logger = logging.getLogger(__name__)

# Roles whose holders use Django's admin site: they get is_staff and
# is_superuser with the role, as the admin site asks for both.
ADMIN_SITE_ROLES = frozenset({Role.ADMINISTRATOR})


def may_manage_users(actor) -> bool:
    """Only administrators grant roles; None is the operator at the shell."""
    if actor is None:
        return True
    return access_for(actor).has_full_access(frozenset({Role.ADMINISTRATOR}))


def check_role_scope(
    role: str, country: MemberState | None, organisation: Organisation | None
) -> None:
    """Raise ``ValidationError`` unless ``role`` names what it must: a member
    state for the focal point roles, an organisation for partner roles, and
    nothing for the others."""
    label = Role(role).label
    if role in COUNTRY_ROLES:
        if country is None:
            raise ValidationError(
                _("The role “%(role)s” needs a member state.") % {"role": label}
            )
        if country.is_observer:
            raise ValidationError(
                _(
                    "%(country)s is a permanent observer, not a member state; "
                    "the role “%(role)s” is for member states."
                )
                % {"country": country.name, "role": label}
            )
    elif country is not None:
        raise ValidationError(
            _("The role “%(role)s” is not tied to a country.") % {"role": label}
        )

    if role in ORGANISATION_ROLES:
        if organisation is None:
            raise ValidationError(
                _("The role “%(role)s” needs an organisation.") % {"role": label}
            )
    elif organisation is not None:
        raise ValidationError(
            _("The role “%(role)s” is not tied to an organisation.") % {"role": label}
        )


@dataclass(frozen=True)
class RoleGrant:
    """What ``grant_role`` did."""

    user: User
    membership: RoleMembership
    user_created: bool
    role_added: bool
    language_changed: bool


@transaction.atomic
def grant_role(
    *,
    actor,
    email: str,
    role: str,
    country: MemberState | None = None,
    organisation: Organisation | None = None,
    language: str | None = None,
    full_name: str = "",
) -> RoleGrant:
    """Give the user with ``email`` the role ``role``, creating the user when
    missing. A new user has no usable password: they set one through the
    password-reset page, or an operator with ``changepassword``.

    ``language`` sets the preferred language when given. Granting a role the
    user already holds changes nothing. A new user's address counts as
    verified, since whoever grants the role vouches for it.
    """
    if not may_manage_users(actor):
        raise PermissionDenied(_("Only administrators may grant roles."))
    if role not in Role.values:
        raise ValidationError(_("“%(role)s” is not a role.") % {"role": role})
    check_role_scope(role, country, organisation)

    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    user_created = user is None
    if user_created:
        user = User(email=email, full_name=full_name, preferred_language="en")
        user.set_unusable_password()

    changed_fields = []
    language_changed = bool(language) and user.preferred_language != language
    if language_changed:
        user.preferred_language = language
        changed_fields.append("preferred_language")
    if role in ADMIN_SITE_ROLES and not (user.is_staff and user.is_superuser):
        user.is_staff = user.is_superuser = True
        changed_fields += ["is_staff", "is_superuser"]
    if user_created:
        user.save()
        # An operator who grants a role vouches for the address: the account
        # needs no e-mailed verification link.
        mark_email_verified(actor=actor, user=user)
    elif changed_fields:
        user.save(update_fields=changed_fields)

    membership, role_added = RoleMembership.objects.get_or_create(
        user=user, role=role, country=country, organisation=organisation
    )
    forget_access(user)
    if user_created or role_added:
        logger.info(
            "Role %s granted",
            role,
            extra={"user_id": user.pk, "membership_id": membership.pk},
        )
    return RoleGrant(user, membership, user_created, role_added, language_changed)


@transaction.atomic
def register_organisation(*, actor, name: str, kind: str) -> Organisation:
    """Record a new organisation, unverified, by its name and kind."""
    if not may_manage_users(actor):
        raise PermissionDenied(_("Only administrators may grant roles."))
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("An organisation needs a name."))
    organisation = Organisation(name=name, kind=kind)
    organisation.full_clean()
    organisation.save()
    logger.info("Organisation registered", extra={"organisation_id": organisation.pk})
    return organisation
