"""Reading IATI 2.01–2.03 activity files, one activity at a time.

The file is streamed with lxml's ``iterparse``: each ``iati-activity`` is
turned into a plain dictionary (a *record*) and then cleared, so memory stays
flat however large the file. The parser never resolves entities, never reads
the network and refuses any document type declaration, which closes the doors
of entity-expansion bombs and external entities. Zip archives are opened
member by member with limits on count, size and compression ratio.

Problems are graded as IATI's own validator grades them:

- critical: the activity cannot be used and is skipped;
- error: one field is wrong and is dropped, the rest is kept;
- warning: something looks odd, everything is kept.

Nothing in this module touches the database: the codes that count as known
come in a ``CodeSets``, so the reader is tested on its own.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from lxml import etree

SUPPORTED_VERSIONS = ("2.01", "2.02", "2.03")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CENT = Decimal("0.01")
HUNDRED = Decimal("100")

# Zip archives: what a real IATI publisher sends is far below these limits; a
# zip bomb is far above them.
ZIP_MAX_MEMBERS = 1000
ZIP_MAX_TOTAL_BYTES = 2 * 1024**3
ZIP_MAX_RATIO = 100

DATE_TYPES = {
    "1": "planned_start",
    "2": "actual_start",
    "3": "planned_end",
    "4": "actual_end",
}


class Severity(StrEnum):
    CRITICAL = "critical"
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One problem found in a file, tied to an activity when there is one."""

    severity: Severity
    message: str
    identifier: str = ""
    line: int | None = None

    def as_text(self) -> str:
        where = f"line {self.line}" if self.line else ""
        who = self.identifier or ""
        place = " ".join(part for part in (who, where and f"({where})") if part)
        return f"{self.severity.upper()}: {place}: {self.message}".replace(": : ", ": ")


class FileRefused(Exception):
    """The file as a whole cannot be imported; nothing of it is."""


@dataclass
class CodeSets:
    """The codes that count as known, per codelist."""

    statuses: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    regions: set[str] = field(default_factory=set)
    currencies: set[str] = field(default_factory=set)
    transaction_types: set[str] = field(default_factory=set)
    organisation_roles: set[str] = field(default_factory=set)
    collaboration_types: set[str] = field(default_factory=set)
    flow_types: set[str] = field(default_factory=set)
    finance_types: set[str] = field(default_factory=set)
    sectors: set[str] = field(default_factory=set)
    sector_categories: set[str] = field(default_factory=set)
    sdg_goals: set[str] = field(default_factory=set)


@dataclass
class ParsedActivity:
    """An activity read from a file: its record (None when critical) and the
    problems found in it."""

    identifier: str
    line: int | None
    record: dict | None
    problems: list[Problem]


# Opening ----------------------------------------------------------------------


def xml_sources(path: Path) -> Iterator[tuple[str, object]]:
    """The XML documents under ``path`` (a file, a folder or a zip archive), as
    (name, opener) pairs; each opener is a context manager giving a binary
    stream, so a document can be read twice without being held in memory."""
    if path.is_dir():
        for child in sorted(path.iterdir()):
            if child.is_file() and child.suffix.lower() in {".xml", ".zip"}:
                yield from xml_sources(child)
        return
    if zipfile.is_zipfile(path):
        yield from _zip_sources(path)
        return
    yield str(path), lambda: open(path, "rb")  # noqa: SIM115 (closed by caller)


def _zip_sources(path: Path) -> Iterator[tuple[str, object]]:
    with zipfile.ZipFile(path) as archive:
        members = [i for i in archive.infolist() if not i.is_dir()]
    if len(members) > ZIP_MAX_MEMBERS:
        raise FileRefused(
            _("The archive holds more than %(count)d files.")
            % {"count": ZIP_MAX_MEMBERS}
        )
    total = sum(info.file_size for info in members)
    if total > ZIP_MAX_TOTAL_BYTES:
        raise FileRefused(_("The archive would unpack to more than 2 GB."))
    for info in members:
        if info.compress_size and info.file_size / info.compress_size > ZIP_MAX_RATIO:
            raise FileRefused(
                _(
                    "%(name)s in the archive is compressed more than %(ratio)d "
                    "times, which only zip bombs are; nothing was imported."
                )
                % {"name": info.filename, "ratio": ZIP_MAX_RATIO}
            )
    for info in members:
        if not info.filename.lower().endswith(".xml"):
            continue

        def opener(info=info):
            archive = zipfile.ZipFile(path)
            return _ClosingStream(archive, archive.open(info))

        yield f"{path.name}:{info.filename}", opener


