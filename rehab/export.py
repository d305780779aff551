"""Export a workspace to one zip (CSV + Parquet) and restore it exactly.

The zip holds, for every data table of the workspace (everything but the migration log and the
registry tables): ``parquet/<table>.parquet`` — the exact copy that :func:`restore_zip` reads back (types,
NULLs, lists and timestamps survive untouched) — and ``csv/<table>.csv`` for people and spreadsheets.
``manifest.json`` records the format version, the schema version, each table's row count, columns and the
SHA-256 of its Parquet file, so a restore refuses a truncated, edited or newer-than-this-app file.

CSV cells are neutralised against formula injection (a text cell starting with ``= + - @``, tab or CR
gets a leading ``'``, OWASP's advice), so an exercise called ``=HYPERLINK(…)`` is inert in Excel. That
changes the CSV text, which is why restores read the Parquet files only.

A restore is all or nothing (one transaction) and, unless ``replace=True``, only into an empty workspace.
It never extracts files: members are read by their expected names only (no zip-slip), and the total
uncompressed size is capped (no zip bomb).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import zipfile
from pathlib import Path
from typing import IO

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .db import MIGRATIONS

FORMAT = "rehab-workspace-export"
VERSION = 1
#: Not workspace data: the migration log and the registry tables (migration 3).
EXCLUDED = frozenset({"schema_migrations", "workspaces", "share_links"})
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_RESTORE_BYTES = 2 * 1024**3
MAX_MEMBERS = 500


class RestoreError(Exception):
    """An export that cannot be restored. ``str()`` names the file and the reason."""


def neutralize_csv_cell(value):
    """Prefix ``'`` to a text cell a spreadsheet would run as a formula; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def schema_version() -> int:
    return max(v for v, _, _ in MIGRATIONS)


def data_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every data table of the workspace behind ``con`` (its default database and schema)."""
    cur = con.cursor()
    try:
        rows = cur.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
            "AND table_schema = current_schema() AND table_catalog = current_database() ORDER BY table_name"
        ).fetchall()
    finally:
        cur.close()
    return [t for (t,) in rows if t not in EXCLUDED]


def _csv_bytes(table: pa.Table) -> bytes:
    df = table.to_pandas()
    for col in df.columns:
        s = df[col]
        if pa.types.is_list(table.schema.field(col).type):
            df[col] = s.map(lambda v: None if v is None else json.dumps(list(v), ensure_ascii=False))
            s = df[col]
        if s.dtype == object or pd.api.types.is_string_dtype(s):
            df[col] = s.map(neutralize_csv_cell)
    return df.to_csv(index=False, lineterminator="\r\n").encode("utf-8")


def export_zip(con: duckdb.DuckDBPyConnection, dest: str | os.PathLike | IO[bytes]) -> dict:
    """Write every data table of the workspace behind ``con`` to ``dest`` (path or binary file); return
    the manifest."""
    manifest: dict = {"format": FORMAT, "version": VERSION, "schema_version": schema_version(),
                      "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "tables": {}}
    cur = con.cursor()
    try:
        with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for table in data_tables(con):
                arrow = cur.execute(f'SELECT * FROM "{table}"').to_arrow_table()
                buf = io.BytesIO()
                pq.write_table(arrow, buf)
                data = buf.getvalue()
                zf.writestr(f"parquet/{table}.parquet", data)
                zf.writestr(f"csv/{table}.csv", _csv_bytes(arrow))
                manifest["tables"][table] = {
                    "rows": arrow.num_rows,
                    "columns": [[f.name, str(f.type)] for f in arrow.schema],
                    "sha256": hashlib.sha256(data).hexdigest(),
                }
            zf.writestr("manifest.json", json.dumps(manifest, indent=2))
            zf.writestr("README.txt", _README)
    finally:
        cur.close()
    return manifest


def export_bytes(con: duckdb.DuckDBPyConnection) -> bytes:
    buf = io.BytesIO()
    export_zip(con, buf)
    return buf.getvalue()


_README = """Rehab training dashboard: workspace export.
parquet/  exact copy of every table: restore it in the dashboard (or read it with any Parquet tool).
csv/      the same tables for spreadsheets. Text cells that begin with = + - @ tab or CR carry a leading '
          so a spreadsheet shows them instead of running them as formulas.
