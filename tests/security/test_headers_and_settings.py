"""Production settings pass Django's deployment checks; every answer carries
the security headers; no template carries inline script or style."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


def _production_environment() -> dict:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") or key == "DJANGO_CACHE_PREFIX"
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="iacd_portal.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="portal.example.org",
    )
    return environment


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=_production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_secure_cookies_and_transport():
    code = (
        "import json, django; django.setup(); from django.conf import settings as s;"
        "print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS,"
        " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.X_FRAME_OPTIONS, s.MFA_ENFORCED,"
        " s.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=_production_environment(),
        capture_output=True,
        text=True,
        timeout=60,
    )

    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values[:3] == [True, True, True]
    assert values[3] >= 31536000
    assert values[4] is True
    assert values[5] == "DENY"
    assert values[6] is True  # a second factor for staff roles
    assert values[7] == {"anon": "300/minute", "user": "1200/minute"}


@pytest.mark.django_db
def test_answers_carry_the_security_headers(client):
    response = client.get("/accounts/login/")

    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response.headers["Permissions-Policy"]


@pytest.mark.django_db
def test_pages_name_a_favicon_that_static_serves(client):
    # Without it the browser asks for /favicon.ico: a 404 in every console.
    from django.contrib.staticfiles import finders

    body = client.get("/accounts/login/").content.decode()

    icon = re.search(r'<link rel="icon" href="/static/([^"]+)"', body)
    assert icon and finders.find(icon.group(1))


@pytest.mark.django_db
def test_api_docs_page_has_no_inline_script(client):
    body = client.get("/api/docs/").content.decode()

    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body)


_INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>"), "inline <script>"),
    (re.compile(r"\sstyle\s*=", re.IGNORECASE), "style= attribute"),
    (re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE), "event handler"),
    (re.compile(r"<style", re.IGNORECASE), "<style> element"),
]


def _project_templates():
    for path in BASE_DIR.rglob("*.html"):
        parts = set(path.relative_to(BASE_DIR).parts)
        if parts & {".venv", "node_modules", "staticfiles", "var"}:
            continue
        if "templates" in parts:
            yield path


def test_no_template_carries_inline_script_or_style():
    found = [
        f"{path.relative_to(BASE_DIR)}: {label}"
        for path in _project_templates()
        for pattern, label in _INLINE
        if pattern.search(path.read_text())
    ]

    assert not found, "The CSP forbids these: " + "; ".join(found)
