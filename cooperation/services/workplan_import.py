"""Import of the work plan from the source document.

Texts are upserted: areas by number, steps by area and number, outcomes by
area and position. A re-import of the same document changes nothing, and the
follow-up that staff keep on a step (status, unit, due date, notes) is never
touched by an import.
"""

import logging
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from ..models import ActionStep, DesiredOutcome, WorkplanArea
from ..workplan_parser import ParsedArea, ParsedWorkplan

logger = logging.getLogger(__name__)


@dataclass
class WorkplanImportResult:
    """What an import did, counted per kind of row."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    # Steps and outcomes in the database that the document no longer has.
    stale: list[str] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        return bool(sum(self.created.values()) + sum(self.updated.values()))


def _upsert(model, lookup: dict, values: dict, kind: str, result):
    """Create or update one row, counting what happened, saving only changes."""
    row = model.objects.filter(**lookup).first()
    if row is None:
        result.created[kind] += 1
        return model.objects.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if changed:
        for name in changed:
            setattr(row, name, values[name])
        row.save(update_fields=changed)
        result.updated[kind] += 1
    else:
        result.unchanged[kind] += 1
    return row


def _by_language(entry: dict, fields: tuple[str, ...]) -> dict:
    """Turn ``{"text": {"es": ...}, "sub_points": [{"es": ...}]}`` from the
    translations file into the models' ``{"es": {"text": ..., ...}}``."""
    languages: dict[str, dict] = {}
    for name in fields:
        value = entry.get(name)
        if isinstance(value, dict):
            for language, text in value.items():
                languages.setdefault(language, {})[name] = text
        elif isinstance(value, list) and value:
            for language in value[0]:
                languages.setdefault(language, {})[name] = [
                    point.get(language, "") for point in value
                ]
    return languages


def _import_area(
    parsed: ParsedArea, translated: dict, result: WorkplanImportResult
) -> None:
    area = _upsert(
        WorkplanArea,
        {"number": parsed.number},
        {
            "title": parsed.title,
            "objective": parsed.objective,
            "objective_note": parsed.objective_note,
            "translations": _by_language(
                translated, ("title", "objective", "objective_note")
            ),
        },
        "areas",
        result,
    )
    translated_steps = translated.get("steps", {})
    translated_outcomes = translated.get("outcomes", {})
    steps_by_number = {}
    for position, parsed_step in enumerate(parsed.steps, start=1):
        steps_by_number[parsed_step.number] = _upsert(
            ActionStep,
            {"area": area, "number": parsed_step.number},
            {
                "position": position,
                "text": parsed_step.text,
                "sub_points": parsed_step.sub_points,
                "translations": _by_language(
                    translated_steps.get(parsed_step.number, {}), ("text", "sub_points")
                ),
            },
            "steps",
            result,
        )
    for position, parsed_outcome in enumerate(parsed.outcomes, start=1):
        outcome = _upsert(
            DesiredOutcome,
            {"area": area, "position": position},
            {
                "text": parsed_outcome.text,
                "sub_points": parsed_outcome.sub_points,
                "translations": _by_language(
                    translated_outcomes.get(str(position), {}), ("text", "sub_points")
                ),
            },
            "outcomes",
            result,
        )
        wanted = {steps_by_number[number].pk for number in parsed_outcome.step_numbers}
        linked = set(outcome.steps.values_list("pk", flat=True))
        if linked != wanted:
            outcome.steps.set(wanted)
            if linked:  # a new outcome's first links are part of its creation
                result.updated["outcome links"] += 1

    for step in area.steps.exclude(number__in=list(steps_by_number)):
        result.stale.append(f"area {area.number} step {step.number}")
    for outcome in area.outcomes.filter(position__gt=len(parsed.outcomes)):
        result.stale.append(f"area {area.number} outcome {outcome.position}")


@transaction.atomic
def import_workplan(
    parsed: ParsedWorkplan, translations: dict | None = None
) -> WorkplanImportResult:
    """Upsert the parsed document's areas, steps and outcomes, with their
    Spanish, Portuguese and French texts when ``translations`` (the content
    of a ``*.translations.json`` file) has them."""
    result = WorkplanImportResult()
    translated_areas = (translations or {}).get("areas", {})
    for parsed_area in parsed.areas:
        _import_area(
            parsed_area, translated_areas.get(str(parsed_area.number), {}), result
        )
    logger.info(
        "Work plan imported",
        extra={
            "rows_created": dict(result.created),
            "rows_updated": dict(result.updated),
        },
    )
    return result
