"""Parse the "Results of the breakout sessions" document into a work plan.

The source document is a word-processor table flattened into plain text. Its
layout, as found in ``breakout-sessions-results.txt``:

* an optional title line ``RESULTS OF THE BREAKOUT SESSIONS``;
* one heading per area, ``1  TITLE`` or ``3. TITLE`` in capitals; a heading may
  run over a second capitalised line;
* ``SPECIFIC OBJECTIVE: text``, possibly continued on following lines and
  possibly carrying the remark ``Not defined.`` (after a ``/`` or on a line of
  its own);
* the column headers ``ACTION STEPS`` and ``DESIRED OUTCOME``;
* table rows ("blocks"). A tab opens a cell: a row starts with a tab followed by
  a numbered step (``1.1.``); further steps of the row follow without a tab.
  The next tab opens the outcome cell of the row, which holds one outcome per
  line. Lines starting with ``-`` or ``·`` are sub-points of the step or
  outcome above them. An outcome cell may be empty (a line holding only a tab).

Every outcome answers all the steps of the row it stands in. Any non-blank line
that fits none of these roles is reported in ``ParsedWorkplan.unplaced_lines``
rather than dropped. The module is pure Python so that it can be used without
Django settings (management commands, tests, one-off scripts).
"""

import re
from dataclasses import dataclass, field
from enum import Enum, auto
from os import PathLike
from pathlib import Path
from typing import NamedTuple

__all__ = [
    "ParsedArea",
    "ParsedOutcome",
    "ParsedStep",
    "ParsedWorkplan",
    "WorkplanFormatError",
    "parse_workplan",
    "read_workplan",
]

_DOCUMENT_TITLE = "RESULTS OF THE BREAKOUT SESSIONS"
_COLUMN_HEADERS = frozenset({"ACTION STEPS", "DESIRED OUTCOME", "DESIRED OUTCOMES"})
# The title must start with a non-digit so that a step such as "1.1. Define"
# is never mistaken for the heading of area 1.
_HEADING_RE = re.compile(r"^(\d{1,2})(?:\.\s*|\s+)([^\d\s].*)$")
# The trailing dot is required: the document always writes "1.1." and an
# outcome starting with a decimal figure ("2.5 million ...") must stay text.
_STEP_RE = re.compile(r"^(\d+(?:\.\d+)+)\.\s*(\S.*)$")
# "-" needs a following space so that "-5%" is not read as a bullet.
_BULLET_RE = re.compile(r"^(?:[-–]\s+|[·•]\s*)(\S.*)$")
_OBJECTIVE_RE = re.compile(r"^SPECIFIC OBJECTIVES?\s*:\s*(.*)$", re.IGNORECASE)
_NOTE_ONLY_RE = re.compile(r"^not defined\.?$", re.IGNORECASE)
# Only a "/"-separated remark counts: a sentence that merely ends in
# "... is not defined." is objective text.
_NOTE_SUFFIX_RE = re.compile(r"^(.*?)\s*/\s*(not defined\.?)$", re.IGNORECASE)


class WorkplanFormatError(ValueError):
    """The work plan document is empty, unreadable or has no areas."""


@dataclass
class ParsedStep:
    """A numbered action step; ``number`` is as written, without trailing dot."""

    number: str
    text: str
    sub_points: list[str] = field(default_factory=list)


@dataclass
class ParsedOutcome:
    """A desired outcome and the numbers of the steps of its table row."""

    text: str
    sub_points: list[str] = field(default_factory=list)
    step_numbers: list[str] = field(default_factory=list)


@dataclass
class ParsedArea:
    """One thematic area: heading, specific objective, steps and outcomes."""

    number: int
    title: str
    objective: str = ""
    objective_note: str = ""
    steps: list[ParsedStep] = field(default_factory=list)
    outcomes: list[ParsedOutcome] = field(default_factory=list)


@dataclass
class ParsedWorkplan:
    """All areas, plus the (line number, text) of lines that fit nowhere."""

    areas: list[ParsedArea]
    unplaced_lines: list[tuple[int, str]] = field(default_factory=list)


class _Line(NamedTuple):
    number: int  # 1-based
    raw: str  # stripped, as written; reported for unplaced lines
    text: str  # whitespace collapsed, for matching and storing
    tabbed: bool  # a tab in the indentation opens a new table cell


