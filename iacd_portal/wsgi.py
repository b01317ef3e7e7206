"""WSGI entry point, used by gunicorn and by `manage.py runserver`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iacd_portal.settings")

application = get_wsgi_application()
