"""The clinician report: one page a physio can read — date range, weekly volume and pain, where the
training sat on the spectrum, and the active flags with their evidence and prescriptions.

Built from :class:`rehab.analysis.Analysis` and the dashboard's own charts (:mod:`rehab.charts`), so the
report and the screen never disagree. Outputs:

* :func:`report_html` — one self-contained, printable HTML file (charts inlined as SVG, no script, no
  network; every user-supplied text is escaped);
* :func:`report_pdf` / :func:`report_png` — the same content as one Vega-Lite page rendered offline by
  ``vl-convert-python``.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import dataclass, field

import altair as alt
import duckdb
import pandas as pd

from . import charts
from .advice import NOT_A_DIAGNOSIS, SIGN_LABELS
from .analysis import Analysis
from .spectrum import BANDS

PAGE_WIDTH = 640


@dataclass(frozen=True)
class Report:
    """Everything on the page. ``weekly``: week (Monday), volume_kg, working_sets, pain_mean (0–10, NaN
    when none). ``bands``: band, label, sets, share (of placed working sets in range)."""

    start: dt.date | None
    end: dt.date | None
    as_of: dt.date
    title: str
    unit: str
    summary: dict
    weekly: pd.DataFrame
    bands: pd.DataFrame
    flags: list[dict]  # rehab.advice.flags_of: flag, exercise, since (ISO), evidence, message, prescription
    charts: dict[str, alt.TopLevelMixin] = field(repr=False)

    @property
    def period(self) -> str:
        first = self.start or (dt.date.fromisoformat(self.summary["first_day"]) if self.summary["first_day"] else None)
        last = self.end or self.as_of
        return f"{first:%d %b %Y} – {last:%d %b %Y}" if first else "no training logged"


def _bands(placed: pd.DataFrame) -> pd.DataFrame:
    w = placed[placed["working"] & placed["band"].notna()] if len(placed) else placed
    counts = w["band"].value_counts() if len(w) else pd.Series(dtype="int64")
    total = int(counts.sum())
    return pd.DataFrame({
        "band": [b.name for b in BANDS], "label": [b.label for b in BANDS],
        "sets": [int(counts.get(b.name, 0)) for b in BANDS],
        "share": [(counts.get(b.name, 0) / total) if total else 0.0 for b in BANDS],
    })


def _band_chart(bands: pd.DataFrame) -> alt.Chart:
    return alt.Chart(bands).mark_bar().encode(
        y=alt.Y("label:N", sort=[b.label for b in BANDS], title=None),
        x=alt.X("share:Q", axis=alt.Axis(format="%"), title="Share of working sets in the period"),
        color=alt.Color("label:N", scale=alt.Scale(domain=[b.label for b in BANDS], range=[b.colour for b in BANDS]),
                        legend=None),
        tooltip=["label:N", "sets:Q", alt.Tooltip("share:Q", format=".0%")],
    ).properties(width=PAGE_WIDTH - 120, height=110, title="Spectrum of rehab exercise intensity")


def build_report(con: duckdb.DuckDBPyConnection, start: dt.date | None = None, end: dt.date | None = None,
                 as_of: dt.date | None = None, unit: str = "kg", title: str = "Training and pain report") -> Report:
    """Compute the report for the workspace behind ``con`` (``start``/``end`` inclusive; ``None`` = all)."""
    if as_of is None and end is None:  # "as of" the latest log, not today: flags describe the last training
        last = con.cursor().execute("SELECT max(day) FROM sets").fetchone()[0]
        as_of = last
    a = Analysis.load(con, as_of=as_of or end, start=start, end=end)
    weekly = a.weekly()[["week", "volume_kg", "working_sets", "pain_mean"]].reset_index(drop=True)
    daily = a.daily()
    pain = daily[["day", "pain_7d"]] if len(daily) else pd.DataFrame({"day": [], "pain_7d": []})
    bands = _bands(a.placed)
    volume = charts.volume_pain_chart(charts.volume_by_band(a.placed), pain, unit=unit).properties(
        width=PAGE_WIDTH - 120, height=200, title="Weekly volume by band, with pain (7-day mean)")
    return Report(start, end, a.as_of, title, unit, a.summary, weekly, bands, list(a.flags()),
                  {"volume_pain": volume, "bands": _band_chart(bands)})


# ------------------------------------------------------------------------------------------ HTML


def _svg(chart: alt.TopLevelMixin) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(chart.to_json())


def _evidence(ev: dict) -> str:
    items = []
    for k, v in ev.items():
        if isinstance(v, float):
            v = round(v, 2)
        text = v if isinstance(v, str) else json.dumps(v, default=str, ensure_ascii=False)
        items.append(f"<li><b>{html.escape(str(k).replace('_', ' '))}</b>: {html.escape(str(text))}</li>")
    return "<ul class=ev>" + "".join(items) + "</ul>"


def _flag_html(f: dict) -> str:
    who = f" — {html.escape(f['exercise'])}" if f["exercise"] else ""
    rx = f"<p class=rx><b>Prescription:</b> {html.escape(f['prescription'])}</p>" if f["prescription"] else ""
    since = pd.Timestamp(f["since"])
    return (f"<div class=flag><h3>{html.escape(SIGN_LABELS.get(f['flag'], f['flag']))}{who} <small>since "
            f"{since:%d %b %Y}</small></h3><p>{html.escape(f['message'])}</p>{rx}{_evidence(f['evidence'])}</div>")


def _weekly_rows(rep: Report) -> str:
    factor = charts.unit_factor(rep.unit)
    rows = []
    for r in rep.weekly.tail(16).itertuples():
        pain = "–" if pd.isna(r.pain_mean) else f"{r.pain_mean:.1f}"
        rows.append(f"<tr><td>{pd.Timestamp(r.week):%d %b %Y}</td><td>{r.volume_kg * factor:,.0f}</td>"
                    f"<td>{int(r.working_sets)}</td><td>{pain}</td></tr>")
    return "".join(rows) or "<tr><td colspan=4>No weeks with training in this period.</td></tr>"


_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#222;max-width:46rem;margin:1.5rem auto;
font-size:11pt;line-height:1.35} h1{font-size:1.4rem;margin:0} h2{font-size:1.05rem;margin:1rem 0 .3rem;
border-bottom:1px solid #ccc} h3{font-size:1rem;margin:.2rem 0} .meta{color:#555} table{border-collapse:collapse;
font-size:.9rem} td,th{padding:.1rem .6rem;text-align:right} td:first-child,th:first-child{text-align:left}
.flag{border-left:4px solid #c2185b;padding:.2rem .6rem;margin:.4rem 0;break-inside:avoid} .rx{margin:.2rem 0}
.ev{font-size:.85rem;color:#444;margin:.2rem 0} .note{font-size:.85rem;color:#555} svg{max-width:100%;height:auto}
@page{size:A4;margin:12mm} @media print{body{margin:0;max-width:none}}
"""


