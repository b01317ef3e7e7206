"""Tests of cooperation.workplan_parser against the real breakout-sessions document.

Counts below were made by hand, reading data/breakout-sessions-results.txt
(with ``cat -A`` to see the tabs), before comparing them with the parser:

    area  title (short)                      steps        outcomes
    1     IACD                               6  (1.1-1.6)  6  (2 + 2 + 2)
    2     DCF/FEMCIDI                        7  (1.1-1.7)  7  (2 + 2 + 2 + 1)
    3     COOPERANET                         13 (1.1-1.13) 7  (1 + 2 + 1 + 1 + 1 + 1)
    4     CAPITAL FUND / SCHOLARSHIPS        7  (1.1-1.7)  7  (2 + 2 + 1 + 1 + 1)
    5     MINISTERIAL PROCESSES              8  (1.1-1.8)  8  (4 + 0 + 0 + 2 + 2)
    6     MULTI-STAKEHOLDER PARTNERSHIPS     10 (1.1-1.10) 3  (3, then 7 empty cells)
    total                                    51            38

An outcome is one unbulleted line of an outcome cell; bulleted lines under it
are its sub-points. In area 2 the line "Increased capacity to leverage
resources." (line 67) has lost its bullet dash and so counts as an outcome.
"""

from pathlib import Path

import pytest

from cooperation.workplan_parser import (
    ParsedArea,
    ParsedWorkplan,
    WorkplanFormatError,
    parse_workplan,
    read_workplan,
)

DOCUMENT = (
    Path(__file__).resolve().parents[2] / "data" / "breakout-sessions-results.txt"
)

HAND_COUNTED_STEPS = {1: 6, 2: 7, 3: 13, 4: 7, 5: 8, 6: 10}
HAND_COUNTED_OUTCOMES = {1: 6, 2: 7, 3: 7, 4: 7, 5: 8, 6: 3}


@pytest.fixture(scope="module")
def document_text() -> str:
    return DOCUMENT.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def workplan() -> ParsedWorkplan:
    return read_workplan(DOCUMENT)


def _area(workplan: ParsedWorkplan, number: int) -> ParsedArea:
    return next(area for area in workplan.areas if area.number == number)


