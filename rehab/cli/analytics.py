"""Analytics sub-commands of ``python -m rehab`` (loaded by :func:`rehab.cli.main._load_extensions`).

Each command keeps to its own block of functions so several helpers can add
theirs here: ``pain`` (the pain diary) below; ``flags`` goes in its own block.
Bad input prints one ``error: …`` line and exits 2 with nothing written.
"""

from __future__ import annotations

import argparse
import json
import sys

from rehab.cli.main import EXIT_FAIL, EXIT_OK, _print_table, command
from rehab.storage.db import connect, default_db_path

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
    from rehab.pain.diary import load_pain

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
    from rehab.pain.diary import PainError, add_pain, delete_pain, import_pain_csv

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


# --- flags and plan ----------------------------------------------------------------


def _as_of_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("--as-of", dest="as_of", default=None, metavar="YYYY-MM-DD",
                   help="as of this day (default: today, or the log's last day when it is over 4 weeks old); "
                        "later data is ignored")


def _flags_arguments(p: argparse.ArgumentParser) -> None:
    _as_of_argument(p)
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


def _analysis(args):
    """The analysis the advice commands read, as of --as-of or the one default "as of" day."""
    from rehab.analysis import Analysis, default_as_of, last_logged_day

    con = connect(args.db or default_db_path())
    as_of = _parse_day(args.as_of) or default_as_of(last_logged_day(con))
    return Analysis.load(con, as_of=as_of)


