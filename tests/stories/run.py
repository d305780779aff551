"""Put a story through the command line (in-process: the same ``rehab.cli.main.main`` as ``python -m rehab``).

The panel is a black-box test of the CLI contract of issue 9 — ``import``, ``pain import``,
``session import``, ``areas set``, ``plan --json`` and ``flags --json`` — never of the engine's
internals, so it can judge any implementation of the rules.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

from rehab.cli.main import main

from .expect import Check, got, judge_item
from .model import Story


def cli(*argv: str) -> tuple[int, str, str]:
    """Run ``python -m rehab ARGV`` in this process: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse: unknown command or option
            code = exc.code if isinstance(exc.code, int) else 2
    return code, out.getvalue(), err.getvalue()


class StoryError(AssertionError):
    """A story could not be put through the CLI (a command failed or printed something unreadable)."""


@dataclass
class Loaded:
    story: Story
    db: Path
    files: dict[str, Path]
    reports: dict[str, object] = field(default_factory=dict)
    _plans: dict[tuple[dt.date, str | None], list[dict]] = field(default_factory=dict)
    _flags: dict[dt.date, list[dict]] = field(default_factory=dict)

    def plan(self, as_of: dt.date, unit: str | None = None) -> list[dict]:
        key = (as_of, unit)
        if key not in self._plans:
            argv = ["plan", "--db", str(self.db), "--as-of", as_of.isoformat(), "--json"]
            if unit:
                argv += ["--unit", unit]
            self._plans[key] = _json(argv)
        return self._plans[key]

    def flags(self, as_of: dt.date) -> list[dict]:
        if as_of not in self._flags:
            self._flags[as_of] = _json(["flags", "--db", str(self.db), "--as-of", as_of.isoformat(), "--json"])
        return self._flags[as_of]


def _json(argv: list[str]):
    code, out, err = cli(*argv)
    if code != 0:
        raise StoryError(f"`{argv[0]}` exited {code}: {_last_line(err)}")
    try:
        return json.loads(out)
    except json.JSONDecodeError as exc:
        raise StoryError(f"`{argv[0]} --json` printed no JSON: {out[:200]!r}") from exc


def _last_line(err: str) -> str:
    lines = [ln for ln in err.strip().splitlines() if ln.strip()]
    return lines[-1][:300] if lines else "(no message)"


def write_files(story: Story, workdir: Path) -> dict[str, Path]:
    """The story's export, pain diary and session diary as a person would import them."""
    workdir.mkdir(parents=True, exist_ok=True)
    log = story.log
    files: dict[str, Path] = {}
    if story.fmt == "hevy":
        files["workouts"] = workdir / f"{story.name}-hevy.csv"
        log.write_hevy(files["workouts"], story.months)
    else:
        files["workouts"] = workdir / f"{story.name}-strong.csv"
        log.write_strong(files["workouts"])
    if log.pain:
        files["pain"] = workdir / f"{story.name}-pain.csv"
        log.write_pain(files["pain"])
    if log.sessions:
        files["sessions"] = workdir / f"{story.name}-sessions.csv"
        log.write_sessions(files["sessions"])
    return files


_EMPTY: dict[str, Path] = {}


def _empty_database(workdir: Path) -> Path:
    """One freshly migrated, empty database per process, copied for each story.

    Creating and migrating a DuckDB file costs about as much as importing a story; a copy of an empty,
    closed one is the same fresh database (every story still goes in through the CLI).
    """
    if "db" not in _EMPTY or not _EMPTY["db"].exists():
        from rehab.storage.db import connect

        path = workdir.parent / f"_empty-{os.getpid()}.duckdb"
        connect(path).close()
        _EMPTY["db"] = path
    return _EMPTY["db"]


