"""Forms to ask for a report."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .exporters import EXPORTERS
from .models import ReportFormat


class ExportForm(forms.Form):
    """A list, and the format to export it in."""

    exporter = forms.ChoiceField(label=_("List"), choices=())
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[(ReportFormat.CSV, "CSV"), (ReportFormat.XLSX, "XLSX")],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exporter"].choices = [
            (name, exporter.label) for name, exporter in sorted(EXPORTERS.items())
        ]
