"""Paper sizes of the report and the default one for a locale.

Letter is the paper of the countries that CLDR lists with ``US-Letter`` (supplementalData ``paperSize``):
the United States, Canada, Mexico, the Philippines and a handful of Central and South American countries.
Everyone else prints on A4. The locale is a browser's ``navigator.language`` (``en-US``) or a POSIX one
(``en_US.UTF-8``); only its region decides.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Paper:
    """A page size: ``css`` is the CSS ``@page`` size keyword, ``width_pt``/``height_pt`` the PDF media box."""

    name: str
    css: str
    width_pt: float
    height_pt: float


PAPERS: dict[str, Paper] = {
    "A4": Paper("A4", "A4", 595.28, 841.89),
    "Letter": Paper("Letter", "letter", 612.0, 792.0),
}
#: Regions whose paper is US Letter (CLDR supplementalData paperSize "US-Letter").
LETTER_REGIONS = frozenset({"US", "CA", "MX", "PH", "PR", "BZ", "CL", "CO", "CR", "GT", "NI", "PA", "SV", "VE"})


def paper(name: str | None) -> Paper:
    """The paper called ``name`` (any case: ``a4``, ``letter``). Raises ValueError naming the choices."""
    for key, p in PAPERS.items():
        if name and name.strip().casefold() == key.casefold():
            return p
    raise ValueError(f"unknown paper size {name!r}: use A4 or Letter")


def paper_for_locale(locale: str | None) -> Paper:
    """Letter for a locale in a Letter region (``en-US``, ``fr_CA``, ``es-MX``), else A4 (also for None)."""
    if locale:
        m = re.match(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z]{4})?[-_]([A-Za-z]{2}|\d{3})\b", locale.strip())
        if m and m.group(1).upper() in LETTER_REGIONS:
            return PAPERS["Letter"]
    return PAPERS["A4"]


def system_locale() -> str | None:
    """The POSIX locale that decides paper, as the C library reads it: LC_ALL, then LC_PAPER, then LANG."""
    for var in ("LC_ALL", "LC_PAPER", "LANG"):
        value = os.environ.get(var)
        if value:
            return value
    return None
