"""The life cycle of a proposal, its evaluation, and who may do what."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.roles import Role
from funds.models import Proposal, ProposalEvent, ProposalStatus, Score
from funds.services import proposals as services
from tests.factories import RoleMembershipFactory

from .conftest import approve, make_proposal

pytestmark = pytest.mark.django_db


def test_full_life_cycle_is_recorded_step_by_step(
    alice, cycle, jamaica, staff, reviewer
):
    proposal = approve(
        make_proposal(alice, cycle, jamaica), staff=staff, reviewer=reviewer
    )

    assert proposal.status == ProposalStatus.APPROVED
    steps = list(proposal.events.values_list("from_status", "to_status", "actor"))
    assert steps == [
        ("", "draft", alice.pk),
        ("draft", "submitted", alice.pk),
        ("submitted", "eligible", staff.pk),
        ("eligible", "evaluated", staff.pk),
        ("evaluated", "approved", staff.pk),
    ]


def test_submission_after_the_deadline_is_refused(jamaica_draft, alice, cycle):
    cycle.proposal_deadline = timezone.now() - timedelta(minutes=1)
    cycle.save()

    with pytest.raises(ValidationError, match="deadline"):
        services.submit_proposal(actor=alice, proposal=jamaica_draft)
    jamaica_draft.refresh_from_db()
    assert jamaica_draft.status == ProposalStatus.DRAFT
    assert jamaica_draft.submitted_at is None


def test_budget_lines_that_do_not_add_up_are_refused(alice, cycle, jamaica):
    with pytest.raises(ValidationError) as error:
        services.create_proposal(
            actor=alice,
            cycle=cycle,
            country=jamaica,
            theme=cycle.themes.first(),
            title="Off by one",
            objectives="…",
            duration_months=12,
            requested_amount="10000",
            budget_lines=[("Training", "6000"), ("Travel", "3999")],
        )
    assert "budget_lines" in error.value.message_dict
    assert not Proposal.objects.exists()


def test_budget_line_with_a_negative_amount_is_refused(alice, cycle, jamaica):
    with pytest.raises(ValidationError):
        services.create_proposal(
            actor=alice,
            cycle=cycle,
            country=jamaica,
            theme=cycle.themes.first(),
            title="Negative",
            objectives="…",
            duration_months=12,
            requested_amount="1000",
            budget_lines=[("Training", "1500"), ("Refund", "-500")],
        )
    assert not Proposal.objects.exists()


def test_budget_line_finer_than_the_currency_is_refused_beside_the_field(
    alice, cycle, jamaica_draft
):
    # 999.995 + 0.005 add up, but neither can be kept in cents (and 0.00001
    # used to round to a zero line that the database refused with a 500).
    with pytest.raises(ValidationError) as error:
        services.update_draft(
            actor=alice,
            proposal=jamaica_draft,
            requested_amount="1000",
            budget_lines=[("Training", "999.99999"), ("Travel", "0.00001")],
        )
    assert "decimal places" in error.value.message_dict["budget_lines"][0]
    assert not jamaica_draft.budget_lines.filter(amount=0).exists()


def test_budget_line_with_a_too_long_description_is_refused(alice, jamaica_draft):
    # It used to reach the database and answer 500.
    with pytest.raises(ValidationError) as error:
        services.update_draft(
            actor=alice,
            proposal=jamaica_draft,
            requested_amount="1000",
            budget_lines=[("x" * 301, "1000")],
        )
    assert "300 characters" in error.value.message_dict["budget_lines"][0]


def test_budget_line_too_large_to_round_is_refused_not_a_crash(alice, jamaica_draft):
    with pytest.raises(ValidationError) as error:
        services.update_draft(
            actor=alice,
            proposal=jamaica_draft,
            requested_amount="1000",
            budget_lines=[("Training", "1e40")],
        )
    assert "budget_lines" in error.value.message_dict


def test_focal_point_cannot_prepare_a_proposal_for_another_country(bob, cycle, jamaica):
    with pytest.raises(PermissionDenied):
        make_proposal(bob, cycle, jamaica)


def test_bob_cannot_submit_jamaicas_draft(jamaica_draft, bob):
    with pytest.raises(PermissionDenied):
        services.submit_proposal(actor=bob, proposal=jamaica_draft)


def test_not_eligible_needs_reasons(jamaica_draft, alice, staff):
    services.submit_proposal(actor=alice, proposal=jamaica_draft)

    with pytest.raises(ValidationError):
        services.check_eligibility(actor=staff, proposal=jamaica_draft, eligible=False)
    services.check_eligibility(
        actor=staff, proposal=jamaica_draft, eligible=False, reasons="Out of scope"
    )
    jamaica_draft.refresh_from_db()
    assert jamaica_draft.status == ProposalStatus.NOT_ELIGIBLE
    assert jamaica_draft.eligibility_reasons == "Out of scope"


def test_focal_point_cannot_declare_eligibility(jamaica_draft, alice):
    services.submit_proposal(actor=alice, proposal=jamaica_draft)
    with pytest.raises(PermissionDenied):
        services.check_eligibility(actor=alice, proposal=jamaica_draft, eligible=True)


@pytest.fixture
def eligible(jamaica_draft, alice, staff):
    services.submit_proposal(actor=alice, proposal=jamaica_draft)
    services.check_eligibility(actor=staff, proposal=jamaica_draft, eligible=True)
    return jamaica_draft


def test_reviewer_from_the_proposing_country_cannot_be_assigned(
    eligible, staff, reviewer, jamaica
):
    RoleMembershipFactory(user=reviewer, role=Role.MISSION_FOCAL_POINT, country=jamaica)
    reviewer.refresh_from_db()

    with pytest.raises(ValidationError, match="proposing country"):
        services.assign_reviewer(actor=staff, proposal=eligible, reviewer=reviewer)
    assert not eligible.assignments.exists()


def test_only_reviewers_are_assigned(eligible, staff, bob):
    with pytest.raises(ValidationError):
        services.assign_reviewer(actor=staff, proposal=eligible, reviewer=bob)


def test_reviewer_sees_the_proposal_only_after_declaring_no_conflict(
    eligible, staff, reviewer
):
    assignment = services.assign_reviewer(
        actor=staff, proposal=eligible, reviewer=reviewer
    )
    assert not Proposal.objects.visible_to(reviewer).exists()

    services.declare_conflict_of_interest(
        actor=reviewer, assignment=assignment, has_conflict=False
    )
    assert list(Proposal.objects.visible_to(reviewer)) == [eligible]


def test_reviewer_with_a_conflict_never_sees_nor_scores(eligible, staff, reviewer):
    assignment = services.assign_reviewer(
        actor=staff, proposal=eligible, reviewer=reviewer
    )
    services.declare_conflict_of_interest(
        actor=reviewer,
        assignment=assignment,
        has_conflict=True,
        statement="I advised the ministry.",
    )

    assert not Proposal.objects.visible_to(reviewer).exists()
    with pytest.raises(PermissionDenied):
        services.score_proposal(actor=reviewer, assignment=assignment, scores={})


def test_scoring_before_declaring_is_refused(eligible, staff, reviewer):
    assignment = services.assign_reviewer(
        actor=staff, proposal=eligible, reviewer=reviewer
    )
    with pytest.raises(PermissionDenied):
        services.score_proposal(
            actor=reviewer,
            assignment=assignment,
            scores=dict.fromkeys(eligible.cycle.criteria.all(), 5),
        )


@pytest.mark.parametrize("value", [-1, 11, "10.5", "abc"])
def test_score_outside_the_scale_is_refused(eligible, staff, reviewer, value):
    assignment = services.assign_reviewer(
        actor=staff, proposal=eligible, reviewer=reviewer
    )
    services.declare_conflict_of_interest(
        actor=reviewer, assignment=assignment, has_conflict=False
    )
    criteria = list(eligible.cycle.criteria.all())

    with pytest.raises(ValidationError) as error:
        services.score_proposal(
            actor=reviewer,
            assignment=assignment,
            scores={criteria[0]: value, criteria[1]: 5},
        )
    assert f"criterion_{criteria[0].pk}" in error.value.message_dict
    assert not Score.objects.exists()


def test_another_reviewer_cannot_score_an_assignment(eligible, staff, reviewer, bob):
    assignment = services.assign_reviewer(
        actor=staff, proposal=eligible, reviewer=reviewer
    )
    with pytest.raises(PermissionDenied):
        services.declare_conflict_of_interest(
            actor=bob, assignment=assignment, has_conflict=False
        )


def test_evaluation_waits_for_every_cleared_reviewer(eligible, staff, reviewer):
    services.assign_reviewer(actor=staff, proposal=eligible, reviewer=reviewer)
    with pytest.raises(ValidationError):
        services.complete_evaluation(actor=staff, proposal=eligible)


def test_score_sheet_shows_the_multi_country_bonus(
    alice, cycle, jamaica, mexico, staff, reviewer
):
    proposal = approve(
        make_proposal(alice, cycle, jamaica, others=[mexico]),
        staff=staff,
        reviewer=reviewer,
    )

    sheet = services.score_sheet(proposal)

    # Both criteria scored 8; two countries earn 0.5 point per extra one.
    assert sheet["average"] == Decimal("8.00")
    assert sheet["country_count"] == 2
    assert sheet["bonus"] == Decimal("0.5")
    assert sheet["final"] == Decimal("8.50")


def test_bonus_is_capped_by_the_cycle_rule(cycle):
    assert cycle.multi_country_bonus(1) == 0
    assert cycle.multi_country_bonus(3) == Decimal("1.0")
    assert cycle.multi_country_bonus(10) == Decimal("2")


def test_approved_proposal_is_frozen_and_changed_by_amendment(
    alice, cycle, jamaica, staff, reviewer
):
    proposal = approve(
        make_proposal(alice, cycle, jamaica), staff=staff, reviewer=reviewer
    )

    with pytest.raises(ValidationError):
        services.update_draft(actor=alice, proposal=proposal, title="Sneaky")
    amendment = services.amend_proposal(
        actor=alice, proposal=proposal, reason="Longer school year", duration_months=30
    )

    proposal.refresh_from_db()
    assert proposal.duration_months == 30
    assert amendment.number == 1
    assert amendment.changes == {"duration_months": ["24", "30"]}
    with pytest.raises(ValidationError):
        services.amend_proposal(
            actor=alice, proposal=proposal, reason="More", requested_amount=1
        )


def test_draft_cannot_be_approved_directly(jamaica_draft, staff):
    with pytest.raises(ValidationError):
        services.record_board_decision(
            actor=staff, proposal=jamaica_draft, approved=True
        )
    assert not ProposalEvent.objects.filter(to_status="approved").exists()


def test_bob_never_sees_jamaicas_draft(jamaica_draft, bob, alice, mona, fund_manager):
    assert not Proposal.objects.visible_to(bob).exists()
    assert list(Proposal.objects.visible_to(alice)) == [jamaica_draft]
    assert list(Proposal.objects.visible_to(mona)) == [jamaica_draft]
    assert list(Proposal.objects.visible_to(fund_manager)) == [jamaica_draft]


def test_scoring_after_the_evaluation_deadline_is_refused(eligible, staff, reviewer):
    assignment = services.assign_reviewer(
        actor=staff, proposal=eligible, reviewer=reviewer
    )
    services.declare_conflict_of_interest(
        actor=reviewer, assignment=assignment, has_conflict=False
    )
    cycle = eligible.cycle
    cycle.evaluation_deadline = timezone.localdate() - timedelta(days=1)
    cycle.save()

    with pytest.raises(ValidationError, match="evaluation"):
        services.score_proposal(
            actor=reviewer,
            assignment=assignment,
            scores=dict.fromkeys(cycle.criteria.all(), 5),
        )
