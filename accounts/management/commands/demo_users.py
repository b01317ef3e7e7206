"""``manage.py demo_users``: the users of a local demo, created only when
missing, with a known password that it prints. Refuses to run with debug off
(a production server must not get accounts with a published password) unless
given --force."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from accounts.models import MemberState, User
from accounts.roles import Role
from accounts.services.users import grant_role

DEFAULT_DEMO_PASSWORD = "iacd-demo-2026"

# (e-mail, full name, role, ISO3 of the member state or None)
DEMO_USERS = (
    ("staff@demo.iacd.example", "Demo IACD Staff", Role.IACD_STAFF, None),
    (
        "jamaica@demo.iacd.example",
        "Demo Focal Point Jamaica",
        Role.NATIONAL_FOCAL_POINT,
        "JAM",
    ),
    (
        "mexico@demo.iacd.example",
        "Demo Focal Point Mexico",
        Role.NATIONAL_FOCAL_POINT,
        "MEX",
    ),
)


class Command(BaseCommand):
    help = (
        "Create the demo users (IACD staff and the national focal points of "
        "Jamaica and Mexico) when missing, and print how to log in. The password "
        "is DEMO_PASSWORD from the environment, or a default one."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="run even with DJANGO_DEBUG off (never on a public server)",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Demo users have a published password: refusing with DJANGO_DEBUG "
                "off. Add --force if this is really a private demo."
            )
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD

        countries = MemberState.objects.in_bulk(
            [iso3 for *_rest, iso3 in DEMO_USERS if iso3], field_name="iso3"
        )
        for *_rest, iso3 in DEMO_USERS:
            if iso3 and iso3 not in countries:
                raise CommandError(
                    f"The member state {iso3} is missing; run "
                    "`manage.py load_reference_data` first."
                )

        existing = set(
            User.objects.filter(
                email__in=[email for email, *_rest in DEMO_USERS]
            ).values_list("email", flat=True)
        )
        created = []
        with transaction.atomic():
            for email, full_name, role, iso3 in DEMO_USERS:
                if email in existing:
                    continue
                grant = grant_role(
                    actor=None,
                    email=email,
                    role=role,
                    country=countries.get(iso3),
                    full_name=full_name,
                )
                grant.user.set_password(password)
                grant.user.save(update_fields=["password"])
                created.append(email)

        if created:
            self.stdout.write(
                self.style.SUCCESS(f"Created {len(created)} demo user(s).")
            )
        else:
            self.stdout.write("The demo users exist already; nothing changed.")
        self._print_logins(password, created, countries)

    def _print_logins(self, password: str, created: list[str], countries) -> None:
        self.stdout.write(f"Log in at http://127.0.0.1:8000{reverse('login')} as:")
        for email, _full_name, role, iso3 in DEMO_USERS:
            scope = f", {countries[iso3].name_en}" if iso3 else ""
            self.stdout.write(f"  {email:<28} {role.label}{scope}")
        note = "" if len(created) == len(DEMO_USERS) else " (unless changed since)"
        self.stdout.write(f"with the password {password}{note}.")
