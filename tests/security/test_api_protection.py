"""Session-authenticated API calls need the CSRF token; the API limits each
user's request rate."""

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from .conftest import mark_second_factor_passed

pytestmark = pytest.mark.django_db

URL = "/api/v1/audit/changes/"


@pytest.fixture
def staff_client(staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    mark_second_factor_passed(client, staff)
    return client


def test_a_session_write_without_csrf_token_is_refused(staff_client):
    response = staff_client.post(URL, {}, content_type="application/json")

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_a_session_write_with_the_csrf_token_passes_the_check(staff_client):
    staff_client.get("/security/audit/")  # a page with a form sets the cookie
    token = staff_client.cookies["csrftoken"].value

    response = staff_client.post(
        URL, {}, content_type="application/json", headers={"X-CSRFToken": token}
    )

    # Past the CSRF check, the read-only endpoint refuses the method itself.
    assert response.status_code == 405


def test_api_throttles_are_configured_per_user_and_per_address():
    classes = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]

    assert "rest_framework.throttling.UserRateThrottle" in classes
    assert "rest_framework.throttling.AnonRateThrottle" in classes


def test_a_user_over_the_rate_is_answered_429(staff_client, monkeypatch, admin_user):
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "3/minute"})
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "100/minute"})

    answers = [staff_client.get(URL).status_code for _ in range(4)]
    other = Client()
    other.force_login(admin_user)
    mark_second_factor_passed(other, admin_user)

    assert answers == [200, 200, 200, 429]
    # The limit is per user: another user is not slowed by the first.
    assert other.get(URL).status_code == 200
