"""Execution of approved projects: allocation from the fund, tranches of
disbursement, the reports due, and closing with the unspent balance
returned to the fund."""

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    EntryKind,
    IcrBasis,
    LedgerEntry,
    Proposal,
    ProposalStatus,
    ReportDueDate,
    ReportStatus,
    Tranche,
    TrancheStatus,
)
from ..money import percentage_of, round_money
from .ledger import icr_rate_on, lock_fund, positive_amount, require_fund_manager
from .proposals import _locked, _move

logger = logging.getLogger(__name__)


def project_figures(proposal: Proposal) -> dict:
    """What the project was allocated, disbursed and returned (one query)."""
    return LedgerEntry.objects.filter(
        proposal=proposal, fund_id=proposal.cycle.fund_id
    ).balances()


@transaction.atomic
def allocate_to_project(
    *, actor, proposal: Proposal, amount, value_date: date | None = None
) -> LedgerEntry:
    """Allocate ``amount`` of the fund to an approved project.

    The fund's row is locked first, so that of two fund managers allocating
    at the same moment the second waits and then sees the first allocation:
    the available balance never goes below zero. A fund charging ICR on
    project budgets charges it here, on top of the allocation.
    """
    require_fund_manager(actor)
    amount = positive_amount(amount)
    proposal = _locked(proposal, ProposalStatus.APPROVED, ProposalStatus.IN_EXECUTION)
    fund = lock_fund(proposal.cycle.fund)
    amount = round_money(amount, fund.currency)
    value_date = value_date or timezone.localdate()

    already = project_figures(proposal)["allocated_total"]
    if already + amount > proposal.requested_amount:
        raise ValidationError(
            {
                "amount": _(
                    "The allocations would exceed the %(budget)s approved for "
                    "this project."
                )
                % {"budget": proposal.requested_amount}
            }
        )
    icr = 0
    if fund.icr_basis == IcrBasis.ON_PROJECT_BUDGET:
        icr = percentage_of(amount, icr_rate_on(fund, value_date), fund.currency)
    available = fund.balances()["available"]
    if amount + icr > available:
        raise ValidationError(
            {
                "amount": _(
                    "The amount is larger than the available balance (%(available)s)."
                )
                % {"available": available}
            }
        )

    common = {
        "fund": fund,
        "proposal": proposal,
        "value_date": value_date,
        "created_by": actor,
    }
    entry = LedgerEntry.objects.create(
        kind=EntryKind.ALLOCATED, amount=amount, **common
    )
    if icr > 0:
        LedgerEntry.objects.create(kind=EntryKind.ICR_CHARGED, amount=icr, **common)
    if proposal.status == ProposalStatus.APPROVED:
        _move(proposal, actor, ProposalStatus.IN_EXECUTION)
    logger.info(
        "Allocation made", extra={"proposal_id": proposal.pk, "user_id": actor.pk}
    )
    return entry


@transaction.atomic
def plan_tranche(*, actor, proposal: Proposal, amount, planned_on: date) -> Tranche:
    """Plan the next tranche of a project in execution."""
    require_fund_manager(actor)
    amount = positive_amount(amount)
    proposal = _locked(proposal, ProposalStatus.IN_EXECUTION)
    amount = round_money(amount, proposal.cycle.fund.currency)
    planned = sum(t.amount for t in proposal.tranches.all())
    if planned + amount > project_figures(proposal)["allocated_total"]:
        raise ValidationError(
            {"amount": _("The tranches would exceed the project's allocation.")}
        )
    number = proposal.tranches.count() + 1
    return Tranche.objects.create(
        proposal=proposal, number=number, amount=amount, planned_on=planned_on
    )


@transaction.atomic
def disburse_tranche(
    *, actor, tranche: Tranche, disbursed_on: date | None = None
) -> LedgerEntry:
    """Pay a planned tranche out of the project's allocation."""
    require_fund_manager(actor)
    proposal = _locked(tranche.proposal, ProposalStatus.IN_EXECUTION)
    tranche = Tranche.objects.select_for_update().get(pk=tranche.pk)
    if tranche.status != TrancheStatus.PLANNED:
        raise ValidationError(_("This tranche has already been disbursed."))
    figures = project_figures(proposal)
    if tranche.amount > figures["undisbursed"]:
        raise ValidationError(
            _("The tranche is larger than what remains of the allocation.")
        )
    disbursed_on = disbursed_on or timezone.localdate()
    tranche.status = TrancheStatus.DISBURSED
    tranche.disbursed_on = disbursed_on
    tranche.disbursed_by = actor
    tranche.save()
    return LedgerEntry.objects.create(
        fund_id=proposal.cycle.fund_id,
        kind=EntryKind.DISBURSED,
        amount=tranche.amount,
        value_date=disbursed_on,
        proposal=proposal,
        tranche=tranche,
        created_by=actor,
    )


@transaction.atomic
def schedule_report(
    *, actor, proposal: Proposal, kind: str, due_on: date
) -> ReportDueDate:
    """Set a date on which the project owes a report."""
    require_fund_manager(actor)
    proposal = _locked(proposal, ProposalStatus.APPROVED, ProposalStatus.IN_EXECUTION)
    report, _created = ReportDueDate.objects.get_or_create(
        proposal=proposal, kind=kind, due_on=due_on
    )
    return report


@transaction.atomic
def mark_report_submitted(*, actor, report: ReportDueDate) -> ReportDueDate:
    """Record that a due report has arrived."""
    require_fund_manager(actor)
    report = ReportDueDate.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.DUE:
        raise ValidationError(_("This report is not due."))
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.save(update_fields=["status", "submitted_at"])
    return report


@transaction.atomic
def close_project(
    *, actor, proposal: Proposal, closed_on: date | None = None, note: str = ""
) -> Proposal:
    """Close a project in execution; what was allocated and not disbursed
    returns to the fund's available balance. Planned tranches not paid are
    dropped, and reports still due are waived."""
    require_fund_manager(actor)
    proposal = _locked(proposal, ProposalStatus.IN_EXECUTION)
    fund = lock_fund(proposal.cycle.fund)
    unspent = project_figures(proposal)["undisbursed"]
    if unspent > 0:
        LedgerEntry.objects.create(
            fund=fund,
            kind=EntryKind.RETURNED,
            amount=unspent,
            value_date=closed_on or timezone.localdate(),
            proposal=proposal,
            memo=_("Unspent balance returned at closing"),
            created_by=actor,
        )
    proposal.tranches.filter(status=TrancheStatus.PLANNED).delete()
    proposal.report_due_dates.filter(status=ReportStatus.DUE).update(
        status=ReportStatus.WAIVED
    )
    return _move(proposal, actor, ProposalStatus.CLOSED, note)
