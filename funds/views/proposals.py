"""Pages of programming cycles, proposals, their evaluation and execution.

Each action is a small view: a form, a service call, the service's
ValidationError beside the fields, and back to the proposal.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import Action, access_for, get_for_user
from accounts.models import MemberState

from ..filters import ProposalFilterSet
from ..forms import (
    AmendmentForm,
    AmountForm,
    AssignReviewerForm,
    AttachmentForm,
    ConflictForm,
    CycleForm,
    DecisionForm,
    EligibilityForm,
    NoteForm,
    ProposalForm,
    ReportDateForm,
    ScoreForm,
    TrancheForm,
    apply_service_errors,
)
from ..models import (
    APPROVED_STATUSES,
    Fund,
    ProgrammingCycle,
    Proposal,
    ProposalAttachment,
    ProposalStatus,
    ReportDueDate,
    ReviewerAssignment,
    Tranche,
)
from ..services import cycles as cycle_services
from ..services import execution, ledger
from ..services import proposals as services


def cycle_list(request):
    """Cycles side by side: proposals received and approved, amounts and
    countries taking part."""
    cycles = ProgrammingCycle.objects.visible_to(request.user).select_related(
        "fund__currency"
    )
    context = {
        "cycles": cycles.with_figures().prefetch_related("themes"),
        "may_manage": ledger.may_manage_funds(request.user),
    }
    return render(request, "funds/cycle_list.html", context)


@login_required
def cycle_create(request):
    if not ledger.may_manage_funds(request.user):
        raise PermissionDenied
    form = CycleForm(request.POST or None, funds=Fund.objects.all())
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            cycle = cycle_services.open_cycle(actor=request.user, **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The cycle was opened."))
            return redirect(cycle.get_absolute_url())
    context = {"form": form, "title": _("Open a programming cycle")}
    return render(request, "funds/form.html", context)


def cycle_detail(request, pk: int):
    cycle = get_object_or_404(
        ProgrammingCycle.objects.select_related("fund__currency").with_figures(),
        pk=pk,
    )
    own = Proposal.objects.visible_to(request.user).filter(cycle=cycle)
    context = {
        "cycle": cycle,
        "themes": cycle.themes.annotate(
            proposal_count=Count(
                "proposals", filter=~Q(proposals__status=ProposalStatus.DRAFT)
            ),
            requested=Sum(
                "proposals__requested_amount",
                filter=~Q(proposals__status=ProposalStatus.DRAFT),
            ),
            approved=Sum(
                "proposals__requested_amount",
                filter=Q(proposals__status__in=APPROVED_STATUSES),
            ),
        ),
        "criteria": cycle.criteria.all(),
        "proposals": own.select_related("country", "theme")[:50],
        "may_propose": bool(access_for(request.user).editable_country_ids),
    }
    return render(request, "funds/cycle_detail.html", context)


@login_required
def proposal_list(request):
    proposals = Proposal.objects.visible_to(request.user).select_related(
        "country", "cycle__fund__currency", "theme"
    )
    filterset = ProposalFilterSet(request.GET, queryset=proposals)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(
        request, "funds/proposal_list.html", {"filterset": filterset, "page": page}
    )


def _budget_text(proposal) -> str:
    return "\n".join(
        f"{line.description}; {line.amount}" for line in proposal.budget_lines.all()
    )


@login_required
def proposal_create(request, cycle_pk: int):
    """A focal point starts a draft for their country."""
    cycle = get_object_or_404(
        ProgrammingCycle.objects.select_related("fund"), pk=cycle_pk
    )
    countries = MemberState.objects.filter(
        pk__in=access_for(request.user).editable_country_ids
    )
    country = countries.first()
    if country is None:
        raise PermissionDenied
    form = ProposalForm(request.POST or None, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            proposal = services.create_proposal(
                actor=request.user, cycle=cycle, country=country, **data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The draft was saved."))
            return redirect(proposal.get_absolute_url())
    title = _("New proposal of %(country)s for %(cycle)s") % {
        "country": country,
        "cycle": cycle,
    }
    return render(request, "funds/form.html", {"form": form, "title": title})


@login_required
def proposal_edit(request, pk: int):
    proposal = get_for_user(
        Proposal.objects.select_related("cycle"), request.user, Action.CHANGE, pk=pk
    )
    if proposal.status != ProposalStatus.DRAFT:
        messages.info(request, _("Only drafts are changed; amend approved proposals."))
        return redirect(proposal.get_absolute_url())
    initial = {
        "theme": proposal.theme_id,
        "title": proposal.title,
        "objectives": proposal.objectives,
        "duration_months": proposal.duration_months,
        "partners": proposal.partners,
        "requested_amount": proposal.requested_amount,
        "budget_lines": _budget_text(proposal),
        "beneficiary_countries": proposal.beneficiary_countries.exclude(
            pk=proposal.country_id
        ),
    }
    form = ProposalForm(request.POST or None, initial=initial, cycle=proposal.cycle)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.update_draft(
                actor=request.user,
                proposal=proposal,
                budget_lines=data.pop("budget_lines"),
                beneficiary_countries=data.pop("beneficiary_countries"),
                **data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The draft was saved."))
            return redirect(proposal.get_absolute_url())
    context = {"form": form, "title": _("Change the draft"), "object": proposal}
    return render(request, "funds/form.html", context)


def _actions_for(user, proposal) -> dict:
    """The forms the user may fire on the proposal in its present status."""
    may_manage = ledger.may_manage_funds(user)
    may_edit = services.may_edit_for_country(user, proposal.country)
    status = proposal.status
    forms = {}
    if may_edit and status == ProposalStatus.DRAFT:
        forms["submit"] = NoteForm()
    if may_manage and status == ProposalStatus.SUBMITTED:
        forms["eligibility"] = EligibilityForm()
    if may_manage and status == ProposalStatus.ELIGIBLE:
        forms["assign"] = AssignReviewerForm()
        forms["evaluate"] = NoteForm()
    if may_manage and status == ProposalStatus.EVALUATED:
        forms["decide"] = DecisionForm()
    if may_manage and status in (ProposalStatus.APPROVED, ProposalStatus.IN_EXECUTION):
        forms["allocate"] = AmountForm()
        forms["report"] = ReportDateForm()
    if may_manage and status == ProposalStatus.IN_EXECUTION:
        forms["tranche"] = TrancheForm()
        forms["close"] = NoteForm()
    return forms


ACTION_TITLES = {
    "submit": gettext_lazy("Submit to the call"),
    "eligibility": gettext_lazy("Check eligibility"),
    "assign": gettext_lazy("Assign a reviewer"),
    "evaluate": gettext_lazy("Close the evaluation"),
    "decide": gettext_lazy("Record the Board's decision"),
    "allocate": gettext_lazy("Allocate from the fund"),
    "report": gettext_lazy("Set a report due date"),
    "tranche": gettext_lazy("Plan a tranche"),
    "close": gettext_lazy("Close the project"),
}


def proposal_detail(request, pk: int):
    proposal = get_for_user(
        Proposal.objects.select_related(
            "country", "theme", "cycle__fund__currency", "created_by"
        ),
        request.user,
        pk=pk,
    )
    figures = execution.project_figures(proposal)
    context = {
        "proposal": proposal,
        "beneficiaries": proposal.beneficiary_countries.all(),
        "budget_lines": proposal.budget_lines.all(),
        "attachments": proposal.attachments.all(),
        "events": proposal.events.select_related("actor"),
        "amendments": proposal.amendments.select_related("actor"),
        "assignments": proposal.assignments.select_related("reviewer"),
        "tranches": proposal.tranches.all(),
        "reports": proposal.report_due_dates.all(),
        "figures": figures,
        "sheet": services.score_sheet(proposal)
        if ledger.may_manage_funds(request.user)
        else None,
        "actions": [
            (name, ACTION_TITLES[name], form)
            for name, form in _actions_for(request.user, proposal).items()
        ],
        "may_amend": proposal.is_frozen
        and proposal.status != ProposalStatus.CLOSED
        and services.may_edit_for_country(request.user, proposal.country),
        "may_manage": ledger.may_manage_funds(request.user),
        "may_edit": proposal.status == ProposalStatus.DRAFT
        and services.may_edit_for_country(request.user, proposal.country),
    }
    return render(request, "funds/proposal_detail.html", context)


def _run(action: str, actor, proposal, data):
    """Fire ``action`` with the cleaned data of its form."""
    if action == "submit":
        return services.submit_proposal(actor=actor, proposal=proposal)
    if action == "eligibility":
        return services.check_eligibility(actor=actor, proposal=proposal, **data)
    if action == "assign":
        return services.assign_reviewer(actor=actor, proposal=proposal, **data)
    if action == "evaluate":
        return services.complete_evaluation(actor=actor, proposal=proposal)
    if action == "decide":
        return services.record_board_decision(actor=actor, proposal=proposal, **data)
    if action == "allocate":
        return execution.allocate_to_project(actor=actor, proposal=proposal, **data)
    if action == "report":
        return execution.schedule_report(actor=actor, proposal=proposal, **data)
    if action == "tranche":
        return execution.plan_tranche(actor=actor, proposal=proposal, **data)
    if action == "close":
        return execution.close_project(actor=actor, proposal=proposal, **data)
    raise Http404


@login_required
def proposal_action(request, pk: int, action: str):
    """Fire one transition of the proposal from the form of its name."""
    proposal = get_for_user(Proposal, request.user, pk=pk)
    forms = _actions_for(request.user, proposal)
    if action not in forms:
        raise Http404
    # An empty POST still binds: some actions (submit, evaluate) have no
    # required field.
    form = type(forms[action])(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            _run(action, request.user, proposal, form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, _("Done: %(action)s.") % {"action": ACTION_TITLES[action]}
            )
            return redirect(proposal.get_absolute_url())
    context = {"form": form, "title": ACTION_TITLES[action], "object": proposal}
    return render(request, "funds/form.html", context)


@login_required
def disburse(request, pk: int):
    """Disburse a planned tranche."""
    tranche = get_for_user(
        Tranche.objects.select_related("proposal"), request.user, Action.VIEW, pk=pk
    )
    if not ledger.may_manage_funds(request.user):
        raise Http404
    if request.method == "POST":
        try:
            execution.disburse_tranche(actor=request.user, tranche=tranche)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The tranche was disbursed."))
    return redirect(tranche.proposal.get_absolute_url())


@login_required
def proposal_amend(request, pk: int):
    proposal = get_for_user(Proposal, request.user, Action.CHANGE, pk=pk)
    initial = {
        "title": proposal.title,
        "objectives": proposal.objectives,
        "duration_months": proposal.duration_months,
        "partners": proposal.partners,
    }
    form = AmendmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.amend_proposal(actor=request.user, proposal=proposal, **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The amendment was recorded."))
            return redirect(proposal.get_absolute_url())
    context = {"form": form, "title": _("Amend the proposal"), "object": proposal}
    return render(request, "funds/form.html", context)


@login_required
def review_list(request):
    assignments = (
        ReviewerAssignment.objects.visible_to(request.user)
        .filter(reviewer=request.user)
        .select_related("proposal__country", "proposal__cycle")
    )
    return render(request, "funds/review_list.html", {"assignments": assignments})


@login_required
def review_detail(request, pk: int):
    """The reviewer's page of one assignment: the declaration first, then
    the proposal and the score form."""
    assignment = get_object_or_404(
        ReviewerAssignment.objects.select_related(
            "proposal__country", "proposal__cycle", "proposal__theme"
        ),
        pk=pk,
        reviewer=request.user,
    )
    proposal = assignment.proposal
    conflict_form = score_form = None
    if assignment.conflict_declared_at is None:
        conflict_form = ConflictForm(request.POST or None)
        if request.method == "POST" and conflict_form.is_valid():
            try:
                services.declare_conflict_of_interest(
                    actor=request.user,
                    assignment=assignment,
                    **conflict_form.cleaned_data,
                )
            except ValidationError as error:
                apply_service_errors(conflict_form, error)
            else:
                return redirect("funds:review-detail", pk=assignment.pk)
    elif assignment.may_see_proposal:
        criteria = list(proposal.cycle.criteria.all())
        initial = {
            f"criterion_{s.criterion_id}": s.value for s in assignment.scores.all()
        }
        score_form = ScoreForm(
            request.POST or None,
            initial=initial,
            criteria=criteria,
            scale_max=proposal.cycle.score_scale_max,
        )
        if request.method == "POST" and score_form.is_valid():
            try:
                services.score_proposal(
                    actor=request.user,
                    assignment=assignment,
                    scores=score_form.scores(),
                )
            except ValidationError as error:
                apply_service_errors(score_form, error)
            else:
                messages.success(request, _("Your scores were saved."))
                return redirect("funds:review-detail", pk=assignment.pk)
    context = {
        "assignment": assignment,
        "proposal": proposal if assignment.may_see_proposal else None,
        "conflict_form": conflict_form,
        "score_form": score_form,
    }
    return render(request, "funds/review_detail.html", context)


@login_required
def attachment_upload(request, pk: int):
    """Attach a document to a draft."""
    proposal = get_for_user(Proposal, request.user, Action.CHANGE, pk=pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attach_document(
                actor=request.user, proposal=proposal, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The document was attached."))
            return redirect(proposal.get_absolute_url())
    context = {"form": form, "title": _("Attach a document"), "object": proposal}
    return render(request, "funds/form.html", context)


@login_required
def attachment_download(request, pk: int):
    """Serve an attachment to whoever may see its proposal, and no one else."""
    attachment = get_object_or_404(ProposalAttachment, pk=pk)
    get_for_user(Proposal, request.user, pk=attachment.proposal_id)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.file.name.rsplit("/", 1)[-1],
    )


@login_required
def report_received(request, pk: int):
    """Record that a due report has arrived."""
    report = get_for_user(
        ReportDueDate.objects.select_related("proposal"), request.user, pk=pk
    )
    if not ledger.may_manage_funds(request.user):
        raise Http404
    if request.method == "POST":
        try:
            execution.mark_report_submitted(actor=request.user, report=report)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The report was recorded as received."))
    return redirect(report.proposal.get_absolute_url())
