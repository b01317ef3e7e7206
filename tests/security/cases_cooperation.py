"""Case providers of the cooperation app (CooperaNet, the regional
cooperation database, good practices, country profiles) for the access
matrix. Imported by ``cases.py``; the policies that name them are in
``policies_cooperation.py``.

Owners are written in ``Case.country``: "A" (Jamaica), "B" (Mexico), "org"
(the partner's foundation) or None (a record no country owns). A case's
``state`` is the record's state, or "missing" for an id that does not exist.

Providers run once per URL, so a POST that changes a record (a withdrawal)
changes only that URL's own records; the cases of POST-only URLs are chosen
so that the answer does not depend on which role came first.
"""

import atexit
import contextlib
import shutil
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from .cases import Case, provides

MISSING = 999_999_999
# Files of the attachments and import reports the matrix serves, removed when
# the test run ends.
_FILES_DIR = f"matrix-{uuid.uuid4().hex}"


@atexit.register
def _remove_files():
    with contextlib.suppress(FileNotFoundError, NotImplementedError):
        shutil.rmtree(default_storage.path(_FILES_DIR))


def _stored_file(suffix: str, content: bytes) -> str:
    """A file in the matrix's own folder (not through the field's upload_to,
    so that it goes when the run ends); returns its storage name."""
    return default_storage.save(
        f"{_FILES_DIR}/{uuid.uuid4().hex}.{suffix}", ContentFile(content)
    )


def _codes():
    from tests.cooperation.factories import load_reference_codes

    load_reference_codes()


def _organisation(world):
    return world.users["partner"].role_memberships.get().organisation


# CooperaNet postings ---------------------------------------------------------

# Each state that changes the answer, for country A; B has a draft, a
# published record and a superseded version (public: the version that was
# published stays citable); the partner's foundation has a draft.
POSTING_STATES_A = ("draft", "submitted", "returned", "rejected", "withdrawn")


def _posting(world, kind, owner, state, **fields):
    from tests.cooperation.factories import PostingFactory

    owner_fields = {
        "A": {"country": world.country_a},
        "B": {"country": world.country_b},
        "org": {"organisation": _organisation(world)},
    }[owner]
    return PostingFactory(kind=kind, state=state, **owner_fields, **fields)


def _posting_case(posting, owner, label=None, **kwargs):
    return Case(
        label or f"{posting.state}-{owner}",
        {"pk": posting.pk, "lineage": posting.lineage, **kwargs},
        country=owner,
        state=posting.state,
    )


def _postings(world, kind):
    cases = [
        _posting_case(_posting(world, kind, "A", state), "A")
        for state in (*POSTING_STATES_A, "published")
    ]
    for owner, state in (
        ("B", "draft"),
        ("B", "published"),
        ("B", "superseded"),
        ("org", "draft"),
    ):
        cases.append(_posting_case(_posting(world, kind, owner, state), owner))
    cases.append(
        Case("missing", {"pk": MISSING, "lineage": uuid.uuid4()}, state="missing")
    )
    return cases


@provides("demands")
def demands(world):
    return _postings(world, "demand")


@provides("offers")
def offers(world):
    return _postings(world, "offer")


@provides("demands-few")
def demands_few(world):
    """The states that change the answer of a page that is not the record's
    own (its edit form, its stable address), to keep the matrix short: an
    editable draft and a returned record of A, A's published one (readable
    by all, editable by none but A), B's draft, the foundation's draft."""
    cases = [
        _posting_case(_posting(world, "demand", owner, state), owner)
        for owner, state in (
            ("A", "draft"),
            ("A", "returned"),
            ("A", "published"),
            ("B", "draft"),
            ("org", "draft"),
        )
    ]
    cases.append(
        Case("missing", {"pk": MISSING, "lineage": uuid.uuid4()}, state="missing")
    )
    return cases


