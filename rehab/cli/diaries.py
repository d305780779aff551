"""What the person writes down beside the log: ``pain`` (the pain diary), ``session`` (intent and feel of
each workout) and ``areas`` (the body areas an exercise loads, over the built-in table).

Each action (``pain add``, ``pain list``, …) is its own function. Bad input prints one ``error: …`` line
(from :func:`rehab.cli.main.main`) and exits 2 with nothing written.

Start-up: :mod:`rehab.pain.diary`, :mod:`rehab.pain.sessions` and :mod:`rehab.analytics.areas` are
imported inside the actions: together they add ~250 ms to every other command otherwise.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from rehab.cli.common import EXIT_OK, Subparsers, add_db, database, missing, print_table, show_rows
from rehab.storage.db import connect
from rehab.storage.queries import exercise_names
from rehab.words.sessions import FEELS, INTENTS

if TYPE_CHECKING:  # the diaries import pandas: only when a command runs (start-up, see above)
    from rehab.pain.diary import PainImportReport
    from rehab.pain.sessions import SessionImportReport

# --- pain ------------------------------------------------------------------------


def add_pain(sub: Subparsers) -> None:
    p = sub.add_parser("pain", help="pain diary: add, import FILE, list, delete ID")
    add_db(p)
    acts = p.add_subparsers(dest="pain_cmd", metavar="ACTION", required=True)

    q = acts.add_parser("add", help="add one pain entry",
                        description="Add one pain diary entry (score 0-10).")
    q.add_argument("--date", required=True, metavar="D", help="YYYY-MM-DD or 'YYYY-MM-DD HH:MM'")
    q.add_argument("--score", required=True, metavar="N", help="0-10")
    q.add_argument("--area", default=None, metavar="A", help="body area, e.g. knee, shoulder, lower back")
    q.add_argument("--context", default="rest", metavar="C", help="rest (default), during, after, next_morning")
    q.add_argument("--note", default=None, metavar="T")
    add_db(q)
    q.set_defaults(func=run_pain_add)

    q = acts.add_parser("import", help="import a pain CSV (date,score,area,context,note)",
                        description="Import a pain CSV: all lines or none; re-importing adds nothing.")
    q.add_argument("file", metavar="FILE")
    q.add_argument("--json", action="store_true",
                   help='print {"file","rows_read","added","duplicates"}')
    add_db(q)
    q.set_defaults(func=run_pain_import)

    q = acts.add_parser("list", help="list pain entries, oldest first")
    q.add_argument("--from", dest="start", default=None, metavar="D", help="first day (YYYY-MM-DD)")
    q.add_argument("--to", dest="end", default=None, metavar="D", help="last day (YYYY-MM-DD)")
    q.add_argument("--json", action="store_true", help="print a JSON array of entries")
    add_db(q)
    q.set_defaults(func=run_pain_list)

    q = acts.add_parser("delete", help="delete one pain entry by id")
    q.add_argument("pain_id", metavar="ID")
    add_db(q)
    q.set_defaults(func=run_pain_delete)


def run_pain_add(args: argparse.Namespace) -> int:
    from rehab.pain.diary import add_pain

    pain_id = add_pain(connect(database(args)), args.date, args.score, area=args.area, context=args.context,
                       note=args.note)
    print(f"added pain entry {pain_id}")
    return EXIT_OK


def run_pain_import(args: argparse.Namespace) -> int:
    from rehab.imports.diaries import import_pain_csv

    rep = import_pain_csv(connect(database(args)), args.file, name=args.file)
    _print_import(rep, args.json)
    return EXIT_OK


def _print_import(rep: PainImportReport | SessionImportReport, as_json: bool) -> None:
    """What a diary CSV import did (the pain and the session diary report alike)."""
    if as_json:
        print(json.dumps({"file": rep.file, "rows_read": rep.rows_read, "added": rep.added,
                          "duplicates": rep.duplicates}))
    else:
        print(f"{rep.file}: read {rep.rows_read}, added {rep.added}, duplicates {rep.duplicates}")


def run_pain_list(args: argparse.Namespace) -> int:
    from rehab.pain.diary import load_pain

    df = load_pain(connect(database(args)), args.start, args.end)
    rows = [{
        "pain_id": r.pain_id, "ts": r.ts.isoformat(sep=" "), "day": r.day.date().isoformat(),
        "area": None if missing(r.area) else r.area,
        "score": None if missing(r.score) else float(r.score), "context": r.context,
        "note": None if missing(r.note) else r.note, "source": r.source, "is_mention": bool(r.is_mention),
        "exercise": None if missing(r.exercise) else r.exercise,
    } for r in df.itertuples(index=False)]
    show_rows(rows, args.json, ("pain_id", "ts", "area", "score", "context", "source", "note"))
    return EXIT_OK


def run_pain_delete(args: argparse.Namespace) -> int:
    from rehab.pain.diary import delete_pain

    delete_pain(connect(database(args)), args.pain_id)
    print(f"deleted pain entry {args.pain_id}")
    return EXIT_OK


# --- session diary ----------------------------------------------------------------


def add_session(sub: Subparsers) -> None:
    p = sub.add_parser("session", help="session diary (intent, feel): add, import FILE, list, delete ID")
    add_db(p)
    acts = p.add_subparsers(dest="session_cmd", metavar="ACTION", required=True)
    q = acts.add_parser("add", help="add (or update) one workout's intent and feel")
    q.add_argument("--date", required=True, metavar="D", help="YYYY-MM-DD")
    q.add_argument("--workout", default=None, metavar="NAME", help="workout name (default: every workout that day)")
    q.add_argument("--intent", choices=INTENTS, default=None)
    q.add_argument("--feel", choices=FEELS, default=None)
    q.add_argument("--note", default=None, metavar="T")
    add_db(q)
    q.set_defaults(func=run_session_add)
    q = acts.add_parser("import", help="import a session CSV (date,workout,intent,feel,note): all lines or none")
    q.add_argument("file", metavar="FILE")
    q.add_argument("--json", action="store_true", help='print {"file","rows_read","added","duplicates"}')
    add_db(q)
    q.set_defaults(func=run_session_import)
    q = acts.add_parser("list", help="list session entries, oldest first")
    q.add_argument("--json", action="store_true")
    add_db(q)
    q.set_defaults(func=run_session_list)
    q = acts.add_parser("delete", help="delete one session entry by id")
    q.add_argument("session_id", metavar="ID")
    add_db(q)
    q.set_defaults(func=run_session_delete)


def run_session_add(args: argparse.Namespace) -> int:
    from rehab.pain.sessions import add_session

    sid = add_session(connect(database(args)), args.date, args.workout, args.intent, args.feel, args.note)
    print(f"saved session entry {sid}")
    return EXIT_OK


def run_session_import(args: argparse.Namespace) -> int:
    from rehab.imports.diaries import import_sessions_csv

    rep = import_sessions_csv(connect(database(args)), args.file, name=args.file)
    _print_import(rep, args.json)
    return EXIT_OK


def run_session_list(args: argparse.Namespace) -> int:
    from rehab.pain.sessions import load_sessions

    df = load_sessions(connect(database(args)))
    rows = [{"session_id": r.session_id, "day": r.day.date().isoformat(),
             "workout": None if missing(r.workout) else r.workout,
             "intent": None if missing(r.intent) else r.intent,
             "feel": None if missing(r.feel) else r.feel, "note": None if missing(r.note) else r.note,
             "source": r.source} for r in df.itertuples(index=False)]
    show_rows(rows, args.json)
    return EXIT_OK


def run_session_delete(args: argparse.Namespace) -> int:
    from rehab.pain.sessions import delete_session

    delete_session(connect(database(args)), args.session_id)
    print(f"deleted session entry {args.session_id}")
    return EXIT_OK


# --- body areas of exercises --------------------------------------------------------


def add_areas(sub: Subparsers) -> None:
    p = sub.add_parser("areas", help="body areas each exercise loads: set EXERCISE AREA..., clear EXERCISE, list")
    add_db(p)
    acts = p.add_subparsers(dest="areas_cmd", metavar="ACTION", required=True)
    q = acts.add_parser("set", help="say which body areas an exercise loads (wins over the built-in table)")
    q.add_argument("exercise", metavar="EXERCISE")
    q.add_argument("areas", nargs="+", metavar="AREA")
    add_db(q)
    q.set_defaults(func=run_areas_set)
    q = acts.add_parser("clear", help="drop your areas for an exercise (back to the built-in table)")
    q.add_argument("exercise", metavar="EXERCISE")
    add_db(q)
    q.set_defaults(func=run_areas_clear)
    q = acts.add_parser("list", help="every stored exercise with its areas and where they come from")
    q.add_argument("--json", action="store_true")
    add_db(q)
    q.set_defaults(func=run_areas_list)


def run_areas_set(args: argparse.Namespace) -> int:
    from rehab.analytics.areas import set_exercise_areas

    got = set_exercise_areas(connect(database(args)), args.exercise, args.areas)
    print(f"{args.exercise.strip()}: {', '.join(got)}")
    return EXIT_OK


def run_areas_clear(args: argparse.Namespace) -> int:
    from rehab.analytics.areas import clear_exercise_areas

    had = clear_exercise_areas(connect(database(args)), args.exercise)
    print(f"{args.exercise.strip()}: {'back to the built-in areas' if had else 'had no areas of yours'}")
    return EXIT_OK


def run_areas_list(args: argparse.Namespace) -> int:
    from rehab.analytics.areas import area_source, load_overrides

    con = connect(database(args))
    overrides = load_overrides(con)
    names = sorted(set(exercise_names(con)) | set(overrides), key=str.casefold)
    rows = []
    for name in names:
        areas, source = area_source(name, overrides)
        rows.append({"exercise": name, "areas": list(areas), "source": source})
    if args.json:
        print(json.dumps(rows))
    else:
        print_table([{**r, "areas": ", ".join(r["areas"]) or "(unknown)"} for r in rows])
    return EXIT_OK
