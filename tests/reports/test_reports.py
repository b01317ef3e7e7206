"""Report jobs: asking, making the file, progress, download rights, expiry."""

import csv
import io
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from iacd_portal.exports import neutralise_formula
from notifications.models import Notification
from reports.exporters import EXPORTERS
from reports.models import ReportJob, ReportStatus
from reports.services.jobs import purge_expired, request_report, run_report
from reports.tasks import run_report_job
from tests.factories import MemberStateFactory
from tests.notifications.factories import ActionStepFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def export(user, exporter="workplan_steps", format="csv", filters=None):
    job = request_report(
        actor=user,
        kind="export",
        format=format,
        parameters={"exporter": exporter, "filters": filters or {}},
    )
    assert run_report(job.pk) is True
    job.refresh_from_db()
    return job


def csv_rows(job):
    with job.file.open("rb") as handle:
        return list(csv.reader(io.StringIO(handle.read().decode("utf-8-sig"))))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("plain", "plain"),
        (-5, -5),
        (None, None),
    ],
)
def test_neutralise_formula(value, expected):
    assert neutralise_formula(value) == expected


def test_csv_export_of_work_plan_steps_with_formulas_neutralised(alice):
    ActionStepFactory(number="1", text="=cmd|' /C calc'!A0", due_date="2026-12-10")
    ActionStepFactory(number="2", text="Plain text")

    job = export(alice)

    rows = csv_rows(job)
    assert rows[0][:3] == ["Area", "Step", "Text"]
    assert rows[1][1:3] == ["1", "'=cmd|' /C calc'!A0"]
    assert rows[1][5] == "2026-12-10"
    assert len(rows) == 3
    assert (job.status, job.progress, job.rows_written) == (ReportStatus.DONE, 100, 2)


def test_xlsx_export_writes_text_never_formulas(alice):
    ActionStepFactory(number="1", text="=1+1")

    job = export(alice, format="xlsx")

    with job.file.open("rb") as handle, zipfile.ZipFile(handle) as workbook:
        sheet = workbook.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    assert "'=1+1" in sheet


def test_member_states_export_is_registered(alice, jamaica, mexico):
    job = export(alice, exporter="member_states")
    assert [row[0] for row in csv_rows(job)[1:]] == ["JAM", "MEX"]


def test_an_export_applies_the_lists_filters(alice, jamaica, mexico):
    import django_filters

    from accounts.models import MemberState
    from reports.exporters import Exporter, register_exporter

    class StateFilter(django_filters.FilterSet):
        class Meta:
            model = MemberState
            fields = ["iso3"]

    register_exporter(
        Exporter(
            name="test_states",
            label="States",
            columns=(("Code", "iso3"),),
            queryset=lambda user: MemberState.objects.visible_to(user),
            filterset_class=StateFilter,
        )
    )
    try:
        job = export(alice, exporter="test_states", filters={"iso3": ["MEX"]})
    finally:
        EXPORTERS.pop("test_states")
    assert csv_rows(job) == [["Code"], ["MEX"]]


def test_workplan_progress_pdf(alice):
    ActionStepFactory(number="1", status="done")
    job = request_report(
        actor=alice, kind="workplan_progress", format="pdf", parameters={}
    )
    assert run_report(job.pk) is True
    job.refresh_from_db()
    with job.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_the_requester_is_notified_with_a_link(alice):
    job = export(alice)
    notification = Notification.objects.get(recipient=alice, kind="report_ready")
    assert notification.url == reverse("reports:detail", args=[job.pk])


def test_a_job_delivered_twice_is_made_once(alice):
    job = request_report(
        actor=alice,
        kind="export",
        format="csv",
        parameters={"exporter": "workplan_steps"},
    )
    assert run_report_job.apply(args=[job.pk]).result is True
    assert run_report_job.apply(args=[job.pk]).result is False
    assert Notification.objects.filter(kind="report_ready").count() == 1


