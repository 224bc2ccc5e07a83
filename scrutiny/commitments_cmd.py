"""`scrutiny commitments`: list the commitments register, filtered, as text or CSV.

Reads only the index files (no model), so it answers in about a second.
"""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from datetime import date
from pathlib import Path

from indexer.schema import COMMITMENT_KINDS, Commitment
from indexer.store import read_current
from retriever.commitments import filter_commitments, parse_date
from retriever.filter_checks import check_doc_ids
from retriever.commitments_csv import write_csv
from scrutiny.settings import Settings


def add_commitments_parser(sub: argparse._SubParsersAction) -> None:
    """The `commitments` subcommand and its options."""
    parser = sub.add_parser("commitments", help="list who promised what, by when (the commitments register)")
    parser.add_argument("--owner", metavar="TEXT", help="only owners containing TEXT (any case)")
    parser.add_argument("--kind", action="append", default=[], choices=COMMITMENT_KINDS,
                        help="only this kind (repeatable)")
    parser.add_argument("--doc", action="append", default=[], metavar="ID", help="only this document (repeatable)")
    parser.add_argument("--text", metavar="TEXT", help="only commitments whose text or owner contains TEXT")
    parser.add_argument("--due-before", metavar="DATE", help="due strictly before DATE (YYYY-MM-DD or today)")
    parser.add_argument("--due-after", metavar="DATE", help="due strictly after DATE (YYYY-MM-DD or today)")
    parser.add_argument("--overdue-on", metavar="DATE",
                        help="actions, pledges, milestones and resolutions already due by DATE (or today)")
    parser.add_argument("--csv", action="store_true", help="print CSV (every field) instead of text")
    parser.add_argument("--index-dir", type=Path, help="the index to read (default: index)")
    parser.set_defaults(handler=run_commitments)


def run_commitments(args: argparse.Namespace, settings: Settings) -> int:
    """Load the register from the current build, filter it, print it."""
    data = read_current(settings.index_dir, vector_keys=False)
    data.require_register()
    check_doc_ids(args.doc, (d.doc_id for d in data.documents))
    found = filter_commitments(data.commitments, owner=args.owner, kinds=tuple(args.kind),
                               doc_ids=tuple(args.doc), due_before=_date(args.due_before, "--due-before"),
                               due_after=_date(args.due_after, "--due-after"),
                               overdue_on=_date(args.overdue_on, "--overdue-on"), text=args.text)
    try:
        if args.csv:
            write_csv(found, sys.stdout)
        else:
            print(format_commitments(found, len(data.commitments)))
        sys.stdout.flush()
    except BrokenPipeError:  # `scrutiny commitments --csv | head`: the reader has all it wants
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def format_commitments(commitments: list[Commitment], total: int) -> str:
    """The register as a person reads it: kind, deadline, owner, document, then the words."""
    lines = [f"{len(commitments)} of {total} commitments"]
    for c in commitments:
        when = f"{c.deadline} (due {c.due})" if c.deadline and c.due else (c.deadline or "no deadline")
        who = c.owner or c.body or "-"
        number = f" {'+'.join(c.numbers)}" if c.numbers else ""
        lines.append(f"\n[{c.kind}{number}] {when} · {who} · {c.doc_id} ({c.document_date or 'undated'})")
        if c.kind == "response" and c.answers:
            lines.append(f"    answers recommendation {', '.join(c.numbers)}")
        lines.append(textwrap.indent(textwrap.shorten(c.text, 300), "    "))
    return "\n".join(lines)


def _date(value: str | None, name: str) -> date | None:
    return None if value is None else parse_date(value, name)
