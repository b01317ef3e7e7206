"""manage.py import_workplan PATH: the work plan from the source document."""

from django.core.management.base import BaseCommand, CommandError

from cooperation.services.workplan_import import import_workplan
from cooperation.workplan_parser import WorkplanFormatError, read_workplan


class Command(BaseCommand):
    help = "Import (or update in place) the IACD work plan from the source document."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the breakout sessions' results, UTF-8 text")
        parser.add_argument(
            "--allow-unplaced",
            action="store_true",
            help="import even when some lines of the document could not be placed",
        )

    def handle(self, *args, path, allow_unplaced=False, **options):
        try:
            parsed = read_workplan(path)
        except WorkplanFormatError as error:
            raise CommandError(str(error)) from error

        for line_number, text in parsed.unplaced_lines:
            self.stderr.write(f"line {line_number}: could not place: {text}")
        if parsed.unplaced_lines and not allow_unplaced:
            raise CommandError(
                f"{len(parsed.unplaced_lines)} line(s) of {path} could not be placed; "
                "nothing was imported (use --allow-unplaced to import the rest)."
            )

        result = import_workplan(parsed)
        steps = sum(len(area.steps) for area in parsed.areas)
        outcomes = sum(len(area.outcomes) for area in parsed.areas)
        verb = "Imported" if result.changed_anything else "Unchanged:"
        self.stdout.write(
            f"{verb} work plan of {len(parsed.areas)} areas, {steps} action steps "
            f"and {outcomes} desired outcomes "
            f"(created {sum(result.created.values())}, "
            f"updated {sum(result.updated.values())})."
        )
        for item in result.stale:
            self.stderr.write(f"no longer in the document, kept: {item}")
