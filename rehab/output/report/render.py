"""The report as a document: one HTML file (for the screen and the browser's print) and, from the same
HTML, a paged PDF laid out by WeasyPrint (CSS paged media: A4 or Letter, running header, page numbers,
fonts embedded, text and vector charts selectable).

Every text a person typed or an export carried (exercise names, the label) is escaped; every code name of
the plan (statuses, phases, signs, bands) is shown by its label; no raw number leaves without a unit.
"""

from __future__ import annotations

import html
import re

import pandas as pd

from rehab.advice import RED_FLAGS, SIGN_LABELS, STATUS_LABELS, THRESHOLD_TABLE
from rehab.advice.model import NOT_A_DIAGNOSIS, PHASE_LABELS, Criterion, Prescription, Threshold
from rehab.analytics.spectrum import BY_NAME
from rehab.output.charts import unit_factor
from rehab.output.report import figures
from rehab.output.report.content import Change, ExerciseSection, Report, fmt_day, number
from rehab.output.report.paper import PAPERS, Paper

TITLE = "Training and pain report"
SOURCE = ("Spectrum and switch advice after Paul Ingraham, <i>Endurance Training for Pain &amp; Rehab</i> "
          "(PainScience.com).")
STATUS_CLASS = {"see_clinician": "s-red", "switch": "s-orange", "watch": "s-amber", "ready_to_return": "s-blue",
                "ok": "s-green"}
# Only the names with an underscore: "stopped" is also a plain English word in the advice.
_CODE = re.compile(r"\b(" + "|".join(re.escape(n) for n in SIGN_LABELS if "_" in n) + r")\b")


def esc(x: object) -> str:
    return html.escape(str(x), quote=True)


def status_label(s: str | None) -> str:
    return STATUS_LABELS.get(s, "—") if s else "—"


def phase_label(p: str | None) -> str:
    return PHASE_LABELS.get(p, "—") if p else "—"


def band_label(b: str) -> str:
    return BY_NAME[b].label if b in BY_NAME else b.replace("_", " ")


def plain(text: str) -> str:
    """``text`` with any sign name (``pain_rising``) written as its label (“Pain rising”), and the project's
    own shorthand for its specification spelled out."""
    text = _CODE.sub(lambda m: f"“{SIGN_LABELS[m.group(1)]}”", text)
    return text.replace("issue spec", "project specification")


def first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _pill(status: str) -> str:
    return f'<span class="pill {STATUS_CLASS.get(status, "")}">{esc(status_label(status))}</span>'


# ------------------------------------------------------------------------------------------- page 1


def _rx_short(rx: Prescription | None) -> str:
    if rx is None:
        return "No change: keep the current training."
    at = f" at {rx.load}" if rx.load_kg is not None else f" ({rx.load})"
    alts = f"; or {', '.join(rx.alternatives[:3])}" if rx.alternatives else ""
    return (f"{band_label(rx.band)}: {rx.sets[0]}–{rx.sets[1]} sets × {rx.reps[0]}–{rx.reps[1]} reps"
            f"{at}{alts}")


