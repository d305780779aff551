"""The plan and its signs: ``flags`` and ``plan``, both as of one day (``--as-of``, else the default day).

Start-up: :mod:`rehab.analysis` and :mod:`rehab.advice` are imported inside the commands; they add
~300 ms that every other command would pay for nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import TYPE_CHECKING

from rehab.cli.common import EXIT_OK, Subparsers, add_db, database, print_table
from rehab.errors import InputError
from rehab.storage.db import connect

if TYPE_CHECKING:
    from rehab.analysis import Analysis


def _as_of_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("--as-of", dest="as_of", default=None, metavar="YYYY-MM-DD",
                   help="as of this day (default: today, or the log's last day when it is over 4 weeks old); "
                        "later data is ignored")


def _parse_day(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"--as-of {text!r} is not a date; use YYYY-MM-DD") from None


def _analysis(args: argparse.Namespace) -> Analysis:
    """The analysis the advice commands read, as of --as-of or the one default "as of" day."""
    from rehab.analysis import Analysis, default_as_of, last_logged_day

    con = connect(database(args))
    as_of = _parse_day(args.as_of) or default_as_of(last_logged_day(con))
    return Analysis.load(con, as_of=as_of)


def add_flags(sub: Subparsers) -> None:
    p = sub.add_parser("flags", help="the plan's signs (flags) with evidence and a prescription (--json for scripts)")
    add_db(p)
    _as_of_argument(p)
    p.add_argument("--json", action="store_true",
                   help='print a JSON array of {"flag","exercise","since","evidence","message","prescription"} '
                        '("exercise" is null for overall flags)')
    p.set_defaults(func=run_flags)


def run_flags(args: argparse.Namespace) -> int:
    from rehab.advice import NOT_A_DIAGNOSIS

    analysis = _analysis(args)
    flags = analysis.flags()
    if args.json:
        print(json.dumps(flags))
        return EXIT_OK
    day = analysis.as_of.isoformat()
    if not flags:
        print(f"No flags as of {day}.")
        return EXIT_OK
    print(f"{len(flags)} flag{'s' if len(flags) != 1 else ''} as of {day}. {NOT_A_DIAGNOSIS}")
    for f in flags:
        print(f"\n[{f['flag']}] {f['exercise'] or 'overall'} — since {f['since']}")
        print(f"  {f['message']}")
        if f["prescription"]:
            print(f"  → {f['prescription']}")
    return EXIT_OK


def add_plan(sub: Subparsers) -> None:
    p = sub.add_parser("plan", help="the plan per exercise: phase, status, advice, prescription, return criteria")
    add_db(p)
    _as_of_argument(p)
    p.add_argument("--unit", choices=["kg", "lb"], default="kg", help="unit of the prescribed loads (default kg)")
    p.add_argument("--json", action="store_true",
                   help='print a JSON list, one object per exercise trained in the 12 weeks up to the day: '
                        '{"exercise","areas","phase","status","flags","advice","prescription","criteria"}')
    p.set_defaults(func=run_plan)


def run_plan(args: argparse.Namespace) -> int:
    from rehab.advice import NOT_A_DIAGNOSIS, STATUS_LABELS, prescription_text

    plan = _analysis(args).plan(unit=args.unit)
    rows = plan.by_status()
    if args.json:
        print(json.dumps([p.as_dict() for p in rows]))
        return EXIT_OK
    print(f"Plan as of {plan.as_of.isoformat()} ({len(rows)} exercise{'s' if len(rows) != 1 else ''} trained in "
          f"the last 12 weeks). {NOT_A_DIAGNOSIS}")
    print_table([{"status": STATUS_LABELS[p.status], "exercise": p.exercise, "phase": p.phase,
                  "flags": ", ".join(p.flags) or "-", "do": prescription_text(p) or "-"} for p in rows])
    for s in plan.overall:
        print(f"\noverall [{s.flag}] {s.message}")
    for p in rows:
        if p.status != "ok":
            print(f"\n{p.exercise} ({STATUS_LABELS[p.status]}): {p.advice}")
    return EXIT_OK
