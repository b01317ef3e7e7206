"""CooperaNet offers and demands in four languages and every state of the
life cycle, made through ``cooperation.services.cooperanet`` so that their
history (events) and matches are real; then ``scale`` × ``BULK_PER_SCALE``
published postings inserted in bulk, for benchmarks."""

from datetime import timedelta
from decimal import Decimal
from typing import NamedTuple

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import Value
from django.utils import timezone

from cooperation.models import Posting, PostingEvent, PostingKind, PostingState
from cooperation.models.cooperanet import SEARCH_CONFIGS, Modality
from cooperation.services import cooperanet as services
from cooperation.services.matching import compute_matches
from reference.models import Currency, SdgGoal, SdgTarget, Sector

from . import SeedContext

BULK_PER_SCALE = 30
OFFER, DEMAND = PostingKind.OFFER, PostingKind.DEMAND


class Showcase(NamedTuple):
    """One showcase posting; ``until`` names the state the services take it
    to (``new_version`` ends with a second, published version)."""

    until: str
    kind: str
    iso3: str
    language: str
    modality: str
    sectors: list[str]
    targets: list[str]
    title: str
    text: str


SHOWCASE = [
    Showcase(
        "draft",
        OFFER,
        "JAM",
        "en",
        Modality.TRAINING_COURSE,
        sectors=["41010"],
        targets=["13.1"],
        title="Coastal resilience planning for small island municipalities",
        text=(
            "A five-day course by the Office of Disaster Preparedness on "
            "mapping storm-surge exposure and folding it into municipal land-"
            "use plans."
        ),
    ),
    Showcase(
        "draft",
        DEMAND,
        "JAM",
        "en",
        Modality.EXPERT_EXCHANGE,
        sectors=["32130"],
        targets=["8.3"],
        title="Support for a single window for small business registration",
        text=(
            "Jamaica seeks an agency that has merged business, tax and social "
            "security registration to advise on the design of a single window."
        ),
    ),
    Showcase(
        "submitted",
        OFFER,
        "MEX",
        "es",
        Modality.TECHNICAL_ASSISTANCE,
        sectors=["31120"],
        targets=["2.4"],
        title="Asistencia técnica en sistemas de riego por goteo",
        text=(
            "El Instituto Nacional de Investigaciones Forestales, Agrícolas y "
            "Pecuarias ofrece acompañamiento para diseñar riego tecnificado en "
            "zonas semiáridas."
        ),
    ),
    Showcase(
        "returned",
        DEMAND,
        "GTM",
        "es",
        Modality.STUDY_VISIT,
        sectors=["12220"],
        targets=["3.8"],
        title="Visita de estudio sobre redes comunitarias de atención primaria",
        text=(
            "El Ministerio de Salud busca conocer modelos de atención primaria "
            "en comunidades rurales con población indígena."
        ),
    ),
    Showcase(
        "rejected",
        OFFER,
        "COL",
        "es",
        Modality.FINANCIAL,
        sectors=["43010"],
        targets=[],
        title="Fondo de préstamos para proyectos municipales",
        text=(
            "Propuesta de crédito directo a municipios, fuera del alcance de la"
            " cooperación técnica de CooperaNet."
        ),
    ),
    Showcase(
        "published",
        OFFER,
        "BRA",
        "pt",
        Modality.SOUTH_SOUTH,
        sectors=["31120"],
        targets=["2.4", "2.3"],
        title="Agricultura familiar e compras públicas de alimentos",
        text=(
            "A Agência Brasileira de Cooperação compartilha a experiência de "
            "programas de aquisição de alimentos da agricultura familiar para a"
            " alimentação escolar."
        ),
    ),
    Showcase(
        "published",
        DEMAND,
        "HTI",
        "fr",
        Modality.TECHNICAL_ASSISTANCE,
        sectors=["31120"],
        targets=["2.3"],
        title="Appui aux coopératives agricoles pour la cantine scolaire",
        text=(
            "Le ministère de l'Agriculture souhaite relier les coopératives de "
            "producteurs aux cantines scolaires des départements du Nord."
        ),
    ),
    Showcase(
        "published",
        DEMAND,
        "PER",
        "es",
        Modality.TRAINING_COURSE,
        sectors=["41010"],
        targets=["13.1"],
        title="Capacitación en gestión del riesgo de desastres costeros",
        text=(
            "Gobiernos regionales de la costa norte buscan formación en planes "
            "de ordenamiento frente a inundaciones y marejadas."
        ),
    ),
    Showcase(
        "matched",
        OFFER,
        "CHL",
        "es",
        Modality.EXPERT_EXCHANGE,
        sectors=["15110"],
        targets=["16.6"],
        title="Intercambio de expertos en compras públicas electrónicas",
        text=(
            "ChileCompra ofrece intercambiar expertos sobre plataformas de "
            "compras públicas abiertas y sus indicadores de integridad."
        ),
    ),
    Showcase(
        "matched",
        DEMAND,
        "TTO",
        "en",
        Modality.EXPERT_EXCHANGE,
        sectors=["15110"],
        targets=["16.6"],
        title="Advice on an electronic public procurement platform",
        text=(
            "The Office of Procurement Regulation would like experts who have "
            "run an open e-procurement platform to review its roll-out plan."
        ),
    ),
    Showcase(
        "in_progress",
        OFFER,
        "CRI",
        "es",
        Modality.INTERNSHIP,
        sectors=["23210"],
        targets=["7.2"],
        title="Pasantías en gestión de energía geotérmica y eólica",
        text=(
            "El Instituto Costarricense de Electricidad recibe técnicos para "
            "pasantías de tres meses en operación de plantas renovables."
        ),
    ),
    Showcase(
        "in_progress",
        DEMAND,
        "BRB",
        "en",
        Modality.INTERNSHIP,
        sectors=["23210"],
        targets=["7.2"],
        title="Technician placements in renewable energy plant operation",
        text=(
            "Barbados seeks placements for utility technicians in geothermal "
            "and wind plants ahead of its 2030 renewable energy target."
        ),
    ),
    Showcase(
        "completed",
        OFFER,
        "CAN",
        "fr",
        Modality.TRAINING_COURSE,
        sectors=["11330"],
        targets=["4.4"],
        title="Formation technique en maintenance de véhicules électriques",
        text=(
            "Des cégeps du Québec offrent un programme de formation de "
            "formateurs en maintenance de véhicules électriques."
        ),
    ),
    Showcase(
        "completed",
        DEMAND,
        "JAM",
        "en",
        Modality.TRAINING_COURSE,
        sectors=["11330"],
        targets=["4.4"],
        title="Training of trainers in electric vehicle maintenance",
        text=(
            "HEART/NSTA Trust wishes to prepare instructors for the first "
            "cohorts of electric vehicle maintenance courses."
        ),
    ),
    Showcase(
        "withdrawn",
        DEMAND,
        "MEX",
        "es",
        Modality.STUDY_VISIT,
        sectors=["14010"],
        targets=["6.4"],
        title="Visita técnica sobre reúso de aguas residuales tratadas",
        text=(
            "Solicitud retirada: la Comisión Nacional del Agua encontró la "
            "cooperación por otra vía."
        ),
    ),
    Showcase(
        "new_version",
        OFFER,
        "COL",
        "es",
        Modality.TRIANGULAR,
        sectors=["15110"],
        targets=["16.6"],
        title="Cooperación triangular en catastro multipropósito",
        text=(
            "Colombia y un socio europeo ofrecen acompañar la puesta en marcha "
            "de un catastro multipropósito en municipios rurales."
        ),
    ),
]


