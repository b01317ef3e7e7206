"""Loading the IATI codelists shipped in ``reference/data/iati`` into the
reference models.

Every list is upserted by code: new codes are created, changed ones updated
in place, and rows whose values are already right are not written at all, so
that a second run changes nothing. Codes that a file no longer lists are kept
(old records may point at them); upstream marks retired codes withdrawn
rather than dropping them.

English and French names come from the XML narratives, Spanish and Portuguese
from the community translation files; a missing translation is stored empty
and the model shows the English name instead.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import models
from lxml import etree

from .models import (
    ActivityDateType,
    ActivityStatus,
    AidType,
    BudgetType,
    CollaborationType,
    Country,
    Currency,
    FinanceType,
    FlowType,
    Language,
    OrganisationRole,
    OrganisationType,
    Region,
    SdgGoal,
    SdgTarget,
    Sector,
    SectorCategory,
    SectorVocabulary,
    TransactionType,
)

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data" / "iati"
CODELIST_DIR = DATA_DIR / "codelists"
TRANSLATION_DIR = DATA_DIR / "translations"
TRANSLATED_LANGUAGES = ("es", "pt")

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# ISO 4217 minor units (digits after the decimal point) of the currencies in
# the IATI list that do not use the usual two. Everything else has 2,
# including XDR, for which ISO gives no minor unit, and the funds codes
# (BOV, COU, MXV, USN). XBT (Bitcoin) is not ISO 4217 at all; IATI lists it
# and it divides into 10^8 satoshis.
CURRENCY_MINOR_UNITS = {
    "BIF": 0,
    "BYR": 0,
    "CLP": 0,
    "DJF": 0,
    "GNF": 0,
    "ISK": 0,
    "JPY": 0,
    "KMF": 0,
    "KRW": 0,
    "PYG": 0,
    "RWF": 0,
    "UGX": 0,
    "UYI": 0,
    "VND": 0,
    "VUV": 0,
    "XAF": 0,
    "XOF": 0,
    "XPF": 0,
    "BHD": 3,
    "IQD": 3,
    "JOD": 3,
    "KWD": 3,
    "LYD": 3,
    "OMR": 3,
    "TND": 3,
    "CLF": 4,
    "XBT": 8,
}
DEFAULT_MINOR_UNITS = 2


class ReferenceDataError(Exception):
    """A reference file is missing, unreadable or inconsistent."""


@dataclass(frozen=True)
class CodelistItem:
    """One ``<codelist-item>`` as read from the XML."""

    code: str
    name_en: str
    name_fr: str
    description: str
    withdrawn: bool
    category: str
    position: int  # 1 for the first item of the file


@dataclass
class LoadResult:
    """What loading one list did to the database."""

    label: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # rows in the database that the file no longer lists

    @property
    def changed(self) -> int:
        return self.created + self.updated

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def __str__(self) -> str:
        line = (
            f"{self.label}: {self.total} entries, {self.created} created, "
            f"{self.updated} updated, {self.unchanged} unchanged"
        )
        if self.kept:
            line += f", {self.kept} kept that the file no longer lists"
        return line


# The files are part of the project, but a parser that expands no entities,
# reads no DTD and fetches nothing keeps a tampered file from reaching local
# files or the network.
def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
    )


def _clean(text: str | None) -> str:
    """Whitespace collapsed, as the XML indents long narratives."""
    return " ".join((text or "").split())


def _narratives(element, default_language: str) -> dict[str, str]:
    """The first narrative of ``element`` in each language."""
    texts: dict[str, str] = {}
    if element is None:
        return texts
    for narrative in element.iterfind("narrative"):
        language = narrative.get(XML_LANG, default_language)
        text = _clean(narrative.text)
        if text and language not in texts:
            texts[language] = text
    return texts


def read_codelist(path: Path) -> list[CodelistItem]:
    """The items of one IATI codelist file."""
    try:
        root = etree.parse(str(path), _safe_parser()).getroot()
    except (OSError, etree.XMLSyntaxError) as error:
        raise ReferenceDataError(f"Cannot read {path.name}: {error}") from error
    default_language = root.get(XML_LANG, "en")

    items = []
    for position, element in enumerate(
        root.iterfind("codelist-items/codelist-item"), start=1
    ):
        code = _clean(element.findtext("code"))
        if not code:
            raise ReferenceDataError(f"{path.name}: an item has no code.")
        names = _narratives(element.find("name"), default_language)
        descriptions = _narratives(element.find("description"), default_language)
        items.append(
            CodelistItem(
                code=code,
                # No item lacks an English name today; the code is a safer
                # label than an empty one should upstream ever drop one.
                name_en=names.get("en", code),
                name_fr=names.get("fr", ""),
                description=descriptions.get("en", ""),
                withdrawn=element.get("status") == "withdrawn",
                category=_clean(element.findtext("category")),
                position=position,
            )
        )
    return items


def read_translations(file_stem: str, language: str) -> dict[str, str]:
    """Names by code from a translation file; {} when there is no such file.

    Null or blank names are left out, so that the English name shows instead.
    """
    path = TRANSLATION_DIR / language / f"{file_stem}.json"
    if not path.exists():
        return {}
    try:
        items = json.loads(path.read_text(encoding="utf-8"))["codelist-items"]
    except (OSError, ValueError, KeyError) as error:
        raise ReferenceDataError(f"Cannot read {path}: {error}") from error
    names = {}
    for code, entry in items.items():
        name = _clean((entry or {}).get("name"))
        if name:
            names[code] = name
    return names


def upsert(
    model: type[models.Model],
    key: str,
    rows: dict[str, dict],
    label: str,
) -> LoadResult:
    """Create or update ``model`` rows identified by the field ``key``.

    ``rows`` maps each key value to the field values the row should have.
    Rows already holding those values are not written: when nothing changed
    this costs two reads and no write.
    """
    result = LoadResult(label)
    existing = model.objects.in_bulk(list(rows), field_name=key)
    result.kept = model.objects.exclude(**{f"{key}__in": list(rows)}).count()

    to_create = []
    to_update = []
    changed_fields: set[str] = set()
    for key_value, values in rows.items():
        instance = existing.get(key_value)
        if instance is None:
            to_create.append(model(**{key: key_value}, **values))
            continue
        differing = [
            field
            for field, value in values.items()
            if getattr(instance, field) != value
        ]
        if not differing:
            result.unchanged += 1
            continue
        for field in differing:
            setattr(instance, field, values[field])
        changed_fields.update(differing)
        to_update.append(instance)

    if to_create:
        model.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        model.objects.bulk_update(to_update, sorted(changed_fields), batch_size=500)
    result.created = len(to_create)
    result.updated = len(to_update)
    return result


@dataclass(frozen=True)
class Codelist:
    """How one codelist file maps onto one model.

    ``parent`` names a foreign key filled from another, earlier loaded list:
    (field name, parent model, function giving the parent's code of an item).
    """

    model: type[models.Model]
    file_stem: str
    parent: tuple[str, type[models.Model], Callable[[CodelistItem], str]] | None = None
    extra: Callable[[CodelistItem], dict] | None = None

    @property
    def label(self) -> str:
        return self.model.__name__


def _currency_fields(item: CodelistItem) -> dict:
    return {"minor_units": CURRENCY_MINOR_UNITS.get(item.code, DEFAULT_MINOR_UNITS)}


def _target_fields(item: CodelistItem) -> dict:
    return {"position": item.position}


def _goal_code(item: CodelistItem) -> str:
    # Targets are numbered "<goal>.<target>", as in 4.3 or 17.19.
    return item.code.split(".", 1)[0]


# In loading order: a parent list comes before the lists pointing at it.
CODELISTS = (
    Codelist(Country, "Country"),
    Codelist(Region, "Region"),
    Codelist(Currency, "Currency", extra=_currency_fields),
    Codelist(SectorCategory, "SectorCategory"),
    Codelist(
        Sector, "Sector", parent=("category", SectorCategory, lambda i: i.category)
    ),
    Codelist(SdgGoal, "UNSDG-Goals"),
    Codelist(
        SdgTarget,
        "UNSDG-Targets",
        parent=("goal", SdgGoal, _goal_code),
        extra=_target_fields,
    ),
    Codelist(OrganisationType, "OrganisationType"),
    Codelist(OrganisationRole, "OrganisationRole"),
    Codelist(CollaborationType, "CollaborationType"),
    Codelist(FlowType, "FlowType"),
    Codelist(AidType, "AidType"),
    Codelist(FinanceType, "FinanceType"),
    Codelist(TransactionType, "TransactionType"),
    Codelist(ActivityStatus, "ActivityStatus"),
    Codelist(ActivityDateType, "ActivityDateType"),
    Codelist(BudgetType, "BudgetType"),
    Codelist(SectorVocabulary, "SectorVocabulary"),
    Codelist(Language, "Language"),
)


def codelist_rows(codelist: Codelist) -> dict[str, dict]:
    """The field values of every code of ``codelist``, by code."""
    items = read_codelist(CODELIST_DIR / f"{codelist.file_stem}.xml")
    translations = {
        language: read_translations(codelist.file_stem, language)
        for language in TRANSLATED_LANGUAGES
    }
    parent_ids: dict[str, int] = {}
    if codelist.parent:
        _field, parent_model, _code_of = codelist.parent
        parent_ids = dict(parent_model.objects.values_list("code", "pk"))

    rows = {}
    for item in items:
        if item.code in rows:
            raise ReferenceDataError(
                f"{codelist.file_stem}.xml lists code {item.code} twice."
            )
        values = {
            "name_en": item.name_en,
            "name_es": translations["es"].get(item.code, ""),
            "name_pt": translations["pt"].get(item.code, ""),
            "name_fr": item.name_fr,
            "description": item.description,
            "withdrawn": item.withdrawn,
        }
        if codelist.parent:
            field, parent_model, code_of = codelist.parent
            parent_code = code_of(item)
            if parent_code not in parent_ids:
                raise ReferenceDataError(
                    f"{codelist.file_stem}.xml: code {item.code} points at "
                    f"{parent_model.__name__} {parent_code!r}, which is not loaded."
                )
            values[f"{field}_id"] = parent_ids[parent_code]
        if codelist.extra:
            values.update(codelist.extra(item))
        _check_lengths(codelist, item.code, values)
        rows[item.code] = values
    return rows


def _check_lengths(codelist: Codelist, code: str, values: dict) -> None:
    """Refuse with a clear message what the database would refuse with an
    error about ``character varying``."""
    for field_name, value in values.items():
        field = codelist.model._meta.get_field(field_name)
        limit = getattr(field, "max_length", None)
        if limit and isinstance(value, str) and len(value) > limit:
            raise ReferenceDataError(
                f"{codelist.file_stem}.xml: the {field_name} of code {code} has "
                f"{len(value)} characters, more than the {limit} the model holds."
            )


def load_codelist(codelist: Codelist) -> LoadResult:
    """Upsert one codelist; see the module docstring."""
    result = upsert(codelist.model, "code", codelist_rows(codelist), codelist.label)
    logger.debug(
        "Loaded codelist %s: %d created, %d updated, %d unchanged",
        codelist.label,
        result.created,
        result.updated,
        result.unchanged,
    )
    return result


def load_codelists(codelists: Iterable[Codelist] = CODELISTS) -> list[LoadResult]:
    """Upsert every codelist, parents first. The caller owns the transaction."""
    return [load_codelist(codelist) for codelist in codelists]
