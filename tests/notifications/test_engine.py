"""The notification engine: one creation per key, preferences, e-mail in the
recipient's language, the bell and the list."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from notifications.kinds import Delivery
from notifications.models import EmailStatus, Notification
from notifications.services.delivery import send_notification
from notifications.services.notify import mark_read, notify, set_preference

pytestmark = pytest.mark.django_db


def _notify(user, key="k1", kind="workplan_step_due", **context):
    context = {"step": "1.2", "due_date": "2026-12-10", "status": "x", **context}
    return notify(user, kind, key=key, context=context)


def test_the_same_key_creates_one_notification(alice):
    first, created_first = _notify(alice)
    second, created_second = _notify(alice)

    assert (created_first, created_second) == (True, False)
    assert first.pk == second.pk
    assert Notification.objects.filter(recipient=alice).count() == 1


def test_the_database_refuses_a_second_row_with_the_same_key(alice):
    _notify(alice)
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            recipient=alice,
            kind="account",
            key="k1",
            language="en",
            send_after="2026-01-01T00:00Z",
        )


def test_the_same_key_for_another_recipient_is_another_notification(alice, bob):
    _notify(alice)
    _notify(bob)
    assert Notification.objects.count() == 2


def test_notification_links_the_record_it_is_about(alice, jamaica):
    notification, _ = notify(
        alice,
        "focal_point_inactive",
        key="about",
        about=jamaica,
        context={"state": "Jamaica", "since": "2026-01-01"},
    )
    assert notification.about == jamaica


def test_an_undeclared_kind_is_refused(alice):
    with pytest.raises(KeyError):
        notify(alice, "no_such_kind", key="x")


def test_email_is_written_in_the_recipients_language(alice):
    alice.preferred_language = "es"
    alice.save()
    notification, _ = _notify(alice)

    assert send_notification(notification.pk) is True

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@jamaica.example"]
    assert (
        mail.outbox[0].subject == "El paso 1.2 del plan de trabajo vence el 2026-12-10"
    )
    assert "Estimada/o Alice" in mail.outbox[0].body


def test_sending_marks_the_row_sent_and_a_second_send_does_nothing(alice):
    notification, _ = _notify(alice)

    assert send_notification(notification.pk) is True
    assert send_notification(notification.pk) is False

    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SENT
    assert notification.attempts == 1
    assert len(mail.outbox) == 1


def test_kind_turned_off_is_shown_but_not_emailed(alice):
    set_preference(actor=alice, kind="workplan_step_due", delivery=Delivery.OFF)
    notification, _ = _notify(alice)

    assert notification.email_status == EmailStatus.SKIPPED
    assert send_notification(notification.pk) is False
    assert mail.outbox == []


def test_security_notices_cannot_be_turned_off(alice):
    with pytest.raises(ValidationError):
        set_preference(actor=alice, kind="security", delivery=Delivery.OFF)


def test_a_mandatory_kind_is_sent_at_once_whatever_was_stored(alice):
    from notifications.models import NotificationPreference

    NotificationPreference.objects.create(
        user=alice, kind="account", delivery=Delivery.OFF
    )
    notification, _ = notify(
        alice, "account", key="acc", context={"title": "t", "message": "m"}
    )
    assert notification.delivery == Delivery.IMMEDIATELY
    assert notification.email_status == EmailStatus.PENDING


def test_daily_digest_collects_notifications_into_one_email(alice):
    from notifications.tasks import send_digests

    set_preference(actor=alice, kind="workplan_step_due", delivery=Delivery.DAILY)
    first, _ = _notify(alice, key="a", step="1.1")
    _notify(alice, key="b", step="1.2")

    assert send_notification(first.pk) is False  # Waits for the digest.
    assert send_digests("daily") == 1
    assert send_digests("daily") == 0

    assert len(mail.outbox) == 1
    assert "1.1" in mail.outbox[0].body and "1.2" in mail.outbox[0].body
    assert set(Notification.objects.values_list("email_status", flat=True)) == {
        EmailStatus.SENT
    }


def test_mark_read_only_for_the_recipient(alice, bob):
    notification, _ = _notify(alice)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        mark_read(actor=bob, notification=notification)
    mark_read(actor=alice, notification=notification)
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_bell_shows_the_unread_count(client, alice):
    _notify(alice, key="a")
    _notify(alice, key="b")
    client.force_login(alice)

    response = client.get(reverse("notifications:bell"))

    assert response.status_code == 200
    assert 'text-bg-warning">2<' in response.content.decode()


def test_pages_load_the_bell_after_themselves(client, alice):
    client.force_login(alice)
    content = client.get(reverse("notifications:list")).content.decode()
    assert f'hx-get="{reverse("notifications:bell")}"' in content
    assert "vendor/htmx/htmx.min.js" in content


def test_anonymous_bell_is_empty(client):
    response = client.get(reverse("notifications:bell"))
    assert "badge" not in response.content.decode()


def test_list_shows_only_ones_own_notifications(client, alice, bob):
    _notify(alice, key="a", step="ALICE-STEP")
    _notify(bob, key="b", step="BOB-STEP")
    client.force_login(bob)

    content = client.get(reverse("notifications:list")).content.decode()

    assert "BOB-STEP" in content
    assert "ALICE-STEP" not in content


def test_list_query_count_does_not_grow_with_rows(
    client, alice, django_assert_max_num_queries
):
    client.force_login(alice)
    for index in range(30):
        _notify(alice, key=f"k{index}")
    with django_assert_max_num_queries(6):
        client.get(reverse("notifications:list"))


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_marking_someone_elses_notification_read_answers_404(client, alice, bob):
    notification, _ = _notify(alice)
    client.force_login(bob)

    response = client.post(reverse("notifications:read", args=[notification.pk]))

    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_recipient_marks_read_through_the_page(client, alice):
    notification, _ = _notify(alice)
    client.force_login(alice)

    response = client.post(reverse("notifications:read", args=[notification.pk]))

    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_preferences_page_saves_a_choice(client, alice):
    from notifications.models import NotificationPreference

    client.force_login(alice)
    response = client.post(
        reverse("notifications:preferences"),
        {"workplan_step_due": "weekly", "report_ready": "immediately"},
    )
    assert response.status_code == 302
    assert (
        NotificationPreference.objects.get(
            user=alice, kind="workplan_step_due"
        ).delivery
        == Delivery.WEEKLY
    )
    assert not NotificationPreference.objects.filter(kind="security").exists()


def test_unread_count_is_cached_and_refreshed_after_a_change(
    alice, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from notifications.unread import unread_count

    with django_capture_on_commit_callbacks(execute=True):
        first, _ = _notify(alice, key="a")
    assert unread_count(alice) == 1
    with django_assert_num_queries(0):
        assert unread_count(alice) == 1

    with django_capture_on_commit_callbacks(execute=True):
        _notify(alice, key="b")
    assert unread_count(alice) == 2

    with django_capture_on_commit_callbacks(execute=True):
        mark_read(actor=alice, notification=first)
    assert unread_count(alice) == 1
