"""A staff member opens the work plan in Spanish and changes a step's status,
in a real headless Chromium."""

from pathlib import Path

import pytest
from django.core.management import call_command

from accounts.models import Role
from cooperation.models import ActionStep, StepStatus
from security.services.accounts import mark_email_verified
from tests.conftest import PASSWORD
from tests.factories import user_with_role

DOCUMENT = Path(__file__).resolve().parents[2] / "data/breakout-sessions-results.txt"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url, email):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_staff_changes_a_step_status_in_spanish(page, live_server):
    call_command("import_workplan", str(DOCUMENT))
    sam = user_with_role(
        Role.IACD_STAFF, email="sam@iacd.example", preferred_language="es"
    )
    mark_email_verified(actor=None, user=sam)

    log_in(page, live_server.url, "sam@iacd.example")
    page.goto(f"{live_server.url}/es/workplan/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Plan de trabajo de la AICD"
    )

    page.get_by_role("link", name="3. COOPERANET", exact=False).click()
    page.get_by_role(
        "link", name="Recordar a los Estados Miembros", exact=False
    ).click()
    page.get_by_label("Estado").select_option("in_progress")
    page.get_by_label("Unidad responsable").fill("MB/IACD")
    page.get_by_role("button", name="Guardar").click()

    assert page.locator(".alert-success").inner_text() == "La acción se actualizó."
    history = page.locator("#step-history").inner_text()
    assert "No iniciada → En curso" in history
    step = ActionStep.objects.get(area__number=3, number="1.3")
    assert step.status == StepStatus.IN_PROGRESS
    assert step.responsible_unit == "MB/IACD"


def test_focal_point_sees_no_form_in_the_browser(page, live_server, jamaica):
    call_command("import_workplan", str(DOCUMENT))
    user_with_role(
        Role.NATIONAL_FOCAL_POINT, email="fp@jamaica.example", country=jamaica
    )

    log_in(page, live_server.url, "fp@jamaica.example")
    page.goto(f"{live_server.url}/workplan/3/steps/1.3/")

    assert page.get_by_role("heading", name="Follow-up").is_visible()
    assert page.get_by_role("button", name="Save").count() == 0
