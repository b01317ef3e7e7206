"""Good practices written by focal points and reviewed by staff, through
``cooperation.services.good_practices``: published, submitted and draft."""

from cooperation.services import good_practices as services
from reference.models import SdgGoal, Sector

from . import SeedContext

# (ISO3, outcome, sector, SDG goal, title, problem, solution, results)
PRACTICES = [
    (
        "CHL",
        "published",
        "15110",
        "16",
        "Open procurement data cut the time to award small contracts",
        "Small municipal purchases took months and few suppliers bid.",
        "Every purchase published as open data, with a framework agreement "
        "catalogue for common goods.",
        "Average award time fell from 74 to 31 days; bids per tender doubled.",
    ),
    (
        "BRA",
        "published",
        "31120",
        "2",
        "Family farms supplying school meals",
        "School kitchens bought from distant wholesalers while nearby family "
        "farms had no buyer.",
        "A share of the school-meal budget reserved for local family farms, "
        "with simplified calls for cooperatives.",
        "Over 40% of the meals' produce now comes from farms within 50 km.",
    ),
    (
        "JAM",
        "submitted",
        "41010",
        "13",
        "Community rangers for mangrove restoration",
        "Mangroves lost to coastal development left fishing villages exposed.",
        "Fishers trained and paid as rangers to replant and watch restored areas.",
        "Thirty hectares replanted with a survival rate above 70%.",
    ),
    (
        "MEX",
        "draft",
        "11330",
        "4",
        "Formación dual en escuelas técnicas",
        "Los egresados técnicos no encontraban empleo en su especialidad.",
        "Convenios con empresas para que la mitad de la formación sea en planta.",
        "Siete de cada diez egresados empleados a seis meses.",
    ),
]


def seed(context: SeedContext) -> None:
    for iso3, outcome, sector, goal, title, problem, solution, results in PRACTICES:
        author = context.focal_points[iso3]
        practice = services.create_practice(
            actor=author,
            country=context.countries[iso3],
            values={
                "title": title,
                "problem": problem,
                "solution": solution,
                "results": results,
                "contacts": author.email,
            },
            sectors=Sector.objects.filter(code=sector),
            sdg_goals=SdgGoal.objects.filter(code=goal),
        )
        if outcome != "draft":
            services.submit_practice(actor=author, practice=practice)
        if outcome == "published":
            services.publish_practice(actor=context.staff, practice=practice)
        context.count("good practices")
