"""Allocations made at the same moment never take the available balance
below zero: each runs in its own thread, connection and transaction against
PostgreSQL, and they all start together."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

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


def test_second_allocation_waits_for_the_first_and_sees_it(
    funded_dcf, fund_manager, approved_projects
):
    """The first allocation holds its transaction open; the second must wait
    on the fund's lock (seen in pg_stat_activity) and, once the first
    commits, find the money gone. Without the lock the second would read the
    old balance and succeed."""
    first, second = approved_projects(2, "60000")
    first_allocated = threading.Event()
    release_first = threading.Event()
    outcomes = {}

    def allocate_and_hold():
        try:
            with transaction.atomic():
                allocate_to_project(actor=fund_manager, proposal=first, amount="60000")
                first_allocated.set()
                release_first.wait(timeout=30)
            outcomes["first"] = "allocated"
        finally:
            connection.close()

    def allocate_second():
        try:
            allocate_to_project(actor=fund_manager, proposal=second, amount="60000")
            outcomes["second"] = "allocated"
        except ValidationError:
            outcomes["second"] = "refused"
        finally:
            connection.close()

    holder = threading.Thread(target=allocate_and_hold)
    holder.start()
    assert first_allocated.wait(timeout=30)
    waiter = threading.Thread(target=allocate_second)
    waiter.start()
    waiting = wait_for_lock_waiter(waiter)
    release_first.set()
    holder.join()
    waiter.join()

    assert waiting
    assert outcomes == {"first": "allocated", "second": "refused"}
    assert funded_dcf.balances()["available"] == Decimal("40000")


def wait_for_lock_waiter(thread) -> bool:
    """Whether some backend came to wait on a row lock while ``thread`` ran."""
    with connection.cursor() as cursor:
        for _ in range(3000):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return True
            if not thread.is_alive():
                return False
            threading.Event().wait(0.01)
    return False
