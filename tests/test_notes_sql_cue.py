"""The SQL prefilter of the pain import hook never drops a note the Python parser would read.

``notes.SQL_CUE`` (RE2, in DuckDB) must match every note that ``notes._ANY_CUE``
(Python) matches, else pain would silently go missing; and an import must store
the same pain rows with the prefilter as without it.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.gen import _NOTES, write_strong_a
from rehab.imports.pipeline import import_file
from rehab.pain import notes
from rehab.storage.db import connect

FIXTURES = Path(__file__).resolve().parent / "fixtures"

_WORDS = ["pain", "Painful", "HURTS", "sore", "strain in", "strain", "tweaked knee", "3/10", "3 / 10", "3\x0b/10",
          "4 out of 10", "p4", "P3.5", "painless", "flare-up", "flared up", "spasm", "no pain", "knee", "é", "ſore",
          "\u212a", "\xa0/\xa010", "3/\u200910", "_pain", "pain_", "1pain", "x", " ", ",", ".", "\n", "\t", "/", "10",
          # other languages (rehab.words.vocab), ASCII and accented
          "dor", "DOR", "doeu", "dói", "Schmerz", "Knieschmerzen", "tut weh", "tut nicht weh", "schmerzfrei", "dolor",
          "duele", "molestia", "douleur", "fait mal", "fait pas mal", "mal au", "dolore", "fa male", "fastidio",
          "Zerrung", "joelho", "Knie", "rodilla", " de 10", " von 10", " sur 10", " su 10", "4 de 10", "sin dolor",
          "pas de douleur", "nessun dolore", "İ", "ß", "ﬁ"]
_CON = duckdb.connect()


def _sql_passes(text: str) -> bool:
    return bool(_CON.execute("SELECT regexp_matches($t, $c) OR regexp_matches($t, $w)",
                             {"t": text, "c": notes.SQL_CUE, "w": notes.SQL_NON_ASCII}).fetchone()[0])


@pytest.mark.parametrize("text", [*_NOTES, *_WORDS, "knee " * 3000 + "pain 3", "felt strong, fast bar speed"])
def test_sql_cue_keeps_every_python_candidate(text):
    if notes._ANY_CUE.search(text):
        assert _sql_passes(text)


def test_sql_cue_drops_plain_notes():
    assert not _sql_passes("felt good, new PR")  # the point of the prefilter
    assert _sql_passes("knee 3/10")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_WORDS), st.text(max_size=6)), max_size=8))
def test_sql_cue_superset_property(parts):
    text = "".join(parts)
    if notes._ANY_CUE.search(text):
        assert _sql_passes(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_WORDS), st.text(max_size=6)), max_size=8))
def test_fast_cue_reads_the_same_notes_as_the_cue(parts):
    """``parse_pain`` uses the grouped lower-case cue; it must pass every note ``_ANY_CUE`` passes (folded)."""
    from rehab.words.vocab import fold

    text = "".join(parts)
    if notes._ANY_CUE.search(fold(text)):
        assert notes._has_cue(text)
    if notes._has_cue(text):
        assert _sql_passes(text)


def _pain(tmp_path: Path, path: Path, name: str) -> list[tuple]:
    con = connect(tmp_path / f"{name}.duckdb")
    import_file(con, path, unit="kg")
    rows = con.execute("SELECT ts, day, area, score, context, note, source, is_mention, workout_start, exercise "
                       "FROM pain ORDER BY ALL").fetchall()
    con.close()
    return rows


_LOCAL_NOTES = ["dor no joelho 4/10", "sem dor", "nao doeu", "Knie tut weh", "tut nicht weh", "Schmerz 5 von 10",
                "Knieschmerzen", "sin dolor", "me duele la rodilla", "fait pas mal", "mal au dos", "douleur 3 sur 10",
                "nessun dolore", "fa male alla spalla", "back 5/10", "Rücken 4/10", "ça fait mal", "boa sessao"]


def _localised(path: Path) -> Path:
    rows = [f'2025-03-{d + 1:02d} 18:00:00,"W",1h,"Agachamento",1,100,5,0,0,"{n}","",\n'
            for d, n in enumerate(_LOCAL_NOTES)]
    path.write_text("Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
                    "Workout Notes,RPE\n" + "".join(rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("make", ["fixture", "generated", "localised"])
def test_import_stores_the_same_pain_with_and_without_prefilter(tmp_path, monkeypatch, make):
    path = {"fixture": lambda: FIXTURES / "pain_strong_notes.csv",
            "generated": lambda: write_strong_a(tmp_path / "g.csv", 4000, seed=5),
            "localised": lambda: _localised(tmp_path / "l.csv")}[make]()
    with_filter = _pain(tmp_path, path, "with")
    monkeypatch.setattr(notes, "SQL_CUE", "")  # matches every note
    without = _pain(tmp_path, path, "without")
    assert with_filter == without and len(with_filter) > 0
