"""GET /api/commitments and /api/commitments.csv over the real register of the bundled corpus."""

from __future__ import annotations

import csv
import io

import pytest

from retriever.commitments_csv import CSV_FIELDS

HARROW = "harrow-osc-minutes-2021-12-14"
LETTER = "mopac-letter-pcc-recommendations-2022-03-23"
DA_MATTERS = "We will complete the delivery of DA Matters training to 8,500 frontline staff"


def get(client, **params) -> dict:
    response = client.get("/api/commitments", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def records(client, **params) -> list[dict]:
    return get(client, **params)["commitments"]


def test_unfiltered_lists_the_whole_register_with_counts_per_kind(client, app):
    body = get(client)
    register = app.state.holder.get().index.data.commitments
    assert body["total"] == body["shown"] == len(register) > 300
    assert sum(body["by_kind"].values()) == body["total"]
    assert body["by_kind"]["action"] == 46 and body["by_kind"]["response"] == 14
    assert [r["id"] for r in body["commitments"]] == [c.id for c in register]  # document order
    assert body["sort"] == "document"


def test_every_record_has_every_field_and_a_link_to_its_passage(client):
    found = records(client, text="DA Matters training")
    assert len(found) == 1
    row = found[0]
    assert set(CSV_FIELDS) <= set(row) and {"href", "responses"} <= set(row)
    assert row["text"].startswith(DA_MATTERS)
    assert (row["owner"], row["deadline"], row["due"]) == ("Commander Public Protection", "Q3 2021/22", "2021-12-31")
    assert row["href"] == f"/documents/{HARROW}?start={row['start']}&end={row['end']}#quote"


def test_owner_filter_matches_any_case_and_counts_what_is_shown(client):
    body = get(client, owner="PUBLIC protection")
    assert body["shown"] == 14 < body["total"]
    assert {r["owner"] for r in body["commitments"]} == {"Commander Public Protection"}
    assert body["by_kind"] == {"action": 14}


def test_text_searches_the_words_and_the_owner(client):
    by_words = records(client, text="female genital")
    assert by_words and all("female genital" in r["text"].lower() for r in by_words)
    by_owner = records(client, text="commander criminal justice")
    assert [r["owner"] for r in by_owner] == ["Commander Criminal Justice"]


def test_kind_and_doc_repeat_and_combine(client):
    found = records(client, kind=["resolution", "response"], doc=[HARROW, LETTER])
    assert {(r["kind"], r["doc_id"]) for r in found} == {("resolution", HARROW), ("response", LETTER)}
    assert len(found) == 2 + 14
    assert {r["doc_id"] for r in records(client, doc=[LETTER])} == {LETTER}


def test_blank_form_fields_are_no_filter(client):
    body = get(client, owner="", text=" ", kind="", doc="", due_before="", due_after="", overdue_on="", sort="")
    assert body["shown"] == body["total"]


def test_due_range_is_strict_and_keeps_only_dated_records(client):
    found = records(client, due_after="2021-12-31", due_before="2022-06-30")
    assert found and all("2021-12-31" < r["due"] < "2022-06-30" for r in found)
    assert not any(r["due"] in ("2021-12-31", "2022-06-30") for r in found)


def test_overdue_filter_on_a_real_action_row(client):
    def overdue(on: str) -> list[str]:
        return [r["text"] for r in records(client, overdue_on=on, doc=HARROW, kind="action")]

    assert any(t.startswith(DA_MATTERS) for t in overdue("2022-06-01"))  # due Q3 2021/22
    assert not any(t.startswith(DA_MATTERS) for t in overdue("2021-01-01"))
    assert overdue("2021-01-01") == [r["text"] for r in records(client, due_before="2021-01-01", doc=HARROW,
                                                               kind="action")]
    assert overdue("today") == [r["text"] for r in records(client, due_before="2100-01-01", doc=HARROW,
                                                           kind="action")]


def test_recommendation_carries_the_response_that_answers_it(client):
    found = records(client, doc=LETTER, kind="recommendation")
    assert len(found) == 16
    by_number = {r["numbers"][0]: r for r in found}
    grouped = [by_number["14"]["responses"], by_number["16"]["responses"]]
    assert grouped[0] == grouped[1] and len(grouped[0]) == 1  # "I group these two recommendations together"
    response = grouped[0][0]
    assert response["kind"] == "response" and response["doc_id"] == LETTER
    assert response["text"].startswith("I group these two recommendations")
    assert response["href"].startswith(f"/documents/{LETTER}?start=")
    assert all(r["responses"] and r["responses"][0]["id"] == r["answered_by"] for r in found)
    # the 2017 report's recommendations were never answered in the corpus: no response borrowed
    assert all(r["responses"] == [] for r in records(client, doc="assembly-pcc-response-draft-plan-2017",
                                                     kind="recommendation"))


@pytest.mark.parametrize("sort", ["due", "-due"])
def test_sort_by_due_date_puts_undated_records_last(client, sort):
    found = records(client, sort=sort, doc=HARROW)
    dues = [r["due"] for r in found]
    dated = [d for d in dues if d]
    assert dated == sorted(dated, reverse=sort.startswith("-")) and len(set(dated)) > 2
    assert dues == dated + [None] * (len(dues) - len(dated))


def test_sort_by_owner_kind_and_document_order(client):
    owners = [r["owner"] for r in records(client, sort="owner", kind="action")]
    assert [o.casefold() for o in owners] == sorted(o.casefold() for o in owners)
    kinds = [r["kind"] for r in records(client, sort="-kind")]
    assert kinds == sorted(kinds, reverse=True)
    forward = [r["id"] for r in records(client, doc=LETTER)]
    assert [r["id"] for r in records(client, doc=LETTER, sort="-document")] == forward[::-1]


def test_csv_is_the_same_view_as_the_json(client):
    params = {"owner": "public protection", "sort": "-due"}
    response = client.get("/api/commitments.csv", params=params)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == 'attachment; filename="commitments.csv"'
    rows = list(csv.reader(io.StringIO(response.text)))
    assert tuple(rows[0]) == CSV_FIELDS
    expected = records(client, **params)
    assert len(rows) - 1 == len(expected) == 14
    for row, record in zip(rows[1:], expected, strict=True):
        cells = dict(zip(CSV_FIELDS, row, strict=True))
        assert cells["id"] == record["id"] and cells["quote"] == record["quote"]
        assert cells["due"] == (record["due"] or "") and int(cells["start"]) == record["start"]


def test_csv_joins_a_grouped_response_numbers(client):
    text = client.get("/api/commitments.csv", params={"doc": LETTER, "kind": "response"}).text
    grouped = next(r for r in csv.DictReader(io.StringIO(text)) if r["text"].startswith("I group"))
    assert grouped["numbers"] == "14;16"


@pytest.mark.parametrize("params, message", [
    ({"due_before": "next week"}, "due_before must be a date as YYYY-MM-DD (or today), got 'next week'"),
    ({"overdue_on": "31/12/2021"}, "overdue_on must be a date as YYYY-MM-DD (or today)"),
    ({"due_after": "2022-13-01"}, "due_after must be a date"),
    ({"kind": "promise"}, "unknown kind promise; known: action, pledge, recommendation"),
    ({"sort": "colour"}, "sort must be one of document, due, owner, kind, doc"),
    ({"owner": "x" * 201}, "owner"),
])
def test_bad_filter_values_are_422_with_what_to_send(client, params, message):
    for path in ("/api/commitments", "/api/commitments.csv"):
        response = client.get(path, params=params)
        assert response.status_code == 422
        assert set(response.json()) == {"error"} and message in response.json()["error"]
        assert "Traceback" not in response.text


def test_unknown_document_is_422_naming_the_known_ones(client):
    response = client.get("/api/commitments", params={"doc": [HARROW, "nope"]})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error.startswith("unknown document nope; known: ") and HARROW in error and LETTER in error


def test_without_an_index_the_register_is_503_with_the_fix(empty_client):
    response = empty_client.get("/api/commitments")
    assert response.status_code == 503 and "scrutiny index" in response.json()["error"]


def test_an_index_built_before_the_register_is_503_with_the_rebuild_command(index_copy, embedder):
    from fastapi.testclient import TestClient

    from server.app import create_app

    ((index_copy / "current").resolve() / "commitments.json").unlink()
    old = TestClient(create_app(index_copy, embedder.model_name, embedder=embedder))
    for path in ("/api/commitments", "/api/commitments.csv"):
        response = old.get(path)
        assert response.status_code == 503
        assert response.json()["error"] == (
            f"the index at {index_copy} is stale (built before the commitments register existed); "
            f"rebuild it with: scrutiny index corpus --index-dir {index_copy}")
    page = old.get("/commitments")
    assert page.status_code == 503 and "The documents are not ready" in page.text
