"""What an app sync keeps in the workspace (tables of migration 6), apart from the sets themselves.

* ``sync_runs``: one row per successful sync; the newest one's ``synced_until`` is where the next
  sync's event feed starts ("stored per workspace": every workspace is its own database).
* ``sync_links``: which stored sets (by ``content_key``) make up which app workout, so an updated
  workout can replace its sets and a deleted one remove them. A link records the batch that made it
  and the batch that dropped it.
* ``sync_removed_sets``: exact copies of the sets a sync removed, so undoing that sync puts them back
  (removing a batch is the schema's: :func:`rehab.storage.schema.remove_batch`, which
  :func:`rehab.imports.pipeline.undo_import` calls).
* ``sync_settings``: per-source settings such as the person's time zone.
* ``sync_credentials``: the API key, encrypted with Fernet under a key derived (HKDF-SHA256, random
  salt per key) from the server's secret (``REHAB_SECRET_KEY`` or ``.streamlit/secrets.toml``). The
  plaintext is never stored, shown or exported (``rehab.storage.schema.EXCLUDED``).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import secrets
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import duckdb

from rehab import config
from rehab.errors import AccessError, InputError
from rehab.storage.transactions import one, transaction

SECRET_ENV = "REHAB_SECRET_KEY"
_HKDF_INFO = b"rehab-dashboard app-sync api key v1"


class CredentialError(AccessError):
    """The key cannot be stored or read (no secret configured, secret changed). ``str()`` is the message."""


# --------------------------------------------------------------------- runs

def last_run(con: duckdb.DuckDBPyConnection, source: str) -> dict | None:
    """The newest successful run: ``{started_at, synced_until, batch_id, report}`` (times UTC, naive)."""
    cur = con.cursor()
    try:
        row = cur.execute(
            "SELECT started_at, synced_until, batch_id, report FROM sync_runs WHERE source = ? "
            "ORDER BY synced_until DESC, started_at DESC LIMIT 1", [source]).fetchone()
    finally:
        cur.close()
    if row is None:
        return None
    return {"started_at": row[0], "synced_until": row[1], "batch_id": row[2], "report": json.loads(row[3])}


# --------------------------------------------------------------------- settings

def get_setting(con: duckdb.DuckDBPyConnection, source: str, name: str) -> str | None:
    cur = con.cursor()
    try:
        row = cur.execute("SELECT value FROM sync_settings WHERE source = ? AND name = ? "
                          "ORDER BY updated_at DESC LIMIT 1", [source, name]).fetchone()
    finally:
        cur.close()
    return None if row is None else row[0]


def set_setting(con: duckdb.DuckDBPyConnection, source: str, name: str, value: str | None) -> None:
    with transaction(con) as cur:
        cur.execute("DELETE FROM sync_settings WHERE source = ? AND name = ?", [source, name])
        if value is not None:
            cur.execute("INSERT INTO sync_settings VALUES (?, ?, ?, current_localtimestamp())",
                        [source, name, value])


def machine_time_zone() -> str:
    """The machine's IANA zone name: ``$TZ``, else ``/etc/localtime``'s target, else ``/etc/timezone``, else UTC."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        target = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    try:
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    except OSError:
        pass
    for name in candidates:
        if name and valid_time_zone(name):
            return name
    return "UTC"


def valid_time_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


class TimeZoneError(InputError, ValueError):
    """A time zone that is not an IANA name; a ValueError too, for callers that catch that."""


def check_time_zone(name: str) -> str:
    """``name`` if it is an IANA zone (``Europe/Berlin``); else :class:`TimeZoneError` saying what to give."""
    name = (name or "").strip()
    if not valid_time_zone(name):
        raise TimeZoneError(f"unknown time zone {name!r}: give an IANA name such as Europe/Berlin or America/New_York")
    return name


# --------------------------------------------------------------------- the key

def server_secret(explicit: str | None = None) -> str | None:
    """The secret that protects stored keys: ``explicit`` (the dashboard passes its secrets.toml value), else
    ``$REHAB_SECRET_KEY``; None when neither is set."""
    value = explicit if explicit is not None else (config.get(SECRET_ENV) or None)
    return value if value and value.strip() else None


def _fernet(secret: str, salt: bytes):
    from cryptography.fernet import Fernet
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=_HKDF_INFO).derive(secret.encode("utf-8"))
    return Fernet(base64.urlsafe_b64encode(key))


def save_api_key(con: duckdb.DuckDBPyConnection, source: str, api_key: str, secret: str | None) -> None:
    """Store ``api_key`` encrypted (replacing an earlier one). Raises :class:`CredentialError` without a secret."""
    secret = server_secret(secret)
    if secret is None:
        raise CredentialError(f"no secret to encrypt the key with: set {SECRET_ENV} in the environment or in "
                              ".streamlit/secrets.toml")
    key = (api_key or "").strip()
    if not key:
        raise CredentialError("the API key is empty")
    salt = secrets.token_bytes(16)
    token = _fernet(secret, salt).encrypt(key.encode("utf-8")).decode("ascii")
    with transaction(con) as cur:
        cur.execute("DELETE FROM sync_credentials WHERE source = ?", [source])
        cur.execute("INSERT INTO sync_credentials VALUES (?, ?, ?, ?)",
                    [source, salt, token, dt.datetime.now(dt.UTC).replace(tzinfo=None)])


def has_api_key(con: duckdb.DuckDBPyConnection, source: str) -> bool:
    cur = con.cursor()
    try:
        return bool(one(cur, "SELECT count(*) FROM sync_credentials WHERE source = ?", [source])[0])
    finally:
        cur.close()


def load_api_key(con: duckdb.DuckDBPyConnection, source: str, secret: str | None) -> str | None:
    """The stored key in plain text (only to send it), or None if none is stored."""
    from cryptography.fernet import InvalidToken

    cur = con.cursor()
    try:
        row = cur.execute("SELECT salt, token FROM sync_credentials WHERE source = ? ORDER BY created_at DESC "
                          "LIMIT 1", [source]).fetchone()
    finally:
        cur.close()
    if row is None:
        return None
    secret = server_secret(secret)
    if secret is None:
        raise CredentialError(f"a key is stored but {SECRET_ENV} is not set, so it cannot be read")
    try:
        return _fernet(secret, bytes(row[0])).decrypt(row[1].encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise CredentialError("the stored key cannot be read with this server's secret (was it changed?); "
                              "disconnect and connect again") from None


def forget_api_key(con: duckdb.DuckDBPyConnection, source: str) -> bool:
    """Remove the stored key; True if there was one."""
    had = has_api_key(con, source)
    cur = con.cursor()
    try:
        cur.execute("DELETE FROM sync_credentials WHERE source = ?", [source])
    finally:
        cur.close()
    return had
