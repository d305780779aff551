"""``python -m rehab``: one argparse parser built from the command groups, and the one place errors are shown.

Each group module (:mod:`.imports`, :mod:`.diaries`, :mod:`.advice`, :mod:`.hosted`, :mod:`.sync`) has
an ``add_<command>(subparsers)`` per sub-command that sets the ``func`` it runs; :data:`COMMANDS` lists
them in the order ``--help`` shows them. A command returns its exit status; one that cannot go on raises
a :class:`rehab.errors.RehabError` (or a store or file error: ``duckdb.Error``, ``OSError``), which
:func:`main` prints as one ``error: …`` line, exit 2 — never a traceback.

The ``import`` and ``summary`` outputs are a contract other tools script against; keep them stable (see
README, "Command line").
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

import duckdb

from rehab import __version__
from rehab.cli import advice, diaries, hosted, imports, sync
from rehab.cli.common import DB_HELP, EXIT_FAIL, EXIT_USAGE, Subparsers, add_db, command_parsers
from rehab.errors import RehabError

#: Every sub-command, in the order ``--help`` lists them (the order they were added in: a new one goes last).
COMMANDS: tuple[Callable[[Subparsers], None], ...] = (
    imports.add_import, imports.add_summary, imports.add_imports, imports.add_rejects, imports.add_undo,
    imports.add_demo, diaries.add_pain, advice.add_flags, advice.add_plan, diaries.add_session, diaries.add_areas,
    hosted.add_export, hosted.add_restore, hosted.add_report, hosted.add_share, sync.add_sync,
)


def _db_everywhere(parser: argparse.ArgumentParser) -> None:
    """Accept ``--db`` after any sub-command at any depth (``share create … --db X`` as well as
    ``share --db X create …``): every sub-parser without one gets it."""
    for _, sub in command_parsers(parser):
        if "--db" not in sub._option_string_actions:
            add_db(sub)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m rehab",
        description="Rehab training dashboard: import workout logs, summarise, flag when to switch to endurance work.",
        epilog="The database defaults to $REHAB_DB, else data/rehab.duckdb. Exit status: 0 ok, 2 failure.",
    )
    parser.add_argument("--version", action="version", version=f"rehab {__version__}")
    parser.add_argument("--db", default=None, metavar="PATH", help=DB_HELP)
    sub = parser.add_subparsers(dest="cmd", metavar="COMMAND")
    for add in COMMANDS:
        add(sub)
    _db_everywhere(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.cmd:
        parser.print_help()
        return EXIT_USAGE
    if args.db is not None and not args.db.strip():
        parser.error("--db is empty: give a database file (or leave --db out for $REHAB_DB / data/rehab.duckdb)")
    _report_store_repairs()
    try:
        status: int = args.func(args)
    except (RehabError, duckdb.Error, OSError) as exc:  # a clear line, never a traceback, for the user
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAIL
    return status


class _WarningLine(logging.Handler):
    """Log records of the ``rehab`` logger as ``warning: …`` lines on (the current) stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        print(f"warning: {record.getMessage()}", file=sys.stderr)


def _report_store_repairs() -> None:
    """A store repaired on opening (:func:`rehab.storage.schema.repair_orphans`) says so once, as a
    ``warning:`` line."""
    logger = logging.getLogger("rehab")
    if not any(isinstance(h, _WarningLine) for h in logger.handlers):
        logger.addHandler(_WarningLine())
        logger.propagate = False
