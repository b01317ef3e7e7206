"""The lists of funds, notifications and reports hold, for every role, exactly
the rows its declared policy lets it read: the access matrix checks each
record's own URL; here the same records are looked for in the lists (pages
and API), where a status code proves nothing."""

import pytest
from django.urls import reverse

from .cases import PROVIDERS
from .conftest import log_in_as
from .policies import ANONYMOUS, ROLES
from .policies_funds import OWNERS, _contributor_reader, _reads_proposal

pytestmark = pytest.mark.django_db
LOGGED_IN = [role for role in ROLES if role != ANONYMOUS]


def _cases(world, provider):
    return [case for case in PROVIDERS[provider](world) if case.state != "missing"]


def _links(response, cases, url_name):
    """The cases whose detail link the page shows."""
    html = response.content.decode()
    return {
        case.label
        for case in cases
        if f'href="{reverse(url_name, args=[case.kwargs["pk"]])}"' in html
    }


def _api_ids(client, url_name) -> set[int]:
    response = client.get(reverse(url_name), {"page_size": 100})
    assert response.status_code == 200
    body = response.json()
    assert body["next"] is None
    return {row["id"] for row in body["results"]}


@pytest.mark.parametrize("role", LOGGED_IN)
def test_proposal_lists_hold_what_the_role_may_read(client, world, users, role):
    cases = _cases(world, "fund-proposal")
    expected = {case.label for case in cases if _reads_proposal(role, case)}
    log_in_as(client, users, role)

    page = client.get(reverse("funds:proposal-list"))
    cycle = PROVIDERS["fund-cycle"](world)[0].kwargs["pk"]
    cycle_page = client.get(reverse("funds:cycle-detail", args=[cycle]))
    api = _api_ids(client, "fund-proposal-list")

    assert _links(page, cases, "funds:proposal-detail") == expected
    assert _links(cycle_page, cases, "funds:proposal-detail") == expected
    assert api == {c.kwargs["pk"] for c in cases if c.label in expected}


@pytest.mark.parametrize("role", LOGGED_IN)
def test_contribution_and_ledger_lists_hold_the_contributors_own(
    client, world, users, role
):
    contributions = _cases(world, "fund-contribution")
    entries = _cases(world, "fund-ledger-entry")
    log_in_as(client, users, role)

    page = client.get(reverse("funds:contribution-list"))

    readable = {c.label for c in contributions if _contributor_reader(role, c)}
    assert _links(page, contributions, "funds:contribution-detail") == readable
    assert _api_ids(client, "fund-contribution-list") == {
        c.kwargs["pk"] for c in contributions if c.label in readable
    }
    assert _api_ids(client, "fund-ledger-entry-list") == {
        c.kwargs["pk"] for c in entries if _contributor_reader(role, c)
    }


@pytest.mark.parametrize("role", LOGGED_IN)
def test_review_list_holds_only_the_reviewers_own(client, world, users, role):
    cases = _cases(world, "review-assignment")
    log_in_as(client, users, role)

    page = client.get(reverse("funds:review-list"))

    mine = {"cleared", "undeclared", "conflicted"} if role == "reviewer" else set()
    assert _links(page, cases, "funds:review-detail") == mine


@pytest.mark.parametrize("role", LOGGED_IN)
def test_report_list_and_bell_hold_only_the_users_own(client, world, users, role):
    jobs = _cases(world, "report-job")
    notifications = _cases(world, "notification")
    log_in_as(client, users, role)

    reports = client.get(reverse("reports:list"))
    bell = client.get(reverse("notifications:bell"))
    listed = client.get(reverse("notifications:list"))

    # Staff read every report by its link, but their list is their own.
    own = {c.label for c in jobs if OWNERS[c.state] == role}
    assert _links(reports, jobs, "reports:detail") == own
    mine = [c for c in notifications if OWNERS[c.state] == role]
    assert bell.context["unread"] == len(mine)
    assert [n.pk for n in listed.context["page"]] == [c.kwargs["pk"] for c in mine]
