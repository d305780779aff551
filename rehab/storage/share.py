"""Read-only share links: ``?share=<token>`` opens the owner's dashboard, read-only, for someone else.

* The token is ``secrets.token_urlsafe(24)`` (192 random bits) and is shown once; the registry keeps
  only its SHA-256 (``share_links.token_hash``), so a copy of the database does not hand out access.
  Lookups go by hash, so no comparison leaks timing about a stored token.
* Links live in the *registry* (``REHAB_DB``, migration 3), next to the workspace ids, because a token
  must resolve to its owner's workspace before any workspace is open. Owners list and revoke by the
  random ``link_id``; every owner-side call is scoped by ``workspace_id`` so one owner cannot touch
  another's links.
* A link may expire (``expires_at``, UTC) and may show only a date range. The range is enforced on the
  data, not by the pages: :func:`open_shared` copies the owner's rows inside the range into a private
  in-memory database and hands the viewer that copy — the viewer never holds a connection to the
  owner's store, so nothing a viewer can click writes to it, and no page can forget the range.
  Rejected import lines (raw text, maybe outside the range) are not shared.
* Revoked, expired and unknown tokens raise :class:`ShareError` with a clear message and give no data.
* The one write a link allows: :func:`leave_note` adds a short note (``clinician_notes``, migration 9) to
  the owner's workspace — only for a valid, unrevoked, unexpired link whose owner left notes on
  (``allow_notes``), only that one INSERT, so a viewer can never change training or pain data. Notes are
  not copied into shared views (another link's notes stay private); the owner reads them on the Overview.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from contextlib import AbstractContextManager
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from rehab.errors import AccessError, InputError
from rehab.storage.db import connect
from rehab.storage.locks import WriteLock
from rehab.storage.schema import data_tables
from rehab.storage.transactions import one, transaction
from rehab.storage.workspace import Store, Workspace, utcnow

TOKEN_BYTES = 24
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,128}")
MAX_LABEL = 80
#: The longest a link may last when it expires at all (no expiry: ``expires=None``).
MAX_DAYS = 3650
#: Tables never copied into a shared view (raw lines of rejected rows can hold anything).
NOT_SHARED = frozenset({"rejects", "clinician_notes"})
#: A note is a short message, not a letter; its author is a name.
MAX_NOTE = 1000
MAX_AUTHOR = 80
#: Notes one link may hold: a leaked link cannot fill the owner's database.
MAX_NOTES_PER_LINK = 200


class ShareError(AccessError):
    """A link that gives no access. ``reason``: unknown | revoked | expired; ``str()`` is the message."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


class LinkError(InputError, ValueError):
    """A link that cannot be created as asked (label, dates, expiry); a ValueError too, for older callers."""


