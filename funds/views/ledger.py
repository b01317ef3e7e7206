"""Pages of funds, their ledgers, ICR rates and contributions, and the
statements. Balances shown anywhere come from ledger aggregates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import Action, access_for, get_for_user
from accounts.models import MemberState, Organisation

from .. import figures, statements
from ..filters import ContributionFilterSet, LedgerEntryFilterSet
from ..forms import (
    IcrRateForm,
    PeriodForm,
    PledgeForm,
    RateRangeForm,
    ReceiptForm,
    ReversalForm,
    apply_service_errors,
)
from ..models import (
    BALANCE_NAMES,
    Contribution,
    Fund,
    LedgerEntry,
    ProgrammingCycle,
)
from ..services import ledger
from ..statements import BALANCE_LABELS


def balance_rows(balances: dict) -> list[tuple[str, object]]:
    return [(BALANCE_LABELS[name], balances[name]) for name in BALANCE_NAMES]


def overview(request):
    """Every fund with its balances, the umbrella with its sub-funds'."""
    funds = list(
        Fund.objects.visible_to(request.user)
        .select_related("currency", "parent")
        .with_balances()
    )
    parents = {fund.parent_id for fund in funds}
    consolidated = [
        (fund, fund.consolidated_balances())
        for fund in funds
        if fund.is_umbrella and fund.pk in parents
    ]
    context = {
        "funds": funds,
        "consolidated": consolidated,
        "may_manage": ledger.may_manage_funds(request.user),
        "cycles": ProgrammingCycle.objects.select_related("fund")[:5],
    }
    return render(request, "funds/overview.html", context)


def fund_detail(request, code: str):
    """A fund's balances and ICR history; fund managers also see its ledger."""
    fund = get_object_or_404(
        Fund.objects.visible_to(request.user).select_related("currency", "parent"),
        code=code,
    )
    may_manage = ledger.may_manage_funds(request.user)
    context = {
        "fund": fund,
        "balances": balance_rows(fund.balances()),
        "consolidated": balance_rows(fund.consolidated_balances())
        if fund.is_umbrella and fund.sub_funds.exists()
        else None,
        "sub_funds": fund.sub_funds.select_related("currency"),
        "icr_rates": fund.icr_rates.select_related("set_by"),
        "may_manage": may_manage,
    }
    if may_manage:
        entries = LedgerEntry.objects.visible_to(request.user).filter(fund=fund)
        filterset = LedgerEntryFilterSet(request.GET, queryset=entries)
        page = Paginator(
            filterset.qs.select_related(
                "original_currency",
                "contribution__contributor_state",
                "contribution__contributor_organisation",
                "proposal",
                "reversed_by",
            ).order_by("-value_date", "-pk"),
            50,
        ).get_page(request.GET.get("page"))
        context.update(
            filterset=filterset,
            page=page,
            icr_form=IcrRateForm(),
            period_form=PeriodForm(),
        )
    return render(request, "funds/fund_detail.html", context)


