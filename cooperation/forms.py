"""Forms of the cooperation app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ActionStep


class ActionStepFollowUpForm(forms.ModelForm):
    """What IACD staff keep up to date on an action step."""

    class Meta:
        model = ActionStep
        fields = ["status", "responsible_unit", "due_date", "progress_notes"]
        widgets = {
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "progress_notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "due_date": _("The date by which the step should be done."),
        }
