from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Importing the declared reminder kinds registers them.
        from celery.signals import task_failure

        from . import failures
        from .reminders import kinds  # noqa: F401

        # Every failed task, of any app, is recorded for the operations page.
        task_failure.connect(failures.record_task_failure, weak=False)
