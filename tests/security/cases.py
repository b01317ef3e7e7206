"""Case providers: how each app builds its records for the access matrix.

A provider is a function registered under a name with ``@provides(name)``.
It receives the ``World`` (countries A and B, the personas) and returns the
``Case``s to try: one per record and state that matters (a draft of country
A, a published record of country B, a missing id...), each with the URL
arguments that point at it. A policy names the provider its URL needs.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

PROVIDERS: dict[str, Callable] = {}


@dataclass(frozen=True)
class Case:
    """One record (or none) that a URL is tried against."""

    label: str
    kwargs: dict = field(default_factory=dict)
    # "A", "B" or None (a record no country owns).
    country: str | None = None
    state: str = ""


NO_ARGUMENTS = [Case("-")]


def provides(name: str):
    """Register a case provider under ``name``."""

    def register(function):
        PROVIDERS[name] = function
        return function

    return register


@dataclass
class World:
    """What providers build on: country A (Jamaica), country B (Mexico) and
    the personas, one per role."""

    country_a: object
    country_b: object
    users: dict


# Providers of the apps that exist today. Other apps add theirs below (or in
# a module imported at the end of this file), one function each.


@provides("workplan-area")
def workplan_areas(world):
    from cooperation.models import WorkplanArea

    area, _ = WorkplanArea.objects.get_or_create(number=1, defaults={"title": "A"})
    return [
        Case("existing", {"area_number": area.number}, state="public"),
        Case("missing", {"area_number": 99}, state="missing"),
    ]


@provides("workplan-step")
def workplan_steps(world):
    from cooperation.models import ActionStep, WorkplanArea

    area, _ = WorkplanArea.objects.get_or_create(number=1, defaults={"title": "A"})
    step, _ = ActionStep.objects.get_or_create(
        area=area, number="1", defaults={"position": 1, "text": "A step"}
    )
    return [
        Case(
            "existing",
            {"area_number": area.number, "step_number": step.number},
            state="public",
        ),
        Case("missing", {"area_number": 1, "step_number": "99"}, state="missing"),
    ]


@provides("password-reset-link")
def password_reset_links(world):
    return [Case("forged", {"uidb64": "MQ", "token": "not-a-token"})]


@provides("allauth-keys")
def allauth_keys(world):
    return [Case("forged", {"key": "not-a-key", "uidb36": "1"})]


@provides("audit-record")
def audit_records(world):
    """A member state's history (staff only), country A's and B's user
    records, and a label that is not tracked."""
    alice = world.users["focal_a"]
    return [
        Case("state-A", {"label": "accounts.MemberState", "pk": world.country_a.pk}),
        Case("user-A", {"label": "accounts.User", "pk": alice.pk}, country="A"),
        Case("untracked", {"label": "accounts.Nothing", "pk": 1}, state="missing"),
    ]


# Each area's module registers its case providers when imported.
from . import cases_cooperation, cases_funds  # noqa: E402, F401
