"""Metric math: normalisation, evidence matching, hit@k/MRR, answers, citations, abstention."""

from __future__ import annotations

import pytest

from eval.dataset import EvalQuestion
from eval.metrics import (
    QuestionVerdict,
    answer_matches,
    contains_evidence,
    evidence_halves,
    normalize,
    score_question,
    summarize,
)

EVIDENCE = "Officers were exploring the use of FPNs (fixed penalty notices) for this purpose."
FILLER = "The Committee received a report of the Corporate Director of Community."


def question(
    qid: str = "q1",
    qtype: str = "number",
    keys: tuple[tuple[str, ...], ...] = (("21",),),
    evidence: str = EVIDENCE,
    evidence2: str | None = None,
) -> EvalQuestion:
    """A question; type unanswerable gets empty answer, keys and evidence."""
    if qtype == "unanswerable":
        return EvalQuestion(qid, "", "how many parking tickets?", "", (), "", qtype, (), "dev")
    return EvalQuestion(
        qid, "000.txt", "what is it?", "an answer", keys, evidence, qtype, (), "dev",
        doc2="001.txt" if evidence2 else None, evidence2=evidence2,
    )


def test_normalize_lowercases_and_collapses_non_alphanumeric_runs() -> None:
    assert normalize("  Baseline is 21 per\nmonth. ") == "baseline is 21 per month"
    assert normalize("PET – SOFT LAUNCH (first three weeks)") == "pet soft launch first three weeks"
    assert normalize("fly-tip__FPN's") == "fly tip fpn s"
    assert normalize("Council’s café") == "council s café"
    assert normalize("!!!") == ""


def test_evidence_splits_at_the_word_boundary_nearest_the_middle() -> None:
    assert evidence_halves(EVIDENCE) == (
        "officers were exploring the use of fpns fixed penalty notices for this purpose",
        "officers were exploring the use of fpns",
        "fixed penalty notices for this purpose",
    )
    # 9 characters, middle 4.5; boundaries at 3 and 6 are equally near: the earlier one wins.
    assert evidence_halves("abc de fg") == ("abc de fg", "abc", "de fg")
    assert evidence_halves("Baseline.") == ("baseline",)
    assert evidence_halves("--") == ()


def test_passage_with_whole_evidence_contains_it() -> None:
    passage = f"{FILLER} Officers were exploring the use of\nFPNs (fixed penalty notices) for this\npurpose. Members"
    assert contains_evidence(passage, EVIDENCE)


def test_passage_cut_after_the_first_half_still_contains_it() -> None:
    passage = f"{FILLER} There was concern. Officers were exploring the use of FPNs"
    assert contains_evidence(passage, EVIDENCE)


def test_passage_starting_at_the_second_half_still_contains_it() -> None:
    passage = "(fixed penalty notices) for this purpose. Members were informed that, in relation to fly tipping"
    assert contains_evidence(passage, EVIDENCE)


def test_passage_with_neither_half_does_not_contain_it() -> None:
    passage = f"{FILLER} Officers were exploring the use of heat maps; fixed penalty notices were not discussed."
    assert not contains_evidence(passage, EVIDENCE)
    assert not contains_evidence(FILLER, "")


def test_hit_at_k_and_mrr_on_a_hand_built_ranking() -> None:
    hit = f"... {EVIDENCE} ..."

    def ranking(rank: int | None, size: int = 12) -> list[str]:
        return [hit if i == rank else f"{FILLER} ({i})" for i in range(1, size + 1)]

    verdicts = [
        score_question(question("a"), ranking(1), "21", False, []),
        score_question(question("b"), ranking(3), "21", False, []),
        score_question(question("c"), ranking(7), "21", False, []),
        score_question(question("d"), ranking(None), "21", False, []),
        score_question(question("e"), ranking(12), "21", False, []),
    ]
    assert [v.hit_rank for v in verdicts] == [1, 3, 7, None, 12]
    assert verdicts[1].hit_at_1 is False and verdicts[1].hit_at_3 is True
    assert verdicts[4].hit_at_10 is False and verdicts[4].rr == 0.0  # rank 12 is beyond MRR@10
    summary = summarize(verdicts, [1.0] * 5)
    # hit@1 = 1/5, hit@3 = 2/5, hit@5 = 2/5, hit@10 = 3/5 (ranks 1, 3, 7)
    assert (summary["hit@1"], summary["hit@3"], summary["hit@5"], summary["hit@10"]) == (0.2, 0.4, 0.4, 0.6)
    # MRR@10 = (1 + 1/3 + 1/7 + 0 + 0) / 5 = (31/21) / 5 = 31/105 = 0.29524
    assert summary["mrr@10"] == pytest.approx(31 / 105, abs=1e-4)


def test_second_evidence_span_counts_as_a_hit() -> None:
    other = "The potential downsides of numerical targets in policing are well understood"
    q = question(evidence2=other)
    verdict = score_question(q, [FILLER, f"We note: {other}.", EVIDENCE], "21", False, [])
    assert verdict.hit_rank == 2


