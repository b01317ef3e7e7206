"""An e-mail backend that stops before sending, so a test can kill the
worker between the claim and the send."""

import time
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.filebased import EmailBackend


class StallingEmailBackend(EmailBackend):
    def send_messages(self, email_messages):
        Path(settings.EMAIL_FILE_PATH, "stalled").touch()
        time.sleep(120)
        return super().send_messages(email_messages)