class _State(Enum):
    PREAMBLE = auto()  # before the first area heading
    HEADING = auto()  # after a heading: a second heading line may follow
    OBJECTIVE = auto()  # objective lines may continue
    COLUMNS = auto()  # after the column headers, before the first row
    STEPS = auto()  # inside the steps cell of a row
    OUTCOMES = auto()  # inside the outcomes cell of a row


def _normalise(text: str) -> str:
    """Collapse every whitespace run (tabs, no-break spaces) into one space."""
    return " ".join(text.split())


def _is_capitalised(text: str) -> bool:
    """Whether ``text`` has letters and none of them is lower case."""
    return any(char.isalpha() for char in text) and text == text.upper()


def _match_heading(text: str) -> tuple[int, str] | None:
    """Return (number, title) when ``text`` is an area heading."""
    match = _HEADING_RE.match(text)
    if match is None or not _is_capitalised(match[2]):
        return None
    return int(match[1]), match[2]


def _split_note(text: str) -> tuple[str, str]:
    """Split an objective line into (objective text, "Not defined." remark)."""
    if _NOTE_ONLY_RE.match(text):
        return "", text
    match = _NOTE_SUFFIX_RE.match(text)
    if match:
        return match[1], match[2]
    return text, ""


def _join_title(parts: list[str]) -> str:
    """Join heading lines; drop a final full stop, which only one heading has."""
    return " ".join(parts).removesuffix(".").rstrip()