def _values(owner, rng, row: Showcase) -> dict:
    """The content of a showcase posting, as the form would send it."""
    targets = list(SdgTarget.objects.filter(code__in=row.targets))
    goal_codes = {target.code.split(".")[0] for target in targets}
    return {
        "title": row.title,
        "description": row.text,
        "language": row.language,
        "modality": row.modality,
        "working_languages": sorted({row.language, "en"}),
        "sectors": list(Sector.objects.filter(code__in=row.sectors)),
        "sdg_targets": targets,
        "sdg_goals": list(SdgGoal.objects.filter(code__in=goal_codes)),
        "duration_months": rng.choice([3, 6, 9, 12]),
        "estimated_value": Decimal(rng.randrange(8, 120) * 1000),
        "currency": Currency.objects.get(code="USD"),
        "contact_name": owner.full_name,
        "contact_email": owner.email,
    }


def _walk(context, name, posting, owner):
    """Take a fresh draft through the services to the state ``name`` says."""
    staff = context.staff
    if name == "draft":
        return
    services.submit_posting(actor=owner, posting=posting)
    if name == "submitted":
        return
    if name == "returned":
        services.return_posting(
            actor=staff,
            posting=posting,
            comment="Please name the institution that would host the visit.",
        )
        return
    if name == "rejected":
        services.reject_posting(
            actor=staff,
            posting=posting,
            comment="Loans are outside CooperaNet's technical cooperation.",
        )
        return
    services.publish_posting(actor=staff, posting=posting)
    if name == "withdrawn":
        services.withdraw_posting(actor=owner, posting=posting)
    elif name == "new_version":
        newer = services.draft_new_version(actor=owner, posting=posting)
        services.update_posting(
            actor=owner,
            posting=newer,
            values={"duration_months": 18},
        )
        services.submit_posting(actor=owner, posting=newer)
        services.publish_posting(actor=staff, posting=newer)


