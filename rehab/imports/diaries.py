"""Reading the diary files: a pain CSV and a session CSV, into :mod:`rehab.pain`'s tables.

A diary file is decoded like every export (:mod:`rehab.imports.decode`: BOM,
UTF-16, a Windows-1252 line, the delimiter that splits the header into most
fields) and read with the ``csv`` module, each record with the line it starts
on (a quoted note may span lines). The files are small and all-or-nothing: one
bad line writes nothing and every bad line is reported with its number, so the
rows are parsed one by one with :mod:`rehab.pain`'s own validation
(``parse_when``, ``parse_score``, …, ``sessions.parse_entry``) and written by its
write functions (:func:`rehab.pain.diary.store_csv_rows`,
:func:`rehab.pain.sessions.store_csv_entries`). The templates are in those
modules' docstrings.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

from rehab.imports.decode import ImportFailure, open_lines, split_header
from rehab.imports.pipeline import file_sha256
from rehab.pain import diary, sessions
from rehab.pain.diary import PainError, PainImportReport
from rehab.pain.sessions import SessionError, SessionImportReport
from rehab.words.wording import plural

Cells = list[tuple[int, dict[str, str]]]
Problems = list[tuple[int, str]]


def read_diary_csv(path: str | Path, name: str, columns: tuple[str, ...], required: tuple[str, ...],
                   error: type[PainError] = PainError) -> tuple[Cells, Problems, int]:
    """Read a diary CSV (pain, sessions) to ``(cells, problems, rows_read)``: each data record as
    ``(line number, {column: text})``; blank lines skipped; an unreadable file or a bad header raises ``error``."""
    expected = f"expected the header {','.join(columns)}"
    try:
        _encoding, fh, source = open_lines(Path(path), name)
    except ImportFailure as exc:
        raise error(f"{exc}; {expected}" if str(exc).endswith("the file is empty") else str(exc)) from None
    with fh:
        try:
            lines = iter(source)
            first = next(lines, None)
            if first is None:
                raise error(f"{name}: the file is empty; {expected}")
            header, delim = split_header(first.rstrip("\r\n"))
            cols = [h.strip().lower() for h in header]
            unknown = [h for h in cols if h and h not in columns]
            missing = [c for c in required if c not in cols]
            if unknown or missing:
                whys = []
                if unknown:
                    whys.append(f"unknown {'column' if len(unknown) == 1 else 'columns'} {', '.join(unknown)}")
                if missing:
                    whys.append(f"missing {'column' if len(missing) == 1 else 'columns'} {', '.join(missing)}")
                why = "; ".join(whys)
                raise error(f"{name}: line 1: {why}; {expected}")
            cells: Cells = []
            problems: Problems = []
            read = 0
            reader = csv.reader(lines, delimiter=delim)
            start = 2  # the line the next record starts on
            for record in reader:
                this_line, start = start, reader.line_num + 2
                if not any(c.strip() for c in record):
                    continue
                read += 1
                if len(record) > len(cols):
                    problems.append((this_line, f"{len(record)} fields, the header has {len(cols)}"))
                    continue
                cells.append((this_line, dict(zip(cols, record + [""] * (len(cols) - len(record)), strict=True))))
        except ImportFailure as exc:  # a line the decoder refuses (binary data, longer than any diary)
            raise error(str(exc)) from None
        except csv.Error as exc:
            raise error(f"{name}: line {start}: unreadable CSV ({exc})") from None
    return cells, problems, read


def _refuse(name: str, problems: Problems, error: type[PainError]) -> None:
    if problems:
        problems.sort()
        lines = "\n".join(f"{name}: line {ln}: {why}" for ln, why in problems)
        raise error(f"{name}: {plural(len(problems), 'bad line')}, nothing imported\n{lines}", problems)


def read_pain_csv(path: str | Path, name: str | None = None) -> tuple[list[list], Problems, int]:
    """Parse a pain CSV: ``(rows, problems, rows_read)``; nothing touches the database."""
    name = name or Path(path).name
    cells, problems, read = read_diary_csv(path, name, diary.CSV_COLUMNS, ("date", "score"))
    rows: list[list] = []
    for this_line, cell in cells:
        try:
            rows.append(diary.csv_row(cell))
        except PainError as exc:
            problems.append((this_line, str(exc)))
    problems.sort()
    return rows, problems, read


def import_pain_csv(con: duckdb.DuckDBPyConnection, path: str | Path, name: str | None = None) -> PainImportReport:
    """Import a pain CSV (template: :mod:`rehab.pain.diary`): all rows or none.

    Raises :class:`PainError` listing every bad line (``file: line N: reason``).
    """
    name = name or Path(path).name
    rows, problems, read = read_pain_csv(path, name)
    _refuse(name, problems, PainError)
    if not rows:
        raise PainError(f"{name}: the file has a header but no pain entries")
    return diary.store_csv_rows(con, rows, name, file_sha256(Path(path)), read)


def import_sessions_csv(con: duckdb.DuckDBPyConnection, path: str | Path, name: str | None = None
                        ) -> SessionImportReport:
    """Import a session CSV (``date,workout,intent,feel,note``): all rows or none."""
    name = name or Path(path).name
    cells, problems, read = read_diary_csv(path, name, sessions.CSV_COLUMNS, ("date",), SessionError)
    entries = []
    for line, cell in cells:
        try:
            entries.append(sessions.parse_entry(cell.get("date"), cell.get("workout"), cell.get("intent"),
                                                cell.get("feel"), cell.get("note")))
        except SessionError as exc:
            problems.append((line, str(exc)))
    _refuse(name, problems, SessionError)
    if not entries:
        raise SessionError(f"{name}: the file has a header but no session entries")
    return sessions.store_csv_entries(con, entries, name, file_sha256(Path(path)), read)
