"""The /commitments page through TestClient: filters, counts, sort links, passages, responses."""

from __future__ import annotations

import html
import re

HARROW = "harrow-osc-minutes-2021-12-14"
LETTER = "mopac-letter-pcc-recommendations-2022-03-23"


def page(client, status: int = 200, **params) -> str:
    response = client.get("/commitments", params=params)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def rows(text: str) -> list[str]:
    return re.findall(r'<tr class="register__row".*?</tr>', text, re.DOTALL)


def test_whole_register_with_a_labelled_get_form_counts_and_the_nav_link(client):
    text = page(client)
    assert '<form class="filter-form register-filters" method="get" action="/commitments"' in text
    for field, name in (("filter-text", "text"), ("filter-owner", "owner"), ("filter-doc", "doc"),
                        ("filter-due-after", "due_after"), ("filter-due-before", "due_before"),
                        ("filter-overdue", "overdue_on")):
        assert f'<label for="{field}"' in text or f'<label class="label" for="{field}"' in text
        assert f'id="{field}" name="{name}"' in text
    assert '<legend class="label">Kind</legend>' in text and text.count('name="kind" type="checkbox"') == 6
    assert re.search(r"<strong>(\d+)</strong> of \1 commitments", text)
    assert "<li>46 actions</li>" in text and "<li>14 responses</li>" in text
    assert len(rows(text)) == int(re.search(r"<strong>(\d+)</strong>", text).group(1))
    assert '<a href="/commitments" aria-current="page">Commitments</a>' in text
    assert text.count('<th scope="col"') == 5
    assert "<script" not in text and "style=" not in text  # the CSP forbids inline script and style


def test_owner_filter_shrinks_the_table_and_keeps_the_value_in_the_form(client):
    text = page(client, owner="public protection")
    found = rows(text)
    assert len(found) == 14 and all("Commander Public Protection" in row for row in found)
    assert "<strong>14</strong> of 325 commitments" in text and "<li>14 actions</li>" in text
    assert 'name="owner" type="text" maxlength="200" value="public protection"' in text
    assert 'href="/api/commitments.csv?owner=public+protection"' in text
    assert 'href="/commitments">Clear filters</a>' in text


def test_each_row_links_to_its_passage_in_the_document(client):
    text = page(client, text="DA Matters training")
    (row,) = rows(text)
    link = re.search(r'class="register__passage" href="(/documents/[^"]+)"', row).group(1)
    assert html.unescape(link).startswith(f"/documents/{HARROW}?start=")
    assert "Commander Public Protection" in row and "Q3 2021/22" in row and "due 31 December 2021" in row
    document = client.get(html.unescape(link)).text
    assert 'id="quote-notice"' in document
    marked = " ".join(re.findall(r"<mark[^>]*>(.*?)</mark>", document, re.DOTALL))
    assert " ".join(marked.split()).startswith("We will complete the delivery of DA Matters training")


def test_a_recommendation_shows_its_response_beside_it(client):
    text = page(client, doc=LETTER, kind="recommendation", text="online drivers")
    (row,) = rows(text)
    assert "Recommendation 1" in row and "online drivers of crime" in row
    response = row[row.index('class="register__response"'):]
    assert "Response from Deputy Mayor for Policing and Crime" in response
    assert "concerns about online harms" in response
    link = re.search(r'class="register__response-link" href="([^"]+)"', response).group(1)
    assert html.unescape(link).startswith(f"/documents/{LETTER}?start=1201&end=1843")
    assert "to recommendation 1</span> in the document" in response


def test_a_long_response_is_shortened_with_its_link_to_the_whole(client):
    (row,) = rows(page(client, doc=LETTER, kind="recommendation", text="Community Monitoring Groups"))
    shown = re.search(r'class="register__response-label">.*?</p>\s*<p>(.*?)</p>', row, re.DOTALL).group(1)
    assert shown.endswith(" …") and len(shown) <= 310


def test_column_headings_sort_and_say_which_way(client):
    text = page(client, kind="action", sort="-due")
    assert ('<th scope="col" aria-sort="descending"><a class="sort-link" '
            'href="/commitments?kind=action&amp;sort=due">Deadline<span aria-hidden="true"> ▼</span></a></th>') in text
    assert 'href="/commitments?kind=action&amp;sort=owner">Owner</a>' in text
    assert '<input type="hidden" name="sort" value="-due">' in text  # filtering keeps the order
    dues = re.findall(r"due (\d+ \w+ \d{4})", "".join(rows(text)))
    assert dues[0].endswith("2023") and dues[-1].endswith("2020")


def test_kind_checkboxes_and_document_choice_are_kept(client):
    text = page(client, kind=["resolution", "response"], doc=HARROW)
    assert 'value="resolution" checked' in text and 'value="response" checked' in text
    assert 'value="action" checked' not in text
    assert f'<option value="{HARROW}" selected>' in text
    assert "<strong>2</strong> of 325" in text and "<li>2 resolutions</li>" in text


def test_overdue_today_shows_the_date_it_means(client):
    from datetime import date

    text = page(client, overdue_on="today", doc=HARROW, kind="action")
    assert f'name="overdue_on" type="date" value="{date.today().isoformat()}"' in text
    assert len(rows(text)) > 0


def test_no_match_is_a_friendly_message_without_a_table(client):
    text = page(client, owner="nobody by this name")
    assert "<strong>0</strong> of 325 commitments" in text
    assert "No commitments match these filters" in text and '<table class="register"' not in text
    assert 'id="download-csv"' not in text


def test_a_bad_filter_value_is_explained_above_the_form(client):
    text = page(client, 422, due_before="soon", owner="public")
    assert "There is a problem" in text
    assert "due_before must be a date as YYYY-MM-DD (or today), got &#39;soon&#39;" in text
    assert 'value="public"' in text and '<table class="register"' not in text
    text = page(client, 422, doc="nope")
    assert "unknown document nope; known: " in text and HARROW in text


def test_corpus_text_is_escaped(client):
    text = page(client, text="<script>alert(1)</script>")
    assert "<script>alert(1)" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
