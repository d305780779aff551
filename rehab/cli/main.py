"""``python -m rehab``: the command line over the same library the dashboard uses.

The ``import`` and ``summary`` outputs are a contract other tools script
against; keep them stable (see README, "Command line").
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence

from rehab import __version__
from rehab.imports import FORMAT_NAMES
from rehab.imports.base import ImportFailure
from rehab.storage.db import connect, default_db_path

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 2, 2

#: Extra sub-commands registered by other modules: name -> (add_arguments, run).
COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Callable]] = {}


def command(name: str, help: str):  # noqa: A002 - argparse vocabulary
    """Register a sub-command: decorate ``run(args) -> int``; add args via ``run.arguments``."""

    def wrap(run):
        COMMANDS[name] = (help, getattr(run, "arguments", lambda p: None), run)
        return run

    return wrap


_DB_HELP = "database (default: $REHAB_DB, else data/rehab.duckdb)"


def _db_arg(p: argparse.ArgumentParser) -> None:
    # SUPPRESS: a --db given before the sub-command is not overwritten by the sub-command's default.
    p.add_argument("--db", default=argparse.SUPPRESS, metavar="PATH", help=_DB_HELP)


def _db_everywhere(parser: argparse.ArgumentParser) -> None:
    """Accept ``--db`` after any sub-command at any depth (``share create … --db X`` as well as
    ``share --db X create …``): every sub-parser without one gets it."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                if "--db" not in sub._option_string_actions:
                    _db_arg(sub)
                _db_everywhere(sub)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m rehab",
        description="Rehab training dashboard: import workout logs, summarise, flag when to switch to endurance work.",
        epilog="The database defaults to $REHAB_DB, else data/rehab.duckdb. Exit status: 0 ok, 2 failure.",
    )
    parser.add_argument("--version", action="version", version=f"rehab {__version__}")
    parser.add_argument("--db", default=None, metavar="PATH", help=_DB_HELP)
    sub = parser.add_subparsers(dest="cmd", metavar="COMMAND")

    p = sub.add_parser("import", help="import workout exports (Strong, Hevy, FitNotes, Fitbod, StrongLifts, "
                       "Liftosaur, Alpha Progression, Lyfta, JEFIT, Garmin .fit, generic CSV)",
                       description="Import one or more exports. Re-importing the same data adds nothing.")
    p.add_argument("files", nargs="+", metavar="FILE")
    _db_arg(p)
    p.add_argument("--unit", choices=["kg", "lb"],
                   help="weight unit for files that do not state it (Strong's current export, Lyfta, JEFIT)")
    p.add_argument("--format", choices=FORMAT_NAMES, help="skip detection and read FILE as this format")
    p.add_argument("--date-format", choices=["DMY", "MDY", "YMD"], type=str.upper,
                   help="order of day/month dates (04.03.2025, 3/4/25): day-first, month-first or year-first; "
                        "default: decided from all the file's dates (generic template: YMD)")
    p.add_argument("--json", action="store_true",
                   help='one JSON object per file: {"file","format","unit","sets_read","sets_added",'
                        '"duplicates","rejected"}')

    p = sub.add_parser("summary", help="totals over all stored sets",
                       description="Totals: sets, reps_total, volume_kg, training_days, exercises, first_day, "
                                   "last_day, working_sets, working_volume_kg (working = not warm-up).")
    _db_arg(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")

    p = sub.add_parser("imports", help="list import history")
    _db_arg(p)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("rejects", help="show the rows an import could not read")
    p.add_argument("batch_id", type=int)
    _db_arg(p)

    p = sub.add_parser("undo", help="delete one import batch: a workout or pain CSV import, or the demo (all its rows)")
    p.add_argument("batch_id", type=int)
    _db_arg(p)

    p = sub.add_parser("demo", help="load the bundled demo data (only into a database that never had an import, "
                                         "unless --force)")
    _db_arg(p)
    p.add_argument("--force", action="store_true", help="load even if the database already has sets")

    for name, (help_text, add_args, _run) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text)
        _db_arg(p)
        add_args(p)
    _db_everywhere(parser)
    return parser


def _print_table(rows: list[dict]) -> None:
    if not rows:
        print("(none)")
        return
    keys = list(rows[0])
    widths = {k: max(len(k), *(len(str(r[k])) for r in rows)) for k in keys}
    print("  ".join(k.ljust(widths[k]) for k in keys))
    for r in rows:
        print("  ".join(str(r[k]).ljust(widths[k]) for k in keys))


