"""Uploads: browser bytes -> a temp file per session -> preview / import through rehab.imports.pipeline.

Streamlit hands us in-memory files; DuckDB and our CSV reader want a path, so each
upload is written once into the session's private temp directory (removed when
the session ends). Previews are memoised per (file, unit) in session state: a
rerun caused by another widget does not re-read a 100 MB export.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from rehab.imports.pipeline import ImportFailure, ImportReport, Preview, import_file, preview_file

from . import state


@dataclass
class Staged:
    """One uploaded file on disk, with its preview (or the reason it cannot be read)."""

    name: str
    path: Path
    size: int
    preview: Preview | None
    error: str | None


def max_upload_mb() -> int:
    return int(st.get_option("server.maxUploadSize"))


def stage(upload) -> Staged:
    """Write an ``UploadedFile`` to disk (once) and preview it."""
    name = upload.name
    size = upload.size
    if size > max_upload_mb() * 1024 * 1024:
        return Staged(name, Path(), size, None,
                      f"{name}: {size / 1024 / 1024:.0f} MB is over the {max_upload_mb()} MB upload limit; "
                      "import it with `python -m rehab import` instead")
    memo = st.session_state.setdefault("_staged", {})
    key = upload.file_id
    if key in memo:
        return memo[key]
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    path = state.upload_dir() / f"{key}-{digest}.csv"
    path.write_bytes(upload.getvalue())
    try:
        prev = preview_file(path, display_name=name)
        staged = Staged(name, path, size, prev, None)
    except ImportFailure as exc:
        staged = Staged(name, path, size, None, str(exc))
    except Exception as exc:  # never a traceback for a bad file
        staged = Staged(name, path, size, None, f"{name}: could not be read ({type(exc).__name__}: {exc})")
    memo[key] = staged
    return staged


def run_import(staged: Staged, unit: str | None,
               date_format: str | None = None) -> tuple[ImportReport | None, str | None]:
    """Import one staged file; returns (report, None) or (None, user message).

    ``date_format`` (DMY/MDY) only when the user chose one; otherwise the import
    decides the date order from the whole file.
    """
    try:
        return import_file(state.cursor(), staged.path, display_name=staged.name, unit=unit,
                           lock=state.write_lock(), date_format=date_format), None
    except ImportFailure as exc:
        return None, str(exc)
    except Exception as exc:  # a database or reader bug: say which file, no traceback
        return None, f"{staged.name}: import failed ({type(exc).__name__}: {exc}); nothing was written"


def forget(staged: list[Staged]) -> None:
    """Drop staged files after a commit (the uploader is reset too)."""
    memo = st.session_state.get("_staged", {})
    for s in staged:
        for k in [k for k, v in memo.items() if v is s]:
            memo.pop(k, None)
        if s.path.is_file():
            s.path.unlink(missing_ok=True)
    st.session_state["_uploader_gen"] = st.session_state.get("_uploader_gen", 0) + 1
