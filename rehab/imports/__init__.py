"""Importers: every file the product reads, to one canonical set schema (or a diary's table).

Formats are detected from the header, never from the file name. Each module of
``formats/`` exposes ``FORMAT`` (a :class:`~rehab.imports.base.FormatModule`);
the order of :data:`FORMATS` is the detection order. Bytes are decoded by
:mod:`.decode` (every CSV, document and diary file), header CSVs are read by
DuckDB (:mod:`.fastcsv`) or the Python reader (:mod:`.base`), one reader per
file (``docs/imports.md``); :mod:`.pipeline` stages and commits, :mod:`.diaries`
reads pain and session CSVs. May import :mod:`rehab.storage`, :mod:`rehab.pain`
and the layers below them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rehab.imports.base import (
    HEADER_CELLS,
    HEADER_WORDS,
    Detected,
    FormatModule,
    ImportFailure,
    open_records,
)
from rehab.imports.decode import check_regular_file
from rehab.imports.documents import DocumentFormat, open_document
from rehab.imports.formats.alpha import FORMAT as ALPHA
from rehab.imports.formats.fitbod import FORMAT as FITBOD
from rehab.imports.formats.fitnotes import FORMAT as FITNOTES
from rehab.imports.formats.garmin_fit import FORMAT as GARMIN_FIT
from rehab.imports.formats.generic import FORMAT as GENERIC
from rehab.imports.formats.hevy import FORMAT as HEVY
from rehab.imports.formats.jefit import FORMAT as JEFIT
from rehab.imports.formats.liftosaur import FORMAT as LIFTOSAUR
from rehab.imports.formats.lyfta import FORMAT as LYFTA
from rehab.imports.formats.strong import FORMAT as STRONG
from rehab.imports.formats.stronglifts import FORMAT as STRONGLIFTS

#: Detection order: specific headers first, the generic template last (it
#: needs only ``date`` and ``exercise`` columns, so it would match too much).
FORMATS: list[FormatModule] = [STRONG, HEVY, FITNOTES, FITBOD, LIFTOSAUR, LYFTA, GENERIC]

#: Formats that are not one CSV table with a header (see :mod:`rehab.imports.documents`),
#: recognised from their content before any header is read.
DOCUMENTS: list[DocumentFormat] = [GARMIN_FIT, STRONGLIFTS, ALPHA, JEFIT]

#: Every format name in detection order: documents (by content) first, the generic template last.
FORMAT_NAMES = [d.module.name for d in DOCUMENTS] + [f.name for f in FORMATS]


def detect_header(header: list[str], name: str, only: str | None = None) -> tuple[FormatModule, Detected]:
    """Find the format whose header this is, or raise a clear ImportFailure.

    Every format is first tried by its identifying column names; only when none
    claims the header are the weaker by-position rules tried (Strong's form A in
    an unknown language), so a trimmed Hevy export is never read as Strong.
    """
    candidates = [f for f in FORMATS if only is None or f.name == only]
    if only is not None and not candidates and only not in FORMAT_NAMES:
        raise ImportFailure(f"{name}: unknown format {only!r}; choose one of {', '.join(FORMAT_NAMES)}")
    for detect in [f.detect for f in candidates] + [f.detect_by_position for f in candidates]:
        if detect is None:
            continue
        fmt = next(f for f in candidates if detect in (f.detect, f.detect_by_position))
        try:
            det = detect(header)
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


def open_export(path: Path, name: str, only: str | None = None,
                other_header: Callable[[list[str]], Detected | None] | None = None):
    """Open an export of any supported format: ``(detected, module, chunks, result)``.

    Document formats are recognised from the file's content first; everything
    else is a CSV table whose header picks the format (:func:`detect_header`).
    ``other_header`` (see :func:`~rehab.imports.base.open_records`) refuses a
    second export's header inside a CSV table.
    """
    check_regular_file(path, name)  # before any open: a FIFO would block, a device never end
    opened = open_document(path, name, DOCUMENTS, only)
    if opened is not None:
        return opened
    return open_records(path, name, lambda header: detect_header(header, name, only=only), other_header=other_header)


def header_of(fields: list[str]) -> Detected | None:
    """The format a line's fields are the header of (by column names), or None.

    Used to recognise a second export pasted into a file: its header line is
    named in the message instead of thousands of "truncated line" rejects.
    """
    for fmt in FORMATS:
        try:
            det = fmt.detect(fields)
        except ImportFailure:
            return None
        if det is not None:
            return det
    return None


__all__ = ["DOCUMENTS", "FORMATS", "FORMAT_NAMES", "HEADER_CELLS", "HEADER_WORDS", "Detected", "FormatModule",
           "ImportFailure", "detect_header", "header_of", "open_export"]
