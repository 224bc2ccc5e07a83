"""The evaluation set loader: valid sets load, every malformed line names file, line and field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.dataset import QUESTION_TYPES, DatasetError, EvalQuestion, UnknownSplit, load_questions, select_split

VALID = {
    "id": "harrow-001",
    "doc": "000_8cdff03623db9449.txt",
    "question": "what is the PET fly-tip FPN baseline?",
    "answer": "21 FPNs per month",
    "answer_keys": [["21"]],
    "evidence": "Baseline is 21 per month.",
    "type": "acronym",
    "history": [],
    "split": "dev",
}
UNANSWERABLE = {
    "id": "harrow-002",
    "doc": "000_8cdff03623db9449.txt",
    "question": "how many parking tickets did Harrow issue in 2021?",
    "answer": "",
    "answer_keys": [],
    "evidence": "",
    "type": "unanswerable",
    "history": [],
    "split": "test",
}
CROSS_DOC = {
    "id": "cross-001",
    "doc": "001_696832ccf6528cdd.txt",
    "question": "which plans mention fly-tipping?",
    "answer": "the Police and Crime Plan and the Harrow minutes",
    "answer_keys": [["police and crime plan"], ["harrow"]],
    "evidence": "graffiti or fly-tipping can have a huge impact",
    "type": "cross_doc",
    "history": ["what is the PET?"],
    "split": "dev",
    "doc2": "000_8cdff03623db9449.txt",
    "evidence2": "The issue of fly tipping was raised by a Member",
}


def write_set(path: Path, lines: list[object]) -> Path:
    """Write JSON lines; strings are written verbatim (for broken lines)."""
    text = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def with_(base: dict, **changes: object) -> dict:
    """A copy of a record with some fields changed."""
    return {**base, **changes}


def test_valid_set_loads_with_blank_lines_and_optional_second_document(tmp_path: Path) -> None:
    path = write_set(tmp_path / "set.jsonl", [VALID, "", "   ", UNANSWERABLE, CROSS_DOC])
    questions = load_questions([path])
    assert [q.id for q in questions] == ["harrow-001", "harrow-002", "cross-001"]
    first = questions[0]
    assert isinstance(first, EvalQuestion)
    assert first.answer_keys == (("21",),)
    assert first.history == ()
    assert first.answerable and first.evidences == ("Baseline is 21 per month.",)
    assert not questions[1].answerable and questions[1].evidences == ()
    assert questions[2].evidences == (CROSS_DOC["evidence"], CROSS_DOC["evidence2"])
    assert questions[2].history == ("what is the PET?",)


def test_sets_from_several_files_are_concatenated_in_order(tmp_path: Path) -> None:
    a = write_set(tmp_path / "a.jsonl", [VALID])
    b = write_set(tmp_path / "b.jsonl", [UNANSWERABLE])
    assert [q.id for q in load_questions([a, b])] == ["harrow-001", "harrow-002"]


def test_select_split_keeps_dev_test_or_all(tmp_path: Path) -> None:
    questions = load_questions([write_set(tmp_path / "s.jsonl", [VALID, UNANSWERABLE, CROSS_DOC])])
    assert [q.id for q in select_split(questions, "dev")] == ["harrow-001", "cross-001"]
    assert [q.id for q in select_split(questions, "test")] == ["harrow-002"]
    assert len(select_split(questions, "all")) == 3
    with pytest.raises(UnknownSplit, match="'train'"):
        select_split(questions, "train")


def test_every_question_type_is_accepted() -> None:
    assert len(QUESTION_TYPES) == 10 and "unanswerable" in QUESTION_TYPES


@pytest.mark.parametrize(
    ("bad_line", "field", "fragment"),
    [
        ('{"id": "harrow-009", "doc": ', None, "not valid JSON"),
        ('["not", "an", "object"]', None, "expected a JSON object"),
        ({k: v for k, v in VALID.items() if k != "evidence"}, "evidence", "missing"),
        (with_(VALID, answer_keys=["21"]), "answer_keys", "expected a list of lists of strings"),
        (with_(VALID, answer_keys=[[21]]), "answer_keys", "expected a list of lists of strings"),
        (with_(VALID, answer_keys=[[]]), "answer_keys", "empty"),
        (with_(VALID, answer_keys=[["--"]]), "answer_keys", "no letters or digits"),
        (with_(VALID, history="what is PET?"), "history", "expected a list of strings"),
        (with_(VALID, question=42), "question", "expected a string, got int 42"),
        (with_(VALID, type="opinion"), "type", "unknown type 'opinion'"),
        (with_(VALID, split="train"), "split", "'train'"),
        (with_(VALID, answer_keys=[]), "answer_keys", "at least one key group"),
        (with_(VALID, evidence=""), "evidence", "expected 15-200 characters, got 0"),
        (with_(VALID, evidence="x" * 201), "evidence", "got 201"),
        (with_(VALID, notes="typo"), "notes", "unknown field"),
        (with_(VALID, doc2="001_696832ccf6528cdd.txt"), "evidence2", "give both or neither"),
        (with_(UNANSWERABLE, answer_keys=[["21"]]), "answer_keys", "must be empty for an unanswerable"),
        (with_(UNANSWERABLE, answer="21 per month"), "answer", "must be empty for an unanswerable"),
        (with_(UNANSWERABLE, evidence="Baseline is 21 per month."), "evidence", "must be empty"),
    ],
)
def test_malformed_line_raises_dataset_error_naming_file_line_and_field(
    tmp_path: Path, bad_line: object, field: str | None, fragment: str
) -> None:
    path = write_set(tmp_path / "questions.jsonl", [VALID, "", bad_line])
    with pytest.raises(DatasetError) as caught:
        load_questions([path])
    error = caught.value
    message = str(error)
    assert message.startswith(f"{path} line 3")
    assert error.path == path and error.line == 3 and error.field == field
    if field is not None:
        assert f"field '{field}'" in message
    assert fragment in message


def test_duplicate_id_across_files_names_both_places(tmp_path: Path) -> None:
    first = write_set(tmp_path / "a.jsonl", [VALID])
    second = write_set(tmp_path / "b.jsonl", [UNANSWERABLE, with_(CROSS_DOC, id="harrow-001")])
    with pytest.raises(DatasetError) as caught:
        load_questions([first, second])
    message = str(caught.value)
    assert message.startswith(f"{second} line 2: field 'id'")
    assert "duplicate id 'harrow-001'" in message and f"{first} line 1" in message


def test_message_matches_the_documented_form(tmp_path: Path) -> None:
    path = write_set(tmp_path / "questions.jsonl", [with_(VALID, answer_keys="21")])
    with pytest.raises(DatasetError, match=r"questions\.jsonl line 1: field 'answer_keys': expected a list of lists"):
        load_questions([path])


def test_missing_file_is_a_dataset_error(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="nope.jsonl: cannot read"):
        load_questions([tmp_path / "nope.jsonl"])


def test_dataset_error_is_a_value_error() -> None:
    assert issubclass(DatasetError, ValueError)
