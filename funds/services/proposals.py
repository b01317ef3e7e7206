"""The life cycle of a proposal, from draft to decision, and its evaluation.

draft → submitted → eligible | not eligible → evaluated → approved | not
approved (then execution, in ``funds.services.execution``). Each step is a
function here that checks who acts, validates, moves the status under a row
lock and records a ``ProposalEvent``.
"""

import logging
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import access_for
from accounts.roles import Role
from iacd_portal.uploads import validate_upload

from ..models import (
    Amendment,
    BudgetLine,
    Proposal,
    ProposalAttachment,
    ProposalEvent,
    ProposalStatus,
    ReviewerAssignment,
    Score,
)
from ..money import round_money
from .ledger import positive_amount, require_fund_manager

logger = logging.getLogger(__name__)

CONTENT_FIELDS = (
    "title",
    "objectives",
    "duration_months",
    "partners",
    "requested_amount",
    "theme",
)


def may_edit_for_country(user, country) -> bool:
    """A country's focal points (and staff, who may change any country's
    records) prepare its proposals; fund managers evaluate them only."""
    # The same rule as ProposalQuerySet.editable_by, for a country that may
    # have no proposal yet.
    return access_for(user).may_act_for(country.pk)


def _move(proposal: Proposal, actor, to_status: str, note: str = "") -> Proposal:
    event = ProposalEvent(
        proposal=proposal,
        from_status=proposal.status,
        to_status=to_status,
        actor=actor,
        note=note,
    )
    proposal.status = to_status
    proposal.save(update_fields=["status", "updated_at"])
    event.save()
    logger.info(
        "Proposal moved",
        extra={"proposal_id": proposal.pk, "status": to_status, "user_id": actor.pk},
    )
    return proposal


