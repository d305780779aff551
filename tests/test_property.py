"""Property-based tests: whatever bytes arrive, an import is all-or-nothing and never crashes.

Hypothesis mutates small, real-looking exports of every format (drop, duplicate
and swap characters; insert delimiters, quotes, newlines, NULs; replace cells
with random text or numbers; re-encode) and also feeds pure random bytes, with
and without a valid header in front, through ``import_file`` with detection and
with each importer forced. The properties:

* the only exception is :class:`ImportFailure`, with a one-line message that
  starts with the file name;
* on failure every table is unchanged; on success exactly one batch exists with
  exactly ``sets_added`` sets and ``rejected`` rejects, and the report adds up;
* whichever reader the file gets (DuckDB's for plain well-formed UTF-8, the
  Python reader for the rest: ``docs/imports.md``), the above holds.

Every example gets a fresh store (a copy of a migrated template file: opening a
fresh database and migrating costs ~130 ms, copying ~15 ms). ``max_examples``
stays modest so ``make test`` stays fast; the corpus in tests/hostile/ holds the
named cases.
"""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from rehab.imports import FORMAT_NAMES
from rehab.imports.base import ImportFailure
from rehab.imports.pipeline import import_file
from rehab.storage.db import connect

#: One small, valid export per format and header form (our own rows).
SAMPLES: dict[str, str] = {
    "strong_A": (
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"
        '2025-03-01 10:00:00,"Legs",45m,"Squat (Barbell)",1,100,5,0,0,"knee 3/10",,8\n'
        '2025-03-01 10:00:00,"Legs",45m,"Squat (Barbell)",W,60,8,0,0,,,\n'
        '2025-03-01 10:00:00,"Legs",45m,"Squat (Barbell)",Rest Timer,0,0,0,90,,,\n'
        '2025-03-02 18:00:00,"Push",1h 5m,"Bench Press (Barbell)",1,60,8,0,0,"two\nlines",,7.5\n'
    ),
    "strong_B_old": (
        "Date,Workout Name,Exercise Name,Set Order,kg,Reps,km,Seconds,Notes\r\n"
        "2016-05-02 18:00:00,Push,Bench Press (Barbell),0,60,8,0,0,\r\n"
        "2016-05-02 18:00:00,Push,Running,1,0,0,5.2,1800,\r\n"
    ),
    "strong_C": (
        "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;"
        "Notes;Workout Notes;Workout Duration\n"
        "2025-03-05 18:00:00;Pull;Deadlift (Barbell);1;140;kg;3;;;;;;;50m\n"
        "2025-03-05 18:00:00;Pull;Deadlift (Barbell);2;315;lbs;3;9;;;;;;50m\n"
    ),
    "strong_D": (
        '"Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";"Weight (kg)";"Reps";'
        '"RPE";"Distance (meters)";"Seconds";"Notes";"Workout Notes"\n'
        '"12";"2025-04-01 07:00:00";"Upper";"3600";"Overhead Press (Barbell)";"1";"40";"8";"";"";"";"";""\n'
        '"12";"2025-04-01 07:00:00";"Upper";"3600";"Pull Up";"1";"0";"10";"";"";"";"";""\n'
    ),
    "hevy": (
        '"title","start_time","end_time","description","exercise_title","superset_id","exercise_notes",'
        '"set_index","set_type","weight_kg","reps","distance_km","duration_seconds","rpe"\n'
        '"Morning","15 Sep 2025, 07:48","15 Sep 2025, 08:40","","Squat (Barbell)","","","0","warmup","60","8",'
        '"","",""\n'
        '"Morning","15 Sep 2025, 07:48","15 Sep 2025, 08:40","","Squat (Barbell)","","","1","normal","100","5",'
        '"","","8"\n'
    ),
    "fitnotes_new": (
        "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time\n"
        "2025-02-10,Flat Barbell Bench Press,Chest,60.0,kgs,8,,,\n"
        "2025-02-10,Overhead Press (Each Side, Dumbbells),Shoulders,12.5,kgs,10,,,\n"
        "2025-02-10,Treadmill,Cardio,,,,2.0,km,0:15:00\n"
    ),
    "fitnotes_old": (
        "Date,Exercise,Category,Weight (lbs),Reps,Distance,Distance Unit,Time\n"
        "2019-07-01,Barbell Squat,Legs,225.0,5,,,\n"
        "2019-07-01,Barbell Squat,Legs,225.0,5,,,\n"
    ),
    "fitbod": (
        "Date,Exercise,Reps,Weight(kg),Duration(s),Distance(m),Incline,Resistance,isWarmup,Note,multiplier\n"
        "2025-12-17 03:24:30 +0000,Dumbbell Bench Press, 10,22.67961,0.0,0.0,0.0,0.0,false,, 2.0\n"
        "\n"
        "2025-11-17 03:24:30 +0000,Goblet Squat, 12,20.0,0.0,0.0,0.0,0.0,true,, 1.0\n"
    ),
    "generic": (
        "date,exercise,set,reps,weight,unit,rpe,notes\n"
        "2025-06-01 08:00,Wall sit,1,,0,,,held 45 s\n"
        "2025-06-01 08:00,Goblet squat,1,12,16,kg,6,knee 2/10\n"
        "2025-06-01 08:00,Goblet squat,2,12,35,lb,7,\n"
    ),
}

