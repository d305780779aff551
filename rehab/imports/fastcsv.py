"""DuckDB's CSV reader: the reader of every header CSV that is plain UTF-8 and well formed.

Python's ``csv`` module plus building DataFrames from lists costs most of an
import of a big file. When a file is plain UTF-8 with the header on line 1 and
every record is well formed, DuckDB's ``read_csv`` (strict: every record must
have the header's field count) reads the text cells; :func:`load` is the one
``read_csv`` call of the product and writes them, with each record's source
line, into a temp table on the import's own cursor. From there the Strong
conversion runs in SQL (:mod:`rehab.imports.strong_sql`) and every other format
takes :func:`chunks` (``c0…cN`` text cells plus ``_line``, as the Python reader
gives them) through its ``convert``.

DuckDB does not say on which line a record starts, and rejects must name it
even after quoted notes that span lines. So the start lines are computed from
the bytes with numpy: a newline ends a record when the number of ``"`` before
it is even (RFC 4180 quoting; ``""`` escapes count twice). Empty lines are no
records, as in DuckDB. The two counts must agree at the end.

Anything this reader cannot carry — a wrong field count (to repair or reject
with its line), a stray quote, a NUL byte, the header repeated or another
export's header inside, any other encoding — is found by :func:`load` before a
row is staged, which raises :class:`FastPathUnavailable`; the file is then read
by the Python reader (:func:`rehab.imports.base.open_records`), which repairs or
rejects such rows one by one with their reasons.
"""

from __future__ import annotations

import mmap
from collections.abc import Generator, Iterator
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from rehab.imports.base import CHUNK_ROWS, HEADER_CELLS, ReadResult
from rehab.storage.transactions import one

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


def register(cur: duckdb.DuckDBPyConnection, name: str, table: pa.Table | pd.DataFrame, names: list[str]) -> None:
    """Copy ``table`` into the temp table ``name`` (and note it in ``names`` to drop): with an Arrow
    scan the optimizer cannot see its size and built hash tables of the big side (3x slower,
    +600 MB on 480k rows)."""
    if isinstance(table, pd.DataFrame):
        table = pa.Table.from_pandas(table, preserve_index=False)
    cur.register("_fastcsv_in", table)
    try:
        cur.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM _fastcsv_in")
    finally:
        cur.unregister("_fastcsv_in")
    names.append(name)


def load(cur: duckdb.DuckDBPyConnection, raw: str, path: Path, result: ReadResult, ncols: int,
         names: list[str]) -> np.ndarray:
    """Read ``path`` into the temp table ``raw`` (``c0…cN`` VARCHAR, ``_line``); return the record lines.

    Raises :class:`FastPathUnavailable` (nothing staged yet) when the file needs the Python
    reader. Every table made is appended to ``names`` (the caller drops them).
    """
    if not applicable(result):
        raise FastPathUnavailable(f"{result.encoding}, header on line {result.header_lineno}")
    if has_nul(path):
        raise FastPathUnavailable("NUL byte")
    lines = record_lines(path, result.delimiter, ncols)
    cols = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(ncols))
    delim = result.delimiter.replace("\t", "\\t")
    register(cur, f"{raw}_lines", pa.table({"_line": pa.array(lines.astype("int64"))}), names)
    names.append(raw)
    try:
        cur.execute(
            f"CREATE TEMP TABLE {raw} AS SELECT * FROM (SELECT *, true AS _present FROM read_csv(?, delim = "
            f"'{delim}', quote = '\"', escape = '\"', header = false, skip = 1, auto_detect = false, "
            f"strict_mode = true, null_padding = false, columns = {{{cols}}})) POSITIONAL JOIN {raw}_lines",
            [str(path)],
        )
    except duckdb.Error as exc:
        raise FastPathUnavailable(str(exc).splitlines()[0]) from None
    n, present, with_line = one(cur, f"SELECT count(*), count(_present), count(_line) FROM {raw}")
    if not n == present == with_line == len(lines):
        raise FastPathUnavailable(f"{present} records read but {len(lines)} record ends found")
    first = result.header[0] if result.header else None
    own = [first, "\ufeff" + first] if first is not None else [None, None]  # c0 IN (NULL, …) matches nothing
    repeated, other = one(cur, f"SELECT count(*) FILTER (c0 IN (?, ?)), count(*) FILTER (c0 IN "
                               f"({', '.join('?' * len(HEADER_CELLS))})) FROM {raw}", [*own, *HEADER_CELLS])
    if repeated:
        raise FastPathUnavailable("header repeated")  # rejected line by line by the Python reader
    if other:
        raise FastPathUnavailable("a header line inside the file")  # named by the Python reader
    return lines


def frames(table: pa.Table, ncols: int) -> Iterator[pd.DataFrame]:
    """Raw chunks like ``open_records``' (``c0…cN`` text cells, ``_line``) from an Arrow table of them;
    rows of empty cells are skipped like blank lines."""
    for start in range(0, table.num_rows, CHUNK_ROWS):
        part = table.slice(start, CHUNK_ROWS)
        df = pd.DataFrame({f"c{i}": str_column(part.column(i)) for i in range(ncols)})
        df["_line"] = part.column("_line").to_numpy().astype("int64")
        df = drop_blank(df, ncols)
        if len(df):
            yield df


def chunks(cur: duckdb.DuckDBPyConnection, raw: str, lines: np.ndarray,
           ncols: int) -> Generator[pd.DataFrame, None, None]:
    """The records :func:`load` wrote to ``raw``, in file order, ``CHUNK_ROWS`` at a time."""
    cols = ", ".join(f"c{i}" for i in range(ncols))
    for start in range(0, len(lines), CHUNK_ROWS):
        lo = int(lines[start])
        hi = int(lines[start + CHUNK_ROWS]) if start + CHUNK_ROWS < len(lines) else None
        where = f"_line >= {lo}" + (f" AND _line < {hi}" if hi is not None else "")
        table = cur.execute(f"SELECT {cols}, _line FROM {raw} WHERE {where} ORDER BY _line").to_arrow_table()
        yield from frames(table, ncols)