def load_workouts(story: Story, workdir: Path) -> Loaded:
    """Write the files and import the export and the pain diary (the commands that exist before issue 9)."""
    files = write_files(story, workdir)
    loaded = Loaded(story, workdir / f"{story.name}.duckdb", files)
    if not loaded.db.exists():
        shutil.copyfile(_empty_database(workdir), loaded.db)
    argv = ["import", str(files["workouts"]), "--db", str(loaded.db), "--json"]
    if story.fmt == "strong":
        argv += ["--unit", story.log.unit]
    loaded.reports["import"] = _json(argv)
    if "pain" in files:
        loaded.reports["pain"] = _json(["pain", "import", str(files["pain"]), "--db", str(loaded.db), "--json"])
    return loaded


def load(story: Story, workdir: Path) -> Loaded:
    """Everything: export, pain diary, session diary, area overrides."""
    return load_diaries(load_workouts(story, workdir))


def load_diaries(loaded: Loaded) -> Loaded:
    """The commands issue 9 adds: the session diary (intent, feel) and the lifter's area overrides."""
    story = loaded.story
    if "sessions" in loaded.files:
        argv = ["session", "import", str(loaded.files["sessions"]), "--db", str(loaded.db)]
        code, out, err = cli(*argv)
        if code != 0:
            raise StoryError(f"`session import` exited {code}: {_last_line(err)}")
        loaded.reports["sessions"] = out.strip()
    for exercise, areas in story.areas.items():
        code, out, err = cli("areas", "set", exercise, *areas, "--db", str(loaded.db))
        if code != 0:
            raise StoryError(f"`areas set {exercise}` exited {code}: {_last_line(err)}")
    return loaded


def find(plan: list[dict], exercise: str) -> dict | None:
    for item in plan:
        if item.get("exercise") == exercise:
            return item
    low = exercise.strip().casefold()
    return next((i for i in plan if str(i.get("exercise", "")).strip().casefold() == low), None)


@dataclass
class Verdict:
    story: Story
    check: Check
    failures: list[str]
    got: str

    @property
    def ok(self) -> bool:
        return not self.failures


def judge(loaded: Loaded, check: Check) -> Verdict:
    """Judge one check against the plan (and, for a silent check, the flags) at its date."""
    story = loaded.story
    try:
        plan = loaded.plan(check.as_of, check.unit)
    except StoryError as exc:
        return Verdict(story, check, [str(exc)], "error")
    if not isinstance(plan, list):
        return Verdict(story, check, [f"plan --json is a {type(plan).__name__}, not a list"], "error")
    if check.exercise is not None:
        item = find(plan, check.exercise)
        if item is None:
            names = ", ".join(str(i.get("exercise")) for i in plan)
            return Verdict(story, check, [f"{check.exercise!r} missing from the plan ({names})"], "missing")
        return Verdict(story, check, judge_item(item, story, check), got(item))
    failures: list[str] = []
    noisy = []
    for item in plan:
        bad = judge_item(item, story, check)
        if bad:
            noisy.append(f"{item.get('exercise')}: {got(item)}")
            failures += [f"{item.get('exercise')}: {b}" for b in bad]
    if not plan:
        failures.append("the plan is empty")
    try:
        flags = loaded.flags(check.as_of)
    except StoryError as exc:
        flags = []
        failures.append(str(exc))
    if check.overall:
        if not any(f.get("exercise") is None for f in flags):
            failures.append(f"no overall flag in flags --json: {[(f.get('flag'), f.get('exercise')) for f in flags]}")
        noisy.append("overall: " + (", ".join(str(f.get("flag")) for f in flags if f.get("exercise") is None)
                                    or "-"))
    elif flags:
        failures.append(f"flags --json: {[(f.get('flag'), f.get('exercise')) for f in flags]}")
        noisy.append(f"{len(flags)} flag(s): " + ", ".join(str(f.get("flag")) for f in flags))
    ok_all = f"all {len(plan)} within {'|'.join(sorted(check.status))}"
    return Verdict(story, check, failures, "; ".join(noisy) or f"{ok_all}, no flags")


def run_story(story: Story, workdir: Path) -> list[Verdict]:
    """Load the story and judge every check; a load failure fails each check with its reason."""
    try:
        loaded = load(story, workdir)
    except StoryError as exc:
        return [Verdict(story, c, [str(exc)], "not loaded") for c in story.checks]
    return [judge(loaded, c) for c in story.checks]
