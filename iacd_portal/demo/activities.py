"""IATI-style regional activities, inserted in bulk (there is no service
to create one: they arrive by IATI import), ``PER_SCALE`` × ``scale``."""

from datetime import timedelta
from decimal import Decimal

from cooperation.models import (
    Activity,
    ActivitySector,
    Budget,
    RecipientCountry,
)
from cooperation.models.activities import ActivityModality, Source

from . import SeedContext

PER_SCALE = 8
IDENTIFIER_PREFIX = "XM-OAS-IACD-DEMO-"

# (English title, Spanish title, DAC sector, SDG goal)
THEMES = [
    (
        "Regional network of public employment services",
        "Red regional de servicios públicos de empleo",
        "16020",
        "8",
    ),
    (
        "Strengthening civil registration in the Caribbean",
        "Fortalecimiento del registro civil en el Caribe",
        "15110",
        "16",
    ),
    (
        "Climate-smart agriculture for smallholders",
        "Agricultura climáticamente inteligente para pequeños productores",
        "31120",
        "2",
    ),
    (
        "Teacher training in digital skills",
        "Formación docente en competencias digitales",
        "11130",
        "4",
    ),
    (
        "Integrated water resources management in transboundary basins",
        "Gestión integrada de recursos hídricos en cuencas transfronterizas",
        "14010",
        "6",
    ),
    (
        "Renewable energy for rural health centres",
        "Energía renovable para centros de salud rurales",
        "23210",
        "7",
    ),
]


def seed(context: SeedContext) -> None:
    rng = context.rng
    countries = list(context.countries.values())
    start = Activity.objects.filter(
        iati_identifier__startswith=IDENTIFIER_PREFIX
    ).count()
    activities, recipients, sectors, budgets = [], [], [], []
    for index in range(start, start + PER_SCALE * context.scale):
        title_en, title_es, sector, goal = THEMES[index % len(THEMES)]
        owner = rng.choice(countries)
        partners = rng.sample(countries, rng.choice([1, 2, 3]))
        begins = context.today - timedelta(days=rng.randrange(0, 900))
        activity = Activity(
            iati_identifier=f"{IDENTIFIER_PREFIX}{index + 1:05d}",
            default_language="en",
            default_currency_id="USD",
            reporting_org_ref="XM-OAS",
            reporting_org_type="40",
            reporting_org_name={
                "en": "Organization of American States",
                "es": "Organización de los Estados Americanos",
            },
            title={"en": title_en, "es": title_es},
            descriptions=[
                {
                    "type": "1",
                    "texts": {
                        "en": f"{title_en}: exchanges of experience among "
                        "national institutions, with a regional workshop.",
                    },
                }
            ],
            status_id=rng.choice(["1", "2", "2", "3"]),
            planned_start=begins,
            planned_end=begins + timedelta(days=rng.choice([365, 730, 1095])),
            collaboration_type_id="1",
            default_flow_type_id="10",
            default_finance_type_id="110",
            sdg_goals=[goal],
            modality=(
                ActivityModality.REGIONAL
                if len(partners) > 1
                else ActivityModality.SOUTH_SOUTH
            ),
            source=Source.MANUAL,
            owner_country=owner,
            # Most are published; a few stay drafts of their country.
            is_published=index % 5 != 4,
        )
        activities.append(activity)
        share = Decimal(100) / len(partners)
        recipients += [
            RecipientCountry(
                activity=activity,
                country_id=partner.iso2,
                percentage=share.quantize(Decimal("0.01")),
            )
            for partner in partners
        ]
        sectors.append(
            ActivitySector(activity=activity, code=sector, percentage=Decimal(100))
        )
        budgets.append(
            Budget(
                activity=activity,
                period_start=begins,
                period_end=begins + timedelta(days=364),
                value=Decimal(rng.randrange(50, 900) * 1000),
                currency_id="USD",
                value_date=begins,
            )
        )
    Activity.objects.bulk_create(activities, batch_size=1000)
    RecipientCountry.objects.bulk_create(recipients, batch_size=5000)
    ActivitySector.objects.bulk_create(sectors, batch_size=5000)
    Budget.objects.bulk_create(budgets, batch_size=5000)
    context.count("activities (bulk)", len(activities))
