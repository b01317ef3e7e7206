"""Allocations made at the same moment never take the available balance
below zero: each runs in its own thread, connection and transaction against
PostgreSQL, and they all start together."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from funds.models import EntryKind, LedgerEntry
from funds.services.execution import allocate_to_project

from .conftest import approve, make_proposal

pytestmark = pytest.mark.django_db(transaction=True)


def allocate_concurrently(fund_manager, proposals, amount):
    """Allocate ``amount`` to each proposal, every call in its own thread,
    released at once; returns the outcome of each call."""
    barrier = threading.Barrier(len(proposals))
    outcomes = []

    def allocate(proposal):
        try:
            barrier.wait()
            allocate_to_project(actor=fund_manager, proposal=proposal, amount=amount)
            outcomes.append("allocated")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=allocate, args=(p,)) for p in proposals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


@pytest.fixture
def approved_projects(funded_dcf, cycle, alice, bob, jamaica, mexico, staff, reviewer):
    def build(count, amount):
        focal_points = [(alice, jamaica), (bob, mexico)]
        projects = []
        for n in range(count):
            author, country = focal_points[n % 2]
            draft = make_proposal(
                author, cycle, country, amount=amount, title=f"Project {n}"
            )
            projects.append(approve(draft, staff=staff, reviewer=reviewer))
        return projects

    return build


def test_two_simultaneous_allocations_cannot_overdraw_the_fund(
    funded_dcf, fund_manager, approved_projects
):
    projects = approved_projects(2, "60000")

    outcomes = allocate_concurrently(fund_manager, projects, "60000")

    assert outcomes == ["allocated", "refused"]
    assert funded_dcf.balances()["available"] == Decimal("40000")
    assert LedgerEntry.objects.filter(kind=EntryKind.ALLOCATED).count() == 1


def test_many_simultaneous_allocations_take_exactly_what_is_available(
    funded_dcf, fund_manager, approved_projects
):
    projects = approved_projects(5, "30000")

    outcomes = allocate_concurrently(fund_manager, projects, "30000")

    assert outcomes.count("allocated") == 3
    assert funded_dcf.balances()["available"] == Decimal("10000")