@provides("posting-actions")
def posting_actions(world):
    """POST-only pages of one posting (comment, complete, new version,
    attachment upload): an empty form changes nothing but a new version of
    a published record, which leaves the published one as it is. A's draft
    (404 to B) and B's published record (404 to A: readable is not
    changeable); the missing id is tried by the transitions."""
    return [
        _posting_case(_posting(world, "demand", "A", "draft"), "A"),
        _posting_case(_posting(world, "demand", "B", "published"), "B"),
    ]


@provides("posting-transitions")
def posting_transitions(world):
    """Transitions whose answer is the same whoever fired first: withdrawing
    a completed record fails for everyone allowed to try; publishing a draft
    is refused to its focal points and fails for staff (not submitted); a
    draft of B withdrawn by its focal point stays hidden from the others."""
    completed_a = _posting(world, "demand", "A", "completed")
    draft_a = _posting(world, "demand", "A", "draft")
    draft_b = _posting(world, "demand", "B", "draft")
    return [
        _posting_case(completed_a, "A", "withdraw-completed-A", action="withdraw"),
        _posting_case(draft_a, "A", "publish-draft-A", action="publish"),
        _posting_case(draft_b, "B", "withdraw-draft-B", action="withdraw"),
        _posting_case(draft_a, "A", "unknown-action-A", action="sing"),
        Case("missing", {"pk": MISSING, "action": "withdraw"}, state="missing"),
    ]


@provides("posting-interest")
def posting_interest(world):
    """Country A's published offer shows interest in B's published demand
    (allowed to A's side and staff), or in B's draft (which A may not read:
    404; staff read it and are told both must be published)."""
    offer_a = _posting(world, "offer", "A", "published")
    published_b = _posting(world, "demand", "B", "published")
    draft_b = _posting(world, "demand", "B", "draft")
    return [
        Case(
            "published-A-to-published-B",
            {"pk": offer_a.pk, "other_pk": published_b.pk},
            country="A",
            state="published",
        ),
        Case(
            "published-A-to-draft-B",
            {"pk": offer_a.pk, "other_pk": draft_b.pk},
            country="A",
            state="other-hidden",
        ),
    ]


@provides("posting-kinds")
def posting_kinds(world):
    return [
        Case("offer", {"kind": "offer"}),
        Case("demand", {"kind": "demand"}),
        Case("unknown", {"kind": "wish"}, state="missing"),
    ]


@provides("catalogue-formats")
def catalogue_formats(world):
    return [
        Case("csv", {"file_format": "csv"}),
        Case("xlsx", {"file_format": "xlsx"}),
        Case("unknown", {"file_format": "pdf"}, state="missing"),
    ]


@provides("attachments")
def attachments(world):
    """A stored file on records of A and B in hidden and public states."""
    from cooperation.models import PostingAttachment

    cases = []
    for owner, state in (("A", "draft"), ("B", "draft"), ("B", "published")):
        posting = _posting(world, "demand", owner, state)
        attachment = PostingAttachment.objects.create(
            posting=posting,
            file=_stored_file("pdf", b"%PDF-1.4\n%%EOF"),
            original_name="note.pdf",
            content_type="application/pdf",
            size=14,
        )
        cases.append(
            Case(f"{state}-{owner}", {"pk": attachment.pk}, owner, state=state)
        )
    cases.append(Case("missing", {"pk": MISSING}, state="missing"))
    return cases


@provides("organisations")
def organisations(world):
    return [
        Case("partner", {"pk": _organisation(world).pk}, "org"),
        Case("missing", {"pk": MISSING}, state="missing"),
    ]


@provides("member-state-pages")
def member_state_pages(world):
    return [
        Case("A", {"iso3": world.country_a.iso3}, "A"),
        Case("B", {"iso3": world.country_b.iso3}, "B"),
        Case("missing", {"iso3": "ZZZ"}, state="missing"),
    ]


