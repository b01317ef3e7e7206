"""CooperaNet offers and demands in four languages and every state of the
life cycle, made through ``cooperation.services.cooperanet`` so that their
history (events) and matches are real; then ``scale`` × ``BULK_PER_SCALE``
published postings inserted in bulk, for benchmarks."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.postgres.search import SearchVector
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

# (name, kind, ISO3, language, modality, DAC sectors, SDG targets, title,
# description). The name says which life cycle ``_walk`` gives the record.
SHOWCASE = [
    (
        "draft",
        OFFER,
        "JAM",
        "en",
        Modality.TRAINING_COURSE,
        ["41010"],
        ["13.1"],
        "Coastal resilience planning for small island municipalities",
        "A five-day course by the Office of Disaster Preparedness on mapping "
        "storm-surge exposure and folding it into municipal land-use plans.",
    ),
    (
        "draft",
        DEMAND,
        "JAM",
        "en",
        Modality.EXPERT_EXCHANGE,
        ["32130"],
        ["8.3"],
        "Support for a single window for small business registration",
        "Jamaica seeks an agency that has merged business, tax and social "
        "security registration to advise on the design of a single window.",
    ),
    (
        "submitted",
        OFFER,
        "MEX",
        "es",
        Modality.TECHNICAL_ASSISTANCE,
        ["31120"],
        ["2.4"],
        "Asistencia técnica en sistemas de riego por goteo",
        "El Instituto Nacional de Investigaciones Forestales, Agrícolas y "
        "Pecuarias ofrece acompañamiento para diseñar riego tecnificado en "
        "zonas semiáridas.",
    ),
    (
        "returned",
        DEMAND,
        "GTM",
        "es",
        Modality.STUDY_VISIT,
        ["12220"],
        ["3.8"],
        "Visita de estudio sobre redes comunitarias de atención primaria",
        "El Ministerio de Salud busca conocer modelos de atención primaria en "
        "comunidades rurales con población indígena.",
    ),
    (
        "rejected",
        OFFER,
        "COL",
        "es",
        Modality.FINANCIAL,
        ["43010"],
        [],
        "Fondo de préstamos para proyectos municipales",
        "Propuesta de crédito directo a municipios, fuera del alcance de la "
        "cooperación técnica de CooperaNet.",
    ),
    (
        "published",
        OFFER,
        "BRA",
        "pt",
        Modality.SOUTH_SOUTH,
        ["31120"],
        ["2.4", "2.3"],
        "Agricultura familiar e compras públicas de alimentos",
        "A Agência Brasileira de Cooperação compartilha a experiência de "
        "programas de aquisição de alimentos da agricultura familiar para a "
        "alimentação escolar.",
    ),
    (
        "published",
        DEMAND,
        "HTI",
        "fr",
        Modality.TECHNICAL_ASSISTANCE,
        ["31120"],
        ["2.3"],
        "Appui aux coopératives agricoles pour la cantine scolaire",
        "Le ministère de l'Agriculture souhaite relier les coopératives de "
        "producteurs aux cantines scolaires des départements du Nord.",
    ),
    (
        "published",
        DEMAND,
        "PER",
        "es",
        Modality.TRAINING_COURSE,
        ["41010"],
        ["13.1"],
        "Capacitación en gestión del riesgo de desastres costeros",
        "Gobiernos regionales de la costa norte buscan formación en planes de "
        "ordenamiento frente a inundaciones y marejadas.",
    ),
    (
        "matched",
        OFFER,
        "CHL",
        "es",
        Modality.EXPERT_EXCHANGE,
        ["15110"],
        ["16.6"],
        "Intercambio de expertos en compras públicas electrónicas",
        "ChileCompra ofrece intercambiar expertos sobre plataformas de compras "
        "públicas abiertas y sus indicadores de integridad.",
    ),
    (
        "matched",
        DEMAND,
        "TTO",
        "en",
        Modality.EXPERT_EXCHANGE,
        ["15110"],
        ["16.6"],
        "Advice on an electronic public procurement platform",
        "The Office of Procurement Regulation would like experts who have run "
        "an open e-procurement platform to review its roll-out plan.",
    ),
    (
        "in_progress",
        OFFER,
        "CRI",
        "es",
        Modality.INTERNSHIP,
        ["23210"],
        ["7.2"],
        "Pasantías en gestión de energía geotérmica y eólica",
        "El Instituto Costarricense de Electricidad recibe técnicos para "
        "pasantías de tres meses en operación de plantas renovables.",
    ),
    (
        "in_progress",
        DEMAND,
        "BRB",
        "en",
        Modality.INTERNSHIP,
        ["23210"],
        ["7.2"],
        "Technician placements in renewable energy plant operation",
        "Barbados seeks placements for utility technicians in geothermal and "
        "wind plants ahead of its 2030 renewable energy target.",
    ),
    (
        "completed",
        OFFER,
        "CAN",
        "fr",
        Modality.TRAINING_COURSE,
        ["11330"],
        ["4.4"],
        "Formation technique en maintenance de véhicules électriques",
        "Des cégeps du Québec offrent un programme de formation de formateurs "
        "en maintenance de véhicules électriques.",
    ),
    (
        "completed",
        DEMAND,
        "JAM",
        "en",
        Modality.TRAINING_COURSE,
        ["11330"],
        ["4.4"],
        "Training of trainers in electric vehicle maintenance",
        "HEART/NSTA Trust wishes to prepare instructors for the first cohorts "
        "of electric vehicle maintenance courses.",
    ),
    (
        "withdrawn",
        DEMAND,
        "MEX",
        "es",
        Modality.STUDY_VISIT,
        ["14010"],
        ["6.4"],
        "Visita técnica sobre reúso de aguas residuales tratadas",
        "Solicitud retirada: la Comisión Nacional del Agua encontró la "
        "cooperación por otra vía.",
    ),
    (
        "new_version",
        OFFER,
        "COL",
        "es",
        Modality.TRIANGULAR,
        ["15110"],
        ["16.6"],
        "Cooperación triangular en catastro multipropósito",
        "Colombia y un socio europeo ofrecen acompañar la puesta en marcha de "
        "un catastro multipropósito en municipios rurales.",
    ),
]


def _values(owner, rng, language, modality, sectors, targets, title, text):
    """The content of a showcase posting, as a form would send it."""
    targets = list(SdgTarget.objects.filter(code__in=targets))
    goal_codes = {target.code.split(".")[0] for target in targets}
    return {
        "title": title,
        "description": text,
        "language": language,
        "modality": modality,
        "working_languages": sorted({language, "en"}),
        "sectors": list(Sector.objects.filter(code__in=sectors)),
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
    made = {}
    for name, kind, iso3, language, modality, sectors, targets, title, text in SHOWCASE:
        owner = context.focal_points[iso3]
        values = _values(
            owner, context.rng, language, modality, sectors, targets, title, text
        )
        posting = services.create_posting(
            actor=owner, kind=kind, country=context.countries[iso3], values=values
        )
        if name in {"matched", "in_progress", "completed"}:
            services.submit_posting(actor=owner, posting=posting)
            services.publish_posting(actor=context.staff, posting=posting)
        else:
            _walk(context, name, posting, owner)
        made.setdefault(name, []).append(posting)
    for until in ("matched", "in_progress", "completed"):
        offer, demand = (Posting.objects.get(pk=p.pk) for p in made[until])
        _connect(context, offer, demand, until)
    context.count("postings (through the services)", len(SHOWCASE) + 1)

    bulk = _bulk_postings(context, BULK_PER_SCALE * context.scale)
    context.count("postings (bulk, published)", bulk)
    context.count("matches", compute_matches(None))


def _bulk_postings(context, number: int) -> int:
    """Insert ``number`` published postings at once, with their sectors and
    SDG targets and one 'published' event each."""
    rng = context.rng
    sectors = list(Sector.objects.filter(code__in=_BULK_SECTORS))
    targets = list(SdgTarget.objects.filter(code__in=_BULK_TARGETS))
    usd = Currency.objects.get(code="USD")
    countries = list(context.countries.values())
    now = timezone.now()
    postings = []
    for index in range(number):
        kind = OFFER if index % 2 == 0 else DEMAND
        country = rng.choice(countries)
        language = context.focal_points[country.iso3].preferred_language
        topic, verb = rng.choice(_TOPICS[language]), _VERBS[language][kind]
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
    Posting.objects.bulk_create(postings, batch_size=1000)

    Sectors = Posting.sectors.through
    Targets = Posting.sdg_targets.through
    Sectors.objects.bulk_create(
        [
            Sectors(posting_id=posting.pk, sector_id=sector.pk)
            for posting in postings
            for sector in rng.sample(sectors, 2)
        ],
        batch_size=5000,
    )
    Targets.objects.bulk_create(
        [
            Targets(posting_id=posting.pk, sdgtarget_id=rng.choice(targets).pk)
            for posting in postings
        ],
        batch_size=5000,
    )
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


_BULK_SECTORS = [
    "11220",
    "11330",
    "12220",
    "14010",
    "15110",
    "23210",
    "31120",
    "32130",
    "41010",
    "43010",
]
_BULK_TARGETS = ["2.3", "2.4", "3.8", "4.4", "6.4", "7.2", "8.3", "13.1", "16.6"]
_VERBS = {
    "en": {OFFER: "Technical assistance in", DEMAND: "Support sought for"},
    "es": {OFFER: "Asistencia técnica en", DEMAND: "Se busca apoyo para"},
    "pt": {OFFER: "Assistência técnica em", DEMAND: "Procura-se apoio para"},
    "fr": {OFFER: "Assistance technique pour", DEMAND: "Appui recherché pour"},
}
_TOPICS = {
    "en": [
        "school feeding programmes",
        "early warning systems for floods",
        "digital identity services",
        "youth employment services",
        "coral reef monitoring",
        "maternal health records",
    ],
    "es": [
        "programas de alimentación escolar",
        "alerta temprana de sequías",
        "gobierno digital municipal",
        "empleo juvenil rural",
        "catastro de tierras",
        "vigilancia epidemiológica",
    ],
    "pt": [
        "alimentação escolar",
        "gestão de bacias hidrográficas",
        "cadastro social único",
        "agricultura de baixo carbono",
    ],
    "fr": [
        "la gestion des déchets urbains",
        "la formation professionnelle",
        "l'état civil numérique",
        "la santé communautaire",
    ],
}
