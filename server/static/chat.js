// The chat with JavaScript on: POST /api/ask, render the answer JSON, keep the conversation in
// sessionStorage. Everything is built with textContent, never innerHTML. Without JavaScript the
// same form posts to /ask and the server renders the page (server/answer_view.py mirrors this).
(function () {
  "use strict";

  var STORE = "scrutiny.conversation";
  var MAX_HISTORY = 20;
  var CONTEXT = 220;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  var form = document.getElementById("ask-form");
  var log = document.getElementById("conversation");
  if (!form || !log || !window.fetch) { return; }
  var box = document.getElementById("question");
  var button = document.getElementById("ask-button");
  var examples = document.getElementById("examples");
  var announcer = document.getElementById("announcer");
  var errorLine = document.getElementById("question-error");
  var errorText = document.getElementById("question-error-text");
  var label = form.querySelector("label[for=question]");
  var busy = false;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function fold(text) { return String(text).replace(/\s+/g, " "); }

  function displayDate(date) {
    if (!date) { return null; }
    var parts = date.split("-");
    var month = MONTHS[parseInt(parts[1], 10) - 1];
    if (parts.length === 3 && month) { return parseInt(parts[2], 10) + " " + month + " " + parts[0]; }
    if (parts.length === 2 && month) { return month + " " + parts[0]; }
    return date;
  }

  function documentHref(docId, params) {
    var query = Object.keys(params).map(function (k) {
      return encodeURIComponent(k) + "=" + encodeURIComponent(params[k]);
    }).join("&");
    return "/documents/" + encodeURIComponent(docId) + "?" + query + "#quote";
  }

  function excerpt(passage, quote) {
    var at = quote ? passage.indexOf(quote) : -1;
    if (at < 0) { return ["", quote, ""]; }
    var before = passage.slice(0, at);
    var after = passage.slice(at + quote.length);
    if (before.length > CONTEXT) {
      var cut = before.indexOf(" ", before.length - CONTEXT);
      before = "… " + before.slice(cut >= 0 ? cut + 1 : before.length - CONTEXT);
    }
    if (after.length > CONTEXT) {
      var end = after.lastIndexOf(" ", CONTEXT);
      after = after.slice(0, end > 0 ? end : CONTEXT) + " …";
    }
    return [fold(before), fold(quote), fold(after)];
  }

  function openLink(href, title) {
    var link = el("a", "card-link", "Open in document");
    link.href = href;
    link.appendChild(el("span", "visually-hidden", ": " + title));
    return link;
  }

  function renderTurn(number, data) {
    var turn = el("li", "turn");
    turn.id = "turn-" + number;
    turn.dataset.question = data.question;
    var q = el("div", "turn__question");
    q.appendChild(el("h2", "turn__label", "Question " + number));
    q.appendChild(el("p", "turn__question-text", data.question));
    turn.appendChild(q);
    var answer = el("div", data.abstained ? "answer answer--abstained" : "answer");
    answer.appendChild(el("h3", "visually-hidden", "Answer"));
    if (data.abstained) {
      answer.appendChild(el("p", "answer__text", data.answer));
      answer.appendChild(searched(data.query));
      if (data.reason) { answer.appendChild(el("p", "answer__reason", "Why: " + data.reason + ".")); }
      var nearest = (data.passages || []).slice(0, 3);
      if (nearest.length) {
        answer.appendChild(el("h3", "heading-s", "Nearest passages"));
        var list = el("ul", "passages");
        nearest.forEach(function (p) {
          var card = el("li", "passage-card");
          card.appendChild(el("p", "passage-card__title", p.title));
          if (p.section) { card.appendChild(el("p", "card-meta", "Section: " + p.section)); }
          var text = fold(p.text).trim();
          if (text.length > 320) { text = text.slice(0, text.lastIndexOf(" ", 320)) + " …"; }
          card.appendChild(el("p", "passage-card__text", text));
          card.appendChild(openLink(documentHref(p.doc_id, { chunk: p.chunk_id }), p.title));
          list.appendChild(card);
        });
        answer.appendChild(list);
      }
    } else {
      var known = {};
      (data.citations || []).forEach(function (c) { known[c.n] = true; });
      var text = el("p", "answer__text");
      var pattern = /\[(\d+)\]/g;
      var position = 0;
      var match;
      while ((match = pattern.exec(data.answer)) !== null) {
        if (!known[match[1]]) { continue; }
        text.appendChild(document.createTextNode(data.answer.slice(position, match.index)));
        var marker = el("a", "marker", match[0]);
        marker.href = "#turn-" + number + "-cite-" + match[1];
        marker.setAttribute("aria-label", "source " + match[1]);
        text.appendChild(marker);
        position = match.index + match[0].length;
      }
      text.appendChild(document.createTextNode(data.answer.slice(position)));
      answer.appendChild(text);
      if (data.query !== data.question) { answer.appendChild(searched(data.query)); }
      answer.appendChild(el("h3", "heading-s", "Sources"));
      var cards = el("ol", "citations");
      (data.citations || []).forEach(function (c) {
        var card = el("li", "citation-card");
        card.id = "turn-" + number + "-cite-" + c.n;
        var title = el("p", "citation-card__title");
        title.appendChild(el("span", "citation-card__n", "[" + c.n + "]"));
        title.appendChild(document.createTextNode(" " + c.title));
        card.appendChild(title);
        var meta = el("p", "card-meta");
        var date = displayDate(c.date);
        if (date) { meta.appendChild(el("span", null, date)); }
        if (c.section) { meta.appendChild(el("span", null, "Section: " + c.section)); }
        if (c.page) { meta.appendChild(el("span", null, "Page " + c.page)); }
        card.appendChild(meta);
        var parts = excerpt(c.passage, c.quote);
        var passage = el("blockquote", "citation-card__passage");
        passage.appendChild(document.createTextNode(parts[0]));
        passage.appendChild(el("mark", null, parts[1]));
        passage.appendChild(document.createTextNode(parts[2]));
        card.appendChild(passage);
        card.appendChild(openLink(documentHref(c.doc_id, { start: c.start, end: c.end }), c.title));
        cards.appendChild(card);
      });
      answer.appendChild(cards);
    }
    turn.appendChild(answer);
    return turn;
  }

  function searched(query) {
    var line = el("p", "answer__searched", "Searched for: ");
    line.appendChild(el("q", null, query));
    return line;
  }

  function questions() {
    return Array.prototype.map.call(log.querySelectorAll(".turn"), function (t) {
      return t.dataset.question;
    });
  }

  function load() {
    try { return JSON.parse(sessionStorage.getItem(STORE) || "[]"); } catch (e) { return []; }
  }

  function save(turns) {
    try { sessionStorage.setItem(STORE, JSON.stringify(turns)); } catch (e) { /* storage full or off */ }
  }

  function showError(message) {
    var text = message ? message.charAt(0).toUpperCase() + message.slice(1) : "Something went wrong";
    errorText.textContent = text;
    errorLine.hidden = false;
    form.querySelector(".form-group").classList.add("form-group--error");
    box.setAttribute("aria-describedby", "question-hint question-error");
    announcer.textContent = "Error: " + text;
    box.focus();
  }

  function clearError() {
    errorLine.hidden = true;
    errorText.textContent = "";
    form.querySelector(".form-group").classList.remove("form-group--error");
    box.setAttribute("aria-describedby", "question-hint");
  }

  function setBusy(on) {
    busy = on;
    button.disabled = on;
    button.textContent = on ? "Searching…" : "Ask";
    log.setAttribute("aria-busy", on ? "true" : "false");
    if (on) { announcer.textContent = "Searching the documents…"; }
  }

  function announce(data) {
    var text = data.abstained ? data.answer : "Answer: " + data.answer.replace(/\s*\[\d+\]/g, "");
    announcer.textContent = text + (data.abstained ? "" : " " + data.citations.length +
      (data.citations.length === 1 ? " source." : " sources."));
  }

  function ask(question) {
    if (busy) { return; }
    clearError();
    var history = questions().slice(-MAX_HISTORY);
    setBusy(true);
    fetch("/api/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({ question: question, history: history })
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; },
        function () { return { ok: false, data: { error: "the server sent an unreadable reply (" + response.status + ")" } }; });
    }).then(function (result) {
      setBusy(false);
      if (!result.ok) { showError(result.data.error); return; }
      var number = log.querySelectorAll(".turn").length + 1;
      var turn = renderTurn(number, result.data);
      log.appendChild(turn);
      var stored = load();
      stored.push(result.data);
      save(stored);
      box.value = "";
      examples.hidden = true;
      label.textContent = "Ask a follow-up question";
      announce(result.data);
      turn.scrollIntoView({ block: "start" });
    }, function () {
      setBusy(false);
      showError("the server could not be reached; check your connection and try again");
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    ask(box.value);
  });

  Array.prototype.forEach.call(document.querySelectorAll(".example-form"), function (example) {
    example.addEventListener("submit", function (event) {
      event.preventDefault();
      box.value = example.querySelector("input[name=question]").value;
      ask(box.value);
    });
  });

  document.getElementById("new-conversation").addEventListener("click", function () {
    sessionStorage.removeItem(STORE);
  });

  box.addEventListener("keydown", function (event) {
    // Enter asks; Shift+Enter makes a new line
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      ask(box.value);
    }
  });

  // coming back from a document page: show the conversation again
  if (!log.querySelector(".turn")) {
    var saved = load();
    saved.forEach(function (data, i) { log.appendChild(renderTurn(i + 1, data)); });
    if (saved.length) {
      examples.hidden = true;
      label.textContent = "Ask a follow-up question";
    }
  }
}());
