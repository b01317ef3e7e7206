"""Forms of the regional cooperation database, good practices and profiles."""

from django import forms
from django.utils.translation import gettext_lazy as _

from funds.models.proposals import APPROVED_STATUSES, Proposal
from reference.models import SdgGoal, Sector

from .models import Activity, CountryProfile, GoodPractice, Posting, PostingState

# States of an offer or demand that has been public, and so may be the
# origin of an activity.
ORIGIN_POSTING_STATES = (
    PostingState.PUBLISHED,
    PostingState.MATCHED,
    PostingState.IN_PROGRESS,
    PostingState.COMPLETED,
)

# 500 MB: the largest IATI file the issue expects; bigger uploads are refused
# before they reach the worker.
MAX_UPLOAD_BYTES = 500 * 1024 * 1024


class IatiUploadForm(forms.Form):
    file = forms.FileField(
        label=_("IATI activity file"),
        help_text=_("An IATI 2.01–2.03 XML file, or a zip archive of such files."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 500 MB."))
        if not upload.name.lower().endswith((".xml", ".zip")):
            raise forms.ValidationError(_("Choose an .xml or .zip file."))
        return upload


class ActivityClassificationForm(forms.ModelForm):
    """What IACD staff add to an activity beyond IATI: its modality, the
    member state that reports it, and the offers, demands and DCF projects
    it came from."""

    class Meta:
        model = Activity
        fields = ["modality", "owner_country", "postings", "fund_proposals"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only records that have gone public can be the origin of an
        # activity, and only those the user may see are offered.
        self.fields["postings"].queryset = (
            Posting.objects.visible_to(user)
            .filter(state__in=ORIGIN_POSTING_STATES)
            .order_by("title")
        )
        self.fields["fund_proposals"].queryset = (
            Proposal.objects.visible_to(user)
            .filter(status__in=APPROVED_STATUSES)
            .order_by("title")
        )


class GoodPracticeForm(forms.ModelForm):
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        help_text=_("Words separated by commas."),
    )

    class Meta:
        model = GoodPractice
        fields = [
            "title",
            "problem",
            "solution",
            "results",
            "lessons",
            "contacts",
            "sectors",
            "sdg_goals",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sectors"].queryset = Sector.objects.active()
        self.fields["sdg_goals"].queryset = SdgGoal.objects.active()
        if self.instance.pk:
            self.initial["tags"] = ", ".join(self.instance.tags)

    def clean_tags(self):
        raw = self.cleaned_data.get("tags") or ""
        tags = sorted(
            {tag.strip().lower()[:50] for tag in raw.split(",") if tag.strip()}
        )
        return tags


class CountryProfileForm(forms.ModelForm):
    class Meta:
        model = CountryProfile
        fields = [
            "agency",
            "offered_expertise",
            "offered_sectors",
            "sought_expertise",
            "sought_sectors",
            "strengths",
            "weaknesses",
            "opportunities",
            "threats",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offered_sectors"].queryset = Sector.objects.active()
        self.fields["sought_sectors"].queryset = Sector.objects.active()
        state = self.instance.state
        self.fields["agency"].queryset = state.organisations.all()


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
