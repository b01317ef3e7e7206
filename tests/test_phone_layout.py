"""Every table of a page scrolls inside a ``.table-responsive`` box: a bare
wide table made the whole page (navbar included) wider than a phone."""

import re
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]
# Printed documents (WeasyPrint PDFs) have a page width, not a phone's.
PRINTED = ("statements", "workplan_progress.html")
TABLE = re.compile(r"<table\b")
WRAPPED = re.compile(r'<div class="table-responsive">\s*<table\b')


def test_every_page_table_is_wrapped_to_scroll():
    bare = []
    for path in BASE_DIR.glob("*/templates/**/*.html"):
        if any(part in path.parts for part in PRINTED):
            continue
        text = path.read_text()
        if len(TABLE.findall(text)) != len(WRAPPED.findall(text)):
            bare.append(str(path.relative_to(BASE_DIR)))
    assert not bare
