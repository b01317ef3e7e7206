"""Factories and helpers for the funds tests: the few reference rows they
need, a fund with money in it, a cycle with an open call."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from funds.models import Criterion, Fund, ProgrammingCycle, Theme
from reference.models import Currency
from tests.factories import UserFactory


class CurrencyFactory(DjangoModelFactory):
    class Meta:
        model = Currency
        django_get_or_create = ("code",)

    code = "USD"
    name_en = factory.LazyAttribute(lambda c: f"Currency {c.code}")
    minor_units = 2


def usd():
    return CurrencyFactory(code="USD", name_en="US Dollar")


def eur():
    return CurrencyFactory(code="EUR", name_en="Euro")


def jpy():
    return CurrencyFactory(code="JPY", name_en="Yen", minor_units=0)


class FundFactory(DjangoModelFactory):
    class Meta:
        model = Fund
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Fund {n}")
    code = factory.Sequence(lambda n: f"fund-{n}")
    currency = factory.LazyFunction(usd)


class CycleFactory(DjangoModelFactory):
    """A cycle whose call is open now and closes in a week."""

    class Meta:
        model = ProgrammingCycle

    fund = factory.SubFactory(FundFactory)
    name = factory.Sequence(lambda n: f"Cycle {2026 + n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate())
    ends_on = factory.LazyAttribute(lambda c: c.starts_on + timedelta(days=730))
    call_opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    proposal_deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    evaluation_deadline = factory.LazyFunction(
        lambda: timezone.localdate() + timedelta(days=30)
    )
    decision_deadline = factory.LazyFunction(
        lambda: timezone.localdate() + timedelta(days=60)
    )
    score_scale_max = 10
    bonus_min_countries = 2
    bonus_per_extra_country = Decimal("0.5")
    bonus_max = Decimal("2")
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def themes_and_criteria(cycle, create, extracted, **kwargs):
        if not create:
            return
        Theme.objects.create(cycle=cycle, name="Education", envelope=Decimal(500_000))
        Theme.objects.create(cycle=cycle, name="Water", envelope=Decimal(300_000))
        Criterion.objects.create(cycle=cycle, name="Relevance", position=1)
        Criterion.objects.create(
            cycle=cycle, name="Feasibility", position=2, weight=Decimal(2)
        )
