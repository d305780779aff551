"""File-level reading decisions: the date order and the number locale of one file.

Why file-level: a cell such as ``03.04.2025`` or ``1,035`` means two different
things depending on the convention the whole file follows. Parsing each cell on
its own (what pandas' ``format="mixed"`` does) silently flips every day <= 12 of
a day-first file, and reads a thousands separator as a decimal comma. So the
importer looks at *all* values of the file's date and number columns and decides
once:

* **Dates** (:class:`DateOrder`): year-first values (``2025-03-04 10:00``) are
  read as year-month-day. Day/month values (``04.03.2025``, ``3/4/25 5:30 PM``)
  are read day-first (DMY) or month-first (MDY): the file's values must fit one
  of them. A value only one order can read (``13.03.2025``) settles it; values
  that fit neither order in one file (``13.01.2025`` and ``01.13.2025``) refuse
  the file; a file where both orders fit every value and give different dates
  is refused too, asking for ``--date-format DMY|MDY``. Forcing an order
  (``--date-format``, or the generic template's ``YMD``) turns values the order
  cannot read into row rejects instead.
* **Numbers** (:class:`NumberLocale`): ``82,5`` shows a decimal comma, ``82.5``
  a decimal point. Cells with a separator followed by exactly three digits
  (``1,035`` / ``1.035``) are read by the locale the file shows (``1,035`` is
  1035 in a decimal-point file, 1.035 in a decimal-comma file); with no evidence
  ``1.035`` stays a decimal (as every app writes it) and ``1,035`` is rejected
  with its line and reason. Cells with both separators (``1,035.5``) must agree
  with the locale, or are rejected.

The decisions are observed chunk by chunk (:meth:`Decisions.observe`); the
pipeline holds chunks back while a decision is still open (see
``rehab.imports.pipeline._decided``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from rehab.imports.decode import ImportFailure

DATE_ORDERS = ("DMY", "MDY", "YMD")
_SHOWN = {"DMY": "day-first (DD.MM.YYYY)", "MDY": "month-first (MM/DD/YYYY)", "YMD": "YYYY-MM-DD"}

# A day/month value: two 1-2 digit parts, a 2 or 4 digit year, an optional 12/24 h time.
_TIME = (r"(?:[ T,]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<F>\d{1,6}))?)?"
         r"\s*(?P<ampm>[AaPp]\.?\s?[Mm]\.?)?)?\s*$")
DM_VALUE = re.compile(r"^\s*(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})" + _TIME)
YMD_VALUE = re.compile(r"^\s*(?P<y>\d{4})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<a>\d{1,2})" + _TIME)
_DM_START = r"\s*\d{1,2}[./-]\d{1,2}[./-]"
#: A trailing UTC offset is dropped: the date as written is what counts.
OFFSET = r"\s*(?:[+-]\d{2}:?\d{2}|Z|UTC)$"


def normalize_date_format(value: str | None) -> str | None:
    """``--date-format`` value -> DMY/MDY/YMD (also accepts DD.MM.YYYY-style spellings)."""
    if value is None or not str(value).strip():
        return None
    v = re.sub(r"[^A-Z]", "", str(value).upper())
    v = {"DDMMYYYY": "DMY", "MMDDYYYY": "MDY", "YYYYMMDD": "YMD", "DDMMYY": "DMY", "MMDDYY": "MDY"}.get(v, v)
    if v not in DATE_ORDERS:
        raise ImportFailure(f"unknown date format {value!r}: use DMY, MDY or YMD")
    return v


def from_parts(parts: pd.DataFrame, day: str = "a", month: str = "b") -> pd.Series:
    """Timestamps from regex parts (``y``, ``day``, ``month``, ``H``, ``M``, ``S``, ``F``, ``ampm``).

    Every field is range-checked first (hour 0-23, or 1-12 with AM/PM; minute and
    second 0-59; month 1-12), because building a timestamp from parts rolls an
    hour of 24 or a minute of 60 over into the next day or hour instead of failing.
    """
    year = pd.to_numeric(parts["y"], errors="coerce")
    year = year.where(parts["y"].str.len() != 2, year + np.where(year < 70, 2000, 1900))
    d = pd.to_numeric(parts[day], errors="coerce")
    m = pd.to_numeric(parts[month], errors="coerce")
    has_time = parts["H"].notna()
    hour = pd.to_numeric(parts["H"], errors="coerce").fillna(0)
    minute = pd.to_numeric(parts["M"], errors="coerce").fillna(0)
    sec = pd.to_numeric(parts["S"], errors="coerce").fillna(0)
    frac = pd.to_numeric(parts["F"].str.ljust(6, "0"), errors="coerce").fillna(0) if "F" in parts else 0
    ampm = parts["ampm"].str.lower().str.slice(0, 1) if "ampm" in parts else pd.Series(np.nan, index=parts.index)
    twelve = ampm.notna()
    ok = (m >= 1) & (m <= 12) & (d >= 1) & (d <= 31) & (minute <= 59) & (sec <= 59)
    ok &= np.where(twelve, (hour >= 1) & (hour <= 12), hour <= 23) | ~has_time
    hour = hour.where(~twelve, hour % 12 + (ampm == "p") * 12)
    out = pd.Series(pd.NaT, index=parts.index, dtype="datetime64[us]")
    ok = ok.fillna(False).astype(bool)
    if ok.any():
        comps = pd.DataFrame({"year": year, "month": m, "day": d, "hour": hour, "minute": minute,
                              "second": sec, "us": frac})[ok]
        out.loc[ok] = pd.to_datetime(comps, errors="coerce").astype("datetime64[us]")
    return out


def dm_parts(t: pd.Series) -> pd.DataFrame:
    """Regex parts of day/month values (rows that are not such a value: all NaN)."""
    return t.str.extract(DM_VALUE)


@dataclass
class DateOrder:
    """The file's day/month order, decided from every date value (see module doc)."""

    forced: str | None = None
    candidates: set[str] = field(default_factory=lambda: {"DMY", "MDY"})
    #: a value both orders read differently, with its line (the ambiguity to name)
    open_example: tuple[str, int] | None = None
    only: dict[str, tuple[str, int]] = field(default_factory=dict)  # order -> a value only it reads
    example: str | None = None  # a day/month value of the file (None: only year-first dates seen)

    @property
    def order(self) -> str | None:
        """DMY/MDY/YMD when decided or forced; None while both orders remain (then no value
        seen so far reads differently under them)."""
        if self.forced:
            return self.forced
        return next(iter(self.candidates)) if len(self.candidates) == 1 else None

    @property
    def pending(self) -> bool:
        return self.forced is None and len(self.candidates) == 2 and self.open_example is not None

    def observe(self, values: pd.Series, lines: pd.Series | np.ndarray | None = None) -> None:
        """Narrow the candidates with distinct date strings (and the line each first occurs on)."""
        if self.forced:
            return
        t = values.astype("str")
        maybe = t.str.match(_DM_START).fillna(False).to_numpy()  # Arrow regex: cheap on every value
        if not maybe.any():
            return
        t = t[maybe].str.replace(OFFSET, "", regex=True)
        lines = np.asarray(lines)[maybe] if lines is not None else None
        parts = dm_parts(t)
        found = parts["a"].notna()
        if not found.any():
            return
        parts, t = parts[found], t[found]
        if self.example is None:
            self.example = str(t.iloc[0]).strip()
        ln = np.asarray(lines)[found.to_numpy()] if lines is not None else np.zeros(len(t), dtype="int64")
        dmy = from_parts(parts, "a", "b").notna().to_numpy()
        mdy = from_parts(parts, "b", "a").notna().to_numpy()
        same = (parts["a"].astype(int) == parts["b"].astype(int)).to_numpy()
        for order, mask in (("DMY", dmy & ~mdy), ("MDY", mdy & ~dmy)):
            if mask.any() and order not in self.only:
                i = int(np.flatnonzero(mask)[np.argmin(ln[mask])])
                self.only[order] = (str(t.iloc[i]).strip(), int(ln[i]))
        differ = dmy & mdy & ~same
        if differ.any() and self.open_example is None:
            i = int(np.flatnonzero(differ)[np.argmin(ln[differ])])
            self.open_example = (str(t.iloc[i]).strip(), int(ln[i]))
        if "DMY" in self.only and "MDY" in self.only:
            (a, la), (b, lb) = self.only["DMY"], self.only["MDY"]
            raise ImportFailure(
                f"the dates fit no single format: {a!r} (line {la}) can only be day-first and {b!r} "
                f"(line {lb}) only month-first; fix the file or choose the date order (--date-format DMY or MDY; "
                "rows the chosen order cannot read are then rejected)")
        for order in self.only:
            self.candidates = {order}

    def finish(self) -> None:
        """At the end of the file: refuse it when both orders still read its dates differently."""
        if self.pending and self.open_example is not None:  # pending: an example is open
            value, line = self.open_example
            a, b = (int(x) for x in re.findall(r"\d+", value)[:2])
            raise ImportFailure(
                f"the dates are ambiguous: {value!r} (line {line}) is {_long(a, b)} day-first but "
                f"{_long(b, a)} month-first, and no date in the file settles it; choose the date order "
                "(--date-format DMY or MDY on the command line, the date question on the Import page)")


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def _long(day: int, month: int) -> str:
    return f"{day} {_MONTHS[month - 1]}" if 1 <= month <= 12 else f"day {day} of month {month}"


