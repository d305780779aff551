"""Importers: one module per export format, all mapping to one canonical set schema.

Formats are detected from the header, never from the file name. Each module
exposes ``FORMAT`` (a :class:`~rehab.importers.base.FormatModule`); the order of
:data:`FORMATS` is the detection order.
"""

from __future__ import annotations

from .base import Detected, FormatModule, ImportFailure
from .fitbod import FORMAT as FITBOD
from .fitnotes import FORMAT as FITNOTES
from .generic import FORMAT as GENERIC
from .hevy import FORMAT as HEVY
from .strong import FORMAT as STRONG

#: Detection order: specific headers first, the generic template last (it
#: needs only ``date`` and ``exercise`` columns, so it would match too much).
FORMATS: list[FormatModule] = [STRONG, HEVY, FITNOTES, FITBOD, GENERIC]

FORMAT_NAMES = [f.name for f in FORMATS]


def detect_header(header: list[str], name: str, only: str | None = None) -> tuple[FormatModule, Detected]:
    """Find the format whose header this is, or raise a clear ImportFailure."""
    candidates = [f for f in FORMATS if only is None or f.name == only]
    if only is not None and not candidates:
        raise ImportFailure(f"{name}: unknown format {only!r}; choose one of {', '.join(FORMAT_NAMES)}")
    for fmt in candidates:
        try:
            det = fmt.detect(header)
        except ImportFailure as exc:  # a module recognised the file and refuses it
            raise ImportFailure(f"{name}: {exc}") from None
        if det is not None:
            return fmt, det
    shown = ",".join(header)[:200]
    if only:
        raise ImportFailure(f"{name}: the header does not match the {only} format: {shown!r}")
    raise ImportFailure(
        f"{name}: unknown header {shown!r}; supported exports are "
        f"{', '.join(FORMAT_NAMES)} (see README, 'Generic CSV template' for any other app)"
    )


__all__ = ["FORMATS", "FORMAT_NAMES", "Detected", "FormatModule", "ImportFailure", "detect_header"]