def _split_lines(text: str) -> list[_Line]:
    """Split into numbered lines, tolerating a BOM and any newline style."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = []
    for number, raw in enumerate(text.split("\n"), start=1):
        indent = raw[: len(raw) - len(raw.lstrip())]
        lines.append(_Line(number, raw.strip(), _normalise(raw), "\t" in indent))
    return lines


class _Parser:
    """Line-by-line state machine; feed every line, then call ``finish``."""

    def __init__(self) -> None:
        self.areas: list[ParsedArea] = []
        self.unplaced: list[tuple[int, str]] = []
        self._state = _State.PREAMBLE
        self._area: ParsedArea | None = None
        self._title_parts: list[str] = []
        self._objective_parts: list[str] = []
        self._has_objective = False
        self._row_steps: list[str] = []  # numbers of the steps of the current row
        self._last: ParsedStep | ParsedOutcome | None = None  # bullets attach here

    def feed(self, line: _Line) -> None:
        """Place one line."""
        if not line.text:
            self._blank(line)
            return
        heading = _match_heading(line.text)
        if heading is not None:
            self._open_area(*heading)
        elif self._area is None:
            self._preamble(line)
        elif not self._keyword(line):
            self._content(line)

    def finish(self) -> None:
        """Complete the last area."""
        self._close_area()

    @property
    def _current(self) -> ParsedArea:
        # Content handlers run only once a heading has opened an area.
        if self._area is None:
            raise RuntimeError("no area is open")
        return self._area

    def _unplace(self, line: _Line) -> None:
        self.unplaced.append((line.number, line.raw))

    def _blank(self, line: _Line) -> None:
        # A line holding only a tab is an empty outcome cell: what follows
        # without a tab belongs to the outcome column, not to the steps.
        if line.tabbed and self._state is _State.STEPS:
            self._state = _State.OUTCOMES
            self._last = None

    def _preamble(self, line: _Line) -> None:
        if line.text.upper() != _DOCUMENT_TITLE:
            self._unplace(line)

    def _open_area(self, number: int, title: str) -> None:
        self._close_area()
        self._area = ParsedArea(number=number, title="")
        self.areas.append(self._area)
        self._title_parts = [title]
        self._objective_parts = []
        self._has_objective = False
        self._row_steps = []
        self._last = None
        self._state = _State.HEADING

    def _close_area(self) -> None:
        if self._area is not None:
            self._area.title = _join_title(self._title_parts)
            self._area.objective = " ".join(self._objective_parts)

    def _keyword(self, line: _Line) -> bool:
        """Handle column headers and the objective line; False for other lines."""
        if line.text.upper() in _COLUMN_HEADERS:
            # Headers repeated inside the table (a page break) change nothing.
            if self._state in (_State.HEADING, _State.OBJECTIVE):
                self._state = _State.COLUMNS
            return True
        match = _OBJECTIVE_RE.match(line.text)
        if match is None:
            return False
        if self._has_objective or self._state in (_State.STEPS, _State.OUTCOMES):
            self._unplace(line)  # a second or late objective: nowhere to put it
        else:
            self._has_objective = True
            self._state = _State.OBJECTIVE
            self._add_objective_text(match[1])
        return True

    def _content(self, line: _Line) -> None:
        if self._state is _State.HEADING and self._is_heading_continuation(line):
            self._title_parts.append(line.text)
        elif self._state is _State.OBJECTIVE and self._is_objective_text(line):
            self._add_objective_text(line.text)
        else:
            self._table(line)

    @staticmethod
    def _is_heading_continuation(line: _Line) -> bool:
        return not line.tabbed and _is_capitalised(line.text)

    @staticmethod
    def _is_objective_text(line: _Line) -> bool:
        # A tab would open a table cell and a step number starts the table.
        return not line.tabbed and _STEP_RE.match(line.text) is None

    def _add_objective_text(self, text: str) -> None:
        objective, note = _split_note(text)
        if objective:
            self._objective_parts.append(objective)
        if note:
            notes = [self._current.objective_note, note]
            self._current.objective_note = " ".join(part for part in notes if part)

    def _table(self, line: _Line) -> None:
        step = _STEP_RE.match(line.text)
        if step is not None:
            self._add_step(line, step[1], step[2])
        elif line.tabbed:
            self._open_outcome_cell(line)
        else:
            self._add_to_column(line)

    def _add_step(self, line: _Line, number: str, text: str) -> None:
        # A tab, or a step after outcomes, starts a new row; otherwise the step
        # shares the row (and therefore the outcomes) of the steps above it.
        if line.tabbed or self._state is not _State.STEPS:
            self._row_steps = []
        step = ParsedStep(number=number, text=text)
        self._current.steps.append(step)
        self._row_steps.append(number)
        self._last = step
        self._state = _State.STEPS

    def _open_outcome_cell(self, line: _Line) -> None:
        if not self._row_steps:
            self._unplace(line)  # an outcome with no step to answer
            return
        self._state = _State.OUTCOMES
        self._last = None
        self._add_to_column(line)

    def _add_to_column(self, line: _Line) -> None:
        bullet = _BULLET_RE.match(line.text)
        if bullet is not None and self._last is not None:
            self._last.sub_points.append(bullet[1])
        elif bullet is None and self._state is _State.OUTCOMES:
            self._add_outcome(line.text)
        else:
            # Unnumbered text in the steps cell, or a bullet with no parent.
            self._unplace(line)

    def _add_outcome(self, text: str) -> None:
        outcome = ParsedOutcome(text=text, step_numbers=list(self._row_steps))
        self._current.outcomes.append(outcome)
        self._last = outcome


def parse_workplan(text: str) -> ParsedWorkplan:
    """Parse the text of the breakout-sessions document into a work plan.

    Raises ``WorkplanFormatError`` when the text is empty, is not plain text or
    holds no area heading. Lines that cannot be placed are returned in
    ``unplaced_lines`` with their 1-based line numbers.
    """
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    if "\x00" in text:
        raise WorkplanFormatError("workplan document contains NUL characters")
    lines = _split_lines(text)
    if not any(line.text for line in lines):
        raise WorkplanFormatError("workplan document is empty")
    parser = _Parser()
    for line in lines:
        parser.feed(line)
    parser.finish()
    if not parser.areas:
        raise WorkplanFormatError(
            "workplan document has no area heading (expected a line such as "
            "'1  AREA TITLE' or '3. AREA TITLE')"
        )
    return ParsedWorkplan(areas=parser.areas, unplaced_lines=parser.unplaced)


def read_workplan(path: str | PathLike[str]) -> ParsedWorkplan:
    """Read a UTF-8 work plan file (a BOM is allowed) and parse it.

    Every failure, from a missing file to a document without areas, raises
    ``WorkplanFormatError`` with a one-line message naming the file.
    """
    file_path = Path(path)
    try:
        data = file_path.read_bytes()
    except FileNotFoundError as exc:
        raise WorkplanFormatError(f"workplan file not found: {file_path}") from exc
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise WorkplanFormatError(
            f"cannot read workplan file {file_path}: {reason}"
        ) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise WorkplanFormatError(
            f"workplan file {file_path} is not valid UTF-8 "
            f"(byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from exc
    try:
        return parse_workplan(text)
    except WorkplanFormatError as exc:
        raise WorkplanFormatError(f"{file_path}: {exc}") from exc
