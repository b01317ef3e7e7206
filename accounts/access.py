"""The one place that decides who may see and change which records.

Every list, detail page, export, API endpoint and background job narrows its
queryset with ``visible_to(user)`` or ``editable_by(user)`` from a
``ScopedQuerySet``, and turns an id from a URL into an object with
``get_for_user``. A record outside the user's scope is answered with 404, so
that guessing ids reveals nothing. Code that must read across every scope
(a nightly job, say) names it: ``dangerously_unscoped()``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.db import models
from django.http import Http404

from .roles import Role

# Roles that see and change every record of every country.
STAFF_ROLES = frozenset({Role.IACD_STAFF, Role.ADMINISTRATOR})


class Action(StrEnum):
    VIEW = "view"
    CHANGE = "change"


@dataclass(frozen=True)
class PortalAccess:
    """The roles of one user, resolved once, and what follows from them."""

    is_authenticated: bool = False
    is_superuser: bool = False
    # Lets extra_visible_q() name the user's own rows (a reviewer's assignments).
    user_id: int | None = None
    roles: frozenset[str] = frozenset()
    country_ids: frozenset[int] = frozenset()
    editable_country_ids: frozenset[int] = frozenset()
    organisation_ids: frozenset[int] = frozenset()
    country_ids_by_role: dict[str, frozenset[int]] = field(default_factory=dict)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def has_full_access(self, roles: frozenset[str] = STAFF_ROLES) -> bool:
        """Whether the user sees everything that ``roles`` see."""
        return self.is_superuser or bool(self.roles & roles)

    @property
    def is_staff_member(self) -> bool:
        return self.has_full_access(STAFF_ROLES)

    def may_act_for(self, country_id=None, organisation_id=None) -> bool:
        """Whether the user may change records of this country (or
        organisation): staff always, focal points for their own country,
        partner representatives for their own organisation. For checks
        before a record exists; querysets use ``editable_by``."""
        if self.is_staff_member:
            return True
        if country_id is not None and country_id in self.editable_country_ids:
            return True
        return organisation_id is not None and organisation_id in self.organisation_ids

    @property
    def is_focal_point(self) -> bool:
        return self.has_role(Role.NATIONAL_FOCAL_POINT, Role.MISSION_FOCAL_POINT)


ANONYMOUS_ACCESS = PortalAccess()


def access_for(user) -> PortalAccess:
    """The ``PortalAccess`` of ``user``, computed with one query and cached on
    the user object for the rest of the request."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS_ACCESS
    cached = getattr(user, "_portal_access", None)
    if cached is not None:
        return cached
    memberships = list(
        user.role_memberships.select_related("country").only(
            "role", "country_id", "organisation_id", "country__mission_may_edit"
        )
    )
    access = _resolve(user, memberships)
    user._portal_access = access
    return access


def forget_access(user) -> None:
    """Drop the cached access, after the user's roles have changed."""
    if hasattr(user, "_portal_access"):
        del user._portal_access


def _resolve(user, memberships) -> PortalAccess:
    roles = {m.role for m in memberships}
    country_ids = set()
    editable = set()
    by_role: dict[str, set[int]] = {}
    for membership in memberships:
        if membership.country_id is None:
            continue
        by_role.setdefault(membership.role, set()).add(membership.country_id)
        if membership.role == Role.NATIONAL_FOCAL_POINT:
            country_ids.add(membership.country_id)
            editable.add(membership.country_id)
        elif membership.role == Role.MISSION_FOCAL_POINT:
            country_ids.add(membership.country_id)
            if membership.country.mission_may_edit:
                editable.add(membership.country_id)
    return PortalAccess(
        is_authenticated=True,
        is_superuser=user.is_superuser,
        user_id=user.pk,
        roles=frozenset(roles),
        country_ids=frozenset(country_ids),
        editable_country_ids=frozenset(editable),
        organisation_ids=frozenset(
            m.organisation_id for m in memberships if m.organisation_id
        ),
        country_ids_by_role={k: frozenset(v) for k, v in by_role.items()},
    )


class ScopedQuerySet(models.QuerySet):
    """A queryset of records owned by a member state or an organisation.

    Subclasses declare where the owner is and what the public may see:

    - ``country_lookup``: path from the record to its ``MemberState``;
    - ``organisation_lookup``: path to its ``Organisation`` (optional);
    - ``full_access_roles``: roles that see and change every record;
    - ``full_change_roles``: when set, the roles that change every record,
      where they are fewer than those who see every record (fund managers
      read every proposal, only its country and staff change it);
    - ``public_q()``: the records anyone may read (published ones).
    """

    country_lookup: str | None = "country"
    organisation_lookup: str | None = None
    full_access_roles: frozenset[str] = STAFF_ROLES
    full_change_roles: frozenset[str] | None = None

    def public_q(self) -> models.Q:
        """Records that everyone, logged in or not, may read. None by default;
        an empty ``Q()`` means all of them."""
        return models.Q(pk__in=[])

    def owner_q(self, country_ids, organisation_ids) -> models.Q:
        condition = models.Q(pk__in=[])
        if self.country_lookup and country_ids:
            condition |= models.Q(**{f"{self.country_lookup}__in": country_ids})
        if self.organisation_lookup and organisation_ids:
            condition |= models.Q(
                **{f"{self.organisation_lookup}__in": organisation_ids}
            )
        return condition

    def extra_visible_q(self, access: PortalAccess) -> models.Q:
        """Hook for kinds with other readers (a reviewer's assigned proposals)."""
        return models.Q(pk__in=[])

    def visible_to(self, user):
        """The records ``user`` may read."""
        access = access_for(user)
        if access.has_full_access(self.full_access_roles):
            return self.all()
        public = self.public_q()
        if not public:
            # An empty Q() means "every row is public"; OR-ed with other
            # conditions it would silently vanish and hide everything.
            return self.all()
        condition = (
            public
            | self.owner_q(access.country_ids, access.organisation_ids)
            | self.extra_visible_q(access)
        )
        return self.filter(condition)

    def editable_by(self, user):
        """The records ``user`` may change (still subject to their state)."""
        access = access_for(user)
        change_roles = self.full_change_roles
        if access.has_full_access(
            self.full_access_roles if change_roles is None else change_roles
        ):
            return self.all()
        return self.filter(
            self.owner_q(access.editable_country_ids, access.organisation_ids)
        )

    def dangerously_unscoped(self):
        """Every record, whoever asks: for jobs that act on behalf of nobody."""
        return self.all()


def scope(queryset, user, action: Action = Action.VIEW):
    """Narrow ``queryset`` to what ``user`` may do ``action`` on."""
    if action == Action.CHANGE:
        return queryset.editable_by(user)
    return queryset.visible_to(user)


def get_for_user(queryset, user, action: Action = Action.VIEW, **lookup):
    """The one door from an id in a URL to an object: the record if ``user``
    may ``action`` it, else 404, so that an outsider cannot tell a hidden
    record from a missing one."""
    if isinstance(queryset, type) and issubclass(queryset, models.Model):
        queryset = queryset._default_manager.all()
    try:
        return scope(queryset, user, action).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


class PublicQuerySet(models.QuerySet):
    """Records everyone may read and only staff may change (member states,
    the work plan)."""

    def visible_to(self, user):
        return self.all()

    def editable_by(self, user):
        return self.all() if access_for(user).is_staff_member else self.none()
