"""Forms of the notifications pages."""

from django import forms

from .kinds import KINDS, Delivery
from .models import ReminderRule


class PreferencesForm(forms.Form):
    """One choice of delivery per kind; mandatory kinds are shown, fixed."""

    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in sorted(KINDS.values(), key=lambda k: str(k.label)):
            field = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                initial=current.get(kind.name, kind.default_delivery),
                disabled=kind.mandatory,
                # A kind left out of the form keeps its current delivery.
                required=False,
            )
            if kind.mandatory:
                field.initial = Delivery.IMMEDIATELY
            self.fields[kind.name] = field


class RunReminderForm(forms.Form):
    """Run one reminder kind now."""

    kind = forms.ChoiceField(choices=())

    def __init__(self, *args, **kwargs):
        from .reminders.base import REMINDERS

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(name, name) for name in sorted(REMINDERS)]


class ReminderRuleForm(forms.ModelForm):
    """When one reminder kind fires; edited by IACD staff."""

    class Meta:
        model = ReminderRule
        fields = ["enabled", "offsets", "threshold_days", "catch_up_days"]
