"""Factories of the cooperation tests: the few reference codes they need, and
activities."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from cooperation.models import (
    Activity,
    Modality,
    Posting,
    PostingKind,
    PostingState,
    Source,
)
from reference import models as reference
from reference.models import Currency, SdgGoal, SdgTarget, Sector

CODES = {
    reference.ActivityStatus: ["1", "2", "3", "4", "5", "6"],
    reference.Country: ["AF", "AG", "TM", "JM", "MX", "HT", "CO", "BR"],
    reference.Region: ["489", "88", "380"],
    reference.Currency: ["USD", "AUD", "JPY", "EUR", "GBP", "JMD", "MXN"],
    reference.TransactionType: [str(n) for n in range(1, 14)],
    reference.OrganisationRole: ["1", "2", "3", "4"],
    reference.CollaborationType: ["1", "2", "3", "4"],
    reference.FlowType: ["10", "20", "30"],
    reference.FinanceType: ["110", "410"],
    reference.SectorCategory: ["111", "122"],
    reference.Sector: ["11110", "11120", "12220", "12240"],
    reference.SdgGoal: [str(n) for n in range(1, 18)],
}


def load_reference_codes() -> None:
    """Create the reference rows the cooperation tests use (idempotent)."""
    for model, codes in CODES.items():
        for code in codes:
            model.objects.get_or_create(code=code, defaults={"name_en": f"N{code}"})


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity

    iati_identifier = factory.Sequence(lambda n: f"XM-TEST-{n:05d}")
    default_language = "en"
    default_currency_id = "USD"
    reporting_org_ref = "XM-TEST"
    reporting_org_type = "10"
    reporting_org_name = factory.LazyFunction(lambda: {"en": "Test agency"})
    title = factory.Sequence(lambda n: {"en": f"Activity {n}"})
    status_id = "2"
    planned_start = factory.Faker("date_between", start_date="-3y", end_date="-1y")
    source = Source.MANUAL
    is_published = True


class SectorFactory(DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{15110 + n}")
    name_en = factory.LazyAttribute(lambda sector: f"Sector {sector.code}")
    name_es = factory.LazyAttribute(lambda sector: f"Sector {sector.code} (es)")


class SdgGoalFactory(DjangoModelFactory):
    class Meta:
        model = SdgGoal
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: str(n % 17 + 1))
    name_en = factory.LazyAttribute(lambda goal: f"Goal {goal.code}")


class SdgTargetFactory(DjangoModelFactory):
    class Meta:
        model = SdgTarget
        django_get_or_create = ("code",)

    goal = factory.SubFactory(SdgGoalFactory)
    code = factory.LazyAttributeSequence(lambda target, n: f"{target.goal.code}.{n}")
    name_en = factory.LazyAttribute(lambda target: f"Target {target.code}")


class CurrencyFactory(DjangoModelFactory):
    class Meta:
        model = Currency
        django_get_or_create = ("code",)

    code = "USD"
    name_en = "US Dollar"


class PostingFactory(DjangoModelFactory):
    """A complete posting; pass ``state`` to skip the life cycle."""

    class Meta:
        model = Posting
        skip_postgeneration_save = True

    kind = PostingKind.DEMAND
    state = PostingState.DRAFT
    title = factory.Sequence(lambda n: f"Cooperation need {n}")
    description = "Support to strengthen national capacities."
    language = "en"
    modality = Modality.TECHNICAL_ASSISTANCE
    working_languages = factory.LazyFunction(lambda: ["en"])

    @factory.lazy_attribute
    def submitted_at(self):
        if self.state == PostingState.DRAFT:
            return None
        return timezone.now()

    @factory.lazy_attribute
    def published_at(self):
        if self.state in {PostingState.DRAFT, PostingState.SUBMITTED}:
            return None
        return timezone.now()

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if not create:
            return
        self.sectors.set(extracted if extracted is not None else [SectorFactory()])
        self.refresh_search_vector()

    @factory.post_generation
    def sdg_goals(self, create, extracted, **kwargs):
        if create and extracted:
            self.sdg_goals.set(extracted)

    @factory.post_generation
    def sdg_targets(self, create, extracted, **kwargs):
        if create and extracted:
            self.sdg_targets.set(extracted)
