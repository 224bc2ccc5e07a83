"""Spans become citations with the passage that holds them."""

from retriever.citing import chunk_count, chunk_holding


def test_binary_search_finds_the_same_passage_as_a_scan_of_every_chunk(loaded_index):
    for doc_id, document in loaded_index.documents.items():
        assert chunk_count(loaded_index, doc_id) == sum(c.doc_id == doc_id for c in loaded_index.chunks)
        for offset in list(range(0, len(document.text), 97)) + [len(document.text) - 1, len(document.text) + 5]:
            scanned = next((c for c in loaded_index.chunks
                            if c.doc_id == doc_id and c.start <= offset < c.end), None)
            assert chunk_holding(loaded_index, doc_id, offset) == scanned, (doc_id, offset)


def test_an_unknown_document_has_no_chunks(loaded_index):
    assert chunk_count(loaded_index, "no-such-document") == 0
    assert chunk_holding(loaded_index, "no-such-document", 0) is None
