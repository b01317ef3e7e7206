"""``manage.py portal_user EMAIL --role ROLE [--country ISO3]
[--organisation NAME [--kind KIND]] [--language xx]``: create or update a
user and give them a role. Bad arguments stop it with one line and nothing
written."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse

from accounts.models import MemberState, Organisation, OrganisationKind
from accounts.roles import Role
from accounts.services.users import (
    check_role_scope,
    grant_role,
    register_organisation,
)


def _one_line(error: ValidationError) -> str:
    return " ".join(error.messages)


class Command(BaseCommand):
    help = (
        "Create a portal user, or update an existing one, and give them a role. "
        "A new user gets no password; the command says how to set one."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="the user's e-mail address (their login)")
        parser.add_argument(
            "--role", required=True, help=f"one of: {', '.join(Role.values)}"
        )
        parser.add_argument(
            "--country",
            metavar="ISO3",
            help="the member state of a focal point role, e.g. JAM",
        )
        parser.add_argument(
            "--organisation",
            metavar="NAME",
            help="the organisation of a partner role",
        )
        parser.add_argument(
            "--kind",
            help=(
                "the kind of organisation to create when NAME is new, one of: "
                + ", ".join(OrganisationKind.values)
            ),
        )
        parser.add_argument(
            "--language",
            metavar="xx",
            help="preferred language: "
            + ", ".join(code for code, _name in settings.LANGUAGES),
        )
        parser.add_argument("--name", default="", help="full name of a new user")

    def handle(self, *args, **options):
        email = options["email"].strip()
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"“{email}” is not a valid e-mail address.") from error

        role = self._role(options["role"])
        country = self._country(options["country"])
        language = self._language(options["language"])
        organisation, new_organisation = self._organisation(
            options["organisation"], options["kind"]
        )

        try:
            # Check the role against what it names before writing anything,
            # so that a wrong role does not first create an organisation.
            check_role_scope(
                role,
                country,
                organisation
                or (Organisation(**new_organisation) if new_organisation else None),
            )
            with transaction.atomic():
                if new_organisation:
                    organisation = register_organisation(actor=None, **new_organisation)
                grant = grant_role(
                    actor=None,
                    email=email,
                    role=role,
                    country=country,
                    organisation=organisation,
                    language=language,
                    full_name=options["name"],
                )
        except ValidationError as error:
            raise CommandError(_one_line(error)) from error

        self._report(grant, organisation if new_organisation else None)

    def _role(self, value: str) -> str:
        role = value.strip().lower().replace("-", "_")
        if role not in Role.values:
            raise CommandError(
                f"Unknown role “{value}”; choose one of: {', '.join(Role.values)}."
            )
        return role

    def _country(self, value: str | None) -> MemberState | None:
        if not value:
            return None
        country = MemberState.objects.filter(iso3=value.strip().upper()).first()
        if country is None:
            raise CommandError(
                f"No member state has the ISO alpha-3 code “{value}” "
                "(manage.py load_reference_data loads them)."
            )
        return country

    def _language(self, value: str | None) -> str | None:
        if not value:
            return None
        codes = [code for code, _name in settings.LANGUAGES]
        if value.lower() not in codes:
            raise CommandError(
                f"Unknown language “{value}”; choose one of: {', '.join(codes)}."
            )
        return value.lower()

    def _organisation(
        self, name: str | None, kind: str | None
    ) -> tuple[Organisation | None, dict | None]:
        """The named organisation, or the fields of one to create."""
        if not name:
            if kind:
                raise CommandError("--kind goes with --organisation NAME.")
            return None, None
        organisation = Organisation.objects.filter(name__iexact=name.strip()).first()
        if organisation is not None:
            if kind and kind != organisation.kind:
                raise CommandError(
                    f"“{organisation.name}” exists with the kind "
                    f"“{organisation.kind}”, not “{kind}”."
                )
            return organisation, None
        kinds = ", ".join(OrganisationKind.values)
        if not kind:
            raise CommandError(
                f"No organisation is named “{name}”; to create it, add "
                f"--kind KIND, one of: {kinds}."
            )
        if kind not in OrganisationKind.values:
            raise CommandError(f"Unknown kind “{kind}”; choose one of: {kinds}.")
        return None, {"name": name, "kind": kind}

    def _report(self, grant, new_organisation: Organisation | None) -> None:
        user = grant.user
        membership = grant.membership
        scope = membership.country or membership.organisation
        role = membership.get_role_display()
        role_text = f"“{role}” for {scope}" if scope else f"“{role}”"

        if new_organisation is not None:
            self.stdout.write(
                f"Created the organisation “{new_organisation.name}” "
                f"({new_organisation.get_kind_display()}), not yet verified."
            )
        if grant.user_created:
            self.stdout.write(f"Created the user {user.email}.")
        elif grant.language_changed:
            self.stdout.write(
                f"Set the preferred language of {user.email} to "
                f"{user.preferred_language}."
            )
        if grant.role_added:
            self.stdout.write(
                self.style.SUCCESS(f"{user.email} now holds {role_text}.")
            )
        else:
            self.stdout.write(f"{user.email} already holds {role_text}; unchanged.")
        if not user.has_usable_password():
            self.stdout.write(
                f"{user.email} has no password yet. Set one with "
                f"`manage.py changepassword {user.email}`, or let them use the "
                f"password-reset page at {reverse('password_reset')}."
            )