def report_html(rep: Report) -> str:
    """The report as one self-contained printable HTML document."""
    s = rep.summary
    factor = charts.unit_factor(rep.unit)
    flags = "".join(_flag_html(f) for f in rep.flags) or "<p>No flags are active: nothing in the log suggests " \
        "switching away from the current training.</p>"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(rep.title)}</title><style>{_CSS}</style></head>
<body>
<h1>{html.escape(rep.title)}</h1>
<p class=meta>Period: <b>{html.escape(rep.period)}</b> · as of {rep.as_of:%d %b %Y} · {s['sets']} sets
({s['working_sets']} working) · {s['exercises']} exercises ·
working volume {s['volume_kg'] * factor:,.0f} {rep.unit}</p>
<h2>Weekly volume and pain</h2>
{_svg(rep.charts["volume_pain"])}
<table><thead><tr><th>Week of</th><th>Volume ({rep.unit})</th><th>Working sets</th><th>Pain (mean 0–10)</th></tr>
</thead><tbody>{_weekly_rows(rep)}</tbody></table>
<h2>Where the training sat on the spectrum</h2>
{_svg(rep.charts["bands"])}
<h2>Active flags</h2>
{flags}
<p class=note>{html.escape(NOT_A_DIAGNOSIS)} Spectrum and switch advice after Paul Ingraham, <i>Endurance
Training for Pain &amp; Rehab</i> (PainScience.com). Generated {dt.date.today():%d %b %Y}.</p>
</body></html>
"""


# ------------------------------------------------------------------------------------ PDF / PNG


def _text_block(lines: list[tuple[str, str]]) -> alt.LayerChart:
    """Lines of text as a chart (``(text, style)``, style: h | b | p | small), for the rendered page."""
    sizes = {"h": 18, "b": 12, "p": 11, "small": 9}
    rows, y = [], 0
    for text, style in lines:
        y += sizes[style] + 6
        rows.append({"y": y, "text": text, "style": style})
    df = pd.DataFrame(rows, columns=["y", "text", "style"])
    yscale = alt.Scale(domain=[0, max(y, 1)], reverse=True)
    layers = [
        alt.Chart(df).transform_filter(alt.datum.style == style).mark_text(
            align="left", baseline="bottom", fontSize=size, fontWeight="bold" if style in ("h", "b") else "normal",
            limit=PAGE_WIDTH).encode(x=alt.value(0), y=alt.Y("y:Q", axis=None, scale=yscale), text="text:N")
        for style, size in sizes.items()
    ]
    return alt.layer(*layers).properties(width=PAGE_WIDTH, height=max(y, 1) + 4)


def _wrap(text: str, width: int = 105) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width) or [""]


def report_chart(rep: Report) -> alt.VConcatChart:
    """The whole report as one Vega-Lite page (what :func:`report_pdf` and :func:`report_png` render)."""
    s = rep.summary
    factor = charts.unit_factor(rep.unit)
    head = _text_block([(rep.title, "h"),
                        (f"Period: {rep.period} · as of {rep.as_of:%d %b %Y}", "p"),
                        (f"{s['sets']} sets ({s['working_sets']} working) · {s['exercises']} exercises · "
                         f"working volume {s['volume_kg'] * factor:,.0f} {rep.unit}", "p")])
    lines: list[tuple[str, str]] = [("Active flags", "b")]
    if not rep.flags:
        lines.append(("No flags are active.", "p"))
    for f in rep.flags:
        lines.append((f"{SIGN_LABELS.get(f['flag'], f['flag'])}{' — ' + f['exercise'] if f['exercise'] else ''} "
                      f"(since {pd.Timestamp(f['since']):%d %b %Y})", "b"))
        lines += [(x, "p") for x in _wrap(f["message"])]
        if f["prescription"]:
            lines += [(x, "p") for x in _wrap("Prescription: " + f["prescription"])]
        ev = "; ".join(f"{k.replace('_', ' ')}: {round(v, 2) if isinstance(v, float) else v}"
                       for k, v in f["evidence"].items())
        lines += [(x, "small") for x in _wrap("Evidence: " + ev, 130)]
    lines.append((NOT_A_DIAGNOSIS, "small"))
    return alt.vconcat(head, rep.charts["volume_pain"], rep.charts["bands"], _text_block(lines)).configure_view(
        stroke=None).properties(padding=24, background="white")


def report_pdf(rep: Report) -> bytes:
    import vl_convert

    return vl_convert.vegalite_to_pdf(report_chart(rep).to_json())


def report_png(rep: Report, scale: float = 1.5) -> bytes:
    import vl_convert

    return vl_convert.vegalite_to_png(report_chart(rep).to_json(), scale=scale)
