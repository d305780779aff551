"""Export a workspace to one zip (CSV + Parquet) and restore it exactly.

The zip holds, for every data table of the workspace (everything but the migration log and the
registry tables): ``parquet/<table>.parquet`` — the exact copy that :func:`restore_zip` reads back (types,
NULLs, lists and timestamps survive untouched) — and ``csv/<table>.csv`` for people and spreadsheets.
``manifest.json`` records the format version, the schema version, each table's row count, columns and the
SHA-256 of its Parquet file, so a restore refuses a truncated, edited or newer-than-this-app file.

CSV cells are neutralised against formula injection (a text cell starting with ``= + - @``, tab or CR
gets a leading ``'``, OWASP's advice), so an exercise called ``=HYPERLINK(…)`` is inert in Excel. That
changes the CSV text, which is why restores read the Parquet files only.

Which tables are workspace data (``data_tables``: everything but ``EXCLUDED``) is the schema's to say
(:mod:`rehab.storage.schema`). A restore is all or nothing (one transaction, under the workspace's write lock)
and, unless ``replace=True``, only into an empty workspace.
It never extracts files: members are read by their expected names only (no zip-slip), and the total
uncompressed size is capped (no zip bomb).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import IO

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from rehab.errors import InputError
from rehab.imports.pipeline import file_sha256
from rehab.storage.locks import WriteLock
from rehab.storage.schema import EXCLUDED, MIGRATIONS, data_tables
from rehab.storage.transactions import one, snapshot, transaction
from rehab.storage.workspace import Store, Workspace

FORMAT = "rehab-workspace-export"
VERSION = 1
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_RESTORE_BYTES = 2 * 1024**3
MAX_MEMBERS = 500


class RestoreError(InputError):
    """An export that cannot be restored. ``str()`` names the file and the reason."""


def neutralize_csv_cell(value):
    """Prefix ``'`` to a text cell a spreadsheet would run as a formula; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def schema_version() -> int:
    return max(v for v, _, _ in MIGRATIONS)


_CREATES = re.compile(r"CREATE TABLE\s+(?:IF NOT EXISTS\s+)?\"?(\w+)", re.IGNORECASE)


def tables_at(version: int) -> set[str]:
    """The data tables a workspace has at schema ``version`` (created by migrations up to it): an export made
    at that version holds every one of them, so a restore can tell a complete file from an edited one."""
    return {t for v, _, sql in MIGRATIONS if v <= version for t in _CREATES.findall(sql)} - EXCLUDED


