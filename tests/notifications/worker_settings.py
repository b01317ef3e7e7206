"""Settings of the Celery worker that the worker tests start: the test
settings, e-mail written to files the test can count."""

import os

from iacd_portal.settings_test import *  # noqa: F403

MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "WORKER_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
        ),
        "OPTIONS": {"file_path": os.environ["WORKER_MAIL_DIR"]},
    }
}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
    # Unacknowledged messages of a killed worker come back after this many
    # seconds instead of an hour, so the test sees the redelivery.
    "visibility_timeout": int(os.environ.get("WORKER_VISIBILITY_TIMEOUT", "3600")),
}
