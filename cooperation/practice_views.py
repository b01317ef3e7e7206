"""Pages of good practices: the public library, writing and submitting one,
and vetting by IACD staff."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import Action, access_for, get_for_user
from accounts.models import MemberState

from .activity_filters import GoodPracticeFilter
from .activity_forms import GoodPracticeForm, ReviewForm
from .models import Activity, GoodPractice, PracticeStatus
from .services import good_practices as services


def practice_list(request):
    """The library: published practices, and a focal point's own country's."""
    queryset = GoodPractice.objects.visible_to(request.user).select_related("country")
    filterset = GoodPracticeFilter(request.GET or None, queryset=queryset)
    practices = (
        filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    )
    page = Paginator(practices, 25).get_page(request.GET.get("page"))
    access = access_for(request.user)
    return render(
        request,
        "cooperation/practices/list.html",
        {
            "filter": filterset,
            "page": page,
            "may_write": access.is_staff_member or bool(access.editable_country_ids),
        },
    )


def practice_detail(request, pk: int):
    practice = get_for_user(
        GoodPractice.objects.select_related("country"), request.user, pk=pk
    )
    access = access_for(request.user)
    # The cooperation it came from is named only to those who may open it:
    # a published practice may come from an activity that is not published.
    activity = (
        Activity.objects.visible_to(request.user)
        .filter(pk=practice.activity_id)
        .first()
        if practice.activity_id
        else None
    )
    return render(
        request,
        "cooperation/practices/detail.html",
        {
            "practice": practice,
            "activity": activity,
            "may_edit": services.may_edit_practice(request.user, practice),
            "may_review": access.is_staff_member
            and practice.status == PracticeStatus.SUBMITTED,
            "review_form": ReviewForm(),
            "events": practice.events.select_related("actor"),
        },
    )


def _form_values(form) -> dict:
    data = dict(form.cleaned_data)
    sectors = data.pop("sectors")
    sdg_goals = data.pop("sdg_goals")
    return {"values": data, "sectors": sectors, "sdg_goals": sdg_goals}


@login_required
def practice_create(request):
    """A focal point writes a good practice for their country."""
    access = access_for(request.user)
    states = MemberState.objects.all()
    if not access.is_staff_member:
        states = states.filter(pk__in=access.editable_country_ids)
    if not states:
        raise PermissionDenied
    state = states.filter(iso3=request.GET.get("country", "")).first() or states[0]
    # A practice may come from a completed cooperation (?activity=<id>).
    activity = None
    if request.GET.get("activity"):
        activity = get_for_user(Activity, request.user, pk=request.GET["activity"])
    form = GoodPracticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = _form_values(form)
        values["values"]["activity"] = activity
        try:
            practice = services.create_practice(
                actor=request.user, country=state, **values
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The good practice was saved as a draft."))
            return redirect(practice.get_absolute_url())
    return render(
        request,
        "cooperation/practices/form.html",
        {"form": form, "state": state, "activity": activity},
    )


@login_required
def practice_edit(request, pk: int):
    practice = get_for_user(GoodPractice, request.user, Action.CHANGE, pk=pk)
    if not services.may_edit_practice(request.user, practice):
        raise PermissionDenied
    form = GoodPracticeForm(request.POST or None, instance=practice)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_practice(
                actor=request.user, practice=practice, **_form_values(form)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The good practice was saved."))
            return redirect(practice.get_absolute_url())
    return render(
        request,
        "cooperation/practices/form.html",
        {"form": form, "state": practice.country, "practice": practice},
    )


@login_required
@require_POST
def practice_transition(request, pk: int, transition: str):
    """Submit (focal points), publish, return or reject (staff)."""
    practice = get_for_user(GoodPractice, request.user, pk=pk)
    form = ReviewForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    actions = {
        "submit": lambda: services.submit_practice(
            actor=request.user, practice=practice
        ),
        "publish": lambda: services.publish_practice(
            actor=request.user, practice=practice
        ),
        "return": lambda: services.return_practice(
            actor=request.user, practice=practice, comment=comment
        ),
        "reject": lambda: services.reject_practice(
            actor=request.user, practice=practice, comment=comment
        ),
    }
    if transition not in actions:
        raise PermissionDenied
    try:
        actions[transition]()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The good practice was updated."))
    return redirect(practice.get_absolute_url())
