"""Declared access of the funds pages and API, notifications, report jobs and
the user's own account page, merged into ``POLICIES`` by ``policies.py``.

Derived from DESIGN.md's table of roles and issues 5 and 6: fund managers
see everything in funds and keep its ledgers, cycles and evaluations; a
country's proposals are read by its focal points, by the reviewers assigned
to them (once they have declared no conflict of interest) and by fund
managers and staff, and are changed only by its focal points and staff; a
contributor's statement and contributions are read by its own focal points
(or representatives) and fund managers; notifications by their recipient;
report files by the user who asked and staff.
"""

from .policies import (
    ALLOW,
    ANONYMOUS,
    COUNTRY_READERS,
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    REDIRECT,
    STAFF,
    WRITTEN,
    Policy,
    logged_in,
    public,
    staff_only,
)

FUND_READERS = STAFF | {"fund_manager"}
# Those who change a country's records: its focal points (the mission's too,
# since country A lets its mission edit) and staff.
COUNTRY_EDITORS = COUNTRY_READERS
API_ANONYMOUS = FORBIDDEN  # DRF answers an anonymous caller 403


def _missing_or(role, case, outcome, anonymous=LOGIN):
    if role == ANONYMOUS:
        return anonymous
    if case.state == "missing":
        return NOT_FOUND
    return outcome


def _reads_proposal(role, case) -> bool:
    if role in FUND_READERS or role in COUNTRY_READERS.get(case.country, ()):
        return True
    # The reviewer reads the proposal assigned to them once cleared.
    return role == "reviewer" and case.label.endswith("-assigned")


def _edits_proposal(role, case) -> bool:
    return role in STAFF or role in COUNTRY_EDITORS.get(case.country, ())


def proposal_read(anonymous):
    def expect(role, case):
        if role == ANONYMOUS:
            return anonymous
        if case.state == "missing":
            return NOT_FOUND
        return ALLOW if _reads_proposal(role, case) else NOT_FOUND

    return expect


def _proposal_edit(role, case):
    """The draft's form; a submitted or frozen proposal sends its editors
    back to its page."""
    if role == ANONYMOUS:
        return LOGIN
    if case.state == "missing" or not _edits_proposal(role, case):
        return NOT_FOUND
    return ALLOW if case.state == "draft" else REDIRECT


def _proposal_change_form(role, case):
    """Amendment and attachment forms: shown to the proposal's editors (the
    service refuses an amendment of a draft, or a document on a frozen
    proposal, when the form is sent)."""
    if role == ANONYMOUS:
        return LOGIN
    if case.state == "missing" or not _edits_proposal(role, case):
        return NOT_FOUND
    return ALLOW


def _as_write(expect):
    """The POST of an empty form: accepted (form again or redirect) where
    the GET is, refused the same way elsewhere."""

    def write(role, case):
        outcome = expect(role, case)
        return WRITTEN if outcome in (ALLOW, REDIRECT) else outcome

    return write


# Who is offered each transition (funds.views.proposals._actions_for).
_FUND_ACTIONS = {"eligibility", "assign", "decide", "allocate", "tranche"}


def _proposal_action(role, case):
    if role == ANONYMOUS:
        return LOGIN
    if case.state == "missing":
        return NOT_FOUND
    action = case.kwargs["action"]
    if action == "submit":
        allowed = _edits_proposal(role, case)
    else:
        allowed = action in _FUND_ACTIONS and role in FUND_READERS
    return ALLOW if allowed else NOT_FOUND


def _proposal_attachment(role, case):
    """A proposal's documents: whoever reads the proposal (the reviewer
    only once cleared)."""
    return proposal_read(LOGIN)(role, case)


def _fund_managers(outcome, others=NOT_FOUND, anonymous=LOGIN):
    def expect(role, case):
        if role == ANONYMOUS:
            return anonymous
        if case.state == "missing":
            return NOT_FOUND
        return outcome if role in FUND_READERS else others

    return expect


def _contributor_reader(role, case) -> bool:
    if role in FUND_READERS:
        return True
    if case.state == "partner":
        return role == "partner"
    return role in COUNTRY_READERS.get(case.country, ())