def cmd_import(args) -> int:
    from rehab.imports.pipeline import import_file

    con = connect(args.db or default_db_path())
    status = EXIT_OK
    for f in args.files:
        try:
            rep = import_file(con, f, display_name=f, unit=args.unit, fmt=args.format, date_format=args.date_format)
        except ImportFailure as exc:
            print(f"error: {exc}", file=sys.stderr)
            status = EXIT_FAIL
            continue
        for w in rep.warnings:
            print(f"warning: {w}", file=sys.stderr)
        if args.json:
            print(json.dumps(rep.as_json()), flush=True)
        else:
            print(f"{f}: {rep.format} ({rep.unit}) read {rep.sets_read}, added {rep.sets_added}, "
                  f"duplicates {rep.duplicates}, rejected {rep.rejected}  [import #{rep.batch_id}]")
            for r in rep.rejects[:10]:
                print(f"  line {r.line}: {r.reason}")
            if rep.rejected > 10:
                print(f"  … {rep.rejected - 10} more: python -m rehab rejects {rep.batch_id}")
    return status


def cmd_summary(args) -> int:
    from rehab.storage.queries import summary

    s = summary(connect(args.db or default_db_path()))
    if args.json:
        print(json.dumps(s))
    else:
        for k, v in s.items():
            print(f"{k:>18}: {v}")
    return EXIT_OK


def cmd_imports(args) -> int:
    from rehab.storage.queries import imports

    df = imports(connect(args.db or default_db_path()))
    rows = json.loads(df.to_json(orient="records", date_format="iso"))
    if args.json:
        print(json.dumps(rows))
    else:
        _print_table([{k: r[k] for k in ("batch_id", "file_name", "form", "unit", "sets_read", "sets_added",
                                          "duplicates", "rejected", "imported_at")} for r in rows])
    return EXIT_OK


def cmd_rejects(args) -> int:
    from rehab.storage.queries import rejects

    df = rejects(connect(args.db or default_db_path()), args.batch_id)
    for r in df.itertuples():
        print(f"line {r.line}: {r.reason}\n    {r.raw}")
    return EXIT_OK


def cmd_undo(args) -> int:
    from rehab.imports.pipeline import undo_batch

    removed = undo_batch(connect(args.db or default_db_path()), args.batch_id)
    pain = f", {removed['pain']} pain entries" if removed.get("pain") else ""
    print(f"removed import #{args.batch_id} ({removed.get('sets', 0)} sets{pain})")
    return EXIT_OK


def cmd_demo(args) -> int:
    from rehab.demo import load_demo
    from rehab.storage.schema import ever_imported

    con = connect(args.db or default_db_path())
    if ever_imported(con) and not args.force:
        # Also after the demo (or anything) was undone: `make run` never mixes the demo into a real log.
        print("database already has data or has had imports; demo not loaded (use --force to add it anyway)")
        return EXIT_OK
    print(load_demo(con))
    return EXIT_OK


BUILTIN = {"import": cmd_import, "summary": cmd_summary, "imports": cmd_imports, "rejects": cmd_rejects,
           "undo": cmd_undo, "demo": cmd_demo}


def main(argv: Sequence[str] | None = None) -> int:
    _load_extensions()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.cmd:
        parser.print_help()
        return EXIT_USAGE
    if args.db is not None and not args.db.strip():
        parser.error("--db is empty: give a database file (or leave --db out for $REHAB_DB / data/rehab.duckdb)")
    _report_store_repairs()
    run = BUILTIN.get(args.cmd) or COMMANDS[args.cmd][2]
    try:
        return run(args)
    except ImportFailure as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAIL
    except Exception as exc:  # a clear line, never a traceback, for the user
        import duckdb

        # rehab.storage.db.StoreLocked / StoreDamaged / NotAStore are ValueErrors whose message names the file.
        if isinstance(exc, (ValueError, duckdb.Error, OSError)):
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_FAIL
        raise


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


def _load_extensions() -> None:
    """Modules that register sub-commands with :func:`command`."""
    import importlib

    for mod in ("rehab.cli.analytics", "rehab.cli.hosted", "rehab.cli.sync"):
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as exc:
            if exc.name != mod:
                raise