@login_required
@require_POST
def set_icr_rate(request, code: str):
    fund = get_for_user(Fund, request.user, Action.CHANGE, code=code)
    form = IcrRateForm(request.POST)
    if form.is_valid():
        try:
            ledger.set_icr_rate(
                actor=request.user,
                fund=fund,
                rate=form.cleaned_data["percent"] / 100,
                valid_from=form.cleaned_data["valid_from"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The ICR rate was set."))
            return redirect(fund.get_absolute_url())
    return render(request, "funds/form.html", {"form": form, "title": _("ICR rate")})


@login_required
def reverse_entry(request, pk: int):
    """Reverse a ledger entry, with a reason."""
    if not ledger.may_manage_funds(request.user):
        raise Http404
    entry = get_for_user(
        LedgerEntry.objects.select_related("fund"), request.user, pk=pk
    )
    form = ReversalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ledger.reverse_entry(
                actor=request.user, entry=entry, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The entry was reversed."))
            return redirect(entry.fund.get_absolute_url())
    context = {"form": form, "title": _("Reverse an entry"), "object": entry}
    return render(request, "funds/form.html", context)


def icr_comparison(request):
    """What past cycles would have given to projects under a range of ICR
    rates, side by side with what was actually charged."""
    form = RateRangeForm(request.GET or None)
    rates = form.rates() if form.is_valid() else []
    rows = figures.icr_scenarios(ProgrammingCycle.objects.all(), rates) if rates else []
    return render(
        request,
        "funds/icr_comparison.html",
        {"form": form, "rates": rates, "rows": rows},
    )


@login_required
def contribution_list(request):
    contributions = Contribution.objects.visible_to(request.user).select_related(
        "fund__currency",
        "currency",
        "contributor_state",
        "contributor_organisation",
    )
    filterset = ContributionFilterSet(request.GET, queryset=contributions)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    context = {
        "filterset": filterset,
        "page": page,
        "may_pledge": access_for(request.user).is_focal_point
        or ledger.may_manage_funds(request.user),
    }
    return render(request, "funds/contribution_list.html", context)


@login_required
def contribution_create(request):
    """Record a pledge: fund managers for anyone, focal points for their
    country."""
    access = access_for(request.user)
    may_manage = ledger.may_manage_funds(request.user)
    if not (may_manage or access.editable_country_ids or access.organisation_ids):
        # Nobody to pledge for (a reviewer, say): no form to fill in vain.
        raise PermissionDenied
    form = PledgeForm(request.POST or None, funds=Fund.objects.all())
    if not may_manage:
        form.fields["contributor_state"].queryset = MemberState.objects.filter(
            pk__in=access.editable_country_ids
        )
        form.fields["contributor_organisation"].queryset = Organisation.objects.filter(
            pk__in=access.organisation_ids
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contribution = ledger.record_pledge(
                actor=request.user,
                fund=data["fund"],
                amount=data["amount"],
                currency=data["currency"],
                exchange_rate=data["exchange_rate"],
                pledged_on=data["pledged_on"],
                contributor_state=data["contributor_state"],
                contributor_organisation=data["contributor_organisation"],
                note=data["note"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except PermissionDenied:
            form.add_error(None, _("You may not pledge for this contributor."))
        else:
            messages.success(request, _("The pledge was recorded."))
            return redirect(contribution.get_absolute_url())
    return render(
        request, "funds/form.html", {"form": form, "title": _("Record a pledge")}
    )


@login_required
def contribution_detail(request, pk: int):
    """A contribution with its receipts and ledger entries; fund managers
    record receipts here."""
    contribution = get_for_user(
        Contribution.objects.select_related(
            "fund__currency",
            "currency",
            "contributor_state",
            "contributor_organisation",
        ),
        request.user,
        pk=pk,
    )
    may_manage = ledger.may_manage_funds(request.user)
    form = ReceiptForm(request.POST or None) if may_manage else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                ledger.record_receipt(
                    actor=request.user, contribution=contribution, **form.cleaned_data
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The receipt was recorded."))
                return redirect(contribution.get_absolute_url())
    entries = contribution.entries.select_related("original_currency")
    context = {
        "contribution": contribution,
        "receipts": contribution.receipts.select_related("currency"),
        "entries": entries,
        "balances": balance_rows(entries.balances()),
        "form": form,
    }
    return render(request, "funds/contribution_detail.html", context)


def _may_read_statement(user, state=None, organisation=None) -> bool:
    access = access_for(user)
    if access.has_full_access(ledger.FUND_ROLES):
        return True
    if state is not None:
        return state.pk in access.country_ids
    return organisation.pk in access.organisation_ids


def _statement_response(request, statement, template, xlsx, filename):
    output = request.GET.get("format")
    if output == "pdf":
        response = HttpResponse(
            statements.render_pdf(template, statement),
            content_type="application/pdf",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
        return response
    if output == "xlsx":
        response = HttpResponse(
            xlsx(statement),
            content_type="application/vnd.openxmlformats-officedocument"
            ".spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    return None


@login_required
def contributor_statement(request, kind: str, key: str):
    """A contributor's statement over a period: page, PDF or XLSX. Only the
    contributor's own focal points (and fund managers) may read it."""
    state = organisation = None
    if kind == "state":
        state = MemberState.objects.filter(iso3=key.upper()).first()
    elif key.isdigit():
        organisation = Organisation.objects.filter(pk=int(key)).first()
    if (state or organisation) is None or not _may_read_statement(
        request.user, state, organisation
    ):
        raise Http404
    form = PeriodForm(request.GET or None)
    statement = None
    if form.is_valid():
        statement = statements.contributor_statement(
            state=state, organisation=organisation, **form.cleaned_data
        )
        filename = f"statement-{state.iso3 if state else organisation.pk}"
        response = _statement_response(
            request,
            statement,
            "funds/statements/contributor_pdf.html",
            statements.contributor_statement_xlsx,
            filename,
        )
        if response:
            return response
    context = {"form": form, "statement": statement}
    return render(request, "funds/statements/contributor.html", context)


@login_required
def fund_statement(request, code: str):
    """A fund's statement over a period, for fund managers."""
    if not ledger.may_manage_funds(request.user):
        raise Http404
    fund = get_for_user(
        Fund.objects.select_related("currency"), request.user, code=code
    )
    form = PeriodForm(request.GET or None)
    statement = None
    if form.is_valid():
        statement = statements.fund_statement(fund=fund, **form.cleaned_data)
        response = _statement_response(
            request,
            statement,
            "funds/statements/fund_pdf.html",
            statements.fund_statement_xlsx,
            f"statement-{fund.code}",
        )
        if response:
            return response
    context = {"form": form, "statement": statement, "fund": fund}
    return render(request, "funds/statements/fund.html", context)
