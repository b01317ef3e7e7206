"""The Development Cooperation Fund: an umbrella fund with a sub-fund, an
ICR rate, contributions in several currencies, a programming cycle whose
proposals go from draft to allocation, all through ``funds.services``;
then ``PER_SCALE`` × ``scale`` further contributions (pledge, receipt and
ICR entries) inserted in bulk for benchmarks."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import MemberState
from funds.models import (
    Contribution,
    ContributionReceipt,
    ContributionStatus,
    EntryKind,
    LedgerEntry,
    ReportKind,
)
from funds.money import convert, percentage_of
from funds.services import cycles, execution, ledger, proposals
from reference.models import Currency

from . import SeedContext

UMBRELLA_CODE = "dcf-demo"
PER_SCALE = 10
ICR_RATE = Decimal("0.07")

# (contributor ISO3, amount, currency, rate to USD, share received)
CONTRIBUTIONS = [
    ("USA", "450000", "USD", None, Decimal(1)),
    ("CAN", "300000", "CAD", "0.73", Decimal(1)),
    ("MEX", "2500000", "MXN", "0.058", Decimal("0.5")),
    ("BRA", "400000", "BRL", "0.19", Decimal(0)),
    ("ESP", "150000", "EUR", "1.08", Decimal(1)),
]

# (ISO3, theme index, title, requested, outcome, beneficiary ISO3s)
PROPOSALS = [
    ("JAM", 0, "Flood early warning for the Rio Minho basin", "120000", "draft", []),
    (
        "HTI",
        1,
        "Formation professionnelle des jeunes en énergie solaire",
        "95000",
        "submitted",
        [],
    ),
    (
        "GTM",
        1,
        "Escuelas de campo para productores de café",
        "80000",
        "not_eligible",
        [],
    ),
    (
        "PER",
        0,
        "Gestión del riesgo de desastres en gobiernos regionales",
        "110000",
        "evaluated",
        [],
    ),
    (
        "COL",
        1,
        "Red andina de formación dual para jóvenes rurales",
        "180000",
        "in_execution",
        ["PER", "CHL"],
    ),
    (
        "TTO",
        0,
        "Coastal erosion monitoring with community data",
        "90000",
        "approved",
        [],
    ),
]


def seed(context: SeedContext) -> None:
    manager = context.fund_manager
    umbrella = ledger.create_fund(
        actor=manager,
        name="Development Cooperation Fund (demo)",
        code=UMBRELLA_CODE,
        description="The DCF umbrella fund of the demo.",
    )
    window = ledger.create_fund(
        actor=manager,
        name="DCF Caribbean climate window (demo)",
        code="dcf-demo-caribbean",
        parent=umbrella,
    )
    context.count("funds", 2)
    a_year_ago = context.today - timedelta(days=365)
    ledger.set_icr_rate(
        actor=manager, fund=umbrella, rate=ICR_RATE, valid_from=a_year_ago
    )

    states = MemberState.objects.in_bulk(
        [iso3 for iso3, *_rest in CONTRIBUTIONS], field_name="iso3"
    )
    for offset, (iso3, amount, currency, rate, received) in enumerate(CONTRIBUTIONS):
        pledged_on = a_year_ago + timedelta(days=20 * offset)
        contribution = ledger.record_pledge(
            actor=manager,
            fund=umbrella,
            amount=Decimal(amount),
            currency=currency,
            exchange_rate=rate,
            pledged_on=pledged_on,
            contributor_state=states[iso3],
        )
        if received:
            ledger.record_receipt(
                actor=manager,
                contribution=contribution,
                amount=Decimal(amount) * received,
                currency=currency,
                exchange_rate=rate,
                received_on=pledged_on + timedelta(days=45),
            )
        context.count("contributions (through the services)")
    ledger.transfer_between_funds(
        actor=manager,
        source=umbrella,
        destination=window,
        amount=Decimal("100000"),
        value_date=context.today - timedelta(days=30),
        memo="Seed money for the climate window.",
    )

    _programming_cycle(context, umbrella)
    _bulk_contributions(context, umbrella)


def _programming_cycle(context: SeedContext, fund) -> None:
    """A cycle whose call is open, with proposals at every step."""
    manager, now = context.fund_manager, timezone.now()
    cycle = cycles.open_cycle(
        actor=manager,
        fund=fund,
        name="DCF programming cycle 2027 (demo)",
        themes=[
            ("Climate resilience and disaster risk", Decimal("400000")),
            ("Skills and decent work for young people", Decimal("350000")),
        ],
        criteria=[
            ("Relevance to the member states' priorities", Decimal(2)),
            ("Feasibility and budget", Decimal(1)),
            ("Sustainability of the results", Decimal(1)),
        ],
        starts_on=context.today - timedelta(days=30),
        ends_on=context.today + timedelta(days=730),
        call_opens_at=now - timedelta(days=30),
        proposal_deadline=now + timedelta(days=30),
        evaluation_deadline=context.today + timedelta(days=60),
        decision_deadline=context.today + timedelta(days=90),
        bonus_min_countries=2,
        bonus_per_extra_country=Decimal("0.5"),
        bonus_max=Decimal("1.5"),
    )
    themes = list(cycle.themes.order_by("pk"))
    for iso3, theme, title, requested, outcome, others in PROPOSALS:
        owner = context.focal_points[iso3]
        amount = Decimal(requested)
        proposal = proposals.create_proposal(
            actor=owner,
            cycle=cycle,
            country=context.countries[iso3],
            theme=themes[theme],
            title=title,
            objectives="Strengthen national institutions through exchanges "
            "with peers of the region, a pilot and a shared toolkit.",
            duration_months=24,
            requested_amount=amount,
            budget_lines=[
                ("Experts and exchanges", amount * Decimal("0.6")),
                ("Training and materials", amount * Decimal("0.4")),
            ],
            beneficiary_countries=[context.countries[other] for other in others],
        )
        context.count("proposals")
        _advance(context, proposal, owner, outcome)


def _advance(context, proposal, owner, outcome) -> None:
    """Take a draft proposal through the steps up to ``outcome``."""
    manager = context.fund_manager
    if outcome == "draft":
        return
    proposal = proposals.submit_proposal(actor=owner, proposal=proposal)
    if outcome == "submitted":
        return
    if outcome == "not_eligible":
        proposals.check_eligibility(
            actor=manager,
            proposal=proposal,
            eligible=False,
            reasons="The budget funds equipment only; the DCF funds cooperation.",
        )
        return
    proposals.check_eligibility(actor=manager, proposal=proposal, eligible=True)
    for reviewer in context.reviewers:
        assignment = proposals.assign_reviewer(
            actor=manager, proposal=proposal, reviewer=reviewer
        )
        proposals.declare_conflict_of_interest(
            actor=reviewer, assignment=assignment, has_conflict=False
        )
        criteria = proposal.cycle.criteria.order_by("position")
        proposals.score_proposal(
            actor=reviewer,
            assignment=assignment,
            scores={criterion: context.rng.randrange(6, 11) for criterion in criteria},
        )
    proposals.complete_evaluation(actor=manager, proposal=proposal)
    if outcome == "evaluated":
        return
    proposals.record_board_decision(
        actor=manager, proposal=proposal, approved=True, note="Approved by the MB."
    )
    if outcome == "approved":
        return
    half = proposal.requested_amount / 2
    execution.allocate_to_project(actor=manager, proposal=proposal, amount=half)
    execution.plan_tranche(
        actor=manager,
        proposal=proposal,
        amount=half,
        planned_on=context.today + timedelta(days=20),
    )
    execution.schedule_report(
        actor=manager,
        proposal=proposal,
        kind=ReportKind.PROGRESS,
        due_on=context.today + timedelta(days=180),
    )


def _bulk_contributions(context: SeedContext, fund) -> None:
    """``PER_SCALE`` × ``scale`` fully received contributions in US dollars
    with their pledge, receipt and ICR entries, inserted at once."""
    rng = context.rng
    usd = Currency.objects.get(code="USD")
    states = list(MemberState.objects.filter(is_observer=False).order_by("iso3"))
    manager = context.fund_manager
    contributions, receipts = [], []
    for _index in range(PER_SCALE * context.scale):
        amount = Decimal(rng.randrange(5, 200) * 1000)
        pledged_on = context.today - timedelta(days=rng.randrange(31, 330))
        contribution = Contribution(
            fund=fund,
            contributor_state=rng.choice(states),
            currency=usd,
            amount=amount,
            exchange_rate=Decimal(1),
            pledged_on=pledged_on,
            status=ContributionStatus.RECEIVED,
            created_by=manager,
        )
        contributions.append(contribution)
        receipts.append(
            ContributionReceipt(
                contribution=contribution,
                currency=usd,
                amount=amount,
                exchange_rate=Decimal(1),
                rate_date=pledged_on + timedelta(days=30),
                received_on=pledged_on + timedelta(days=30),
                amount_in_fund_currency=convert(amount, 1, usd),
                created_by=manager,
            )
        )
    Contribution.objects.bulk_create(contributions, batch_size=2000)
    ContributionReceipt.objects.bulk_create(receipts, batch_size=2000)
    context.count("contributions (bulk)", len(contributions))

    entries = []
    for receipt in receipts:
        contribution = receipt.contribution
        common = {"fund": fund, "contribution": contribution, "created_by": manager}
        entries += [
            LedgerEntry(
                kind=EntryKind.PLEDGED,
                amount=contribution.amount,
                value_date=contribution.pledged_on,
                original_amount=contribution.amount,
                original_currency=usd,
                exchange_rate=Decimal(1),
                **common,
            ),
            LedgerEntry(
                kind=EntryKind.RECEIVED,
                amount=receipt.amount,
                value_date=receipt.received_on,
                original_amount=receipt.amount,
                original_currency=usd,
                exchange_rate=Decimal(1),
                receipt=receipt,
                **common,
            ),
            LedgerEntry(
                kind=EntryKind.ICR_CHARGED,
                amount=percentage_of(receipt.amount, ICR_RATE, usd),
                value_date=receipt.received_on,
                receipt=receipt,
                memo="ICR at 7%",
                **common,
            ),
        ]
    LedgerEntry.objects.bulk_create(entries, batch_size=5000)
    context.count("ledger entries (bulk)", len(entries))