@provides("invitations")
def invitations(world):
    from datetime import timedelta

    from cooperation.models import FocalPointInvitation
    from cooperation.services.cooperanet import _hash_token

    token = uuid.uuid4().hex
    FocalPointInvitation.objects.create(
        email="new-focal-point@example.org",
        country=world.country_a,
        role="national_focal_point",
        token_hash=_hash_token(token),
        invited_by=world.users["staff"],
        expires_at=timezone.now() + timedelta(days=7),
    )
    return [
        Case("pending", {"token": token}, "A", state="pending"),
        Case("forged", {"token": "not-a-token"}, state="missing"),
    ]


@provides("matches")
def matches(world):
    """A match of two published records (public), and one whose demand is a
    draft of B (it happens when a demand goes back to draft through a new
    version): only those who read both sides see it."""
    from cooperation.models import Match

    offer_a = _posting(world, "offer", "A", "published")
    published_b = _posting(world, "demand", "B", "published")
    draft_b = _posting(world, "demand", "B", "draft")
    public = Match.objects.create(offer=offer_a, demand=published_b, score=80)
    hidden = Match.objects.create(offer=offer_a, demand=draft_b, score=70)
    return [
        Case("published-both", {"pk": public.pk}, "A", state="published"),
        Case("draft-B-side", {"pk": hidden.pk}, "B", state="draft"),
        Case("missing", {"pk": MISSING}, state="missing"),
    ]


# The regional cooperation database -------------------------------------------


@provides("activities")
def activities(world):
    """Published and unpublished activities of A and B, and an unpublished
    imported one that no member state owns (staff only)."""
    from tests.cooperation.factories import ActivityFactory

    _codes()
    cases = []
    for owner, country in (("A", world.country_a), ("B", world.country_b)):
        for published in (True, False):
            activity = ActivityFactory(owner_country=country, is_published=published)
            state = "published" if published else "unpublished"
            cases.append(
                Case(f"{state}-{owner}", {"pk": activity.pk}, owner, state=state)
            )
    orphan = ActivityFactory(is_published=False)
    cases.append(Case("unpublished-unowned", {"pk": orphan.pk}, state="unpublished"))
    cases.append(Case("missing", {"pk": MISSING}, state="missing"))
    return cases


@provides("import-jobs")
def import_jobs(world):
    """A finished import with its report file beside the upload."""
    from cooperation.models import ImportJob, ImportStatus
    from cooperation.services.activities import job_report_path

    job = ImportJob.objects.create(
        file=_stored_file("xml", b"<x/>"),
        original_name="activities.xml",
        status=ImportStatus.DONE,
        created_by=world.users["staff"],
    )
    job_report_path(job).write_text("No problems.\n", encoding="utf-8")
    return [
        Case("done", {"pk": job.pk}, state="done"),
        Case("missing", {"pk": MISSING}, state="missing"),
    ]


PRACTICE_STATES_A = ("draft", "submitted", "returned", "rejected", "published")


def _practice(world, owner, status):
    from cooperation.models import GoodPractice

    country = world.country_a if owner == "A" else world.country_b
    author = world.users["focal_a" if owner == "A" else "focal_b"]
    return GoodPractice.objects.create(
        country=country,
        title=f"Practice {owner} {status}",
        problem="A problem.",
        solution="A solution.",
        results="Results.",
        status=status,
        created_by=author,
    )


@provides("practices-few")
def practices_few(world):
    """An editable draft of A, A's published practice (no longer editable by
    its focal points), B's draft and a missing id."""
    return [
        Case("draft-A", {"pk": _practice(world, "A", "draft").pk}, "A", "draft"),
        Case(
            "published-A",
            {"pk": _practice(world, "A", "published").pk},
            "A",
            "published",
        ),
        Case("draft-B", {"pk": _practice(world, "B", "draft").pk}, "B", "draft"),
        Case("missing", {"pk": MISSING}, state="missing"),
    ]


@provides("practices")
def practices(world):
    cases = [
        Case(f"{status}-A", {"pk": _practice(world, "A", status).pk}, "A", status)
        for status in PRACTICE_STATES_A
    ]
    for status in ("draft", "published"):
        practice = _practice(world, "B", status)
        cases.append(Case(f"{status}-B", {"pk": practice.pk}, "B", status))
    cases.append(Case("missing", {"pk": MISSING}, state="missing"))
    return cases


