"""The registry of list exporters: any list the portal shows can be written
to CSV or XLSX by declaring, once, its columns and its scoped queryset.

An exporter's queryset is always narrowed to what the requesting user may
see (``visible_to``), since the job runs for that user, later, elsewhere.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Exporter:
    """One exportable list: a label, columns as (header, lookup) pairs and a
    function from the requesting user to the rows they may see."""

    name: str
    label: str
    columns: tuple[tuple[str, str], ...]
    queryset: Callable
    # Optional django-filter FilterSet of the list, so the export shows what
    # the filtered page showed.
    filterset_class: type | None = None
    ordering: tuple[str, ...] = field(default=("pk",))

    def rows_for(self, user, filters: dict | None = None):
        queryset = self.queryset(user)
        if self.filterset_class is not None and filters:
            # Stored as {name: [values]}, the shape of the page's query string.
            data = MultiValueDict(
                {
                    name: values if isinstance(values, list) else [values]
                    for name, values in filters.items()
                }
            )
            queryset = self.filterset_class(data, queryset=queryset).qs
        return queryset.order_by(*self.ordering)

    @property
    def headers(self) -> list[str]:
        return [str(header) for header, _lookup in self.columns]

    @property
    def lookups(self) -> list[str]:
        return [lookup for _header, lookup in self.columns]


EXPORTERS: dict[str, Exporter] = {}


def register_exporter(exporter: Exporter) -> Exporter:
    EXPORTERS[exporter.name] = exporter
    return exporter


def _workplan_steps(user):
    from cooperation.models import ActionStep

    # The work plan is public: every user may export all of it.
    return ActionStep.objects.all()


def _member_states(user):
    from accounts.models import MemberState

    return MemberState.objects.visible_to(user)


register_exporter(
    Exporter(
        name="workplan_steps",
        label=_("Work plan action steps"),
        columns=(
            (_("Area"), "area__number"),
            (_("Step"), "number"),
            (_("Text"), "text"),
            (_("Status"), "status"),
            (_("Responsible unit"), "responsible_unit"),
            (_("Due date"), "due_date"),
            (_("Progress notes"), "progress_notes"),
        ),
        queryset=_workplan_steps,
        ordering=("area__number", "position"),
    )
)
register_exporter(
    Exporter(
        name="member_states",
        label=_("Member states"),
        columns=(
            (_("ISO 3166 alpha-3 code"), "iso3"),
            (_("ISO 3166 alpha-2 code"), "iso2"),
            (_("Name (English)"), "name_en"),
            (_("Name (Spanish)"), "name_es"),
            (_("Sub-region"), "subregion"),
            (_("Permanent observer"), "is_observer"),
        ),
        queryset=_member_states,
        ordering=("name_en",),
    )
)


# The other areas' lists. Each queryset is the user's own view of the list
# (``visible_to``) and each filterset the page's, so the file holds what the
# filtered page showed that user.


def _postings(user):
    from cooperation.models import Posting

    return Posting.objects.visible_to(user)


def _activities(user):
    from cooperation.models import Activity

    return Activity.objects.visible_to(user)


def _proposals(user):
    from funds.models import Proposal

    return Proposal.objects.visible_to(user)


def _contributions(user):
    from funds.models import Contribution

    return Contribution.objects.visible_to(user)


def register_area_exporters() -> None:
    # Imported here, once every app is loaded (from ReportsConfig.ready).
    from cooperation.activity_filters import ActivityFilter
    from cooperation.cooperanet_filters import PostingFilterSet
    from funds.filters import ContributionFilterSet, ProposalFilterSet

    register_exporter(
        Exporter(
            name="cooperanet_postings",
            label=_("CooperaNet offers and demands"),
            columns=(
                (_("Kind"), "kind"),
                (_("Status"), "state"),
                (_("Title"), "title"),
                (_("Language"), "language"),
                (_("Country"), "country__iso3"),
                (_("Organisation"), "organisation__name"),
                (_("Modality"), "modality"),
                (_("Start date"), "start_date"),
                (_("End date"), "end_date"),
                (_("Estimated value"), "estimated_value"),
                (_("Currency"), "currency__code"),
                (_("Published at"), "published_at"),
            ),
            queryset=_postings,
            filterset_class=PostingFilterSet,
        )
    )
    register_exporter(
        Exporter(
            name="activities",
            label=_("Cooperation activities"),
            columns=(
                (_("IATI identifier"), "iati_identifier"),
                (_("Title"), "title__en"),
                (_("Reporting organisation"), "reporting_org_ref"),
                (_("Status"), "status_id"),
                (_("Modality"), "modality"),
                (_("Planned start"), "planned_start"),
                (_("Actual start"), "actual_start"),
                (_("Planned end"), "planned_end"),
                (_("Actual end"), "actual_end"),
            ),
            queryset=_activities,
            filterset_class=ActivityFilter,
        )
    )
    register_exporter(
        Exporter(
            name="fund_proposals",
            label=_("Fund proposals and projects"),
            columns=(
                (_("Cycle"), "cycle__name"),
                (_("Country"), "country__iso3"),
                (_("Title"), "title"),
                (_("Status"), "status"),
                (_("Amount requested"), "requested_amount"),
                (_("Currency"), "cycle__fund__currency__code"),
                (_("Duration in months"), "duration_months"),
            ),
            queryset=_proposals,
            filterset_class=ProposalFilterSet,
        )
    )
    register_exporter(
        Exporter(
            name="fund_contributions",
            label=_("Contributions to the funds"),
            columns=(
                (_("Fund"), "fund__name"),
                (_("Contributing state"), "contributor_state__iso3"),
                (_("Contributing organisation"), "contributor_organisation__name"),
                (_("Amount pledged"), "amount"),
                (_("Currency"), "currency__code"),
                (_("Pledged on"), "pledged_on"),
                (_("Status"), "status"),
            ),
            queryset=_contributions,
            filterset_class=ContributionFilterSet,
        )
    )
