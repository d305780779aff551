"""The import pipeline: idempotency, transactions, undo, history and rejects.

Fixtures are small Strong form-A files written in ``tmp_path``; totals are
checked against sums computed here from the rows we wrote.
"""

from __future__ import annotations

import pytest

from rehab.imports import pipeline as ingest
from rehab.imports.base import ImportFailure
from rehab.imports.pipeline import import_file, undo_import
from rehab.storage.queries import summary

HEADER = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"


def strong(tmp_path, name: str, rows: list[str]) -> str:
    path = tmp_path / name
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return str(path)


def row(date="2024-03-01 10:00:00", ex="Squat (Barbell)", order="1", weight="100", reps="5", note="", rpe=""):
    return f'{date},"Legs",45m,"{ex}",{order},{weight},{reps},0,0,{note},,{rpe}'


def table_snapshot(con) -> dict:
    cur = con.cursor()
    out = {}
    for table in ("sets", "imports", "rejects", "pain"):
        out[table] = cur.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
    return out


EARLY = [
    row("2024-03-01 10:00:00", "Squat (Barbell)", "1", "100", "5"),
    row("2024-03-01 10:00:00", "Squat (Barbell)", "2", "100", "5"),
    row("2024-03-01 10:00:00", "Bench Press (Barbell)", "1", "60", "6"),
    row("2024-03-03 09:30:00", "Deadlift (Barbell)", "1", "140", "3"),
]
# The same sessions re-exported later: reps written 6.0, weights with float
# noise, plus one new workout.
LATER = [
    row("2024-03-01 10:00:00", "Squat (Barbell)", "1", "100.00000001", "5.0"),
    row("2024-03-01 10:00:00", "Squat (Barbell)", "2", "99.999999997", "5"),
    row("2024-03-01 10:00:00", "Bench Press (Barbell)", "1", "60.0", "6.0"),
    row("2024-03-03 09:30:00", "Deadlift (Barbell)", "1", "140.0000000002", "3.0"),
    row("2024-03-05 18:00:00", "Squat (Barbell)", "1", "105", "5"),
    row("2024-03-05 18:00:00", "Squat (Barbell)", "2", "105", "5"),
]


def test_same_file_twice_adds_nothing(db, tmp_path):
    f = strong(tmp_path, "a.csv", EARLY)
    first = import_file(db, f, unit="kg")
    totals = summary(db)
    second = import_file(db, f, unit="kg")
    assert (first.sets_added, first.duplicates) == (4, 0)
    assert (second.sets_read, second.sets_added, second.duplicates) == (4, 0, 4)
    assert summary(db) == totals
    assert totals["sets"] == 4 and totals["reps_total"] == 19
    assert totals["volume_kg"] == pytest.approx(100 * 5 * 2 + 60 * 6 + 140 * 3)


def test_overlapping_exports_equal_the_full_history_once(tmp_path):
    from rehab.storage.db import connect

    early, later = strong(tmp_path, "early.csv", EARLY), strong(tmp_path, "later.csv", LATER)
    both = connect(tmp_path / "both.duckdb")
    import_file(both, early, unit="kg")
    rep = import_file(both, later, unit="kg")
    assert (rep.sets_added, rep.duplicates) == (2, 4)
    only = connect(tmp_path / "only.duckdb")
    import_file(only, later, unit="kg")
    assert summary(both) == summary(only)
    # Reverse order too: the later export first, then the early one adds nothing.
    rev = connect(tmp_path / "rev.duckdb")
    import_file(rev, later, unit="kg")
    assert import_file(rev, early, unit="kg").sets_added == 0
    assert summary(rev) == summary(only)


def test_identical_sets_stay_distinct(db, tmp_path):
    """3 x 5 @ 100 without set numbers (a blank Set Order is not allowed in Strong,
    so use the same order thrice, as broken exports do) and with them."""
    same = [row(order=str(i)) for i in (1, 2, 3)]
    rep = import_file(db, strong(tmp_path, "a.csv", same), unit="kg")
    assert rep.sets_added == 3
    assert summary(db)["sets"] == 3
    assert import_file(db, strong(tmp_path, "b.csv", same), unit="kg").sets_added == 0
    # Truly identical rows (same set order too) are kept as logged, and stay idempotent.
    dup = [row(date="2024-04-01 10:00:00", order="1")] * 3
    assert import_file(db, strong(tmp_path, "c.csv", dup), unit="kg").sets_added == 3
    assert import_file(db, strong(tmp_path, "c2.csv", dup), unit="kg").sets_added == 0
    # A later export with a fourth identical set adds exactly one.
    assert import_file(db, strong(tmp_path, "d.csv", dup + dup[:1]), unit="kg").sets_added == 1
    assert summary(db)["sets"] == 7