def _connect(context, offer, demand, until):
    """Both sides agree; then, as ``until`` says, start and complete."""
    offer_owner = context.focal_points[offer.country.iso3]
    demand_owner = context.focal_points[demand.country.iso3]
    services.express_interest(actor=demand_owner, own=demand, other=offer)
    services.express_interest(actor=offer_owner, own=offer, other=demand)
    if until == "matched":
        return
    for posting, owner in ((offer, offer_owner), (demand, demand_owner)):
        services.start_posting(actor=owner, posting=posting)
    if until == "completed":
        for posting, owner in ((offer, offer_owner), (demand, demand_owner)):
            services.complete_posting(
                actor=owner,
                posting=posting,
                results="Eighteen instructors trained; the course opened in "
                "two technical institutes with material shared by both sides.",
            )


def seed(context: SeedContext) -> None:
    """The showcase through the services, the bulk rows, then matching."""
    # Pairs that end connected: published first, then connected together.
    connected = {"matched": [], "in_progress": [], "completed": []}
    for row in SHOWCASE:
        owner = context.focal_points[row.iso3]
        posting = services.create_posting(
            actor=owner,
            kind=row.kind,
            country=context.countries[row.iso3],
            values=_values(owner, context.rng, row),
        )
        if row.until in connected:
            services.submit_posting(actor=owner, posting=posting)
            services.publish_posting(actor=context.staff, posting=posting)
            connected[row.until].append(posting)
        else:
            _walk(context, row.until, posting, owner)
    for until, pair in connected.items():
        offer, demand = (Posting.objects.get(pk=posting.pk) for posting in pair)
        _connect(context, offer, demand, until)
    context.count("postings (through the services)", len(SHOWCASE) + 1)

    bulk = _bulk_postings(context, BULK_PER_SCALE * context.scale)
    context.count("postings (bulk, published)", bulk)
    # Fresh statistics, or the planner guesses badly on the rows just added.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cooperation_posting")
        for through in (Posting.sectors.through, Posting.sdg_targets.through):
            cursor.execute(f"ANALYZE {through._meta.db_table}")
    context.count("matches", compute_matches(None))


