"""No list, search, export, count or related-record panel of the cooperation
app shows a record its reader may not open.

The access matrix (tests/security) checks the status of every URL; this
test reads the bodies: every persona fetches every list-like page and
endpoint of the app (with and without a search or a state filter), and no
title of another country's unpublished offer, demand, activity or good
practice may appear in the answer, not even as a linked record on a page
the reader may open.
"""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cooperation.models import (
    Connection,
    GoodPractice,
    Match,
    PostingKind,
    PostingState,
    RecipientCountry,
)

from .factories import ActivityFactory, PostingFactory, load_reference_codes

pytestmark = pytest.mark.django_db

ROLES = {
    "anonymous": None,
    "focal_a": "alice",
    "focal_b": "bob",
    "mission_a": "mona",
    "partner": "partner",
    "reviewer": "reviewer",
    "staff": "staff",
    "fund_manager": "fund_manager",
    "admin": "admin_user",
}
STAFF = {"staff", "admin"}
READERS = {"A": {"focal_a", "mission_a"}, "B": {"focal_b"}, "org": {"partner"}}


def _practice(country, author, title, status, activity=None):
    return GoodPractice.objects.create(
        country=country,
        title=title,
        problem="A problem.",
        solution="A solution.",
        results="Results.",
        status=status,
        created_by=author,
        activity=activity,
    )


@pytest.fixture
def secrets(jamaica, mexico, alice, bob, partner):
    """Unpublished records of A (Jamaica), B (Mexico) and the partner's
    foundation, each titled with a marker, and public records that point at
    them; returns {marker: owner}."""
    load_reference_codes()
    foundation = partner.role_memberships.get().organisation
    hidden = {}

    def posting(owner, marker, **fields):
        owner_fields = {
            "A": {"country": jamaica},
            "B": {"country": mexico},
            "org": {"organisation": foundation},
        }[owner]
        hidden[marker] = owner
        return PostingFactory(title=marker, **owner_fields, **fields)

    posting("A", "HIDDENADRAFTOFFER", kind=PostingKind.OFFER)
    posting("B", "HIDDENBDRAFTDEMAND")
    posting("B", "HIDDENBSUBMITTEDOFFER", kind=PostingKind.OFFER, state="submitted")
    posting("B", "HIDDENBRETURNEDDEMAND", state=PostingState.RETURNED)
    posting("B", "HIDDENBREJECTEDDEMAND", state=PostingState.REJECTED)
    posting("org", "HIDDENORGDRAFTOFFER", kind=PostingKind.OFFER)
    # A's published offer was connected with B's demand, since withdrawn.
    offer_a = PostingFactory(
        country=jamaica,
        kind=PostingKind.OFFER,
        state=PostingState.PUBLISHED,
        title="PUBLICAOFFER",
    )
    withdrawn_b = posting("B", "HIDDENBWITHDRAWNDEMAND", state="withdrawn")
    Connection.objects.create(offer=offer_a, demand=withdrawn_b)
    # A match left over with a demand that went back to draft.
    draft_b = posting("B", "HIDDENBMATCHEDDRAFT")
    Match.objects.create(offer=offer_a, demand=draft_b, score=90)

    activities = {}
    for owner, state in (("A", jamaica), ("B", mexico)):
        marker = f"HIDDEN{owner}ACTIVITY"
        hidden[marker] = owner
        activity = ActivityFactory(
            owner_country=state, is_published=False, title={"en": marker}
        )
        # Recipient of its own activity and of the other country's, so that
        # both country profiles list it.
        for code in ("JM", "MX"):
            RecipientCountry.objects.create(
                activity=activity, country_id=code, percentage=Decimal(50)
            )
        activities[owner] = activity
    hidden["HIDDENUNOWNEDACTIVITY"] = None
    ActivityFactory(is_published=False, title={"en": "HIDDENUNOWNEDACTIVITY"})

    for owner, state, author in (("A", jamaica, alice), ("B", mexico, bob)):
        marker = f"HIDDEN{owner}PRACTICE"
        hidden[marker] = owner
        _practice(state, author, marker, "draft")
    # A published practice that came from A's unpublished activity.
    published = _practice(
        jamaica, alice, "PUBLICAPRACTICE", "published", activities["A"]
    )
    return {"hidden": hidden, "offer_a": offer_a, "practice": published}