def test_failure_in_commit_leaves_database_unchanged(db, tmp_path, monkeypatch):
    import_file(db, strong(tmp_path, "a.csv", EARLY), unit="kg")
    before = table_snapshot(db)
    calls = []
    real = ingest._insert_rejects

    def boom(*args, **kwargs):
        calls.append(1)
        real(*args, **kwargs)  # the sets and rejects are already inserted in the transaction
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(ingest, "_insert_rejects", boom)
    bad_row = row(date="2024-03-07 10:00:00", weight="heavy")
    with pytest.raises(RuntimeError, match="disk on fire"):
        import_file(db, strong(tmp_path, "b.csv", [*LATER, bad_row]), unit="kg")
    assert calls == [1]
    assert table_snapshot(db) == before
    # The connection is still usable and a retry succeeds.
    monkeypatch.setattr(ingest, "_insert_rejects", real)
    rep = import_file(db, strong(tmp_path, "b.csv", [*LATER, bad_row]), unit="kg")
    assert (rep.sets_added, rep.rejected) == (2, 1)


def test_interrupt_in_commit_rolls_back(db, tmp_path, monkeypatch):
    """KeyboardInterrupt (Ctrl-C) is not an Exception but must roll back too."""
    before = table_snapshot(db)

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(ingest, "_insert_history", interrupt)
    with pytest.raises(KeyboardInterrupt):
        import_file(db, strong(tmp_path, "a.csv", EARLY), unit="kg")
    assert table_snapshot(db) == before


def test_undo_removes_exactly_one_batch(db, tmp_path):
    a = import_file(db, strong(tmp_path, "a.csv", [*EARLY, row(weight="x")]), unit="kg")
    after_a = table_snapshot(db)
    b = import_file(db, strong(tmp_path, "b.csv", [*LATER, row(reps="many"), row(reps="-3")]), unit="kg")
    assert (b.sets_added, b.rejected) == (2, 2)
    assert undo_import(db, b.batch_id) == 2
    assert table_snapshot(db) == after_a
    assert undo_import(db, a.batch_id) == 4
    snap = table_snapshot(db)
    assert snap["sets"] == [] and snap["rejects"] == [] and snap["imports"] == []
    with pytest.raises(ImportFailure, match="no import"):
        undo_import(db, a.batch_id)


def test_import_history_rows(db, tmp_path):
    a = import_file(db, strong(tmp_path, "a.csv", [*EARLY, row(weight="x")]), unit="kg", display_name="mine.csv")
    b = import_file(db, strong(tmp_path, "b.csv", LATER), unit="lb")
    rows = db.execute(
        "SELECT batch_id, file_name, app, form, unit, sets_read, sets_added, duplicates, rejected, length(sha256) "
        "FROM imports ORDER BY batch_id").fetchall()
    assert rows == [
        (a.batch_id, "mine.csv", "strong", "strong_A", "kg", 5, 4, 0, 1, 64),
        # In lb the weights differ, so nothing is a duplicate of the kg import.
        (b.batch_id, "b.csv", "strong", "strong_A", "lb", 6, 6, 0, 0, 64),
    ]
    assert db.execute("SELECT count(*) FROM sets WHERE batch_id = ?", [a.batch_id]).fetchone()[0] == 4


def test_rejects_keep_line_numbers_after_multiline_notes(db, tmp_path):
    rows = [
        row(note='"first line\nsecond line, with comma\nthird"'),  # lines 2-4
        row(order="2", weight="abc"),  # line 5
        row(order="3", note='"one\n\nblank line inside"'),  # lines 6-8
        row(order="4", reps="5000"),  # line 9
        row(date="1985-06-01 10:00:00"),  # line 10
        row(order="5", weight="2000"),  # line 11
        row(date="not a date"),  # line 12
        row(order="Z"),  # line 13
    ]
    rep = import_file(db, strong(tmp_path, "a.csv", rows), unit="kg")
    got = db.execute("SELECT line, reason, raw FROM rejects WHERE batch_id = ? ORDER BY line",
                     [rep.batch_id]).fetchall()
    assert [(line, reason) for line, reason, _ in got] == [
        (5, "Weight is not a number: 'abc'"),
        (9, "absurd reps (more than 1000)"),
        (10, "date before 1990: 1985-06-01"),
        (11, "absurd weight (more than 1000 kg)"),
        (12, "Date is not a date: 'not a date'"),
        (13, "unknown Set Order: 'Z'"),
    ]
    assert "abc" in got[0][2] and "Squat (Barbell)" in got[0][2]
    lines = db.execute("SELECT source_line, notes FROM sets ORDER BY source_line").fetchall()
    assert lines == [(2, "first line\nsecond line, with comma\nthird"), (6, "one\n\nblank line inside")]
    assert rep.rejected == 6 and rep.sets_added == 2 and rep.sets_read == 8


def test_report_matches_json_contract(db, tmp_path):
    rep = import_file(db, strong(tmp_path, "a.csv", EARLY), unit="kg")
    assert rep.as_json() == {"file": "a.csv", "format": "strong_A", "unit": "kg", "sets_read": 4,
                             "sets_added": 4, "duplicates": 0, "rejected": 0}
