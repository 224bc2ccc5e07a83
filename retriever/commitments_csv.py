"""The commitments register as CSV: every field, one row per record, for the CLI and the web."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from indexer.schema import Commitment

CSV_FIELDS = ("id", "kind", "doc_id", "document_date", "section", "owner", "body", "deadline", "due",
              "due_label", "numbers", "answers", "answered_by", "text", "quote", "start", "end")


def write_csv(commitments: Iterable[Commitment], stream: TextIO) -> None:
    """Every field of every commitment, one row each, with a header (lists joined with ;)."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for c in commitments:
        row = {**c.__dict__, "numbers": ";".join(c.numbers), "answers": ";".join(c.answers)}
        writer.writerow(["" if row[f] is None else row[f] for f in CSV_FIELDS])
