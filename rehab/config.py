"""Every setting the product reads from the environment, in one table.

Each setting is read here and only here (``rehab``, ``ui`` and the CLI call :func:`get` or one of the typed
helpers below; ``tests/test_config.py`` fails on an ``os.environ`` read anywhere else). It is read when asked,
not frozen at import: a host that exports a variable before starting the app and a test that sets one with
``monkeypatch`` both see it. The table is also what ``docs/hosting.md`` lists (a test keeps the two in step).
Settings that come from ``.streamlit/secrets.toml`` (sign-in, the server secret) are read by ``ui`` through
Streamlit and fall back to the environment variable of the same name here. The C library's own variables
(``TZ``, ``LC_PAPER``, …) are the system's, not settings of this product, and are read where they matter;
the benchmarks' sizes (``REHAB_BENCH_*``) belong to ``bench/``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    meaning: str


SETTINGS: tuple[Setting, ...] = (
    Setting("REHAB_DB", "",
            "The store: a DuckDB file (default `data/rehab.duckdb`), `ducklake:…` (DuckLake) or `md:…` (MotherDuck)."),
    Setting("REHAB_DATA_PATH", "", "Where a DuckLake store keeps its Parquet files (default: beside the catalog)."),
    Setting("MOTHERDUCK_TOKEN", "", "Token for a `md:` store."),
    Setting("REHAB_DUCKDB_MEMORY", "512MB", "DuckDB's memory limit per connection."),
    Setting("REHAB_MODE", "local", "`hosted`: every signed-in person gets a workspace of their own."),
    Setting("REHAB_READ_ONLY", "", "`1`: the dashboard never writes (a demo or a kiosk)."),
    Setting("REHAB_PUBLIC_URL", "", "The address share links and the report point to (hosted mode)."),
    Setting("REHAB_ALLOW_NETWORK", "",
            "`1`: local mode (no sign-in) may listen on a network address, not only on this computer."),
    Setting("REHAB_SECRET_KEY", "", "Server secret that encrypts stored app API keys (or in secrets.toml)."),
    Setting("HEVY_API_KEY", "", "Hevy API key for `python -m rehab sync hevy` (else `--api-key-file`)."),
    Setting("HEVY_API_URL", "https://api.hevyapp.com", "Hevy's API (a test server, a proxy)."),
)

BY_NAME = {s.name: s for s in SETTINGS}
_TRUE = ("1", "true", "yes", "on")


def get(name: str) -> str:
    """The setting's value, stripped; its default when unset or blank. An unknown name is a bug: KeyError."""
    setting = BY_NAME[name]
    value = os.environ.get(name, "").strip()
    return value or setting.default


def flag(name: str) -> bool:
    """A yes/no setting (``1``, ``true``, ``yes``, ``on``, any case)."""
    return get(name).lower() in _TRUE


def is_set(name: str) -> bool:
    """Whether the environment gives the setting a non-blank value (not just its default)."""
    BY_NAME[name]
    return bool(os.environ.get(name, "").strip())
