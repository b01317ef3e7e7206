"""Case providers of the funds, notifications, reports and profile URLs.

The records are built once per matrix run (``_records`` keeps them on the
world) and rows are written directly in the state each case needs: the
matrix tests who may reach a record, not how it got there (the apps' own
tests take the services through the life cycle).
"""

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from .cases import Case, provides

# Every state of a proposal's life cycle.
PROPOSAL_STATES = (
    "draft",
    "submitted",
    "eligible",
    "not_eligible",
    "evaluated",
    "approved",
    "not_approved",
    "in_execution",
    "closed",
)
# The proposals the reviewer persona is assigned to: cleared (declared no
# conflict, so the proposal is open to them), not yet declared, and
# declared in conflict (closed to them for good).
CLEARED = ("eligible", "B")
UNDECLARED = ("eligible", "A")
CONFLICTED = ("evaluated", "A")


def _records(world):
    """The funds' records of countries A and B, built on first use."""
    if getattr(world, "_funds_records", None) is None:
        world._funds_records = _build(world)
    return world._funds_records


def _build(world):
    from accounts.roles import Role
    from funds.models import (
        Proposal,
        ProposalAttachment,
        ReportDueDate,
        ReviewerAssignment,
        Tranche,
    )
    from funds.services import ledger
    from notifications.models import Notification
    from reports.models import ReportJob, ReportStatus
    from tests.factories import user_with_role
    from tests.funds.factories import CycleFactory, FundFactory, usd

    users = world.users
    countries = {"A": world.country_a, "B": world.country_b}
    authors = {"A": users["focal_a"], "B": users["focal_b"]}
    fund = FundFactory(name="DCF", code="dcf", currency=usd())
    cycle = CycleFactory(fund=fund, created_by=users["fund_manager"])
    theme = cycle.themes.first()
    proposals = {}
    for country, state in ((c, s) for c in "AB" for s in PROPOSAL_STATES):
        proposals[state, country] = Proposal.objects.create(
            cycle=cycle,
            theme=theme,
            country=countries[country],
            title=f"{state} of {country}",
            objectives="Train teachers.",
            duration_months=12,
            requested_amount=Decimal(1000),
            status=state,
            created_by=authors[country],
        )
    other_reviewer = user_with_role(Role.REVIEWER, email="other-reviewer@example.org")
    assignments = {
        "cleared": ReviewerAssignment.objects.create(
            proposal=proposals[CLEARED],
            reviewer=users["reviewer"],
            assigned_by=users["fund_manager"],
            conflict_declared_at=timezone.now(),
        ),
        "undeclared": ReviewerAssignment.objects.create(
            proposal=proposals[UNDECLARED],
            reviewer=users["reviewer"],
            assigned_by=users["fund_manager"],
        ),
        "conflicted": ReviewerAssignment.objects.create(
            proposal=proposals[CONFLICTED],
            reviewer=users["reviewer"],
            assigned_by=users["fund_manager"],
            conflict_declared_at=timezone.now(),
            has_conflict=True,
        ),
        "other-reviewer": ReviewerAssignment.objects.create(
            proposal=proposals[CLEARED],
            reviewer=other_reviewer,
            assigned_by=users["fund_manager"],
            conflict_declared_at=timezone.now(),
        ),
    }
    attachments, tranches, reports = {}, {}, {}
    # Documents of a submitted proposal of each country, and of the two the
    # reviewer is assigned to (open to them once cleared, not before).
    documents = {
        "A": ("submitted", "A"),
        "B": ("submitted", "B"),
        "A-undeclared": UNDECLARED,
        "B-assigned": CLEARED,
    }
    for label, (state, country) in documents.items():
        attachments[label] = ProposalAttachment(
            proposal=proposals[state, country],
            title="Budget",
            uploaded_by=authors[country],
        )
        attachments[label].file.save("budget.txt", ContentFile(b"budget"))
    for country in "AB":
        project = proposals["in_execution", country]
        tranches[country] = Tranche.objects.create(
            proposal=project,
            number=1,
            amount=Decimal(500),
            planned_on=date(2026, 9, 1),
        )
        reports[country] = ReportDueDate.objects.create(
            proposal=project, kind="progress", due_on=date(2026, 9, 1)
        )
    contributions = {
        country: ledger.record_pledge(
            actor=users["fund_manager"],
            fund=fund,
            amount="1000",
            currency="USD",
            pledged_on=date(2026, 1, 10),
            contributor_state=countries[country],
        )
        for country in "AB"
    }
    organisation = users["partner"].role_memberships.first().organisation
    contributions["partner"] = ledger.record_pledge(
        actor=users["fund_manager"],
        fund=fund,
        amount="1000",
        currency="USD",
        pledged_on=date(2026, 1, 10),
        contributor_organisation=organisation,
    )
    # X is the focal point of A; "another" is the focal point of B.
    owners = {"X": users["focal_a"], "another": users["focal_b"]}
    notifications, jobs = {}, {}
    for owner, user in owners.items():
        notifications[owner] = Notification.objects.create(
            recipient=user,
            kind="matrix",
            key=f"matrix-{owner}",
            language="en",
            send_after=timezone.now() + timedelta(days=1),
        )
        jobs[owner] = ReportJob.objects.create(
            requested_by=user,
            kind="export",
            format="csv",
            status=ReportStatus.DONE,
            progress=100,
        )
        jobs[owner].file.save("list.csv", ContentFile(b"a,b\n"))
    return {
        "fund": fund,
        "cycle": cycle,
        "proposals": proposals,
        "assignments": assignments,
        "attachments": attachments,
        "tranches": tranches,
        "reports": reports,
        "contributions": contributions,
        "organisation": organisation,
        "notifications": notifications,
        "jobs": jobs,
    }


