"""Pages of CooperaNet: the catalogue, offer and demand pages and forms,
vetting, matches, attachments, focal points and exports.

Views stay thin: every list goes through ``visible_to``, every id through
``get_for_user``, every change through a function of
``services.cooperanet``.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.access import Action, access_for, get_for_user
from accounts.models import MemberState, Organisation, RoleMembership
from accounts.roles import Role
from iacd_portal.exports import csv_response, xlsx_response
from reference.models import Sector

from .cooperanet_filters import PostingFilterSet
from .cooperanet_forms import (
    AcceptInvitationForm,
    AttachmentForm,
    CommentForm,
    InvitationForm,
    PostingForm,
    ResultsForm,
)
from .models import Connection, Posting, PostingAttachment, PostingKind, PostingState
from .models.cooperanet import EDITABLE_STATES, describe_reasons
from .services import cooperanet as services
from .services.matching import matches_for

PAGE_SIZE = 25


def _catalogue_queryset(request):
    """The postings the user may read, filtered by the query string. Returns
    the filterset too, for its form."""
    base = (
        Posting.objects.visible_to(request.user)
        .for_listing()
        .order_by(F("published_at").desc(nulls_last=True), "-pk")
    )
    filterset = PostingFilterSet(request.GET, queryset=base, request=request)
    postings = filterset.qs if filterset.is_valid() else base.none()
    return filterset, postings


def catalogue(request):
    """The public catalogue of offers and demands, with search and filters;
    focal points also see their own country's drafts and submissions."""
    filterset, postings = _catalogue_queryset(request)
    page = Paginator(postings, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cooperation/cooperanet/catalogue.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "may_post": services.may_post(request.user),
        },
    )


def _sector_names(reasons_list) -> dict[str, str]:
    codes = {code for reasons in reasons_list for code in reasons.get("sectors", [])}
    if not codes:
        return {}
    return {
        sector.code: sector.name for sector in Sector.objects.filter(code__in=codes)
    }


def _reason_texts(reasons: dict, names: dict[str, str]) -> list[str]:
    named = dict(reasons)
    if reasons.get("sectors"):
        named["sectors"] = [
            f"{code} {names.get(code, '')}".strip() for code in reasons["sectors"]
        ]
    return describe_reasons(named)


def posting_detail(request, pk: int):
    """An offer or demand with its history, attachments and matches; staff
    also see what vetting needs (similar records, the organisation)."""
    posting = get_for_user(
        Posting.objects.select_related(
            "country", "organisation", "focal_point", "currency", "previous_version"
        ).prefetch_related("sectors", "sdg_goals", "sdg_targets", "partner_countries"),
        request.user,
        pk=pk,
    )
    may_edit = services.may_edit_posting(request.user, posting)
    is_staff = services.is_vetting_staff(request.user)
    newer = (
        Posting.objects.visible_to(request.user)
        .filter(lineage=posting.lineage, version__gt=posting.version)
        .order_by("-version")
        .first()
    )

    matches = []
    if posting.state in {PostingState.PUBLISHED, PostingState.MATCHED}:
        matches = list(matches_for(posting, request.user)[:20])
        names = _sector_names(match.reasons for match in matches)
        for match in matches:
            match.other = (
                match.demand if posting.kind == PostingKind.OFFER else match.offer
            )
            match.texts = _reason_texts(match.reasons, names)

    side, other = ("offer", "demand")
    if posting.kind != PostingKind.OFFER:
        side, other = other, side
    # The other record may have left the public states since (withdrawn, say):
    # a connection shows only while the reader may still open both records.
    connections = Connection.objects.filter(
        **{
            side: posting,
            f"{other}__in": Posting.objects.visible_to(request.user).values("pk"),
        }
    ).select_related("offer", "demand")
    similar = []
    if is_staff and posting.state == PostingState.SUBMITTED:
        similar = (
            Posting.objects.filter(
                kind=posting.kind, title__trigram_similar=posting.title
            )
            .exclude(lineage=posting.lineage)
            .exclude(state__in=[PostingState.DRAFT, PostingState.WITHDRAWN])
            .select_related("country", "organisation")
            .order_by("-pk")[:5]
        )

    state = posting.state
    actions = {
        "edit": may_edit and state in EDITABLE_STATES,
        "submit": may_edit and state in EDITABLE_STATES,
        "withdraw": may_edit and state in services.WITHDRAWABLE_STATES,
        "new_version": may_edit and state == PostingState.PUBLISHED and not newer,
        "start": may_edit and state == PostingState.MATCHED,
        "complete": may_edit and state == PostingState.IN_PROGRESS,
        "vet": is_staff and state == PostingState.SUBMITTED,
        "comment": may_edit or is_staff,
    }
    return render(
        request,
        "cooperation/cooperanet/detail.html",
        {
            "posting": posting,
            "events": posting.events.select_related("actor"),
            "attachments": posting.attachments.all(),
            "matches": matches,
            "connections": connections,
            "similar": similar,
            "newer": newer,
            "actions": actions,
            "may_edit": may_edit,
            "comment_form": CommentForm(),
            "results_form": ResultsForm(),
        },
    )


