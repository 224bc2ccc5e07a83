"""The evaluation set: JSON-lines questions, validated line by line."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indexer.errors import ScrutinyError

logger = logging.getLogger(__name__)

QUESTION_TYPES = (
    "number",
    "who",
    "when",
    "commitment",
    "definition",
    "list",
    "paraphrase",
    "acronym",
    "cross_doc",
    "unanswerable",
)
SPLITS = ("dev", "test")
EVIDENCE_MIN_CHARS = 15
EVIDENCE_MAX_CHARS = 200

_REQUIRED = ("id", "doc", "question", "answer", "answer_keys", "evidence", "type", "history", "split")
_OPTIONAL = ("doc2", "evidence2")


class DatasetError(ScrutinyError, ValueError):
    """A malformed line in an evaluation set; the message names file, line and field."""

    def __init__(self, path: Path, line: int | None, field: str | None, detail: str) -> None:
        self.path = path
        self.line = line
        self.field = field
        self.detail = detail
        where = str(path) if line is None else f"{path} line {line}"
        if field is not None:
            where += f": field '{field}'"
        super().__init__(f"{where}: {detail}")


_Fail = Callable[[str, str], DatasetError]


class UnknownSplit(ScrutinyError, ValueError):
    """A split name other than dev, test or all."""

    def __init__(self, split: str) -> None:
        self.split = split
        super().__init__(f"unknown split {split!r}; expected one of: dev, test, all")


@dataclass(frozen=True)
class EvalQuestion:
    """One question of the set with its expected answer keys and evidence span."""

    id: str
    doc: str
    question: str
    answer: str
    answer_keys: tuple[tuple[str, ...], ...]
    evidence: str
    type: str
    history: tuple[str, ...]
    split: str
    doc2: str | None = None
    evidence2: str | None = None

    @property
    def answerable(self) -> bool:
        """True unless the question is of type unanswerable."""
        return self.type != "unanswerable"

    @property
    def evidences(self) -> tuple[str, ...]:
        """The evidence spans a passage may contain to count as a hit (one or two)."""
        return tuple(e for e in (self.evidence, self.evidence2) if e)


def load_questions(paths: Sequence[Path]) -> list[EvalQuestion]:
    """Read and validate JSON-lines sets; ids must be unique across all files."""
    questions: list[EvalQuestion] = []
    seen: dict[str, tuple[Path, int]] = {}
    for path in paths:
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DatasetError(path, None, None, f"cannot read the file ({exc})") from exc
        for number, raw in enumerate(text.splitlines(), start=1):
            if not raw.strip():
                continue
            question = _parse_line(path, number, raw)
            if question.id in seen:
                first_path, first_line = seen[question.id]
                raise DatasetError(
                    path, number, "id",
                    f"duplicate id {question.id!r} (first seen in {first_path} line {first_line})",
                )
            seen[question.id] = (path, number)
            questions.append(question)
    logger.info("loaded %d questions from %d file(s)", len(questions), len(paths))
    return questions


def select_split(questions: Sequence[EvalQuestion], split: str) -> list[EvalQuestion]:
    """Keep the questions of one split (dev or test), or all of them."""
    if split == "all":
        return list(questions)
    if split not in SPLITS:
        raise UnknownSplit(split)
    return [q for q in questions if q.split == split]


def _parse_line(path: Path, number: int, raw: str) -> EvalQuestion:
    """Turn one JSON line into a validated EvalQuestion."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        detail = f"not valid JSON ({exc.msg} at column {exc.colno})"
        raise DatasetError(path, number, None, detail) from exc
    if not isinstance(data, dict):
        raise DatasetError(path, number, None, f"expected a JSON object, got {type(data).__name__}")

    def fail(field: str, detail: str) -> DatasetError:
        return DatasetError(path, number, field, detail)

    for name in _REQUIRED:
        if name not in data:
            raise fail(name, "missing")
    unknown = sorted(set(data) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        raise fail(unknown[0], f"unknown field; allowed: {', '.join(_REQUIRED + _OPTIONAL)}")

    for name in ("id", "doc", "question", "answer", "evidence", "type", "split"):
        if not isinstance(data[name], str):
            raise fail(name, f"expected a string, got {_show(data[name])}")
    for name in ("id", "question"):
        if not data[name].strip():
            raise fail(name, "must not be blank")
    if data["type"] not in QUESTION_TYPES:
        expected = ", ".join(QUESTION_TYPES)
        raise fail("type", f"unknown type {data['type']!r}; expected one of: {expected}")
    if data["split"] not in SPLITS:
        raise fail("split", f"expected 'dev' or 'test', got {data['split']!r}")
    history = data["history"]
    if not isinstance(history, list) or not all(isinstance(h, str) for h in history):
        raise fail("history", f"expected a list of strings, got {_show(history)}")
    keys = _parse_keys(data["answer_keys"], fail)

    doc2 = data.get("doc2")
    evidence2 = data.get("evidence2")
    for name, value in (("doc2", doc2), ("evidence2", evidence2)):
        if value is not None and not isinstance(value, str):
            raise fail(name, f"expected a string, got {_show(value)}")
    if (doc2 is None) != (evidence2 is None):
        missing = "doc2" if doc2 is None else "evidence2"
        raise fail(missing, "doc2 and evidence2 go together; give both or neither")

    if data["type"] == "unanswerable":
        for name in ("answer", "answer_keys", "evidence"):
            if data[name]:
                raise fail(name, f"must be empty for an unanswerable question, got {_show(data[name])}")
        if doc2 is not None:
            raise fail("evidence2", "an unanswerable question has no evidence")
    else:
        if not keys:
            raise fail("answer_keys", "an answerable question needs at least one key group")
        for name in ("doc", "answer"):
            if not data[name].strip():
                raise fail(name, "must not be blank for an answerable question")
        _check_evidence(data["evidence"], "evidence", fail)
        if evidence2 is not None:
            if not doc2.strip():
                raise fail("doc2", "must not be blank")
            _check_evidence(evidence2, "evidence2", fail)

    return EvalQuestion(
        id=data["id"],
        doc=data["doc"],
        question=data["question"],
        answer=data["answer"],
        answer_keys=keys,
        evidence=data["evidence"],
        type=data["type"],
        history=tuple(history),
        split=data["split"],
        doc2=doc2,
        evidence2=evidence2,
    )


def _parse_keys(value: Any, fail: _Fail) -> tuple[tuple[str, ...], ...]:
    """Validate answer_keys: a list of non-empty lists of strings with letters or digits."""
    expected = "expected a list of lists of strings"
    if not isinstance(value, list):
        raise fail("answer_keys", f"{expected}, got {_show(value)}")
    groups: list[tuple[str, ...]] = []
    for group in value:
        if not isinstance(group, list) or not all(isinstance(k, str) for k in group):
            raise fail("answer_keys", f"{expected}, got {_show(value)}")
        if not group:
            raise fail("answer_keys", "a key group is empty; it could never be satisfied")
        for key in group:
            # A key with no letters or digits normalises to "" and would match any answer.
            if not any(ch.isalnum() for ch in key):
                raise fail("answer_keys", f"key {key!r} has no letters or digits")
        groups.append(tuple(group))
    return tuple(groups)


def _check_evidence(text: str, field: str, fail: _Fail) -> None:
    """An evidence span must be a short copied span of 15-200 characters."""
    size = len(text.strip())
    if not EVIDENCE_MIN_CHARS <= size <= EVIDENCE_MAX_CHARS:
        raise fail(
            field,
            f"expected {EVIDENCE_MIN_CHARS}-{EVIDENCE_MAX_CHARS} characters, got {size}: {text[:60]!r}",
        )


def _show(value: Any) -> str:
    """A short description of a bad value for an error message."""
    text = json.dumps(value, ensure_ascii=False)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"
