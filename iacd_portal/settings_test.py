"""Test settings: the base settings with fast hashing and isolated state."""

import os

os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("DJANGO_CACHE_PREFIX", "iacd-test")

from .settings import *  # noqa: E402,F403  (the override pattern needs every name)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
CELERY_TASK_ALWAYS_EAGER = False
