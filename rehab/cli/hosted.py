"""Export, restore, report and share sub-commands of ``python -m rehab`` (local mode: the ``--db`` store).

Loaded by :func:`rehab.cli.main._load_extensions`. Bad input prints one ``error: …`` line and exits 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from rehab import config
from rehab.cli.main import EXIT_FAIL, EXIT_OK, _print_table, command
from rehab.storage.db import default_db_path


def _days(text: str) -> float:
    """``--days``: a finite number of days up to :data:`rehab.storage.share.MAX_DAYS` (argparse reports the error)."""
    from rehab.storage.share import MAX_DAYS

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
        raise ValueError(f"not a date (YYYY-MM-DD): {s!r}") from None


def _local(args):
    from rehab.storage.workspace import get_store

    store = get_store(args.db or default_db_path())
    return store, store.get("local")


# --- export / restore ----------------------------------------------------------------


def run_export(args) -> int:
    from rehab.output.export import export_workspace

    store, ws = _local(args)
    manifest = export_workspace(store, ws, args.file)
    rows = {t: m["rows"] for t, m in manifest["tables"].items()}
    print(json.dumps({"file": args.file, "tables": rows}) if args.json else
          f"exported {', '.join(f'{t} {n}' for t, n in rows.items())} to {args.file}")
    return EXIT_OK


run_export.arguments = lambda p: (p.add_argument("file", metavar="FILE.zip"),  # type: ignore[attr-defined]
                                  p.add_argument("--json", action="store_true"))
command("export", help="write every table to one zip (Parquet for restore, CSV for spreadsheets)")(run_export)


def run_restore(args) -> int:
    from rehab.output.export import RestoreError, restore_workspace

    store, ws = _local(args)
    if not Path(args.file).is_file():
        print(f"error: {args.file}: no such file", file=sys.stderr)
        return EXIT_FAIL
    try:
        counts = restore_workspace(store, ws, args.file, replace=args.replace)
    except RestoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAIL
    print(f"restored {', '.join(f'{t} {n}' for t, n in counts.items())} from {args.file}")
    return EXIT_OK


run_restore.arguments = lambda p: (p.add_argument("file", metavar="FILE.zip"),  # type: ignore[attr-defined]
                                   p.add_argument("--replace", action="store_true",
                                                  help="replace the data already in the database"))
command("restore", help="load an export zip (all or nothing; into an empty database unless --replace)")(run_restore)


# --- report --------------------------------------------------------------------------


def run_report(args) -> int:
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
        print(f"error: --out must end in .pdf or .html{why}", file=sys.stderr)
        return EXIT_FAIL
    try:
        pp = paper(args.paper) if args.paper else paper_for_locale(system_locale())
        weeks = args.weeks if args.weeks is not None else DEFAULT_WEEKS
        if weeks < 1:
            raise ValueError(f"--weeks must be 1 or more, not {weeks}")
        store, ws = _local(args)
        con = store.open(ws)
        rep = build_report(con, start=_date(args.start), end=_date(args.end), unit=args.unit, label=args.label,
                           weeks=weeks)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAIL
    if kind == "html":
        out.write_text(report_html(rep, pp), encoding="utf-8")
    else:
        out.write_bytes(report_pdf(rep, pp))
    record_report(con, rep, lock=store.lock(ws))
    need = sum(s.plan.status != "ok" for s in rep.sections)
    print(f"wrote {out} ({pp.name}, {rep.period}, plan as of {rep.as_of.isoformat()}: {len(rep.sections)} "
          f"exercise{'s' if len(rep.sections) != 1 else ''}, {need} not OK)")
    return EXIT_OK


def _report_arguments(p: argparse.ArgumentParser) -> None:
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


run_report.arguments = _report_arguments  # type: ignore[attr-defined]
command("report", help="clinician report (A4 or Letter PDF, or HTML) of the last 12 weeks")(run_report)


# --- share ---------------------------------------------------------------------------


def run_share(args) -> int:
    from rehab.storage.share import create_link, list_links, revoke

    store, ws = _local(args)
    if args.share_cmd == "create":
        expires = dt.timedelta(days=args.days) if args.days else None
        token, link = create_link(store, ws, args.label, expires, _date(args.start), _date(args.end),
                                  allow_notes=not args.no_notes)
        url = f"{args.url.rstrip('/')}/?share={token}"
        print(json.dumps({"link_id": link.link_id, "url": url}) if args.json else
              f"{url}\n(shown once; revoke with: python -m rehab share revoke {link.link_id})")
    elif args.share_cmd == "list":
        rows = [{"link_id": x.link_id, "label": x.label, "status": x.status(),
                 "range": f"{x.date_from or '…'} → {x.date_to or '…'}",
                 "expires": f"{x.expires_at:%Y-%m-%d %H:%M}" if x.expires_at else "never",
                 "last_opened": f"{x.last_opened_at:%Y-%m-%d %H:%M}" if x.last_opened_at else "never",
                 "opened": x.open_count, "notes": "on" if x.allow_notes else "off"}
                for x in list_links(store, ws)]
        if args.json:
            print(json.dumps(rows, default=str))
        else:
            _print_table(rows)
    else:
        if not revoke(store, ws, args.link_id):
            print(f"error: no active link {args.link_id!r}", file=sys.stderr)
            return EXIT_FAIL
        print(f"revoked {args.link_id}")
    return EXIT_OK


def _share_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="share_cmd", metavar="ACTION", required=True)
    q = sub.add_parser("create", help="create a read-only link; prints its URL once")
    q.add_argument("label", help='who it is for, e.g. "for my physio"')
    q.add_argument("--days", type=_days, default=None, help="expire after this many days")
    q.add_argument("--from", dest="start", metavar="D", help="show data from this day (YYYY-MM-DD)")
    q.add_argument("--to", dest="end", metavar="D", help="show data up to this day (YYYY-MM-DD)")
    q.add_argument("--url", default=config.get("REHAB_PUBLIC_URL") or "http://localhost:8501",
                   help="the dashboard's public address (default: $REHAB_PUBLIC_URL, else http://localhost:8501)")
    q.add_argument("--no-notes", action="store_true",
                   help="whoever has the link cannot leave you notes (default: they can, shown on your Overview)")
    q.add_argument("--json", action="store_true")
    q = sub.add_parser("list", help="your links, with when each was last opened")
    q.add_argument("--json", action="store_true")
    q = sub.add_parser("revoke", help="revoke a link by its id")
    q.add_argument("link_id")


run_share.arguments = _share_arguments  # type: ignore[attr-defined]
command("share", help="read-only share links: create LABEL, list, revoke ID")(run_share)
