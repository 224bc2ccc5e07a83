"""The evaluation set retyped as people type, and the eval command that asks it."""

from __future__ import annotations

import json
import re

from eval.dataset import load_questions, select_split
from eval.retyping import RETYPINGS, retyped
from scrutiny.cli import main
from scrutiny.evaluate import DEFAULT_SET


def _dev():
    return select_split(load_questions([DEFAULT_SET]), "dev")


def test_each_retyping_changes_what_it_says_and_keeps_ids_and_keys():
    questions = _dev()
    by_id = {q.id: q for q in questions}
    for how in RETYPINGS:
        for q in retyped(questions, how):
            assert q.answer_keys == by_id[q.id].answer_keys and q.type == by_id[q.id].type
    polite = retyped(questions, "polite")
    assert all(q.question.startswith("can you tell me ") for q in polite)
    assert all(q.history == by_id[q.id].history for q in polite)  # the conversation as it was
    assert not any(re.search(r"\w['’]s\b", q.question) for q in retyped(questions, "no-apostrophes"))
    assert not any(q.question.endswith("?") for q in retyped(questions, "no-mark"))
    assert not any("'" in q.question for q in retyped(questions, "curly"))


def test_slips_are_one_letter_in_one_long_word_and_the_same_every_run():
    questions = _dev()
    first, again = retyped(questions, "slips"), retyped(questions, "slips")
    assert [q.question for q in first] == [q.question for q in again]
    changed = [(a, b) for a, b in zip(questions, first) if a.question != b.question]
    assert len(changed) > len(questions) // 2
    for before, after in changed:
        assert len(before.question) - len(after.question) in (0, 1)
        differing = [(x, y) for x, y in zip(before.question.split(), after.question.split()) if x != y]
        assert len(differing) == 1


def test_eval_asks_the_retyped_questions_and_says_so(bundled_index, tmp_path, capsys):
    code = main(["eval", "--split", "test", "--retype", "polite", "--index-dir", str(bundled_index),
                 "--out", str(tmp_path / "polite")])
    out = capsys.readouterr().out
    assert code == 0 and "retyped polite" in out
    report = json.loads((tmp_path / "polite" / "report.json").read_text())
    assert report["meta"]["retype"] == "polite"
    assert all(q["question"].startswith("can you tell me") for q in report["questions"])
    # the request is not what is asked: the searched query has none of it
    assert not any(q["query"].startswith("can you tell me") for q in report["questions"])


def test_a_retyped_run_cannot_become_the_baseline(bundled_index, tmp_path, capsys):
    code = main(["eval", "--split", "test", "--retype", "slips", "--update-baseline",
                 "--baseline", str(tmp_path / "baseline.json"), "--index-dir", str(bundled_index)])
    assert code != 0 and "without --retype" in capsys.readouterr().err
    assert not (tmp_path / "baseline.json").exists()
