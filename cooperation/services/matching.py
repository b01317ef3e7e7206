"""Matching of published offers and demands, computed in PostgreSQL.

Candidate pairs are found with equi-joins on the sector and SDG target link
tables (hash joins, not a comparison of every pair); only those candidates
are scored. The score, out of 100, adds:

- shared DAC sectors: 25 for one, 35 for two or more;
- shared SDG targets: 5 each, up to 10; a shared SDG goal: 10;
- the same modality: 10;
- at least one shared working language: 15;
- geography: 10 when the provider is in the demand's sub-region or offers to
  it;
- text similarity of the titles (pg_trgm's trigrams, compared with
  intarray): up to 10.

The facts behind the score are stored as ``reasons`` and turned into plain
words, in the reader's language, by ``describe_reasons``. Each posting keeps
its ``MATCHES_PER_POSTING`` best pairs above ``MINIMUM_SCORE``.
"""

import logging

from django.db import connection, transaction
from django.db.models import Exists, OuterRef

from ..models import Match, MatchNotice, Posting, PostingState

logger = logging.getLogger(__name__)

MINIMUM_SCORE = 25
MATCHES_PER_POSTING = 20
# Key of the advisory lock that serialises recomputations.
MATCHING_LOCK = 7_303_330_001

_MATCH_SQL = """
WITH sector_pairs AS (
{sector_pairs}
),
target_pairs AS (
{target_pairs}
),
candidates AS (
    SELECT COALESCE(sp.offer_id, tp.offer_id) AS offer_id,
           COALESCE(sp.demand_id, tp.demand_id) AS demand_id,
           sp.codes AS sectors, tp.codes AS targets
    FROM sector_pairs sp
    FULL JOIN target_pairs tp
      ON tp.offer_id = sp.offer_id AND tp.demand_id = sp.demand_id
),
live AS MATERIALIZED (
    -- The postings that have candidates, with what scoring needs.
    SELECT p.id, p.kind, p.modality, p.working_languages, p.subregions,
           p.title, ms.subregion AS home_subregion
    FROM cooperation_posting p
    LEFT JOIN accounts_memberstate ms ON ms.id = p.country_id
    WHERE p.id IN (
        SELECT offer_id FROM candidates UNION SELECT demand_id FROM candidates
    )
),
goal_sets AS MATERIALIZED (
    SELECT l.posting_id, array_agg(g.code ORDER BY g.code) AS codes
    FROM cooperation_posting_sdg_goals l
    JOIN reference_sdggoal g ON g.id = l.sdggoal_id
    WHERE l.posting_id IN (
        SELECT offer_id FROM candidates UNION SELECT demand_id FROM candidates
    )
    GROUP BY 1
),
trigram_sets AS MATERIALIZED (
    -- The title's trigrams (pg_trgm) as sorted integers, for the postings
    -- that have candidates, so that the similarity of a pair is two fast
    -- intarray operations: pg_trgm's similarity() re-splits both titles on
    -- every call.
    SELECT live.id, uniq(sort(ARRAY(
        SELECT hashtext(trigram) FROM unnest(show_trgm(live.title)) trigram
    ))) AS trigrams
    FROM live
),
facts AS (
    SELECT c.offer_id, c.demand_id, c.sectors, c.targets,
           og.codes AS offer_goals, dg.codes AS demand_goals,
           o.working_languages AS offer_languages,
           d.working_languages AS demand_languages,
           CASE WHEN o.modality <> '' AND o.modality = d.modality
                THEN o.modality END AS modality,
           CASE WHEN d.home_subregion IS NOT NULL
                 AND (o.home_subregion = d.home_subregion
                      OR d.home_subregion = ANY(o.subregions))
                THEN d.home_subregion END AS subregion,
           icount(ot.trigrams & dt.trigrams)::float
               / GREATEST(icount(ot.trigrams | dt.trigrams), 1) AS title_similarity
    FROM candidates c
    JOIN live o ON o.id = c.offer_id
    JOIN live d ON d.id = c.demand_id
    JOIN trigram_sets ot ON ot.id = c.offer_id
    JOIN trigram_sets dt ON dt.id = c.demand_id
    LEFT JOIN goal_sets og ON og.posting_id = c.offer_id
    LEFT JOIN goal_sets dg ON dg.posting_id = c.demand_id
),
scored AS MATERIALIZED (
    SELECT f.*, LEAST(100, ROUND(
        25 * LEAST(COALESCE(cardinality(f.sectors), 0), 1)
        + CASE WHEN cardinality(f.sectors) > 1 THEN 10 ELSE 0 END
        + 10 * LEAST(COALESCE(cardinality(f.targets), 0), 2) / 2.0
        + CASE WHEN f.offer_goals && f.demand_goals THEN 10 ELSE 0 END
        + CASE WHEN f.modality IS NOT NULL THEN 10 ELSE 0 END
        + CASE WHEN f.offer_languages && f.demand_languages THEN 15 ELSE 0 END
        + CASE WHEN f.subregion IS NOT NULL THEN 10 ELSE 0 END
        + 10 * LEAST(f.title_similarity / 0.5, 1)
    ))::int AS score
    FROM facts f
),
-- Rank on narrow rows (ids and score): the two sorts then move a few bytes
-- a pair instead of every fact.
ranked AS (
    SELECT s.offer_id, s.demand_id,
           row_number() OVER (PARTITION BY s.demand_id ORDER BY s.score DESC,
                              s.offer_id) AS demand_rank,
           row_number() OVER (PARTITION BY s.offer_id ORDER BY s.score DESC,
                              s.demand_id) AS offer_rank
    FROM scored s
    WHERE s.score >= %(minimum)s
),
kept AS (
    SELECT offer_id, demand_id FROM ranked
    WHERE (demand_rank <= %(per_posting)s AND (%(all)s OR demand_id = ANY(%(ids)s)))
       OR (offer_rank <= %(per_posting)s AND (%(all)s OR offer_id = ANY(%(ids)s)))
)
INSERT INTO cooperation_match (offer_id, demand_id, score, reasons, computed_at)
SELECT s.offer_id, s.demand_id, s.score,
       jsonb_strip_nulls(jsonb_build_object(
           'sectors', to_jsonb(s.sectors),
           'sdg_targets', to_jsonb(s.targets),
           'sdg_goals', CASE WHEN s.offer_goals && s.demand_goals
                             THEN to_jsonb(ARRAY(
                                 SELECT unnest(s.offer_goals)
                                 INTERSECT SELECT unnest(s.demand_goals)
                                 ORDER BY 1)) END,
           'modality', s.modality,
           'languages', CASE WHEN s.offer_languages && s.demand_languages
                             THEN to_jsonb(ARRAY(
                                 SELECT unnest(s.offer_languages)
                                 INTERSECT SELECT unnest(s.demand_languages)
                                 ORDER BY 1)) END,
           'subregion', s.subregion,
           'similar_text', CASE WHEN s.title_similarity >= 0.3 THEN true END
       )),
       now()
FROM kept k
JOIN scored s ON s.offer_id = k.offer_id AND s.demand_id = k.demand_id
"""