def test_a_failing_report_is_recorded_as_failed(alice, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("bad data")

    monkeypatch.setattr("reports.services.jobs.write_csv", broken)
    job = request_report(
        actor=alice,
        kind="export",
        format="csv",
        parameters={"exporter": "workplan_steps"},
    )
    assert run_report(job.pk) is False
    job.refresh_from_db()
    assert job.status == ReportStatus.FAILED
    assert "bad data" in job.error
    assert Notification.objects.filter(kind="report_failed").exists()


def test_unknown_exporter_is_refused(alice):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        request_report(
            actor=alice, kind="export", format="csv", parameters={"exporter": "x"}
        )


def test_download_by_requester_and_staff_only(client, alice, bob, staff):
    job = export(alice)
    url = reverse("reports:download", args=[job.pk])

    assert client.get(url).status_code == 302  # Anonymous: to the login page.
    client.force_login(bob)
    assert client.get(url).status_code == 404
    client.force_login(staff)
    assert client.get(url).status_code == 200
    client.force_login(alice)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\xef\xbb\xbfArea")


def test_progress_fragment_polls_until_done(client, alice, bob):
    job = request_report(
        actor=alice,
        kind="export",
        format="csv",
        parameters={"exporter": "workplan_steps"},
    )
    client.force_login(alice)
    url = reverse("reports:progress", args=[job.pk])

    assert 'hx-trigger="every 2s"' in client.get(url).content.decode()
    run_report(job.pk)
    content = client.get(url).content.decode()
    assert "hx-trigger" not in content
    assert reverse("reports:download", args=[job.pk]) in content

    client.force_login(bob)
    assert client.get(url).status_code == 404
    assert client.get(reverse("reports:detail", args=[job.pk])).status_code == 404


def test_asking_through_the_page_queues_a_job(
    client, alice, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr(
        "notifications.tasks.enqueue", lambda task, *args: queued.append(args) or True
    )
    client.force_login(alice)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:new"),
            {"exporter": "member_states", "format": "xlsx", "filters": "iso3=JAM"},
        )

    job = ReportJob.objects.get()
    assert response["Location"] == reverse("reports:detail", args=[job.pk])
    assert job.parameters == {"exporter": "member_states", "filters": {"iso3": ["JAM"]}}
    assert queued == [(job.pk,)]


def test_a_bad_request_shows_the_form_again(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("reports:new"), {"exporter": "nope", "format": "csv"}
    )
    assert response.status_code == 400
    assert not ReportJob.objects.exists()


def test_a_nul_character_in_the_filters_is_refused_not_a_crash(client, alice):
    # The JSON parameters could not be saved: the page answered 500.
    client.force_login(alice)
    response = client.post(
        reverse("reports:new"),
        {"exporter": "member_states", "format": "csv", "filters": "iso3=%00"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    assert not ReportJob.objects.exists()


def test_expired_files_are_deleted(alice):
    job = export(alice)
    path = job.file.path
    ReportJob.objects.filter(pk=job.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )

    assert purge_expired() == 1

    job.refresh_from_db()
    assert job.status == ReportStatus.EXPIRED
    assert not job.file
    import os

    assert not os.path.exists(path)


def test_observer_states_are_exported_too(alice):
    MemberStateFactory(is_observer=True, iso3="QXX", iso2="XX", name_en="Zed")
    job = export(alice, exporter="member_states")
    assert [row[0] for row in csv_rows(job)[1:]] == ["JAM", "QXX"]
    assert mail.outbox == []  # report_ready is queued on commit, not sent here.


def test_report_pages_render_for_the_requester(client, alice):
    client.force_login(alice)
    response = client.post(reverse("reports:new"), {"kind": "workplan_progress"})
    job = ReportJob.objects.get(requested_by=alice)
    assert response["Location"] == reverse("reports:detail", args=[job.pk])

    detail = client.get(response["Location"]).content.decode()
    assert "vendor/htmx/htmx.min.js" in detail
    assert '<progress id="report-progress-bar"' in detail
    assert "<script>" not in detail  # No inline script (CSP).

    listing = client.get(reverse("reports:list")).content.decode()
    assert "Work plan progress (PDF)" in listing


def test_report_list_query_count_does_not_grow_with_jobs(
    client, alice, django_assert_max_num_queries
):
    for _ in range(20):
        ReportJob.objects.create(requested_by=alice, kind="export", format="csv")
    client.force_login(alice)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("reports:list")).status_code == 200
