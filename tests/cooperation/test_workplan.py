"""The work plan: import from the source document, pages, API and history."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from cooperation.models import (
    ActionStep,
    ActionStepChange,
    DesiredOutcome,
    StepStatus,
    WorkplanArea,
)

DOCUMENT = Path(__file__).resolve().parents[2] / "data/breakout-sessions-results.txt"

pytestmark = pytest.mark.django_db


@pytest.fixture
def workplan(db):
    call_command("import_workplan", str(DOCUMENT))
    return WorkplanArea.objects.all()


def step(area_number: int, number: str) -> ActionStep:
    return ActionStep.objects.get(area__number=area_number, number=number)


# Import ---------------------------------------------------------------------


def test_import_creates_every_area_step_and_outcome_of_the_document(workplan):
    assert WorkplanArea.objects.count() == 6
    assert ActionStep.objects.count() == 51
    assert DesiredOutcome.objects.count() == 38


def test_import_links_each_outcome_to_the_steps_of_its_row(workplan):
    outcome = DesiredOutcome.objects.get(
        area__number=2, text__startswith="Greater reach and impact of DCF projects"
    )
    assert [s.number for s in outcome.steps.all()] == ["1.7"]


def test_reimport_changes_nothing_and_keeps_staff_follow_up(workplan, staff):
    from cooperation.services.workplan import update_action_step

    update_action_step(actor=staff, step=step(3, "1.3"), status=StepStatus.DONE)
    ids_before = set(ActionStep.objects.values_list("pk", flat=True))

    call_command("import_workplan", str(DOCUMENT))

    assert set(ActionStep.objects.values_list("pk", flat=True)) == ids_before
    assert DesiredOutcome.objects.count() == 38
    assert step(3, "1.3").status == StepStatus.DONE


def test_import_of_an_empty_document_fails_and_changes_nothing(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")

    with pytest.raises(CommandError, match="empty"):
        call_command("import_workplan", str(empty))
    assert not WorkplanArea.objects.exists()


def test_import_of_a_missing_file_names_it(tmp_path):
    with pytest.raises(CommandError, match="not found"):
        call_command("import_workplan", str(tmp_path / "missing.txt"))


def test_import_refuses_a_document_with_unplaced_lines(tmp_path):
    step_line = "1.2. More effective participation in the IACD"
    text = DOCUMENT.read_text(encoding="utf-8").replace(
        step_line, "A stray remark nobody can place.\n" + step_line, 1
    )
    document = tmp_path / "stray.txt"
    document.write_text(text, encoding="utf-8")

    with pytest.raises(CommandError, match="could not be placed"):
        call_command("import_workplan", str(document))
    assert not WorkplanArea.objects.exists()


# Pages ----------------------------------------------------------------------


def test_overview_lists_six_areas_for_the_public(client, workplan):
    response = client.get(reverse("cooperation:workplan"))

    assert response.status_code == 200
    assert len(response.context["areas"]) == 6
    assert "COOPERANET" in response.content.decode()


def test_area_page_shows_objective_steps_and_outcomes(client, workplan):
    response = client.get(reverse("cooperation:workplan-area", args=[1]))

    body = response.content.decode()
    assert "Better define IACD value-add" in body
    assert "Generate a database of cooperation in the region." in body
    assert "A comparative analysis of the hemispheric cooperation landscape." in body


def test_area_page_query_count_does_not_grow_with_steps(
    client, workplan, django_assert_max_num_queries
):
    # Area 3 has 13 steps, area 1 has 6: both pages take the same queries.
    with django_assert_max_num_queries(4):
        client.get(reverse("cooperation:workplan-area", args=[3]))
    with django_assert_max_num_queries(4):
        client.get(reverse("cooperation:workplan-area", args=[1]))


def test_work_plan_reads_in_spanish(client, workplan):
    response = client.get("/es/workplan/")

    assert response.status_code == 200
    assert '<html lang="es">' in response.content.decode()
    assert "Plan de trabajo" in response.content.decode()


def test_staff_changes_a_step_and_sees_it_in_the_history(client, workplan, staff):
    client.force_login(staff)
    target = step(1, "1.4")

    response = client.post(
        target.get_absolute_url(),
        {
            "status": "in_progress",
            "responsible_unit": "MB/IACD",
            "due_date": "2027-03-31",
        },
        follow=True,
    )

    target.refresh_from_db()
    assert target.status == StepStatus.IN_PROGRESS
    assert str(target.due_date) == "2027-03-31"
    change = ActionStepChange.objects.get(step=target)
    assert change.changed_by == staff
    assert change.changes["status"] == ["not_started", "in_progress"]
    assert "MB/IACD" in response.content.decode()


def test_focal_point_cannot_change_a_step(client, workplan, alice):
    client.force_login(alice)
    target = step(1, "1.4")

    response = client.post(target.get_absolute_url(), {"status": "done"})

    assert response.status_code == 403
    target.refresh_from_db()
    assert target.status == StepStatus.NOT_STARTED
    assert not ActionStepChange.objects.exists()


def test_focal_point_sees_no_form_on_the_step_page(client, workplan, alice):
    client.force_login(alice)

    response = client.get(step(1, "1.4").get_absolute_url())

    assert response.status_code == 200
    assert response.context["form"] is None


def test_bad_date_is_shown_again_with_the_error_in_spanish(client, workplan, staff):
    client.force_login(staff)
    with translation.override("es"):
        url = step(1, "1.4").get_absolute_url()

    response = client.post(
        url,
        {"status": "done", "responsible_unit": "Unidad X", "due_date": "31/31/2027"},
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "Introduzca una fecha válida." in body
    assert 'value="Unidad X"' in body
    assert step(1, "1.4").status == StepStatus.NOT_STARTED


def test_refused_change_leaves_the_summary_showing_the_saved_status(
    client, workplan, staff
):
    # Validation wrote "done" onto the page's step: the summary said Done.
    client.force_login(staff)

    response = client.post(
        step(1, "1.4").get_absolute_url(),
        {"status": "done", "due_date": "2027-02-30"},
    )

    body = response.content.decode()
    assert '<dd class="col-sm-8" data-field="status">Not started</dd>' in body


def test_unknown_step_is_404(client, workplan):
    response = client.get(reverse("cooperation:workplan-step", args=[1, "9.9"]))

    assert response.status_code == 404


# API ------------------------------------------------------------------------


def test_api_returns_the_work_plan_with_steps_and_outcomes(client, workplan):
    response = client.get("/api/v1/workplan/")

    areas = response.json()
    assert [area["number"] for area in areas] == [1, 2, 3, 4, 5, 6]
    assert sum(len(area["steps"]) for area in areas) == 51
    assert sum(len(area["outcomes"]) for area in areas) == 38


def test_api_work_plan_takes_a_fixed_number_of_queries(
    client, workplan, django_assert_num_queries
):
    with django_assert_num_queries(4):
        client.get("/api/v1/workplan/")


def test_staff_updates_a_step_through_the_api(client, workplan, staff):
    client.force_login(staff)
    target = step(2, "1.3")

    response = client.patch(
        f"/api/v1/workplan-steps/{target.pk}/",
        {"status": "blocked"},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["status"] == "blocked"
    assert ActionStepChange.objects.get(step=target).changed_by == staff


@pytest.mark.parametrize("persona", ["alice", None])
def test_others_cannot_update_a_step_through_the_api(
    client, workplan, persona, request
):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    target = step(2, "1.3")

    response = client.patch(
        f"/api/v1/workplan-steps/{target.pk}/",
        {"status": "blocked"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert step(2, "1.3").status == StepStatus.NOT_STARTED


def test_import_reads_the_spanish_texts_from_the_translations_file(workplan):
    area = WorkplanArea.objects.get(number=3)

    with translation.override("es"):
        assert area.display_title.startswith("COOPERANET")
        assert step(3, "1.3").display_text.startswith("Recordar a los Estados Miembros")
    with translation.override("en"):
        assert step(3, "1.3").display_text.startswith("Remind Member States")


def test_every_step_and_outcome_has_portuguese_and_french_texts(workplan):
    for row in [*ActionStep.objects.all(), *DesiredOutcome.objects.all()]:
        assert row.translations["pt"]["text"], row
        assert row.translations["fr"]["text"], row
