"""manage.py demo_users: the users of a local demo."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.management.commands.demo_users import DEFAULT_DEMO_PASSWORD
from accounts.models import RoleMembership, User
from accounts.roles import Role

pytestmark = pytest.mark.django_db

EMAILS = {
    "staff@demo.iacd.example",
    "jamaica@demo.iacd.example",
    "mexico@demo.iacd.example",
}


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def demo_users(*args) -> str:
    out = StringIO()
    call_command("demo_users", *args, stdout=out)
    return out.getvalue()


def test_creates_staff_and_focal_points_and_says_how_to_log_in(debug, jamaica, mexico):
    output = demo_users()

    assert set(User.objects.values_list("email", flat=True)) == EMAILS
    focal_point = User.objects.get(email="jamaica@demo.iacd.example")
    assert focal_point.check_password(DEFAULT_DEMO_PASSWORD)
    assert RoleMembership.objects.get(user=focal_point).country == jamaica
    assert (
        RoleMembership.objects.get(user__email="staff@demo.iacd.example").role
        == Role.IACD_STAFF
    )
    for email in EMAILS:
        assert email in output
    assert f"with the password {DEFAULT_DEMO_PASSWORD}." in output
    assert "/accounts/login/" in output


def test_password_comes_from_the_environment(debug, jamaica, mexico, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "another-demo-secret")

    output = demo_users()

    assert User.objects.get(email="staff@demo.iacd.example").check_password(
        "another-demo-secret"
    )
    assert "another-demo-secret" in output


def test_second_run_changes_nothing(debug, jamaica, mexico):
    demo_users()
    staff = User.objects.get(email="staff@demo.iacd.example")
    staff.set_password("changed-since")
    staff.save()

    output = demo_users()

    assert "nothing changed" in output
    assert User.objects.count() == 3
    assert RoleMembership.objects.count() == 3
    staff.refresh_from_db()
    assert staff.check_password("changed-since")


def test_refuses_with_debug_off(settings, jamaica, mexico):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="refusing with DJANGO_DEBUG off"):
        demo_users()

    assert not User.objects.exists()


def test_force_runs_with_debug_off(settings, jamaica, mexico):
    settings.DEBUG = False

    demo_users("--force")

    assert User.objects.count() == 3


def test_asks_for_the_reference_data_first(debug, jamaica):
    with pytest.raises(CommandError, match="MEX is missing; run `manage.py load_ref"):
        demo_users()

    assert not User.objects.exists()
