"""An e-mail backend that stops before sending, so a test can kill the
worker between the claim and the send."""

import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend


class StallingEmailBackend(EmailBackend):
    def send_messages(self, email_messages):
        Path(self.file_path, "stalled").touch()
        time.sleep(120)
        return super().send_messages(email_messages)