INSERTS = [",", ";", "\t", "|", '"', '""', "\n", "\r\n", "\r", "\x00", " ", "\ufeff", "é", "€", "💪", "=", "-",
           "1e309", "NaN", "-5", "99999", "2099-01-01", "1900-01-01 00:00:00", "2023-02-30"]

cell_values = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-10**12, max_value=10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["", " ", "W", "Rest Timer", "kg", "lbs", "true", "warmup", "15 Foo 2025, 07:48",
                     "2025-03-01 10:00:00", "0:15:00", "1h 45m", "=HYPERLINK(\"x\")", "Robert'); DROP TABLE sets;--"]),
)


@st.composite
def mutated_export(draw) -> tuple[str, bytes]:
    """A sample export with 1-6 random edits, encoded as a user's file might be."""
    name = draw(st.sampled_from(sorted(SAMPLES)))
    text = SAMPLES[name]
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["drop", "dup", "swap", "insert", "cell", "line"]))
        # Mostly edit the rows: an edited header mostly just makes the file unknown.
        lo = text.find("\n") + 1 if draw(st.sampled_from([True, True, True, False])) else 0
        i = draw(st.integers(min(lo, len(text) - 1), max(len(text) - 1, 0)))
        if op == "drop":
            text = text[:i] + text[i + 1:]
        elif op == "dup":
            text = text[:i] + text[i:i + 1] + text[i:]
        elif op == "swap" and i + 1 < len(text):
            text = text[:i] + text[i + 1] + text[i] + text[i + 2:]
        elif op == "insert":
            text = text[:i] + draw(st.sampled_from(INSERTS)) + text[i:]
        elif op == "cell":
            text = _replace_cell(text, draw(st.integers(0, 10**6)), draw(cell_values))
        elif op == "line":  # duplicate, drop or move a whole line
            lines = text.split("\n")
            j, k = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            how = draw(st.sampled_from(["dup", "drop", "move"]))
            if how == "dup":
                lines.insert(k, lines[j])
            elif how == "drop" and len(lines) > 1:
                del lines[j]
            else:
                lines.insert(k, lines.pop(j))
            text = "\n".join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"]))
    return name, text.encode(encoding, errors="replace")


def _replace_cell(text: str, pick: int, value: str) -> str:
    """Replace one cell of one data line (delimiter guessed from the header)."""
    lines = text.split("\n")
    if len(lines) < 2:
        return text
    delim = ";" if lines[0].count(";") > lines[0].count(",") else ","
    li = 1 + pick % (len(lines) - 1)
    cells = lines[li].split(delim)
    cells[pick % len(cells)] = value
    lines[li] = delim.join(cells)
    return "\n".join(lines)


