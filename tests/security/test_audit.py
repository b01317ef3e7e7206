"""The audit trail: who changed a record, when, and what it was before."""

import pytest
from django.http import HttpResponse
from django.template import Context, Template
from django.test import RequestFactory
from simple_history.middleware import HistoryRequestMiddleware

from accounts.models import SubRegion, User
from cooperation.models import ActionStep, StepStatus, WorkplanArea
from cooperation.services.workplan import update_action_step

from .conftest import log_in_as

pytestmark = pytest.mark.django_db


def change_as(user, change):
    """Run ``change`` inside a request made by ``user``, as a view would."""
    request = RequestFactory().post("/")
    request.user = user

    def view(request):
        change()
        return HttpResponse()

    HistoryRequestMiddleware(view)(request)


@pytest.fixture
def step(db):
    area = WorkplanArea.objects.create(number=1, title="Value-add")
    return ActionStep.objects.create(area=area, number="1", position=1, text="Map")


def test_a_change_records_who_and_what_it_was_before(jamaica, staff):
    def move():
        jamaica.subregion = SubRegion.NORTH_AMERICA
        jamaica.save()

    change_as(staff, move)

    latest = jamaica.history.first()
    assert latest.history_user == staff
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("subregion", SubRegion.CARIBBEAN, SubRegion.NORTH_AMERICA)
    ]


def test_a_work_plan_step_change_through_its_service_is_kept(step, staff):
    def follow_up():
        update_action_step(actor=staff, step=step, status=StepStatus.DONE)

    change_as(staff, follow_up)

    latest = step.history.first()
    assert latest.status == StepStatus.DONE
    assert latest.prev_record.status == StepStatus.NOT_STARTED
    assert latest.history_user == staff


def test_user_history_never_keeps_the_password(alice):
    alice.set_password("another-passphrase-9")
    alice.save()

    fields = {f.name for f in User.history.model._meta.fields}
    assert "password" not in fields
    assert alice.history.count() == 2


def test_a_login_is_not_a_change_of_the_user(client, alice):
    before = alice.history.count()
    client.force_login(alice)  # updates last_login only

    assert alice.history.count() == before


def test_staff_find_who_changed_a_figure(client, users, jamaica, staff):
    change_as(
        staff, lambda: setattr(jamaica, "mission_may_edit", False) or jamaica.save()
    )
    log_in_as(client, users, "staff")

    response = client.get(
        "/security/audit/",
        {"kind": "accounts.MemberState", "object_id": jamaica.pk},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert staff.email in body
    assert "True" in body and "False" in body


def test_the_audit_page_query_count_does_not_grow_with_rows(
    client, users, jamaica, staff, django_assert_max_num_queries
):
    for position in range(12):
        change_as(
            staff,
            lambda p=position: setattr(jamaica, "name_fr", f"J{p}") or jamaica.save(),
        )
    log_in_as(client, users, "staff")

    with django_assert_max_num_queries(12):
        client.get("/security/audit/", {"kind": "accounts.MemberState"})


def test_the_audit_api_gives_before_and_after(client, users, jamaica, staff):
    change_as(staff, lambda: setattr(jamaica, "iso2", "JA") or jamaica.save())
    log_in_as(client, users, "staff")

    data = client.get(
        "/api/v1/audit/changes/",
        {"kind": "accounts.MemberState", "object_id": jamaica.pk},
    ).json()

    latest = data["results"][0]
    assert latest["changed_by"] == staff.email
    assert latest["changes"] == [
        {"field": "ISO 3166 alpha-2 code", "before": "JM", "after": "JA"}
    ]


def test_focal_points_are_refused_the_audit(client, users):
    log_in_as(client, users, "focal_a")

    assert client.get("/security/audit/").status_code == 403
    assert client.get("/api/v1/audit/changes/").status_code == 403


def _history_link(user, record):
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load audit %}{% history_link record %}")
    return template.render(Context({"request": request, "record": record}))


def test_the_record_shows_its_history_link_to_staff_only(jamaica, staff, alice):
    assert "/security/audit/accounts.MemberState/" in _history_link(staff, jamaica)
    assert _history_link(alice, jamaica).strip() == ""


def test_work_plan_step_changes_list_in_a_fixed_number_of_queries(
    client, users, staff, django_assert_max_num_queries
):
    area = WorkplanArea.objects.create(number=2, title="Funds")
    for number in range(10):
        step = ActionStep.objects.create(
            area=area, number=str(number), position=number, text="Step"
        )
        change_as(staff, lambda s=step: setattr(s, "status", "done") or s.save())
    log_in_as(client, users, "staff")

    with django_assert_max_num_queries(12):
        response = client.get("/security/audit/", {"kind": "cooperation.ActionStep"})

    assert response.status_code == 200
