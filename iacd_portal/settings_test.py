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

# Apps' tests log staff in with force_login, which asks no second factor;
# tests/security turns the rule back on and tests it.
MFA_ENFORCED = False
# Every test client shares one address and Redis outlives a test: API rate
# limits would make unrelated tests fail. tests/security tests throttling.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "user": "100000/minute"},
}