BASE = SAMPLES["generic"].replace("2025-06-01", "2024-01-02").replace("Goblet squat", "Baseline row")


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A migrated store holding one earlier import, so "unchanged" means something."""
    d = tmp_path_factory.mktemp("template")
    path = d / "template.duckdb"
    con = connect(path)
    (d / "base.csv").write_text(BASE, encoding="utf-8")
    assert import_file(con, d / "base.csv", unit="kg").sets_added == 3
    con.close()
    return path


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("examples")


_counter = itertools.count()


def fresh_store(template: Path, workdir: Path):
    path = workdir / f"ex{next(_counter)}.duckdb"
    shutil.copy(template, path)
    return connect(path)


def snapshot(con) -> dict[str, list]:
    cur = con.cursor()
    tables = [t for (t,) in cur.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_catalog = current_database() ORDER BY 1").fetchall()]
    return {t: cur.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall() for t in tables}


def check_import(template: Path, workdir: Path, data: bytes, unit: str | None, fmt: str | None) -> tuple:
    """Import ``data`` into a fresh copy of the template store; assert the invariants.

    Returns a comparable outcome: ("failure", message) or the report and stored rows.
    """
    con = fresh_store(template, workdir)
    try:
        before = snapshot(con)
        path = workdir / f"case{next(_counter)}.csv"
        path.write_bytes(data)
        try:
            rep = import_file(con, path, display_name="upload.csv", unit=unit, fmt=fmt)
        except ImportFailure as exc:
            msg = str(exc)
            assert msg.startswith("upload.csv: ") and "\n" not in msg, msg
            assert snapshot(con) == before
            event("refused")
            return ("failure", msg)
        after = snapshot(con)
        event("imported with rejects" if rep.rejected else "imported")
        cur = con.cursor()
        assert rep.sets_added >= 0 and rep.duplicates >= 0 and rep.rejected == len(rep.rejects)
        assert rep.sets_read == rep.sets_added + rep.duplicates + rep.rejected
        assert rep.sets_added + rep.duplicates > 0  # a file with no readable set is a failure
        assert cur.execute("SELECT count(*) FROM sets WHERE batch_id = ?", [rep.batch_id]).fetchone()[0] \
            == rep.sets_added
        assert len(after["sets"]) == len(before["sets"]) + rep.sets_added
        assert cur.execute("SELECT count(*) FROM rejects WHERE batch_id = ?", [rep.batch_id]).fetchone()[0] \
            == rep.rejected
        assert cur.execute("SELECT sets_added, rejected FROM imports WHERE batch_id = ?",
                           [rep.batch_id]).fetchall() == [(rep.sets_added, rep.rejected)]
        assert len(after["imports"]) == len(before["imports"]) + 1
        for table, rows in before.items():
            assert set(rows) <= set(after[table]), f"{table} lost rows"
        n_lines = data.count(b"\n") + data.count(b"\r") + 2  # UTF-16 text also breaks lines at a bare CR
        for r in rep.rejects:
            assert 1 <= r.line <= n_lines and r.reason, r
        stored = cur.execute("SELECT * EXCLUDE (batch_id) FROM sets WHERE batch_id = ? "
                             "ORDER BY source_line, set_index, set_kind", [rep.batch_id]).fetchall()
        return (rep.as_json(), [(r.line, r.reason) for r in rep.rejects], stored)
    finally:
        con.close()


COMMON = settings(deadline=None, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                         HealthCheck.data_too_large])


@settings(COMMON, max_examples=100)
@given(case=mutated_export(), unit=st.sampled_from(["kg", "lb", None]))
@example(case=("fitbod", b"Date,Exercise,Reps,Weight(kg),Duration(s),Distance(m),Incline,Resistance,isWarmup,Note,"
                         b"multiplier\n2025-12-17 03:24:30 +000,Dumbbell Bench Press, 10,22.6,0.0,0.0,0.0,0.0,false,,"
                         b" 2.0\n2025-11-17 03:24:30 +0000,Goblet Squat, 12,20.0,0.0,0.0,0.0,0.0,true,, 1.0\n"),
         unit="kg")
def test_mutated_exports_import_all_or_nothing(template, workdir, case, unit):
    _name, data = case
    check_import(template, workdir, data, unit, None)


@settings(COMMON, max_examples=60)
@given(case=mutated_export(), fmt=st.sampled_from(FORMAT_NAMES))
def test_mutated_exports_through_each_importer(template, workdir, case, fmt):
    _name, data = case
    check_import(template, workdir, data, "kg", fmt)


@settings(COMMON, max_examples=60)
@given(data=st.binary(max_size=3000), fmt=st.sampled_from([None, *FORMAT_NAMES]))
def test_random_bytes_never_crash(template, workdir, data, fmt):
    check_import(template, workdir, data, "kg", fmt)


@settings(COMMON, max_examples=60)
@given(name=st.sampled_from(sorted(SAMPLES)), tail=st.binary(min_size=1, max_size=3000))
def test_valid_header_then_random_bytes(template, workdir, name, tail):
    header = SAMPLES[name].split("\n", 1)[0] + "\n"
    check_import(template, workdir, header.encode() + tail, "kg", None)
