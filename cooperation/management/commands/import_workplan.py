"""manage.py import_workplan PATH: the work plan from the source document.

Translations of the texts are read from PATH's sibling
``<name>.translations.json`` when it exists (or from --translations).
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cooperation.services.workplan_import import import_workplan
from cooperation.workplan_parser import WorkplanFormatError, read_workplan


class Command(BaseCommand):
    help = "Import (or update in place) the IACD work plan from the source document."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the breakout sessions' results, UTF-8 text")
        parser.add_argument(
            "--translations",
            help="JSON file of Spanish, Portuguese and French texts "
            "(default: PATH's sibling <name>.translations.json, if any)",
        )
        parser.add_argument(
            "--allow-unplaced",
            action="store_true",
            help="import even when some lines of the document could not be placed",
        )

    def handle(self, *args, path, allow_unplaced=False, translations=None, **options):
        try:
            parsed = read_workplan(path)
        except WorkplanFormatError as error:
            raise CommandError(str(error)) from error
        translated = self._read_translations(path, translations)

        for line_number, text in parsed.unplaced_lines:
            self.stderr.write(f"line {line_number}: could not place: {text}")
        if parsed.unplaced_lines and not allow_unplaced:
            raise CommandError(
                f"{len(parsed.unplaced_lines)} line(s) of {path} could not be placed; "
                "nothing was imported (use --allow-unplaced to import the rest)."
            )

        result = import_workplan(parsed, translated)
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

    def _read_translations(self, path: str, translations_path: str | None) -> dict:
        if translations_path is None:
            sibling = Path(path).with_suffix(".translations.json")
            if not sibling.is_file():
                return {}
            translations_path = str(sibling)
        try:
            with open(translations_path, encoding="utf-8") as handle:
                return json.load(handle)
        except (OSError, ValueError) as error:
            raise CommandError(
                f"cannot read translations {translations_path}: {error}"
            ) from error