@dataclass(frozen=True)
class ShareLink:
    """One link as its owner sees it (times naive UTC; dates inclusive, ``None`` = open)."""

    link_id: str
    label: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    date_from: dt.date | None
    date_to: dt.date | None
    revoked_at: dt.datetime | None
    last_opened_at: dt.datetime | None
    open_count: int
    allow_notes: bool = True

    def status(self, now: dt.datetime | None = None) -> str:
        """active | revoked | expired."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= (now or utcnow()):
            return "expired"
        return "active"


@dataclass(frozen=True)
class Grant:
    """What a valid token allows: read ``workspace_id`` between ``date_from`` and ``date_to``."""

    workspace_id: str
    link_id: str
    label: str
    date_from: dt.date | None
    date_to: dt.date | None
    allow_notes: bool = True


@dataclass(frozen=True)
class Note:
    """A note left through a link (``exercise`` None: about the training overall; times naive UTC)."""

    note_id: str
    link_id: str
    link_label: str
    exercise: str | None
    author: str
    body: str
    created_at: dt.datetime


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


_COLS = ("link_id, label, created_at, expires_at, date_from, date_to, revoked_at, last_opened_at, open_count, "
         "coalesce(allow_notes, TRUE)")


def _q(store: Store, sql: str, params: list) -> list[tuple]:
    cur = store.registry().cursor()
    try:
        return cur.execute(sql, params).fetchall()
    finally:
        cur.close()


def _registry_write(store: Store) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
    """A transaction on the registry under its write lock (links live there)."""
    return transaction(store.registry(), store.registry_lock())


def create_link(store: Store, ws: Workspace, label: str, expires: dt.datetime | dt.timedelta | None = None,
                date_from: dt.date | None = None, date_to: dt.date | None = None,
                allow_notes: bool = True) -> tuple[str, ShareLink]:
    """Create a link to ``ws``; return ``(token, link)``. The token is not stored: show it once.
    ``allow_notes``: whoever has the link may leave notes back (:func:`leave_note`)."""
    if ws.kind == "temporary":
        raise LinkError("a temporary workspace cannot be shared: it ends with your session (sign in to share)")
    label = " ".join(str(label or "").split())
    if not label:
        raise LinkError("give the link a label, e.g. 'for my physio'")
    if len(label) > MAX_LABEL:
        raise LinkError(f"the label is too long (at most {MAX_LABEL} characters)")
    if date_from and date_to and date_from > date_to:
        raise LinkError("the date range ends before it starts")
    now = utcnow()
    if isinstance(expires, dt.timedelta):
        if expires > dt.timedelta(days=MAX_DAYS):
            raise LinkError(f"a link can expire at most {MAX_DAYS} days from now (or never)")
        expires = now + expires
    if expires is not None:
        if expires.tzinfo is not None:
            expires = expires.astimezone(dt.UTC).replace(tzinfo=None)
        if expires <= now:
            raise LinkError("the expiry is in the past")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link_id = secrets.token_hex(8)
    with _registry_write(store) as cur:
        cur.execute("INSERT INTO share_links (link_id, token_hash, workspace_id, label, created_at, expires_at, "
                    "date_from, date_to, revoked_at, last_opened_at, open_count, allow_notes) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, 0, ?)",
                    [link_id, hash_token(token), ws.id, label, now, expires, date_from, date_to, bool(allow_notes)])
    return token, ShareLink(link_id, label, now, expires, date_from, date_to, None, None, 0, bool(allow_notes))


def list_links(store: Store, ws: Workspace) -> list[ShareLink]:
    """The owner's links, newest first, with when each was last opened."""
    rows = _q(store, f"SELECT {_COLS} FROM share_links WHERE workspace_id = ? ORDER BY created_at DESC, link_id",
              [ws.id])
    return [ShareLink(*r) for r in rows]


def revoke(store: Store, ws: Workspace, link_id: str) -> bool:
    """Revoke one of ``ws``'s links; False when ``ws`` has no such active link."""
    with _registry_write(store) as cur:
        n = one(cur, "SELECT count(*) FROM share_links WHERE link_id = ? AND workspace_id = ? AND revoked_at IS NULL",
                [str(link_id), ws.id])[0]
        if n:
            cur.execute("UPDATE share_links SET revoked_at = ? WHERE link_id = ? AND workspace_id = ?",
                        [utcnow(), str(link_id), ws.id])
    return bool(n)


