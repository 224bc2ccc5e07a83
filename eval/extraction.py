"""Extraction quality of the commitments register, measured against hand-checked gold lists.

Each eval/gold/*.jsonl file is one list; every line is one row a reader found in a document:

    {"doc": "000_8cdff03623db9449.txt", "kind": "action", "text": "We will complete the delivery of",
     "owner": "Commander Public Protection", "deadline": "Q3 2021/22"}
    {"doc": "004_b239aaae5a7539da.txt", "kind": "recommendation", "numbers": ["14"],
     "text": "MOPAC should publish accessible data", "response": "I group these two", "grouped_with": ["16"]}

A gold row matches an extracted record of the same kind and document whose text starts with the
gold text (both normalised: lowercase, punctuation runs as one space). Precision is over the
records of that kind in the gold list's documents; owner and deadline accuracy over matched rows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from indexer.errors import ScrutinyError
from indexer.schema import COMMITMENT_KINDS, Commitment

GOLD_DIR = Path(__file__).resolve().parent / "gold"


class GoldFileError(ScrutinyError):
    """A gold list line that cannot be used; the message names the file, line and field."""


@dataclass(frozen=True)
class GoldRow:
    """One row a reader found by hand."""

    doc: str  # corpus file name (or doc_id)
    kind: str
    text: str  # the first words of the commitment, verbatim
    owner: str | None = None
    deadline: str | None = None
    numbers: tuple[str, ...] = ()
    response: str | None = None  # the first words of the response, for recommendations
    grouped_with: tuple[str, ...] = ()  # numbers answered by the same response


@dataclass(frozen=True)
class ExtractionScores:
    """How well the extractor found one gold list."""

    gold: int
    predicted: int
    matched: int
    precision: float
    recall: float
    owner_accuracy: float | None  # over matched rows with a gold owner
    deadline_accuracy: float | None
    response_accuracy: float | None  # recommendations: the linked response and its grouping
    missed: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()
    wrong_fields: tuple[str, ...] = ()

    def headline(self) -> dict[str, Any]:
        """The numbers without the lists of rows."""
        return {k: v for k, v in asdict(self).items() if k not in ("missed", "extra", "wrong_fields")}


def normalise(text: str) -> str:
    """Lowercase, every run of non-alphanumerics one space (curly quotes included)."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def load_gold(path: Path) -> list[GoldRow]:
    """A gold list; GoldFileError names the file, line and field of a malformed row."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            raise GoldFileError(f"{path.name} line {number}: not JSON ({error.msg})") from error
        for name in ("doc", "kind", "text"):
            if not isinstance(data.get(name), str) or not data[name].strip():
                raise GoldFileError(f"{path.name} line {number}: field {name!r} must be a non-empty string")
        if data["kind"] not in COMMITMENT_KINDS:
            raise GoldFileError(f"{path.name} line {number}: field 'kind' is {data['kind']!r}, "
                                f"expected one of {', '.join(COMMITMENT_KINDS)}")
        rows.append(GoldRow(doc=data["doc"], kind=data["kind"], text=data["text"],
                            owner=data.get("owner"), deadline=data.get("deadline"),
                            numbers=tuple(str(n) for n in data.get("numbers", ())),
                            response=data.get("response"),
                            grouped_with=tuple(str(n) for n in data.get("grouped_with", ()))))
    return rows


def score_extraction(commitments: Sequence[Commitment], gold: Sequence[GoldRow],
                     doc_ids: Mapping[str, str] | None = None) -> ExtractionScores:
    """Precision, recall and field accuracy of the records against one gold list."""
    def doc_of(row: GoldRow) -> str:
        return (doc_ids or {}).get(row.doc, row.doc)

    scope = {(doc_of(row), row.kind) for row in gold}
    predicted = [c for c in commitments if (c.doc_id, c.kind) in scope]
    by_id = {c.id: c for c in commitments}
    used: set[str] = set()
    owners, deadlines, responses = _Tally(), _Tally(), _Tally()
    missed, wrong = [], []
    for row in gold:
        key = normalise(row.text)
        match = next((c for c in predicted if c.id not in used and c.doc_id == doc_of(row)
                      and c.kind == row.kind and normalise(c.text).startswith(key)), None)
        if match is None:
            missed.append(row.text)
            continue
        used.add(match.id)
        if row.owner is not None and not owners.add(normalise(row.owner) == normalise(match.owner or "")):
            wrong.append(f"owner {match.owner!r} for {row.text!r}, expected {row.owner!r}")
        if row.deadline is not None and not deadlines.add(
                normalise(row.deadline) == normalise(match.deadline or "")):
            wrong.append(f"deadline {match.deadline!r} for {row.text!r}, expected {row.deadline!r}")
        if row.kind == "recommendation" and not responses.add(_response_ok(row, match, by_id)):
            wrong.append(f"response of recommendation {'+'.join(row.numbers)}")
    matched = len(used)
    return ExtractionScores(
        gold=len(gold), predicted=len(predicted), matched=matched,
        precision=round(matched / len(predicted), 4) if predicted else 0.0,
        recall=round(matched / len(gold), 4) if gold else 0.0,
        owner_accuracy=owners.share(), deadline_accuracy=deadlines.share(),
        response_accuracy=responses.share(), missed=tuple(missed),
        extra=tuple(c.text[:80] for c in predicted if c.id not in used), wrong_fields=tuple(wrong))


def extraction_report(index_data) -> dict[str, dict[str, Any]]:
    """Scores of the index's commitments against every gold list in eval/gold, by list name."""
    doc_ids = {d.meta.file: d.doc_id for d in index_data.documents}
    report = {}
    for path in sorted(GOLD_DIR.glob("*.jsonl")):
        scores = score_extraction(index_data.commitments, load_gold(path), doc_ids)
        report[path.stem] = scores.headline()
    return report


def format_extraction(report: Mapping[str, Mapping[str, Any]]) -> str:
    """One line per gold list, for the `scrutiny eval` output."""
    def cell(value: Any) -> str:
        return "-" if value is None else f"{value:.3f}"
    lines = []
    for name, s in report.items():
        fields = [f"precision {cell(s['precision'])}", f"recall {cell(s['recall'])}"]
        for label, key in (("owner", "owner_accuracy"), ("deadline", "deadline_accuracy"),
                           ("response", "response_accuracy")):
            if s.get(key) is not None:
                fields.append(f"{label} {cell(s[key])}")
        lines.append(f"extraction {name}: {' · '.join(fields)} "
                     f"({s['matched']} of {s['gold']} gold rows found, {s['predicted']} extracted)")
    return "\n".join(lines)


def _response_ok(row: GoldRow, rec: Commitment, by_id: Mapping[str, Commitment]) -> bool:
    response = by_id.get(rec.answered_by or "")
    if row.response is None:
        return response is None
    if response is None or not normalise(response.text).startswith(normalise(row.response)):
        return False
    return set(response.numbers) == set(row.numbers) | set(row.grouped_with)


class _Tally:
    """Right answers out of those checked."""

    def __init__(self) -> None:
        self.right = self.total = 0

    def add(self, correct: bool) -> bool:
        self.total += 1
        self.right += correct
        return correct

    def share(self) -> float | None:
        return round(self.right / self.total, 4) if self.total else None
