"""The declared access policy of every URL of the portal.

``POLICIES`` maps a URL name (``namespace:name``) to a ``Policy``: what each
role gets for each case (record) the URL is tried against. The access
matrix (``test_access_matrix.py``) fails for any URL that has no entry here,
naming it. How to add a page: docs/security.md.
"""

from collections.abc import Callable
from dataclasses import dataclass

# What a request may get.
ALLOW = "allowed"  # 2xx
LOGIN = "login"  # a redirect to a login page
FORBIDDEN = "403"
NOT_FOUND = "404"
REDIRECT = "redirect"  # a redirect elsewhere (e.g. "you are already logged in")
NOT_ALLOWED = "405"  # the method (GET) is not accepted
ANSWERED = "answered"  # below 500, redirects staying in the admin (admin pages)
OWN = "own"  # anything below 500 but a login redirect (own-account flows)
WRITTEN = "written"  # a POST accepted: the form again (200) or a redirect

ANONYMOUS = "anonymous"
ROLES = (
    ANONYMOUS,
    "focal_a",  # national focal point of country A (Jamaica)
    "focal_b",  # national focal point of country B (Mexico)
    "mission_a",  # mission focal point of country A
    "partner",  # representative of a verified foundation
    "reviewer",
    "staff",  # IACD staff
    "fund_manager",
    "admin",  # administrator (superuser)
)
STAFF = frozenset({"staff", "admin"})


@dataclass(frozen=True)
class Policy:
    """``expect(role, case)`` gives the outcome of a GET; ``cases`` names the
    case provider (``cases.py``) of a URL that takes arguments; ``write``,
    when given, gives the outcome of a POST (sent with an empty form, so an
    allowed writer gets the form back with errors, or a redirect)."""

    expect: Callable
    cases: str | None = None
    write: Callable | None = None


def same_for_all(outcome, cases=None) -> Policy:
    return Policy(lambda role, case: outcome, cases)


def public(cases=None) -> Policy:
    """Anyone, logged in or not."""
    return same_for_all(ALLOW, cases)


def logged_in(cases=None, anonymous=LOGIN) -> Policy:
    """Any logged-in user; anonymous visitors are sent to log in."""
    return Policy(lambda role, case: anonymous if role == ANONYMOUS else ALLOW, cases)


def anonymous_only(
    logged_in_outcome=REDIRECT, cases=None, anonymous_outcome=ALLOW
) -> Policy:
    """Pages for visitors (sign-up, login); logged-in users are sent on."""
    return Policy(
        lambda role, case: (
            anonymous_outcome if role == ANONYMOUS else logged_in_outcome
        ),
        cases,
    )


def staff_only(cases=None) -> Policy:
    """IACD staff and administrators; others 403, anonymous to login."""

    def expect(role, case):
        if role == ANONYMOUS:
            return LOGIN
        return ALLOW if role in STAFF else FORBIDDEN

    return Policy(expect, cases)


def own_account(cases=None) -> Policy:
    """Pages about the user's own account (second factor, e-mail addresses,
    re-authentication) that take no id and so can show no one else's data:
    anonymous visitors are sent to log in; a logged-in user gets whatever
    step of the flow applies (a page, a redirect, 404 for a factor they do
    not have), never a server error and never the login page."""

    def expect(role, case):
        return LOGIN if role == ANONYMOUS else OWN

    return Policy(expect, cases)


def by_case(cases: str, write=None, **per_case: Policy) -> Policy:
    """A different policy for each case label of provider ``cases``."""
    return Policy(
        lambda role, case: per_case[case.label].expect(role, case), cases, write
    )


# Who acts for which country in the matrix's world.
COUNTRY_READERS = {"A": {"focal_a", "mission_a"}, "B": {"focal_b"}}


def country_record(
    cases: str,
    public_states=frozenset(),
    readers=STAFF,
    anonymous_hidden=NOT_FOUND,
    write=None,
) -> Policy:
    """A record owned by country A or B (``case.country``): anyone reads it
    in a public state; its own country's focal points and ``readers`` (staff
    by default; add "fund_manager" for fund records) read it in any state;
    everyone else gets 404, as if it did not exist. A case whose state is
    "missing" is 404 for all."""

    def expect(role, case):
        if case.state == "missing":
            return NOT_FOUND
        if case.state in public_states or role in readers:
            return ALLOW
        if role in COUNTRY_READERS.get(case.country, ()):
            return ALLOW
        return anonymous_hidden if role == ANONYMOUS else NOT_FOUND

    return Policy(expect, cases, write)


def staff_writes(role, case):
    """POST allowed to staff only; others 403 (the page stays readable)."""
    if case.state == "missing":
        return NOT_FOUND
    return WRITTEN if role in STAFF else FORBIDDEN


def _record_history(role, case):
    """Staff read every history; a focal point reads the history of records
    they may change; everyone else gets 404 (existence is not revealed)."""
    if role == ANONYMOUS:
        return LOGIN
    if case.state == "missing":
        return NOT_FOUND
    return ALLOW if role in STAFF else NOT_FOUND