def resolve(store: Store, token: str | None, touch: bool = True, now: dt.datetime | None = None) -> Grant:
    """The grant behind ``token``, or :class:`ShareError`. ``touch`` records the opening."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        raise ShareError("unknown", "This share link is not valid. Ask its owner for a new one.")
    rows = _q(store, "SELECT workspace_id, link_id, label, date_from, date_to, expires_at, revoked_at, "
                     "coalesce(allow_notes, TRUE) FROM share_links WHERE token_hash = ?", [hash_token(token)])
    if not rows:
        raise ShareError("unknown", "This share link is not valid. Ask its owner for a new one.")
    ws_id, link_id, label, d_from, d_to, expires_at, revoked_at, allow_notes = rows[0]
    now = now or utcnow()
    if revoked_at is not None:
        raise ShareError("revoked", "This share link was revoked by its owner.")
    if expires_at is not None and expires_at <= now:
        raise ShareError("expired", f"This share link expired on {expires_at:%Y-%m-%d %H:%M} UTC.")
    if touch:
        try:
            with _registry_write(store) as cur:
                cur.execute("UPDATE share_links SET last_opened_at = ?, open_count = open_count + 1 "
                            "WHERE link_id = ?", [now, link_id])
        except duckdb.Error:
            pass  # bookkeeping only: a concurrent update must not deny a valid link
    return Grant(ws_id, link_id, label, d_from, d_to, bool(allow_notes))


def copy_range(src: duckdb.DuckDBPyConnection, dst: duckdb.DuckDBPyConnection,
               date_from: dt.date | None, date_to: dt.date | None) -> dict[str, int]:
    """Copy ``src``'s data tables into (empty, migrated) ``dst``, only rows whose ``day`` is in range;
    ``imports`` keeps only batches that still have a set. Returns rows copied per table."""
    scur, dcur = src.cursor(), dst.cursor()
    copied: dict[str, int] = {}
    try:
        wanted = set(data_tables(dst))
        for table in data_tables(src):
            if table in NOT_SHARED or table not in wanted:
                continue
            cols = {c for (c,) in scur.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                "AND table_schema = current_schema() AND table_catalog = current_database()", [table]).fetchall()}
            where: list[str] = ["TRUE"]
            params: list[dt.date | None] = []
            if "day" in cols:
                if date_from is not None:
                    where.append("day >= ?")
                    params.append(date_from)
                if date_to is not None:
                    where.append("day <= ?")
                    params.append(date_to)
            elif table == "imports":
                where.append("batch_id IN (SELECT batch_id FROM sets WHERE (? IS NULL OR day >= ?) "
                             "AND (? IS NULL OR day <= ?))")
                params += [date_from, date_from, date_to, date_to]
            arrow: pa.Table = scur.execute(f'SELECT * FROM "{table}" WHERE {" AND ".join(where)}',
                                           params).to_arrow_table()
            dcur.register("_shared", arrow)
            dcur.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM _shared')
            dcur.unregister("_shared")
            copied[table] = arrow.num_rows
    finally:
        scur.close()
        dcur.close()
    return copied


def open_shared(store: Store, token: str | None) -> tuple[Grant, duckdb.DuckDBPyConnection]:
    """Resolve ``token`` and return a private in-memory copy of what it shows (close it when done)."""
    grant = resolve(store, token)
    ws = store.get(grant.workspace_id)
    view = connect(":memory:")
    try:
        copy_range(store.open(ws), view, grant.date_from, grant.date_to)
    except BaseException:
        view.close()
        raise
    return grant, view


def set_notes_allowed(store: Store, ws: Workspace, link_id: str, allow: bool) -> bool:
    """Turn notes back through one of ``ws``'s links on or off; False when ``ws`` has no such link."""
    with _registry_write(store) as cur:
        n = one(cur, "SELECT count(*) FROM share_links WHERE link_id = ? AND workspace_id = ?",
                [str(link_id), ws.id])[0]
        if n:
            cur.execute("UPDATE share_links SET allow_notes = ? WHERE link_id = ? AND workspace_id = ?",
                        [bool(allow), str(link_id), ws.id])
    return bool(n)


def _clean_text(text: object, limit: int, what: str) -> str:
    if not isinstance(text, str):
        raise ValueError(f"the {what} must be text")
    text = text.strip()
    if not text:
        raise ValueError(f"the {what} is empty")
    if len(text) > limit:
        raise ValueError(f"the {what} is {len(text)} characters long; keep it to {limit}")
    return text


