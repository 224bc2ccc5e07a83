"""`scrutiny commitments` as a user runs it: filters, overdue, CSV, and clear errors."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

from scrutiny.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["commitments", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_lists_the_actions_of_an_owner(bundled_index, capsys):
    code, out, _ = run(capsys, "--owner", "criminal justice", "--kind", "action",
                       "--index-dir", str(bundled_index))
    assert code == 0
    assert out.startswith("1 of ")
    assert "[action] Q4 2021/22 (due 2022-03-31) · Commander Criminal Justice" in out
    assert "We will survey victims of the most serious crimes" in out


def test_overdue_on_a_date_lists_only_what_was_due_before_it(bundled_index, capsys):
    code, out, _ = run(capsys, "--overdue-on", "2022-01-01", "--doc", "harrow-osc-minutes-2021-12-14",
                       "--csv", "--index-dir", str(bundled_index))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and all(r["due"] < "2022-01-01" for r in rows)
    assert {r["kind"] for r in rows} == {"action"}
    assert any(r["text"].startswith("We will complete the delivery of DA Matters training") for r in rows)
    assert not any(r["deadline"] == "Q4 2021/22" for r in rows)


def test_csv_has_every_field_and_links_responses(bundled_index, capsys):
    code, out, _ = run(capsys, "--doc", "mopac-letter-pcc-recommendations-2022-03-23", "--kind", "response",
                       "--csv", "--index-dir", str(bundled_index))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    grouped = next(r for r in rows if r["text"].startswith("I group these two recommendations"))
    assert grouped["numbers"] == "14;16"
    assert grouped["answers"].endswith(":recommendation:14;mopac-letter-pcc-recommendations-2022-03-23"
                                       ":recommendation:16")
    assert grouped["quote"] and grouped["start"].isdigit()


def test_due_before_takes_a_date_and_rejects_anything_else(bundled_index, capsys):
    code, out, _ = run(capsys, "--due-before", "2018-10-01", "--index-dir", str(bundled_index))
    assert code == 0 and "[milestone] Quarter 2, 2018-19 (due 2018-09-30)" in out
    code, _, err = run(capsys, "--due-before", "next week", "--index-dir", str(bundled_index))
    assert code == 2 and "YYYY-MM-DD" in err and "next week" in err


def test_unknown_document_is_named(bundled_index, capsys):
    code, _, err = run(capsys, "--doc", "nope", "--index-dir", str(bundled_index))
    assert code == 2 and "unknown document nope" in err


def test_an_index_built_before_the_register_asks_for_a_rebuild(bundled_index, tmp_path, capsys):
    build = (bundled_index / "current").resolve()
    old = tmp_path / "old"
    shutil.copytree(build, old / "builds" / build.name)
    (old / "builds" / build.name / "commitments.json").unlink()
    (old / "current").symlink_to(Path("builds") / build.name)
    code, _, err = run(capsys, "--index-dir", str(old))
    assert code == 2 and "rebuild it with: scrutiny index" in err


def test_an_index_of_an_older_format_names_the_index_folder_to_rebuild(bundled_index, tmp_path, capsys):
    build = (bundled_index / "current").resolve()
    old = tmp_path / "old"
    shutil.copytree(build, old / "builds" / build.name)
    manifest = old / "builds" / build.name / "manifest.json"
    manifest.write_text(json.dumps({**json.loads(manifest.read_text()), "format_version": 1}))
    (old / "current").symlink_to(Path("builds") / build.name)
    code, _, err = run(capsys, "--index-dir", str(old))
    assert code == 2 and f"rebuild it with: scrutiny index corpus --index-dir {old}\n" in err


def test_a_missing_index_is_an_error_message(tmp_path, capsys):
    code, _, err = run(capsys, "--index-dir", str(tmp_path / "none"))
    assert code == 2 and "no index" in err
