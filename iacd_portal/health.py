"""The health check: does the portal reach its database and Redis?"""

import logging

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure means "down"; the log keeps the reason
        logger.warning("Health check: the database does not answer", exc_info=True)
        return False


def _redis_answers() -> bool:
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        return bool(client.ping())
    except redis.RedisError:
        logger.warning("Health check: Redis does not answer", exc_info=True)
        return False


@never_cache
def health(request):
    """200 when the database and Redis answer, else 503 naming the failing part."""
    checks = {
        "database": "ok" if _database_answers() else "down",
        "redis": "ok" if _redis_answers() else "down",
    }
    healthy = all(value == "ok" for value in checks.values())
    body = {"status": "ok" if healthy else "unavailable", **checks}
    return JsonResponse(body, status=200 if healthy else 503)
