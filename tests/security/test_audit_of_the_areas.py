"""The business records of CooperaNet, activities, good practices, country
profiles and the funds keep their history: "who changed this figure and what
was it before" is answered by the audit page, and the record pages link to it
for those who may read it."""

from decimal import Decimal

import pytest

from cooperation.models import PostingState
from cooperation.services import cooperanet
from funds.models import LedgerEntry
from funds.services import proposals
from security.history import tracked_models
from tests.cooperation.factories import PostingFactory
from tests.funds.factories import CycleFactory, FundFactory, usd

from .conftest import log_in_as
from .test_audit import change_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_proposal(alice, jamaica, fund_manager):
    cycle = CycleFactory(fund=FundFactory(currency=usd()), created_by=fund_manager)
    return proposals.create_proposal(
        actor=alice,
        cycle=cycle,
        country=jamaica,
        theme=cycle.themes.first(),
        title="Teachers for rural schools",
        objectives="Train teachers.",
        duration_months=24,
        requested_amount=Decimal(50000),
        budget_lines=[("Training", Decimal(49000)), ("Travel", Decimal(1000))],
    )


def changes_of(client, label, pk):
    return client.get(
        "/api/v1/audit/changes/", {"kind": label, "object_id": pk}
    ).json()["results"]


def test_the_areas_business_models_are_tracked_but_not_the_ledger():
    labels = {model._meta.label for model in tracked_models()}
    assert {
        "cooperation.Posting",
        "cooperation.Activity",
        "cooperation.GoodPractice",
        "cooperation.CountryProfile",
        "funds.Fund",
        "funds.ProgrammingCycle",
        "funds.Proposal",
        "funds.Contribution",
        "funds.IcrRate",
    } <= labels
    # Ledger entries are immutable; the ledger is its own history.
    assert LedgerEntry not in tracked_models()


def test_who_changed_a_proposal_figure_and_what_it_was_before(
    client, users, alice, draft_proposal
):
    change_as(
        alice,
        lambda: proposals.update_draft(
            actor=alice,
            proposal=draft_proposal,
            requested_amount=Decimal(45000),
            budget_lines=[("Training", Decimal(44000)), ("Travel", Decimal(1000))],
        ),
    )
    log_in_as(client, users, "staff")

    latest = changes_of(client, "funds.Proposal", draft_proposal.pk)[0]
    assert latest["changed_by"] == alice.email
    amount = next(c for c in latest["changes"] if c["field"] == "amount requested")
    assert Decimal(amount["before"]) == 50000
    assert Decimal(amount["after"]) == 45000

    page = client.get(f"/security/audit/funds.Proposal/{draft_proposal.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert alice.email in body and "50000" in body and "45000" in body


def test_who_changed_a_posting_figure_and_what_it_was_before(
    client, users, alice, jamaica
):
    posting = PostingFactory(
        country=jamaica,
        state=PostingState.DRAFT,
        estimated_value=Decimal(8000),
        currency=usd(),
    )
    change_as(
        alice,
        lambda: cooperanet.update_posting(
            actor=alice, posting=posting, values={"estimated_value": Decimal(9500)}
        ),
    )
    log_in_as(client, users, "staff")

    latest = changes_of(client, "cooperation.Posting", posting.pk)[0]
    assert latest["changed_by"] == alice.email
    value = next(c for c in latest["changes"] if c["field"] == "estimated value")
    assert (Decimal(value["before"]), Decimal(value["after"])) == (8000, 9500)


def test_record_pages_link_to_their_history_for_those_who_may_read_it(
    client, users, draft_proposal
):
    url = f"/security/audit/funds.Proposal/{draft_proposal.pk}/"
    log_in_as(client, users, "staff")
    assert url in client.get(draft_proposal.get_absolute_url()).content.decode()

    log_in_as(client, users, "focal_b")
    assert client.get(url).status_code == 404
