"""The chat and the commitments page in a real headless Chromium against the real server, with
JavaScript on and off.

Needs Debian's chromium at /usr/bin/chromium (`make test` installs it when missing); without it
these tests fail rather than skip.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from retriever.commitments_csv import CSV_FIELDS

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "chat.png"
REGISTER_SCREENSHOT = SCREENSHOT.with_name("commitments.png")
PET = "what is the PET fly-tip FPN baseline?"
HMO = "what was the baseline for HMOs?"
UNANSWERABLE = "how much is the FPN fine for fly-tipping in Harrow?"
NOT_FOUND = "I could not find this in the documents"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def folded(text: str) -> str:
    return " ".join(text.split())


def ask(page: Page, question: str, turn: int, press_enter: bool = False) -> None:
    page.fill("#question", question)
    if press_enter:
        page.press("#question", "Enter")
    else:
        page.click("#ask-button")
    expect(page.locator(f"#turn-{turn} .answer")).to_be_visible(timeout=30_000)


def check_citation_opens_the_document_at_the_quote(page: Page) -> None:
    card = page.locator("#turn-1 .citation-card").first
    quote = folded(card.locator("mark").inner_text())
    card.get_by_role("link", name=re.compile("Open in document")).click()
    expect(page).to_have_url(re.compile(r"/documents/harrow-osc-minutes-2021-12-14\?start=\d+&end=\d+#quote$"))
    mark = page.locator("mark#quote")
    expect(mark).to_be_visible()
    expect(mark).to_be_in_viewport()
    highlighted = folded(" ".join(page.locator("article mark").all_inner_texts()))
    assert highlighted == quote


def test_chat_with_javascript(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # script errors and CSP violations; the deliberate 422 below logs "Failed to load resource"
    page.on("console", lambda message: message.type == "error"
            and not message.text.startswith("Failed to load resource") and errors.append(message.text))
    page.goto(live_server.url + "/")
    expect(page.locator("#examples")).to_be_visible()
    expect(page.get_by_label("Your question")).to_be_visible()

    ask(page, PET, 1)
    first = page.locator("#turn-1")
    expect(first.locator(".answer__text")).to_contain_text("21")
    expect(first.locator(".answer__text a.marker").first).to_have_text("[1]")
    expect(first.locator(".citation-card").first).to_contain_text("Harrow Overview and Scrutiny Committee")
    expect(first.locator(".citation-card mark").first).to_be_visible()
    expect(page.locator("#announcer")).to_contain_text("Answer:")
    expect(page.locator("#examples")).to_be_hidden()
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    ask(page, HMO, 2, press_enter=True)  # keyboard: Enter sends
    second = page.locator("#turn-2")
    expect(second.locator(".answer__text")).to_contain_text("140")
    expect(second.locator(".answer__searched")).to_contain_text("PET")  # the history was sent

    check_citation_opens_the_document_at_the_quote(page)
    page.go_back()
    expect(page.locator("#conversation .turn")).to_have_count(2)  # restored from the session

    ask(page, UNANSWERABLE, 3)
    third = page.locator("#turn-3")
    expect(third).to_contain_text(NOT_FOUND)
    expect(third.locator(".answer__searched")).to_contain_text("Searched for:")
    expect(third.locator(".passage-card").first).to_be_visible()
    expect(page.locator("#announcer")).to_contain_text(NOT_FOUND)

    page.fill("#question", "   ")
    page.click("#ask-button")
    expect(page.locator("#question-error")).to_contain_text("Question must be 1-1000 characters")

    page.click("#new-conversation")
    expect(page.locator("#conversation .turn")).to_have_count(0)
    expect(page.locator("#examples")).to_be_visible()
    assert errors == []
    context.close()


def test_chat_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1024, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/")
    ask(page, PET, 1)
    assert page.url.endswith("/ask")
    expect(page.locator("#turn-1 .answer__text")).to_contain_text("21")
    expect(page.locator("#turn-1 .citation-card").first).to_be_visible()

    ask(page, HMO, 2)
    expect(page.locator("#turn-1")).to_be_visible()  # the whole conversation is on the page
    expect(page.locator("#turn-2 .answer__text")).to_contain_text("140")

    check_citation_opens_the_document_at_the_quote(page)

    page.goto(live_server.url + "/")
    ask(page, UNANSWERABLE, 1)
    expect(page.locator("#turn-1")).to_contain_text(NOT_FOUND)
    expect(page.locator("#turn-1 .passage-card").first).to_be_visible()

    page.goto(live_server.url + "/")
    page.get_by_role("button", name=PET).click()  # an example question is a form of its own
    expect(page.locator("#turn-1 .answer__text")).to_contain_text("21")
    context.close()


def test_chat_fits_a_phone_and_is_keyboard_operable(browser, live_server):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    ask(page, PET, 1)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways at phone width ({width}px)"
    page.goto(live_server.url + "/documents")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.goto(live_server.url + "/commitments")
    expect(page.locator("#register tbody tr").first).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the commitments page scrolls sideways at phone width ({width}px)"
    wrapper = page.locator(".table-wrapper")  # the table scrolls inside its own region instead
    assert wrapper.evaluate("e => e.scrollWidth > e.clientWidth")
    context.close()


def test_commitments_filter_by_owner_open_a_passage_and_download_the_view(browser, live_server):
    # no JavaScript: the filters are a plain GET form and the download a plain link
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 1500},
                                  locale="en-GB", accept_downloads=True)
    page = context.new_page()
    page.goto(live_server.url + "/commitments")
    rows = page.locator("#register tbody tr")
    everything = rows.count()
    expect(page.locator("#register-count")).to_have_text(f"{everything} of {everything} commitments")

    page.get_by_label("Owner").fill("public protection")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"/commitments\?.*owner=public\+protection"))
    owners = page.locator("#register tbody td.register__owner").all_inner_texts()
    assert 0 < len(owners) < everything
    assert {folded(o) for o in owners} == {"Commander Public Protection"}
    expect(page.locator("#register-count")).to_have_text(f"{len(owners)} of {everything} commitments")
    expect(page.get_by_label("Owner")).to_have_value("public protection")
    REGISTER_SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(REGISTER_SCREENSHOT))

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Download these .* as CSV")).click()
    download = download_info.value
    assert download.suggested_filename == "commitments.csv"
    with open(download.path(), encoding="utf-8", newline="") as stream:
        table = list(csv.reader(stream))
    assert tuple(table[0]) == CSV_FIELDS
    records = [dict(zip(CSV_FIELDS, row, strict=True)) for row in table[1:]]
    assert len(records) == len(owners)
    assert [r["owner"] for r in records] == [" ".join(o.split()) for o in owners]
    first_text = folded(rows.first.locator(".register__text p").first.inner_text())
    assert first_text == folded(records[0]["text"])

    rows.first.get_by_role("link", name=re.compile("Open in document")).click()
    expect(page).to_have_url(re.compile(
        r"/documents/harrow-osc-minutes-2021-12-14\?start=" + records[0]["start"] + "&end=" + records[0]["end"]
        + "#quote$"))
    expect(page.locator("#quote-notice")).to_be_visible()
    mark = page.locator("mark#quote")
    expect(mark).to_be_visible()
    expect(mark).to_be_in_viewport()
    highlighted = folded(" ".join(page.locator("article mark").all_inner_texts()))
    assert highlighted == folded(records[0]["quote"])
    context.close()


def test_api_docs_render_in_the_browser_without_internet(browser, live_server):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server.url + "/docs")
    expect(page.locator(".opblock-summary-path", has_text="/api/ask").first).to_be_visible(timeout=30_000)
    assert errors == []
    page.close()
