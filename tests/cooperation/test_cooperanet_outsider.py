"""Bob, focal point of Mexico, tries every CooperaNet URL against Jamaica's
drafts: each answers 404 or 403, and no list or export shows them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, get_resolver, reverse

from cooperation.models import PostingAttachment, PostingKind, PostingState
from cooperation.urls import urlpatterns

from .factories import PostingFactory

pytestmark = pytest.mark.django_db

SECRET = "Jamaica confidential draft"


@pytest.fixture
def jamaica_drafts(jamaica, mexico, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    draft = PostingFactory(country=jamaica, title=SECRET)
    submitted = PostingFactory(
        country=jamaica,
        kind=PostingKind.OFFER,
        title=SECRET + " submitted",
        state=PostingState.SUBMITTED,
    )
    mexican_offer = PostingFactory(
        country=mexico, kind=PostingKind.OFFER, state=PostingState.PUBLISHED
    )
    attachment = PostingAttachment.objects.create(
        posting=draft,
        file=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF"),
        original_name="a.pdf",
        content_type="application/pdf",
        size=14,
    )
    return {
        "draft": draft,
        "submitted": submitted,
        "mexican_offer": mexican_offer,
        "attachment": attachment,
    }


def cooperanet_patterns():
    names = []
    for pattern in urlpatterns:
        assert isinstance(pattern, URLPattern)
        # Only CooperaNet's pages: the work plan and the regional database
        # share the app's URLs but have tests of their own.
        if pattern.callback.__module__ == "cooperation.cooperanet_views":
            names.append((pattern.name, list(pattern.pattern.converters)))
    return names


# URLs that name no record of Jamaica's: they must simply not show the drafts.
LISTS = {
    "overview": {},
    "catalogue-export": {"file_format": "csv"},
    "posting-create": {"kind": "offer"},
    "focal-points": {},
    "focal-point-invite": {},
    "focal-points-country": {"iso3": "JAM"},
    "vetting": {},
    "invitation-accept": {"token": "guess"},
}


def record_kwargs(name, records, posting):
    values = {
        "pk": posting.pk,
        "lineage": posting.lineage,
        "action": "submit",
        "other_pk": records["mexican_offer"].pk,
    }
    if name.startswith("attachment"):
        values["pk"] = records["attachment"].pk
    if name == "organisation-verify":
        values["pk"] = 1
    return values


def test_every_cooperanet_url_is_covered():
    resolved = {name for name, _ in cooperanet_patterns()}
    assert "posting-detail" in resolved
    assert resolved - set(LISTS)  # records' URLs are walked below


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("which", ["draft", "submitted"])
def test_bob_cannot_reach_jamaica_records(client, bob, jamaica_drafts, method, which):
    client.force_login(bob)
    posting = jamaica_drafts[which]
    for name, converters in cooperanet_patterns():
        if name in LISTS:
            continue
        values = record_kwargs(name, jamaica_drafts, posting)
        kwargs = {key: values[key] for key in converters}
        url = reverse(f"cooperation:{name}", kwargs=kwargs)
        response = getattr(client, method)(url, {"title": "Taken", "comment": "x"})
        assert response.status_code in {403, 404, 405}, (name, method)
        if response.status_code == 405:
            # A POST-only URL: the POST is the one that matters.
            assert method == "get", name
    posting.refresh_from_db()
    assert posting.title.startswith(SECRET)
    assert posting.state == jamaica_drafts[which].state


def test_lists_exports_and_pages_do_not_show_jamaica_drafts(
    client, bob, jamaica_drafts
):
    client.force_login(bob)
    for name, kwargs in LISTS.items():
        response = client.get(reverse(f"cooperation:{name}", kwargs=kwargs))
        if hasattr(response, "streaming_content"):
            body = b"".join(response.streaming_content)
        else:
            body = response.content
        assert SECRET.encode() not in body, name


def test_api_refuses_bob(client, bob, jamaica_drafts):
    client.force_login(bob)
    for which, kind in (("draft", "demands"), ("submitted", "offers")):
        pk = jamaica_drafts[which].pk
        assert client.get(f"/api/v1/{kind}/{pk}/").status_code == 404
        for action in ("submit", "withdraw", "publish", "return", "reject"):
            response = client.post(f"/api/v1/{kind}/{pk}/{action}/")
            assert response.status_code == 404, action
        listing = client.get(f"/api/v1/{kind}/").content
        assert SECRET.encode() not in listing


def test_anonymous_is_refused_too(client, jamaica_drafts):
    posting = jamaica_drafts["draft"]
    assert client.get(posting.get_absolute_url()).status_code == 404
    url = reverse("cooperation:posting-edit", args=[posting.pk])
    assert client.get(url).status_code == 302  # to the login page
    assert (
        client.get(jamaica_drafts["attachment"].get_absolute_url()).status_code == 404
    )
    assert client.get(f"/api/v1/demands/{posting.pk}/").status_code == 404


def test_all_routes_resolve():
    assert get_resolver().resolve("/cooperanet/").url_name == "overview"
