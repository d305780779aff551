"""Workout imports: ``import``, ``summary``, ``imports``, ``rejects``, ``undo``, ``demo``.

The ``import`` and ``summary`` outputs are a contract other tools script against; keep them stable (see
README, "Command line"). ``import`` goes on to the next file when one cannot be read (``error:`` line,
exit 2 at the end); every other error ends the command in :func:`rehab.cli.main.main`.

Start-up: :mod:`rehab.imports.pipeline` (~240 ms) is imported inside the commands that write (``import``,
``undo``, and ``demo`` through :mod:`rehab.demo`), so ``summary`` and the listings do not pay for it. The
rest is already loaded with :mod:`rehab.imports`, which the parser needs for ``--format``.
"""

from __future__ import annotations

import argparse
import json
import sys

from rehab.cli.common import EXIT_FAIL, EXIT_OK, Subparsers, add_db, database, print_table
from rehab.imports import FORMAT_NAMES
from rehab.imports.base import ImportFailure
from rehab.storage import queries
from rehab.storage.db import connect
from rehab.storage.schema import ever_imported


def add_import(sub: Subparsers) -> None:
    p = sub.add_parser("import", help="import workout exports (Strong, Hevy, FitNotes, Fitbod, StrongLifts, "
                       "Liftosaur, Alpha Progression, Lyfta, JEFIT, Garmin .fit, generic CSV)",
                       description="Import one or more exports. Re-importing the same data adds nothing.")
    p.add_argument("files", nargs="+", metavar="FILE")
    add_db(p)
    p.add_argument("--unit", choices=["kg", "lb"],
                   help="weight unit for files that do not state it (Strong's current export, Lyfta, JEFIT)")
    p.add_argument("--format", choices=FORMAT_NAMES, help="skip detection and read FILE as this format")
    p.add_argument("--date-format", choices=["DMY", "MDY", "YMD"], type=str.upper,
                   help="order of day/month dates (04.03.2025, 3/4/25): day-first, month-first or year-first; "
                        "default: decided from all the file's dates (generic template: YMD)")
    p.add_argument("--json", action="store_true",
                   help='one JSON object per file: {"file","format","unit","sets_read","sets_added",'
                        '"duplicates","rejected"}')
    p.set_defaults(func=run_import)


def run_import(args: argparse.Namespace) -> int:
    from rehab.imports.pipeline import import_file

    con = connect(database(args))
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


def add_summary(sub: Subparsers) -> None:
    p = sub.add_parser("summary", help="totals over all stored sets",
                       description="Totals: sets, reps_total, volume_kg, training_days, exercises, first_day, "
                                   "last_day, working_sets, working_volume_kg (working = not warm-up).")
    add_db(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run_summary)


def run_summary(args: argparse.Namespace) -> int:
    s = queries.summary(connect(database(args)))
    if args.json:
        print(json.dumps(s))
    else:
        for k, v in s.items():
            print(f"{k:>18}: {v}")
    return EXIT_OK


def add_imports(sub: Subparsers) -> None:
    p = sub.add_parser("imports", help="list import history")
    add_db(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_imports)


def run_imports(args: argparse.Namespace) -> int:
    df = queries.imports(connect(database(args)))
    rows = json.loads(df.to_json(orient="records", date_format="iso"))
    if args.json:
        print(json.dumps(rows))
    else:
        print_table([{k: r[k] for k in ("batch_id", "file_name", "form", "unit", "sets_read", "sets_added",
                                         "duplicates", "rejected", "imported_at")} for r in rows])
    return EXIT_OK


def add_rejects(sub: Subparsers) -> None:
    p = sub.add_parser("rejects", help="show the rows an import could not read")
    p.add_argument("batch_id", type=int)
    add_db(p)
    p.set_defaults(func=run_rejects)


def run_rejects(args: argparse.Namespace) -> int:
    df = queries.rejects(connect(database(args)), args.batch_id)
    for r in df.itertuples():
        print(f"line {r.line}: {r.reason}\n    {r.raw}")
    return EXIT_OK


def add_undo(sub: Subparsers) -> None:
    p = sub.add_parser("undo", help="delete one import batch: a workout or pain CSV import, or the demo (all its rows)")
    p.add_argument("batch_id", type=int)
    add_db(p)
    p.set_defaults(func=run_undo)


def run_undo(args: argparse.Namespace) -> int:
    from rehab.imports.pipeline import undo_batch

    removed = undo_batch(connect(database(args)), args.batch_id)
    pain = f", {removed['pain']} pain entries" if removed.get("pain") else ""
    print(f"removed import #{args.batch_id} ({removed.get('sets', 0)} sets{pain})")
    return EXIT_OK


def add_demo(sub: Subparsers) -> None:
    p = sub.add_parser("demo", help="load the bundled demo data (only into a database that never had an import, "
                                    "unless --force)")
    add_db(p)
    p.add_argument("--force", action="store_true", help="load even if the database already has sets")
    p.set_defaults(func=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    from rehab.demo import load_demo

    con = connect(database(args))
    if ever_imported(con) and not args.force:
        # Also after the demo (or anything) was undone: `make run` never mixes the demo into a real log.
        print("database already has data or has had imports; demo not loaded (use --force to add it anyway)")
        return EXIT_OK
    print(load_demo(con))
    return EXIT_OK
