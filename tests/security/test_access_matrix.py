"""The access matrix: every URL of the portal, as every role, against the
records of country A and country B in each state, answers what its declared
policy says (``policies.py``). A URL without a policy fails the test.
"""

import re
import warnings

import pytest
from django.contrib.contenttypes.models import ContentType
from django.template import TemplateDoesNotExist
from django.urls import NoReverseMatch, reverse

from .cases import NO_ARGUMENTS, PROVIDERS
from .conftest import log_in_as
from .discovery import discover_endpoints
from .policies import (
    ALLOW,
    ANSWERED,
    FORBIDDEN,
    INLINE_CODE_ALLOWED,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OWN,
    REDIRECT,
    ROLES,
    TEMPLATES_PENDING,
    WRITTEN,
    policy_for,
)

pytestmark = pytest.mark.django_db

_ADMIN_MODEL = re.compile(r"^admin/(?P<app>\w+)/(?P<model>\w+)/")
_CONVERTER = re.compile(r"<(?:\w+:)?(?P<name>\w+)>")
# Paths outside i18n_patterns (no language prefix).
_UNPREFIXED = ("/api/", "/health/", "/i18n/")


def test_every_url_has_a_declared_policy():
    missing = [e.key for e in discover_endpoints() if policy_for(e) is None]

    assert not missing, (
        "No access policy declared for these URLs (add them to "
        "tests/security/policies.py, see docs/security.md): " + ", ".join(missing)
    )


def test_every_named_case_provider_exists():
    named = {policy_for(e).cases for e in discover_endpoints() if policy_for(e)}

    assert named - {None} <= set(PROVIDERS)


def _admin_url(endpoint, users):
    """A concrete URL for an admin pattern: its object is a row of its model
    when there is one."""
    from django.apps import apps

    values = {"app_label": "accounts", "url": "no-such-page/"}
    values["id"] = users["admin"].pk
    values["content_type_id"] = ContentType.objects.get_for_model(users["admin"]).pk
    values["object_id"] = users["admin"].pk
    match = _ADMIN_MODEL.match(endpoint.route)
    if match:
        try:
            model = apps.get_model(match["app"], match["model"])
            row = model._default_manager.order_by("pk").first()
            values["object_id"] = row.pk if row else 0
        except LookupError:
            pass
    if endpoint.name:
        kwargs = {name: values[name] for name in endpoint.arguments}
        return reverse(endpoint.name, kwargs=kwargs)
    path = endpoint.route.replace("(?P<url>.*)$", values["url"])
    return "/" + _CONVERTER.sub(lambda m: str(values[m["name"]]), path)


# Executable inline code, which the Content Security Policy would block (a
# <script type="application/json"> data block is not executed and passes).
_INLINE_CODE = re.compile(
    r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>"
    r"|\sstyle\s*=|\son[a-z]+\s*=\s*[\"']",
    re.IGNORECASE,
)


def _inline_code(response) -> str | None:
    """The first inline script or style of an HTML page, if any."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return None
    if getattr(response, "streaming", False):
        return None
    match = _INLINE_CODE.search(response.content.decode(errors="replace"))
    return match.group(0) if match else None


def _outcome(response) -> str:
    status = response.status_code
    if 200 <= status < 300:
        return ALLOW
    if status in (301, 302, 303, 307, 308):
        location = response.headers.get("Location", "")
        login_pages = (reverse("login"), reverse("admin:login"))
        path = location.split("?")[0]
        return LOGIN if path in login_pages else f"{REDIRECT} {path}"
    return {403: FORBIDDEN, 404: NOT_FOUND, 405: NOT_ALLOWED}.get(status, str(status))


def _requests(cells):
    """Each cell as a GET, again under a language prefix when the page has
    one (a prefix must not open another door; the admin, gated by is_staff
    whatever the language, is left out to keep the run short), and as a POST
    when its policy declares writes."""
    for endpoint, case, url in cells:
        yield endpoint, case, url, "get"
        if not url.startswith(_UNPREFIXED) and not endpoint.route.startswith("admin/"):
            yield endpoint, case, "/es" + url, "get"
        if policy_for(endpoint).write is not None:
            yield endpoint, case, url, "post"


def _matches(expected, actual) -> bool:
    if expected == WRITTEN:
        return actual == ALLOW or actual.startswith(REDIRECT)
    if expected == OWN:
        return actual.startswith(REDIRECT) or actual in (ALLOW, NOT_FOUND)
    if expected == ANSWERED:
        if actual.startswith(REDIRECT):
            return bool(re.match(rf"{REDIRECT} (/[a-z]{{2}})?/admin/", actual))
        return actual in (ALLOW, FORBIDDEN, NOT_FOUND, NOT_ALLOWED)
    if expected == REDIRECT:
        return actual.startswith(REDIRECT)
    return expected == actual


def test_access_matrix(client, world, users):
    endpoints = [e for e in discover_endpoints() if policy_for(e) is not None]
    cells = []  # (endpoint, case, url) tried for every role
    for endpoint in endpoints:
        policy = policy_for(endpoint)
        if endpoint.route.startswith("admin/"):
            cells.append((endpoint, NO_ARGUMENTS[0], _admin_url(endpoint, users)))
            continue
        cases = PROVIDERS[policy.cases](world) if policy.cases else NO_ARGUMENTS
        for case in cases:
            try:
                kwargs = {k: case.kwargs[k] for k in endpoint.arguments}
                url = reverse(endpoint.name, kwargs=kwargs)
            except (KeyError, NoReverseMatch) as error:
                pytest.fail(f"{endpoint.key}: case {case.label} does not fit: {error}")
            cells.append((endpoint, case, url))

    leaks = []
    pending = set()
    requests = 0
    for role in ROLES:
        log_in_as(client, users, role)
        for endpoint, case, url, method in _requests(cells):
            policy = policy_for(endpoint)
            expect = policy.write if method == "post" else policy.expect
            expected = expect(role, case)
            requests += 1
            try:
                response = getattr(client, method)(url)
                actual = _outcome(response)
            except TemplateDoesNotExist as error:
                if endpoint.key not in TEMPLATES_PENDING:
                    raise
                pending.add(f"{endpoint.key} ({error})")
                continue
            except Exception as error:  # a server error is a failed cell too
                actual = f"error {type(error).__name__}: {error}"
            inline = _inline_code(response) if actual == ALLOW else None
            if inline and endpoint.key not in INLINE_CODE_ALLOWED:
                leaks.append(f"{endpoint.key}: inline code {inline!r} ({url})")
            if not _matches(expected, actual):
                leaks.append(
                    f"{method.upper()} {endpoint.key} [{case.label}] as {role}: "
                    f"expected {expected}, got {actual} ({url})"
                )
    assert requests > len(cells) * len(ROLES)
    print(
        f"\naccess matrix: {len(endpoints)} URLs x {len(ROLES)} roles; "
        f"{len(cells)} URL-case cells; {requests} requests "
        f"(GET, GET under /es/, POST where writes are declared)"
    )

    if pending:
        warnings.warn(
            "Access matrix: templates still missing for " + ", ".join(sorted(pending)),
            stacklevel=1,
        )
    assert not leaks, f"{len(leaks)} cells differ:\n" + "\n".join(leaks)
