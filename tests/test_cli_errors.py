"""The command line's one error path: a :class:`rehab.errors.RehabError` (or a store or file error) becomes
one ``error: …`` line and exit 2 in :func:`rehab.cli.main.main`; anything else is a bug and is not hidden.

Also the parser's shape: every sub-command runs a function its parser names, listed in a fixed order."""

from __future__ import annotations

import argparse
import datetime as dt

import pytest

from rehab.analytics.areas import set_exercise_areas
from rehab.cli import main as cli_main
from rehab.cli.common import leaf_commands
from rehab.cli.main import build_parser, main
from rehab.errors import InputError, RehabError
from rehab.storage.db import connect
from rehab.storage.share import create_link
from rehab.storage.workspace import get_store
from rehab.sync.store import check_time_zone
from rehab.words.areas import normalize_area


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("argv, line", [
    (["areas", "set", "Squat", "jaw"], "error: unknown body area 'jaw'; use one of: "),
    (["areas", "set", " ", "knee"], "error: exercise name is empty\n"),
    (["share", "create", " "], "error: give the link a label, e.g. 'for my physio'\n"),
    (["share", "create", "physio", "--from", "2025-03-01", "--to", "2025-01-01"],
     "error: the date range ends before it starts\n"),
    (["share", "create", "physio", "--from", "3/1/25"], "error: not a date (YYYY-MM-DD): '3/1/25'\n"),
    (["share", "revoke", "nope"], "error: no active link 'nope'\n"),
    (["report", "--out", "r.html", "--label", "x" * 81], "error: the label is 81 characters long; keep it to 80\n"),
    (["report", "--out", "r.html", "--from", "2025-03-01", "--to", "2025-01-01"],
     "error: the period starts (1 Mar 2025) after it ends (1 Jan 2025)\n"),
    (["report", "--out", "r.txt"], "error: --out must end in .pdf or .html\n"),
    (["report", "--out", "r.html", "--weeks", "0"], "error: --weeks must be 1 or more, not 0\n"),
    (["flags", "--as-of", "soon"], "error: --as-of 'soon' is not a date; use YYYY-MM-DD\n"),
    (["restore", "missing.zip"], "error: missing.zip: no such file\n"),
    (["sync", "hevy", "--since", "May"], "error: --since 'May' is not a date (YYYY-MM-DD)\n"),
])
def test_bad_input_is_one_error_line_and_exit_2(tmp_path, capsys, monkeypatch, argv, line):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, *argv, "--db", str(tmp_path / "r.duckdb"))
    assert code == 2 and out == ""
    assert err.startswith(line) and err.count("\n") == 1, err


def test_library_errors_the_cli_shows_are_rehab_errors(tmp_path):
    """The CLI shows RehabError and nothing else; these were bare ValueErrors (still ValueErrors for callers)."""
    con = connect(tmp_path / "r.duckdb")
    store = get_store(str(tmp_path / "r.duckdb"))
    for call in (lambda: normalize_area("jaw"), lambda: set_exercise_areas(con, "", ["knee"]),
                 lambda: create_link(store, store.get("local"), ""),
                 lambda: create_link(store, store.get("local"), "p", None, dt.date(2025, 3, 1), dt.date(2025, 1, 1)),
                 lambda: check_time_zone("Mars/Olympus")):
        with pytest.raises(InputError) as got:
            call()
        assert isinstance(got.value, ValueError)


def _command_runs(monkeypatch, command: str, func) -> None:
    """Make ``python -m rehab COMMAND`` run ``func`` instead of its own function."""
    real = cli_main.build_parser

    def patched() -> argparse.ArgumentParser:
        parser = real()
        leaf_commands(parser)[(command,)].set_defaults(func=func)
        return parser

    monkeypatch.setattr(cli_main, "build_parser", patched)


def test_an_error_that_is_no_rehab_error_is_not_hidden(tmp_path, monkeypatch):
    """A bare ValueError is a bug, not a message for the user: it is not turned into an ``error:`` line."""
    def broken(args: argparse.Namespace) -> int:
        raise ValueError("a bug")

    _command_runs(monkeypatch, "summary", broken)
    with pytest.raises(ValueError, match="a bug"):
        main(["summary", "--db", str(tmp_path / "r.duckdb")])


def test_a_rehab_error_from_any_command_is_shown(tmp_path, monkeypatch, capsys):
    def refuses(args: argparse.Namespace) -> int:
        raise RehabError("refused, with a reason", file="x.csv", line=3)

    _command_runs(monkeypatch, "demo", refuses)
    assert run(capsys, "demo", "--db", str(tmp_path / "r.duckdb")) == (2, "", "error: refused, with a reason\n")


def test_every_command_names_the_function_it_runs():
    leaves = leaf_commands(build_parser())
    assert len(leaves) == 26
    for path, parser in leaves.items():
        assert callable(parser.get_default("func")), path


def test_help_lists_the_commands_in_their_fixed_order(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    listed = [line.split()[0] for line in capsys.readouterr().out.split("  COMMAND\n", 1)[1].splitlines()
              if line.startswith("    ") and not line.startswith("     ")]
    assert listed == ["import", "summary", "imports", "rejects", "undo", "demo", "pain", "flags", "plan", "session",
                      "areas", "export", "restore", "report", "share", "sync"]
