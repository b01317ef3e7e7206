"""Forms of CooperaNet: the focal points' offer and demand form, the vetting
comment, attachments, and focal point invitations."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.access import access_for
from accounts.models import MemberState, SubRegion
from reference.models import Currency, SdgGoal, SdgTarget, Sector

from .models import FocalPointInvitation, Posting, WorkingLanguage
from .services.cooperanet import CONTENT_FIELDS, M2M_FIELDS

SEARCHABLE = {"class": "form-select js-tom-select"}


class PointDecimalField(forms.DecimalField):
    """A decimal amount written with a point, whatever the page's language,
    so that "1.500" and "1,500" never silently mean different sums."""

    default_error_messages = {
        "comma": _(
            "Write the amount with a point as the decimal separator and no "
            "thousands separator, for example 15000.50."
        ),
    }

    def to_python(self, value):
        if isinstance(value, str) and "," in value:
            raise ValidationError(self.error_messages["comma"], code="comma")
        if isinstance(value, str):
            value = value.strip().replace(" ", "")
        try:
            return super().to_python(value)
        except InvalidOperation as error:  # pragma: no cover - Django wraps it
            raise ValidationError(self.error_messages["invalid"]) from error


class CodeChoiceField(forms.ModelMultipleChoiceField):
    """Reference entries by code, named in the reader's language."""

    def label_from_instance(self, obj) -> str:
        return f"{obj.code} {obj.name}"


class PostingForm(forms.ModelForm):
    """Create or edit an offer or demand. Saving a draft needs only a title;
    what submission needs is checked when the draft is submitted."""

    country = forms.ModelChoiceField(
        label=_("Posting country"), queryset=MemberState.objects.none()
    )
    sectors = CodeChoiceField(
        label=_("DAC sectors"),
        queryset=Sector.objects.none(),
        to_field_name="code",
        required=False,
        widget=forms.SelectMultiple(attrs=SEARCHABLE),
        help_text=_("Type a code or words to search the five-digit purpose codes."),
    )
    sdg_goals = CodeChoiceField(
        label=_("SDG goals"),
        queryset=SdgGoal.objects.none(),
        to_field_name="code",
        required=False,
        widget=forms.SelectMultiple(attrs=SEARCHABLE),
    )
    sdg_targets = CodeChoiceField(
        label=_("SDG targets"),
        queryset=SdgTarget.objects.none(),
        to_field_name="code",
        required=False,
        widget=forms.SelectMultiple(attrs=SEARCHABLE),
    )
    partner_countries = forms.ModelMultipleChoiceField(
        label=_("Beneficiary or provider countries"),
        queryset=MemberState.objects.none(),
        to_field_name="iso3",
        required=False,
        widget=forms.SelectMultiple(attrs=SEARCHABLE),
    )
    subregions = forms.MultipleChoiceField(
        label=_("Sub-regions"),
        choices=SubRegion.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    working_languages = forms.MultipleChoiceField(
        label=_("Languages in which the cooperation can be given"),
        choices=WorkingLanguage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    estimated_value = PointDecimalField(
        label=_("Estimated value"),
        required=False,
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0"),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    currency = forms.ModelChoiceField(
        label=_("Currency"),
        queryset=Currency.objects.none(),
        to_field_name="code",
        required=False,
    )

    class Meta:
        model = Posting
        fields = [
            "title",
            "description",
            "language",
            "country",
            "sectors",
            "sdg_goals",
            "sdg_targets",
            "modality",
            "partner_countries",
            "subregions",
            "working_languages",
            "start_date",
            "end_date",
            "duration_months",
            "estimated_value",
            "currency",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        access = access_for(user)
        countries = MemberState.objects.all()
        if not access.is_staff_member:
            countries = countries.filter(pk__in=access.editable_country_ids)
        self.fields["country"].queryset = countries
        single_owner = (
            len(access.editable_country_ids) <= 1 and not access.is_staff_member
        )
        if self.instance.pk or single_owner:
            # The owner of an existing record does not change; a focal
            # point of one country (or a partner) has nothing to choose.
            del self.fields["country"]
        self.fields["sectors"].queryset = Sector.objects.active()
        self.fields["sdg_goals"].queryset = SdgGoal.objects.active()
        self.fields["sdg_targets"].queryset = SdgTarget.objects.active()
        self.fields["partner_countries"].queryset = MemberState.objects.all()
        self.fields["currency"].queryset = Currency.objects.active()
        if not self.instance.pk:
            # A new record is most likely written in the page's language.
            language = (get_language() or "en")[:2]
            if language in WorkingLanguage.values:
                self.initial.setdefault("language", language)
        if self.instance.pk and self.instance.currency_id:
            self.initial.setdefault("currency", self.instance.currency.code)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error(
                "end_date", _("The end date must not be before the start date.")
            )
        if cleaned.get("estimated_value") is not None and not cleaned.get("currency"):
            self.add_error("currency", _("Choose the currency of the estimated value."))
        return cleaned

    def content_values(self) -> dict:
        """The cleaned values the services take."""
        names = set(CONTENT_FIELDS) | set(M2M_FIELDS)
        return {
            name: value for name, value in self.cleaned_data.items() if name in names
        }


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )


class ResultsForm(forms.Form):
    results = forms.CharField(
        label=_("Results"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))


class InvitationForm(forms.ModelForm):
    """Staff invite a person to be a focal point of a member state."""

    class Meta:
        model = FocalPointInvitation
        fields = ["email", "country", "role"]


class AcceptInvitationForm(forms.Form):
    """A new user chooses a name and password when accepting."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput)

    def clean_password(self):
        password = self.cleaned_data["password"]
        password_validation.validate_password(password)
        return password
