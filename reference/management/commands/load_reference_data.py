"""``manage.py load_reference_data``: the IATI codelists, then the OAS member
states and observers, in one transaction. Safe to run at every start."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.loading import load_member_states
from reference.loading import ReferenceDataError, load_codelists


class Command(BaseCommand):
    help = (
        "Load the IATI codelists and the OAS member states and observers "
        "shipped with the project. A second run changes nothing."
    )

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                results = load_codelists()
                results.append(load_member_states())
        except ReferenceDataError as error:
            raise CommandError(str(error)) from error

        for result in results:
            self.stdout.write(str(result))
        changed = sum(result.changed for result in results)
        if changed:
            self.stdout.write(
                self.style.SUCCESS(f"Reference data loaded: {changed} rows changed.")
            )
        else:
            self.stdout.write("Reference data already up to date: 0 rows changed.")