# Pairs of an offer and a demand that share an entry of a link table. For
# a few postings, two index-friendly halves (the posting on either side)
# instead of one condition with OR, which would join every pair first.
_PAIRS_SQL = """
    SELECT o.posting_id AS offer_id, d.posting_id AS demand_id,
           array_agg(c.code ORDER BY c.code) AS codes
    FROM {links} o
    JOIN cooperation_posting lo ON lo.id = o.posting_id
     AND lo.kind = 'offer' AND lo.state = %(published)s
    JOIN {links} d ON d.{column} = o.{column}
    JOIN cooperation_posting ld ON ld.id = d.posting_id
     AND ld.kind = 'demand' AND ld.state = %(published)s
    JOIN {codes} c ON c.id = o.{column}
    WHERE {condition}
    GROUP BY 1, 2"""


def _pairs_sql(links: str, column: str, codes: str, everything: bool) -> str:
    def half(condition: str) -> str:
        return _PAIRS_SQL.format(
            links=links, column=column, codes=codes, condition=condition
        )

    if everything:
        return half("TRUE")
    return (
        half("o.posting_id = ANY(%(ids)s)")
        + "\n    UNION\n"
        + half("d.posting_id = ANY(%(ids)s)")
    )


def _match_sql(everything: bool) -> str:
    return _MATCH_SQL.format(
        sector_pairs=_pairs_sql(
            "cooperation_posting_sectors", "sector_id", "reference_sector", everything
        ),
        target_pairs=_pairs_sql(
            "cooperation_posting_sdg_targets",
            "sdgtarget_id",
            "reference_sdgtarget",
            everything,
        ),
    )


@transaction.atomic
def compute_matches(posting_ids: list[int] | None = None) -> int:
    """Recompute the matches of the given postings (of every published
    posting when ``posting_ids`` is None). Returns the number of matches
    written. Acts for nobody: it reads every published record."""
    everything = posting_ids is None
    ids = [] if everything else list(posting_ids)
    if not everything and not ids:
        return 0

    with connection.cursor() as cursor:
        # One recomputation at a time: two jobs writing the same pairs would
        # otherwise collide on the unique (offer, demand) constraint. The
        # lock ends with the transaction.
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [MATCHING_LOCK])

    stale = Match.objects.dangerously_unscoped()
    if not everything:
        stale = stale.filter(offer_id__in=ids) | stale.filter(demand_id__in=ids)
    stale.delete()

    with connection.cursor() as cursor:
        # The ranking sorts every candidate pair twice; give the sorts memory
        # for this statement only, so that they do not spill to disk.
        cursor.execute("SET LOCAL work_mem = '128MB'")
        cursor.execute(
            _match_sql(everything),
            {
                "published": PostingState.PUBLISHED,
                "all": everything,
                "ids": ids,
                "minimum": MINIMUM_SCORE,
                "per_posting": MATCHES_PER_POSTING,
            },
        )
        written = cursor.rowcount
    logger.info("Matches computed", extra={"count": written, "all": everything})
    return written


def notify_strong_matches(posting_ids: list[int] | None = None) -> int:
    """Tell both sides of each strong match that has not been told yet."""
    from .cooperanet import STRONG_MATCH_SCORE, notify_new_match

    already_told = MatchNotice.objects.filter(
        offer_lineage=OuterRef("offer__lineage"),
        demand_lineage=OuterRef("demand__lineage"),
    )
    matches = (
        Match.objects.dangerously_unscoped()
        .filter(score__gte=STRONG_MATCH_SCORE)
        .exclude(Exists(already_told))
        .select_related("offer__focal_point", "demand__focal_point")
    )
    if posting_ids is not None:
        matches = matches.filter(offer_id__in=posting_ids) | matches.filter(
            demand_id__in=posting_ids
        )
    sent = 0
    for match in matches.iterator(chunk_size=500):
        with transaction.atomic():
            sent += notify_new_match(match)
    return sent


def matches_for(posting: Posting, user):
    """The matches of ``posting`` that ``user`` may read, best first."""
    matches = Match.objects.visible_to(user).select_related(
        "offer__country",
        "demand__country",
        "offer__organisation",
        "demand__organisation",
    )
    if posting.kind == "offer":
        return matches.filter(offer=posting)
    return matches.filter(demand=posting)
