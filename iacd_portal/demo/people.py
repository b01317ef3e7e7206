"""The demo cast: IACD staff, a fund manager, two reviewers and the national
focal points of a dozen member states, all through ``grant_role`` (which
marks the addresses verified). New users get the demo password of
``manage.py demo_users`` (the two commands share the accounts of staff,
Jamaica and Mexico), so every role can be tried."""

import os

from django.contrib.auth.hashers import make_password

from accounts.management.commands.demo_users import DEFAULT_DEMO_PASSWORD
from accounts.models import MemberState
from accounts.roles import Role
from accounts.services.users import grant_role

from . import DEMO_DOMAIN, SeedContext

# ISO3 of the member states with a focal point, and their language.
FOCAL_POINT_STATES = {
    "JAM": ("en", "Marcia Thompson"),
    "MEX": ("es", "Alejandro Ruiz Peña"),
    "BRA": ("pt", "Luiza Carvalho"),
    "HTI": ("fr", "Jean-Baptiste Moïse"),
    "COL": ("es", "Catalina Restrepo"),
    "CHL": ("es", "Tomás Fuenzalida"),
    "TTO": ("en", "Anil Ramdeen"),
    "CRI": ("es", "Gabriela Solís"),
    "PER": ("es", "Rosa Quispe Mamani"),
    "BRB": ("en", "Desmond Clarke"),
    "GTM": ("es", "Héctor Ajú"),
    "CAN": ("fr", "Geneviève Tremblay"),
}


def seed(context: SeedContext) -> None:
    """Create (or find) every demo user; fill the context's cast."""
    states = MemberState.objects.in_bulk(list(FOCAL_POINT_STATES), field_name="iso3")
    # In the order of the table, so that random choices among them repeat.
    context.countries = {iso3: states[iso3] for iso3 in FOCAL_POINT_STATES}
    # Hashed once: sixteen slow hashes of the same published password would
    # only slow the command down.
    password = make_password(os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD)

    def grant(local_part, role, full_name, country=None, language=None):
        result = grant_role(
            actor=None,
            email=f"{local_part}@{DEMO_DOMAIN}",
            role=role,
            country=country,
            language=language,
            full_name=full_name,
        )
        if result.user_created:
            result.user.password = password
            result.user.save(update_fields=["password"])
            context.count("users")
        return result.user

    context.staff = grant("staff", Role.IACD_STAFF, "Demo IACD Staff")
    context.fund_manager = grant(
        "fund.manager", Role.FUND_MANAGER, "Patricia Lemoine", language="fr"
    )
    context.reviewers = [
        grant("reviewer.one", Role.REVIEWER, "Ricardo Benítez", language="es"),
        grant("reviewer.two", Role.REVIEWER, "Sharon Whitfield"),
    ]
    for iso3, (language, full_name) in FOCAL_POINT_STATES.items():
        # Same addresses as ``demo_users`` for Jamaica and Mexico, so the two
        # commands share those accounts.
        local_part = states[iso3].name_en.lower().replace(" ", "-")
        context.focal_points[iso3] = grant(
            local_part,
            Role.NATIONAL_FOCAL_POINT,
            full_name,
            country=states[iso3],
            language=language,
        )