def _lit(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _columns(cur: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in cur.execute(f'DESCRIBE SELECT * FROM "{table}"').fetchall()]


_STARTS = ", ".join(f"chr({ord(c)})" for c in FORMULA_PREFIXES)


def _csv_select(table: str, columns: list[tuple[str, str]]) -> str:
    """SELECT for the CSV copy: lists as JSON text, every text cell neutralised (see neutralize_csv_cell)."""
    out = []
    for name, typ in columns:
        col = f'"{name}"'
        if typ.endswith("[]"):
            col, typ = f"to_json({col})::VARCHAR", "VARCHAR"
        if typ == "VARCHAR":
            col = f"CASE WHEN left({col}, 1) IN ({_STARTS}) THEN chr(39) || {col} ELSE {col} END"
        out.append(f'{col} AS "{name}"')
    return f'SELECT {", ".join(out)} FROM "{table}"'


def export_zip(con: duckdb.DuckDBPyConnection, dest: str | os.PathLike | IO[bytes]) -> dict:
    """Write every data table of the workspace behind ``con`` to ``dest`` (path or binary file); return
    the manifest. DuckDB streams each table to a private temp file, all in one transaction (so the
    tables are one consistent snapshot); no table is ever held in memory whole."""
    manifest: dict = {"format": FORMAT, "version": VERSION, "schema_version": schema_version(),
                      "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "tables": {}}
    with tempfile.TemporaryDirectory(prefix="rehab-export-") as tmp:
        work = Path(tmp)
        files: list[tuple[Path, str, bool]] = []
        with snapshot(con) as cur:
            for i, table in enumerate(data_tables(con)):
                cols = _columns(cur, table)
                pq_path, csv_path = work / f"{i}.parquet", work / f"{i}.csv"
                cur.execute(f'COPY (SELECT * FROM "{table}") TO {_lit(pq_path)} (FORMAT parquet)')
                cur.execute(f"COPY ({_csv_select(table, cols)}) TO {_lit(csv_path)} (FORMAT csv, HEADER)")
                rows = one(cur, f'SELECT count(*) FROM "{table}"')[0]
                manifest["tables"][table] = {"rows": rows, "columns": [list(c) for c in cols],
                                             "sha256": file_sha256(pq_path)}
                files += [(pq_path, f"parquet/{table}.parquet", False), (csv_path, f"csv/{table}.csv", True)]
        with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            for path, name, bom in files:
                # Parquet is compressed already (stored as is); CSV deflates at level 1, where most of the
                # export's time went at the default level.
                member: str | zipfile.ZipInfo = name
                if not bom:
                    member = zipfile.ZipInfo(name, dt.datetime.now().timetuple()[:6])
                    member.compress_type = zipfile.ZIP_STORED
                with open(path, "rb") as src, zf.open(member, "w", force_zip64=True) as out:
                    if bom:
                        out.write(b"\xef\xbb\xbf")  # so Excel reads accents as UTF-8
                    shutil.copyfileobj(src, out, 1 << 20)
            zf.writestr("manifest.json", json.dumps(manifest, indent=2))
            zf.writestr("README.txt", _README)
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
                replace: bool = False, lock: WriteLock | None = None) -> dict:
    """Load an :func:`export_zip` file into the workspace behind ``con``: all of it or nothing, in one
    transaction under ``lock`` (None: the lock of ``con``'s database).

    Returns ``{table: rows}``. Raises :class:`RestoreError` with a clear message otherwise.
    """
    name = "the export" if isinstance(src, bytes) else _name(src)
    if isinstance(src, bytes):
        src = io.BytesIO(src)
    try:
        zf = zipfile.ZipFile(src)
    except (zipfile.BadZipFile, OSError) as exc:
        raise RestoreError(f"{name}: not a workspace export (not a readable zip: {exc})") from None
    with zf, tempfile.TemporaryDirectory(prefix="rehab-restore-") as tmp:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_RESTORE_BYTES:
            raise RestoreError(f"{name}: too large to be a workspace export")
        tables = _extract(zf, name, set(data_tables(con)), Path(tmp))
        return _load(con, name, tables, replace, lock)


def _load(con: duckdb.DuckDBPyConnection, name: str, tables: dict[str, tuple[Path, int]], replace: bool,
          lock: WriteLock | None) -> dict:
    try:
        with transaction(con, lock) as cur:  # the emptiness check and the load, as one
            present = {t: one(cur, f'SELECT count(*) FROM "{t}"')[0] for t in data_tables(cur)}
            if not replace and any(present.values()):
                raise RestoreError(f"{name}: this workspace already has data; restore into an empty one "
                                   "(or choose to replace its contents)")
            if replace:
                for t in present:
                    cur.execute(f'DELETE FROM "{t}"')
            for t, (path, _) in tables.items():
                cur.execute(f'INSERT INTO "{t}" BY NAME SELECT * FROM read_parquet({_lit(path)})')
            counts = {t: one(cur, f'SELECT count(*) FROM "{t}"')[0] for t in tables}
            if counts != {t: rows for t, (_, rows) in tables.items()}:
                raise RestoreError(f"{name}: row counts differ after loading; nothing was restored")
    except duckdb.Error as exc:
        raise RestoreError(f"{name}: cannot load it into this workspace ({exc}); nothing was restored") from None
    return counts


def export_workspace(store: Store, ws: Workspace, dest: str | os.PathLike | IO[bytes]) -> dict:
    """Write everything in workspace ``ws`` of ``store`` to a zip (:func:`export_zip`)."""
    return export_zip(store.open(ws), dest)


def restore_workspace(store: Store, ws: Workspace, src: str | os.PathLike | IO[bytes] | bytes,
                      replace: bool = False) -> dict:
    """Load an export zip into workspace ``ws`` of ``store``, under its write lock (:func:`restore_zip`)."""
    return restore_zip(store.open(ws), src, replace=replace, lock=store.lock(ws))


def _manifest(zf: zipfile.ZipFile, name: str) -> dict:
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
    if not isinstance(manifest.get("tables"), dict):
        raise RestoreError(f"{name}: manifest.json lists no tables")
    return manifest


def _extract(zf: zipfile.ZipFile, name: str, known: set[str], work: Path) -> dict[str, tuple[Path, int]]:
    """Check the manifest and copy each table's Parquet member to ``work`` under a name of our own
    (never the member's), verifying its checksum and row count; return ``{table: (path, rows)}``."""
    out: dict[str, tuple[Path, int]] = {}
    manifest = _manifest(zf, name)
    # A restore replaces the workspace with the export: a manifest missing a table of its schema version
    # (edited, or cut short) would silently empty that table (the pain diary, the import history). Refuse it.
    for table in manifest["tables"]:
        if table not in known:
            raise RestoreError(f"{name}: unknown table {str(table)[:40]!r} in the export")
    missing = sorted((tables_at(manifest["schema_version"]) & known) - set(manifest["tables"]))
    if missing:
        raise RestoreError(f"{name}: incomplete export: it lacks the table(s) {', '.join(missing)} that every "
                           f"export of schema version {manifest['schema_version']} holds; nothing was restored")
    for i, (table, meta) in enumerate(manifest["tables"].items()):
        if table not in known:
            raise RestoreError(f"{name}: unknown table {str(table)[:40]!r} in the export")
        member = f"parquet/{table}.parquet"
        path = work / f"{i}.parquet"
        h = hashlib.sha256()
        try:
            with zf.open(member) as src, open(path, "wb") as dst:
                for block in iter(functools.partial(src.read, 1 << 20), b""):
                    h.update(block)
                    dst.write(block)
        except KeyError:
            raise RestoreError(f"{name}: {member} is missing") from None
        except (zipfile.BadZipFile, OSError) as exc:
            raise RestoreError(f"{name}: {member} cannot be read ({exc})") from None
        if not isinstance(meta, dict) or h.hexdigest() != meta.get("sha256"):
            raise RestoreError(f"{name}: {member} does not match its checksum (damaged or edited)")
        try:
            rows = pq.ParquetFile(path).metadata.num_rows
        except (pa.ArrowException, OSError) as exc:
            raise RestoreError(f"{name}: {member} cannot be read ({exc})") from None
        if rows != meta.get("rows"):
            raise RestoreError(f"{name}: {member} has {rows} rows, the manifest says {meta.get('rows')}")
        out[table] = (path, rows)
    return out