# The Django admin (every URL under admin/, named or not): only users with
# is_staff (the administrator persona) get in; everyone else is sent to the
# admin's login page. What the admin answers its own users is Django's
# business (a changelist, a "not found" redirect...), so only "no server
# error" is asserted for the administrator.
def _admin_site(role, case):
    return ANSWERED if role == "admin" else LOGIN


ADMIN_SITE = Policy(_admin_site)
# Its login page shows its form to anyone (with "you are not authorised" to
# a logged-in user without is_staff), and its logout takes only POST.
ADMIN_LOGIN = Policy(lambda role, case: ANSWERED if role == "admin" else ALLOW)
ADMIN_LOGOUT = Policy(lambda role, case: NOT_ALLOWED if role == "admin" else REDIRECT)

POLICIES: dict[str, Policy] = {
    # Portal pages
    "home": public(),
    "health": public(),
    "set_language": same_for_all(REDIRECT),
    "api-schema": public(),
    "api-docs": public(),
    "cooperation:workplan": public(),
    "cooperation:workplan-area": by_case(
        "workplan-area",
        existing=public(),
        missing=same_for_all(NOT_FOUND),
    ),
    "cooperation:workplan-step": by_case(
        "workplan-step",
        write=staff_writes,
        existing=public(),
        missing=same_for_all(NOT_FOUND),
    ),
    "cooperation:overview": public(),
    "funds:overview": public(),
    "scholarships:overview": public(),
    "ministerials:overview": public(),
    "partnerships:overview": public(),
    # Audit history
    "security:audit": staff_only(),
    "security:record-history": Policy(_record_history, "audit-record"),
    "audit-changes": Policy(
        lambda role, case: FORBIDDEN if role not in STAFF else ALLOW
    ),
    # Log in and out, passwords (Django's views)
    "login": anonymous_only(),
    "logout": same_for_all(NOT_ALLOWED),  # POST only
    "password_reset": public(),
    "password_reset_done": public(),
    "password_reset_confirm": public("password-reset-link"),
    "password_reset_complete": public(),
    "password_change": logged_in(),
    "password_change_done": logged_in(),
    # django-allauth: e-mail, sign-up, two-factor, sessions
    "account_login": anonymous_only(),
    "account_logout": same_for_all(NOT_ALLOWED),  # Django's logout answers
    "account_signup": anonymous_only(),
    "account_inactive": public(),
    "account_email": own_account(),
    "account_email_verification_sent": public(),
    "account_confirm_email": public("allauth-keys"),
    "account_change_password": own_account(),
    "account_set_password": own_account(),
    "account_reset_password": public(),
    "account_reset_password_done": public(),
    "account_reset_password_from_key": public("allauth-keys"),
    "account_reset_password_from_key_done": public(),
    "account_reauthenticate": own_account(),
    "account_confirm_login_code": Policy(
        lambda role, case: LOGIN if role == ANONYMOUS else REDIRECT
    ),
    "account_request_reauthentication_code": own_account(),
    "account_confirm_reauthentication_code": own_account(),
    "mfa_index": own_account(),
    "mfa_activate_totp": own_account(),
    "mfa_deactivate_totp": own_account(),
    "mfa_authenticate": anonymous_only(anonymous_outcome=LOGIN),
    "mfa_reauthenticate": own_account(),
    "mfa_generate_recovery_codes": own_account(),
    "mfa_view_recovery_codes": own_account(),
    "mfa_download_recovery_codes": own_account(),
    "usersessions_list": logged_in(),
}
# Each app's policies, from its own module (which imports the builders above).
from .policies_cooperation import POLICIES as cooperation_policies  # noqa: E402

POLICIES |= cooperation_policies


# Pages whose templates are being written in main while this branch was cut:
# their cells are skipped (with a warning) only while the template is missing.
# Empty this set once main's templates have been merged.
TEMPLATES_PENDING: frozenset[str] = frozenset()


# Pages allowed to carry inline code, which the CSP blocks in the browser.
# django-celery-beat's periodic-task form adds a script that only shows the
# crontab in words; without it the form works the same.
INLINE_CODE_ALLOWED = frozenset(
    {
        "admin:django_celery_beat_periodictask_add",
        "admin:django_celery_beat_periodictask_change",
    }
)


def policy_for(endpoint) -> Policy | None:
    """The declared policy of ``endpoint``, or None."""
    if endpoint.key == "admin:login":
        return ADMIN_LOGIN
    if endpoint.key == "admin:logout":
        return ADMIN_LOGOUT
    if endpoint.route.startswith("admin/"):
        return ADMIN_SITE
    return POLICIES.get(endpoint.key)


# The funds, notifications, reports and profile URLs (imported last: they
# build on the helpers above).
from .policies_funds import FUNDS_POLICIES  # noqa: E402

POLICIES.update(FUNDS_POLICIES)
