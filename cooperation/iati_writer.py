"""Writing activities as IATI 2.03 XML, streamed one activity at a time.

Elements come in the order the 2.03 schema's sequences demand, and every text
carries its ``xml:lang``, so that importing the output again reads back exactly
the record that was stored (the round trip changes nothing).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.db.models import Prefetch
from django.utils import timezone
from lxml import etree

from .models import (
    Activity,
    ActivitySector,
    ActivityTag,
    Budget,
    ParticipatingOrg,
    RecipientCountry,
    RecipientRegion,
    Transaction,
)

logger = logging.getLogger(__name__)

IATI_VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_PATH = (
    Path(__file__).parent / "data" / "iati-schema" / "iati-activities-schema.xsd"
)

DATE_CODES = (
    ("planned_start", "1"),
    ("actual_start", "2"),
    ("planned_end", "3"),
    ("actual_end", "4"),
)


def export_queryset(queryset):
    """``queryset`` with everything the writer reads, in a fixed number of
    queries per chunk."""
    return queryset.order_by("pk").prefetch_related(
        Prefetch("participating_orgs", ParticipatingOrg.objects.order_by("pk")),
        Prefetch("recipient_countries", RecipientCountry.objects.order_by("pk")),
        Prefetch("recipient_regions", RecipientRegion.objects.order_by("pk")),
        Prefetch("sectors", ActivitySector.objects.order_by("pk")),
        Prefetch("tags", ActivityTag.objects.order_by("pk")),
        Prefetch("budgets", Budget.objects.order_by("pk")),
        Prefetch("transactions", Transaction.objects.order_by("pk")),
    )


class _Sink:
    """A file-like object whose written bytes are taken out piece by piece."""

    def __init__(self):
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.parts.append(data)

    def drain(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def iter_iati_xml(activities: Iterable[Activity]) -> Iterator[bytes]:
    """The bytes of an ``iati-activities`` document holding ``activities``."""
    sink = _Sink()
    with etree.xmlfile(sink, encoding="utf-8") as xf:
        xf.write_declaration()
        attributes = {
            "version": IATI_VERSION,
            "generated-datetime": timezone.now().replace(microsecond=0).isoformat(),
        }
        with xf.element("iati-activities", attributes):
            yield sink.drain()
            for activity in activities:
                if not is_exportable(activity):
                    # Hand-entered activities may lack what the schema
                    # requires; leaving them out keeps the file valid.
                    logger.info(
                        "Activity left out of the IATI export",
                        extra={"activity_id": activity.pk},
                    )
                    continue
                xf.write(activity_element(activity), pretty_print=True)
                yield sink.drain()
    yield sink.drain()


def is_exportable(activity: Activity) -> bool:
    """Whether ``activity`` has everything the 2.03 schema requires."""
    return bool(
        activity.reporting_org_ref
        and activity.reporting_org_type
        and activity.title
        and activity.status_id
        and any(getattr(activity, field) for field, _code in DATE_CODES)
        and activity.participating_orgs.all()
    )


def _narratives(parent, texts: dict) -> None:
    for language, text in texts.items():
        narrative = etree.SubElement(parent, "narrative")
        narrative.set(XML_LANG, language)
        narrative.text = text


def _sub(parent, tag: str, texts: dict | None = None, **attributes):
    # Empty strings and None are left out; a percentage of 0 is kept.
    element = etree.SubElement(
        parent,
        tag,
        {
            name.replace("_", "-"): str(value)
            for name, value in attributes.items()
            if value is not None and value != ""
        },
    )
    if texts:
        _narratives(element, texts)
    return element


def activity_element(activity: Activity):
    """One ``iati-activity`` element, children in the schema's order."""
    attributes = {XML_LANG: activity.default_language}
    if activity.default_currency_id:
        attributes["default-currency"] = activity.default_currency_id
    if activity.last_updated_datetime:
        attributes["last-updated-datetime"] = activity.last_updated_datetime.isoformat()
    if activity.hierarchy is not None:
        attributes["hierarchy"] = str(activity.hierarchy)
    root = etree.Element("iati-activity", attributes)

    etree.SubElement(root, "iati-identifier").text = activity.iati_identifier
    _sub(
        root,
        "reporting-org",
        activity.reporting_org_name,
        ref=activity.reporting_org_ref,
        type=activity.reporting_org_type,
    )
    _sub(root, "title", activity.title)
    for description in activity.descriptions:
        _sub(root, "description", description["texts"], type=description["type"])
    for org in activity.participating_orgs.all():
        _sub(
            root,
            "participating-org",
            org.name,
            ref=org.ref,
            role=org.role_id,
            type=org.type,
            activity_id=org.activity_ref,
        )
    _sub(root, "activity-status", code=activity.status_id)
    for field, code in DATE_CODES:
        value = getattr(activity, field)
        if value:
            _sub(root, "activity-date", iso_date=value.isoformat(), type=code)
    for country in activity.recipient_countries.all():
        _sub(
            root,
            "recipient-country",
            code=country.country_id,
            percentage=country.percentage,
        )
    for region in activity.recipient_regions.all():
        _sub(
            root,
            "recipient-region",
            region.name,
            code=region.code,
            vocabulary=region.vocabulary,
            percentage=region.percentage,
        )
    for sector in activity.sectors.all():
        _sub(
            root,
            "sector",
            sector.name,
            vocabulary=sector.vocabulary,
            code=sector.code,
            percentage=sector.percentage,
        )
    for tag in activity.tags.all():
        _sub(
            root,
            "tag",
            tag.name,
            vocabulary=tag.vocabulary,
            vocabulary_uri=tag.vocabulary_uri,
            code=tag.code,
        )
    if activity.collaboration_type_id:
        _sub(root, "collaboration-type", code=activity.collaboration_type_id)
    if activity.default_flow_type_id:
        _sub(root, "default-flow-type", code=activity.default_flow_type_id)
    if activity.default_finance_type_id:
        _sub(root, "default-finance-type", code=activity.default_finance_type_id)
    for aid_type in activity.default_aid_types:
        _sub(
            root,
            "default-aid-type",
            code=aid_type["code"],
            vocabulary=aid_type["vocabulary"],
        )
    for budget in activity.budgets.all():
        element = _sub(root, "budget", type=budget.type, status=budget.status)
        _sub(element, "period-start", iso_date=budget.period_start.isoformat())
        _sub(element, "period-end", iso_date=budget.period_end.isoformat())
        _value(element, budget)
    for item in activity.transactions.all():
        element = _sub(root, "transaction", ref=item.ref)
        _sub(element, "transaction-type", code=item.transaction_type_id)
        _sub(element, "transaction-date", iso_date=item.transaction_date.isoformat())
        _value(element, item)
        if item.description:
            _sub(element, "description", item.description)
        if item.provider_org_ref or item.provider_org_name:
            _sub(
                element,
                "provider-org",
                item.provider_org_name,
                ref=item.provider_org_ref,
            )
        if item.receiver_org_ref or item.receiver_org_name:
            _sub(
                element,
                "receiver-org",
                item.receiver_org_name,
                ref=item.receiver_org_ref,
            )
    return root


def _value(parent, money) -> None:
    value = _sub(
        parent,
        "value",
        currency=money.currency_id,
        value_date=money.value_date.isoformat(),
    )
    value.text = str(money.value)


def iati_schema() -> etree.XMLSchema:
    """The IATI 2.03 activity schema shipped with the app (no network)."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH), parser))