# ----------------------------------------------------------------------- numbers

# A separator followed by exactly three digits: a decimal or a thousands group.
AMBIGUOUS_COMMA = re.compile(r"^-?\d{1,3},\d{3}$")
AMBIGUOUS_DOT = re.compile(r"^-?\d{1,3}\.\d{3}$")
_DEC_COMMA = r"^-?\d+,(?:\d{1,2}|\d{4,})$"  # 82,5 / 61,23492: a decimal comma
_DEC_DOT = r"^-?\d*\.(?:\d{1,2}|\d{4,})$"  # 82.5 / 61.23492: a decimal point
_POINT_GROUPED = r"^-?\d{1,3}(?:,\d{3})+\.\d+$|^-?\d{1,3}(?:,\d{3}){2,}$"  # 1,035.5 / 1,234,567
_COMMA_GROUPED = r"^-?\d{1,3}(?:\.\d{3})+,\d+$|^-?\d{1,3}(?:\.\d{3}){2,}$"  # 1.035,5 / 1.234.567


@dataclass
class NumberLocale:
    """Decimal point or decimal comma, as the file's number cells show it."""

    point: tuple[str, int] | None = None  # a cell showing a decimal point, with its line
    comma: tuple[str, int] | None = None
    ambiguous: bool = False  # a 3-digit-group cell was seen while the locale was unknown

    @property
    def locale(self) -> str | None:
        """``point``, ``comma``, ``mixed`` (both shown) or None (no evidence)."""
        if self.point and self.comma:
            return "mixed"
        return "point" if self.point else "comma" if self.comma else None

    @property
    def pending(self) -> bool:
        return self.ambiguous and self.locale is None

    def observe(self, values: pd.Series, lines: pd.Series | np.ndarray | None = None) -> None:
        """Look at (distinct) number cells; cheap when they hold no separator at all."""
        if self.locale is not None:
            return
        t = values.astype("str").str.strip()
        sep = t.str.contains(r"[.,]", regex=True).fillna(False).to_numpy()
        if not sep.any():
            return
        t = t[sep]
        ln = np.asarray(lines)[sep] if lines is not None else np.zeros(len(t), dtype="int64")
        for attr, pattern in (("point", f"{_DEC_DOT}|{_POINT_GROUPED}"), ("comma", f"{_DEC_COMMA}|{_COMMA_GROUPED}")):
            hit = t.str.contains(pattern, regex=True).fillna(False).to_numpy()
            if hit.any() and getattr(self, attr) is None:
                i = int(np.flatnonzero(hit)[np.argmin(ln[hit])])
                setattr(self, attr, (str(t.iloc[i]), int(ln[i])))
        if (t.str.fullmatch(AMBIGUOUS_COMMA.pattern) | t.str.fullmatch(AMBIGUOUS_DOT.pattern)).fillna(False).any():
            self.ambiguous = True


