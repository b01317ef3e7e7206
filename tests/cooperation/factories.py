"""Factories for CooperaNet tests: the few reference rows they need, and
postings in any state."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from cooperation.models import Modality, Posting, PostingKind, PostingState
from reference.models import Currency, SdgGoal, SdgTarget, Sector


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
