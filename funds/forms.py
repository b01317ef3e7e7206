"""Forms of the funds pages. They only validate what the user typed; the
services decide and write, and their ValidationErrors land beside the
field they name (``apply_service_errors``)."""

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import MemberState, Organisation, User
from accounts.roles import Role
from reference.models import Currency

from .models import ReportKind

MONEY = {"max_digits": 18, "decimal_places": 4}


def apply_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: beside its field when
    the form has that field, else at the top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"


class CurrencyField(forms.ModelChoiceField):
    """A currency by its ISO code; withdrawn ones are not offered."""

    default_error_messages = {"invalid_choice": _("Unknown currency.")}

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Currency.objects.active(), to_field_name="code", **kwargs
        )

    def label_from_instance(self, obj):
        return obj.code


class IcrRateForm(forms.Form):
    percent = forms.DecimalField(
        label=_("Rate (%)"), min_value=0, max_value=99.99, decimal_places=2
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput)
    reason = forms.CharField(label=_("Reason for the change"), required=False)


class PledgeForm(forms.Form):
    fund = forms.ModelChoiceField(label=_("Fund"), queryset=None)
    contributor_state = forms.ModelChoiceField(
        label=_("Contributing state"),
        queryset=MemberState.objects.all(),
        required=False,
    )
    contributor_organisation = forms.ModelChoiceField(
        label=_("Contributing organisation"),
        queryset=Organisation.objects.all(),
        required=False,
    )
    amount = forms.DecimalField(label=_("Amount"), min_value=0.01, **MONEY)
    currency = CurrencyField(label=_("Currency"))
    exchange_rate = forms.DecimalField(
        label=_("Exchange rate to the fund's currency"),
        required=False,
        max_digits=18,
        decimal_places=8,
        help_text=_("Units of the fund's currency per unit of this one."),
    )
    pledged_on = forms.DateField(label=_("Pledged on"), widget=DateInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, funds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = funds


class ReceiptForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount received"), min_value=0.01, **MONEY)
    currency = CurrencyField(label=_("Currency"))
    exchange_rate = forms.DecimalField(
        label=_("Exchange rate to the fund's currency"),
        required=False,
        max_digits=18,
        decimal_places=8,
    )
    rate_date = forms.DateField(
        label=_("Date of the exchange rate"), required=False, widget=DateInput
    )
    received_on = forms.DateField(label=_("Received on"), widget=DateInput)


class ReversalForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class CycleForm(forms.Form):
    fund = forms.ModelChoiceField(label=_("Fund"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=200)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput)
    call_opens_at = forms.DateTimeField(label=_("Call opens at"), widget=DateTimeInput)
    proposal_deadline = forms.DateTimeField(
        label=_("Deadline for proposals"), widget=DateTimeInput
    )
    evaluation_deadline = forms.DateField(
        label=_("Deadline for evaluation"), widget=DateInput
    )
    decision_deadline = forms.DateField(
        label=_("Deadline for the Board's decision"), widget=DateInput
    )
    score_scale_max = forms.IntegerField(
        label=_("Highest score per criterion"), min_value=1, initial=10
    )
    bonus_min_countries = forms.IntegerField(
        label=_("Countries needed for the multi-country bonus"), min_value=2, initial=2
    )
    bonus_per_extra_country = forms.DecimalField(
        label=_("Bonus points per country beyond the first"), min_value=0, initial=0
    )
    bonus_max = forms.DecimalField(
        label=_("Highest multi-country bonus"), min_value=0, initial=0
    )
    themes = forms.CharField(
        label=_("Themes and envelopes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One theme a line: name, then a semicolon and its envelope."),
    )
    criteria = forms.CharField(
        label=_("Evaluation criteria"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One criterion a line: name, then a semicolon and its weight."),
    )

    def __init__(self, *args, funds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = funds

    @staticmethod
    def _pairs(text: str, message) -> list[tuple[str, str]]:
        pairs = []
        for line in text.splitlines():
            if not line.strip():
                continue
            name, _sep, number = line.rpartition(";")
            if not name.strip():
                raise ValidationError(message)
            pairs.append((name.strip(), number.strip()))
        return pairs

    def clean_themes(self):
        return self._pairs(
            self.cleaned_data["themes"],
            _("Write each theme as: name; envelope."),
        )

    def clean_criteria(self):
        return self._pairs(
            self.cleaned_data["criteria"],
            _("Write each criterion as: name; weight."),
        )


class ProposalForm(forms.Form):
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=300)
    objectives = forms.CharField(label=_("Objectives"), widget=forms.Textarea)
    beneficiary_countries = forms.ModelMultipleChoiceField(
        label=_("Other beneficiary countries"),
        queryset=MemberState.objects.members(),
        required=False,
        help_text=_("For multi-country or sub-regional projects."),
    )
    duration_months = forms.IntegerField(
        label=_("Duration in months"), min_value=1, max_value=120
    )
    partners = forms.CharField(
        label=_("Partners"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    requested_amount = forms.DecimalField(
        label=_("Amount requested"), min_value=0.01, **MONEY
    )
    budget_lines = forms.CharField(
        label=_("Budget lines"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One line each: description, then a semicolon and the amount. "
            "They must add up to the amount requested."
        ),
    )

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = cycle.themes.all()

    def clean_budget_lines(self):
        lines = []
        for number, line in enumerate(
            self.cleaned_data["budget_lines"].splitlines(), start=1
        ):
            if not line.strip():
                continue
            description, _sep, amount = line.rpartition(";")
            if not description.strip() or not amount.strip():
                raise ValidationError(
                    _("Line %(n)s: write a description; amount.") % {"n": number}
                )
            if "," in amount:
                # "1,500" is fifteen hundred in English and one and a half in
                # Spanish: refuse it rather than guess which was meant.
                raise ValidationError(
                    _(
                        "Line %(n)s: write the amount with a point as the decimal "
                        "separator and no thousands separator, for example 1500.50."
                    )
                    % {"n": number}
                )
            lines.append((description.strip(), amount.strip()))
        return lines


class EligibilityForm(forms.Form):
    eligible = forms.TypedChoiceField(
        label=_("Eligibility"),
        choices=[("1", _("Eligible")), ("0", _("Not eligible"))],
        coerce=lambda value: value == "1",
    )
    reasons = forms.CharField(
        label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class AssignReviewerForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        label=_("Reviewer"),
        queryset=User.objects.filter(role_memberships__role=Role.REVIEWER).distinct(),
    )


class DecisionForm(forms.Form):
    approved = forms.TypedChoiceField(
        label=_("The Management Board's decision"),
        choices=[("1", _("Approved")), ("0", _("Not approved"))],
        coerce=lambda value: value == "1",
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class AmountForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount"), min_value=0.01, **MONEY)


class TrancheForm(AmountForm):
    planned_on = forms.DateField(label=_("Planned on"), widget=DateInput)


class ReportDateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class AmendmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    objectives = forms.CharField(label=_("Objectives"), widget=forms.Textarea)
    duration_months = forms.IntegerField(
        label=_("Duration in months"), min_value=1, max_value=120
    )
    partners = forms.CharField(
        label=_("Partners"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    reason = forms.CharField(
        label=_("Reason for the amendment"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ConflictForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest with this proposal?"),
        choices=[("0", _("No")), ("1", _("Yes"))],
        coerce=lambda value: value == "1",
    )
    statement = forms.CharField(
        label=_("Declaration"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class ScoreForm(forms.Form):
    """One field per criterion of the cycle, each bounded by its scale."""

    def __init__(self, *args, criteria, scale_max, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.DecimalField(
                label=criterion.name,
                min_value=0,
                max_value=scale_max,
                decimal_places=2,
            )

    def scores(self) -> dict[int, object]:
        return {
            int(name.removeprefix("criterion_")): value
            for name, value in self.cleaned_data.items()
        }


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput)
    end = forms.DateField(label=_("To"), widget=DateInput)

    def __init__(self, data=None, **kwargs):
        today = timezone.localdate()
        initial = {"start": today.replace(month=1, day=1), "end": today}
        super().__init__(data if data and "start" in data else initial, **kwargs)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The period must end after it starts."))
        if start and end and end - start > timedelta(days=366 * 20):
            self.add_error("start", _("Choose a period of at most twenty years."))
        return cleaned


class RateRangeForm(forms.Form):
    low = forms.DecimalField(label=_("From (%)"), min_value=0, max_value=50, initial=0)
    high = forms.DecimalField(label=_("To (%)"), min_value=0, max_value=50, initial=13)
    step = forms.DecimalField(
        label=_("Step (%)"), min_value=0.5, max_value=10, initial=1
    )

    def __init__(self, data=None, **kwargs):
        initial = {"low": 0, "high": 13, "step": 1}
        super().__init__(data if data and "low" in data else initial, **kwargs)

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("low"), cleaned.get("high")
        if low is not None and high is not None and high < low:
            self.add_error("high", _("The range must end above where it starts."))
        return cleaned

    def rates(self):
        from decimal import Decimal

        low, high, step = (self.cleaned_data[k] for k in ("low", "high", "step"))
        rates, rate = [], Decimal(low)
        while rate <= high and len(rates) < 40:
            rates.append(rate / 100)
            rate += Decimal(step)
        return rates


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"))
