"""Pain diary: validation, edits by id, concurrent writers, the pain CSV, and pain read from notes on import."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pandas as pd
import pytest

from rehab.analytics.areas import pain_for_areas
from rehab.imports.diaries import import_pain_csv
from rehab.imports.pipeline import import_file, undo_import
from rehab.pain.diary import (
    PAIN_COLUMNS,
    PainError,
    add_pain,
    delete_pain,
    edit_pain,
    load_pain,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def count(con) -> int:
    return con.execute("SELECT count(*) FROM pain").fetchone()[0]


def test_add_and_load(db):
    pid = add_pain(db, "2025-03-01", 4, area="Lumbar", context="after", note="after deadlifts")
    add_pain(db, ts=dt.datetime(2025, 3, 2, 18, 30), score="2.5")
    add_pain(db, dt.date(2025, 3, 3), 0)
    df = load_pain(db)
    assert list(df.columns) == list(PAIN_COLUMNS)
    assert df["score"].tolist() == [4.0, 2.5, 0.0]
    first = df.iloc[0]
    assert (first["pain_id"], first["area"], first["context"], first["source"]) == (pid, "lower back", "after", "diary")
    assert first["ts"] == dt.datetime(2025, 3, 1) and not first["is_mention"]
    assert df.iloc[1]["ts"] == dt.datetime(2025, 3, 2, 18, 30)
    assert df["area"].isna().tolist() == [False, True, True]
    assert load_pain(db, "2025-03-02", "2025-03-02")["score"].tolist() == [2.5]
    assert load_pain(db, start=dt.date(2025, 3, 3))["score"].tolist() == [0.0]


def test_empty_load_has_the_documented_columns(db):
    df = load_pain(db)
    assert list(df.columns) == list(PAIN_COLUMNS) and df.empty
    assert str(df["ts"].dtype) == "datetime64[us]" and str(df["score"].dtype) == "float64"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"day": "2025-03-01", "score": 11}, "outside 0-10"),
        ({"day": "2025-03-01", "score": -1}, "outside 0-10"),
        ({"day": "2025-03-01", "score": "lots"}, "not a number"),
        ({"day": "2025-03-01", "score": None}, "score is missing"),
        ({"day": "01/03/2025", "score": 3}, "not YYYY-MM-DD"),
        ({"day": "2025-02-30", "score": 3}, "not YYYY-MM-DD"),
        ({"day": None, "score": 3}, "date is missing"),
        ({"day": "2025-03-01", "score": float("nan")}, "score is missing"),
        ({"day": "2999-01-01", "score": 3}, "in the future"),
        ({"day": "2025-03-01", "score": 3, "context": "gym"}, "context 'gym'"),
        ({"day": "2025-03-01", "score": 3, "area": "jaw"}, "unknown body area"),
    ],
)
def test_add_rejects_bad_input_and_writes_nothing(db, kwargs, message):
    with pytest.raises(PainError, match=message):
        add_pain(db, **kwargs)
    assert count(db) == 0


def test_context_aliases():
    from rehab.pain.diary import parse_context

    assert parse_context("Next morning") == "next_morning"
    assert parse_context("next-morning") == "next_morning"
    assert parse_context("") == "rest"
    assert parse_context("DURING") == "during"


def test_edit_and_delete_by_id(db):
    keep = add_pain(db, "2025-03-01", 4, area="knee")
    other = add_pain(db, "2025-03-01", 4, area="knee")
    edit_pain(db, keep, score=6, area="shoulder", note="pressing", ts="2025-03-01 07:15")
    df = load_pain(db).set_index("pain_id")
    assert (df.loc[keep, "score"], df.loc[keep, "area"], df.loc[keep, "note"]) == (6.0, "shoulder", "pressing")
    assert df.loc[keep, "ts"] == dt.datetime(2025, 3, 1, 7, 15)
    assert (df.loc[other, "score"], df.loc[other, "area"]) == (4.0, "knee")  # the twin is untouched
    edit_pain(db, keep, day="2025-03-04")  # a new day keeps the time of day
    assert load_pain(db).set_index("pain_id").loc[keep, "ts"] == dt.datetime(2025, 3, 4, 7, 15)
    edit_pain(db, keep, note=float("nan"), context=None)  # empty cells from a table editor
    row = load_pain(db).set_index("pain_id").loc[keep]
    assert pd.isna(row["note"]) and row["context"] == "rest"
    edit_pain(db, keep, area=None)
    assert load_pain(db).set_index("pain_id").loc[keep, "area"] != "shoulder"
    with pytest.raises(PainError, match="outside 0-10"):
        edit_pain(db, keep, score=12)
    with pytest.raises(PainError, match="cannot edit source"):
        edit_pain(db, keep, source="csv")
    with pytest.raises(PainError, match="no pain entry"):
        edit_pain(db, "nope", score=1)
    delete_pain(db, other)
    assert load_pain(db)["pain_id"].tolist() == [keep]
    with pytest.raises(PainError, match="no pain entry"):
        delete_pain(db, other)


def test_concurrent_sessions_never_lose_an_entry(db):
    """Two sessions (threads, each with its own cursor) add, edit and delete at once."""
    seed = [add_pain(db, "2025-01-01", 1, note=f"seed {i}") for i in range(20)]
    errors: list[BaseException] = []
    added: dict[str, list[str]] = {"a": [], "b": []}

    def session(name: str, mine: list[str]) -> None:
        cur = db.cursor()
        try:
            for i in range(30):
                added[name].append(add_pain(cur, "2025-02-01", i % 11, note=f"{name} {i}"))
                edit_pain(cur, mine[i % len(mine)], score=(i % 10) + 0.5)
                if i % 10 == 0:
                    delete_pain(cur, added[name][0 if i == 0 else -2])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            cur.close()

    threads = [threading.Thread(target=session, args=("a", seed[:10])),
               threading.Thread(target=session, args=("b", seed[10:]))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    df = load_pain(db)
    assert len(df) == 20 + 60 - 6
    assert set(seed) <= set(df["pain_id"])
    for name in ("a", "b"):
        notes = set(df["note"].dropna())
        assert sum(n.startswith(f"{name} ") for n in notes) == 27


def test_concurrent_edits_of_one_entry_both_land(db):
    pid = add_pain(db, "2025-01-01", 1)

    def edit(field: str, value: object) -> None:
        cur = db.cursor()
        for _ in range(20):
            edit_pain(cur, pid, **{field: value})
        cur.close()

    threads = [threading.Thread(target=edit, args=("score", 7)), threading.Thread(target=edit, args=("note", "x"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    row = load_pain(db).iloc[0]
    assert (row["score"], row["note"]) == (7.0, "x")


# --- CSV ------------------------------------------------------------------------------------


def test_import_pain_csv_and_reimport_adds_nothing(db):
    path = FIXTURES / "pain_diary.csv"
    rep = import_pain_csv(db, path)
    assert (rep.rows_read, rep.added, rep.duplicates) == (6, 5, 1)  # one line repeats another
    df = load_pain(db)
    assert df["source"].unique().tolist() == ["csv"]
    assert df["area"].tolist()[:2] == ["knee", "lower back"] and df["area"].isna().tolist()[2]
    assert df["context"].tolist() == ["rest", "after", "rest", "next_morning", "during"]
    assert df["ts"].tolist()[1] == dt.datetime(2025, 3, 2, 18, 30)
    again = import_pain_csv(db, path)
    assert (again.added, again.duplicates) == (0, 6)
    assert count(db) == 5


def test_csv_entry_already_in_the_diary_is_a_duplicate(db, tmp_path):
    add_pain(db, "2025-03-01", 3, area="knee")
    p = tmp_path / "p.csv"
    p.write_text("date,score,area\n2025-03-01,3,Knee\n2025-03-01,4,knee\n")
    rep = import_pain_csv(db, p)
    assert (rep.added, rep.duplicates) == (1, 1)


def test_csv_with_bad_lines_writes_nothing_and_names_every_line(db):
    path = FIXTURES / "pain_bad.csv"
    with pytest.raises(PainError) as info:
        import_pain_csv(db, path)
    msg = str(info.value)
    assert "pain_bad.csv" in msg and "nothing imported" in msg
    assert [ln for ln, _ in info.value.problems] == [3, 4, 5, 6, 8]
    assert "line 3: score '11' is outside 0-10" in msg
    assert "line 4: date '03/04/2025' is not YYYY-MM-DD" in msg
    assert "line 5: context 'gym'" in msg
    assert "line 6: unknown body area 'jaw'" in msg
    assert "line 8: score is missing" in msg
    assert count(db) == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty"),
        ("day,score\n2025-01-01,3\n", "unknown column.*day.*missing column.*date"),
        ("date,score,pain\n2025-01-01,3,4\n", "unknown column.*pain"),
        ("date,score\n", "no pain entries"),
        ("date,score\n2025-01-01,3,extra\n", "line 2: 3 fields"),
    ],
)
def test_csv_file_level_problems(db, tmp_path, content, message):
    p = tmp_path / "x.csv"
    p.write_text(content)
    with pytest.raises(PainError, match=message):
        import_pain_csv(db, p)
    assert count(db) == 0


def test_csv_semicolons_quotes_and_bom(db, tmp_path):
    p = tmp_path / "x.csv"
    p.write_bytes('\ufeffdate;score;area;note\n2025-01-01;"4,5";knee;"line one\nline two"\n2025-01-02;3;;\n'
                  .encode())
    rep = import_pain_csv(db, p)
    assert rep.added == 2
    df = load_pain(db)
    assert df["score"].tolist() == [4.5, 3.0] and df["note"].iloc[0] == "line one\nline two"


def test_csv_decoded_like_every_export_utf16_and_one_windows_line(db, tmp_path):
    """The diary CSV goes through the exports' decoder: UTF-16 reads, and one Windows-1252 line does not
    turn the UTF-8 lines around it into mojibake (the whole file used to be re-read as Windows-1252)."""
    p = tmp_path / "u16.csv"
    p.write_bytes("date,score,note\n2025-01-01,3,Knie tut weh \u2013 m\u00fcde\n".encode("utf-16"))
    assert import_pain_csv(db, p).added == 1
    q = tmp_path / "mixed.csv"
    q.write_bytes("date,score,note\n2025-01-02,4,caf\u00e9\n".encode() + "2025-01-03,5,m\u00fcde\n".encode("cp1252"))
    assert import_pain_csv(db, q).added == 2
    assert load_pain(db)["note"].tolist() == ["Knie tut weh \u2013 m\u00fcde", "caf\u00e9", "m\u00fcde"]


def test_missing_file(db, tmp_path):
    with pytest.raises(PainError, match="no such file"):
        import_pain_csv(db, tmp_path / "nope.csv")


# --- pain read from notes on import -----------------------------------------------------------


def test_import_reads_pain_from_notes_and_undo_removes_it(db):
    rep = import_file(db, FIXTURES / "pain_strong_notes.csv", unit="kg")
    df = load_pain(db)
    got = {(r.exercise if isinstance(r.exercise, str) else None, r.area if isinstance(r.area, str) else None,
            None if r.score != r.score else r.score, r.is_mention) for r in df.itertuples()}
    assert got == {
        ("Squat (Barbell)", "knee", 4.0, False),
        ("Bench Press (Barbell)", "shoulder", None, True),
        (None, None, 0.0, False),  # "No pain today" in the workout notes
    }
    assert set(df["source"]) == {"notes"} and set(df["context"]) == {"during"}
    rows = db.execute("SELECT DISTINCT batch_id FROM pain").fetchall()
    assert rows == [(rep.batch_id,)]
    squat = df[df["exercise"] == "Squat (Barbell)"].iloc[0]
    assert squat["ts"] == dt.datetime(2025, 3, 3, 18, 0) and squat["day"] == dt.datetime(2025, 3, 3)
    # "RPE 8/10" on the pulldown is not pain
    assert "Lat Pulldown (Cable)" not in set(df["exercise"].dropna())

    again = import_file(db, FIXTURES / "pain_strong_notes.csv", unit="kg")
    assert again.sets_added == 0 and count(db) == 3

    undo_import(db, again.batch_id)
    assert count(db) == 3
    undo_import(db, rep.batch_id)
    assert count(db) == 0


def test_overlapping_export_does_not_repeat_note_pain(db, tmp_path):
    """A later export that repeats a workout with one extra set adds no second copy of its pain."""
    src = (FIXTURES / "pain_strong_notes.csv").read_text()
    first = "\n".join(src.splitlines()[:2]) + "\n"  # header + squat set 1; the full file adds set 2
    (tmp_path / "a.csv").write_text(first)
    import_file(db, tmp_path / "a.csv", unit="kg")
    assert count(db) == 1  # knee 4/10 ("Slept badly" says nothing)
    import_file(db, FIXTURES / "pain_strong_notes.csv", unit="kg")
    assert count(db) == 3  # shoulder mention + "No pain today"; the knee is not repeated


def test_failing_hook_rolls_back_the_import(db, monkeypatch):
    import rehab.pain.notes as notes_mod

    def boom(_text):
        raise RuntimeError("parser broke")

    monkeypatch.setattr(notes_mod, "parse_pain", boom)
    with pytest.raises(RuntimeError):
        import_file(db, FIXTURES / "pain_strong_notes.csv", unit="kg")
    assert db.execute("SELECT count(*) FROM sets").fetchone()[0] == 0
    assert count(db) == 0


def test_pain_for_areas(db):
    add_pain(db, "2025-01-01", 5, area="knee")
    add_pain(db, "2025-01-01", 3, area="shoulder")
    add_pain(db, "2025-01-01", 2)
    df = load_pain(db)
    assert sorted(pain_for_areas(df, ("shoulder", "elbow"))["score"]) == [3.0]  # no area: not pinned on it
    assert len(pain_for_areas(df, ())) == 0
