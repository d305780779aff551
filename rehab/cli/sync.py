"""``python -m rehab sync hevy``: pull workouts from Hevy's API.

The key comes from ``--api-key-file F`` or ``$HEVY_API_KEY`` (or, when ``$REHAB_SECRET_KEY`` is set, the
key the dashboard stored for this workspace) -- never from an argument, so it stays out of shell history
and process lists, and it is never printed. ``--json`` prints exactly one object on stdout; progress
goes to stderr. Exit 0 on success, 2 with one ``error: …`` line (from :func:`rehab.cli.main.main`) otherwise.

Start-up: :mod:`rehab.sync.hevy` (the HTTP client and the import pipeline, ~380 ms) is imported inside
the command.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb

from rehab import config
from rehab.cli.common import EXIT_OK, Subparsers, add_db, database
from rehab.errors import InputError
from rehab.storage.db import connect
from rehab.sync.store import get_setting, load_api_key, machine_time_zone, server_secret

KEY_ENV = "HEVY_API_KEY"


def add_sync(sub: Subparsers) -> None:
    p = sub.add_parser("sync", help="sync workouts from an app's API (hevy)")
    add_db(p)
    p.description = ("Sync workouts from an app's API. hevy: the first sync reads every workout, later ones only "
                     "what changed since the last sync. Key from --api-key-file or $HEVY_API_KEY; API base URL "
                     "from $HEVY_API_URL.")
    p.add_argument("source", choices=["hevy"], help="the app to sync from")
    p.add_argument("--since", default=None, metavar="YYYY-MM-DD",
                   help="read the changes since this day instead of since the last sync")
    p.add_argument("--api-key-file", default=None, metavar="F", help="file holding the API key (one line)")
    p.add_argument("--tz", default=None, metavar="Area/City",
                   help="your time zone, to match Hevy CSV exports (stored; default: the stored one, else "
                        "this machine's)")
    p.add_argument("--json", action="store_true",
                   help='print {"source","workouts_seen","sets_added","sets_removed","workouts_updated",'
                        '"workouts_deleted","duplicates","synced_until"}')
    p.set_defaults(func=run_sync)


def _read_key(args: argparse.Namespace, con: duckdb.DuckDBPyConnection) -> str:
    if args.api_key_file:
        path = Path(args.api_key_file)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise InputError(f"{args.api_key_file}: no such file", file=path) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{args.api_key_file}: cannot read the key ({type(exc).__name__})", file=path) from None
        key = text.strip()
        if not key:
            raise InputError(f"{args.api_key_file}: the file is empty", file=path)
        return key
    key = config.get(KEY_ENV)
    if key:
        return key
    if server_secret():
        stored = load_api_key(con, "hevy", None)
        if stored:
            return stored
    raise InputError(f"no Hevy API key: pass --api-key-file F or set ${KEY_ENV} "
                     "(the key is in Hevy's web app, Settings > Developer; Hevy Pro)")


def _progress() -> Callable[[str, int, int], None]:
    tty = sys.stderr.isatty()

    def show(label: str, done: int, total: int) -> None:
        line = f"hevy: {label} page {done}/{total}"
        if tty:
            print("\r" + line.ljust(40), end="" if done < total else "\n", file=sys.stderr, flush=True)
        else:
            print(line, file=sys.stderr, flush=True)

    return show


def run_sync(args: argparse.Namespace) -> int:
    from rehab.sync.hevy import sync
    from rehab.sync.hevy_api import HevyClient

    since = None
    if args.since:
        try:
            since = dt.date.fromisoformat(args.since)
        except ValueError:
            raise InputError(f"--since {args.since!r} is not a date (YYYY-MM-DD)") from None
    con = connect(database(args))
    key = _read_key(args, con)
    if not args.tz and get_setting(con, "hevy", "time_zone") is None:
        print(f"hevy: matching CSV exports in time zone {machine_time_zone()} (this machine's; stored for "
              "later syncs, change it with --tz Area/City)", file=sys.stderr)
    with HevyClient(key) as client:
        report = sync(con, client, tz=args.tz, since=since, progress=_progress())
    for w in report.warnings:
        print(f"warning: {w}", file=sys.stderr)
    if args.json:
        print(json.dumps(report.as_json()), flush=True)
        return EXIT_OK
    kind = "all workouts" if report.full else "changes"
    print(f"hevy: read {kind}: {report.workouts_seen} workouts, added {report.sets_added} sets, "
          f"removed {report.sets_removed}, updated {report.workouts_updated} workouts, deleted "
          f"{report.workouts_deleted}, already stored {report.duplicates}, rejected {report.rejected}; "
          f"synced until {report.synced_until} (time zone {report.time_zone})"
          + (f"  [import #{report.batch_id}]" if report.batch_id else "  [nothing changed]"))
    for r in report.rejects[:10]:
        print(f"  {r.reason}")
    return EXIT_OK