class _ClosingStream:
    """A zip member's stream that closes its archive too."""

    def __init__(self, archive, stream):
        self.archive = archive
        self.stream = stream

    def read(self, size=-1):
        return self.stream.read(size)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stream.close()
        self.archive.close()


def _iterparse(stream):
    # The settings that make the parser safe: no entity is ever expanded, no
    # DTD or schema is fetched, and libxml2 keeps its default limits on depth
    # and text size (huge_tree off).
    return etree.iterparse(
        stream,
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def check_document(stream) -> int:
    """Read a whole document once: refuse it if it is not well-formed IATI
    2.0x, else return how many activities it holds."""
    count = 0
    root = None
    try:
        for event, element in _iterparse(stream):
            if root is None:
                root = element
                _check_root(element)
                continue
            if event == "end" and element.getparent() is root:
                if element.tag == "iati-activity":
                    count += 1
                element.clear()
                _drop_previous(element)
    except etree.XMLSyntaxError as error:
        raise FileRefused(
            _("The file is not well-formed XML (%(error)s); nothing was imported.")
            % {"error": error}
        ) from error
    if root is None:
        raise FileRefused(_("The file is empty."))
    return count


def _check_root(root) -> None:
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise FileRefused(
            _(
                "The file declares a document type (DTD). IATI files never do, "
                "and entities are how XML bombs work; nothing was imported."
            )
        )
    if root.tag != "iati-activities":
        raise FileRefused(
            _(
                "This is not an IATI activity file: its root element is "
                "<%(tag)s>, not <iati-activities> without a namespace; "
                "nothing was imported."
            )
            % {"tag": root.tag}
        )
    version = (root.get("version") or "").strip()
    if version.startswith("1."):
        raise FileRefused(
            _(
                "This file is in IATI version %(version)s. Only versions 2.01 "
                "to 2.03 can be imported; ask the publisher for a 2.0x file or "
                "convert it first. Nothing was imported."
            )
            % {"version": version}
        )
    if version not in SUPPORTED_VERSIONS:
        raise FileRefused(
            _(
                "The IATI version '%(version)s' is not one of 2.01, 2.02, 2.03; "
                "nothing was imported."
            )
            % {"version": version}
        )


def _drop_previous(element) -> None:
    # Once an activity is read, its earlier siblings are empty shells that
    # still hold memory; removing them keeps a 500 MB file at flat memory.
    parent = element.getparent()
    while element.getprevious() is not None:
        del parent[0]


def read_activities(stream, codes: CodeSets) -> Iterator[ParsedActivity]:
    """Parse each activity of a document already accepted by
    ``check_document``."""
    root = None
    seen: set[str] = set()
    for event, element in _iterparse(stream):
        if root is None:
            root = element
            continue
        if event != "end" or element.getparent() is not root:
            continue
        if element.tag == "iati-activity":
            default_language = (
                element.get(XML_LANG) or root.get(XML_LANG) or "en"
            ).lower()
            parsed = ActivityReader(element, codes, default_language).read()
            if parsed.record is not None:
                if parsed.identifier in seen:
                    parsed.problems.append(
                        Problem(
                            Severity.CRITICAL,
                            _("The identifier appears twice in the file."),
                            parsed.identifier,
                            parsed.line,
                        )
                    )
                    parsed.record = None
                seen.add(parsed.identifier)
            yield parsed
        element.clear()
        _drop_previous(element)


# One activity -------------------------------------------------------------------


def _decimal(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def _money(value: Decimal) -> str:
    return str(value.quantize(CENT, rounding=ROUND_HALF_UP))


class ActivityReader:
    """Turns one ``iati-activity`` element into a record and problems."""

    def __init__(self, element, codes: CodeSets, default_language: str):
        self.element = element
        self.codes = codes
        self.language = default_language[:5]
        self.line = element.sourceline
        self.identifier = (element.findtext("iati-identifier") or "").strip()
        self.problems: list[Problem] = []

    def problem(self, severity: Severity, message: str, element=None) -> None:
        line = element.sourceline if element is not None else self.line
        self.problems.append(Problem(severity, message, self.identifier, line))

    def critical(self, message: str, element=None) -> None:
        self.problem(Severity.CRITICAL, message, element)

    def error(self, message: str, element=None) -> None:
        self.problem(Severity.ERROR, message, element)

    def warning(self, message: str, element=None) -> None:
        self.problem(Severity.WARNING, message, element)

    def texts(self, element) -> dict[str, str]:
        """The narratives of ``element`` by language."""
        if element is None:
            return {}
        result = {}
        for narrative in element.findall("narrative"):
            text = (narrative.text or "").strip()
            if text:
                language = (narrative.get(XML_LANG) or self.language).lower()[:5]
                result.setdefault(language, text)
        return result

    def read(self) -> ParsedActivity:
        record = None
        if not self.identifier:
            self.critical(_("The activity has no iati-identifier."))
        elif len(self.identifier) > 200:
            self.critical(_("The iati-identifier is longer than 200 characters."))
        else:
            record = self._record()
            if any(p.severity == Severity.CRITICAL for p in self.problems):
                record = None
        return ParsedActivity(self.identifier, self.line, record, self.problems)

    def _code(self, element, known: set[str], label: str, attribute="code"):
        """The code of ``element`` if known; unknown codes are errors."""
        if element is None:
            return None
        code = (element.get(attribute) or "").strip()
        if code in known:
            return code
        self.error(
            _("Unknown %(label)s code '%(code)s'; the field was dropped.")
            % {"label": label, "code": code},
            element,
        )
        return None

    def _record(self) -> dict:
        element = self.element
        record: dict = {"identifier": self.identifier, "language": self.language}

        currency = element.get("default-currency")
        if currency and currency not in self.codes.currencies:
            self.error(
                _("Unknown default currency '%(code)s'; it was dropped.")
                % {"code": currency}
            )
            currency = None
        record["default_currency"] = currency or None
        updated = element.get("last-updated-datetime")
        parsed_updated = parse_datetime(updated) if updated else None
        if updated and parsed_updated is None:
            self.warning(_("last-updated-datetime does not parse; it was dropped."))
        if parsed_updated is not None and parsed_updated.tzinfo is None:
            parsed_updated = parsed_updated.replace(tzinfo=UTC)
        record["last_updated"] = (
            parsed_updated.astimezone(UTC).isoformat() if parsed_updated else None
        )
        hierarchy = element.get("hierarchy")
        record["hierarchy"] = int(hierarchy) if (hierarchy or "").isdigit() else None

        reporting = element.find("reporting-org")
        if reporting is None or not (reporting.get("ref") or "").strip():
            self.critical(_("The activity has no reporting-org with a ref."))
        else:
            record["reporting_org"] = {
                "ref": reporting.get("ref").strip(),
                "type": (reporting.get("type") or "").strip(),
                "name": self.texts(reporting),
            }
            if not record["reporting_org"]["type"]:
                self.critical(_("The reporting-org has no type."), reporting)

        record["title"] = self.texts(element.find("title"))
        if not record["title"]:
            self.critical(_("The activity has no title."))
        record["descriptions"] = [
            {"type": d.get("type") or "1", "texts": self.texts(d)}
            for d in element.findall("description")
            if self.texts(d)
        ]

        status = element.find("activity-status")
        if status is None:
            self.critical(_("The activity has no activity-status."))
        else:
            record["status"] = self._code(
                status, self.codes.statuses, _("activity status")
            )
            if record["status"] is None:
                self.critical(_("The activity status is required."), status)

        record["dates"] = self._dates()
        record["participating_orgs"] = self._participating_orgs()
        record["countries"], record["regions"] = self._recipients()
        record["sectors"] = self._sectors()
        record["tags"] = self._tags()

        for key, tag, known, label in (
            (
                "collaboration_type",
                "collaboration-type",
                self.codes.collaboration_types,
                _("collaboration type"),
            ),
            ("flow_type", "default-flow-type", self.codes.flow_types, _("flow type")),
            (
                "finance_type",
                "default-finance-type",
                self.codes.finance_types,
                _("finance type"),
            ),
        ):
            record[key] = self._code(element.find(tag), known, label)
        record["aid_types"] = [
            {
                "code": a.get("code", "").strip(),
                "vocabulary": a.get("vocabulary") or "1",
            }
            for a in element.findall("default-aid-type")
            if a.get("code", "").strip()
        ]
        record["budgets"] = self._budgets(record["default_currency"])
        record["transactions"] = self._transactions(record["default_currency"])
        return record

    def _dates(self) -> dict:
        dates = {}
        for item in self.element.findall("activity-date"):
            key = DATE_TYPES.get(item.get("type", ""))
            if key is None:
                self.error(
                    _("Unknown activity-date type '%(type)s'; the date was dropped.")
                    % {"type": item.get("type", "")},
                    item,
                )
                continue
            value = _date(item.get("iso-date"))
            if value is None:
                self.error(
                    _("The date '%(value)s' does not parse; it was dropped.")
                    % {"value": item.get("iso-date", "")},
                    item,
                )
                continue
            dates[key] = value.isoformat()
        if not dates:
            self.critical(_("The activity has no usable activity-date."))
        for start, end in (
            ("planned_start", "planned_end"),
            ("actual_start", "actual_end"),
        ):
            if start in dates and end in dates and dates[end] < dates[start]:
                self.warning(_("An end date comes before its start date."))
        return dates

    def _participating_orgs(self) -> list[dict]:
        result = []
        for item in self.element.findall("participating-org"):
            role = self._code(
                item, self.codes.organisation_roles, _("organisation role"), "role"
            )
            if role is None:
                continue
            result.append(
                {
                    "role": role,
                    "ref": (item.get("ref") or "").strip(),
                    "type": (item.get("type") or "").strip(),
                    "name": self.texts(item),
                    "activity_ref": (item.get("activity-id") or "").strip(),
                }
            )
        if not result:
            self.critical(_("The activity has no participating-org with a role."))
        return result

    def _percentage(self, item) -> Decimal | None | bool:
        """The percentage of ``item``: None when absent, False when invalid."""
        raw = item.get("percentage")
        if raw is None or not raw.strip():
            return None
        value = _decimal(raw)
        if value is None or not (0 <= value <= HUNDRED):
            self.error(
                _("The percentage '%(value)s' is not between 0 and 100.")
                % {"value": raw},
                item,
            )
            return False
        return value.quantize(CENT, rounding=ROUND_HALF_UP)

    def _check_total(self, items: list[dict], what: str) -> None:
        """Percentages of one group must be all absent or add up to 100; when
        they do not, the percentages (not the items) are dropped."""
        values = [item["percentage"] for item in items]
        if not items or all(value is None for value in values):
            return
        if (
            any(value in (None, False) for value in values)
            or sum(Decimal(v) for v in values) != HUNDRED
        ):
            self.error(
                _(
                    "The percentages of %(what)s do not add up to 100; "
                    "they were dropped."
                )
                % {"what": what}
            )
            for item in items:
                item["percentage"] = None

    def _recipients(self) -> tuple[list[dict], list[dict]]:
        countries = []
        for item in self.element.findall("recipient-country"):
            code = self._code(item, self.codes.countries, _("country"))
            if code is not None:
                countries.append({"code": code, "percentage": self._percentage(item)})
        regions = []
        for item in self.element.findall("recipient-region"):
            vocabulary = item.get("vocabulary") or "1"
            if vocabulary == "1":
                code = self._code(item, self.codes.regions, _("region"))
            else:
                code = (item.get("code") or "").strip() or None
            if code is not None:
                regions.append(
                    {
                        "vocabulary": vocabulary,
                        "code": code,
                        "percentage": self._percentage(item),
                        "name": self.texts(item),
                    }
                )
        if not countries and not regions:
            self.warning(_("The activity names no recipient country or region."))
        # IATI: the countries and regions of an activity together add up to
        # 100 (the official 2.03 example splits them over two vocabularies).
        self._check_total(countries + regions, _("recipient countries and regions"))
        for item in countries + regions:
            if item["percentage"] is not None:
                item["percentage"] = str(item["percentage"])
        return countries, regions

    def _sectors(self) -> list[dict]:
        sectors = []
        for item in self.element.findall("sector"):
            vocabulary = item.get("vocabulary") or "1"
            if vocabulary == "1":
                code = self._code(item, self.codes.sectors, _("DAC sector"))
            elif vocabulary == "2":
                code = self._code(
                    item, self.codes.sector_categories, _("DAC sector category")
                )
            else:
                code = (item.get("code") or "").strip() or None
            if code is None:
                continue
            sectors.append(
                {
                    "vocabulary": vocabulary,
                    "code": code,
                    "percentage": self._percentage(item),
                    "name": self.texts(item),
                }
            )
        for vocabulary in sorted({s["vocabulary"] for s in sectors}):
            self._check_total(
                [s for s in sectors if s["vocabulary"] == vocabulary],
                _("sectors of vocabulary %(vocabulary)s") % {"vocabulary": vocabulary},
            )
        for item in sectors:
            if item["percentage"] is not None:
                item["percentage"] = str(item["percentage"])
        return sectors

    def _tags(self) -> list[dict]:
        tags = []
        for item in self.element.findall("tag"):
            code = (item.get("code") or "").strip()
            vocabulary = (item.get("vocabulary") or "").strip()
            if not code or not vocabulary:
                self.error(_("A tag without code or vocabulary was dropped."), item)
                continue
            tags.append(
                {
                    "vocabulary": vocabulary,
                    "vocabulary_uri": (item.get("vocabulary-uri") or "").strip(),
                    "code": code,
                    "name": self.texts(item),
                }
            )
        return tags

    def _value(self, item, default_currency, fallback_date):
        """(value, currency, value date) of a ``value`` child, or None."""
        value_element = item.find("value")
        if value_element is None:
            self.error(_("A %(tag)s without value was dropped.") % {"tag": item.tag})
            return None
        amount = _decimal(value_element.text)
        if amount is None:
            self.error(
                _("The amount '%(value)s' is not a number; the %(tag)s was dropped.")
                % {"value": (value_element.text or "").strip(), "tag": item.tag},
                value_element,
            )
            return None
        if abs(amount) >= Decimal("1e18"):
            self.error(_("The amount is too large; it was dropped."), value_element)
            return None
        currency = value_element.get("currency") or default_currency
        if not currency or currency not in self.codes.currencies:
            self.error(
                _(
                    "The currency '%(code)s' is unknown or missing; "
                    "the %(tag)s was dropped."
                )
                % {"code": currency or "", "tag": item.tag},
                value_element,
            )
            return None
        value_date = _date(value_element.get("value-date"))
        if value_date is None:
            self.warning(
                _(
                    "The value-date is missing or does not parse; the %(tag)s date "
                    "was used."
                )
                % {"tag": item.tag},
                value_element,
            )
            value_date = fallback_date
        return _money(amount), currency, value_date.isoformat()

    def _budgets(self, default_currency) -> list[dict]:
        budgets = []
        for item in self.element.findall("budget"):
            start = _date(_child_attribute(item, "period-start", "iso-date"))
            end = _date(_child_attribute(item, "period-end", "iso-date"))
            if start is None or end is None:
                self.error(_("A budget with a bad period was dropped."), item)
                continue
            money = self._value(item, default_currency, start)
            if money is None:
                continue
            value, currency, value_date = money
            budgets.append(
                {
                    "type": item.get("type") or "1",
                    "status": item.get("status") or "1",
                    "period_start": start.isoformat(),
                    "period_end": end.isoformat(),
                    "value": value,
                    "currency": currency,
                    "value_date": value_date,
                }
            )
        return budgets

    def _transactions(self, default_currency) -> list[dict]:
        transactions = []
        for item in self.element.findall("transaction"):
            kind = self._code(
                item.find("transaction-type"),
                self.codes.transaction_types,
                _("transaction type"),
            )
            if kind is None:
                if item.find("transaction-type") is None:
                    self.error(_("A transaction without type was dropped."), item)
                continue
            when = _date(_child_attribute(item, "transaction-date", "iso-date"))
            if when is None:
                self.error(
                    _("A transaction whose date does not parse was dropped."), item
                )
                continue
            money = self._value(item, default_currency, when)
            if money is None:
                continue
            value, currency, value_date = money
            provider = item.find("provider-org")
            receiver = item.find("receiver-org")
            transactions.append(
                {
                    "ref": (item.get("ref") or "").strip(),
                    "type": kind,
                    "date": when.isoformat(),
                    "value": value,
                    "currency": currency,
                    "value_date": value_date,
                    "description": self.texts(item.find("description")),
                    "provider_ref": (
                        (provider.get("ref") or "").strip()
                        if provider is not None
                        else ""
                    ),
                    "provider_name": self.texts(provider),
                    "receiver_ref": (
                        (receiver.get("ref") or "").strip()
                        if receiver is not None
                        else ""
                    ),
                    "receiver_name": self.texts(receiver),
                }
            )
        return transactions


def _child_attribute(element, tag: str, attribute: str) -> str | None:
    # An lxml element without children is falsy, so "find(...) or default"
    # would be wrong here: compare with None.
    child = element.find(tag)
    return None if child is None else child.get(attribute)


def record_hash(record: dict) -> str:
    """A fingerprint of a record: equal records, equal hashes."""
    text = json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()