def _proposal_label(state, country):
    label = f"{state}-{country}"
    if (state, country) == CLEARED:
        return label + "-assigned"
    if (state, country) == UNDECLARED:
        return label + "-undeclared"
    if (state, country) == CONFLICTED:
        return label + "-conflicted"
    return label


@provides("fund")
def funds(world):
    fund = _records(world)["fund"]
    return [
        Case("existing", {"code": fund.code}, state="public"),
        Case("missing", {"code": "no-such-fund"}, state="missing"),
    ]


@provides("fund-cycle")
def cycles(world):
    cycle = _records(world)["cycle"]
    return [
        Case("existing", {"pk": cycle.pk, "cycle_pk": cycle.pk}, state="public"),
        Case("missing", {"pk": 0, "cycle_pk": 0}, state="missing"),
    ]


@provides("fund-proposal")
def proposals(world):
    """Proposals of A and B in every state, one of them assigned to the
    reviewer (cleared), one assigned but not yet declared."""
    records = _records(world)["proposals"]
    cases = [
        Case(_proposal_label(state, country), {"pk": p.pk}, country, state)
        for (state, country), p in records.items()
    ]
    return [*cases, Case("missing", {"pk": 0}, state="missing")]


@provides("fund-proposal-sample")
def proposal_sample(world):
    """The states that change the answer of the pages that change a
    proposal: a draft, one in evaluation (the reviewer's), a frozen one."""
    records = _records(world)["proposals"]
    chosen = [(s, c) for s in ("draft", "eligible", "approved") for c in "AB"]
    cases = [
        Case(_proposal_label(s, c), {"pk": records[s, c].pk}, c, s) for s, c in chosen
    ]
    return [*cases, Case("missing", {"pk": 0}, state="missing")]


# The transition each form fires, and the state in which it is offered.
ACTION_STATES = {
    "submit": "draft",
    "eligibility": "submitted",
    "assign": "eligible",
    "decide": "evaluated",
    "allocate": "approved",
    "tranche": "in_execution",
}


