"""Downloads the user opens in a spreadsheet: CSV with formula injection neutralised.

A cell such as ``=HYPERLINK(...)`` in a workout note would run as a formula in
Excel or LibreOffice; prefixing a quote makes it plain text (OWASP "CSV injection").
"""

from __future__ import annotations

import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Text starting like a formula gets a leading quote; everything else is returned unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def safe_csv(df: pd.DataFrame) -> bytes:
    """CSV bytes (UTF-8 with BOM, so Excel reads accents) with every text cell neutralised."""
    out = df.copy()
    for col in out.columns:
        if not pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col].map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out.to_csv(index=False).encode("utf-8-sig")