@provides("practice-transitions")
def practice_transitions(world):
    """Submitting a published practice (refused to its focal points, fails
    for staff), publishing a draft (refused to all but staff, for whom it
    fails: not submitted), and B submitting its own draft (which stays
    hidden from the others)."""
    published_b = _practice(world, "B", "published")
    draft_a = _practice(world, "A", "draft")
    draft_b = _practice(world, "B", "draft")
    return [
        Case(
            "submit-published-B",
            {"pk": published_b.pk, "transition": "submit"},
            "B",
            "published",
        ),
        Case(
            "publish-draft-A", {"pk": draft_a.pk, "transition": "publish"}, "A", "draft"
        ),
        Case(
            "submit-draft-B", {"pk": draft_b.pk, "transition": "submit"}, "B", "draft"
        ),
        Case("missing", {"pk": MISSING, "transition": "submit"}, state="missing"),
    ]


@provides("country-profiles")
def country_profiles(world):
    """A's profile exists; B has none yet (the API answers 404 for it, the
    page shows an empty profile)."""
    from cooperation.models import CountryProfile

    CountryProfile.objects.get_or_create(
        state=world.country_a, defaults={"offered_expertise": "Tourism."}
    )
    return [
        Case("A", {"iso3": world.country_a.iso3}, "A", state="existing"),
        Case("B-without-profile", {"iso3": world.country_b.iso3}, "B", "no-profile"),
        Case("missing", {"iso3": "ZZZ"}, state="missing"),
    ]


@provides("api-member-states")
def api_member_states(world):
    return [
        Case("A", {"iso3": world.country_a.iso3}, "A"),
        Case("missing", {"iso3": "ZZZ"}, state="missing"),
    ]


@provides("api-workplan-areas")
def api_workplan_areas(world):
    from cooperation.models import WorkplanArea

    area, _ = WorkplanArea.objects.get_or_create(number=1, defaults={"title": "A"})
    return [
        Case("existing", {"number": area.number}, state="public"),
        Case("missing", {"number": 99}, state="missing"),
    ]


@provides("api-workplan-steps")
def api_workplan_steps(world):
    from cooperation.models import ActionStep, WorkplanArea

    area, _ = WorkplanArea.objects.get_or_create(number=1, defaults={"title": "A"})
    step, _ = ActionStep.objects.get_or_create(
        area=area, number="1", defaults={"position": 1, "text": "A step"}
    )
    return [
        Case("existing", {"pk": step.pk}, state="public"),
        Case("missing", {"pk": MISSING}, state="missing"),
    ]


@provides("attachments-locked")
def attachments_locked(world):
    """Files of records no longer editable (published, submitted): removing
    them fails for those allowed to try, so every role meets the file."""
    from cooperation.models import PostingAttachment

    cases = []
    for owner, state in (("A", "published"), ("B", "submitted")):
        posting = _posting(world, "demand", owner, state)
        attachment = PostingAttachment.objects.create(
            posting=posting,
            file=f"{_FILES_DIR}/absent.pdf",
            original_name="note.pdf",
            content_type="application/pdf",
            size=14,
        )
        cases.append(
            Case(f"{state}-{owner}", {"pk": attachment.pk}, owner, state=state)
        )
    return cases


def _api_action_cases(world, kind, vetting):
    """One record of B on which the action fails for whoever may try it, so
    that no answer depends on who came first: a completed record (nothing to
    submit or withdraw), a draft for the vetting actions (not submitted)."""
    state = "draft" if vetting else "completed"
    return [_posting_case(_posting(world, kind, "B", state), "B")]


for _kind in ("offer", "demand"):
    for _vetting in (False, True):
        provides(f"api-{_kind}-{'vet' if _vetting else 'owner'}-actions")(
            lambda world, kind=_kind, vetting=_vetting: _api_action_cases(
                world, kind, vetting
            )
        )
