"""manage.py export_iati: write published activities as IATI 2.03 XML."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from cooperation.iati_writer import export_queryset, iter_iati_xml
from cooperation.models import Activity


class Command(BaseCommand):
    help = "Write the published activities as an IATI 2.03 activity file."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="The file to write (default: stdout)."
        )
        parser.add_argument(
            "--reporting-org", help="Only the activities of this reporting-org ref."
        )

    def handle(self, *args, output: Path | None, reporting_org: str | None, **options):
        # Run by an operator for publication: the public view of the data,
        # which is what an anonymous visitor may read.
        queryset = Activity.objects.visible_to(None)
        if reporting_org:
            queryset = queryset.filter(reporting_org_ref=reporting_org)
        activities = export_queryset(queryset).iterator(chunk_size=500)
        if output is None:
            for chunk in iter_iati_xml(activities):
                sys.stdout.buffer.write(chunk)
            return
        with open(output, "wb") as stream:
            for chunk in iter_iati_xml(activities):
                stream.write(chunk)
        self.stderr.write(f"Written {output}")
