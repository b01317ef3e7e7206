"""Pages of the cooperation app."""

from copy import copy

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .forms import ActionStepFollowUpForm
from .models import ActionStep, WorkplanArea
from .services.workplan import may_follow_up_workplan, update_action_step


def workplan_overview(request):
    """The six areas of the work plan with each one's progress."""
    areas = WorkplanArea.objects.with_progress()
    return render(request, "cooperation/workplan/overview.html", {"areas": areas})


def workplan_area(request, area_number: int):
    """An area with its objective, action steps and desired outcomes."""
    area = get_object_or_404(WorkplanArea.objects.with_progress(), number=area_number)
    # Steps link to their own page, which names the area: fetch it with them.
    steps = area.steps.select_related("area")
    outcomes = area.outcomes.prefetch_related(
        Prefetch("steps", queryset=ActionStep.objects.select_related("area"))
    )
    return render(
        request,
        "cooperation/workplan/area.html",
        {"area": area, "steps": steps, "outcomes": outcomes},
    )


def workplan_step(request, area_number: int, step_number: str):
    """A step with its outcomes and history; staff change its follow-up here."""
    step = (
        ActionStep.objects.select_related("area")
        .filter(area__number=area_number, number=step_number)
        .first()
    )
    if step is None:
        raise Http404
    may_change = may_follow_up_workplan(request.user)

    form = None
    if may_change:
        # The form gets a copy: validating writes the typed values onto its
        # instance, and the page's summary must keep showing the saved ones.
        form = ActionStepFollowUpForm(request.POST or None, instance=copy(step))
        if request.method == "POST" and form.is_valid():
            change = update_action_step(
                actor=request.user, step=step, **form.cleaned_data
            )
            if change:
                messages.success(request, _("The step was updated."))
            else:
                messages.info(request, _("Nothing changed."))
            return redirect(step.get_absolute_url())
    elif request.method == "POST":
        # Read-only users see the page; a POST from them changes nothing.
        return render(request, "403.html", status=403)

    context = {
        "step": step,
        "area": step.area,
        "outcomes": step.outcomes.all(),
        "changes": step.changes.select_related("changed_by"),
        "form": form,
    }
    return render(request, "cooperation/workplan/step.html", context)
