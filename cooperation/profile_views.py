"""Pages of country profiles: expertise offered and sought, focal points,
activities as provider and recipient, and the SWOT."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.models import MemberState, Role, RoleMembership

from .activity_forms import CountryProfileForm
from .models import Activity, ActivitySector, Posting, PostingKind, PostingState
from .models.activities import SECTOR_VOCABULARY_DAC
from .services.profiles import may_edit_profile, profile_of, update_profile

ACTIVITIES_SHOWN = 20
SECTORS_SHOWN = 10


def sectors_of(activities):
    """The DAC sectors most present in ``activities``, with their counts: what
    a country's cooperation shows it offers (as provider) or seeks (as
    recipient), beside what its focal points write."""
    return (
        ActivitySector.objects.filter(
            activity__in=activities, vocabulary=SECTOR_VOCABULARY_DAC
        )
        .values("code")
        .annotate(count=Count("activity", distinct=True))
        .order_by("-count", "code")[:SECTORS_SHOWN]
    )


def profile_list(request):
    states = MemberState.objects.members().select_related("profile")
    return render(request, "cooperation/profiles/list.html", {"states": states})


def profile_detail(request, iso3: str):
    state = get_object_or_404(MemberState, iso3=iso3.upper())
    profile = profile_of(state)
    visible = Activity.objects.visible_to(request.user).select_related("status")
    as_provider = visible.filter(owner_country=state)
    # IATI country codes are ISO 3166 alpha-2 codes.
    as_recipient = visible.filter(recipient_countries__country_id=state.iso2)
    postings = Posting.objects.visible_to(request.user).filter(country=state)
    focal_points = RoleMembership.objects.filter(
        country=state,
        role__in=[Role.NATIONAL_FOCAL_POINT, Role.MISSION_FOCAL_POINT],
    ).select_related("user")
    return render(
        request,
        "cooperation/profiles/detail.html",
        {
            "state": state,
            "profile": profile,
            "offered_sectors": profile.offered_sectors.all() if profile.pk else [],
            "sought_sectors": profile.sought_sectors.all() if profile.pk else [],
            "focal_points": focal_points,
            "as_provider": as_provider[:ACTIVITIES_SHOWN],
            "provider_sectors": sectors_of(as_provider),
            "offer_sectors": sectors_posted(postings, PostingKind.OFFER),
            "demand_sectors": sectors_posted(postings, PostingKind.DEMAND),
            "recipient_sectors": sectors_of(as_recipient),
            "as_recipient": as_recipient.distinct()[:ACTIVITIES_SHOWN],
            "may_edit": may_edit_profile(request.user, state),
        },
    )


def sectors_posted(postings, kind: str):
    """The DAC sectors of a country's offers (or demands) that the reader may
    see, with counts: its expertise and needs as CooperaNet shows them.
    Replaced versions are left out so that a record counts once."""
    current = postings.filter(kind=kind).exclude(state=PostingState.SUPERSEDED)
    return (
        Posting.sectors.through.objects.filter(posting__in=current)
        .values("sector__code")
        .annotate(count=Count("posting", distinct=True))
        .order_by("-count", "sector__code")[:SECTORS_SHOWN]
    )


@login_required
def profile_edit(request, iso3: str):
    state = get_object_or_404(MemberState, iso3=iso3.upper())
    if not may_edit_profile(request.user, state):
        raise PermissionDenied
    profile = profile_of(state)
    form = CountryProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        offered = data.pop("offered_sectors")
        sought = data.pop("sought_sectors")
        update_profile(
            actor=request.user,
            state=state,
            values=data,
            offered_sectors=offered,
            sought_sectors=sought,
        )
        messages.success(request, _("The profile was saved."))
        return redirect("cooperation:profile-detail", iso3=state.iso3)
    return render(
        request, "cooperation/profiles/form.html", {"form": form, "state": state}
    )
