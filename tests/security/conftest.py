"""Fixtures of the security tests: every persona, logged in as a role."""

import time

import pytest
from django.core.cache import cache

from .cases import World
from .policies import ANONYMOUS

# Roles that must pass a second factor (settings.MFA_REQUIRED_ROLES).
MFA_ROLES = {"staff", "fund_manager", "admin"}


@pytest.fixture(autouse=True)
def second_factor_enforced(settings):
    """The test settings leave the rule off for the apps' tests; here it is
    on, as in production."""
    settings.MFA_ENFORCED = True


@pytest.fixture(autouse=True)
def fresh_cache():
    """Throttle and lockout counters live in Redis; start each test clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def users(alice, bob, mona, partner, reviewer, staff, fund_manager, admin_user):
    return {
        "focal_a": alice,
        "focal_b": bob,
        "mission_a": mona,
        "partner": partner,
        "reviewer": reviewer,
        "staff": staff,
        "fund_manager": fund_manager,
        "admin": admin_user,
    }


@pytest.fixture
def world(jamaica, mexico, users):
    return World(country_a=jamaica, country_b=mexico, users=users)


def log_in_as(client, users, role):
    """Log ``client`` in as ``role``'s persona (or out, for anonymous); roles
    that need a second factor get a session that passed it."""
    client.logout()
    if role == ANONYMOUS:
        return
    client.force_login(users[role])
    if role in MFA_ROLES:
        mark_second_factor_passed(client, users[role])


def mark_second_factor_passed(client, user):
    """What allauth writes in the session when a login passed TOTP."""
    session = client.session
    session["account_authentication_methods_user"] = str(user.pk)
    session["account_authentication_methods"] = [
        {"method": "mfa", "type": "totp", "at": time.time()}
    ]
    session.save()
