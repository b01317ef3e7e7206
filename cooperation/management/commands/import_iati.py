"""manage.py import_iati PATH: import IATI 2.01–2.03 activity files."""

import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cooperation.services.activities import import_iati_path, write_report


class Command(BaseCommand):
    help = (
        "Import the IATI activities of a file, a folder of files or a zip "
        "archive. A second import of the same data changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--report",
            type=Path,
            help="Where to write the full report (default: the current folder).",
        )

    def handle(self, *args, path: Path, report: Path | None, **options):
        if not path.exists():
            raise CommandError(f"{path} does not exist.")

        def progress(done: int, total: int) -> None:
            if options["verbosity"] > 1:
                self.stderr.write(f"{done}/{total}")

        if report is None:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            report = Path.cwd() / f"iati-import-{stamp}.report.txt"
        # Problems go to a file as they are found (a huge file may have
        # millions); the report is the summary followed by that file.
        with tempfile.TemporaryDirectory() as folder:
            problems_path = Path(folder) / "problems.txt"
            with open(problems_path, "w", encoding="utf-8") as problem_stream:
                result = import_iati_path(
                    path, progress=progress, problem_stream=problem_stream
                )
            write_report(result, problems_path, report)

        self.stdout.write(result.summary_text())
        self.stdout.write(f"Full report: {report}")
        if result.everything_refused:
            raise CommandError("Nothing was imported.")
