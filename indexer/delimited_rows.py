"""Action rows of tables that kept their cell boundaries: Markdown pipes or tabs on one line.

"| We will train 2,000 officers | Commander Public Protection | Q4 2021/22 |": the cell that is
only a deadline is the deadline, a short Title Case cell is the owner, the longest other cell
is the action. Header and separator rows have no deadline cell and are skipped.
"""

from __future__ import annotations

import re

from indexer.deadlines import parse_deadline
from indexer.schema import Commitment
from indexer.table_lines import is_owner_fragment, lines_of

_CELL_RE = re.compile(r"[^|\t]+")


def extract_delimited_rows(text: str) -> list[Commitment]:
    """Every one-line table row with an action, an owner and a deadline cell."""
    records = []
    for line in lines_of(text):
        if line.text.count("|") < 2 and "\t" not in line.text.strip():
            continue
        cells = [(m.start(), m.end()) for m in _CELL_RE.finditer(line.text) if m.group().strip()]
        values = [line.text[a:b].strip() for a, b in cells]
        dues = [i for i, v in enumerate(values) if parse_deadline(v) is not None]
        owners = [i for i, v in enumerate(values) if i not in dues and is_owner_fragment(v)]
        rest = [i for i in range(len(values)) if i not in dues and i not in owners]
        if len(dues) != 1 or not owners or not rest:
            continue
        action = max(rest, key=lambda i: len(values[i]))
        if len(values[action].split()) < 3:
            continue
        a, b = cells[action]
        start = line.start + a + len(line.text[a:b]) - len(line.text[a:b].lstrip())
        due = parse_deadline(values[dues[0]])
        records.append(Commitment(
            id="", kind="action", doc_id="", text=values[action], quote="", start=start,
            end=start + len(values[action]), owner=values[owners[0]], deadline=due.text,
            due=due.due, due_label=due.label))
    return records
