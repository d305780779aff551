"""Reading pain out of free-text workout notes.

Why: people who train around pain write it in their notes ("knee 3/10",
"switched weight due to shoulder pain") long before they open a pain diary.
The rules here follow how people write about pain, not any one export:

* **Scores are out of 10 only** and need a pain word or a body area right
  beside them: ``pain 4``, ``pain: 4/10``, ``4/10 pain``, ``pain level was 4``,
  ``knee 3/10``, ``Pain 6/10 in left shoulder``, ``shoulder pain 5``, ``p4``,
  decimals (``3.5/10``, ``3,5/10``) and ``4 out of 10``. A bare ``8/10``
  ("RPE 8/10", "8/10 reps") is not pain. A range (``pain 2-3``) takes the
  **higher** value: for a rehab flag the worse end is the safer reading. Any
  other scale (``pain 3/5``) or a value above 10 is kept as a mention without a
  score. A number followed by a unit (``pain 8 reps in``) is not a score.
* **Mentions** without a number ("knee hurts", "sore elbow", "tweaked my back",
  "had to drop the weight due to shoulder pain") give a :class:`PainNote` with
  ``score=None``. Weak words that also have everyday meanings (tweak, pinch,
  strained, tender, spasm) count only with a body area in the same clause, so
  "tweaked my form" is not pain.
* **Negations** give score 0: "no pain", "pain free", "pain-free", "painless",
  "no knee pain", "didn't hurt", "not sore", "no longer hurts". Softened forms
  ("not as sore", "doesn't hurt as much") stay mentions. "No pain, no gain" is
  ignored.
* The **area** is the nearest body-area word in the same clause (sentences split
  at ``. ! ? ; ,`` newlines and "but"), normalised with
  :data:`rehab.words.areas.SYNONYMS`; without one the area is None. "back" alone
  means the lower back, but only when it reads like a body part ("my back",
  "lower back", "back pain", "back 5/10"), not in "pain came back", "back
  squat" or "back to normal".
* **Other languages** (Portuguese, German, Spanish, French, Italian) follow the
  same rules with the words of :mod:`rehab.words.vocab`: "dor no joelho 4/10",
  "Knie 3/10", "Knieschmerzen", "Schmerz 5", "me duele el hombro", "douleur
  au genou", "fa male alla spalla"; negations "sem dor", "keine Schmerzen",
  "sin dolor", "pas de douleur", "nessun dolore". Notes are read with accents
  folded ("dói" reads as "doi"), the stored sentence is the note as written.

:func:`pain_from_batch` is the import hook (``rehab.imports.pipeline.COMMIT_HOOKS``) that
stores what this finds in the notes of newly imported sets.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from functools import lru_cache

import duckdb
import pandas as pd

from rehab.storage.transactions import one
from rehab.words import vocab
from rehab.words.areas import SYNONYMS


@dataclass(frozen=True)
class PainNote:
    """One pain statement found in a note."""

    score: float | None  # 0-10; None for a mention without a number
    area: str | None  # canonical area (rehab.words.areas.AREAS); None = unspecified
    text: str  # the sentence it was read from (at most 200 characters)


def _words(table: dict[str, tuple[str, ...]]) -> str:
    return "|".join(w for lang in vocab.LANGS for w in table[lang])


_PAIN = r"(?:pain|pains|painful|hurts?|hurting|sore|soreness|aches?|aching|achy|discomfort|niggle|niggles|niggly|" \
        r"twinge|twinges|twinged|injury|injured|tendinitis|tendonitis|tendinopathy|impingement|flare[- ]?up|" \
        rf"flared(?: up)?|{_words(vocab.PAIN_WORDS)})"
_WEAK = r"(?:tweak|tweaks|tweaked|tweaky|pinch|pinched|pinching|pinchy|strained|strain(?= in| on)|tender|" \
        rf"tenderness|spasms?|{_words(vocab.WEAK_WORDS)})"

# Area alternatives, longest first so "lower back" wins over "back".
_AREA_ALTS: list[tuple[str, str]] = sorted(
    ((syn, area) for area, syns in SYNONYMS.items() for syn in syns if syn != "back"),
    key=lambda p: -len(p[0]),
)
_AREA_ALT = "|".join(s for s, _ in _AREA_ALTS)
# German compounds: "Knieschmerzen" names the knee inside the pain word.
_COMPOUNDS = [(re.compile(rf"(?:{p})\Z", re.I), a) for p, a in vocab.DE_PAIN_COMPOUNDS.items()]
_COMPOUND_ALT = "|".join(vocab.DE_PAIN_COMPOUNDS)
_AREA_RE = re.compile(rf"\b(?:({_AREA_ALT})\b|({_COMPOUND_ALT})(?=\w*schmerz))", re.I)
_AREA_OF = [(re.compile(rf"(?:{s})\Z", re.I), a) for s, a in _AREA_ALTS]
# Side words written after the area ("joelho esquerdo 4/10", "genou gauche: 3/10").
_POST_SIDE = r"(?:\s+(?:left|right|esquerd[oa]|direit[oa]|izquierd[oa]|derech[oa]|gauche|droite?|sinistr[oa]|" \
             r"destr[oa]|links|rechts))?"
# "back" alone: only when it reads as a body part.
_NUM = r"\d{1,2}(?:[.,]\d+)?"
# "back" then a score out of 10 ("back 5/10", "Back: 3-4/10"), unless a verb makes it "again" ("came back 5/10").
_NOT_AGAIN = "".join(rf"(?<!\b{v} )" for v in (
    "came", "come", "comes", "coming", "went", "go", "goes", "going", "got", "get", "gets", "getting", "is", "was",
    "it's", "its", "bring", "brought", "be", "been", "feel", "feels", "felt", "way", "came right", "is right"))
_BACK_RE = re.compile(
    r"(?:\b(?:my|the|his|her|your|left|right|sore|achy|stiff|bad|tight|painful|tweaked|hurt|hurting)\s+)back\b"
    r"|\bback(?=\s*(?:pain|painful|aches?|aching|achy|hurts?|hurting|sore|soreness|spasms?|issues?|problems?|"
    r"tight|is sore|was sore|injury|tweak)\b)"
    rf"|{_NOT_AGAIN}\bback(?=\s*[:=\-–]?\s*{_NUM}(?:\s*(?:-|–)\s*{_NUM})?(?:\s*/\s*|\s+out\s+of\s+)10\b)",
    re.I,
)

_RANGE = rf"(?P<lo>{_NUM})(?:\s*(?:-|–|to)\s*(?P<hi>{_NUM}))?"
_OUT_OF = rf"(?:\s*/\s*|\s+out\s+of\s+|\s+(?:{'|'.join(vocab.OUT_OF)})\s+(?=10\b))"
_DENOM = rf"(?:{_OUT_OF}(?P<den>\d+))?"
_TEN = rf"(?:(?P<lo>{_NUM})(?:\s*(?:-|–)\s*(?P<hi>{_NUM}))?{_OUT_OF}(?P<den>10))"
_UNIT_AFTER = re.compile(
    r"\s*(?:x\b|%|reps?\b|sets?\b|kgs?\b|lbs?\b|kilos?\b|pounds?\b|min\w*|secs?\b|seconds?\b|s\b|days?\b|"
    r"weeks?\b|times\b|hours?\b|h\b|km\b|mi\b|m\b|th\b|st\b|nd\b|rd\b|"
    rf"(?:{'|'.join(vocab.UNITS)})\b)",
    re.I,
)
_CONNECT = r"(?:\s*(?:[:=~(\-–—]|\bis\b|\bwas\b|\bat\b|\bof\b|\blevel\b|\blvl\b|\bscore\b|\baround\b|\babout\b|" \
           r"\bapprox\.?|\bmaybe\b|\blike\b|\broughly\b|\bonly\b|\bstill\b|\bnow\b|\btoday\b|\bup to\b|" \
           rf"\bdown to\b|\bback to\b|\b(?:{'|'.join(vocab.CONNECT)})\b)\s*){{0,3}}"
_SIDE = rf"(?:\s+(?:the|my|left|right|lower|upper|l|r|both|front|outer|inner|of|in|on|{'|'.join(vocab.SIDES)}))*"
_PREP = rf"(?:in|on|at|{'|'.join(vocab.PREPOSITIONS)})"

# Score patterns, tried in order; each yields (range, denominator) groups.
_SCORE_PATTERNS = [
    # "pain 4", "pain: 4/10", "pain level was 4 out of 10", "pain 2-3"
    re.compile(rf"\b{_PAIN}\b{_CONNECT}\s*{_RANGE}{_DENOM}", re.I),
    # "pain in left shoulder 6/10", "pain in knee 4", "dor no joelho 4", "dor lombar 6"
    re.compile(rf"\b{_PAIN}\s+(?:{_PREP}\b{_SIDE}\s+)?(?:{_AREA_ALT}|back)\b{_POST_SIDE}\s*[:=\-–]?\s*{_RANGE}{_DENOM}",
               re.I),
    # "4/10 pain", "4/10 knee pain"
    re.compile(rf"(?<![\w/.,]){_TEN}\s+(?:\w+\s+){{0,2}}?{_PAIN}\b", re.I),
    # "knee 3/10", "left shoulder: 5/10"
    re.compile(rf"\b(?:{_AREA_ALT}|back)\b{_POST_SIDE}\s*[:=\-–]?\s*{_TEN}", re.I),
    # "p4", "P3.5", "p4/10"
    re.compile(r"(?<![\w/.])[pP](?P<lo>\d{1,2}(?:[.,]\d+)?)(?:\s*/\s*(?P<den>10))?(?![\w/])"),
]
# Idioms that use a pain word without meaning pain.
_IDIOMS = re.compile(r"\bno pain,?\s+no gain\b|\b(?:would|could|wouldn'?t|won'?t|can'?t|doesn'?t|does not|"
                     r"didn'?t|did not|might|may|never)\s+hurt\s+to\b|\bhurt my (?:ego|pride|feelings)\b|"
                     rf"\b(?:{'|'.join(vocab.IDIOMS)})\b", re.I)

_NEGATED = [
    re.compile(r"\b(?:no|zero|without|0)\s+(?:more\s+|real\s+|further\s+|any\s+)?(?:[\w']+\s+){0,2}?"
               r"(?:pain|soreness|discomfort|aches?|hurting)\b", re.I),
    re.compile(r"\bpain[\s-]?free\b|\bpainless\b|\bfree of pain\b|\bno longer (?:hurts?|sore|painful|aches?)\b",
               re.I),
    re.compile(r"\b(?:didn'?t|did not|doesn'?t|does not|don'?t|do not|won'?t|wasn'?t|isn'?t|is not|was not|not|"
               r"never|nothing)\s+(?:really\s+|even\s+|at all\s+)?(?:hurts?|hurting|sore|painful|ache|aching)\b"
               r"(?!\s+(?:as|that|so|too)\b)(?!\s+much\b)", re.I),
    re.compile("|".join(f"(?:{n})" for lang in vocab.LANGS for n in vocab.NEGATIONS[lang]), re.I),
]
_SOFTENED = re.compile(r"\b(?:not|no)\s+(?:as|that|so|too|very|quite|much|overly)\b", re.I)

_SENTENCE_SPLIT = re.compile(r"(?<=[.!?;])\s+|\n+")
_BREAKS = "|".join(vocab.CLAUSE_BREAKS)
_CLAUSE_SPLIT = re.compile(rf"[;!?\n]|(?<!\d)[.,]|[.,](?!\d)|\bbut\b|\bhowever\b|\b(?:{_BREAKS})\b", re.I)


def _num(s: str) -> float:
    return float(s.replace(",", "."))


_PLAIN: dict[int, re.Pattern] = {}  # by id(): hashing a compiled pattern is slow, and these live as long


def _lc(rx: re.Pattern) -> re.Pattern:
    """``rx`` without IGNORECASE, for text already in lower case.

    Why: Python matches a long case-insensitive alternation several times slower
    than a plain one, and every pattern here is written in lower case, so on
    lower-cased text the plain pattern finds the same matches.
    """
    plain = _PLAIN.get(id(rx))
    if plain is None:
        plain = _PLAIN[id(rx)] = re.compile(rx.pattern, rx.flags & ~re.I)
    return plain


def _same(rx: re.Pattern) -> re.Pattern:
    return rx


def _areas_in(clause: str, r=_same) -> list[tuple[int, int, str]]:
    found = [(m.start(), m.end(), _canonical(m.group(1)) if m.group(1) else _compound(m.group(2)))
             for m in r(_AREA_RE).finditer(clause)]
    found += [(m.end() - 4, m.end(), "lower back") for m in r(_BACK_RE).finditer(clause)]
    return found


def _area_of(table: list[tuple[re.Pattern[str], str]], text: str) -> str:
    """The area of the first pattern of ``table`` that matches ``text``."""
    for rx, area in table:
        if rx.match(text):
            return area
    raise AssertionError(text)  # pragma: no cover - the area regex only matches words of the tables


@lru_cache(maxsize=1024)
def _canonical(word: str) -> str:
    return _area_of(_AREA_OF, word)


@lru_cache(maxsize=256)
def _compound(prefix: str) -> str:
    return _area_of(_COMPOUNDS, prefix)


def _nearest(areas: list[tuple[int, int, str]], start: int, end: int) -> str | None:
    best, dist = None, None
    for a_start, a_end, area in areas:
        d = 0 if a_start < end and start < a_end else min(abs(a_start - end), abs(start - a_end))
        if dist is None or d < dist:
            best, dist = area, d
    return best


def _pieces(rx: re.Pattern, s: str) -> list[tuple[int, int]]:
    """Spans of ``s`` between the matches of ``rx`` (``rx.split`` as offsets)."""
    spans, pos = [], 0
    for m in rx.finditer(s):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(s)))
    return spans


def _clauses(text: str, folded: str, r=_same) -> list[tuple[str, str]]:
    """(clause, sentence) pairs: the clause from the folded text, the sentence as written.

    ``folded`` has the length of ``text`` (:func:`rehab.words.vocab.fold`), so one
    offset serves both.
    """
    out = []
    for a, b in _pieces(_SENTENCE_SPLIT, folded):
        written = text[a:b]
        lead = len(written) - len(written.lstrip())
        sentence = written.strip()
        if not sentence:
            continue
        part = folded[a + lead:a + lead + len(sentence)]
        blanked = r(_IDIOMS).sub(lambda m: " " * len(m.group()), part)
        for c, d in _pieces(r(_CLAUSE_SPLIT), blanked):
            clause = blanked[c:d]
            if clause and clause.strip():
                out.append((clause, sentence))
    return out


#: Only the start of a note is read: real notes are far shorter, and a hostile
#: megabyte of text must not stall an import.
MAX_NOTE_CHARS = 10_000

# Cheap first pass: a note with none of these cannot hold a pain statement.
_ANY_CUE = re.compile(rf"\b{_PAIN}\b|painless|\b{_WEAK}\b|{_OUT_OF}10\b|\b[pP]\d|\b(?:{'|'.join(vocab.CUE_EXTRA)})\b",
                      re.I)

#: ``_ANY_CUE`` for DuckDB's RE2 (``regexp_matches``), so the import hook hands only
#: candidate notes to Python. It must match every note ``_ANY_CUE`` matches: the
#: lookaheads RE2 lacks are dropped (a wider match), ``\s`` is spelled out as Python's
#: ASCII whitespace, and any note with a non-ASCII character passes unchecked
#: (Python's ``\b``, ``\s``, ``\d`` and case folding are Unicode-aware, and the
#: Python side reads the note with accents folded: an ASCII note is its own fold).
SQL_CUE = "(?i)" + re.sub(r"\(\?=[^()]*\)", "", _ANY_CUE.pattern).replace("\\s", r"[\t\n\x0B\f\r \x1C-\x1F]")
assert "(?<" not in SQL_CUE and "(?!" not in SQL_CUE and "(?=" not in SQL_CUE, "RE2 has no lookaround"
SQL_NON_ASCII = r"[^\x00-\x7F]"


def _top_level(alternation: str) -> list[str]:
    """The alternatives of a regex alternation, split at its top-level ``|``."""
    out, depth, cur, i = [], 0, [], 0
    while i < len(alternation):
        c = alternation[i]
        if c == "\\":
            cur.append(alternation[i:i + 2])
            i += 2
            continue
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        if c == "|" and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(c)
        i += 1
    out.append("".join(cur))
    return out


def _by_first_letter(group: str) -> str:
    """``(?:a|b|…)`` rewritten as ``(?:d(?:or|oi)|p(?:ain|…)|…)``: the same language, matched faster.

    Python tries every alternative at every position; grouped by a literal first
    letter, a position is dismissed after one comparison per letter.
    """
    groups: dict[str, list[str]] = {}
    rest: list[str] = []
    for alt in _top_level(group[3:-1]):
        if re.match(r"[a-z][a-z' ]", alt):
            groups.setdefault(alt[0], []).append(alt[1:])
        else:
            rest.append(alt)
    return "(?:" + "|".join([f"{c}(?:{'|'.join(g)})" for c, g in groups.items()] + rest) + ")"


# The cue for notes in lower case: the same language as ``_ANY_CUE``, but plain and grouped, which Python
# matches several times faster (tests/test_notes_sql_cue.py checks they agree). Folded text in lower case
# differs from case-insensitive matching only in Greek letters, which no pattern here holds.
_LOWER_CUE = re.compile(rf"\b{_by_first_letter(_PAIN)}\b|painless|\b{_by_first_letter(_WEAK)}\b|{_OUT_OF}10\b|"
                        rf"\b[pP]\d|\b(?:{'|'.join(vocab.CUE_EXTRA)})\b")


def _has_cue(text: str) -> bool:
    """``_ANY_CUE`` on the folded note."""
    return _LOWER_CUE.search(vocab.fold(text).lower()) is not None


def parse_pain(text: str | None) -> list[PainNote]:
    """Every pain statement in ``text`` (see the module docstring for the rules)."""
    if not text:
        return []
    text = text[:MAX_NOTE_CHARS]
    if not _has_cue(text):
        return []
    return list(_parse_cached(text))


_MENTIONS = ((re.compile(rf"\b{_PAIN}\b", re.I), False), (re.compile(rf"\b{_WEAK}\b", re.I), True))


@lru_cache(maxsize=4096)
def _parse_cached(text: str) -> tuple[PainNote, ...]:
    """Notes repeat across workouts ("still sore"): parse each distinct text once."""
    results: list[PainNote] = []
    folded = vocab.fold(text)
    lower = folded.lower()
    # Lower case keeps the offsets unless a letter lowers to two ("İ"): then match case-insensitively.
    view, r = (lower, _lc) if len(lower) == len(folded) else (folded, _same)
    for clause, sentence in _clauses(text, view, r):
        shown = sentence[:200]
        areas = _areas_in(clause, r)
        taken: list[tuple[int, int]] = []

        def free(s: int, e: int, taken=taken) -> bool:
            return all(e <= ts or s >= te for ts, te in taken)

        for rx in _NEGATED:
            for m in r(rx).finditer(clause):
                if free(m.start(), m.end()) and not r(_SOFTENED).match(clause, m.start()):
                    taken.append((m.start(), m.end()))
                    results.append(PainNote(0.0, _nearest(areas, m.start(), m.end()), shown))
        for rx in _SCORE_PATTERNS:
            for m in r(rx).finditer(clause):
                if not free(m.start(), m.end()):
                    continue
                g = m.groupdict()
                lo, hi, denom = g["lo"], g.get("hi"), g.get("den")
                if denom is None and r(_UNIT_AFTER).match(clause, m.end()):
                    continue
                taken.append((m.start(), m.end()))
                value = max(_num(lo), _num(hi)) if hi else _num(lo)
                score = value if (denom in (None, "10") and value <= 10) else None
                results.append(PainNote(score, _nearest(areas, m.start(), m.end()), shown))
        for rx, weak in _MENTIONS:
            for m in r(rx).finditer(clause):
                if not free(m.start(), m.end()):
                    continue
                area = _nearest(areas, m.start(), m.end())
                if weak and area is None:
                    continue
                taken.append((m.start(), m.end()))
                results.append(PainNote(None, area, shown))
    return tuple(_tidy(results))


def _tidy(notes: list[PainNote]) -> list[PainNote]:
    """Drop repeats and mentions already covered by a scored statement of the same area."""
    scored_areas = {n.area for n in notes if n.score is not None}
    out: list[PainNote] = []
    seen: set[tuple[float | None, str | None]] = set()
    for n in notes:
        if n.score is None and (n.area in scored_areas or (n.area is None and scored_areas)):
            continue
        if (n.score, n.area) in seen:
            continue
        seen.add((n.score, n.area))
        out.append(n)
    return out


# --- pain read from workout notes (import hook) ---------------------------------------

def pain_from_batch(cur: duckdb.DuckDBPyConnection, batch_id: int) -> int:
    """Import hook: read pain from the notes of the sets just inserted by ``batch_id``.

    Runs inside the import's transaction (no BEGIN/COMMIT here). Per-exercise
    notes give rows with that exercise; workout notes give rows with exercise
    NULL. A note repeated on every set is read once per workout; a statement
    already stored for the same workout, exercise, area and score is skipped.
    Only notes that pass :data:`SQL_CUE` (a superset of the Python cue) leave DuckDB.
    """
    notes = cur.execute(
        """
        SELECT DISTINCT workout_start, exercise, notes AS text FROM sets
        WHERE batch_id = $batch AND notes IS NOT NULL AND trim(notes) <> ''
          AND (regexp_matches(notes, $cue) OR regexp_matches(notes, $wide))
        UNION
        SELECT DISTINCT workout_start, NULL, workout_notes FROM sets
        WHERE batch_id = $batch AND workout_notes IS NOT NULL AND trim(workout_notes) <> ''
          AND (regexp_matches(workout_notes, $cue) OR regexp_matches(workout_notes, $wide))
        """,
        {"batch": batch_id, "cue": SQL_CUE, "wide": SQL_NON_ASCII},
    ).fetchall()
    rows = []
    for start, exercise, text in notes:
        for p in parse_pain(text):
            rows.append((uuid.uuid4().hex, start, start.date(), p.area, p.score, "during", p.text, "notes",
                         p.score is None, batch_id, start, exercise))
    if not rows:
        return 0
    frame = pd.DataFrame(rows, columns=["pain_id", "ts", "day", "area", "score", "context", "note", "source",
                                        "is_mention", "batch_id", "workout_start", "exercise"])
    frame = frame.drop_duplicates(["workout_start", "exercise", "area", "score", "note"])
    cur.register("_pain_notes", frame)
    try:
        before = one(cur, "SELECT count(*) FROM pain WHERE batch_id = ?", [batch_id])[0]
        cur.execute(
            """
            INSERT INTO pain
            SELECT pain_id, ts, day::DATE, area, score, context, note, source, is_mention, batch_id,
                   workout_start, exercise, current_localtimestamp()
            FROM _pain_notes f
            WHERE NOT EXISTS (
                SELECT 1 FROM pain p WHERE p.source = 'notes' AND p.workout_start = f.workout_start
                  AND p.exercise IS NOT DISTINCT FROM f.exercise AND p.area IS NOT DISTINCT FROM f.area
                  AND p.score IS NOT DISTINCT FROM f.score AND p.note IS NOT DISTINCT FROM f.note)
            """
        )
        after = one(cur, "SELECT count(*) FROM pain WHERE batch_id = ?", [batch_id])[0]
    finally:
        cur.unregister("_pain_notes")
    return int(after - before)
