"""The unread count under the bell, cached so that it costs no query on
every page; every change of it deletes the cached value after commit."""

import logging

from django.core.cache import cache
from django.db import transaction

from .models import Notification

logger = logging.getLogger(__name__)

CACHE_SECONDS = 300


def _key(user) -> str:
    # The join time makes the key unique to this user even if a database is
    # recreated and its ids start again.
    return f"notifications:unread:{user.pk}:{user.date_joined.timestamp():.0f}"


def unread_count(user) -> int:
    """How many notifications ``user`` has not read."""
    try:
        cached = cache.get(_key(user))
    except Exception:  # The cache is Redis; a page must not fail with it.
        logger.warning("Cache unreachable for the unread count", exc_info=True)
        cached = None
    if cached is not None:
        return cached
    count = Notification.objects.visible_to(user).unread().count()
    try:
        cache.set(_key(user), count, CACHE_SECONDS)
    except Exception:
        logger.warning("Cache unreachable for the unread count", exc_info=True)
    return count


def forget_unread_count(user) -> None:
    """Drop the cached count once the current transaction commits."""

    def forget():
        try:
            cache.delete(_key(user))
        except Exception:
            logger.warning("Cache unreachable for the unread count", exc_info=True)

    transaction.on_commit(forget)
