"""Fast path for reading an export: DuckDB's CSV reader instead of Python's.

Python's ``csv`` module plus building DataFrames from lists costs most of an
import of a big file. When a file is plain UTF-8 with the header on line 1,
DuckDB's ``read_csv`` (strict: every record must have the header's field count)
hands the same text cells over in Arrow batches, and the format's ``convert``
runs on them exactly as on the Python reader's chunks.

DuckDB does not say on which line a record starts, and rejects must name it
even after quoted notes that span lines. So the start lines are computed from
the bytes with numpy: a newline ends a record when the number of ``"`` before
it is even (RFC 4180 quoting; ``""`` escapes count twice). Empty lines are no
records, as in DuckDB. The two counts must agree at the end.

Anything unusual — a wrong field count, invalid UTF-8, a stray quote, a
whitespace-only line — makes DuckDB fail or the counts disagree; the caller
then gets :class:`FastPathUnavailable` (possibly after some chunks) and reads
the file again with the Python reader, which repairs or rejects such rows.
"""

from __future__ import annotations

import mmap
from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from rehab.imports.base import CHUNK_ROWS, ReadResult

BLOCK = 16 << 20


class FastPathUnavailable(Exception):
    """The file needs the Python reader (the reason is the message)."""


def applicable(result: ReadResult) -> bool:
    return result.encoding in ("utf-8", "utf-8-sig") and result.header_lineno == 1 and result.delimiter in ",;\t"


def record_lines(path: Path, delimiter: str = ",", ncols: int = 0) -> np.ndarray:
    """1-based start line of every non-empty record after the header line.

    With ``ncols``, also checks that every record has that many fields
    (delimiters outside quotes): DuckDB tolerates a trailing extra delimiter.
    """
    sep = ord(delimiter)
    delims = 0  # delimiters outside quotes before the current block
    prev_delims = 0  # ... before the last record end
    starts: list[np.ndarray] = []
    quotes = 0  # quotes seen before the current block
    newlines = 0  # newlines seen before the current block
    prev_pos = prev_g = -1  # byte position and newline index of the last record end
    last_byte = 0
    offset = 0
    with open(path, "rb") as fh:
        while block := fh.read(BLOCK):
            a = np.frombuffer(block, dtype=np.uint8)
            nl = np.flatnonzero(a == 10)
            isq = a == 34
            n_q = int(np.count_nonzero(isq))
            # Quote parity at every byte: a uint8 running sum wraps at 256, which keeps parity
            # (cheaper than searching every newline and delimiter among the quotes).
            inside = np.cumsum(isq, dtype=np.uint8)
            inside += quotes & 1
            inside &= 1
            ends = inside[nl] == 0
            d = np.flatnonzero(a == sep)
            d = d[inside[d] == 0]
            d_before = delims + np.searchsorted(d, nl[ends])  # outside delimiters before each record end
            pos = offset + nl[ends]
            g = newlines + np.flatnonzero(ends)
            if prev_pos < 0 and len(pos):  # the first record end is the header's
                if g[0] != 0:
                    raise FastPathUnavailable("the header spans lines")
                prev_pos, prev_g, pos, g = int(pos[0]), 0, pos[1:], g[1:]
                prev_delims, d_before = int(d_before[0]), d_before[1:]
            all_pos = np.concatenate(([prev_pos], pos))
            all_g = np.concatenate(([prev_g], g))
            length = np.diff(all_pos) - 1
            before = all_pos[1:] - 1 - offset  # byte before each end, -1: previous block
            byte = np.where(before >= 0, a[np.maximum(before, 0)], last_byte)
            empty = (length == 0) | ((length == 1) & (byte == 13))
            if ncols:
                fields = np.diff(np.concatenate(([prev_delims], d_before))) + 1
                if (fields[~empty] != ncols).any():
                    raise FastPathUnavailable("a record has the wrong number of fields")
                if len(d_before):
                    prev_delims = int(d_before[-1])
            starts.append(all_g[:-1][~empty] + 2)
            prev_pos, prev_g = int(all_pos[-1]), int(all_g[-1])
            quotes += n_q
            newlines += len(nl)
            delims += len(d)
            last_byte = int(a[-1])
            offset += len(block)
    if quotes & 1:
        raise FastPathUnavailable("unbalanced quotes")
    tail = offset - prev_pos - 1
    if prev_pos >= 0 and tail > 0 and not (tail == 1 and last_byte == 13):
        if ncols and delims - prev_delims + 1 != ncols:
            raise FastPathUnavailable("the last record has the wrong number of fields")
        starts.append(np.array([prev_g + 2]))
    return np.concatenate(starts) if starts else np.zeros(0, dtype=np.int64)


_STR = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' "str"
_AS_STR = {pa.string(): _STR, pa.large_string(): _STR}.get


def str_column(arr: pa.Array) -> pd.Series:
    """Arrow text -> pandas ``str`` without a round trip through Python objects; NULL -> ''."""
    return pd.Series(pc.fill_null(arr, "").to_pandas(types_mapper=_AS_STR))


def has_nul(path: Path) -> bool:
    """True when the file holds a NUL byte (memchr over the mapped file): the Python
    reader rejects such rows, DuckDB would read them."""
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        return mm.find(b"\x00") != -1


def drop_blank(df: pd.DataFrame, ncols: int) -> pd.DataFrame:
    """Rows of empty cells (``,,,,``) are skipped like blank lines, as the Python reader does."""
    first = df["c0"].str.strip() == ""
    if first.any():
        blank = first.copy()
        for i in range(1, ncols):
            blank &= df[f"c{i}"].str.strip() == ""
        if blank.any():
            df = df[~blank].reset_index(drop=True)
    return df


def chunks(path: Path, ncols: int, result: ReadResult) -> Iterator[pd.DataFrame]:
    """Raw chunks like ``open_records``' (``c0…cN`` text cells, ``_line``), read by DuckDB.

    Raises :class:`FastPathUnavailable` when the file needs the Python reader.
    """
    lines = record_lines(path, result.delimiter, ncols)
    cols = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(ncols))
    delim = result.delimiter.replace("\t", "\\t")
    con = duckdb.connect()
    try:
        con.execute("SET preserve_insertion_order = true")
        con.execute("SET enable_progress_bar = false")  # it would write to stdout (import --json)
        con.execute("SET memory_limit = '256MB'")
        try:
            reader = con.execute(
                f"SELECT * FROM read_csv(?, delim = '{delim}', quote = '\"', escape = '\"', header = false, "
                f"skip = 1, auto_detect = false, strict_mode = true, null_padding = false, columns = {{{cols}}})",
                [str(path)],
            ).to_arrow_reader(CHUNK_ROWS)
        except duckdb.Error as exc:
            raise FastPathUnavailable(str(exc).splitlines()[0]) from None
        done = 0
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                break
            except duckdb.Error as exc:
                raise FastPathUnavailable(str(exc).splitlines()[0]) from None
            n = batch.num_rows
            if done + n > len(lines):
                raise FastPathUnavailable("more records than record ends")
            df = pd.DataFrame({f"c{i}": str_column(batch.column(i)) for i in range(ncols)})
            df["_line"] = lines[done:done + n].astype("int64")
            done += n
            df = drop_blank(df, ncols)
            if len(df):
                result.records += len(df)
                yield df
        if done != len(lines):
            raise FastPathUnavailable(f"{done} records read but {len(lines)} record ends found")
    finally:
        con.close()
