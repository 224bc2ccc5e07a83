"""Hybrid search over the real index: modes, fusion, filters, determinism."""

import pytest

from retriever.fusion import fuse
from retriever.query import understand
from retriever.search import Filters, SearchError, search


def run(loaded_index, embedder, question, **kwargs):
    query = understand(question, [], loaded_index.glossary)
    vector = embedder.embed_queries([query.text])[0]
    return search(loaded_index, query, vector, **kwargs)


@pytest.mark.parametrize("mode", ["hybrid", "bm25", "dense"])
def test_each_mode_finds_the_pet_slide_for_the_baseline_question(loaded_index, embedder, mode):
    hits = run(loaded_index, embedder, "what is the PET fly-tip FPN baseline?", mode=mode, k=5)
    assert any("Baseline is 21" in h.chunk.text for h in hits)
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))


def test_hybrid_ranks_the_answer_first_and_reports_both_scores(loaded_index, embedder):
    hits = run(loaded_index, embedder, "how many written submissions did the consultation receive?", k=5)
    assert "213 written submissions" in hits[0].chunk.text
    assert hits[0].bm25 is not None and hits[0].dense is not None


def test_document_filter_keeps_only_that_document(loaded_index, embedder):
    letter = "mopac-letter-pcc-recommendations-2022-03-23"
    hits = run(loaded_index, embedder, "Recommendation 2 domestic abuse", k=10,
               filters=Filters(doc_ids=(letter,)))
    assert hits and {h.chunk.doc_id for h in hits} == {letter}


def test_kind_and_date_filters(loaded_index, embedder):
    hits = run(loaded_index, embedder, "knife crime", k=10, filters=Filters(kinds=("report",)))
    assert {loaded_index.documents[h.chunk.doc_id].meta.kind for h in hits} == {"report"}
    hits = run(loaded_index, embedder, "knife crime", k=10, filters=Filters(date_from="2021"))
    assert all(loaded_index.documents[h.chunk.doc_id].meta.date >= "2021" for h in hits)


def test_naming_a_recommendation_prefers_that_section(loaded_index, embedder):
    hits = run(loaded_index, embedder, "what did the Deputy Mayor say in response to recommendation 2?", k=5)
    assert any(h.chunk.section and "Recommendation 2" in h.chunk.section for h in hits[:3])


def test_search_is_deterministic(loaded_index, embedder):
    first = run(loaded_index, embedder, "violence against women and girls action plan", k=10)
    second = run(loaded_index, embedder, "violence against women and girls action plan", k=10)
    assert [h.chunk.chunk_id for h in first] == [h.chunk.chunk_id for h in second]


def test_rrf_adds_reciprocal_ranks_and_breaks_ties_by_chunk_id(loaded_index):
    fused = fuse([([(3, 9.0), (1, 5.0)], 1.0), ([(1, 0.9), (3, 0.1)], 1.0)], loaded_index, rrf_k=60)
    assert [p for p, _ in fused] == sorted([1, 3], key=lambda p: loaded_index.chunks[p].chunk_id)
    assert fused[0][1] == pytest.approx(1 / 61 + 1 / 62)


def test_unknown_mode_is_refused(loaded_index, embedder):
    with pytest.raises(SearchError, match="mode must be one of"):
        run(loaded_index, embedder, "anything", mode="magic")


def test_a_year_or_kind_in_the_question_points_at_documents(loaded_index):
    from retriever.focus import find_focus, section_matches

    focus = find_focus(loaded_index, "what did the 2017 committee say in its letter about recommendation 4?")
    assert focus.documents["assembly-pcc-response-draft-plan-2017"] == 0.5
    assert focus.documents["mopac-letter-pcc-recommendations-2022-03-23"] == 0.5
    assert focus.sections == (("recommendation", "4"),)
    assert section_matches("2. Priorities for the capital > Recommendation 4", focus.sections)
    assert not section_matches("Recommendation 14", focus.sections)
    assert find_focus(loaded_index, "what is the PET baseline?").documents == {}


def test_a_phrase_the_question_quotes_lifts_the_passages_that_say_it(loaded_index, embedder):
    from retriever.focus import find_focus, says_phrase

    focus = find_focus(loaded_index, "is it 'due shortly' or is there a date? and what's “Child First”?")
    assert focus.phrases == ("due shortly", "child first")
    # apostrophes are no quotes
    assert find_focus(loaded_index, "who's the victims' commissioner in the DMPC's letter?").phrases == ()
    assert says_phrase("We have introduced Safe\nConnection, which", ("safe connection",))

    def rank(question):
        hits = run(loaded_index, embedder, question, k=10)
        return next(h.rank for h in hits if "Safe Connection" in " ".join(h.chunk.text.split()))

    plain = rank("what is Safe Connection in the Met plan on violence against women and girls?")
    quoted = rank('what is "Safe Connection" in the Met plan on violence against women and girls?')
    assert quoted == 1 and plain > 1
