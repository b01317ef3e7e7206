"""The pages of the funds area: who sees what, bad input, and the whole
story of the issue tried as a new user would."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from funds.models import (
    Contribution,
    EntryKind,
    Fund,
    LedgerEntry,
    ProgrammingCycle,
    Proposal,
    ProposalStatus,
    ReviewerAssignment,
)
from funds.services import ledger

from .conftest import make_proposal

pytestmark = pytest.mark.django_db


def ledger_available(fund) -> Decimal:
    sums = {kind: Decimal(0) for kind in EntryKind.values}
    for entry in LedgerEntry.objects.filter(fund=fund):
        sums[entry.kind] += entry.amount
    return (
        sums["received"]
        - sums["icr_charged"]
        - sums["allocated"]
        + sums["returned"]
        + sums["transferred"]
    )


def test_overview_shows_each_fund_available_balance(client, funded_dcf):
    response = client.get(reverse("funds:overview"))

    assert response.status_code == 200
    fund = next(f for f in response.context["funds"] if f.pk == funded_dcf.pk)
    assert fund.available == ledger_available(funded_dcf) == Decimal("100000")
    assert b'data-balance="dcf">100,000.00<' in response.content


def test_fund_ledger_is_for_fund_managers_only(client, funded_dcf, alice, fund_manager):
    url = funded_dcf.get_absolute_url()

    client.force_login(alice)
    assert "page" not in client.get(url).context
    client.force_login(fund_manager)
    response = client.get(url)
    assert len(response.context["page"]) == 2


def test_bob_never_sees_jamaicas_draft_page(client, jamaica_draft, bob):
    client.force_login(bob)

    assert client.get(jamaica_draft.get_absolute_url()).status_code == 404
    listing = client.get(reverse("funds:proposal-list"))
    assert jamaica_draft.title.encode() not in listing.content
    edit = reverse("funds:proposal-edit", args=[jamaica_draft.pk])
    assert client.get(edit).status_code == 404
    submit = reverse("funds:proposal-action", args=[jamaica_draft.pk, "submit"])
    assert client.post(submit).status_code == 404
    jamaica_draft.refresh_from_db()
    assert jamaica_draft.status == ProposalStatus.DRAFT


def test_anonymous_visitor_is_refused_proposals(client, jamaica_draft):
    assert client.get(jamaica_draft.get_absolute_url()).status_code == 404
    response = client.get(reverse("funds:proposal-list"))
    assert response.status_code == 302


def test_proposal_list_query_count_does_not_grow_with_rows(
    client, fund_manager, alice, cycle, jamaica
):
    client.force_login(fund_manager)
    url = reverse("funds:proposal-list")
    make_proposal(alice, cycle, jamaica)
    client.get(url)  # warm the session and the content types
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(10):
        make_proposal(alice, cycle, jamaica, title=f"More {n}")
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(few) == len(many)
    # Session, user, roles, count, rows, and the cycle and country choices.
    assert len(many) <= 7


def test_pledge_with_a_negative_amount_keeps_what_was_typed(
    client, dcf, fund_manager, mexico, euro
):
    client.force_login(fund_manager)

    response = client.post(
        reverse("funds:contribution-create"),
        {
            "fund": dcf.pk,
            "contributor_state": mexico.pk,
            "amount": "-50",
            "currency": "EUR",
            "exchange_rate": "1.1",
            "pledged_on": "2026-01-01",
            "note": "Second half",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["amount"]
    assert b"Second half" in response.content
    assert not Contribution.objects.exists()


def test_budget_line_with_a_decimal_comma_is_refused_not_misread(
    client, alice, jamaica_draft
):
    # "Travel; 500,5" used to lose its comma and count as 5005.
    client.force_login(alice)
    response = client.post(
        reverse("funds:proposal-edit", args=[jamaica_draft.pk]),
        {
            "theme": jamaica_draft.theme_id,
            "title": "Comma budget",
            "objectives": "Teachers trained.",
            "duration_months": 12,
            "requested_amount": "5005",
            "budget_lines": "Travel; 500,5\nFees; 4504,5",
        },
    )

    assert response.status_code == 200
    assert "decimal separator" in response.context["form"].errors["budget_lines"][0]
    assert "Travel; 500,5" in response.content.decode()
    jamaica_draft.refresh_from_db()
    assert jamaica_draft.title != "Comma budget"


def test_pledge_in_another_currency_without_a_rate_shows_the_error_by_the_field(
    client, dcf, fund_manager, mexico, euro
):
    client.force_login(fund_manager)

    response = client.post(
        reverse("funds:contribution-create"),
        {
            "fund": dcf.pk,
            "contributor_state": mexico.pk,
            "amount": "50",
            "currency": "EUR",
            "pledged_on": "2026-01-01",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["exchange_rate"]
    assert not Contribution.objects.exists()


def test_pledge_in_an_unknown_currency_is_refused(client, dcf, fund_manager, mexico):
    client.force_login(fund_manager)
    response = client.post(
        reverse("funds:contribution-create"),
        {
            "fund": dcf.pk,
            "contributor_state": mexico.pk,
            "amount": "50",
            "currency": "XXX",
            "pledged_on": "2026-01-01",
        },
    )
    assert response.context["form"].errors["currency"] == ["Unknown currency."]


def test_contributor_statement_is_for_its_own_focal_points(
    client, funded_dcf, alice, bob
):
    url = reverse("funds:contributor-statement", args=["state", "MEX"])

    client.force_login(alice)
    assert client.get(url).status_code == 404
    client.force_login(bob)
    assert client.get(url).status_code == 200


def test_fund_statement_is_refused_to_focal_points(client, funded_dcf, alice):
    client.force_login(alice)
    url = reverse("funds:fund-statement", args=[funded_dcf.code])
    assert client.get(url).status_code == 404


def test_fund_statement_as_pdf_and_xlsx(client, funded_dcf, fund_manager):
    client.force_login(fund_manager)
    url = reverse("funds:fund-statement", args=[funded_dcf.code])
    period = {"start": "2026-01-01", "end": "2026-12-31"}

    pdf = client.get(url, {**period, "format": "pdf"})
    xlsx = client.get(url, {**period, "format": "xlsx"})

    assert pdf.content.startswith(b"%PDF")
    workbook = load_workbook(io.BytesIO(xlsx.content))
    balances = {
        row[0]: row[2] for row in workbook["Balances"].iter_rows(values_only=True)
    }
    assert Decimal(str(balances["Available"])) == Decimal("100000")


def test_statement_cells_never_run_as_formulas(client, dcf, fund_manager, mexico):
    contribution = ledger.record_pledge(
        actor=fund_manager,
        fund=dcf,
        amount="10",
        currency="USD",
        pledged_on=date(2026, 1, 1),
        contributor_state=mexico,
    )
    ledger.reverse_entry(
        actor=fund_manager,
        entry=contribution.entries.get(),
        reason='=HYPERLINK("http://evil.example","x")',
    )
    client.force_login(fund_manager)
    url = reverse("funds:fund-statement", args=[dcf.code])

    response = client.get(
        url, {"start": "2026-01-01", "end": "2026-12-31", "format": "xlsx"}
    )

    memos = [
        row[-1]
        for row in load_workbook(io.BytesIO(response.content))["Entries"].iter_rows(
            values_only=True
        )
    ]
    assert '\'=HYPERLINK("http://evil.example","x")' in memos


def test_icr_comparison_shows_fourteen_rates(client, funded_dcf, cycle):
    response = client.get(reverse("funds:icr-comparison"))

    row = response.context["rows"][0]
    assert len(row["scenarios"]) == 14
    assert row["scenarios"][0]["to_projects"] == row["received"]
    thirteen = row["scenarios"][-1]
    assert thirteen["rate"] == Decimal("0.13")
    assert thirteen["to_projects"] == row["received"] - thirteen["icr"]


def test_icr_comparison_refuses_a_reversed_range(client, cycle):
    response = client.get(
        reverse("funds:icr-comparison"), {"low": 10, "high": 2, "step": 1}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["high"]
    assert response.context["rows"] == []


def test_the_story_of_the_issue(
    client, dcf, fund_manager, staff, alice, bob, reviewer, jamaica, mexico, euro
):
    """A fund manager opens a cycle; two focal points submit proposals, one
    multi-country; a reviewer scores them; the Board approves one; it gets
    an allocation and a disbursement; a contribution in euros arrives and
    its ICR is charged; every balance equals its ledger; the contributor's
    statement shows it all in PDF and XLSX."""
    ledger.set_icr_rate(
        actor=fund_manager, fund=dcf, rate="0.07", valid_from=date(2020, 1, 1)
    )
    today = timezone.localdate()
    now = timezone.now()

    # The fund manager opens the cycle.
    client.force_login(fund_manager)
    response = client.post(
        reverse("funds:cycle-create"),
        {
            "fund": dcf.pk,
            "name": "DCF 2026–2027",
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=540)).isoformat(),
            "call_opens_at": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "proposal_deadline": (now + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"),
            "evaluation_deadline": (today + timedelta(days=30)).isoformat(),
            "decision_deadline": (today + timedelta(days=45)).isoformat(),
            "score_scale_max": 10,
            "bonus_min_countries": 2,
            "bonus_per_extra_country": "1",
            "bonus_max": "3",
            "themes": "Education; 400000\nWater; 200000",
            "criteria": "Relevance; 1\nFeasibility; 1",
        },
    )
    cycle = ProgrammingCycle.objects.get()
    assert response.status_code == 302
    education = cycle.themes.get(name="Education")

    # Two focal points prepare and submit; Jamaica's reaches Mexico too.
    def propose(user, title, amount, others):
        client.force_login(user)
        response = client.post(
            reverse("funds:proposal-create", args=[cycle.pk]),
            {
                "theme": education.pk,
                "title": title,
                "objectives": "Teachers trained in digital skills.",
                "beneficiary_countries": [c.pk for c in others],
                "duration_months": 18,
                "partners": "",
                "requested_amount": amount,
                "budget_lines": f"Training; {Decimal(amount) - 500}\nTravel; 500",
            },
        )
        assert response.status_code == 302, response.context["form"].errors
        proposal = Proposal.objects.get(title=title)
        action = reverse("funds:proposal-action", args=[proposal.pk, "submit"])
        assert client.post(action).status_code == 302
        return proposal

    caribbean = propose(alice, "Caribbean classrooms", "60000", [mexico])
    mexican = propose(bob, "Escuelas rurales", "40000", [])

    # Staff check eligibility and assign the reviewer.
    client.force_login(staff)
    for proposal in (caribbean, mexican):
        url = reverse("funds:proposal-action", args=[proposal.pk, "eligibility"])
        client.post(url, {"eligible": "1", "reasons": ""})
        url = reverse("funds:proposal-action", args=[proposal.pk, "assign"])
        client.post(url, {"reviewer": reviewer.pk})

    # The reviewer declares and scores both.
    client.force_login(reviewer)
    criteria = list(cycle.criteria.all())
    for assignment in ReviewerAssignment.objects.all():
        url = reverse("funds:review-detail", args=[assignment.pk])
        assert client.get(url).context["proposal"] is None
        client.post(url, {"has_conflict": "0", "statement": ""})
        response = client.post(url, {f"criterion_{c.pk}": "7" for c in criteria})
        assert response.status_code == 302

    # Staff close the evaluation; the sheet shows the multi-country bonus.
    client.force_login(staff)
    for proposal in (caribbean, mexican):
        client.post(reverse("funds:proposal-action", args=[proposal.pk, "evaluate"]))
    sheet = client.get(caribbean.get_absolute_url()).context["sheet"]
    assert sheet["bonus"] == Decimal("1") and sheet["final"] == Decimal("8.00")

    # The Board approves the Caribbean project and not the other.
    decide = "funds:proposal-action"
    client.post(reverse(decide, args=[caribbean.pk, "decide"]), {"approved": "1"})
    client.post(reverse(decide, args=[mexican.pk, "decide"]), {"approved": "0"})

    # Money arrives: Mexico pledges in euros and pays; ICR is charged.
    client.force_login(fund_manager)
    client.post(
        reverse("funds:contribution-create"),
        {
            "fund": dcf.pk,
            "contributor_state": mexico.pk,
            "amount": "100000",
            "currency": "EUR",
            "exchange_rate": "1.08",
            "pledged_on": "2026-01-15",
        },
    )
    contribution = Contribution.objects.get()
    response = client.post(
        contribution.get_absolute_url(),
        {
            "amount": "100000",
            "currency": "EUR",
            "exchange_rate": "1.0850",
            "rate_date": "2026-02-27",
            "received_on": "2026-03-01",
        },
    )
    assert response.status_code == 302
    # 100,000 EUR × 1.085 = 108,500 USD; 7% ICR = 7,595.
    assert dcf.balances()["available"] == Decimal("100905")

    # The project gets its allocation and a first tranche.
    client.post(reverse(decide, args=[caribbean.pk, "allocate"]), {"amount": "60000"})
    client.post(
        reverse(decide, args=[caribbean.pk, "tranche"]),
        {"amount": "25000", "planned_on": "2026-04-01"},
    )
    tranche = caribbean.tranches.get()
    client.post(reverse("funds:tranche-disburse", args=[tranche.pk]))
    caribbean.refresh_from_db()
    assert caribbean.status == ProposalStatus.IN_EXECUTION

    # Every balance on the pages equals the sums of the ledger entries.
    overview = client.get(reverse("funds:overview"))
    shown = next(f for f in overview.context["funds"] if f.pk == dcf.pk)
    assert shown.available == ledger_available(dcf) == Decimal("40905")
    detail = client.get(dcf.get_absolute_url())
    assert dict(detail.context["balances"])["Available"] == Decimal("40905")
    project = client.get(caribbean.get_absolute_url()).context["figures"]
    assert project["disbursed_total"] == Decimal("25000")

    # Mexico's focal point reads its statement, as PDF and XLSX.
    client.force_login(bob)
    url = reverse("funds:contributor-statement", args=["state", "MEX"])
    period = {"start": "2026-01-01", "end": today.isoformat()}
    page = client.get(url, period)
    assert page.status_code == 200
    statement = page.context["statement"]
    assert statement["funds"][0]["received"] == Decimal("108500")
    assert statement["funds"][0]["icr_charged"] == Decimal("7595")
    assert statement["financed"][0]["project"] == "Caribbean classrooms"
    assert statement["financed"][0]["attributed"] == Decimal("60000.00")
    assert client.get(url, {**period, "format": "pdf"}).content.startswith(b"%PDF")
    workbook = load_workbook(
        io.BytesIO(client.get(url, {**period, "format": "xlsx"}).content)
    )
    assert workbook["Financed"].max_row == 2
    assert Fund.objects.count() == 1


def test_umbrella_shows_its_sub_funds_consolidated(client, funded_dcf, fund_manager):
    from .factories import FundFactory, usd

    sub_fund = FundFactory(code="sub", parent=funded_dcf, currency=usd())
    ledger.transfer_between_funds(
        actor=fund_manager,
        source=funded_dcf,
        destination=sub_fund,
        amount="1000",
        value_date=date(2026, 4, 1),
    )

    response = client.get(reverse("funds:overview"))

    [(umbrella, balances)] = response.context["consolidated"]
    assert umbrella == funded_dcf
    assert balances["available"] == Decimal("100000")
    assert b'data-balance="sub">1,000.00<' in response.content


def test_pages_speak_the_four_languages(client, funded_dcf):
    for prefix, word in (
        ("", "Available"),
        ("/es", "Disponible"),
        ("/fr", "Disponible"),
        ("/pt", "Disponível"),
    ):
        response = client.get(f"{prefix}/funds/")
        assert word in response.content.decode(), prefix


def test_attachment_is_served_only_to_those_who_see_the_proposal(
    client, jamaica_draft, alice, bob, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client.force_login(alice)
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", "application/pdf")
    url = reverse("funds:proposal-attach", args=[jamaica_draft.pk])
    assert client.post(url, {"title": "Work plan", "file": upload}).status_code == 302
    attachment = jamaica_draft.attachments.get()
    download = reverse("funds:attachment-download", args=[attachment.pk])

    assert b"".join(client.get(download).streaming_content) == b"%PDF-1.4 plan"
    client.force_login(bob)
    assert client.get(download).status_code == 404
    assert client.post(url, {"title": "x", "file": upload}).status_code == 404


def test_attachment_of_a_forbidden_kind_is_refused(
    client, jamaica_draft, alice, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client.force_login(alice)
    upload = SimpleUploadedFile("run.exe", b"MZ", "application/octet-stream")
    url = reverse("funds:proposal-attach", args=[jamaica_draft.pk])

    response = client.post(url, {"title": "Tool", "file": upload})

    assert response.context["form"].errors["file"]
    assert not jamaica_draft.attachments.exists()


def test_attachment_whose_content_is_not_what_its_name_says_is_refused(
    client, jamaica_draft, alice, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client.force_login(alice)
    upload = SimpleUploadedFile("plan.pdf", b"<html><script>", "application/pdf")
    url = reverse("funds:proposal-attach", args=[jamaica_draft.pk])

    response = client.post(url, {"title": "Plan", "file": upload})

    assert "content" in response.context["form"].errors["file"][0]
    assert not jamaica_draft.attachments.exists()


@pytest.fixture
def project_in_execution(
    funded_dcf, alice, cycle, jamaica, staff, reviewer, fund_manager
):
    from funds.services import execution

    from .conftest import approve

    project = approve(
        make_proposal(alice, cycle, jamaica), staff=staff, reviewer=reviewer
    )
    execution.allocate_to_project(actor=fund_manager, proposal=project, amount="50000")
    execution.plan_tranche(
        actor=fund_manager,
        proposal=project,
        amount="10000",
        planned_on=date(2026, 6, 1),
    )
    execution.schedule_report(
        actor=fund_manager, proposal=project, kind="progress", due_on=date(2026, 9, 1)
    )
    return project


@pytest.mark.parametrize("who", ["fund_manager", "alice", "reviewer"])
def test_every_page_renders_for_each_role(client, project_in_execution, who, request):
    user = request.getfixturevalue(who)
    project = project_in_execution
    client.force_login(user)
    urls = [
        reverse("funds:overview"),
        reverse("funds:fund-detail", args=["dcf"]),
        reverse("funds:cycle-list"),
        reverse("funds:cycle-detail", args=[project.cycle_id]),
        reverse("funds:proposal-list"),
        reverse("funds:contribution-list"),
        reverse("funds:review-list"),
        reverse("funds:icr-comparison"),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url

    detail = client.get(project.get_absolute_url())
    assert (
        detail.status_code == (404 if who == "reviewer" else 200) or who == "reviewer"
    )


def test_focal_points_cannot_reach_fund_manager_pages(
    client, project_in_execution, alice, bob
):
    project = project_in_execution
    entry = LedgerEntry.objects.filter(kind=EntryKind.ALLOCATED).get()
    contribution = Contribution.objects.get()  # Mexico's
    tranche = project.tranches.get()
    entries_before = LedgerEntry.objects.count()

    client.force_login(alice)
    refused = {
        reverse("funds:entry-reverse", args=[entry.pk]): {"reason": "x"},
        reverse("funds:fund-set-icr", args=["dcf"]): {
            "percent": "5",
            "valid_from": "2026-01-01",
        },
        reverse("funds:fund-statement", args=["dcf"]): None,
        reverse("funds:contribution-detail", args=[contribution.pk]): None,
        reverse("funds:tranche-disburse", args=[tranche.pk]): {},
        reverse("funds:proposal-action", args=[project.pk, "allocate"]): {
            "amount": "1"
        },
        reverse("funds:cycle-create"): None,
    }
    for url, data in refused.items():
        response = client.post(url, data) if data is not None else client.get(url)
        assert response.status_code in (403, 404), url

    client.force_login(bob)
    assert client.get(project.get_absolute_url()).status_code == 404
    assert LedgerEntry.objects.count() == entries_before
    assert not project.cycle.fund.icr_rates.exists()


def test_wide_lists_scroll_their_table_on_a_phone(client, alice, jamaica_draft):
    # A bare table pushed the page (and its navbar) wider than a phone.
    client.force_login(alice)
    for name in ("funds:overview", "funds:cycle-list", "funds:proposal-list"):
        html = client.get(reverse(name)).content.decode()
        assert html.count("<table") == html.count('<div class="table-responsive">')