def _status_table(rep: Report) -> str:
    if not rep.sections:
        return "<p>No exercise was trained in the last 12 weeks before this day: there is no plan to report.</p>"
    rows = []
    for s in rep.sections:
        p = s.plan
        signs = ", ".join(SIGN_LABELS.get(x.flag, x.flag) for x in p.signs)
        rows.append(
            f"<tr><td class=ex>{esc(p.exercise)}</td><td>{_pill(p.status)}"
            f"{f'<div class=signs>{esc(signs)}</div>' if signs else ''}</td>"
            f"<td>{esc(phase_label(p.phase))}<div class=small>since {fmt_day(p.phase_since)}</div></td>"
            f"<td>{esc(_rx_short(p.prescription))}</td></tr>")
    return ("<table class=plan><thead><tr><th>Exercise</th><th>Status</th><th>Phase</th><th>What to do now</th>"
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def _pain_sentence(rep: Report) -> str:
    t = rep.pain
    if t.recent is None and t.previous is None:
        return f"No pain score was logged in the last {2 * t.days} days."
    if t.recent is None:
        return f"No pain score in the last {t.days} days (mean {number(t.previous)}/10 in the {t.days} days before)."
    worst = f", worst {number(t.worst, 0)}/10" if t.worst is not None else ""
    head = f"Pain averaged <b>{number(t.recent)}/10</b> over the last {t.days} days ({t.entries} scores{worst})"
    if t.previous is None:
        return head + f"; nothing was scored in the {t.days} days before."
    ch = t.change or 0.0
    word = "up" if ch > 0.05 else "down" if ch < -0.05 else "unchanged"
    delta = f"{word} {abs(ch):.1f}" if word != "unchanged" else word
    return head + f", against {number(t.previous)}/10 in the {t.days} days before ({delta})."


def _change_item(c: Change) -> str:
    ex = f"<b>{esc(c.exercise)}</b>"
    if c.status_before is None:
        return f"<li>{ex}: new in the plan — {esc(status_label(c.status_now))}, {esc(phase_label(c.phase_now))}</li>"
    if c.status_now is None:
        return (f"<li>{ex}: no longer in the plan (not trained lately; was {esc(status_label(c.status_before))})"
                "</li>")
    parts = []
    if c.status_before != c.status_now:
        parts.append(f"{esc(status_label(c.status_before))} → {esc(status_label(c.status_now))}")
    if c.phase_before != c.phase_now:
        parts.append(f"phase {esc(phase_label(c.phase_before))} → {esc(phase_label(c.phase_now))}")
    return f"<li>{ex}: {'; '.join(parts)}</li>"


def _changes(rep: Report) -> str:
    ch = rep.changes
    if ch.since is None:
        return "<h2>What changed</h2><p>Nothing to compare with yet: no earlier report and no plan at the start " \
               "of the period.</p>"
    head = (f"since the last report (as of {fmt_day(ch.since)}, made {fmt_day(ch.made_at)})" if ch.from_report
            else f"since the period's first week (plan as of {fmt_day(ch.since)}; no earlier report was made)")
    items = "".join(_change_item(c) for c in ch.rows)
    pain = ""
    if ch.from_report and ch.pain_before is not None and rep.pain.recent is not None:
        pain = (f"<li>Pain over the last {rep.pain.days} days: {number(ch.pain_before)}/10 then, "
                f"{number(rep.pain.recent)}/10 now</li>")
    same = (f"<p class=small>{ch.unchanged} exercise{'s' if ch.unchanged != 1 else ''} kept the same status and "
            "phase.</p>") if ch.unchanged else ""
    body = f"<ul class=changes>{items}{pain}</ul>" if items or pain else "<p>No exercise changed status or phase.</p>"
    return f"<h2>What changed {head}</h2>{body}{same}"


def _overall(rep: Report) -> str:
    if not rep.plan.overall:
        return ""
    items = "".join(f"<li><b>{esc(SIGN_LABELS.get(s.flag, s.flag))}</b> (since {fmt_day(s.since)}): "
                    f"{esc(s.message)}</li>" for s in rep.plan.overall)
    return f"<h2>Across all training</h2><ul>{items}</ul>"


def _summary_page(rep: Report) -> str:
    s = rep.summary
    factor = unit_factor(rep.unit)
    figures_line = (f"{s['sessions']} sessions, {s['working_sets']} working sets of {s['exercises']} exercises, "
                    f"working volume {s['volume_kg'] * factor:,.0f} {rep.unit} in {rep.weeks} weeks.")
    chart = (f"<figure class=chart>{figures.svg(figures.pain_trend_chart(rep.weekly, rep.start, rep.as_of))}"
             "<figcaption>Weekly mean pain (line) and the worst score of each week (triangles), every body area."
             "</figcaption></figure>") if rep.weekly["pain_mean"].notna().any() else ""
    return (f"<section class=summary><p class=lead>{esc(figures_line)}</p>"
            f"<h2>Plan per exercise as of {fmt_day(rep.as_of)}</h2>{_status_table(rep)}"
            f"{_changes(rep)}<h2>Pain</h2><p>{_pain_sentence(rep)}</p>{chart}{_overall(rep)}</section>")


# ---------------------------------------------------------------------------------------- exercises


def _value(c: Criterion) -> str:
    return "nothing logged" if c.value is None else f"{c.value:g}"


def _criteria(crit: tuple[Criterion, ...]) -> str:
    if not crit:
        return ""
    rows = "".join(f"<tr><td class=mark>{'✓' if c.met else '✗'}</td><td>{esc(c.name)}</td>"
                   f"<td>{'met' if c.met else 'not yet'}</td><td>{esc(_value(c))}</td><td>{esc(c.target)}</td></tr>"
                   for c in crit)
    met = sum(c.met for c in crit)
    return (f"<h3>Return-to-strength checklist ({met} of {len(crit)} met)</h3><table class=crit><thead><tr><th></th>"
            f"<th>Criterion</th><th></th><th>Now</th><th>Target</th></tr></thead><tbody>{rows}</tbody></table>")


def _prescription(rx: Prescription | None) -> str:
    if rx is None:
        return "<h3>Prescription</h3><p class=rx>No change: keep the current training.</p>"
    load = f"at {esc(rx.load)}" if rx.load_kg is not None else esc(rx.load)
    alts = (f"<div>Or instead: {esc(', '.join(rx.alternatives))}</div>" if rx.alternatives else "")
    return (f"<h3>Prescription</h3><div class=rx><b>{esc(band_label(rx.band))}</b>: {rx.sets[0]}–{rx.sets[1]} sets × "
            f"{rx.reps[0]}–{rx.reps[1]} reps of {esc(rx.exercise)} {load}{alts}</div>")


def _section(rep: Report, s: ExerciseSection) -> str:
    p = s.plan
    areas = ", ".join(p.areas) if p.areas else "no body area set"
    last = f" · last session {fmt_day(p.last_session)}" if p.last_session else ""
    signs = "".join(f"<li><b>{esc(SIGN_LABELS.get(x.flag, x.flag))}</b> since {fmt_day(x.since)}</li>"
                    for x in p.signs)
    signs_html = f"<ul class=chips>{signs}</ul>" if signs else ""
    timeline = ""
    if len(s.history):
        drawn = figures.svg(figures.timeline_chart(s.history, s.pain_daily, s.e1rm_days, rep.unit))
        e1rm = " and the best estimated 1RM" if s.e1rm_days["e1rm"].notna().any() else ""
        timeline = (f"<h3>Phase timeline</h3><figure class='chart timeline'>{drawn}<figcaption>The phase and "
                    f"the status of each week{e1rm}; pain is in the next chart, on the same weeks.</figcaption>"
                    "</figure>")
    load = figures.svg(figures.load_pain_chart(s.weekly, rep.start, rep.as_of, rep.unit)) if len(s.weekly) else ""
    chart = (f"<h3>Pain against load</h3><figure class=chart>{load}<figcaption>Bars: weekly training of this "
             "exercise (the last week to date). Line: weekly mean pain in the areas it loads (right axis, "
             "0–10).</figcaption></figure>"
             if load else "")
    return (f"<article class=exercise><h2>{esc(p.exercise)} {_pill(p.status)}</h2>"
            f"<p class=meta>Phase: <b>{esc(phase_label(p.phase))}</b> since {fmt_day(p.phase_since)}"
            f"{' (returning to strength)' if p.returning else ''} · loads {esc(areas)}{last}</p>"
            f"{signs_html}<p>{esc(first_upper(plain(p.advice)))}</p>{_prescription(p.prescription)}"
            f"{_criteria(p.criteria)}{timeline}{chart}</article>")


# ----------------------------------------------------------------------------------- calendar, table


def _weekly_table(rep: Report) -> str:
    f = unit_factor(rep.unit)
    rows = []
    last_week = pd.Timestamp(rep.as_of) - pd.Timedelta(days=rep.as_of.weekday())
    for r in rep.weekly.itertuples():
        week = pd.Timestamp(r.week)
        so_far = f" <span class=small>(to {fmt_day(rep.as_of)})</span>" if week == last_week and \
            rep.as_of.weekday() < 6 else ""
        rows.append(f"<tr><td>{fmt_day(week)}{so_far}</td><td>{r.sessions}</td><td>{int(r.working_sets)}</td>"
                    f"<td>{int(r.hard_sets)}</td><td>{number(r.volume_kg * f, 0)}</td><td>{number(r.mean_rpe)}</td>"
                    f"<td>{number(r.pain_mean)}</td><td>{number(r.pain_max, 0)}</td><td>{r.pain_entries}</td></tr>")
    body = "".join(rows) or "<tr><td colspan=9>No weeks in this period.</td></tr>"
    return ("<h2>Week by week</h2><table class=weekly><thead><tr><th>Week of</th><th>Sessions</th>"
            f"<th>Working sets</th><th>Hard sets</th><th>Volume ({rep.unit})</th><th>Mean RPE</th><th>Pain mean</th>"
            f"<th>Pain max</th><th>Pain scores</th></tr></thead><tbody>{body}</tbody></table>"
            "<p class=small>Hard sets: working sets at strength-level load (67 % of the estimated 1RM or more) or "
            "RPE 7 or more. Pain: every scored entry of the week, 0–10, all body areas.</p>")


def _calendar(rep: Report) -> str:
    if rep.pain_days.empty:
        return "<h2>Pain calendar</h2><p>No pain score was logged in this period.</p>"
    chart = figures.svg(figures.pain_calendar_chart(rep.pain_days, rep.start, rep.as_of))
    return (f"<h2>Pain calendar</h2><figure class=chart>{chart}<figcaption>Mean pain of each day (number and "
            "colour, 0–10; 7 or more is the level the plan asks to have assessed); grey: no score that day."
            "</figcaption></figure>")


# ------------------------------------------------------------------------------------------ sources


def _threshold_value(t: Threshold) -> str:
    if t.unit == "fraction":
        return f"{t.value * 100:g} %"
    if t.unit == "fraction a week":
        return f"{t.value * 100:g} % a week"
    if t.unit == "ratio":
        return f"{t.value:g} ×"
    unit = t.unit
    if t.value == 1:  # "1 point /10", "1 session", not "1 points /10"
        first, _, rest = unit.partition(" ")
        unit = " ".join(x for x in (first.removesuffix("s"), rest) if x)
    return f"{t.value:g} {unit}"


def _sources() -> str:
    rows = "".join(f"<tr><td>{esc(first_upper(plain(t.help)))}</td><td class=num>{esc(_threshold_value(t))}</td>"
                   f"<td>{esc(plain(t.source))}</td></tr>" for t in THRESHOLD_TABLE)
    red = "".join(f"<li>{esc(x)}</li>" for x in RED_FLAGS)
    return (f"<section class=sources><h2>How the plan is computed: thresholds and sources</h2><p>{SOURCE} Every "
            "number the plan uses, with where it comes from; “project choice” marks a number this project chose "
            "where the literature gives none.</p><table class=thresholds><thead><tr><th>What it decides</th>"
            f"<th>Value</th><th>Source</th></tr></thead><tbody>{rows}</tbody></table>"
            f"<h2>Get seen promptly for any of these, whatever the log says</h2><ul>{red}</ul>"
            f"<p class=disclaimer><b>{esc(NOT_A_DIAGNOSIS)}</b> It reads only what was logged (sets, reps, loads, "
            "RPE and pain scores) and cannot examine anyone. A clinician's judgement comes first.</p></section>")


# ---------------------------------------------------------------------------------------- document


_CSS = """
@page { size: %(size)s; margin: 15mm 15mm 14mm 15mm;
  @top-left { content: string(who); font-size: 8pt; color: #555; }
  @top-right { content: string(period); font-size: 8pt; color: #555; }
  @bottom-left { content: "Made " string(made) " · advice from the training log, not a diagnosis"; font-size: 8pt;
    color: #555; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; color: #555; } }
@page :first { @top-left { content: none; } @top-right { content: none; } }
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 9.5pt; color: #222;
  line-height: 1.35; }
body { margin: 0; }
h1 { font-size: 17pt; margin: 0 0 2pt; }
h2 { font-size: 11.5pt; margin: 11pt 0 4pt; border-bottom: 0.6pt solid #bbb; padding-bottom: 1pt;
  break-after: avoid; }
h3 { font-size: 9.5pt; margin: 7pt 0 2pt; break-after: avoid; }
p { margin: 3pt 0; }
.runner-who { string-set: who content(text); }
.runner-period { string-set: period content(text); }
.runner-made { string-set: made content(text); }
header.top { border-bottom: 1.5pt solid #333; padding-bottom: 4pt; margin-bottom: 6pt; }
header.top .who { font-size: 11pt; margin: 0 0 3pt; }
header.top dl { display: flex; flex-wrap: wrap; margin: 0; font-size: 8.5pt; color: #333; }
header.top dt { font-weight: bold; margin-right: 3pt; }
header.top dd { margin: 0 12pt 0 0; }
.lead { font-size: 10pt; }
.small { font-size: 7.5pt; color: #555; }
table { border-collapse: collapse; width: 100%%; font-size: 8.5pt; }
th { text-align: left; border-bottom: 0.8pt solid #555; padding: 2pt 4pt; font-weight: bold; }
td { border-bottom: 0.4pt solid #ddd; padding: 2.5pt 4pt; vertical-align: top; }
tr { break-inside: avoid; }
thead { display: table-header-group; }
table.plan td.ex { font-weight: bold; width: 26%%; }
table.weekly td, table.weekly th { text-align: right; }
table.weekly td:first-child, table.weekly th:first-child { text-align: left; }
table.crit td.mark { width: 10pt; font-weight: bold; }
table.thresholds { font-size: 7.5pt; }
table.thresholds td.num { white-space: nowrap; }
.signs { font-size: 7.5pt; color: #555; margin-top: 1pt; }
.pill { display: inline-block; padding: 0 4pt; border-radius: 3pt; font-size: 8pt; font-weight: bold;
  border: 0.6pt solid; white-space: nowrap; }
h2 .pill { font-size: 8.5pt; vertical-align: 1pt; margin-left: 4pt; }
.s-red { color: #a50f15; background: #fde0dd; } .s-orange { color: #a63603; background: #feedde; }
.s-amber { color: #7a5a00; background: #fff3c4; } .s-blue { color: #08519c; background: #deebf7; }
.s-green { color: #006d2c; background: #e5f5e0; }
figure.chart { margin: 3pt 0 4pt; break-inside: avoid; }
figure.chart svg { width: 100%%; height: auto; display: block; }
figcaption { font-size: 7.5pt; color: #555; }
ul { margin: 2pt 0 4pt; padding-left: 14pt; }
ul.chips { list-style: none; padding: 0; margin: 2pt 0; }
ul.chips li { display: inline-block; margin: 0 4pt 2pt 0; padding: 0 4pt; border: 0.5pt solid #999;
  border-radius: 3pt; font-size: 7.5pt; }
.rx { border-left: 2.5pt solid #4a6fa5; padding: 2pt 6pt; background: #f2f5fa; }
.meta { color: #444; font-size: 8.5pt; }
article.exercise { break-before: page; }
article.exercise h2:first-child { margin-top: 0; }
article.exercise > p { font-size: 8.8pt; line-height: 1.28; }
figure.timeline svg { width: 90%%; margin: 0 auto; }
article.exercise td { padding: 1.5pt 4pt; }
section.calendar { break-before: page; }
section.sources { break-before: page; }
.disclaimer { margin-top: 8pt; }
@media screen { body { max-width: 190mm; margin: 12px auto; padding: 0 12px; } }
"""


def report_html(rep: Report, paper: Paper | str = "A4") -> str:
    """The report as one self-contained HTML document (no script, no network; charts inline as SVG)."""
    pp = paper if isinstance(paper, Paper) else PAPERS.get(paper) or PAPERS["A4"]
    who = rep.label or "(no name given)"
    sections = "".join(_section(rep, s) for s in rep.sections)
    exercises = f"<section class=exercises>{sections}</section>" if sections else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(TITLE)} · {esc(who)} · {esc(rep.period)}</title>
