"""Factories of the cooperation tests: the few reference codes they need, and
activities."""

import factory
from factory.django import DjangoModelFactory

from cooperation.models import Activity, Source
from reference import models as reference

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