def _locked(proposal: Proposal, *expected: str) -> Proposal:
    """Re-read ``proposal`` under its row lock and check its status, so that
    two people moving it at once cannot both succeed."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("cycle", "cycle__fund__currency", "country")
        .get(pk=proposal.pk)
    )
    if expected and proposal.status not in expected:
        raise ValidationError(
            _("This cannot be done to a proposal that is %(status)s.")
            % {"status": proposal.get_status_display().lower()}
        )
    return proposal


def _check_budget(lines, requested_amount, currency) -> list[tuple[str, Decimal]]:
    cleaned = []
    for position, (description, amount) in enumerate(lines, start=1):
        if not str(description).strip():
            raise ValidationError(
                {"budget_lines": _("Line %(n)s needs a description.") % {"n": position}}
            )
        limit = BudgetLine._meta.get_field("description").max_length
        if len(str(description)) > limit:
            raise ValidationError(
                {
                    "budget_lines": _(
                        "Line %(n)s: keep the description to %(limit)s characters."
                    )
                    % {"n": position, "limit": limit}
                }
            )
        try:
            amount = positive_amount(amount)
        except ValidationError:
            raise ValidationError(
                {
                    "budget_lines": _("Line %(n)s needs an amount greater than zero.")
                    % {"n": position}
                }
            ) from None
        # Finer than the currency's minor units the line could not be stored
        # as typed (nor the sum checked against what is kept).
        if amount.normalize().as_tuple().exponent < -currency.minor_units:
            raise ValidationError(
                {
                    "budget_lines": _(
                        "Line %(n)s has more decimal places than %(currency)s uses."
                    )
                    % {"n": position, "currency": currency.code}
                }
            )
        cleaned.append((description, amount))
    total = sum((amount for _description, amount in cleaned), Decimal(0))
    if cleaned and total != requested_amount:
        raise ValidationError(
            {
                "budget_lines": _(
                    "The budget lines add up to %(total)s, not to the %(requested)s "
                    "requested."
                )
                % {"total": total, "requested": requested_amount}
            }
        )
    return cleaned


@transaction.atomic
def create_proposal(
    *,
    actor,
    cycle,
    country,
    theme,
    title: str,
    objectives: str,
    duration_months: int,
    requested_amount,
    budget_lines=(),
    beneficiary_countries=(),
    partners: str = "",
) -> Proposal:
    """Start a draft proposal of ``country`` for ``cycle``.

    ``budget_lines`` are (description, amount) pairs; when given they must
    add up to the amount requested.
    """
    if not may_edit_for_country(actor, country):
        raise PermissionDenied(_("You may not prepare proposals for this country."))
    if theme.cycle_id != cycle.pk:
        raise ValidationError({"theme": _("Choose a theme of this cycle.")})
    requested_amount = round_money(
        positive_amount(requested_amount, "requested_amount"), cycle.fund.currency
    )
    lines = _check_budget(budget_lines, requested_amount, cycle.fund.currency)

    proposal = Proposal.objects.create(
        cycle=cycle,
        country=country,
        theme=theme,
        title=title,
        objectives=objectives,
        duration_months=duration_months,
        requested_amount=requested_amount,
        partners=partners,
        created_by=actor,
    )
    BudgetLine.objects.bulk_create(
        BudgetLine(proposal=proposal, description=description, amount=amount)
        for description, amount in lines
    )
    proposal.beneficiary_countries.set({country, *beneficiary_countries})
    ProposalEvent.objects.create(
        proposal=proposal, to_status=ProposalStatus.DRAFT, actor=actor
    )
    return proposal


@transaction.atomic
def update_draft(
    *,
    actor,
    proposal: Proposal,
    budget_lines=None,
    beneficiary_countries=None,
    **values,
) -> Proposal:
    """Change a draft (or a proposal returned to its country before
    submission). Approved proposals are frozen: see ``amend_proposal``."""
    if not may_edit_for_country(actor, proposal.country):
        raise PermissionDenied(_("You may not change this proposal."))
    proposal = _locked(proposal, ProposalStatus.DRAFT)
    unknown = set(values) - set(CONTENT_FIELDS)
    if unknown:
        raise ValueError(f"Not content fields: {', '.join(sorted(unknown))}")
    if "theme" in values and values["theme"].cycle_id != proposal.cycle_id:
        raise ValidationError({"theme": _("Choose a theme of this cycle.")})
    for field, value in values.items():
        setattr(proposal, field, value)
    if "requested_amount" in values:
        proposal.requested_amount = round_money(
            positive_amount(values["requested_amount"], "requested_amount"),
            proposal.cycle.fund.currency,
        )
    if budget_lines is not None:
        lines = _check_budget(
            budget_lines, proposal.requested_amount, proposal.cycle.fund.currency
        )
        proposal.budget_lines.all().delete()
        BudgetLine.objects.bulk_create(
            BudgetLine(proposal=proposal, description=description, amount=amount)
            for description, amount in lines
        )
    proposal.save()
    if beneficiary_countries is not None:
        proposal.beneficiary_countries.set({proposal.country, *beneficiary_countries})
    return proposal


@transaction.atomic
def submit_proposal(*, actor, proposal: Proposal) -> Proposal:
    """Submit a draft to its cycle's call, before the deadline, with a
    budget whose lines add up to the amount requested."""
    if not may_edit_for_country(actor, proposal.country):
        raise PermissionDenied(_("You may not submit this proposal."))
    proposal = _locked(proposal, ProposalStatus.DRAFT)
    now = timezone.now()
    if now > proposal.cycle.proposal_deadline:
        raise ValidationError(_("The deadline for proposals of this cycle has passed."))
    if now < proposal.cycle.call_opens_at:
        raise ValidationError(_("The call of this cycle is not open yet."))
    total = proposal.budget_lines.aggregate(total=Sum("amount"))["total"]
    if total is None:
        raise ValidationError({"budget_lines": _("Add the budget lines.")})
    if total != proposal.requested_amount:
        raise ValidationError(
            {
                "budget_lines": _(
                    "The budget lines add up to %(total)s, not to the %(requested)s "
                    "requested."
                )
                % {"total": total, "requested": proposal.requested_amount}
            }
        )
    proposal.submitted_at = now
    proposal.save(update_fields=["submitted_at"])
    return _move(proposal, actor, ProposalStatus.SUBMITTED)


@transaction.atomic
def check_eligibility(
    *, actor, proposal: Proposal, eligible: bool, reasons: str = ""
) -> Proposal:
    """Staff declare a submitted proposal eligible, or not eligible with the
    reasons, which the country reads."""
    require_fund_manager(actor)
    proposal = _locked(proposal, ProposalStatus.SUBMITTED)
    if not eligible and not reasons.strip():
        raise ValidationError({"reasons": _("Give the reasons it is not eligible.")})
    proposal.eligibility_reasons = reasons
    proposal.save(update_fields=["eligibility_reasons"])
    status = ProposalStatus.ELIGIBLE if eligible else ProposalStatus.NOT_ELIGIBLE
    return _move(proposal, actor, status, reasons)


def _countries_of(user) -> set[int]:
    access = access_for(user)
    countries = set(access.country_ids)
    for ids in access.country_ids_by_role.values():
        countries |= ids
    return countries


@transaction.atomic
def assign_reviewer(*, actor, proposal: Proposal, reviewer) -> ReviewerAssignment:
    """Staff assign a reviewer to an eligible proposal. A reviewer acting for
    the proposing country cannot be assigned."""
    require_fund_manager(actor)
    proposal = _locked(proposal, ProposalStatus.ELIGIBLE)
    if not access_for(reviewer).has_role(Role.REVIEWER):
        raise ValidationError({"reviewer": _("This person is not a reviewer.")})
    if proposal.country_id in _countries_of(reviewer):
        raise ValidationError(
            {"reviewer": _("A reviewer from the proposing country cannot be assigned.")}
        )
    if ReviewerAssignment.objects.filter(proposal=proposal, reviewer=reviewer).exists():
        raise ValidationError({"reviewer": _("This reviewer is already assigned.")})
    return ReviewerAssignment.objects.create(
        proposal=proposal, reviewer=reviewer, assigned_by=actor
    )


@transaction.atomic
def declare_conflict_of_interest(
    *, actor, assignment: ReviewerAssignment, has_conflict: bool, statement: str = ""
) -> ReviewerAssignment:
    """The reviewer declares a conflict of interest, or none, before the
    proposal opens to them. The declaration is made once."""
    assignment = ReviewerAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.reviewer_id != actor.pk:
        raise PermissionDenied(_("Only the assigned reviewer declares."))
    if assignment.conflict_declared_at is not None:
        raise ValidationError(_("The declaration has already been made."))
    if has_conflict and not statement.strip():
        raise ValidationError({"statement": _("Describe the conflict of interest.")})
    assignment.has_conflict = has_conflict
    assignment.conflict_statement = statement
    assignment.conflict_declared_at = timezone.now()
    assignment.save()
    return assignment


@transaction.atomic
def score_proposal(
    *, actor, assignment: ReviewerAssignment, scores: dict, comments=None
) -> list[Score]:
    """The reviewer scores the proposal on every criterion of its cycle,
    each score within the cycle's scale. Scoring again replaces the
    reviewer's scores until the proposal is evaluated."""
    assignment = (
        ReviewerAssignment.objects.select_for_update(of=("self",))
        .select_related("proposal__cycle")
        .get(pk=assignment.pk)
    )
    if assignment.reviewer_id != actor.pk:
        raise PermissionDenied(_("Only the assigned reviewer scores."))
    if not assignment.may_see_proposal:
        raise PermissionDenied(
            _("Declare that you have no conflict of interest first.")
        )
    proposal = assignment.proposal
    if proposal.status != ProposalStatus.ELIGIBLE:
        raise ValidationError(_("This proposal is not open for scoring."))
    if timezone.localdate() > proposal.cycle.evaluation_deadline:
        raise ValidationError(
            _("The deadline for evaluation of this cycle has passed.")
        )

    cycle = proposal.cycle
    criteria = {criterion.pk: criterion for criterion in cycle.criteria.all()}
    by_id = {getattr(key, "pk", key): value for key, value in scores.items()}
    if set(by_id) != set(criteria):
        raise ValidationError({"scores": _("Score every criterion of the cycle.")})
    errors = {}
    values = {}
    for criterion_id, raw in by_id.items():
        try:
            value = Decimal(str(raw))
        except (InvalidOperation, TypeError, ValueError):
            errors[f"criterion_{criterion_id}"] = _("Enter a number.")
            continue
        if not value.is_finite() or value < 0 or value > cycle.score_scale_max:
            errors[f"criterion_{criterion_id}"] = _(
                "A score is between 0 and %(max)s."
            ) % {"max": cycle.score_scale_max}
            continue
        values[criterion_id] = value
    if errors:
        raise ValidationError(errors)

    comments = comments or {}
    assignment.scores.all().delete()
    created = Score.objects.bulk_create(
        Score(
            assignment=assignment,
            criterion=criteria[criterion_id],
            value=value,
            comment=comments.get(criterion_id, ""),
        )
        for criterion_id, value in values.items()
    )
    assignment.scored_at = timezone.now()
    assignment.save(update_fields=["scored_at"])
    return created


