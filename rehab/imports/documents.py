"""Exports that are not one table with a header on top: read by the format itself.

Most apps write one CSV table whose first line names the columns; the base
reader (:func:`rehab.imports.base.open_records`) handles those. A few do not:

* a binary file (Garmin ``.fit``),
* a text file made of blocks (Alpha Progression: title, date, numbered exercises,
  a column line and one line per set; JEFIT: a backup with ``### SECTION ###`` parts),
* a wide table whose rows must be unfolded into sets and whose dates can only be
  read once the whole file has been seen (StrongLifts: ``16/03/15`` is day-first
  only if some other row says so).

Such a format is a :class:`DocumentFormat`: ``sniff`` recognises it from the first
bytes and lines (never the file name), and ``read`` turns the file into *records*,
one per set, each a list of text cells in a layout the format chooses plus the
source line the set came from. From there everything is as for a CSV table: the
records are handed to the format's ``convert`` in chunks of ``c0…cN`` columns
with ``_line``, validated, staged and committed by :mod:`rehab.imports.pipeline`, and rows
a reader cannot make sense of become rejects with their line and reason.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from rehab.imports.base import CHUNK_ROWS, Detected, FormatModule, ImportFailure, ReadResult, Reject, record_frame
from rehab.imports.decode import HEAD_BYTES

#: How many lines of a file ``sniff`` sees.
HEAD_LINES = 60


@dataclass
class Record:
    """One set as a reader found it: the source line and its text cells."""

    line: int
    cells: list[str]


#: ``read(path, name)`` -> what the file is, its set records (lazily), and the
#: problems found while reading (appended to as the records are consumed).
Reader = Callable[[Path, str], tuple[Detected, Iterable[Record], list[Reject]]]


@dataclass(frozen=True)
class DocumentFormat:
    module: FormatModule  # name and convert; its ``detect`` declines every CSV header
    sniff: Callable[[bytes, list[str]], bool]  # (first bytes, first decoded lines) -> is it mine?
    read: Reader


def never_a_header(header: list[str]) -> Detected | None:
    """``detect`` for a document format: it is recognised by :func:`open_document`, not by a header."""
    return None


def csv_records(lines: Iterable[tuple[int, str]], problems: list[Reject],
                delimiter: str = ",") -> Iterator[tuple[int, int, list[str]]]:
    """``(first line, last line, fields)`` per CSV record; a quoted field may span lines.

    Blank lines are skipped; a record the csv module cannot split (a stray
    carriage return, …) becomes a reject in ``problems`` with its line.
    """
    pending: list[tuple[int, str]] = []

    def parse(first: int, last: int, text: str) -> Iterator[tuple[int, int, list[str]]]:
        try:
            fields = next(csv.reader([text], delimiter=delimiter, strict=False))
        except csv.Error as exc:
            problems.append(Reject(first, f"unreadable CSV line ({exc})", text[:2000]))
            return
        yield first, last, fields

    for n, text in lines:
        pending.append((n, text))
        joined = "\n".join(t for _, t in pending)
        if joined.count('"') % 2:  # a quoted note runs on to the next line
            continue
        first = pending[0][0]
        pending = []
        if joined.strip():
            yield from parse(first, n, joined)
    if pending:  # a quote never closed: what is left is one last record
        yield from parse(pending[0][0], pending[-1][0], "\n".join(t for _, t in pending))


def _head_lines(head: bytes) -> list[str]:
    """The first lines of a text file, for sniffing (undecodable heads give none)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    if "\x00" in text:
        return []
    return text.splitlines()[:HEAD_LINES]


def open_document(
    path: Path, name: str, formats: list[DocumentFormat], only: str | None = None
) -> tuple[Detected, FormatModule, Iterator[pd.DataFrame], ReadResult] | None:
    """Like ``open_records`` for the first document format that recognises ``path``, else None."""
    with open(path, "rb") as fh:
        head = fh.read(HEAD_BYTES)
    lines = _head_lines(head)
    for doc in formats:
        if only is not None and doc.module.name != only:
            continue
        if not doc.sniff(head, lines):
            continue
        det, records, problems = doc.read(path, name)
        result = ReadResult(detected=det, encoding="document", header_lineno=0)
        return det, doc.module, _chunks(records, problems, result, det.ncols), result
    return None


def _chunks(records: Iterable[Record], problems: list[Reject], result: ReadResult,
            ncols: int) -> Iterator[pd.DataFrame]:
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        for rec in records:
            if len(rec.cells) != ncols:  # a reader bug, never the user's fault: say so plainly
                raise ImportFailure(f"internal error: record at line {rec.line} has {len(rec.cells)} cells, "
                                    f"not {ncols}")
            rows.append(rec.cells)
            lines.append(rec.line)
            if len(rows) >= CHUNK_ROWS:
                yield record_frame(rows, lines, ncols)
                rows, lines = [], []
        if rows:
            yield record_frame(rows, lines, ncols)
    finally:
        result.rejects.extend(problems)

