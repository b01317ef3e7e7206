"""Declared access of every URL of the cooperation app: CooperaNet (issue 3),
the regional cooperation database, good practices and country profiles
(issue 4), and their API. Merged into ``POLICIES`` by ``policies.py`` (import
that module, not this one: this one is read while ``policies.py`` loads);
the case providers are in ``cases_cooperation.py``.

The expectations follow DESIGN.md's role table and the issues, not the code:
the public reads published records; a country's focal points (national, and
mission ones where the country allows it, as Jamaica does) read and change
all of their country's records; a partner representative its foundation's;
IACD staff and administrators everything; anyone else gets 404 for a record
they may not read, as if it did not exist.
"""

from .policies import (
    ALLOW,
    ANONYMOUS,
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    REDIRECT,
    STAFF,
    WRITTEN,
    Policy,
    public,
    staff_only,
)

# Who acts for the owner of a case (``Case.country``).
OWNERS = {"A": {"focal_a", "mission_a"}, "B": {"focal_b"}, "org": {"partner"}}
FOCAL_POINTS = {"focal_a", "focal_b", "mission_a"}
# DRF's answer when the caller may fire an action but the record's state
# does not allow it (a refusal by the life cycle, not by the access rules).
BAD_REQUEST = "400"

# Posting states anyone may read (the version that was published stays
# readable once superseded: issue 3, "the version that was published stays
# readable").
POSTING_PUBLIC = frozenset(
    {"published", "matched", "in_progress", "completed", "superseded"}
)
PUBLISHED = frozenset({"published"})


def acts_for(role, case) -> bool:
    """Staff, or a focal point (partner) of the record's owner."""
    return role in STAFF or role in OWNERS.get(case.country, ())


def reads(role, case, public_states) -> bool:
    if case.state == "missing":
        return False
    return case.state in public_states or acts_for(role, case)


def readable(public_states, cases, outcome=ALLOW) -> Policy:
    """A record page or endpoint without login: ``outcome`` for those who
    may read the record, 404 for everyone else (anonymous included)."""

    def expect(role, case):
        return outcome if reads(role, case, public_states) else NOT_FOUND

    return Policy(expect, cases)


def by_role(allowed, cases=None, write=False, lookup_first=False) -> Policy:
    """A page behind login: ``allowed`` roles get it, others 403 (before any
    lookup, unless ``lookup_first``: a path that names nothing is 404)."""

    def outcome(role, case, granted):
        if role == ANONYMOUS:
            return LOGIN
        if case.state == "missing" and (lookup_first or role in allowed):
            return NOT_FOUND
        return granted if role in allowed else FORBIDDEN

    return Policy(
        lambda role, case: outcome(role, case, ALLOW),
        cases,
        (lambda role, case: outcome(role, case, WRITTEN)) if write else None,
    )


def post_only(write, cases, anonymous_get=NOT_ALLOWED) -> Policy:
    """A URL that takes only POST (``require_POST`` before the login check,
    so anonymous visitors get 405 on GET too unless said otherwise)."""

    def expect(role, case):
        return anonymous_get if role == ANONYMOUS else NOT_ALLOWED

    return Policy(expect, cases, write)


def owner_writes(role, case):
    """A POST on one's own record: anonymous to login; the owner's focal
    points and staff are answered (an empty form: redirect or the form);
    everyone else 404, published record or not (outside the change scope)."""
    if role == ANONYMOUS:
        return LOGIN
    if case.state == "missing":
        return NOT_FOUND
    return WRITTEN if acts_for(role, case) else NOT_FOUND


# CooperaNet pages -------------------------------------------------------------


def _posting_edit(role, case):
    if role == ANONYMOUS:
        return LOGIN
    if case.state == "missing" or not acts_for(role, case):
        return NOT_FOUND
    # Content changes only in draft or returned; otherwise back to the page.
    return ALLOW if case.state in {"draft", "returned"} else REDIRECT


