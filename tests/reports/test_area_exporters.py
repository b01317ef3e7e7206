"""The lists of CooperaNet, activities and the funds are exportable as
report jobs, each narrowed to what the requester may see and to the page's
filters."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cooperation.models import PostingKind, PostingState
from funds.services import ledger, proposals
from reports.exporters import EXPORTERS
from reports.models import ReportJob
from reports.services.jobs import request_report, run_report
from tests.cooperation.factories import (
    ActivityFactory,
    PostingFactory,
    load_reference_codes,
)
from tests.funds.factories import CycleFactory, FundFactory, usd

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def exported(user, exporter, filters=None) -> list[list[str]]:
    job = request_report(
        actor=user,
        kind="export",
        format="csv",
        parameters={"exporter": exporter, "filters": filters or {}},
    )
    assert run_report(job.pk) is True
    job.refresh_from_db()
    with job.file.open("rb") as handle:
        return list(csv.reader(io.StringIO(handle.read().decode("utf-8-sig"))))


def test_the_areas_lists_are_registered():
    assert {
        "cooperanet_postings",
        "activities",
        "fund_proposals",
        "fund_contributions",
    } <= set(EXPORTERS)


def test_postings_export_shows_what_the_requester_may_see(alice, jamaica, mexico):
    PostingFactory(country=jamaica, title="Jamaica draft")
    PostingFactory(country=mexico, title="Mexico draft")
    PostingFactory(
        country=mexico,
        kind=PostingKind.OFFER,
        state=PostingState.PUBLISHED,
        title="Mexico offer",
    )

    titles = {row[2] for row in exported(alice, "cooperanet_postings")[1:]}
    assert titles == {"Jamaica draft", "Mexico offer"}

    offers = exported(alice, "cooperanet_postings", {"kind": ["offer"]})
    assert [row[2] for row in offers[1:]] == ["Mexico offer"]


def test_activities_export_leaves_out_another_country_drafts(alice, jamaica, mexico):
    load_reference_codes()
    ActivityFactory(title={"en": "Published"})
    ActivityFactory(
        title={"en": "Mexico draft"}, is_published=False, owner_country=mexico
    )

    titles = {row[1] for row in exported(alice, "activities")[1:]}
    assert "Published" in titles
    assert "Mexico draft" not in titles


@pytest.fixture
def funds_records(alice, jamaica, mexico, fund_manager):
    fund = FundFactory(currency=usd())
    cycle = CycleFactory(fund=fund, created_by=fund_manager)
    proposals.create_proposal(
        actor=alice,
        cycle=cycle,
        country=jamaica,
        theme=cycle.themes.first(),
        title="Jamaica project",
        objectives="Train teachers.",
        duration_months=24,
        requested_amount=Decimal(50000),
        budget_lines=[("Training", Decimal(50000))],
    )
    ledger.record_pledge(
        actor=fund_manager,
        fund=fund,
        amount="25000",
        currency="USD",
        pledged_on=date(2026, 1, 10),
        contributor_state=mexico,
    )
    return fund


def test_proposals_export_is_scoped_to_the_country(funds_records, alice, bob):
    assert [row[2] for row in exported(alice, "fund_proposals")[1:]] == [
        "Jamaica project"
    ]
    assert exported(bob, "fund_proposals")[1:] == []


def test_contributions_export_is_for_contributors_and_managers(
    funds_records, alice, bob, fund_manager
):
    assert [row[1] for row in exported(bob, "fund_contributions")[1:]] == ["MEX"]
    assert [row[1] for row in exported(fund_manager, "fund_contributions")[1:]] == [
        "MEX"
    ]
    assert exported(alice, "fund_contributions")[1:] == []


def statement_job(user, **parameters):
    return request_report(
        actor=user,
        kind="fund_statement",
        format=parameters.pop("format", "pdf"),
        parameters={"start": "2026-01-01", "end": "2026-12-31", **parameters},
    )


def test_a_fund_statement_is_made_as_a_report_job(funds_records, fund_manager):
    job = statement_job(fund_manager, fund=funds_records.code)
    assert run_report(job.pk) is True
    job.refresh_from_db()
    assert job.file.name.endswith(f"statement-{funds_records.code}.pdf")
    with job.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_a_fund_statement_is_for_fund_managers_only(funds_records, bob):
    with pytest.raises(PermissionDenied):
        statement_job(bob, fund=funds_records.code)


@pytest.mark.parametrize(
    "wrong",
    [
        {"format": "xlsx"},
        {"fund": "no-such-fund"},
        {"start": "someday"},
        {"start": "2027-01-01"},
    ],
)
def test_a_fund_statement_request_is_checked(funds_records, fund_manager, wrong):
    with pytest.raises(ValidationError):
        statement_job(fund_manager, **{"fund": funds_records.code, **wrong})
    assert not ReportJob.objects.exists()


def test_a_list_page_asks_for_its_filtered_export_in_the_background(
    client, alice, jamaica, mexico
):
    from django.urls import reverse

    PostingFactory(
        country=mexico,
        kind=PostingKind.OFFER,
        state=PostingState.PUBLISHED,
        title="Mexico offer",
    )
    client.force_login(alice)
    page = client.get(reverse("cooperation:overview"), {"kind": "offer"})
    body = page.content.decode()
    assert 'name="exporter" value="cooperanet_postings"' in body
    assert 'name="filters" value="kind=offer"' in body

    client.post(
        reverse("reports:new"),
        {"exporter": "cooperanet_postings", "format": "xlsx", "filters": "kind=offer"},
    )
    job = ReportJob.objects.get(requested_by=alice)
    assert job.parameters == {
        "exporter": "cooperanet_postings",
        "filters": {"kind": ["offer"]},
    }


def test_fund_lists_offer_the_background_export(client, funds_records, alice):
    from django.urls import reverse

    client.force_login(alice)
    body = client.get(reverse("funds:proposal-list")).content.decode()
    assert 'name="exporter" value="fund_proposals"' in body
