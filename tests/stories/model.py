"""A story: one lifter's log, the files it is imported from, and what the plan should say about it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .builder import EN_MONTHS, Log
from .expect import OK, Check


@dataclass
class Story:
    name: str  # sNN_failure_class, as the issue names the class
    title: str  # one line for the table
    log: Log
    checks: list[Check] = field(default_factory=list)
    fmt: str = "strong"  # strong | hevy
    months: tuple[str, ...] = EN_MONTHS  # Hevy month names
    areas: dict[str, list[str]] = field(default_factory=dict)  # `areas set` overrides the lifter makes

    def expect(self, as_of: dt.date, exercise: str | None, status, why: str, **kw) -> None:
        self.checks.append(Check(as_of, exercise, frozenset(status), why, **kw))

    def silent(self, as_of: dt.date, why: str, **kw) -> None:
        """Every exercise ok, no flags on any of them, and `flags --json` empty."""
        from .expect import no_flags

        self.checks.append(Check(as_of, None, OK, why, props=(no_flags,), **kw))

    def overall(self, as_of: dt.date, status, why: str) -> None:
        """Every exercise within ``status``, and an overall flag (exercise null) in `flags --json`."""
        self.checks.append(Check(as_of, None, frozenset(status), why, overall=True))
