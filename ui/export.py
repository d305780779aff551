"""Downloads the user opens in a spreadsheet: CSV with formula injection neutralised.

A cell such as ``=HYPERLINK(...)`` in a workout note would run as a formula in
Excel or LibreOffice; prefixing a quote makes it plain text (OWASP "CSV injection").
The rule itself lives in :func:`rehab.output.export.neutralize_csv_cell`, shared with the
workspace export.
"""

from __future__ import annotations

import pandas as pd

from rehab.output.export import neutralize_csv_cell


def safe_csv(df: pd.DataFrame) -> bytes:
    """CSV bytes (UTF-8 with BOM, so Excel reads accents) with every text cell neutralised.

    CRLF line ends make the writer quote any cell holding a bare CR or LF, so an
    embedded ``\\r=1+1`` cannot start a new row whose first cell is a live formula.
    """
    out = df.copy()
    for col in out.columns:
        if not pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col].map(neutralize_csv_cell)
    out.columns = [neutralize_csv_cell(str(c)) for c in out.columns]
    return out.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