def _posting_transition(role, case):
    if role == ANONYMOUS:
        return LOGIN
    if case.state == "missing" or case.label.startswith("unknown-action"):
        return NOT_FOUND
    if not acts_for(role, case):
        return NOT_FOUND
    if case.label.startswith("publish") and role not in STAFF:
        return FORBIDDEN  # focal points never vet their own records
    return WRITTEN


def _posting_interest(role, case):
    if role == ANONYMOUS:
        return LOGIN
    if case.state == "missing" or not acts_for(role, case):
        return NOT_FOUND
    if case.state == "other-hidden" and role not in STAFF:
        return NOT_FOUND  # the other record is B's draft
    return WRITTEN


def _organisation_verify(role, case):
    if role == ANONYMOUS:
        return LOGIN
    if role not in STAFF:
        return FORBIDDEN
    return NOT_FOUND if case.state == "missing" else WRITTEN


def _match(role, case):
    """A match shows both records: readable when both are."""
    if case.state == "missing":
        return NOT_FOUND
    if case.state == "published" or acts_for(role, case):
        return ALLOW
    return NOT_FOUND


def _logged_in_lookup(role, case):
    if role == ANONYMOUS:
        return LOGIN
    return NOT_FOUND if case.state == "missing" else ALLOW


def _public_lookup(role, case):
    return NOT_FOUND if case.state == "missing" else ALLOW


def _invitation(role, case):
    return NOT_FOUND if case.state == "missing" else ALLOW


# Good practices ----------------------------------------------------------------


def _practice_edit(granted):
    def expect(role, case):
        if role == ANONYMOUS:
            return LOGIN
        if case.state == "missing" or not acts_for(role, case):
            return NOT_FOUND
        if role in STAFF or case.state in {"draft", "returned"}:
            return granted
        return FORBIDDEN  # its own country's, but no longer editable

    return expect


def _practice_transition(role, case):
    if role == ANONYMOUS:
        return LOGIN
    if not reads(role, case, PUBLISHED):
        return NOT_FOUND
    if role in STAFF:
        return WRITTEN  # a refusal by the life cycle is a message
    if case.label == "submit-draft-B" and acts_for(role, case):
        return WRITTEN
    return FORBIDDEN


# The API -------------------------------------------------------------------------


def _api_transition(vetting):
    """POST on an offer or demand action: anonymous 403 (DRF), outsiders 404
    (outside the change scope, even for a public record), focal points 403
    for the vetting actions; the cases are records in a state where the
    action fails (400) for those allowed to try, so no answer depends on
    who came first."""

    def expect(role, case):
        if role == ANONYMOUS:
            return FORBIDDEN
        if case.state == "missing" or not acts_for(role, case):
            return NOT_FOUND
        if vetting and role not in STAFF:
            return FORBIDDEN
        return BAD_REQUEST

    return expect


def _activity_classify(role, case):
    """POST on an activity page: staff classify it (modality, owner); anyone
    else who may read it is refused, and for others it does not exist."""
    if not reads(role, case, PUBLISHED):
        return NOT_FOUND
    return WRITTEN if role in STAFF else FORBIDDEN


def _country_profile_api(role, case):
    return ALLOW if case.state == "existing" else NOT_FOUND


POSTING_ACTION_GET = Policy(lambda role, case: NOT_ALLOWED)