def posting_by_lineage(request, lineage):
    """The stable address of an offer or demand: its latest version the
    reader may see."""
    posting = (
        Posting.objects.visible_to(request.user)
        .filter(lineage=lineage)
        .order_by("-version")
        .first()
    )
    if posting is None:
        raise Http404
    return redirect(posting)


def _save_form(request, form, posting=None, kind=None):
    """Save the draft through the services; put their refusals beside the
    fields. Returns the posting, or None when the form must be shown again."""
    try:
        if posting is None:
            access = access_for(request.user)
            country = form.cleaned_data.get("country")
            organisation = None
            if country is None and len(access.editable_country_ids) == 1:
                country = MemberState.objects.get(
                    pk=next(iter(access.editable_country_ids))
                )
            if country is None and access.organisation_ids:
                organisation = Organisation.objects.get(pk=min(access.organisation_ids))
            posting = services.create_posting(
                actor=request.user,
                kind=kind,
                country=country,
                organisation=organisation,
                values=form.content_values(),
            )
        else:
            posting = services.update_posting(
                actor=request.user, posting=posting, values=form.content_values()
            )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None

    if "submit" in request.POST:
        try:
            services.submit_posting(actor=request.user, posting=posting)
            messages.success(request, _("Submitted to IACD staff for vetting."))
            return posting
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return posting
    messages.success(request, _("Draft saved."))
    return posting


@login_required
def posting_create(request, kind: str):
    """A focal point drafts a new offer or demand for their own country."""
    if kind not in PostingKind.values:
        raise Http404
    if not services.may_post(request.user):
        raise PermissionDenied
    form = PostingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        posting = _save_form(request, form, kind=kind)
        if posting is not None:
            if posting.state in EDITABLE_STATES:
                return redirect("cooperation:posting-edit", pk=posting.pk)
            return redirect(posting)
    return render(
        request,
        "cooperation/cooperanet/form.html",
        {"form": form, "kind": PostingKind(kind), "posting": None},
    )


