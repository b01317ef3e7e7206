"""The one filterset of CooperaNet postings, shared by the catalogue page,
its exports and the API."""

import django_filters
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Case, F, Value, When
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from accounts.models import MemberState, SubRegion
from reference.models import SdgGoal, Sector

from .models import Modality, Posting, PostingKind, PostingState, WorkingLanguage
from .models.cooperanet import SEARCH_CONFIGS

# The text search configuration of each row, from its language, so that the
# words of a query are stemmed the way the row's own words were.
ROW_SEARCH_CONFIG = Case(
    *[
        When(language=code, then=Value(config))
        for code, config in SEARCH_CONFIGS.items()
    ],
    default=Value("simple"),
)


@extend_schema_field(OpenApiTypes.STR)
class CodeFilter(django_filters.ModelMultipleChoiceFilter):
    """Reference rows named by their code (ISO3, DAC or SDG code); may be
    repeated."""


class PostingFilterSet(django_filters.FilterSet):
    """Filters of the catalogue: words, kind, state, country, sub-region,
    sector, SDG, modality and working language."""

    q = django_filters.CharFilter(
        label=_("Search"), method="filter_search", max_length=200
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PostingKind.choices)
    state = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=PostingState.choices
    )
    country = CodeFilter(
        label=_("Country"),
        field_name="country__iso3",
        to_field_name="iso3",
        queryset=MemberState.objects.all(),
    )
    subregion = django_filters.MultipleChoiceFilter(
        label=_("Sub-region"),
        field_name="country__subregion",
        choices=SubRegion.choices,
    )
    sector = CodeFilter(
        label=_("Sector"),
        field_name="sectors__code",
        to_field_name="code",
        queryset=Sector.objects.all(),
        distinct=True,
    )
    sdg = CodeFilter(
        label=_("SDG"),
        field_name="sdg_goals__code",
        to_field_name="code",
        queryset=SdgGoal.objects.all(),
        distinct=True,
    )
    modality = django_filters.MultipleChoiceFilter(
        label=_("Modality"), choices=Modality.choices
    )
    language = django_filters.MultipleChoiceFilter(
        label=_("Working language"),
        choices=WorkingLanguage.choices,
        method="filter_language",
    )

    class Meta:
        model = Posting
        fields = ["q", "kind", "state", "country", "subregion", "sector", "sdg"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        query = SearchQuery(value, config=ROW_SEARCH_CONFIG, search_type="websearch")
        return (
            queryset.annotate(rank=SearchRank(F("search_vector"), query))
            .filter(search_vector=query)
            .order_by("-rank", "-pk")
        )

    def filter_language(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(working_languages__overlap=list(value))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        # Without an explicit state, superseded versions stay out of lists.
        if not self.form.cleaned_data.get("state"):
            queryset = queryset.in_catalogue()
        return queryset
