"""Shared fixtures. Corpus tests read ../shared/corpus and skip, with a reason, where it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture
def db(tmp_path):
    """A fresh, migrated DuckDB database file per test."""
    from rehab.storage.db import connect

    con = connect(tmp_path / "test.duckdb")
    yield con
    con.close()


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        if IN_CI:
            pytest.fail(f"CI=true but the shared corpus is missing at {CORPUS}")
        pytest.skip(f"shared corpus not found at {CORPUS} (only present beside the project checkout)")
    return CORPUS
