"""The Celery application: Redis as broker, beat schedule kept in the database."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iacd_portal.settings")

app = Celery("iacd_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