@provides("fund-proposal-action")
def proposal_actions(world):
    records = _records(world)["proposals"]
    cases = [
        Case(
            f"{action}-{_proposal_label(state, country)}",
            {"pk": records[state, country].pk, "action": action},
            country,
            state,
        )
        for action, state in ACTION_STATES.items()
        for country in "AB"
    ]
    draft = records["draft", "A"]
    return [
        *cases,
        # A transition not offered in the proposal's state.
        Case("close-draft-A", {"pk": draft.pk, "action": "close"}, "A", "draft"),
        Case("missing", {"pk": 0, "action": "submit"}, state="missing"),
    ]


def _by_country(name, records):
    """Keys are the owning country, then any suffix of the proposal's label
    ("A-undeclared": a document of the proposal the reviewer has not yet
    declared for)."""
    cases = [
        Case(f"{name}-{key}", {"pk": record.pk}, key[0], "any")
        for key, record in records.items()
    ]
    return [*cases, Case("missing", {"pk": 0}, state="missing")]


@provides("fund-attachment")
def attachments(world):
    return _by_country("attachment", _records(world)["attachments"])


@provides("fund-tranche")
def tranches(world):
    return _by_country("tranche", _records(world)["tranches"])


@provides("fund-report")
def project_reports(world):
    return _by_country("report", _records(world)["reports"])


@provides("fund-contribution")
def contributions(world):
    records = _records(world)["contributions"]
    return [
        Case("contribution-A", {"pk": records["A"].pk}, "A", "pledged"),
        Case("contribution-B", {"pk": records["B"].pk}, "B", "pledged"),
        Case("contribution-partner", {"pk": records["partner"].pk}, None, "partner"),
        Case("missing", {"pk": 0}, state="missing"),
    ]


@provides("fund-ledger-entry")
def ledger_entries(world):
    records = _records(world)["contributions"]
    return [
        Case("entry-A", {"pk": records["A"].entries.get().pk}, "A", "pledged"),
        Case("entry-B", {"pk": records["B"].entries.get().pk}, "B", "pledged"),
        Case(
            "entry-partner",
            {"pk": records["partner"].entries.get().pk},
            None,
            "partner",
        ),
        Case("missing", {"pk": 0}, state="missing"),
    ]


@provides("fund-statement")
def contributor_statements(world):
    organisation = _records(world)["organisation"]
    return [
        Case("state-A", {"kind": "state", "key": world.country_a.iso3}, "A"),
        Case("state-B", {"kind": "state", "key": world.country_b.iso3}, "B"),
        Case(
            "organisation-partner",
            {"kind": "organisation", "key": str(organisation.pk)},
            None,
            "partner",
        ),
        Case("missing", {"kind": "state", "key": "XXX"}, state="missing"),
    ]


@provides("review-assignment")
def review_assignments(world):
    records = _records(world)["assignments"]
    return [
        Case(label, {"pk": assignment.pk}, state=label)
        for label, assignment in records.items()
    ] + [Case("missing", {"pk": 0}, state="missing")]


@provides("notification")
def notifications(world):
    """A notification of X (the focal point of A) and one of another user."""
    records = _records(world)["notifications"]
    return [
        Case("of-X", {"pk": records["X"].pk}, state="of-X"),
        Case("of-another", {"pk": records["another"].pk}, state="of-another"),
        Case("missing", {"pk": 0}, state="missing"),
    ]


@provides("report-job")
def report_jobs(world):
    """A finished report of X (the focal point of A) and one of another."""
    records = _records(world)["jobs"]
    return [
        Case("of-X", {"pk": records["X"].pk}, state="of-X"),
        Case("of-another", {"pk": records["another"].pk}, state="of-another"),
        Case("missing", {"pk": 0}, state="missing"),
    ]


@provides("reminder-kind")
def reminder_kinds(world):
    from notifications.reminders.base import REMINDERS

    return [
        Case("existing", {"kind": sorted(REMINDERS)[0]}, state="existing"),
        Case("missing", {"kind": "no-such-kind"}, state="missing"),
    ]
