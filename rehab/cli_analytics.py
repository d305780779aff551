"""Analytics sub-commands of ``python -m rehab`` (loaded by :func:`rehab.cli._load_extensions`).

Each command keeps to its own block of functions so several helpers can add
theirs here: ``pain`` (the pain diary) below; ``flags`` goes in its own block.
Bad input prints one ``error: …`` line and exits 2 with nothing written.
"""

from __future__ import annotations

import argparse
import json
import sys

from .cli import EXIT_FAIL, EXIT_OK, _print_table, command
from .db import connect, default_db_path

# --- pain ------------------------------------------------------------------------


def _pain_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="pain_cmd", metavar="ACTION", required=True)

    def db(q: argparse.ArgumentParser) -> None:
        # SUPPRESS: "pain --db X add" and "pain add --db X" both work.
        q.add_argument("--db", default=argparse.SUPPRESS, metavar="PATH",
                       help="database (default: $REHAB_DB, else data/rehab.duckdb)")

    q = sub.add_parser("add", help="add one pain entry",
                       description="Add one pain diary entry (score 0-10).")
    q.add_argument("--date", required=True, metavar="D", help="YYYY-MM-DD or 'YYYY-MM-DD HH:MM'")
    q.add_argument("--score", required=True, metavar="N", help="0-10")
    q.add_argument("--area", default=None, metavar="A", help="body area, e.g. knee, shoulder, lower back")
    q.add_argument("--context", default="rest", metavar="C", help="rest (default), during, after, next_morning")
    q.add_argument("--note", default=None, metavar="T")
    db(q)

    q = sub.add_parser("import", help="import a pain CSV (date,score,area,context,note)",
                       description="Import a pain CSV: all lines or none; re-importing adds nothing.")
    q.add_argument("file", metavar="FILE")
    q.add_argument("--json", action="store_true",
                   help='print {"file","rows_read","added","duplicates"}')
    db(q)

    q = sub.add_parser("list", help="list pain entries, oldest first")
    q.add_argument("--from", dest="start", default=None, metavar="D", help="first day (YYYY-MM-DD)")
    q.add_argument("--to", dest="end", default=None, metavar="D", help="last day (YYYY-MM-DD)")
    q.add_argument("--json", action="store_true", help="print a JSON array of entries")
    db(q)

    q = sub.add_parser("delete", help="delete one pain entry by id")
    q.add_argument("pain_id", metavar="ID")
    db(q)


def _pain_records(con, start, end) -> list[dict]:
    from .pain import load_pain

    df = load_pain(con, start, end)
    out = []
    for r in df.itertuples(index=False):
        out.append({
            "pain_id": r.pain_id, "ts": r.ts.isoformat(sep=" "), "day": r.day.date().isoformat(),
            "area": None if _missing(r.area) else r.area,
            "score": None if _missing(r.score) else float(r.score), "context": r.context,
            "note": None if _missing(r.note) else r.note, "source": r.source, "is_mention": bool(r.is_mention),
            "exercise": None if _missing(r.exercise) else r.exercise,
        })
    return out


def _missing(v) -> bool:
    return v is None or v != v  # NaN / pandas NA-as-NaN


def run_pain(args) -> int:
    from .pain import PainError, add_pain, delete_pain, import_pain_csv

    db = args.db or default_db_path()
    try:
        if args.pain_cmd == "add":
            pain_id = add_pain(connect(db), args.date, args.score, area=args.area, context=args.context,
                               note=args.note)
            print(f"added pain entry {pain_id}")
        elif args.pain_cmd == "import":
            rep = import_pain_csv(connect(db), args.file, name=args.file)
            if args.json:
                print(json.dumps({"file": rep.file, "rows_read": rep.rows_read, "added": rep.added,
                                  "duplicates": rep.duplicates}))
            else:
                print(f"{rep.file}: read {rep.rows_read}, added {rep.added}, duplicates {rep.duplicates}")
        elif args.pain_cmd == "list":
            rows = _pain_records(connect(db), args.start, args.end)
            if args.json:
                print(json.dumps(rows))
            else:
                _print_table([{k: ("" if r[k] is None else r[k]) for k in
                               ("pain_id", "ts", "area", "score", "context", "source", "note")} for r in rows])
        elif args.pain_cmd == "delete":
            delete_pain(connect(db), args.pain_id)
            print(f"deleted pain entry {args.pain_id}")
    except PainError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAIL
    return EXIT_OK


run_pain.arguments = _pain_arguments  # type: ignore[attr-defined]
# Registered after ``arguments`` is set: ``command`` reads it when it registers.
command("pain", help="pain diary: add, import FILE, list, delete ID")(run_pain)


# --- flags -----------------------------------------------------------------------


def _flags_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--as-of", dest="as_of", default=None, metavar="DATE",
                   help="evaluate as of this day, YYYY-MM-DD (default: today); later data is ignored")
    p.add_argument("--json", action="store_true",
                   help='print a JSON array of {"flag","exercise","since","evidence","message","prescription"} '
                        '("exercise" is null for overall flags)')


def _parse_day(text: str | None):
    import datetime as dt

    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"--as-of {text!r} is not a date; use YYYY-MM-DD") from None


def run_flags(args) -> int:
    from .analysis import Analysis

    try:
        as_of = _parse_day(args.as_of)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAIL
    analysis = Analysis.load(connect(args.db or default_db_path()), as_of=as_of)
    flags = analysis.flags()
    if args.json:
        print(json.dumps([f.as_dict() for f in flags]))
        return EXIT_OK
    day = analysis.as_of.isoformat()
    if not flags:
        print(f"No endurance-switch flags as of {day}.")
        return EXIT_OK
    print(f"{len(flags)} endurance-switch flag(s) as of {day} (advice from your data, not a diagnosis):")
    for f in flags:
        print(f"\n[{f.flag}] {f.exercise or 'overall'} — since {f.since.isoformat()}")
        print(f"  {f.message}")
        if f.prescription:
            print(f"  → {f.prescription}")
    return EXIT_OK


run_flags.arguments = _flags_arguments  # type: ignore[attr-defined]
command("flags", help="endurance-switch flags with a prescription (--json for scripts)")(run_flags)