def _bulk_postings(context, number: int) -> int:
    """Insert ``number`` published postings at once, with their sectors and
    SDG targets and one 'published' event each."""
    rng = context.rng
    sector_ids = dict(Sector.objects.active().values_list("code", "pk"))
    # Any sector may come second; sorted, so that a seed repeats the data.
    every_sector = sorted(sector_ids.values())
    target_ids = dict(SdgTarget.objects.values_list("code", "pk"))
    goal_of = dict(SdgTarget.objects.values_list("pk", "goal_id"))
    topics = []
    usd = Currency.objects.get(code="USD")
    countries = list(context.countries.values())
    now = timezone.now()
    postings = []
    for index in range(number):
        kind = OFFER if index % 2 == 0 else DEMAND
        country = rng.choice(countries)
        language = context.focal_points[country.iso3].preferred_language
        topic, sector, target = rng.choice(_TOPICS[language])
        verb = _VERBS[language][kind]
        postings.append(
            Posting(
                kind=kind,
                state=PostingState.PUBLISHED,
                title=f"{verb} {topic} ({country.iso3} {index + 1})",
                description=f"{verb} {topic}.",
                language=language,
                country=country,
                focal_point=context.focal_points[country.iso3],
                created_by=context.focal_points[country.iso3],
                modality=rng.choice(Modality.values),
                working_languages=sorted({language, "en"}),
                duration_months=rng.choice([3, 6, 12, 24]),
                estimated_value=Decimal(rng.randrange(5, 250) * 1000),
                currency=usd,
                submitted_at=now - timedelta(days=rng.randrange(2, 400)),
                published_at=now - timedelta(days=rng.randrange(0, 2)),
            )
        )
        # Sometimes a second sector, from the whole codelist.
        extra = rng.choice(every_sector) if rng.random() < 0.3 else None
        topics.append(({sector_ids[sector], extra} - {None}, target_ids[target]))
    Posting.objects.bulk_create(postings, batch_size=1000)

    sector_links, target_links, goal_links = [], [], []
    Sectors = Posting.sectors.through
    Targets = Posting.sdg_targets.through
    Goals = Posting.sdg_goals.through
    for posting, (sectors, target_id) in zip(postings, topics, strict=True):
        for sector_id in sorted(sectors):
            sector_links.append(Sectors(posting_id=posting.pk, sector_id=sector_id))
        target_links.append(Targets(posting_id=posting.pk, sdgtarget_id=target_id))
        goal_links.append(Goals(posting_id=posting.pk, sdggoal_id=goal_of[target_id]))
    Sectors.objects.bulk_create(sector_links, batch_size=5000)
    Targets.objects.bulk_create(target_links, batch_size=5000)
    Goals.objects.bulk_create(goal_links, batch_size=5000)
    PostingEvent.objects.bulk_create(
        [
            PostingEvent(
                posting=posting,
                action=PostingEvent.Action.PUBLISHED,
                from_state=PostingState.SUBMITTED,
                to_state=PostingState.PUBLISHED,
                actor=context.staff,
            )
            for posting in postings
        ],
        batch_size=5000,
    )
    for language, config in SEARCH_CONFIGS.items():
        Posting.objects.filter(
            pk__in=[p.pk for p in postings if p.language == language]
        ).update(
            search_vector=SearchVector("title", weight="A", config=Value(config))
            + SearchVector("description", weight="B", config=Value(config))
        )
    return len(postings)


_VERBS = {
    "en": {OFFER: "Technical assistance in", DEMAND: "Support sought for"},
    "es": {OFFER: "Asistencia técnica en", DEMAND: "Se busca apoyo para"},
    "pt": {OFFER: "Assistência técnica em", DEMAND: "Procura-se apoio para"},
    "fr": {OFFER: "Assistance technique pour", DEMAND: "Appui recherché pour"},
}
# Topics of the bulk postings with their DAC sector and SDG target, so that
# a title, its sector and its matches agree.
_TOPICS = {
    "en": [
        ("school feeding programmes", "11220", "2.1"),
        ("early warning systems for floods", "41010", "13.1"),
        ("digital identity services", "15110", "16.9"),
        ("youth employment services", "16020", "8.6"),
        ("coral reef monitoring", "41010", "14.2"),
        ("maternal health records", "12220", "3.1"),
    ],
    "es": [
        ("programas de alimentación escolar", "11220", "2.1"),
        ("alerta temprana de sequías", "41010", "13.1"),
        ("gobierno digital municipal", "15110", "16.6"),
        ("empleo juvenil rural", "16020", "8.6"),
        ("riego en zonas semiáridas", "31120", "2.4"),
        ("atención primaria de salud", "12220", "3.8"),
    ],
    "pt": [
        ("alimentação escolar", "11220", "2.1"),
        ("gestão de bacias hidrográficas", "14010", "6.5"),
        ("cadastro social único", "15110", "1.3"),
        ("agricultura de baixo carbono", "31120", "2.4"),
    ],
    "fr": [
        ("la gestion des déchets urbains", "14010", "11.6"),
        ("la formation professionnelle", "11330", "4.4"),
        ("l'état civil numérique", "15110", "16.9"),
        ("l'énergie solaire des centres de santé", "23210", "7.2"),
    ],
}
