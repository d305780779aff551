"""Export, restore, report and share sub-commands of ``python -m rehab`` (local mode: the ``--db`` store).

Bad input prints one ``error: …`` line (from :func:`rehab.cli.main.main`) and exits 2.

Start-up: :mod:`rehab.output.report` (~1.2 s: charts and the PDF writer) and :mod:`rehab.output.export`
(~170 ms: parquet and the import pipeline) are imported inside the commands that use them, so that the
other commands do not pay for them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from rehab import config
from rehab.cli.common import EXIT_OK, Subparsers, add_db, database, print_table
from rehab.errors import InputError
from rehab.storage.share import MAX_DAYS, create_link, list_links, revoke
from rehab.storage.workspace import Store, Workspace, get_store


def _days(text: str) -> float:
    """``--days``: a finite number of days up to :data:`rehab.storage.share.MAX_DAYS` (argparse reports the error)."""
    try:
        days = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of days: {text!r}") from None
    if not 0 < days <= MAX_DAYS:  # also refuses inf and nan
        raise argparse.ArgumentTypeError(
            f"{text!r}: give a number of days between 0 and {MAX_DAYS} (leave --days out for a link that "
            "never expires)")
    return days


def _date(s: str | None) -> dt.date | None:
    if s is None:
        return None
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        raise InputError(f"not a date (YYYY-MM-DD): {s!r}") from None


def _local(args: argparse.Namespace) -> tuple[Store, Workspace]:
    store = get_store(database(args))
    return store, store.get("local")


# --- export / restore ----------------------------------------------------------------


def add_export(sub: Subparsers) -> None:
    p = sub.add_parser("export", help="write every table to one zip (Parquet for restore, CSV for spreadsheets)")
    add_db(p)
    p.add_argument("file", metavar="FILE.zip")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_export)


def run_export(args: argparse.Namespace) -> int:
    from rehab.output.export import export_workspace

    store, ws = _local(args)
    manifest = export_workspace(store, ws, args.file)
    rows = {t: m["rows"] for t, m in manifest["tables"].items()}
    print(json.dumps({"file": args.file, "tables": rows}) if args.json else
          f"exported {', '.join(f'{t} {n}' for t, n in rows.items())} to {args.file}")
    return EXIT_OK


def add_restore(sub: Subparsers) -> None:
    p = sub.add_parser("restore", help="load an export zip (all or nothing; into an empty database unless --replace)")
    add_db(p)
    p.add_argument("file", metavar="FILE.zip")
    p.add_argument("--replace", action="store_true", help="replace the data already in the database")
    p.set_defaults(func=run_restore)


def run_restore(args: argparse.Namespace) -> int:
    from rehab.output.export import restore_workspace

    store, ws = _local(args)
    if not Path(args.file).is_file():
        raise InputError(f"{args.file}: no such file", file=args.file)
    counts = restore_workspace(store, ws, args.file, replace=args.replace)
    print(f"restored {', '.join(f'{t} {n}' for t, n in counts.items())} from {args.file}")
    return EXIT_OK


# --- report --------------------------------------------------------------------------


def add_report(sub: Subparsers) -> None:
    p = sub.add_parser("report", help="clinician report (A4 or Letter PDF, or HTML) of the last 12 weeks")
    add_db(p)
    p.add_argument("--out", required=True, metavar="FILE", help="report.pdf or report.html")
    p.add_argument("--from", dest="start", metavar="D", help="first day (YYYY-MM-DD; default: --weeks back)")
    p.add_argument("--to", dest="end", metavar="D",
                   help="last day and the plan's as-of day (YYYY-MM-DD; default: today, or the log's last day "
                        "when it is older than 4 weeks)")
    p.add_argument("--weeks", type=int, default=None, metavar="N", help="weeks shown when --from is not given "
                                                                        "(default 12)")
    p.add_argument("--unit", choices=["kg", "lb"], default="kg")
    p.add_argument("--paper", choices=["A4", "Letter", "a4", "letter"], default=None,
                   help="page size (default: Letter in the US, Canada, Mexico and other Letter countries by "
                        "LC_PAPER/LANG, else A4)")
    p.add_argument("--label", default=None, help="the person's name or label printed on every page "
                                                 "(default: the last report's)")
    p.set_defaults(func=run_report)


def run_report(args: argparse.Namespace) -> int:
    from rehab.output.report import (
        DEFAULT_WEEKS,
        build_report,
        paper,
        paper_for_locale,
        record_report,
        report_html,
        report_pdf,
        system_locale,
    )

    out = Path(args.out)
    kind = out.suffix.lower().lstrip(".")
    if kind not in ("html", "pdf"):
        why = (" (the report has several pages now: a picture of it would be one of them; use .pdf)"
               if kind == "png" else "")
        raise InputError(f"--out must end in .pdf or .html{why}")
    pp = paper(args.paper) if args.paper else paper_for_locale(system_locale())
    weeks = args.weeks if args.weeks is not None else DEFAULT_WEEKS
    if weeks < 1:
        raise InputError(f"--weeks must be 1 or more, not {weeks}")
    store, ws = _local(args)
    con = store.open(ws)
    rep = build_report(con, start=_date(args.start), end=_date(args.end), unit=args.unit, label=args.label,
                       weeks=weeks)
    if kind == "html":
        out.write_text(report_html(rep, pp), encoding="utf-8")
    else:
        out.write_bytes(report_pdf(rep, pp))
    record_report(con, rep, lock=store.lock(ws))
    need = sum(s.plan.status != "ok" for s in rep.sections)
    print(f"wrote {out} ({pp.name}, {rep.period}, plan as of {rep.as_of.isoformat()}: {len(rep.sections)} "
          f"exercise{'s' if len(rep.sections) != 1 else ''}, {need} not OK)")
    return EXIT_OK


# --- share ---------------------------------------------------------------------------


def add_share(sub: Subparsers) -> None:
    p = sub.add_parser("share", help="read-only share links: create LABEL, list, revoke ID")
    add_db(p)
    acts = p.add_subparsers(dest="share_cmd", metavar="ACTION", required=True)
    q = acts.add_parser("create", help="create a read-only link; prints its URL once")
    q.add_argument("label", help='who it is for, e.g. "for my physio"')
    q.add_argument("--days", type=_days, default=None, help="expire after this many days")
    q.add_argument("--from", dest="start", metavar="D", help="show data from this day (YYYY-MM-DD)")
    q.add_argument("--to", dest="end", metavar="D", help="show data up to this day (YYYY-MM-DD)")
    q.add_argument("--url", default=config.get("REHAB_PUBLIC_URL") or "http://localhost:8501",
                   help="the dashboard's public address (default: $REHAB_PUBLIC_URL, else http://localhost:8501)")
    q.add_argument("--no-notes", action="store_true",
                   help="whoever has the link cannot leave you notes (default: they can, shown on your Overview)")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=run_share_create)
    q = acts.add_parser("list", help="your links, with when each was last opened")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=run_share_list)
    q = acts.add_parser("revoke", help="revoke a link by its id")
    q.add_argument("link_id")
    q.set_defaults(func=run_share_revoke)


def run_share_create(args: argparse.Namespace) -> int:
    store, ws = _local(args)
    expires = dt.timedelta(days=args.days) if args.days else None
    token, link = create_link(store, ws, args.label, expires, _date(args.start), _date(args.end),
                              allow_notes=not args.no_notes)
    url = f"{args.url.rstrip('/')}/?share={token}"
    print(json.dumps({"link_id": link.link_id, "url": url}) if args.json else
          f"{url}\n(shown once; revoke with: python -m rehab share revoke {link.link_id})")
    return EXIT_OK


def run_share_list(args: argparse.Namespace) -> int:
    store, ws = _local(args)
    rows = [{"link_id": x.link_id, "label": x.label, "status": x.status(),
             "range": f"{x.date_from or '…'} → {x.date_to or '…'}",
             "expires": f"{x.expires_at:%Y-%m-%d %H:%M}" if x.expires_at else "never",
             "last_opened": f"{x.last_opened_at:%Y-%m-%d %H:%M}" if x.last_opened_at else "never",
             "opened": x.open_count, "notes": "on" if x.allow_notes else "off"}
            for x in list_links(store, ws)]
    if args.json:
        print(json.dumps(rows, default=str))
    else:
        print_table(rows)
    return EXIT_OK


def run_share_revoke(args: argparse.Namespace) -> int:
    store, ws = _local(args)
    if not revoke(store, ws, args.link_id):
        raise InputError(f"no active link {args.link_id!r}")
    print(f"revoked {args.link_id}")
    return EXIT_OK
