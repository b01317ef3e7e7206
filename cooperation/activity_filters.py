"""Filtersets of the regional cooperation database, shared by the pages and
the API (one per model)."""

import django_filters
from django import forms
from django.core.cache import cache
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from accounts.models import MemberState
from reference.models import ActivityStatus

from .models import (
    Activity,
    ActivityModality,
    ActivitySector,
    CountryProfile,
    GoodPractice,
    ParticipatingOrg,
    RecipientCountry,
)
from .models.activities import ROLE_FUNDING, SECTOR_VOCABULARY_DAC

STATUS_CHOICES_SECONDS = 60 * 60


def forget_status_choices() -> None:
    for language in ("en", "es", "pt", "fr"):
        database = connection.settings_dict["NAME"]
        cache.delete(f"cooperation:activity-status-choices:{database}:{language}")


def status_choices():
    """The activity statuses in the active language, cached: a list page
    should not spend a query on a codelist that changes once a year."""
    language = get_language() or "en"
    database = connection.settings_dict["NAME"]
    key = f"cooperation:activity-status-choices:{database}:{language}"
    choices = cache.get(key)
    if choices is None:
        choices = [
            (status.code, f"{status.code} {status.name}")
            for status in ActivityStatus.objects.all()
        ]
        cache.set(key, choices, STATUS_CHOICES_SECONDS)
    return choices


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 9999})
class YearFilter(django_filters.NumberFilter):
    """A calendar year: a whole number a date can carry (1 to 9999), so that a
    year like 0 or 0.5 is refused beside the field instead of failing the
    query."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 17})
class SdgFilter(django_filters.NumberFilter):
    """One of the 17 Sustainable Development Goals, by number."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 17)
        super().__init__(*args, **kwargs)


class ActivityFilter(django_filters.FilterSet):
    """Country, sector, SDG, modality, provider, year, status and free text."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    country = django_filters.CharFilter(
        label=_("Recipient country (ISO code)"), method="filter_country"
    )
    sector = django_filters.CharFilter(
        label=_("Sector (DAC code, 3 or 5 digits)"), method="filter_sector"
    )
    sdg = SdgFilter(label=_("SDG"), method="filter_sdg")
    modality = django_filters.ChoiceFilter(
        label=_("Modality"), choices=ActivityModality.choices
    )
    provider = django_filters.CharFilter(
        label=_("Provider (organisation identifier)"), method="filter_provider"
    )
    year = YearFilter(label=_("Active in year"), method="filter_year")
    status = django_filters.ChoiceFilter(
        label=_("Status"), field_name="status_id", choices=status_choices
    )

    class Meta:
        model = Activity
        fields = ["q", "country", "sector", "sdg", "modality", "provider", "year"]

    def filter_text(self, queryset, name, value):
        condition = Q(iati_identifier__icontains=value)
        for language in ("en", "es", "pt", "fr"):
            condition |= Q(**{f"title__{language}__icontains": value})
        return queryset.filter(condition)

    def filter_country(self, queryset, name, value):
        code = value.strip().upper()
        if len(code) == 3:
            # The portal names member states by alpha-3, IATI by alpha-2.
            code = (
                MemberState.objects.filter(iso3=code)
                .values_list("iso2", flat=True)
                .first()
                or code
            )
        # Exists rather than a join, so that an activity is listed once.
        return queryset.filter(
            Exists(
                RecipientCountry.objects.filter(
                    activity=OuterRef("pk"), country_id=code
                )
            )
        )

    def filter_sector(self, queryset, name, value):
        code = value.strip()
        sectors = ActivitySector.objects.filter(
            activity=OuterRef("pk"), vocabulary=SECTOR_VOCABULARY_DAC
        )
        if len(code) == 3:
            sectors = sectors.filter(code__startswith=code)
        else:
            sectors = sectors.filter(code=code)
        return queryset.filter(Exists(sectors))

    def filter_sdg(self, queryset, name, value):
        return queryset.filter(sdg_goals__contains=[str(value)])

    def filter_provider(self, queryset, name, value):
        ref = value.strip()
        funders = ParticipatingOrg.objects.filter(
            activity=OuterRef("pk"), role_id=ROLE_FUNDING, ref=ref
        )
        return queryset.filter(Q(reporting_org_ref=ref) | Exists(funders))

    def filter_year(self, queryset, name, value):
        year = value
        started = Q(actual_start__year__lte=year) | Q(
            actual_start__isnull=True, planned_start__year__lte=year
        )
        not_ended = (
            Q(actual_end__year__gte=year)
            | Q(actual_end__isnull=True, planned_end__year__gte=year)
            | Q(actual_end__isnull=True, planned_end__isnull=True)
        )
        return queryset.filter(started & not_ended)


class GoodPracticeFilter(django_filters.FilterSet):
    """Free text, country, sector, SDG, tag and status."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    country = django_filters.CharFilter(
        label=_("Country (ISO code)"), field_name="country__iso3", lookup_expr="iexact"
    )
    sector = django_filters.CharFilter(label=_("Sector"), field_name="sectors__code")
    sdg = django_filters.CharFilter(label=_("SDG"), field_name="sdg_goals__code")
    tag = django_filters.CharFilter(label=_("Tag"), method="filter_tag")

    class Meta:
        model = GoodPractice
        fields = ["q", "country", "sector", "sdg", "tag", "status"]

    def filter_text(self, queryset, name, value):
        condition = Q()
        for field in ("title", "problem", "solution", "results", "lessons"):
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)

    def filter_tag(self, queryset, name, value):
        return queryset.filter(tags__contains=[value.strip().lower()])

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).distinct()


class CountryProfileFilter(django_filters.FilterSet):
    """Sub-region and the sectors a country offers or seeks."""

    subregion = django_filters.CharFilter(field_name="state__subregion")
    offers_sector = django_filters.CharFilter(field_name="offered_sectors__code")
    seeks_sector = django_filters.CharFilter(field_name="sought_sectors__code")

    class Meta:
        model = CountryProfile
        fields = ["subregion", "offers_sector", "seeks_sector"]

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).distinct()
