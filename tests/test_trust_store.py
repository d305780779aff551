"""Issue 10, the store's side: nothing lost (orphans of a crash, partial restores, the demo and pain imports
undone whole), bounded and clear (a lock told from damage, foreign files refused, CLI arguments).

Each test names its item; every one fails on the code before the fix."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import os
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import duckdb
import pytest

from rehab.cli.common import leaf_commands
from rehab.cli.main import build_parser, main
from rehab.demo import load_demo
from rehab.imports.diaries import import_pain_csv
from rehab.imports.pipeline import import_file, undo_import
from rehab.output.export import RestoreError, export_bytes, restore_zip
from rehab.pain.diary import add_pain, load_pain
from rehab.storage.db import NotAStore, StoreDamaged, StoreLocked, connect
from tests.test_workspace import strong_file

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def counts(con) -> dict[str, int]:
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("sets", "imports", "rejects", "pain")}


# ----------------------------------------------------------------- 9: orphans of an interrupted commit


def test_item9_rows_without_an_import_are_removed_on_open_and_reported_once(tmp_path, caplog):
    """What a crash at the commit leaves (sets, rejects and pain of a batch with no ``imports`` row) is
    removed when the store is opened for writing, in one go, reported once; everything else stays."""
    db = tmp_path / "r.duckdb"
    con = connect(db)
    import_file(con, strong_file(tmp_path / "a.csv", "Squat", [100, 105]), unit="kg")
    add_pain(con, "2025-03-01", 3, area="knee")  # diary: no batch, never an orphan
    kept = counts(con)
    orphan = 17
    con.execute("INSERT INTO sets SELECT ?, source_line, workout_start + INTERVAL 1 DAY, day + 1, workout_name, "
                "workout_notes, workout_duration_s, exercise, exercise_raw, set_index, set_kind, reps, weight_kg, "
                "distance_m, duration_s, rpe, notes, superset_id, source_app, source_form, content_key || 'x' "
                "FROM sets", [orphan])
    con.execute("INSERT INTO rejects VALUES (?, 9, 'bad', 'x')", [orphan])
    con.execute("INSERT INTO pain SELECT 'p' || pain_id, ts, day, area, score, context, note, 'notes', FALSE, ?, "
                "NULL, NULL, updated_at FROM pain", [orphan])
    con.close()

    with caplog.at_level(logging.WARNING, logger="rehab"):
        con = connect(db)
    assert counts(con) == kept
    msgs = [r.getMessage() for r in caplog.records if r.name == "rehab"]
    assert len(msgs) == 1 and "2 sets" in msgs[0] and "1 rejects" in msgs[0] and "1 pain" in msgs[0], msgs
    con.close()
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="rehab"):
        connect(db).close()
    assert not [r for r in caplog.records if r.name == "rehab"]


def test_item9_cli_reports_the_repair_once_on_stderr(tmp_path, capsys):
    db = tmp_path / "r.duckdb"
    con = connect(db)
    import_file(con, strong_file(tmp_path / "a.csv", "Squat", [100]), unit="kg")
    con.execute("UPDATE sets SET batch_id = 5")  # its import row is gone: an orphan
    con.close()
    code, out, err = run(capsys, "summary", "--json", "--db", str(db))
    assert code == 0 and json.loads(out)["sets"] == 0
    assert err.startswith("warning: ") and "1 sets" in err and "interrupted" in err
    code, _, err = run(capsys, "summary", "--db", str(db))
    assert (code, err) == (0, "")


def test_item9_pain_csv_imports_made_before_their_history_row_are_kept(tmp_path):
    """Migration 5 gives old pain CSV batches (no ``imports`` row then) a history row: the repair keeps them."""
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    from rehab.storage.schema import MIGRATIONS

    con.execute("CREATE TABLE schema_migrations (version INTEGER NOT NULL, description VARCHAR, "
                "applied_at TIMESTAMP NOT NULL)")
    for v, desc, sql in MIGRATIONS:
        if v <= 3:
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [v, desc])
    con.execute("INSERT INTO pain VALUES ('a', '2025-03-01', '2025-03-01', 'knee', 3, 'rest', NULL, 'csv', FALSE, "
                "42, NULL, NULL, now())")
    con.close()
    con = connect(db)
    assert counts(con)["pain"] == 1
    assert con.execute("SELECT app, form, sets_added FROM imports WHERE batch_id = 42").fetchall() == [
        ("pain", "pain_csv", 1)]


# ----------------------------------------------------------------- 11: a restore must be complete


def _edited(zipped: bytes, keep: set[str] | None) -> bytes:
    """The export with its manifest listing only ``keep`` (None: ``"tables": {}``)."""
    src = zipfile.ZipFile(io.BytesIO(zipped))
    manifest = json.loads(src.read("manifest.json"))
    manifest["tables"] = {t: m for t, m in manifest["tables"].items() if keep and t in keep}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename != "manifest.json":
                dst.writestr(info, src.read(info))
        dst.writestr("manifest.json", json.dumps(manifest))
    return out.getvalue()


@pytest.mark.parametrize("keep", [{"sets"}, {"sets", "imports", "rejects"}, None], ids=["sets", "no-pain", "empty"])
def test_item11_restore_replace_refuses_a_manifest_missing_tables(tmp_path, keep):
    con = connect(":memory:")
    load_demo(con, end=dt.date(2026, 11, 23))
    zipped = export_bytes(con)
    before = counts(con)
    with pytest.raises(RestoreError, match="incomplete export: it lacks the table"):
        restore_zip(con, _edited(zipped, keep), replace=True)
    assert counts(con) == before  # the pain diary and the history are still there
    fresh = connect(":memory:")
    with pytest.raises(RestoreError, match="incomplete export"):
        restore_zip(fresh, _edited(zipped, keep))
    assert restore_zip(con, zipped, replace=True)["pain"] == before["pain"]  # the complete file restores


def test_item11_cli_restore_replace_of_an_empty_manifest_fails_and_keeps_data(tmp_path, capsys):
    db = tmp_path / "r.duckdb"
    con = connect(db)
    load_demo(con, end=dt.date(2026, 11, 23))
    (tmp_path / "cut.zip").write_bytes(_edited(export_bytes(con), None))
    before = counts(con)
    con.close()
    code, out, err = run(capsys, "restore", str(tmp_path / "cut.zip"), "--replace", "--db", str(db))
    assert code == 2 and "restored from" not in out and "incomplete export" in err
    con = connect(db)
    assert counts(con) == before


# ----------------------------------------------------------------- 12: the demo belongs to its batch


def test_item12_undoing_the_demo_removes_its_pain(tmp_path):
    con = connect(tmp_path / "r.duckdb")
    load_demo(con, end=dt.date(2026, 11, 23))
    add_pain(con, "2026-11-20", 2, area="knee", note="my own entry")
    (batch,) = con.execute("SELECT batch_id FROM imports").fetchone()
    assert con.execute("SELECT count(*) FROM pain WHERE batch_id = ?", [batch]).fetchone()[0] > 100
    undo_import(con, batch)
    left = load_pain(con)
    assert left["note"].tolist() == ["my own entry"]


def test_item12_demo_is_loaded_only_into_a_store_that_never_had_an_import(tmp_path, capsys):
    db = str(tmp_path / "r.duckdb")
    code, out, _ = run(capsys, "demo", "--db", db)
    assert code == 0 and out.startswith("demo loaded")
    code, out, _ = run(capsys, "imports", "--json", "--db", db)
    (batch,) = [r["batch_id"] for r in json.loads(out)]
    code, out, _ = run(capsys, "undo", str(batch), "--db", db)
    assert code == 0 and "pain entries" in out
    code, out, _ = run(capsys, "demo", "--db", db)  # `make run` again: the store has had an import
    assert code == 0 and "not loaded" in out
    con = connect(db)
    assert counts(con) == {"sets": 0, "imports": 0, "rejects": 0, "pain": 0}
    con.close()
    assert run(capsys, "demo", "--force", "--db", db)[0] == 0
    con = connect(db)
    pain = counts(con)["pain"]
    con.close()
    assert run(capsys, "demo", "--force", "--db", db)[0] == 0  # twice: its pain is not doubled
    con = connect(db)
    assert counts(con)["pain"] == pain


# ----------------------------------------------------------------- 13: pain CSV imports are batches


def test_item13_pain_csv_import_is_listed_and_undone_as_a_batch(tmp_path, capsys):
    db = str(tmp_path / "r.duckdb")
    add_pain(connect(db), "2025-03-09", 1, note="diary")
    code, out, _ = run(capsys, "pain", "import", str(FIXTURES / "pain_diary.csv"), "--db", db)
    assert code == 0
    code, out, _ = run(capsys, "imports", "--json", "--db", db)
    (row,) = json.loads(out)
    assert (row["form"], row["sets_read"], row["sets_added"], row["duplicates"]) == ("pain_csv", 6, 5, 1)
    assert row["file_name"].endswith("pain_diary.csv")
    code, out, _ = run(capsys, "undo", str(row["batch_id"]), "--db", db)
    assert (code, out.strip()) == (0, f"removed import #{row['batch_id']} (0 sets, 5 pain entries)")
    con = connect(db)
    assert load_pain(con)["note"].tolist() == ["diary"] and counts(con)["imports"] == 0


def test_item13_pain_import_report_and_history_agree(tmp_path):
    con = connect(tmp_path / "r.duckdb")
    rep = import_pain_csv(con, FIXTURES / "pain_diary.csv")
    hist = con.execute("SELECT batch_id, sets_added FROM imports").fetchall()
    assert hist == [(rep.batch_id, 5)]
    assert con.execute("SELECT count(*) FROM pain WHERE batch_id = ?", [rep.batch_id]).fetchone()[0] == 5


# ----------------------------------------------------------------- 15: a lock is not corruption


@pytest.fixture
def held(tmp_path):
    """A store file held open for writing by another process (like a running import)."""
    db = tmp_path / "held.duckdb"
    connect(db).close()
    proc = subprocess.Popen([sys.executable, "-c", "import sys, time, duckdb; c = duckdb.connect(sys.argv[1]); "
                             "print('ready', flush=True); time.sleep(120)", str(db)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    yield db, proc
    proc.kill()
    proc.wait()


def _damaged(tmp_path: Path) -> Path:
    db = tmp_path / "flipped.duckdb"
    con = connect(db)
    import_file(con, strong_file(tmp_path / "a.csv", "Squat", [100, 105]), unit="kg")
    con.execute("CHECKPOINT")
    con.close()
    data = bytearray(db.read_bytes())
    data[4096 + 50] ^= 0xFF  # a bit flip in the first header block
    db.write_bytes(bytes(data))
    return db


def test_item15_bit_flipped_file_is_damaged_not_in_use(tmp_path, capsys):
    db = _damaged(tmp_path)
    with pytest.raises(StoreDamaged) as exc:
        connect(db)
    assert not isinstance(exc.value, StoreLocked)
    code, _out, err = run(capsys, "summary", "--db", str(db))
    assert code == 2 and "damaged database file" in err and str(db) in err and "in use" not in err


def test_item15_lock_held_by_another_process_names_it(held, capsys):
    db, proc = held
    with pytest.raises(StoreLocked) as exc:
        connect(db)
    assert exc.value.pid == proc.pid and "python -c" in (exc.value.holder or "")
    code, _, err = run(capsys, "summary", "--db", str(db))
    assert code == 2 and "in use by another process" in err and f"PID {proc.pid}" in err
    assert "damaged" not in err


# ----------------------------------------------------------------- 16: only our own files are opened


def _tables(path: Path) -> list[str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return sorted(t for (t,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall())
    finally:
        con.close()


def test_item16_foreign_duckdb_file_with_a_sets_table_is_refused_untouched(tmp_path, capsys):
    db = tmp_path / "other.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE sets (id INTEGER, reps INTEGER)")
    con.execute("INSERT INTO sets VALUES (1, 5)")
    con.close()
    with pytest.raises(NotAStore, match="another program"):
        connect(db)
    code, _, err = run(capsys, "import", strong_file(tmp_path / "a.csv", "Squat", [100]), "--unit", "kg",
                       "--db", str(db))
    assert code == 2 and "another program" in err and str(db) in err
    assert _tables(db) == ["sets"]


def test_item16_sqlite_file_is_refused_without_loading_an_extension(tmp_path, capsys, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))  # DuckDB's extension directory lives under it
    db = tmp_path / "app.db"
    s = sqlite3.connect(db)
    s.execute("CREATE TABLE sets (x)")
    s.commit()
    s.close()
    before = db.read_bytes()
    code, _, err = run(capsys, "summary", "--db", str(db))
    assert code == 2 and "SQLite database" in err and "extension" not in err.lower()
    assert db.read_bytes() == before and not (home / ".duckdb").exists()


def test_item16_no_extension_is_autoloaded_on_a_store(tmp_path):
    con = connect(tmp_path / "r.duckdb")
    got = con.execute("SELECT current_setting('autoload_known_extensions'), "
                      "current_setting('autoinstall_known_extensions')").fetchone()
    assert got == (False, False)


def test_item16_empty_file_and_new_file_open(tmp_path):
    empty = tmp_path / "empty.duckdb"
    empty.write_bytes(b"")
    connect(empty).close()
    assert "rehab_store" in _tables(empty)
    connect(tmp_path / "new" / "r.duckdb").close()


def test_item16_empty_db_argument_is_refused(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REHAB_DB", raising=False)
    with pytest.raises(SystemExit) as exc:
        main(["summary", "--db", ""])
    assert exc.value.code == 2 and "--db is empty" in capsys.readouterr().err
    assert not (tmp_path / "data").exists()
    with pytest.raises(NotAStore):
        connect("")


# ----------------------------------------------------------------- 17: CLI arguments


@pytest.mark.parametrize("days", ["inf", "1e12", "nan", "-1", "0"])
def test_item17_share_days_out_of_range_is_a_clear_error(tmp_path, days):
    proc = subprocess.run([sys.executable, "-m", "rehab", "share", "create", "physio", "--days", days,
                           "--db", str(tmp_path / "r.duckdb")], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "--days" in proc.stderr, proc.stderr


def test_item17_share_create_with_db_after_the_action(tmp_path, capsys):
    db = str(tmp_path / "r.duckdb")
    code, out, err = run(capsys, "share", "create", "physio", "--days", "7", "--json", "--db", db)
    assert (code, err) == (0, "") and "?share=" in json.loads(out)["url"]
    code, out, _ = run(capsys, "--db", db, "share", "list", "--json")
    assert code == 0 and [r["label"] for r in json.loads(out)] == ["physio"]


def test_item17_every_command_accepts_db_after_it():
    leaves = list(leaf_commands(build_parser()).items())
    assert len(leaves) > 10
    for path, parser in leaves:
        assert "--db" in parser._option_string_actions, path


def test_item17_db_before_the_command_is_not_overwritten(tmp_path, capsys):
    db = str(tmp_path / "r.duckdb")
    import_file(connect(db), strong_file(tmp_path / "a.csv", "Squat", [100]), unit="kg")
    code, out, _ = run(capsys, "--db", db, "summary", "--json")
    assert code == 0 and json.loads(out)["sets"] == 1


def test_item20_cli_share_links_use_the_public_url(tmp_path, monkeypatch):
    monkeypatch.setenv("REHAB_PUBLIC_URL", "https://rehab.example.org/")
    proc = subprocess.run([sys.executable, "-m", "rehab", "share", "create", "physio", "--json", "--db",
                           str(tmp_path / "r.duckdb")], capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={**os.environ})
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["url"].startswith("https://rehab.example.org/?share=")


def test_item15_lock_is_told_apart_while_the_holder_lives_only(held):
    """Once the holder is gone, the same file opens: the lock was never mistaken for damage."""
    db, proc = held
    with pytest.raises(StoreLocked):
        connect(db)
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 10
    while True:
        try:
            connect(db).close()
            break
        except StoreLocked:
            assert time.monotonic() < deadline
            time.sleep(0.1)


def test_item13_session_csv_import_is_a_batch_and_survives_the_repair(tmp_path, capsys):
    from rehab.imports.diaries import import_sessions_csv
    from rehab.pain.sessions import load_sessions

    db = tmp_path / "r.duckdb"
    csv_file = tmp_path / "sessions.csv"
    csv_file.write_text("date,workout,intent,feel,note\n2026-03-02,Lower A,deload,good,\n"
                        "2026-03-04,,peaking,hard,opener singles\n", encoding="utf-8")
    con = connect(db)
    rep = import_sessions_csv(con, csv_file)
    con.close()
    con = connect(db)  # reopened for writing: its rows have a history row, so the repair keeps them
    assert len(load_sessions(con)) == 2
    assert con.execute("SELECT form, sets_added FROM imports WHERE batch_id = ?", [rep.batch_id]).fetchall() == [
        ("session_csv", 2)]
    con.close()
    code, _, _ = run(capsys, "undo", str(rep.batch_id), "--db", str(db))
    assert code == 0
    assert len(load_sessions(connect(db))) == 0
