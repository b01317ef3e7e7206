"""Execution of an approved project: allocation, tranches, reports due and
closing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from funds.models import (
    EntryKind,
    LedgerEntry,
    ProposalStatus,
    ReportDueDate,
    ReportKind,
    ReportStatus,
)
from funds.services import execution

from .conftest import approve, make_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(funded_dcf, alice, cycle, jamaica, staff, reviewer):
    return approve(make_proposal(alice, cycle, jamaica), staff=staff, reviewer=reviewer)


def test_allocation_puts_the_project_in_execution(project, fund_manager, funded_dcf):
    execution.allocate_to_project(actor=fund_manager, proposal=project, amount="50000")

    project.refresh_from_db()
    assert project.status == ProposalStatus.IN_EXECUTION
    assert funded_dcf.balances()["available"] == Decimal("50000")
    assert project.events.last().to_status == ProposalStatus.IN_EXECUTION


def test_allocation_larger_than_the_available_balance_is_refused(
    funded_dcf, fund_manager, alice, cycle, jamaica, staff, reviewer
):
    big = approve(
        make_proposal(alice, cycle, jamaica, amount="150000"),
        staff=staff,
        reviewer=reviewer,
    )
    with pytest.raises(ValidationError) as error:
        execution.allocate_to_project(
            actor=fund_manager, proposal=big, amount="100000.01"
        )

    assert "available balance" in error.value.message_dict["amount"][0]
    assert not LedgerEntry.objects.filter(kind=EntryKind.ALLOCATED).exists()
    big.refresh_from_db()
    assert big.status == ProposalStatus.APPROVED


def test_allocation_beyond_the_approved_budget_is_refused(project, fund_manager):
    with pytest.raises(ValidationError):
        execution.allocate_to_project(
            actor=fund_manager, proposal=project, amount="50000.01"
        )


def test_negative_allocation_is_refused(project, fund_manager):
    with pytest.raises(ValidationError):
        execution.allocate_to_project(actor=fund_manager, proposal=project, amount="-1")


def test_tranches_disburse_the_allocation(project, fund_manager, funded_dcf):
    execution.allocate_to_project(actor=fund_manager, proposal=project, amount="50000")
    first = execution.plan_tranche(
        actor=fund_manager,
        proposal=project,
        amount="20000",
        planned_on=date(2026, 6, 1),
    )
    execution.disburse_tranche(actor=fund_manager, tranche=first)

    figures = execution.project_figures(project)
    assert figures["disbursed_total"] == Decimal("20000")
    assert figures["undisbursed"] == Decimal("30000")
    with pytest.raises(ValidationError):
        execution.disburse_tranche(actor=fund_manager, tranche=first)
    with pytest.raises(ValidationError):
        execution.plan_tranche(
            actor=fund_manager,
            proposal=project,
            amount="30000.01",
            planned_on=date(2026, 9, 1),
        )


def test_report_due_dates_are_rows_with_a_status(project, fund_manager):
    report = execution.schedule_report(
        actor=fund_manager,
        proposal=project,
        kind=ReportKind.PROGRESS,
        due_on=date(2026, 12, 31),
    )
    assert list(ReportDueDate.objects.outstanding()) == [report]

    execution.mark_report_submitted(actor=fund_manager, report=report)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert not ReportDueDate.objects.outstanding().exists()


def test_closing_returns_the_unspent_balance(project, fund_manager, funded_dcf):
    execution.allocate_to_project(actor=fund_manager, proposal=project, amount="50000")
    tranche = execution.plan_tranche(
        actor=fund_manager,
        proposal=project,
        amount="35000",
        planned_on=date(2026, 6, 1),
    )
    execution.disburse_tranche(actor=fund_manager, tranche=tranche)
    execution.plan_tranche(
        actor=fund_manager, proposal=project, amount="5000", planned_on=date(2026, 9, 1)
    )
    execution.schedule_report(
        actor=fund_manager, proposal=project, kind="final", due_on=date(2027, 1, 1)
    )

    execution.close_project(actor=fund_manager, proposal=project)

    project.refresh_from_db()
    assert project.status == ProposalStatus.CLOSED
    assert execution.project_figures(project)["returned_total"] == Decimal("15000")
    assert funded_dcf.balances()["available"] == Decimal("65000")
    assert project.tranches.count() == 1
    assert project.report_due_dates.get().status == ReportStatus.WAIVED


def test_focal_point_cannot_allocate(project, alice):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        execution.allocate_to_project(actor=alice, proposal=project, amount="1")


def test_report_received_through_the_page(client, project, fund_manager, alice):
    from django.urls import reverse

    report = execution.schedule_report(
        actor=fund_manager, proposal=project, kind="progress", due_on=date(2026, 9, 1)
    )
    url = reverse("funds:report-received", args=[report.pk])

    client.force_login(alice)
    client.post(url)
    report.refresh_from_db()
    assert report.status == ReportStatus.DUE

    client.force_login(fund_manager)
    client.post(url)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