def run_flags(args) -> int:
    from rehab.advice import NOT_A_DIAGNOSIS

    try:
        analysis = _analysis(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAIL
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


run_flags.arguments = _flags_arguments  # type: ignore[attr-defined]
command("flags", help="the plan's signs (flags) with evidence and a prescription (--json for scripts)")(run_flags)


def _plan_arguments(p: argparse.ArgumentParser) -> None:
    _as_of_argument(p)
    p.add_argument("--unit", choices=["kg", "lb"], default="kg", help="unit of the prescribed loads (default kg)")
    p.add_argument("--json", action="store_true",
                   help='print a JSON list, one object per exercise trained in the 12 weeks up to the day: '
                        '{"exercise","areas","phase","status","flags","advice","prescription","criteria"}')


def run_plan(args) -> int:
    from rehab.advice import NOT_A_DIAGNOSIS, STATUS_LABELS, prescription_text

    try:
        analysis = _analysis(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAIL
    plan = analysis.plan(unit=args.unit)
    rows = plan.by_status()
    if args.json:
        print(json.dumps([p.as_dict() for p in rows]))
        return EXIT_OK
    print(f"Plan as of {plan.as_of.isoformat()} ({len(rows)} exercise{'s' if len(rows) != 1 else ''} trained in "
          f"the last 12 weeks). {NOT_A_DIAGNOSIS}")
    _print_table([{"status": STATUS_LABELS[p.status], "exercise": p.exercise, "phase": p.phase,
                   "flags": ", ".join(p.flags) or "-", "do": prescription_text(p) or "-"} for p in rows])
    for s in plan.overall:
        print(f"\noverall [{s.flag}] {s.message}")
    for p in rows:
        if p.status != "ok":
            print(f"\n{p.exercise} ({STATUS_LABELS[p.status]}): {p.advice}")
    return EXIT_OK


run_plan.arguments = _plan_arguments  # type: ignore[attr-defined]
command("plan", help="the plan per exercise: phase, status, advice, prescription, return criteria")(run_plan)


# --- session diary ----------------------------------------------------------------


def _db_anywhere(q: argparse.ArgumentParser) -> None:
    q.add_argument("--db", default=argparse.SUPPRESS, metavar="PATH",
                   help="database (default: $REHAB_DB, else data/rehab.duckdb)")


def _session_arguments(p: argparse.ArgumentParser) -> None:
    from rehab.pain.sessions import FEELS, INTENTS

    sub = p.add_subparsers(dest="session_cmd", metavar="ACTION", required=True)
    q = sub.add_parser("add", help="add (or update) one workout's intent and feel")
    q.add_argument("--date", required=True, metavar="D", help="YYYY-MM-DD")
    q.add_argument("--workout", default=None, metavar="NAME", help="workout name (default: every workout that day)")
    q.add_argument("--intent", choices=INTENTS, default=None)
    q.add_argument("--feel", choices=FEELS, default=None)
    q.add_argument("--note", default=None, metavar="T")
    _db_anywhere(q)
    q = sub.add_parser("import", help="import a session CSV (date,workout,intent,feel,note): all lines or none")
    q.add_argument("file", metavar="FILE")
    q.add_argument("--json", action="store_true", help='print {"file","rows_read","added","duplicates"}')
    _db_anywhere(q)
    q = sub.add_parser("list", help="list session entries, oldest first")
    q.add_argument("--json", action="store_true")
    _db_anywhere(q)
    q = sub.add_parser("delete", help="delete one session entry by id")
    q.add_argument("session_id", metavar="ID")
    _db_anywhere(q)


def run_session(args) -> int:
    from rehab.pain.sessions import SessionError, add_session, delete_session, import_sessions_csv, load_sessions

    db = args.db or default_db_path()
    try:
        if args.session_cmd == "add":
            sid = add_session(connect(db), args.date, args.workout, args.intent, args.feel, args.note)
            print(f"saved session entry {sid}")
        elif args.session_cmd == "import":
            rep = import_sessions_csv(connect(db), args.file, name=args.file)
            if args.json:
                print(json.dumps({"file": rep.file, "rows_read": rep.rows_read, "added": rep.added,
                                  "duplicates": rep.duplicates}))
            else:
                print(f"{rep.file}: read {rep.rows_read}, added {rep.added}, duplicates {rep.duplicates}")
        elif args.session_cmd == "list":
            df = load_sessions(connect(db))
            rows = [{"session_id": r.session_id, "day": r.day.date().isoformat(),
                     "workout": None if _missing(r.workout) else r.workout,
                     "intent": None if _missing(r.intent) else r.intent,
                     "feel": None if _missing(r.feel) else r.feel, "note": None if _missing(r.note) else r.note,
                     "source": r.source} for r in df.itertuples(index=False)]
            if args.json:
                print(json.dumps(rows))
            else:
                _print_table([{k: ("" if v is None else v) for k, v in r.items()} for r in rows])
        elif args.session_cmd == "delete":
            delete_session(connect(db), args.session_id)
            print(f"deleted session entry {args.session_id}")
    except SessionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAIL
    return EXIT_OK


run_session.arguments = _session_arguments  # type: ignore[attr-defined]
command("session", help="session diary (intent, feel): add, import FILE, list, delete ID")(run_session)


# --- body areas of exercises --------------------------------------------------------


def _areas_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="areas_cmd", metavar="ACTION", required=True)
    q = sub.add_parser("set", help="say which body areas an exercise loads (wins over the built-in table)")
    q.add_argument("exercise", metavar="EXERCISE")
    q.add_argument("areas", nargs="+", metavar="AREA")
    _db_anywhere(q)
    q = sub.add_parser("clear", help="drop your areas for an exercise (back to the built-in table)")
    q.add_argument("exercise", metavar="EXERCISE")
    _db_anywhere(q)
    q = sub.add_parser("list", help="every stored exercise with its areas and where they come from")
    q.add_argument("--json", action="store_true")
    _db_anywhere(q)


def run_areas(args) -> int:
    from rehab.analytics.areas import area_source, clear_exercise_areas, load_overrides, set_exercise_areas
    from rehab.storage.queries import exercise_names

    con = connect(args.db or default_db_path())
    try:
        if args.areas_cmd == "set":
            got = set_exercise_areas(con, args.exercise, args.areas)
            print(f"{args.exercise.strip()}: {', '.join(got)}")
        elif args.areas_cmd == "clear":
            had = clear_exercise_areas(con, args.exercise)
            print(f"{args.exercise.strip()}: {'back to the built-in areas' if had else 'had no areas of yours'}")
        else:
            overrides = load_overrides(con)
            names = sorted(set(exercise_names(con)) | set(overrides), key=str.casefold)
            rows = []
            for name in names:
                areas, source = area_source(name, overrides)
                rows.append({"exercise": name, "areas": list(areas), "source": source})
            if args.json:
                print(json.dumps(rows))
            else:
                _print_table([{**r, "areas": ", ".join(r["areas"]) or "(unknown)"} for r in rows])
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAIL
    return EXIT_OK


run_areas.arguments = _areas_arguments  # type: ignore[attr-defined]
command("areas", help="body areas each exercise loads: set EXERCISE AREA..., clear EXERCISE, list")(run_areas)