def contributor_record(anonymous=LOGIN):
    def expect(role, case):
        if role == ANONYMOUS:
            return anonymous
        if case.state == "missing":
            return NOT_FOUND
        return ALLOW if _contributor_reader(role, case) else NOT_FOUND

    return expect


def _contribution_write(role, case):
    """Receipts are recorded by fund managers; a contributor's own focal
    point reads the page but may not post to it."""
    outcome = contributor_record()(role, case)
    if outcome != ALLOW:
        return outcome
    return WRITTEN if role in FUND_READERS else FORBIDDEN


# Those who may pledge: fund managers and staff for anyone, focal points for
# their country, a representative for their organisation.
PLEDGERS = FUND_READERS | {"focal_a", "focal_b", "mission_a", "partner"}


def _pledge(role, case):
    if role == ANONYMOUS:
        return LOGIN
    return ALLOW if role in PLEDGERS else FORBIDDEN


def _propose(role, case):
    """A focal point starts a draft for their country in an existing cycle."""
    if role == ANONYMOUS:
        return LOGIN
    if case.state == "missing":
        return NOT_FOUND
    return ALLOW if role in {"focal_a", "focal_b", "mission_a"} else FORBIDDEN


def _fund_managers_403(role, case):
    if role == ANONYMOUS:
        return LOGIN
    return ALLOW if role in FUND_READERS else FORBIDDEN


def _review(role, case):
    """The reviewer's own assignment page; no one else's (staff follow the
    scores on the proposal's page)."""
    if role == ANONYMOUS:
        return LOGIN
    mine = case.state in ("cleared", "undeclared", "conflicted")
    return ALLOW if mine and role == "reviewer" else NOT_FOUND


def _post_only(role, case):
    return LOGIN if role == ANONYMOUS else NOT_ALLOWED


def _api_post_only(role, case):
    return API_ANONYMOUS if role == ANONYMOUS else NOT_ALLOWED


def _public_or_missing(role, case):
    return NOT_FOUND if case.state == "missing" else ALLOW


# Personal records: "of-X" belongs to the focal point of A, "of-another" to
# the focal point of B.
OWNERS = {"of-X": "focal_a", "of-another": "focal_b"}


def _personal(readers=frozenset(), outcome=ALLOW):
    def expect(role, case):
        if role == ANONYMOUS:
            return LOGIN
        if case.state == "missing":
            return NOT_FOUND
        mine = OWNERS[case.state] == role
        return outcome if mine or role in readers else NOT_FOUND

    return expect


def _administrators(outcome):
    def expect(role, case):
        if role == ANONYMOUS:
            return LOGIN
        if role != "admin":
            return FORBIDDEN
        return NOT_FOUND if case.state == "missing" else outcome

    return expect


def _staff_then_missing(outcome):
    def expect(role, case):
        if role == ANONYMOUS:
            return LOGIN
        if role not in STAFF:
            return FORBIDDEN
        return NOT_FOUND if case.state == "missing" else outcome

    return expect


def _logged_in_writes(role, case):
    return LOGIN if role == ANONYMOUS else WRITTEN


def _empty_report_request(role, case):
    # An empty request is answered with its form and errors, status 400.
    return LOGIN if role == ANONYMOUS else "400"


