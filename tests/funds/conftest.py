"""Fixtures of the funds tests: the DCF with a sub-fund, money in it, an open
cycle, and proposals of Jamaica and Mexico."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from funds.services import ledger, proposals

from .factories import CycleFactory, FundFactory, eur, usd


@pytest.fixture(autouse=True)
def english():
    """Each test starts in English and leaves English behind: a request to a
    /es/ page activates Spanish for the rest of the thread."""
    with translation.override("en"):
        yield


@pytest.fixture
def dcf(db):
    return FundFactory(name="Development Cooperation Fund", code="dcf", currency=usd())


@pytest.fixture
def euro(db):
    return eur()


@pytest.fixture
def funded_dcf(dcf, fund_manager, mexico):
    """The DCF with 100,000 USD received from Mexico and no ICR."""
    contribution = ledger.record_pledge(
        actor=fund_manager,
        fund=dcf,
        amount="100000",
        currency="USD",
        pledged_on=date(2026, 1, 10),
        contributor_state=mexico,
    )
    ledger.record_receipt(
        actor=fund_manager,
        contribution=contribution,
        amount="100000",
        currency="USD",
        received_on=date(2026, 2, 1),
    )
    return dcf


@pytest.fixture
def cycle(dcf, fund_manager):
    return CycleFactory(fund=dcf, name="Cycle 2026–2027", created_by=fund_manager)


def make_proposal(actor, cycle, country, *, amount="50000", others=(), title=None):
    """A draft of ``country`` in ``cycle`` with two budget lines adding up."""
    amount = Decimal(amount)
    return proposals.create_proposal(
        actor=actor,
        cycle=cycle,
        country=country,
        theme=cycle.themes.first(),
        title=title or f"Project of {country}",
        objectives="Train teachers.",
        duration_months=24,
        requested_amount=amount,
        budget_lines=[("Training", amount - 1000), ("Travel", Decimal(1000))],
        beneficiary_countries=others,
    )


def approve(proposal, *, staff, reviewer):
    """Take a draft through submission, eligibility, scoring and approval."""
    proposals.submit_proposal(actor=proposal.created_by, proposal=proposal)
    proposals.check_eligibility(actor=staff, proposal=proposal, eligible=True)
    assignment = proposals.assign_reviewer(
        actor=staff, proposal=proposal, reviewer=reviewer
    )
    proposals.declare_conflict_of_interest(
        actor=reviewer, assignment=assignment, has_conflict=False
    )
    proposals.score_proposal(
        actor=reviewer,
        assignment=assignment,
        scores=dict.fromkeys(proposal.cycle.criteria.all(), 8),
    )
    proposals.complete_evaluation(actor=staff, proposal=proposal)
    proposals.record_board_decision(actor=staff, proposal=proposal, approved=True)
    proposal.refresh_from_db()
    return proposal


@pytest.fixture
def jamaica_draft(alice, cycle, jamaica):
    return make_proposal(alice, cycle, jamaica, title="Jamaica's draft")