POLICIES = {
    # CooperaNet pages
    "cooperation:catalogue-export": Policy(_public_lookup, "catalogue-formats"),
    "cooperation:posting-create": by_role(
        STAFF | FOCAL_POINTS | {"partner"},
        "posting-kinds",
        write=True,
        lookup_first=True,
    ),
    "cooperation:posting-detail": readable(POSTING_PUBLIC, "demands"),
    "cooperation:posting-lineage": readable(POSTING_PUBLIC, "demands-few", REDIRECT),
    "cooperation:posting-edit": Policy(_posting_edit, "demands-few", owner_writes),
    "cooperation:posting-transition": post_only(
        _posting_transition, "posting-transitions"
    ),
    "cooperation:posting-complete": post_only(owner_writes, "posting-actions"),
    "cooperation:posting-comment": post_only(owner_writes, "posting-actions"),
    "cooperation:posting-new-version": post_only(owner_writes, "posting-actions"),
    "cooperation:posting-interest": post_only(_posting_interest, "posting-interest"),
    "cooperation:attachment-upload": post_only(owner_writes, "posting-actions"),
    "cooperation:attachment-download": readable(POSTING_PUBLIC, "attachments"),
    "cooperation:attachment-delete": post_only(owner_writes, "attachments-locked"),
    "cooperation:vetting": staff_only(),
    "cooperation:organisation-verify": post_only(_organisation_verify, "organisations"),
    "cooperation:focal-points": staff_only(),
    "cooperation:focal-point-invite": by_role(STAFF, write=True),
    "cooperation:focal-points-country": Policy(_logged_in_lookup, "member-state-pages"),
    "cooperation:invitation-accept": Policy(_invitation, "invitations"),
    # Regional cooperation database pages
    "cooperation:activity-list": public(),
    "cooperation:activity-detail": Policy(
        readable(PUBLISHED, "activities").expect, "activities", _activity_classify
    ),
    "cooperation:activity-import": by_role(STAFF, write=True),
    "cooperation:activity-import-job": by_role(STAFF, "import-jobs"),
    "cooperation:activity-import-report": by_role(STAFF, "import-jobs"),
    "cooperation:landscape": public(),
    "cooperation:practice-list": public(),
    "cooperation:practice-create": by_role(STAFF | FOCAL_POINTS, write=True),
    "cooperation:practice-detail": readable(PUBLISHED, "practices"),
    "cooperation:practice-edit": Policy(
        _practice_edit(ALLOW), "practices-few", _practice_edit(WRITTEN)
    ),
    "cooperation:practice-transition": post_only(
        _practice_transition, "practice-transitions", anonymous_get=LOGIN
    ),
    "cooperation:profile-list": public(),
    "cooperation:profile-detail": Policy(_public_lookup, "member-state-pages"),
    "cooperation:profile-edit": Policy(
        lambda role, case: (
            LOGIN
            if role == ANONYMOUS
            else NOT_FOUND
            if case.state == "missing"
            else ALLOW
            if acts_for(role, case)
            else FORBIDDEN
        ),
        "member-state-pages",
        lambda role, case: (
            LOGIN
            if role == ANONYMOUS
            else NOT_FOUND
            if case.state == "missing"
            else WRITTEN
            if acts_for(role, case)
            else FORBIDDEN
        ),
    ),
    # API: CooperaNet
    "offer-list": public(),
    "offer-detail": readable(POSTING_PUBLIC, "offers"),
    "demand-list": public(),
    "demand-detail": readable(POSTING_PUBLIC, "demands-few"),
    "match-list": public(),
    "match-detail": Policy(_match, "matches"),
    "member-state-list": public(),
    "member-state-detail": Policy(_public_lookup, "api-member-states"),
    # API: the regional cooperation database
    "activity-list": public(),
    "activity-detail": readable(PUBLISHED, "activities"),
    "activity-iati-xml": public(),
    "activity-export-csv": public(),
    "activity-export-xlsx": public(),
    "good-practice-list": public(),
    "good-practice-detail": readable(PUBLISHED, "practices-few"),
    "country-profile-list": public(),
    "country-profile-detail": Policy(_country_profile_api, "country-profiles"),
    # API: the work plan (public; staff update steps by PUT/PATCH)
    "workplan-area-list": public(),
    "workplan-area-detail": Policy(_public_lookup, "api-workplan-areas"),
    "workplan-step-list": public(),
    "workplan-step-detail": Policy(_public_lookup, "api-workplan-steps"),
}

for _kind in ("offer", "demand"):
    for _action, _vetting in (
        ("submit", False),
        ("withdraw", False),
        ("publish", True),
        ("return-", True),
        ("reject", True),
    ):
        POLICIES[f"{_kind}-{_action}"] = Policy(
            POSTING_ACTION_GET.expect,
            f"api-{_kind}-{'vet' if _vetting else 'owner'}-actions",
            _api_transition(_vetting),
        )