@login_required
def posting_edit(request, pk: int):
    """Edit a draft (or a record returned with comments) of one's country."""
    posting = get_for_user(Posting, request.user, Action.CHANGE, pk=pk)
    if posting.state not in EDITABLE_STATES:
        messages.info(
            request,
            _("This record can no longer be edited; draft a new version instead."),
        )
        return redirect(posting)
    form = PostingForm(request.POST or None, instance=posting, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = _save_form(request, form, posting=posting)
        if saved is not None:
            if saved.state in EDITABLE_STATES:
                return redirect("cooperation:posting-edit", pk=saved.pk)
            return redirect(saved)
    return render(
        request,
        "cooperation/cooperanet/form.html",
        {
            "form": form,
            "kind": PostingKind(posting.kind),
            "posting": posting,
            "attachments": posting.attachments.all(),
            "attachment_form": AttachmentForm(),
        },
    )


TRANSITIONS = {
    "submit": services.submit_posting,
    "withdraw": services.withdraw_posting,
    "start": services.start_posting,
    "publish": services.publish_posting,
    "return": services.return_posting,
    "reject": services.reject_posting,
}


@require_POST
@login_required
def posting_transition(request, pk: int, action: str):
    """Fire one transition of the life cycle, with the comment typed."""
    service = TRANSITIONS.get(action)
    if service is None:
        raise Http404
    posting = get_for_user(Posting, request.user, Action.CHANGE, pk=pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        # A comment too long (or with a NUL) must not fire the transition
        # without it.
        messages.error(request, " ".join(form.errors["comment"]))
        return redirect(posting)
    comment = form.cleaned_data["comment"]
    try:
        service(actor=request.user, posting=posting, comment=comment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Done."))
    return redirect(posting)


@require_POST
@login_required
def posting_complete(request, pk: int):
    posting = get_for_user(Posting, request.user, Action.CHANGE, pk=pk)
    form = ResultsForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Describe the results achieved."))
        services.complete_posting(
            actor=request.user, posting=posting, results=form.cleaned_data["results"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(posting)


@require_POST
@login_required
def posting_comment(request, pk: int):
    posting = get_for_user(Posting, request.user, Action.CHANGE, pk=pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["comment"]))
        return redirect(posting)
    try:
        comment = form.cleaned_data["comment"]
        services.comment_on_posting(
            actor=request.user, posting=posting, comment=comment
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(posting)


@require_POST
@login_required
def posting_new_version(request, pk: int):
    posting = get_for_user(Posting, request.user, Action.CHANGE, pk=pk)
    try:
        version = services.draft_new_version(actor=request.user, posting=posting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(posting)
    return redirect("cooperation:posting-edit", pk=version.pk)


@require_POST
@login_required
def posting_interest(request, pk: int, other_pk: int):
    """The owner of ``pk`` wants to work with the record ``other_pk``."""
    own = get_for_user(Posting, request.user, Action.CHANGE, pk=pk)
    other = get_for_user(Posting, request.user, pk=other_pk)
    try:
        connection = services.express_interest(actor=request.user, own=own, other=other)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if connection.is_agreed:
            messages.success(request, _("Both sides agree: the records are matched."))
        else:
            messages.success(
                request, _("Your interest was recorded; the other side is told.")
            )
    return redirect(own)


@require_POST
@login_required
def attachment_upload(request, pk: int):
    posting = get_for_user(Posting, request.user, Action.CHANGE, pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose a file to attach."))
        services.attach_file(
            actor=request.user, posting=posting, upload=form.cleaned_data["file"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("File attached."))
    return redirect("cooperation:posting-edit", pk=posting.pk)


@require_POST
@login_required
def attachment_delete(request, pk: int):
    attachment = get_object_or_404(PostingAttachment, pk=pk)
    posting = get_for_user(
        Posting, request.user, Action.CHANGE, pk=attachment.posting_id
    )
    try:
        services.remove_attachment(actor=request.user, attachment=attachment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("cooperation:posting-edit", pk=posting.pk)


def attachment_download(request, pk: int):
    """Serve a file only to those who may read its posting (404 otherwise)."""
    attachment = PostingAttachment.objects.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    get_for_user(Posting, request.user, pk=attachment.posting_id)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


# Vetting ------------------------------------------------------------------


def _require_staff(user) -> None:
    if not user.is_authenticated:
        raise PermissionDenied
    if not services.is_vetting_staff(user):
        raise PermissionDenied


@login_required
def vetting_queue(request):
    """Submitted records, oldest first, with what a reviewer needs to see."""
    _require_staff(request.user)
    # Possible duplicates: other records of the same kind with a similar
    # title (pg_trgm's % operator, served by the trigram index).
    similar = (
        Posting.objects.filter(
            kind=OuterRef("kind"), title__trigram_similar=OuterRef("title")
        )
        .exclude(lineage=OuterRef("lineage"))
        .exclude(state__in=[PostingState.DRAFT, PostingState.WITHDRAWN])
        .order_by()
        .values("kind")
        .annotate(count=Count("pk"))
        .values("count")
    )
    postings = (
        Posting.objects.visible_to(request.user)
        .awaiting_vetting()
        .select_related("country", "organisation", "focal_point")
        .annotate(
            comment_count=Count("events", filter=~Q(events__comment="")),
            similar_count=Coalesce(Subquery(similar), 0),
        )
    )
    page = Paginator(postings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cooperation/cooperanet/vetting_queue.html", {"page": page})


@require_POST
@login_required
def organisation_verify(request, pk: int):
    _require_staff(request.user)
    organisation = get_object_or_404(Organisation, pk=pk)
    services.verify_organisation(actor=request.user, organisation=organisation)
    messages.success(request, _("The organisation is verified."))
    return redirect(request.POST.get("next") or reverse("cooperation:vetting"))


# Exports ------------------------------------------------------------------

EXPORT_COLUMNS = [
    (gettext_lazy("Number"), "pk"),
    (gettext_lazy("Kind"), "kind"),
    (gettext_lazy("Status"), "state"),
    (gettext_lazy("Version"), "version"),
    (gettext_lazy("Title"), "title"),
    (gettext_lazy("Language"), "language"),
    (gettext_lazy("Country"), "country__iso3"),
    (gettext_lazy("Organisation"), "organisation__name"),
    (gettext_lazy("Modality"), "modality"),
    (gettext_lazy("Sectors"), "sector_codes"),
    (gettext_lazy("SDG goals"), "goal_codes"),
    (gettext_lazy("Working languages"), "working_languages"),
    (gettext_lazy("Start date"), "start_date"),
    (gettext_lazy("End date"), "end_date"),
    (gettext_lazy("Estimated value"), "estimated_value"),
    (gettext_lazy("Currency"), "currency__code"),
    (gettext_lazy("Published at"), "published_at"),
]


def catalogue_export(request, file_format: str):
    """The filtered catalogue as CSV or XLSX, streamed, with the same
    visibility and filters as the page."""
    _filterset, postings = _catalogue_queryset(request)
    rows = (
        postings.order_by("pk")
        .values_list(*[field for _label, field in EXPORT_COLUMNS])
        .iterator(chunk_size=2000)
    )
    header = [str(label) for label, _field in EXPORT_COLUMNS]
    if file_format == "csv":
        return csv_response(header, rows, "cooperanet.csv")
    if file_format == "xlsx":
        return xlsx_response(header, rows, "cooperanet.xlsx")
    raise Http404


# Focal points ---------------------------------------------------------------

FOCAL_ROLES = [Role.NATIONAL_FOCAL_POINT, Role.MISSION_FOCAL_POINT]


@login_required
def focal_points_overview(request):
    """Staff: every member state with its number of focal points, those with
    none first, so that they can be reminded to designate one."""
    _require_staff(request.user)
    states = (
        MemberState.objects.members()
        .annotate(
            national_count=Count(
                "role_memberships",
                filter=Q(role_memberships__role=Role.NATIONAL_FOCAL_POINT),
            ),
            mission_count=Count(
                "role_memberships",
                filter=Q(role_memberships__role=Role.MISSION_FOCAL_POINT),
            ),
        )
        .order_by("name_en")
    )
    without = [state for state in states if not state.national_count]
    return render(
        request,
        "cooperation/cooperanet/focal_points_overview.html",
        {"states": states, "without": without},
    )


@login_required
def focal_points_country(request, iso3: str):
    """The designated national and mission focal points of a member state."""
    state = get_object_or_404(MemberState, iso3=iso3.upper())
    memberships = (
        RoleMembership.objects.filter(
            country=state, role__in=FOCAL_ROLES, user__is_active=True
        )
        .select_related("user")
        .order_by("role", "user__full_name")
    )
    return render(
        request,
        "cooperation/cooperanet/focal_points_country.html",
        {
            "state": state,
            "memberships": memberships,
            "is_staff": services.is_vetting_staff(request.user),
        },
    )


@login_required
def focal_point_invite(request):
    _require_staff(request.user)
    form = InvitationForm(request.POST or None, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_focal_point(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The invitation was sent."))
            return redirect("cooperation:focal-points")
    return render(request, "cooperation/cooperanet/invite.html", {"form": form})


def invitation_accept(request, token: str):
    """Accept an invitation: a logged-in user with the invited address, or a
    new user choosing a name and password."""
    invitation = services.find_invitation(token)
    if invitation is None:
        raise Http404
    form = (
        None
        if request.user.is_authenticated
        else AcceptInvitationForm(request.POST or None)
    )
    if request.method == "POST" and (form is None or form.is_valid()):
        values = form.cleaned_data if form is not None else {}
        try:
            user = services.accept_invitation(token=token, user=request.user, **values)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if not request.user.is_authenticated:
                login(
                    request, user, backend="django.contrib.auth.backends.ModelBackend"
                )
            messages.success(
                request,
                _("You are now a focal point of %(country)s.")
                % {"country": invitation.country.name},
            )
            return redirect("cooperation:overview")
    return render(
        request,
        "cooperation/cooperanet/invitation_accept.html",
        {"invitation": invitation, "form": form},
    )