<meta name="author" content="{esc(rep.label)}"><meta name="generator" content="rehab dashboard">
<style>{_CSS % {"size": pp.css}}</style></head>
<body>
<header class="top"><h1>{esc(TITLE)}</h1>
<p class="who">For <b class="runner-who">{esc(who)}</b></p>
<dl><dt>Period</dt><dd class="runner-period">{esc(rep.period)} ({rep.weeks} weeks)</dd>
<dt>Plan as of</dt><dd>{fmt_day(rep.as_of)}</dd><dt>Made</dt><dd class="runner-made">{fmt_day(rep.made)}</dd>
<dt>Weights in</dt><dd>{esc(rep.unit)}</dd></dl></header>
{_summary_page(rep)}
{exercises}
<section class="calendar">{_calendar(rep)}{_weekly_table(rep)}</section>
{_sources()}
</body></html>
"""


def report_pdf(rep: Report, paper: Paper | str = "A4") -> bytes:
    """The report as a paged PDF (WeasyPrint): ``paper`` A4 or Letter."""
    return html_to_pdf(report_html(rep, paper))


def html_to_pdf(document: str) -> bytes:
    """Lay out a report's HTML (:func:`report_html`) into PDF pages. Offline: the HTML has no links to
    fetch, and WeasyPrint's URL fetcher is replaced by one that refuses every URL."""
    from weasyprint import HTML

    def refuse(url: str, *args, **kwargs):
        raise ValueError(f"the report loads nothing from outside ({url})")

    return HTML(string=document, url_fetcher=refuse).write_pdf()