FUNDS_POLICIES: dict[str, Policy] = {
    # Funds: pages
    "funds:icr-comparison": public(),  # aggregate figures of past cycles
    "funds:fund-detail": Policy(_public_or_missing, "fund"),
    "funds:fund-set-icr": Policy(
        _post_only, "fund", write=_as_write(_fund_managers(ALLOW))
    ),
    "funds:fund-statement": Policy(_fund_managers(ALLOW), "fund"),
    "funds:entry-reverse": Policy(
        _fund_managers(ALLOW),
        "fund-ledger-entry",
        write=_as_write(_fund_managers(ALLOW)),
    ),
    "funds:contribution-list": logged_in(),
    "funds:contribution-create": Policy(_pledge, write=_as_write(_pledge)),
    "funds:contribution-detail": Policy(
        contributor_record(), "fund-contribution", write=_contribution_write
    ),
    "funds:contributor-statement": Policy(contributor_record(), "fund-statement"),
    "funds:cycle-list": public(),
    "funds:cycle-create": Policy(
        _fund_managers_403, write=_as_write(_fund_managers_403)
    ),
    "funds:cycle-detail": Policy(_public_or_missing, "fund-cycle"),
    "funds:proposal-create": Policy(_propose, "fund-cycle", write=_as_write(_propose)),
    "funds:proposal-list": logged_in(),
    "funds:proposal-detail": Policy(proposal_read(NOT_FOUND), "fund-proposal"),
    "funds:proposal-edit": Policy(
        _proposal_edit, "fund-proposal-sample", write=_as_write(_proposal_edit)
    ),
    "funds:proposal-amend": Policy(
        _proposal_change_form,
        "fund-proposal-sample",
        write=_as_write(_proposal_change_form),
    ),
    "funds:proposal-attach": Policy(
        _proposal_change_form,
        "fund-proposal-sample",
        write=_as_write(_proposal_change_form),
    ),
    # An empty POST would fire the transitions that need no field (submit,
    # close), changing the records under the rest of the run: GET only.
    "funds:proposal-action": Policy(_proposal_action, "fund-proposal-action"),
    "funds:attachment-download": Policy(_proposal_attachment, "fund-attachment"),
    "funds:tranche-disburse": Policy(_fund_managers(REDIRECT), "fund-tranche"),
    "funds:report-received": Policy(_fund_managers(REDIRECT), "fund-report"),
    "funds:review-list": logged_in(),
    "funds:review-detail": Policy(_review, "review-assignment"),
    # Funds: API (read-only but for a pledge and a submission)
    "fund-list": public(),
    "fund-detail": Policy(_public_or_missing, "fund"),
    "fund-balances": Policy(_public_or_missing, "fund"),
    "fund-cycle-list": public(),
    "fund-cycle-detail": Policy(_public_or_missing, "fund-cycle"),
    "fund-proposal-list": logged_in(anonymous=API_ANONYMOUS),
    "fund-proposal-detail": Policy(proposal_read(API_ANONYMOUS), "fund-proposal"),
    "fund-proposal-submit": Policy(_api_post_only, "fund-proposal-sample"),
    "fund-contribution-list": logged_in(anonymous=API_ANONYMOUS),
    "fund-contribution-detail": Policy(
        contributor_record(API_ANONYMOUS), "fund-contribution"
    ),
    "fund-ledger-entry-list": logged_in(anonymous=API_ANONYMOUS),
    "fund-ledger-entry-detail": Policy(
        contributor_record(API_ANONYMOUS), "fund-ledger-entry"
    ),
    # Notifications
    "notifications:list": logged_in(),
    "notifications:bell": public(),
    "notifications:read": Policy(
        _post_only, "notification", write=_as_write(_personal())
    ),
    "notifications:read-all": Policy(_post_only, write=_logged_in_writes),
    "notifications:preferences": Policy(logged_in().expect, write=_logged_in_writes),
    "notifications:reminder-rules": staff_only(),
    "notifications:reminder-rule": Policy(
        _staff_then_missing(ALLOW),
        "reminder-kind",
        write=_as_write(_staff_then_missing(ALLOW)),
    ),
    "notifications:operations": Policy(_administrators(ALLOW)),
    "notifications:run-reminder": Policy(_post_only, write=_administrators(WRITTEN)),
    "notifications:release": Policy(
        _post_only, "notification", write=_administrators(WRITTEN)
    ),
    # Report jobs
    "reports:list": logged_in(),
    "reports:new": Policy(_post_only, write=_empty_report_request),
    "reports:detail": Policy(_personal(STAFF), "report-job"),
    "reports:progress": Policy(_personal(STAFF), "report-job"),
    "reports:download": Policy(_personal(STAFF), "report-job"),
    # The user's own account
    "profile": Policy(logged_in().expect, write=_logged_in_writes),
}