manifest.json  format version, row counts and checksums.
"""


def _name(src) -> str:
    return Path(src).name if isinstance(src, (str, os.PathLike)) else getattr(src, "name", "the export")


def restore_zip(con: duckdb.DuckDBPyConnection, src: str | os.PathLike | IO[bytes] | bytes,
                replace: bool = False) -> dict:
    """Load an :func:`export_zip` file into the workspace behind ``con``: all of it or nothing.

    Returns ``{table: rows}``. Raises :class:`RestoreError` with a clear message otherwise.
    """
    name = "the export" if isinstance(src, bytes) else _name(src)
    if isinstance(src, bytes):
        src = io.BytesIO(src)
    try:
        zf = zipfile.ZipFile(src)
    except (zipfile.BadZipFile, OSError) as exc:
        raise RestoreError(f"{name}: not a workspace export (not a readable zip: {exc})") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_RESTORE_BYTES:
            raise RestoreError(f"{name}: too large to be a workspace export")
        tables = _read_tables(zf, name, set(data_tables(con)))
    cur = con.cursor()
    try:
        present = {t: cur.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in data_tables(con)}
        if not replace and any(present.values()):
            raise RestoreError(f"{name}: this workspace already has data; restore into an empty one "
                               "(or choose to replace its contents)")
        cur.execute("BEGIN TRANSACTION")
        try:
            if replace:
                for t in present:
                    cur.execute(f'DELETE FROM "{t}"')
            for t, arrow in tables.items():
                cur.register("_restore", arrow)
                cur.execute(f'INSERT INTO "{t}" BY NAME SELECT * FROM _restore')
                cur.unregister("_restore")
            counts = {t: cur.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
            if counts != {t: a.num_rows for t, a in tables.items()}:
                raise RestoreError(f"{name}: row counts differ after loading; nothing was restored")
            cur.execute("COMMIT")
        except duckdb.Error as exc:
            cur.execute("ROLLBACK")
            raise RestoreError(f"{name}: cannot load it into this workspace ({exc}); nothing was restored") from None
        except BaseException:
            cur.execute("ROLLBACK")
            raise
    finally:
        cur.close()
    return counts


def _read_tables(zf: zipfile.ZipFile, name: str, known: set[str]) -> dict[str, pa.Table]:
    try:
        manifest = json.loads(zf.read("manifest.json"))
    except KeyError:
        raise RestoreError(f"{name}: not a workspace export (no manifest.json)") from None
    except ValueError:
        raise RestoreError(f"{name}: manifest.json is not valid JSON") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise RestoreError(f"{name}: not a workspace export of this app")
    if not isinstance(manifest.get("version"), int) or manifest["version"] > VERSION \
            or not isinstance(manifest.get("schema_version"), int) or manifest["schema_version"] > schema_version():
        raise RestoreError(f"{name}: made by a newer version of the app; update it to restore this file")
    entries = manifest.get("tables")
    if not isinstance(entries, dict):
        raise RestoreError(f"{name}: manifest.json lists no tables")
    out: dict[str, pa.Table] = {}
    for table, meta in entries.items():
        if table not in known:
            raise RestoreError(f"{name}: unknown table {str(table)[:40]!r} in the export")
        try:
            data = zf.read(f"parquet/{table}.parquet")
        except KeyError:
            raise RestoreError(f"{name}: parquet/{table}.parquet is missing") from None
        if not isinstance(meta, dict) or hashlib.sha256(data).hexdigest() != meta.get("sha256"):
            raise RestoreError(f"{name}: parquet/{table}.parquet does not match its checksum (damaged or edited)")
        try:
            arrow = pq.read_table(io.BytesIO(data))
        except (pa.ArrowException, OSError) as exc:
            raise RestoreError(f"{name}: parquet/{table}.parquet cannot be read ({exc})") from None
        if arrow.num_rows != meta.get("rows"):
            raise RestoreError(f"{name}: parquet/{table}.parquet has {arrow.num_rows} rows, manifest says "
                               f"{meta.get('rows')}")
        out[table] = arrow
    return out