def _doc(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def _mini(*table_lines: str, objective: str = "Do things.") -> str:
    """A one-area document in the layout of the real one, with a given table."""
    return _doc(
        "RESULTS OF THE BREAKOUT SESSIONS",
        "\t1  FIRST AREA",
        "",
        f"\tSPECIFIC OBJECTIVE: {objective}",
        "",
        "\tACTION STEPS",
        "\tDESIRED OUTCOME",
        "",
        *table_lines,
    )


# --- counts ------------------------------------------------------------------


def test_document_has_six_areas_numbered_in_order(workplan: ParsedWorkplan) -> None:
    assert [area.number for area in workplan.areas] == [1, 2, 3, 4, 5, 6]


def test_step_count_per_area_matches_hand_count(workplan: ParsedWorkplan) -> None:
    counts = {area.number: len(area.steps) for area in workplan.areas}
    assert counts == HAND_COUNTED_STEPS
    assert sum(counts.values()) == 51


def test_outcome_count_per_area_matches_hand_count(workplan: ParsedWorkplan) -> None:
    counts = {area.number: len(area.outcomes) for area in workplan.areas}
    assert counts == HAND_COUNTED_OUTCOMES
    assert sum(counts.values()) == 38


def test_every_line_of_the_document_is_placed(workplan: ParsedWorkplan) -> None:
    assert workplan.unplaced_lines == []


def test_step_numbers_restart_in_each_area_and_keep_their_writing(
    workplan: ParsedWorkplan,
) -> None:
    for area in workplan.areas:
        expected = [f"1.{index}" for index in range(1, len(area.steps) + 1)]
        assert [step.number for step in area.steps] == expected


# --- headings and objectives -------------------------------------------------


def test_heading_titles_drop_the_number_in_both_writings(
    workplan: ParsedWorkplan,
) -> None:
    assert _area(workplan, 1).title == (
        "INTER-AMERICAN AGENCY FOR COOPERATION AND DEVELOPMENT (IACD)"
    )
    assert _area(workplan, 2).title == "DEVELOPMENT COOPERATION FUND (DCF/FEMCIDI)"
    assert _area(workplan, 3).title == (
        "COOPERANET: THE INTER-AMERICAN COOPERATION NETWORK"
    )
    assert _area(workplan, 4).title == (
        "CAPITAL FUND FOR THE OAS SCHOLARSHIPS AND TRAINING PROGRAM"
    )


def test_two_line_heading_is_joined_without_final_full_stop(
    workplan: ParsedWorkplan,
) -> None:
    assert _area(workplan, 6).title == (
        "LEVERAGING RESOURCES AND COMPETENCES FROM OTHER ACTORS AFFECTING "
        "DEVELOPMENT THROUGH MULTI-STAKEHOLDER PARTNERSHIPS"
    )


def test_not_defined_on_its_own_line_becomes_the_objective_note(
    workplan: ParsedWorkplan,
) -> None:
    area = _area(workplan, 1)
    assert area.objective.startswith("Better define IACD value-add and niche")
    assert area.objective.endswith("the private sector, and other actors.")
    assert area.objective_note == "Not defined."


def test_not_defined_after_a_slash_is_split_from_the_objective(
    workplan: ParsedWorkplan,
) -> None:
    assert _area(workplan, 5).objective == (
        "Institutionalize cooperation as an outcome of Ministerial meetings."
    )
    assert _area(workplan, 5).objective_note == "Not defined."
    assert _area(workplan, 3).objective.endswith("foundations and the private sector.")
    assert _area(workplan, 3).objective_note == "Not defined."


def test_objective_continued_on_next_line_is_joined(workplan: ParsedWorkplan) -> None:
    area = _area(workplan, 4)
    assert area.objective == (
        "Operationalize the Capital Fund in order to supplement the OAS "
        "Scholarships and Training Program. Identify intelligent and flexible "
        "forms of investment and capitalization of the OAS Scholarship Capital Fund."
    )
    assert area.objective_note == ""


def test_objective_of_only_not_defined_is_empty_with_note() -> None:
    text = _mini("\t1.1. Step.", "\tOutcome.", objective="Not defined.")
    area = parse_workplan(text).areas[0]
    assert area.objective == ""
    assert area.objective_note == "Not defined."


def test_sentence_merely_ending_in_not_defined_stays_objective() -> None:
    text = _mini("\t1.1. Step.", objective="Clarify roles that are not defined.")
    area = parse_workplan(text).areas[0]
    assert area.objective == "Clarify roles that are not defined."
    assert area.objective_note == ""


# --- steps -------------------------------------------------------------------


def test_first_and_last_steps_of_areas(workplan: ParsedWorkplan) -> None:
    iacd, cooperanet, partnerships = (_area(workplan, n) for n in (1, 3, 6))
    assert iacd.steps[0].text == (
        "Define Work Plan based on key priorities of IACD work, in close "
        "coordination with focal points from Cooperation Agencies."
    )
    # Trailing spaces of the source line are not part of the text.
    assert iacd.steps[-1].text == (
        "Partnerships with the private sector, Banks, Financial institutions, etc."
    )
    assert cooperanet.steps[-1].number == "1.13"
    assert cooperanet.steps[-1].text == (
        "Consider the DCF as a potential funding source."
    )
    assert partnerships.steps[-1].number == "1.10"
    assert partnerships.steps[-1].text.startswith("Build internal capacity")


def test_dash_bullets_become_sub_points_of_the_step_above(
    workplan: ParsedWorkplan,
) -> None:
    step = _area(workplan, 1).steps[3]
    assert step.number == "1.4"
    assert step.text == "Systematization and analysis of information on cooperation:"
    assert step.sub_points[0] == "Generate a database of cooperation in the region."
    # The fourth bullet comes after a blank line and still belongs to 1.4.
    assert len(step.sub_points) == 4
    assert step.sub_points[3].endswith("each country’s expertise.")


def test_bullet_marker_and_extra_spaces_are_stripped(workplan: ParsedWorkplan) -> None:
    step = _area(workplan, 2).steps[3]
    assert step.number == "1.4"
    assert step.sub_points == [
        "Take into account options such as ranges of variation of the application "
        "of the ICR (accounting for the costs incurred by the States)."
    ]


def test_middle_dot_bullets_become_sub_points(workplan: ParsedWorkplan) -> None:
    area = _area(workplan, 5)
    assert area.steps[0].sub_points == [
        "Use technology, including the CooperaNet platform, to improve and advance "
        "the process of cooperation and conduct of meetings."
    ]
    assert area.steps[1].sub_points == []
    assert len(_area(workplan, 6).steps[1].sub_points) == 4


# --- outcomes ----------------------------------------------------------------


def test_outcome_links_to_every_step_of_its_row(workplan: ParsedWorkplan) -> None:
    outcome = _area(workplan, 3).outcomes[0]
    assert outcome.text == (
        "Increased buy-in from and participation by Member States focal points "
        "and other stakeholders."
    )
    assert outcome.step_numbers == ["1.1", "1.2", "1.3", "1.4", "1.5"]


def test_each_line_of_an_outcome_cell_is_a_separate_outcome(
    workplan: ParsedWorkplan,
) -> None:
    outcomes = _area(workplan, 1).outcomes
    assert outcomes[0].text.startswith("A Work plan that is responsive")
    assert outcomes[1].text.startswith("The role of the IACD/MB is strengthened")
    assert outcomes[0].step_numbers == outcomes[1].step_numbers == ["1.1", "1.2"]
    assert outcomes[-1].text == "Access to funding sources."
    assert outcomes[-1].step_numbers == ["1.5", "1.6"]


def test_outcome_keeps_its_own_bullets(workplan: ParsedWorkplan) -> None:
    outcome = _area(workplan, 2).outcomes[1]
    assert outcome.text == "Greater oversight capacity by Member States:"
    assert outcome.sub_points == [
        "Increased capacity to leverage resources.",
        "Better investment options for resources available in the Funds.",
        "Facilitate resuming the oversight role of the MB/IACD of all funds "
        "under SEDI.",
    ]
    studies = _area(workplan, 4).outcomes[3]
    assert studies.text.startswith("The following studies are presented by SEDI")
    assert len(studies.sub_points) == 4
    assert studies.step_numbers == ["1.3", "1.4"]


def test_outcome_line_that_lost_its_dash_is_an_outcome_with_sub_point(
    workplan: ParsedWorkplan,
) -> None:
    outcome = _area(workplan, 2).outcomes[5]
    assert outcome.text == "Increased capacity to leverage resources."
    assert outcome.sub_points == [
        "Better investment options for resources available in the Funds."
    ]
    assert outcome.step_numbers == ["1.5", "1.6"]


def test_outcome_cell_opened_by_tab_and_space_is_read(
    workplan: ParsedWorkplan,
) -> None:
    outcome = _area(workplan, 4).outcomes[4]
    assert outcome.text == "Centralize the use of the Capital Fund."
    assert outcome.step_numbers == ["1.5"]


def test_steps_with_empty_outcome_cell_answer_no_outcome(
    workplan: ParsedWorkplan,
) -> None:
    def answered(area: ParsedArea) -> set[str]:
        return {number for o in area.outcomes for number in o.step_numbers}

    ministerials = _area(workplan, 5)
    assert answered(ministerials) == {"1.1", "1.2", "1.7", "1.8"}
    partnerships = _area(workplan, 6)
    assert answered(partnerships) == {"1.1", "1.2"}


def test_no_break_spaces_are_not_kept_in_outcome_text(
    workplan: ParsedWorkplan,
) -> None:
    outcomes = _area(workplan, 6).outcomes
    assert (
        outcomes[1].text
        == "Conflict of interest avoided between Member States and partners."
    )
    assert outcomes[2].text.startswith("Inclusion of the private sector")


def test_repeated_outcome_text_in_two_rows_is_kept_twice(
    workplan: ParsedWorkplan,
) -> None:
    attendance = "Improved Ministers and High-Level attendance at the meetings."
    rows = [o.step_numbers for o in _area(workplan, 5).outcomes if o.text == attendance]
    assert rows == [["1.1", "1.2"], ["1.8"]]


# --- variants of the layout --------------------------------------------------


def test_bom_and_crlf_line_endings_give_the_same_result(document_text: str) -> None:
    variant = "\ufeff" + document_text.replace("\n", "\r\n")
    assert parse_workplan(variant) == parse_workplan(document_text)


def test_read_workplan_tolerates_a_bom(tmp_path: Path, document_text: str) -> None:
    path = tmp_path / "with-bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + document_text.encode("utf-8"))
    assert read_workplan(path) == parse_workplan(document_text)


def test_numbered_line_in_lower_case_is_not_an_area_heading() -> None:
    text = _mini("\t1.1. Step.", "\tOpen offices.", "2 new offices opened.")
    workplan = parse_workplan(text)
    assert len(workplan.areas) == 1
    assert [o.text for o in workplan.areas[0].outcomes] == [
        "Open offices.",
        "2 new offices opened.",
    ]


def test_decimal_figure_in_an_outcome_is_not_a_step() -> None:
    text = _mini("\t1.1. Raise funds.", "\t2.5 million dollars raised.")
    area = parse_workplan(text).areas[0]
    assert [step.number for step in area.steps] == ["1.1"]
    assert area.outcomes[0].text == "2.5 million dollars raised."


def test_step_after_outcomes_without_tab_opens_a_new_row() -> None:
    text = _mini("\t1.1. One.", "\tFirst outcome.", "1.2. Two.", "\tSecond outcome.")
    area = parse_workplan(text).areas[0]
    assert [o.step_numbers for o in area.outcomes] == [["1.1"], ["1.2"]]


# --- bad input and unplaced lines -------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n  \n", "\ufeff"])
def test_empty_or_blank_text_is_rejected(text: str) -> None:
    with pytest.raises(WorkplanFormatError, match="empty"):
        parse_workplan(text)


def test_text_without_area_heading_is_rejected() -> None:
    text = _doc("RESULTS OF THE BREAKOUT SESSIONS", "\t1.1. A step.", "\tAn outcome.")
    with pytest.raises(WorkplanFormatError, match="no area heading") as caught:
        parse_workplan(text)
    assert "\n" not in str(caught.value)


def test_text_with_nul_characters_is_rejected() -> None:
    with pytest.raises(WorkplanFormatError, match="NUL"):
        parse_workplan("1  AREA\x00\x00")


def test_non_utf8_file_is_rejected_with_one_line_message(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("1  ÁREA\n\t1.1. Acción.\n".encode("latin-1"))
    with pytest.raises(WorkplanFormatError, match="not valid UTF-8") as caught:
        read_workplan(path)
    message = str(caught.value)
    assert "latin1.txt" in message
    assert "\n" not in message


def test_missing_file_is_rejected_with_its_path(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.txt"
    with pytest.raises(WorkplanFormatError, match="not found") as caught:
        read_workplan(path)
    assert str(path) in str(caught.value)


def test_directory_instead_of_file_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(WorkplanFormatError, match="cannot read"):
        read_workplan(tmp_path)


def test_empty_file_is_rejected_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(WorkplanFormatError, match="empty") as caught:
        read_workplan(path)
    assert "empty.txt" in str(caught.value)


def test_stray_line_inside_an_area_is_reported_with_its_line_number(
    document_text: str,
) -> None:
    lines = document_text.split("\n")
    assert lines[10].startswith("1.2. More effective participation")  # line 11
    lines.insert(11, "A remark that is neither a step nor a bullet.")
    workplan = parse_workplan("\n".join(lines))
    assert workplan.unplaced_lines == [
        (12, "A remark that is neither a step nor a bullet.")
    ]
    # The stray line takes nothing away from the area.
    assert len(_area(workplan, 1).steps) == 6
    assert len(_area(workplan, 1).outcomes) == 6


def test_text_before_first_heading_is_unplaced_except_the_title() -> None:
    text = "Draft for discussion\n" + _mini("\t1.1. Step.", "\tOutcome.")
    assert parse_workplan(text).unplaced_lines == [(1, "Draft for discussion")]


def test_bullet_or_outcome_without_a_step_is_unplaced() -> None:
    text = _mini("\t- Orphan bullet.", "\tOrphan outcome.", "\t1.1. Step.")
    workplan = parse_workplan(text)
    assert workplan.unplaced_lines == [(9, "- Orphan bullet."), (10, "Orphan outcome.")]
    assert [step.number for step in workplan.areas[0].steps] == ["1.1"]
