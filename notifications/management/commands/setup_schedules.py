"""Create the portal's periodic jobs and reminder rules when missing."""

from django.core.management.base import BaseCommand

from notifications.schedules import setup_schedules


class Command(BaseCommand):
    help = (
        "Create the periodic jobs (django-celery-beat) and reminder rules that "
        "are missing; leaves existing ones, and administrators' edits, alone."
    )

    def handle(self, *args, **options):
        created = setup_schedules()
        for name in created:
            self.stdout.write(f"Scheduled: {name}")
        self.stdout.write(f"{len(created)} periodic job(s) created.")
