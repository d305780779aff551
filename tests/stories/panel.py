"""Run every story of the panel and print a markdown table: story → expected → got.

    python -m tests.stories.panel --db-dir /tmp/panel [--only s14] [--summary] [--why]

Each story gets a fresh database in ``--db-dir`` (kept, so a disagreement can be inspected with
``python -m rehab plan --db DIR/NAME.duckdb --as-of D``). Exit status 0 when every check holds, 1 otherwise.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .catalog import all_stories
from .run import Verdict, run_story


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table(verdicts: list[Verdict]) -> str:
    lines = ["| story | as of | expected | got | ✓ |", "|---|---|---|---|---|"]
    for v in verdicts:
        mark = "✓" if v.ok else "✗ " + _cell("; ".join(v.failures))[:300]
        lines.append(f"| {v.story.name} | {v.check.as_of}{' ' + v.check.unit if v.check.unit else ''} | "
                     f"{_cell(v.check.expected())} | {_cell(v.got)[:240]} | {mark} |")
    return "\n".join(lines)


def summary(verdicts: list[Verdict]) -> str:
    """One row per story: what it is, how many of its checks hold, and the first that does not."""
    lines = ["| story | what happens | checks held | first miss (expected → got) |", "|---|---|---|---|"]
    by: dict[str, list[Verdict]] = {}
    for v in verdicts:
        by.setdefault(v.story.name, []).append(v)
    for name, vs in by.items():
        miss = next((v for v in vs if not v.ok), None)
        first = f"{miss.check.as_of} {miss.check.expected()} → {miss.got}" if miss else "—"
        lines.append(f"| {name} | {_cell(vs[0].story.title)} | {sum(v.ok for v in vs)}/{len(vs)} | "
                     f"{_cell(first)[:260]} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.stories.panel", description=__doc__.splitlines()[0])
    ap.add_argument("--db-dir", required=True, type=Path, help="directory for the story databases and files")
    ap.add_argument("--only", default="", help="run only stories whose name contains this")
    ap.add_argument("--why", action="store_true", help="add each check's reason under the table")
    ap.add_argument("--summary", action="store_true", help="one row per story instead of one per check")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    verdicts: list[Verdict] = []
    for story in all_stories():
        if args.only and args.only not in story.name:
            continue
        verdicts += run_story(story, args.db_dir / story.name)
    print(summary(verdicts) if args.summary else table(verdicts))
    held = sum(v.ok for v in verdicts)
    print(f"\n{held}/{len(verdicts)} checks hold across {len({v.story.name for v in verdicts})} stories "
          f"({time.perf_counter() - t0:.1f} s)")
    if args.why:
        print()
        for v in verdicts:
            print(f"- {v.story.name} @ {v.check.as_of} {v.check.exercise or 'all'}: {v.check.why}")
    return 0 if held == len(verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
