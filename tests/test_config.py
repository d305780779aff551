"""Settings are read in one place: :mod:`rehab.config`'s table."""

from __future__ import annotations

import re

import pytest

from rehab import config
from tests.conftest import ROOT

#: The C library's own variables, read where they decide something (time zone, paper size): not settings.
SYSTEM = {"TZ", "LC_ALL", "LC_PAPER", "LANG"}
#: Files that read a system variable by a name held in a variable, and which names.
BY_VARIABLE = {"rehab/output/report/paper.py": "LC_ALL, LC_PAPER, LANG in the C library's order"}
READ = re.compile(r"os\.(?:environ|getenv)\b(?:\.get)?\(?\s*\[?\s*(\"[A-Za-z_]+\"|'[A-Za-z_]+'|\w+)?")


def _product_sources():
    for folder in ("rehab", "ui", "app_pages"):
        yield from sorted((ROOT / folder).rglob("*.py"))
    yield ROOT / "app.py"
    yield ROOT / "serve.py"


def test_no_setting_is_read_outside_config():
    stray = []
    for path in _product_sources():
        if path == ROOT / "rehab" / "config.py":
            continue
        for n, line in enumerate(path.read_text().splitlines(), 1):
            for m in READ.finditer(line):
                literal = bool(m.group(1)) and m.group(1)[0] in "\"'"
                name = (m.group(1) or "").strip("\"'")
                rel = str(path.relative_to(ROOT))
                if (name not in SYSTEM) if literal else (rel not in BY_VARIABLE):
                    stray.append(f"{rel}:{n}: {line.strip()}")
    assert not stray, "read these through rehab.config:\n" + "\n".join(stray)


def test_get_reads_when_asked_and_falls_back_to_the_default(monkeypatch):
    monkeypatch.delenv("REHAB_DUCKDB_MEMORY", raising=False)
    assert config.get("REHAB_DUCKDB_MEMORY") == "512MB"
    monkeypatch.setenv("REHAB_DUCKDB_MEMORY", "  2GB ")
    assert config.get("REHAB_DUCKDB_MEMORY") == "2GB"
    monkeypatch.setenv("REHAB_DUCKDB_MEMORY", "   ")
    assert config.get("REHAB_DUCKDB_MEMORY") == "512MB" and not config.is_set("REHAB_DUCKDB_MEMORY")


@pytest.mark.parametrize(("value", "on"), [("1", True), ("TRUE", True), ("yes", True), ("on", True),
                                           ("0", False), ("", False), ("no", False), ("off", False)])
def test_flag(monkeypatch, value, on):
    monkeypatch.setenv("REHAB_READ_ONLY", value)
    assert config.flag("REHAB_READ_ONLY") is on


def test_an_unknown_setting_is_a_bug():
    with pytest.raises(KeyError):
        config.get("REHAB_NO_SUCH_THING")
