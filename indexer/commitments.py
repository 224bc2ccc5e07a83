"""The commitments register: every action, pledge, recommendation, response, resolution and
milestone of a document, with who, what, by when, and a verbatim quote.

Each kind has its own extractor (action_table, recommendations, pledges, milestones,
resolutions); this module runs them on the cleaned document text, keeps one record per
stretch of text (an action row is not also a pledge), and fills in what they share: ids,
quotes, sections, the document's date and the committing body.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from indexer.action_table import extract_action_rows
from indexer.delimited_rows import extract_delimited_rows
from indexer.milestones import extract_milestones
from indexer.pledges import extract_pledges
from indexer.recommendations import extract_recommendations, is_reply
from indexer.resolutions import extract_resolutions
from indexer.schema import Commitment, Document
from indexer.structure import section_at

# Bodies an embedded plan may belong to, by the names documents call them. A plan appended to
# another body's papers (the Met's action plan in a council's minutes) commits its own author.
_BODIES = {
    "Metropolitan Police Service": (r"\bthe Met\b", r"\bMPS\b", r"\bMetropolitan Police\b"),
    "Mayor's Office for Policing and Crime (MOPAC)": (r"\bMOPAC\b",),
    "London Assembly": (r"\bLondon Assembly\b",),
}
_COMMITTEE_RE = re.compile(r"((?:[A-Z][\w']*\s)+(?:and\s(?:[A-Z][\w']*\s)+)?Committee)\b")
_MIN_MENTIONS = 5


def extract_commitments(document: Document) -> list[Commitment]:
    """All commitments of one cleaned document, in text order, each quoting it verbatim."""
    text = document.text
    flattened = extract_action_rows(text)
    actions = flattened + [r for r in extract_delimited_rows(text) if not _overlaps(r, flattened)]
    replies = document.meta.kind == "letter" or is_reply(text)
    recommendations = extract_recommendations(text, replies=replies)
    milestones = [m for m in extract_milestones(text) if not _overlaps(m, actions)]
    taken = [(c.start, c.end) for c in actions + recommendations + milestones
             if c.kind != "response"]
    pledges = extract_pledges(text, taken)
    resolutions = extract_resolutions(text)
    plan_body, plan_zone = _embedded_plan(document, actions)
    records = []
    for record in sorted(actions + recommendations + milestones + pledges + resolutions,
                         key=lambda c: (c.start, c.kind)):
        body = record.body or _body_for(document, record, plan_body, plan_zone)
        records.append(replace(record, doc_id=document.doc_id, quote=text[record.start:record.end],
                               body=body, document_date=document.meta.date,
                               section=_section(document, record)))
    return _with_ids(document.doc_id, records)


def _with_ids(doc_id: str, records: list[Commitment]) -> list[Commitment]:
    """Ordinal ids per kind; recommendations and responses keep their numbers."""
    counts: Counter[str] = Counter()
    named: list[Commitment] = []
    for record in records:
        if record.id.startswith(":"):  # ":recommendation:14" from the recommendations extractor
            named.append(replace(record, id=doc_id + record.id))
            continue
        counts[record.kind] += 1
        named.append(replace(record, id=f"{doc_id}:{record.kind}:{counts[record.kind]:03d}"))
    return [replace(r, answers=tuple(doc_id + a if a.startswith(":") else a for a in r.answers),
                    answered_by=(doc_id + r.answered_by if r.answered_by and r.answered_by.startswith(":")
                                 else r.answered_by))
            for r in named]


def _section(document: Document, record: Commitment) -> str | None:
    """The document's section path, plus the action table's own heading when it has one."""
    section = section_at(document.sections, record.start)
    path = section.path if section else None
    label = record.section if record.kind == "action" else None
    if label and not (path or "").endswith(label):
        return f"{path} > {label}" if path else label
    return path


def _embedded_plan(document: Document, actions: list[Commitment]
                   ) -> tuple[str | None, tuple[int, int] | None]:
    """The body behind a document's action tables, and the stretch of text its plan covers."""
    if not actions:
        return None, None
    top = [s for s in document.sections if s.level == 1 and s.start <= actions[0].start]
    start = top[-1].start if top else 0
    ends = [s.end for s in document.sections if s.level == 1 and s.start <= actions[-1].start]
    zone = (start, max(ends) if ends else len(document.text))
    counts = Counter({name: sum(len(re.findall(p, document.text[zone[0]:zone[1]])) for p in patterns)
                      for name, patterns in _BODIES.items()})
    (best, top_count), *rest = counts.most_common() + [("", 0)]
    runner_up = rest[0][1] if rest else 0
    if top_count >= _MIN_MENTIONS and top_count >= 2 * runner_up:
        return best, zone
    return None, zone


def _body_for(document: Document, record: Commitment, plan_body: str | None,
              plan_zone: tuple[int, int] | None) -> str | None:
    if plan_body and plan_zone and plan_zone[0] <= record.start < plan_zone[1] \
            and record.kind in ("action", "pledge"):
        return plan_body
    if record.kind == "resolution":
        committee = _COMMITTEE_RE.search(document.meta.title) or _COMMITTEE_RE.search(document.text[:400])
        if committee:
            return committee.group(1).strip()
    return document.meta.publisher


def _overlaps(record: Commitment, others: list[Commitment]) -> bool:
    return any(record.start < o.end and o.start < record.end for o in others)