@transaction.atomic
def complete_evaluation(*, actor, proposal: Proposal) -> Proposal:
    """Staff close the evaluation once every cleared reviewer has scored."""
    require_fund_manager(actor)
    proposal = _locked(proposal, ProposalStatus.ELIGIBLE)
    cleared = proposal.assignments.filter(
        conflict_declared_at__isnull=False, has_conflict=False
    )
    if not cleared.filter(scored_at__isnull=False).exists():
        raise ValidationError(_("No reviewer has scored this proposal yet."))
    if cleared.filter(scored_at__isnull=True).exists():
        raise ValidationError(_("A reviewer has not scored this proposal yet."))
    return _move(proposal, actor, ProposalStatus.EVALUATED)


@transaction.atomic
def record_board_decision(
    *, actor, proposal: Proposal, approved: bool, note: str = ""
) -> Proposal:
    """Record the Management Board's decision on an evaluated proposal."""
    require_fund_manager(actor)
    proposal = _locked(proposal, ProposalStatus.EVALUATED)
    status = ProposalStatus.APPROVED if approved else ProposalStatus.NOT_APPROVED
    return _move(proposal, actor, status, note)


@transaction.atomic
def amend_proposal(*, actor, proposal: Proposal, reason: str, **values) -> Amendment:
    """Change an approved proposal by an amendment that keeps the values
    before and after. The amount requested is not amended here: more money
    is a new allocation decision."""
    if not may_edit_for_country(actor, proposal.country):
        raise PermissionDenied(_("You may not amend this proposal."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the amendment.")})
    proposal = _locked(proposal, ProposalStatus.APPROVED, ProposalStatus.IN_EXECUTION)
    allowed = {"title", "objectives", "duration_months", "partners"}
    unknown = set(values) - allowed
    if unknown:
        raise ValidationError(
            _("These cannot be amended: %(fields)s") % {"fields": ", ".join(unknown)}
        )
    changes = {}
    for field, value in values.items():
        before = getattr(proposal, field)
        if before != value:
            changes[field] = [str(before), str(value)]
            setattr(proposal, field, value)
    if not changes:
        raise ValidationError(_("The amendment changes nothing."))
    proposal.save(update_fields=[*changes, "updated_at"])
    number = proposal.amendments.count() + 1
    return Amendment.objects.create(
        proposal=proposal, number=number, reason=reason, changes=changes, actor=actor
    )


ATTACHMENT_EXTENSIONS = ("pdf", "docx", "xlsx", "odt", "ods", "png", "jpg", "jpeg")
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


@transaction.atomic
def attach_document(
    *, actor, proposal: Proposal, title: str, file
) -> ProposalAttachment:
    """Attach a document to a draft of the actor's country."""
    if not may_edit_for_country(actor, proposal.country):
        raise PermissionDenied(_("You may not change this proposal."))
    proposal = _locked(proposal, ProposalStatus.DRAFT)
    extension = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
    if extension not in ATTACHMENT_EXTENSIONS:
        raise ValidationError(
            {
                "file": _("Attach a file of one of these kinds: %(kinds)s.")
                % {"kinds": ", ".join(ATTACHMENT_EXTENSIONS)}
            }
        )
    if file.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError({"file": _("Attach a file of at most 10 MB.")})
    # The name is only a claim: the content must be of the kind it names.
    kinds = {"jpg" if kind == "jpeg" else kind for kind in ATTACHMENT_EXTENSIONS}
    try:
        validate_upload(file, kinds=kinds, max_bytes=ATTACHMENT_MAX_BYTES)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    return ProposalAttachment.objects.create(
        proposal=proposal, title=title, file=file, uploaded_by=actor
    )


def score_sheet(proposal: Proposal) -> dict:
    """The proposal's scores: each reviewer's per criterion, the weighted
    average, the multi-country bonus of the cycle's rule and the total."""
    cycle = proposal.cycle
    criteria = list(cycle.criteria.all())
    assignments = list(
        proposal.assignments.filter(scored_at__isnull=False)
        .select_related("reviewer")
        .prefetch_related("scores")
    )
    rows = []
    totals = []
    weight_sum = sum((c.weight for c in criteria), Decimal(0)) or Decimal(1)
    for assignment in assignments:
        by_criterion = {s.criterion_id: s.value for s in assignment.scores.all()}
        weighted = sum(
            (by_criterion.get(c.pk, Decimal(0)) * c.weight for c in criteria),
            Decimal(0),
        )
        total = (weighted / weight_sum).quantize(Decimal("0.01"))
        totals.append(total)
        rows.append(
            {
                "reviewer": assignment.reviewer,
                "scores": [by_criterion.get(c.pk) for c in criteria],
                "total": total,
            }
        )
    average = (
        (sum(totals, Decimal(0)) / len(totals)).quantize(Decimal("0.01"))
        if totals
        else None
    )
    country_count = proposal.beneficiary_countries.count()
    bonus = cycle.multi_country_bonus(country_count)
    return {
        "criteria": criteria,
        "rows": rows,
        "average": average,
        "country_count": country_count,
        "bonus": bonus,
        "final": average + bonus if average is not None else None,
        "scale_max": cycle.score_scale_max,
    }