def _urls(secrets):
    page = [
        reverse("cooperation:overview"),
        reverse("cooperation:overview") + "?q=capacities",
        reverse("cooperation:overview")
        + "?state=draft&state=submitted&state=returned&state=rejected"
        "&state=withdrawn",
        reverse("cooperation:catalogue-export", args=["csv"])
        + "?state=draft&state=submitted&state=withdrawn",
        reverse("cooperation:catalogue-export", args=["xlsx"]) + "?q=capacities",
        reverse("cooperation:activity-list"),
        reverse("cooperation:activity-list") + "?q=HIDDEN",
        reverse("cooperation:practice-list"),
        reverse("cooperation:practice-list") + "?q=HIDDEN",
        reverse("cooperation:profile-detail", args=["JAM"]),
        reverse("cooperation:profile-detail", args=["MEX"]),
        reverse("cooperation:landscape"),
        reverse("cooperation:posting-detail", args=[secrets["offer_a"].pk]),
        reverse("cooperation:practice-detail", args=[secrets["practice"].pk]),
    ]
    api = [
        "/api/v1/offers/?state=draft&state=submitted",
        "/api/v1/demands/?q=capacities",
        "/api/v1/matches/",
        "/api/v1/activities/",
        "/api/v1/activities/iati.xml",
        "/api/v1/activities/export.csv",
        "/api/v1/activities/export.xlsx",
        "/api/v1/good-practices/",
        "/api/v1/country-profiles/",
    ]
    return page + api


def _text(response) -> str:
    body = (
        b"".join(response.streaming_content)
        if getattr(response, "streaming", False)
        else response.content
    )
    if response.get("Content-Type", "").startswith("application/vnd.openxml"):
        book = load_workbook(io.BytesIO(body), read_only=True)
        return " ".join(
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    return body.decode(errors="replace")


def _may_read(role, owner) -> bool:
    return role in STAFF or role in READERS.get(owner, ())


@pytest.mark.parametrize("role", ROLES)
def test_no_page_or_endpoint_shows_a_record_the_reader_may_not_open(
    client, request, role, secrets
):
    if ROLES[role]:
        client.force_login(request.getfixturevalue(ROLES[role]))
    forbidden = {
        marker
        for marker, owner in secrets["hidden"].items()
        if not _may_read(role, owner)
    }

    shown = []
    for url in _urls(secrets):
        response = client.get(url)
        assert response.status_code == 200, url
        text = _text(response)
        shown += [f"{marker} in {url}" for marker in forbidden if marker in text]

    assert not shown


def test_the_probe_sees_what_staff_may_read(client, staff, secrets):
    """The markers do appear where their reader may see them, so the test
    above fails when a scope goes wrong."""
    client.force_login(staff)

    catalogue = _text(client.get(reverse("cooperation:overview") + "?q=capacities"))
    export = _text(client.get("/api/v1/activities/export.csv"))
    practices = _text(client.get(reverse("cooperation:practice-list")))

    assert "HIDDENBDRAFTDEMAND" in catalogue
    assert "HIDDENBACTIVITY" in export
    assert "HIDDENBPRACTICE" in practices


def test_a_published_practice_names_an_unpublished_activity_only_to_its_country(
    client, bob, alice, secrets
):
    url = reverse("cooperation:practice-detail", args=[secrets["practice"].pk])

    client.force_login(bob)
    seen_by_b = client.get(url).content.decode()
    client.force_login(alice)
    seen_by_a = client.get(url).content.decode()

    assert "PUBLICAPRACTICE" in seen_by_b
    assert "HIDDENAACTIVITY" not in seen_by_b
    assert "HIDDENAACTIVITY" in seen_by_a


def test_a_connection_is_not_shown_once_the_other_record_is_withdrawn(
    client, alice, bob, secrets
):
    offer = secrets["offer_a"]
    url = reverse("cooperation:posting-detail", args=[offer.pk])
    demand = Connection.objects.get(offer=offer).demand

    client.force_login(alice)
    hidden = client.get(url).content.decode()
    demand.state = PostingState.PUBLISHED
    demand.save(update_fields=["state"])
    shown = client.get(url).content.decode()

    assert "HIDDENBWITHDRAWNDEMAND" not in hidden
    assert "HIDDENBWITHDRAWNDEMAND" in shown