@dataclass
class Decisions:
    """Everything decided once per file; lives in ``Detected.extra['decisions']``."""

    dates: DateOrder
    numbers: NumberLocale = field(default_factory=NumberLocale)
    date_cols: tuple[str, ...] = ()  # raw chunk columns (c0…) holding dates
    number_cols: tuple[str, ...] = ()

    @property
    def pending(self) -> bool:
        return self.dates.pending or self.numbers.pending

    def observe(self, raw: pd.DataFrame) -> None:
        """Observe one raw chunk (``c0…cN`` text cells and ``_line``)."""
        lines = raw["_line"].to_numpy() if "_line" in raw else None
        if not self.dates.forced:  # even once decided: a later value may contradict the order
            for c in self.date_cols:
                self._distinct(raw[c], lines, self.dates.observe)
        if self.numbers.locale is None:
            for c in self.number_cols:
                self._distinct(raw[c], lines, self.numbers.observe)

    @staticmethod
    def _distinct(col: pd.Series, lines, observe) -> None:
        codes, uniques = pd.factorize(col, use_na_sentinel=True)
        if not len(uniques):
            return
        first = np.zeros(len(uniques), dtype="int64")
        if lines is not None:
            valid = codes >= 0
            # the first line each distinct value occurs on (rows are in line order)
            order = np.unique(codes[valid], return_index=True)[1]
            first = np.asarray(lines)[valid][order]
        observe(pd.Series(uniques, dtype="str"), first)

    def finish(self) -> None:
        self.dates.finish()


def make(det, date_format: str | None, date_roles: tuple[str, ...], number_roles: tuple[str, ...],
         default_order: str | None = None) -> Decisions:
    """The decisions object for one file (``det``: its :class:`~rehab.imports.base.Detected`)."""
    c = det.columns
    return Decisions(
        DateOrder(forced=normalize_date_format(date_format) or default_order),
        date_cols=tuple(f"c{c[r]}" for r in date_roles if r in c),
        number_cols=tuple(f"c{c[r]}" for r in number_roles if r in c),
    )


def settings(det) -> tuple[str | None, str | None]:
    """(date order, number locale) a converter reads ``det`` with; (None, None) if undecided."""
    dec = det.extra.get("decisions") if det is not None else None
    if dec is None:
        return None, None
    return dec.dates.order, dec.numbers.locale
