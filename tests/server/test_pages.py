"""The HTML pages through TestClient: the chat without JavaScript, documents, error pages, escaping."""

from __future__ import annotations

import html
import re

import pytest

PET = "what is the PET fly-tip FPN baseline?"
HMO = "what was the baseline for HMOs?"
UNANSWERABLE = "how much is the FPN fine for fly-tipping in Harrow?"
HARROW = "harrow-osc-minutes-2021-12-14"


def hidden_history(page: str) -> list[str]:
    return [html.unescape(v) for v in re.findall(r'<input type="hidden" name="history" value="([^"]*)">', page)]


def test_empty_chat_has_examples_a_labelled_form_and_a_live_region(client):
    response = client.get("/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    assert 'id="examples"' in page and html.escape(PET, quote=True) in page
    assert '<form id="ask-form" class="ask-form" method="post" action="/ask"' in page
    assert '<label class="label" for="question">' in page and 'id="question" name="question"' in page
    assert 'aria-live="polite"' in page and 'href="/">New conversation</a>' in page
    assert '<script src="/static/chat.js" defer></script>' in page
    assert "<script>" not in page and "style=" not in page  # nothing inline: the CSP forbids it


def test_form_post_answers_with_markers_citation_cards_and_the_history(client):
    response = client.post("/ask", data={"question": PET})
    assert response.status_code == 200
    page = response.text
    assert re.search(r'<a class="marker" href="#turn-1-cite-1" aria-label="source 1">\[1\]</a>', page)
    assert 'id="turn-1-cite-1"' in page and "<mark>" in page and "21 per" in page
    assert "Harrow Overview and Scrutiny Committee: minutes, 14 December 2021" in page
    assert "14 December 2021" in page and "Section: PET" in page
    link = re.search(r'href="(/documents/harrow-osc-minutes-2021-12-14\?start=\d+&amp;end=\d+#quote)"', page)
    assert link, "each citation opens its document at the quote"
    assert hidden_history(page) == [PET]
    assert 'id="examples" class="examples" aria-labelledby="examples-title" hidden' in page


def test_follow_up_form_post_renders_the_whole_conversation(client):
    page = client.post("/ask", data={"question": HMO, "history": [PET]}).text
    assert 'id="turn-1"' in page and 'id="turn-2"' in page
    turn_two = page[page.index('id="turn-2"'):]
    assert "140" in turn_two and "Searched for:" in turn_two
    assert hidden_history(page) == [PET, HMO]


def test_unanswerable_form_post_says_so_with_the_query_and_nearest_passages(client):
    page = client.post("/ask", data={"question": UNANSWERABLE}).text
    assert "I could not find this in the documents" in page
    assert "Searched for: <q>" in page and "Nearest passages" in page
    assert 'class="passage-card"' in page and "?chunk=" in page


def test_empty_form_question_shows_the_error_beside_the_box_and_keeps_the_conversation(client):
    response = client.post("/ask", data={"question": "   ", "history": [PET]})
    assert response.status_code == 422
    page = response.text
    assert "There is a problem" in page and "Question must be 1-1000 characters after trimming" in page
    assert 'aria-describedby="question-hint question-error"' in page
    assert 'id="turn-1"' in page and hidden_history(page) == [PET]


def test_a_conversation_longer_than_20_turns_keeps_working_on_the_page(client):
    history = [f"question number {i} about fly tipping" for i in range(25)]
    response = client.post("/ask", data={"question": PET, "history": history})
    assert response.status_code == 200
    assert response.text.count('class="turn"') == 21  # the 20 most recent earlier turns and this one
    carried = hidden_history(response.text)
    assert len(carried) == 20 and carried[-1] == PET  # the next question sends at most 20


def test_user_text_is_escaped(client):
    attack = '<script>alert("x")</script> fly-tip FPN baseline'
    page = client.post("/ask", data={"question": attack}).text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(" in page


def test_get_on_the_form_address_goes_back_to_the_chat(client):
    response = client.get("/ask", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"


def test_document_page_highlights_the_quoted_span_exactly(client, app):
    document = app.state.holder.get().index.documents[HARROW]
    start = document.text.index("Baseline is 21 per")
    end = start + len("Baseline is 21 per\nmonth.")
    page = client.get(f"/documents/{HARROW}", params={"start": start, "end": end}).text
    marked = re.search(r'<mark id="quote" tabindex="-1">(.*?)</mark>', page, re.S)
    assert marked and html.unescape(marked.group(1)) == document.text[start:end]
    assert page.count('id="quote"') == 1 and "The quoted passage is highlighted below" in page


def test_document_page_shows_headings_and_contents(client):
    page = client.get(f"/documents/{HARROW}").text
    assert re.search(r'<h2 class="document-heading" id="section-\d+">', page)
    assert "Contents (" in page and 'id="quote"' not in page
    assert "London Borough of Harrow" in page and "14 December 2021" in page


def test_document_page_highlights_a_passage_by_chunk_id(client, app):
    chunk = next(c for c in app.state.holder.get().index.chunks if c.doc_id == HARROW)
    page = client.get(f"/documents/{HARROW}", params={"chunk": chunk.chunk_id}).text
    assert 'id="quote"' in page


@pytest.mark.parametrize("params", [{"start": 10, "end": 5}, {"start": 0, "end": 10**9},
                                    {"chunk": "other-doc:0001"}])
def test_an_out_of_range_highlight_shows_the_document_without_it(client, params):
    response = client.get(f"/documents/{HARROW}", params=params)
    assert response.status_code == 200 and 'id="quote"' not in response.text


def test_a_highlight_that_is_not_a_number_is_a_422_page(client):
    response = client.get(f"/documents/{HARROW}", params={"start": "abc", "end": 5})
    assert response.status_code == 422 and response.headers["content-type"].startswith("text/html")
    assert "Start must be a whole number" in response.text


def test_document_list_shows_metadata_and_filters(client):
    page = client.get("/documents").text
    assert page.count('class="document-list__item"') == 5 and "Showing 5 of 5 documents" in page
    letters = client.get("/documents", params={"kind": "letter"}).text
    assert letters.count('class="document-list__item"') == 1
    harrow = client.get("/documents", params={"q": "harrow"}).text
    assert harrow.count('class="document-list__item"') == 1 and f'href="/documents/{HARROW}"' in harrow
    nothing = client.get("/documents", params={"q": "zebra crossings"}).text
    assert "No documents match" in nothing


@pytest.mark.parametrize("path", [
    "/documents/no-such-document",
    "/documents/..%2F..%2Fetc%2Fpasswd",
    "/documents/%2e%2e%2f%2e%2e%2fserver%2fapp.py",
    "/static/..%2F..%2Fserver%2Fapp.py",
    "/static/../server/app.py",
    "/no/such/page",
])
def test_unknown_pages_and_traversal_attempts_are_404_pages(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Page not found" in response.text
    assert "create_app" not in response.text and "root:" not in response.text


def test_pages_without_an_index_say_how_to_build_it(empty_client, tmp_path):
    for response in (empty_client.get("/"), empty_client.get("/documents"),
                     empty_client.post("/ask", data={"question": PET})):
        assert response.status_code == 503
        assert response.headers["content-type"].startswith("text/html")
        assert "The documents are not ready" in response.text
        assert html.escape(f"scrutiny index corpus --index-dir {tmp_path / 'index'}") in response.text


def test_static_files_are_served(client):
    assert client.get("/static/scrutiny.css").headers["content-type"].startswith("text/css")
    assert "javascript" in client.get("/static/chat.js").headers["content-type"]