def leave_note(store: Store, token: str | None, body: str, author: str, exercise: str | None = None,
               now: dt.datetime | None = None) -> Note:
    """Add a note from the holder of ``token`` to the owner's workspace; the only write a link can make.

    The token is resolved anew (a link revoked or expired since the page was drawn writes nothing), notes
    must be on for the link, and the single statement is an INSERT into ``clinician_notes``: nothing here
    can reach training or pain rows. ``exercise`` must be one the link shows (trained inside its dates).
    Raises :class:`ShareError` (bad link, notes off) or ValueError (empty, too long, unknown exercise)."""
    grant = resolve(store, token, touch=False, now=now)
    if not grant.allow_notes:
        raise ShareError("notes_off", "The owner of this link has turned notes off.")
    body = _clean_text(body, MAX_NOTE, "note")
    author = " ".join(_clean_text(author, MAX_AUTHOR, "name").split())
    if exercise is not None:
        exercise = " ".join(str(exercise).split()) or None
    ws = store.get(grant.workspace_id)
    con = store.open(ws)
    cur = con.cursor()
    try:
        if exercise is not None and not cur.execute(
                "SELECT 1 FROM sets WHERE exercise = ? AND (CAST(? AS DATE) IS NULL OR day >= ?) "
                "AND (CAST(? AS DATE) IS NULL OR day <= ?) LIMIT 1",
                [exercise, grant.date_from, grant.date_from, grant.date_to, grant.date_to]).fetchall():
            raise ValueError(f"{exercise!r} is not an exercise this link shows")
    finally:
        cur.close()
    note = Note(secrets.token_hex(8), grant.link_id, grant.label, exercise, author, body, now or utcnow())
    with transaction(con, store.lock(ws)) as cur:  # the cap is checked and kept in one transaction
        held = one(cur, "SELECT count(*) FROM clinician_notes WHERE link_id = ?", [grant.link_id])[0]
        if held >= MAX_NOTES_PER_LINK:
            raise ValueError(f"this link already holds {held} notes, the most it may; ask the owner to clear some")
        cur.execute("INSERT INTO clinician_notes (note_id, link_id, link_label, exercise, author, body, "
                    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [note.note_id, note.link_id, note.link_label, note.exercise, note.author, note.body,
                     note.created_at])
    return note


_NOTE_COLS = "note_id, link_id, link_label, exercise, author, body, created_at"


def list_notes(con: duckdb.DuckDBPyConnection, link_id: str | None = None) -> list[Note]:
    """The notes in the workspace behind ``con`` (the owner's), newest first; ``link_id``: one link's only."""
    cur = con.cursor()
    try:
        rows = cur.execute(f"SELECT {_NOTE_COLS} FROM clinician_notes "
                           "WHERE (CAST(? AS VARCHAR) IS NULL OR link_id = ?) ORDER BY created_at DESC, note_id",
                           [link_id, link_id]).fetchall()
    finally:
        cur.close()
    return [Note(*r) for r in rows]


def notes_of_link(store: Store, token: str | None) -> list[Note]:
    """The notes left through ``token``'s own link (what its holder wrote), newest first; ShareError when
    the link gives no access. Other links' notes are never returned."""
    grant = resolve(store, token, touch=False)
    return list_notes(store.open(store.get(grant.workspace_id)), grant.link_id)


def delete_note(con: duckdb.DuckDBPyConnection, note_id: str, lock: WriteLock | None = None) -> bool:
    """The owner dismisses a note (``con``: their workspace; ``lock``: its write lock, None = that of
    ``con``'s database). False when there was no such note."""
    with transaction(con, lock) as cur:
        n = one(cur, "SELECT count(*) FROM clinician_notes WHERE note_id = ?", [str(note_id)])[0]
        if n:
            cur.execute("DELETE FROM clinician_notes WHERE note_id = ?", [str(note_id)])
    return bool(n)
