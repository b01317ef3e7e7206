"""Login: language, e-mail verification, lockout, second factor for staff
roles, and the list of one's sessions."""

import time

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from allauth.usersessions.models import UserSession
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.test import Client

from accounts.models import User
from security.middleware import LAST_ACTIVITY_KEY
from security.services.accounts import mark_email_verified

from ..conftest import PASSWORD
from .conftest import mark_second_factor_passed

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def log_in(client, user, password=PASSWORD):
    return client.post(LOGIN, {"login": user.email, "password": password})


def current_code(secret: str) -> str:
    counter = int(time.time()) // 30
    return format_hotp_value(hotp_value(secret, counter))


@pytest.fixture
def verified(alice, staff):
    for user in (alice, staff):
        mark_email_verified(actor=None, user=user)


def test_login_continues_in_the_users_language(client, alice, verified):
    alice.preferred_language = "es"
    alice.save()

    response = log_in(client, alice)

    assert response.status_code == 302
    assert response["Location"] == "/es/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"


def test_an_unverified_address_is_sent_a_link_instead_of_logging_in(client, alice):
    response = log_in(client, alice)

    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    assert mail.outbox and alice.email in mail.outbox[0].to


def test_sign_up_requires_the_emailed_link(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.org",
            "password1": "a-long-passphrase-17",
            "password2": "a-long-passphrase-17",
        },
    )

    assert response["Location"] == "/accounts/confirm-email/"
    assert User.objects.filter(email="new@example.org").exists()
    assert "_auth_user_id" not in client.session
    assert "/accounts/confirm-email/" in mail.outbox[0].body


def test_sign_up_applies_the_password_validators(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "weak@example.org", "password1": "123", "password2": "123"},
    )

    assert response.status_code == 200
    assert not User.objects.filter(email="weak@example.org").exists()
    assert response.context["form"].errors["password1"]


def test_repeated_failures_lock_the_login_with_a_clear_message(client, alice, verified):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, alice, password="wrong")

    response = log_in(client, alice)  # even the right password now

    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_message_is_translated(client, alice, verified):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, alice, password="wrong")

    response = client.post("/es" + LOGIN, {"login": alice.email, "password": PASSWORD})

    assert response.status_code == 429
    assert "Demasiados intentos" in response.content.decode()


def test_an_administrator_unlocks_by_deleting_the_attempt(client, alice, verified):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, alice, password="wrong")

    AccessAttempt.objects.filter(username=alice.email).delete()
    response = log_in(client, alice)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_staff_without_an_authenticator_must_set_one_up(client, staff, verified):
    log_in(client, staff)

    response = client.get("/security/audit/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_staff_without_second_factor_gets_403_from_the_api(client, staff, verified):
    log_in(client, staff)

    response = client.get("/api/v1/audit/changes/")

    assert response.status_code == 403


def test_staff_with_totp_log_in_with_password_and_code(client, staff, verified):
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)

    first = log_in(client, staff)
    assert first["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session

    second = client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})

    assert second.status_code == 302
    assert client.get("/security/audit/").status_code == 200


def test_a_wrong_code_does_not_log_staff_in(client, staff, verified):
    TOTP.activate(staff, generate_totp_secret())
    log_in(client, staff)

    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_staff_session_opened_without_second_factor_is_closed(client, staff):
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)  # as a door that asks no code would

    response = client.get("/security/audit/")

    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


def test_without_the_code_the_factor_cannot_be_removed(client, staff):
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)

    response = client.get("/accounts/2fa/totp/deactivate/")

    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


def test_focal_points_need_no_second_factor(client, alice, verified):
    log_in(client, alice)

    assert client.get("/accounts/2fa/").status_code == 200
    assert client.get("/accounts/password-change/").status_code == 200


def test_a_user_sees_and_ends_their_other_sessions(alice, verified):
    laptop, phone = Client(), Client()
    for device in (laptop, phone):
        log_in(device, alice)

    listing = laptop.get("/accounts/sessions/")
    assert listing.context["session_count"] == 2

    laptop.post("/accounts/sessions/")

    assert UserSession.objects.filter(user=alice).count() == 1
    assert "_auth_user_id" not in phone.session
    assert "_auth_user_id" in laptop.session


def test_an_active_session_moves_its_expiry_at_most_once_a_minute(client, alice):
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(alice)
    key = client.session.session_key
    first_expiry = Session.objects.get(session_key=key).expire_date

    # Right after login: the session is not written again.
    with CaptureQueriesContext(connection) as queries:
        client.get("/accounts/2fa/")
    assert not [q for q in queries if 'UPDATE "django_session"' in q["sql"]]

    session = client.session
    session[LAST_ACTIVITY_KEY] -= 120  # as if the last page was 2 minutes ago
    session.save()
    client.get("/accounts/2fa/")

    assert Session.objects.get(session_key=key).expire_date > first_expiry


def test_a_session_idle_past_the_limit_is_logged_out(client, alice):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.force_login(alice)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    assert client.get("/accounts/2fa/")["Location"].startswith(LOGIN)


def test_the_inactivity_limit_is_an_hour_by_default():
    assert settings.SESSION_COOKIE_AGE == 60 * 60


def test_mfa_marker_of_one_user_does_not_serve_another(client, staff, fund_manager):
    TOTP.activate(fund_manager, generate_totp_secret())
    client.force_login(staff)
    mark_second_factor_passed(client, staff)
    client.force_login(fund_manager)  # same browser, another account

    response = client.get("/security/audit/")

    assert response["Location"] == LOGIN


def test_a_login_form_posted_without_csrf_token_is_refused(alice, verified):
    client = Client(enforce_csrf_checks=True)

    response = log_in(client, alice)

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_accounts_from_before_verification_keep_working(alice):
    from importlib import import_module

    from allauth.account.models import EmailAddress
    from django.apps import apps as global_apps

    migration = import_module("security.migrations.0002_verify_existing_addresses")
    migration.verify_existing_addresses(global_apps, None)

    address = EmailAddress.objects.get(user=alice)
    assert address.verified and address.primary


# allauth announces the new factor once its transaction commits, inside the
# request: that takes a real commit, not the test's enclosing transaction.
@pytest.mark.django_db(transaction=True)
def test_staff_set_up_totp_then_log_in_with_it(client, staff, verified):
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

    log_in(client, staff)
    setup = client.get("/security/audit/", follow=True)
    # Setting up a factor asks for the password again (allauth), no loop.
    assert setup.redirect_chain[-1][0].startswith("/accounts/reauthenticate/")
    client.post(
        "/accounts/reauthenticate/?next=/accounts/2fa/totp/activate/",
        {"password": PASSWORD},
    )
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200
    secret = client.session[SECRET_SESSION_KEY]

    client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    # A valid code was just entered: this session goes on.
    assert client.get("/accounts/2fa/recovery-codes/").status_code == 200
    assert client.get("/security/audit/").status_code == 200

    client.post("/accounts/logout/")
    assert log_in(client, staff)["Location"] == "/accounts/2fa/authenticate/"
    client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert client.get("/security/audit/").status_code == 200


def test_the_apps_tests_log_staff_in_without_a_code(client, staff, settings):
    settings.MFA_ENFORCED = False  # what iacd_portal/settings_test.py sets
    client.force_login(staff)

    assert client.get("/security/audit/").status_code == 200
