"""Loading the OAS member states and permanent observers from
``accounts/data/member_states.json`` (kept by hand; its ``comment`` records
the decisions about disputed cases).

Rows are upserted by ISO alpha-3 code and linked to ``reference.Country`` by
the alpha-2 code, so the IATI countries must be loaded first. Fields that
staff set in the admin (``mission_may_edit``) are never touched, and states
that the file no longer lists are kept.
"""

from __future__ import annotations

import json
from pathlib import Path

from reference.loading import LoadResult, ReferenceDataError, upsert
from reference.models import Country

from .models import MemberState, SubRegion

MEMBER_STATES_FILE = Path(__file__).resolve().parent / "data" / "member_states.json"
NAME_FIELDS = ("name_en", "name_es", "name_pt", "name_fr")


def read_member_states(path: Path = MEMBER_STATES_FILE) -> list[dict]:
    """Every state of the file, members first, each with ``is_observer``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        groups = ((data["member_states"], False), (data["observers"], True))
    except (OSError, ValueError, KeyError) as error:
        raise ReferenceDataError(f"Cannot read {path.name}: {error}") from error

    states = []
    for entries, is_observer in groups:
        for entry in entries:
            missing = [
                field
                for field in ("iso3", "iso2", "subregion", *NAME_FIELDS)
                if not entry.get(field)
            ]
            if missing:
                raise ReferenceDataError(
                    f"{path.name}: {entry.get('iso3', '?')} lacks {', '.join(missing)}."
                )
            if entry["subregion"] not in SubRegion.values:
                raise ReferenceDataError(
                    f"{path.name}: {entry['iso3']} has an unknown sub-region "
                    f"{entry['subregion']!r}."
                )
            states.append({**entry, "is_observer": is_observer})
    return states


def load_member_states(path: Path = MEMBER_STATES_FILE) -> LoadResult:
    """Upsert the member states and observers. The caller owns the transaction."""
    states = read_member_states(path)
    country_ids = dict(
        Country.objects.filter(code__in=[s["iso2"] for s in states]).values_list(
            "code", "pk"
        )
    )
    unknown = sorted(s["iso2"] for s in states if s["iso2"] not in country_ids)
    if unknown:
        raise ReferenceDataError(
            f"{path.name}: no IATI country for {', '.join(unknown)}; "
            "load the codelists first."
        )

    rows = {}
    for state in states:
        if state["iso3"] in rows:
            raise ReferenceDataError(f"{path.name} lists {state['iso3']} twice.")
        rows[state["iso3"]] = {
            "iso2": state["iso2"],
            "subregion": state["subregion"],
            "is_observer": state["is_observer"],
            "country_id": country_ids[state["iso2"]],
            **{field: state[field] for field in NAME_FIELDS},
        }
    return upsert(MemberState, "iso3", rows, "MemberState")