def test_answer_accuracy_needs_every_key_group_and_at_most_500_characters() -> None:
    keys = (("21", "twenty-one"), ("month",))
    assert answer_matches("The baseline is 21 FPNs per MONTH.", keys)
    assert answer_matches("Twenty-one a month [1].", keys)
    assert not answer_matches("The baseline is 21 FPNs.", keys)  # second group missing
    padded = "The baseline is 21 per month. " + "x" * 480
    assert len(padded) > 500 and not answer_matches(padded, keys)
    assert answer_matches(padded[:500], keys)


def test_citation_markers_do_not_satisfy_number_keys() -> None:
    assert not answer_matches("The Chair opened the meeting [1].", (("1",),))


def test_abstaining_on_an_answerable_question_counts_as_wrong() -> None:
    verdict = score_question(question(), [EVIDENCE], "21 per month", True, [EVIDENCE])
    assert verdict.answer_correct is False and verdict.correct is False
    assert verdict.abstained and not verdict.answered
    assert verdict.citation_supported is None  # not answered: not in the citation denominator


def test_citation_support_needs_a_cited_passage_with_the_evidence() -> None:
    supported = score_question(question(), [FILLER], "21", False, [FILLER, f"x {EVIDENCE}"])
    unsupported = score_question(question(), [EVIDENCE], "21", False, [FILLER])
    uncited = score_question(question(), [EVIDENCE], "21", False, [])
    assert supported.citation_supported is True
    assert unsupported.citation_supported is False and uncited.citation_supported is False
    summary = summarize([supported, unsupported, uncited], [1.0, 1.0, 1.0])
    assert summary["citation_support"] == pytest.approx(1 / 3, abs=1e-4)


def test_unanswerable_question_is_correct_only_when_abstained() -> None:
    abstained = score_question(question("u1", "unanswerable"), [FILLER], "", True, [])
    answered = score_question(question("u2", "unanswerable"), [FILLER], "It was 21.", False, [FILLER])
    assert abstained.correct and not answered.correct
    assert abstained.hit_rank is None and abstained.hit_at_5 is None and abstained.answer_correct is None
    assert answered.citation_supported is None


def test_accuracy_precision_and_abstention_on_a_worked_example() -> None:
    hit = [f"x {EVIDENCE}"]
    verdicts = [
        score_question(question("a1", "number"), hit, "21 per month", False, hit),  # right, supported
        score_question(question("a2", "number"), hit, "42 per month", False, [FILLER]),  # wrong, unsupported
        score_question(question("a3", "who"), hit, "", True, []),  # wrongly abstained
        score_question(question("a4", "who"), hit, "21", False, hit),  # right, supported
        score_question(question("u1", "unanswerable"), [FILLER], "", True, []),  # right abstention
        score_question(question("u2", "unanswerable"), [FILLER], "21", False, [FILLER]),  # answered: wrong
        score_question(question("u3", "unanswerable"), [FILLER], "", True, []),  # right abstention
    ]
    latencies = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0]
    s = summarize(verdicts, latencies)
    # answerable a1..a4: right a1, a4 -> answer_accuracy 2/4 = 0.5; abstained a3 -> wrongly_abstained 1/4
    assert s["answer_accuracy"] == 0.5 and s["wrongly_abstained"] == 0.25
    # answered answerable a1, a2, a4; supported a1, a4 -> citation_support 2/3
    assert s["citation_support"] == pytest.approx(2 / 3, abs=1e-4)
    # unanswerable u1..u3; abstained u1, u3 -> abstain_unanswerable 2/3
    assert s["abstain_unanswerable"] == pytest.approx(2 / 3, abs=1e-4)
    # correct a1, a4, u1, u3 = 4 of 7 -> accuracy 4/7 = 0.5714
    assert s["accuracy"] == pytest.approx(4 / 7, abs=1e-4)
    # answered a1, a2, a4, u2 = 4; correct among them a1, a4 = 2 -> precision 2/4 = 0.5
    assert s["answered"] == 4 and s["precision"] == 0.5
    # numpy linear percentiles of 10..70: p50 = 40; p95 at index 0.95 * 6 = 5.7 -> 60 + 0.7 * 10 = 67
    assert s["latency_ms_p50"] == 40.0 and s["latency_ms_p95"] == 67.0
    assert (s["questions"], s["answerable"], s["unanswerable"]) == (7, 4, 3)

    by_type = s["by_type"]
    assert list(by_type) == ["number", "who", "unanswerable"]
    assert by_type["number"]["answer_accuracy"] == 0.5 and by_type["number"]["latency_ms_p50"] == 15.0
    assert by_type["who"]["wrongly_abstained"] == 0.5 and by_type["who"]["citation_support"] == 1.0
    assert by_type["unanswerable"]["hit@5"] is None and by_type["unanswerable"]["answer_accuracy"] is None
    assert by_type["unanswerable"]["accuracy"] == pytest.approx(2 / 3, abs=1e-4)


def test_summary_of_nothing_has_no_rates() -> None:
    s = summarize([], [])
    assert s["questions"] == 0 and s["accuracy"] is None and s["latency_ms_p50"] is None and s["by_type"] == {}


def test_summarize_rejects_mismatched_latencies() -> None:
    v = score_question(question(), [EVIDENCE], "21", False, [])
    assert isinstance(v, QuestionVerdict)
    with pytest.raises(ValueError, match="1 verdicts but 2 latencies"):
        summarize([v], [1.0, 2.0])
