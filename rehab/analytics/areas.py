"""Which body areas an exercise loads, which pain counts for it, and the user's overrides.

Why: a pain rule for an exercise must only look at pain in the areas that
exercise loads (knee pain says nothing about a bench press). Apps name the same
lift differently ("Bench Press (Barbell)", "Barbell Bench Press", "Flat Barbell
Bench Press"), so names are first reduced to a *base name* (lower case, no
equipment, grip or posture words, singular) and looked up in :data:`EXERCISE_AREAS`;
names not in the table fall back to movement keywords (:data:`KEYWORDS`); the
user can override any exercise (table ``exercise_areas``), and overrides win.
The areas themselves and the words for them are :mod:`rehab.words.areas`.

An empty tuple means "not known": only pain written in that exercise's own
notes then counts for it (:func:`pain_applies`); the rest is shown overall,
and the plan asks the person to say which areas it loads.
Muscles map to the nearest area of the vocabulary (quads -> knee, glutes -> hip,
biceps/triceps/forearm -> elbow, traps/lats -> upper back, obliques -> abdomen);
sides (left/right) are dropped.

Other languages (Portuguese, German, Spanish, French, Italian: Hevy and Strong
localise their exercise names) come from the per-language tables of
:mod:`rehab.words.vocab` (their area words are in :mod:`rehab.words.areas`); a name the English
rules do not place is folded (accents off), stripped of that language's
equipment words and looked up in that language's table of names, which point at
the English base names here, before falling back to that language's keywords.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import duckdb
import numpy as np
import pandas as pd

from rehab.storage.transactions import one, transaction
from rehab.words import vocab
from rehab.words.areas import AreaError, normalize_area

# --- exercise -> areas --------------------------------------------------------

_PRESS = ("shoulder", "chest", "elbow", "wrist")
_OVERHEAD = ("shoulder", "elbow", "wrist")
_FLY = ("shoulder", "chest")
_REAR = ("shoulder", "upper back")
_PULL = ("shoulder", "elbow", "upper back")
_ROW = ("upper back", "elbow", "shoulder")
_BENT_ROW = ("upper back", "lower back", "hip", "elbow")
_CURL = ("elbow", "wrist")
_TRI = ("elbow",)
_TRI_OH = ("elbow", "shoulder")
_SQUAT = ("knee", "hip", "lower back")
_KNEE_HIP = ("knee", "hip")
_HINGE = ("lower back", "hip", "hamstring")
_CORE = ("abdomen", "lower back")
_OLY = ("hip", "knee", "lower back", "shoulder", "wrist")

#: Base names (see :func:`base_name`) -> areas they load. One entry per movement;
#: app spellings collapse to these keys.
EXERCISE_AREAS: dict[str, tuple[str, ...]] = {
    # pressing
    "bench press": _PRESS, "incline bench press": _PRESS, "decline bench press": _PRESS,
    "chest press": _PRESS, "floor press": _PRESS, "squeeze press": _PRESS, "jm press": ("elbow", "shoulder", "wrist"),
    "push up": _PRESS, "pike push up": _OVERHEAD, "dip": ("shoulder", "chest", "elbow"),
    "chest dip": ("shoulder", "chest", "elbow"), "triceps dip": ("shoulder", "elbow"),
    "bench dip": ("shoulder", "elbow", "wrist"), "dip machine": ("shoulder", "elbow"),
    "overhead press": _OVERHEAD, "shoulder press": _OVERHEAD, "military press": _OVERHEAD,
    "arnold press": _OVERHEAD, "push press": ("shoulder", "elbow", "wrist", "knee"),
    "landmine press": _OVERHEAD,
    # flys and raises
    "fly": _FLY, "chest fly": _FLY, "cable crossover": _FLY, "crossover": _FLY, "pec deck": _FLY,
    "lateral raise": ("shoulder",), "front raise": ("shoulder",), "shoulder raise": ("shoulder",),
    "y raise": _REAR, "rear delt fly": _REAR, "reverse fly": _REAR, "rear delt raise": _REAR, "back fly": _REAR,
    "face pull": _REAR, "upright row": ("shoulder", "elbow", "wrist"), "pullover": ("shoulder", "elbow", "upper back"),
    "lu raise": ("shoulder",), "scaption": ("shoulder",), "external rotation": ("shoulder",),
    "internal rotation": ("shoulder",), "arm circle": ("shoulder",), "iron cross": ("shoulder",),
    # pulling
    "pull up": _PULL, "chin up": _PULL, "muscle up": ("shoulder", "elbow", "upper back", "wrist"),
    "lat pulldown": _PULL, "pulldown": _PULL, "pull down": _PULL, "straight lat pulldown": ("shoulder", "upper back"),
    "row": _ROW, "seated row": _ROW, "seated cable row": _ROW, "cable row": _ROW, "chest supported row": _ROW,
    "incline row": _ROW, "low row": _ROW, "shotgun row": _ROW, "bent over row": _BENT_ROW,
    "pendlay row": _BENT_ROW, "t row": _BENT_ROW, "inverted row": _ROW, "upper back": ("upper back",),
    "shrug": ("neck", "upper back"),
    # arms
    "curl": _CURL, "bicep curl": _CURL, "hammer curl": _CURL, "preacher curl": _CURL, "concentration curl": _CURL,
    "spider curl": _CURL, "zottman curl": _CURL, "bayesian curl": _CURL, "drag curl": _CURL, "waiter curl": _CURL,
    "wrist curl": ("wrist", "elbow"), "forearm curl": ("wrist", "elbow"), "wrist roller": ("wrist", "elbow"),
    "triceps extension": _TRI, "overhead triceps extension": _TRI_OH, "skullcrusher": _TRI_OH,
    "triceps pushdown": _TRI, "pushdown": _TRI, "push down": _TRI, "pressdown": _TRI, "triceps press": _TRI,
    "triceps kickback": _TRI, "kickback": _TRI, "leg kickback": ("hip",), "katana triceps extension": _TRI_OH,
    # legs: squat pattern
    "squat": _SQUAT, "back squat": _SQUAT, "front squat": (*_SQUAT, "wrist"), "box squat": _SQUAT,
    "zercher squat": _SQUAT, "pin squat": _SQUAT, "goblet squat": _KNEE_HIP, "air squat": _KNEE_HIP,
    "sumo squat": ("knee", "hip", "groin"), "hack squat": _KNEE_HIP, "pendulum squat": _KNEE_HIP,
    "belt squat": _KNEE_HIP, "split squat": _KNEE_HIP, "bulgarian split squat": _KNEE_HIP,
    "pistol squat": ("knee", "hip", "ankle"), "sissy squat": ("knee",), "jump squat": ("knee", "hip", "ankle"),
    "kneeling squat": ("hip",), "lateral squat": ("knee", "hip", "groin"), "wall sit": ("knee",),
    "leg press": _KNEE_HIP, "lunge": _KNEE_HIP, "walking lunge": _KNEE_HIP, "reverse lunge": _KNEE_HIP,
    "curtsy lunge": _KNEE_HIP, "side lunge": ("knee", "hip", "groin"), "step up": _KNEE_HIP,
    "leg extension": ("knee",), "leg curl": ("hamstring", "knee"),
    "hamstring curl": ("hamstring", "knee"), "nordic curl": ("hamstring", "knee"),
    "glute ham raise": ("hamstring", "knee"),
    # legs: hinge pattern
    "deadlift": _HINGE, "romanian deadlift": _HINGE, "stiff leg deadlift": _HINGE, "rdl": _HINGE,
    "sumo deadlift": (*_HINGE, "groin"), "trap deadlift": (*_HINGE, "knee"),
    "rack pull": ("lower back", "hip"), "block deadlift": _HINGE, "good morning": _HINGE,
    "back extension": ("lower back", "hip", "hamstring"), "hyperextension": ("lower back", "hip", "hamstring"),
    "reverse hyperextension": ("lower back", "hip"), "superman": ("lower back",), "pull through": _HINGE,
    "hip thrust": ("hip",), "glute bridge": ("hip",), "hip extension": ("hip",), "glute kickback": ("hip",),
    "hip abduction": ("hip",), "hip adduction": ("groin", "hip"), "kettlebell swing": _HINGE,
    "swing": _HINGE,
    # lower leg
    "calf raise": ("calf", "ankle"), "calf press": ("calf", "ankle"), "calf extension": ("calf", "ankle"),
    "tibialis raise": ("ankle",),
    # trunk
    "plank": ("abdomen", "lower back", "shoulder"), "side plank": ("abdomen", "lower back", "shoulder"),
    "side bridge": ("abdomen", "lower back", "shoulder"), "crunch": ("abdomen", "neck"), "sit up": (*_CORE, "hip"),
    "leg raise": (*_CORE, "hip"), "knee raise": (*_CORE, "hip"), "hanging leg raise": ("abdomen", "hip", "shoulder"),
    "toes to bar": ("abdomen", "hip", "shoulder"), "russian twist": _CORE, "wood chop": (*_CORE, "shoulder"),
    "side bend": _CORE, "pallof press": ("abdomen",), "ab rollout": (*_CORE, "shoulder"),
    "ab roller": (*_CORE, "shoulder"), "ab wheel": (*_CORE, "shoulder"), "dead bug": _CORE, "bird dog": _CORE,
    "dragon flag": (*_CORE, "shoulder"), "flutter kick": (*_CORE, "hip"), "scissor kick": (*_CORE, "hip"),
    "mountain climber": ("abdomen", "shoulder", "wrist", "hip"), "torso rotation": _CORE, "twist": _CORE,
    "hollow hold": _CORE, "v up": (*_CORE, "hip"), "windmill": ("shoulder", "hip", "lower back"),
    "turkish get up": ("shoulder", "hip", "knee"), "bear crawl": ("shoulder", "wrist", "knee"),
    "neck curl": ("neck",), "neck extension": ("neck",),
    # whole body and olympic lifts
    "clean": _OLY, "power clean": _OLY, "hang clean": _OLY, "clean and jerk": _OLY, "snatch": _OLY,
    "jerk": ("shoulder", "wrist", "knee"), "thruster": ("knee", "hip", "shoulder", "wrist"),
    "burpee": ("knee", "shoulder", "wrist"), "farmer walk": ("wrist", "shoulder", "upper back"),
    "farmer carry": ("wrist", "shoulder", "upper back"), "sled push": ("knee", "hip", "ankle"),
    "sled pull": ("knee", "hip", "ankle"), "front rack hold": ("wrist", "elbow", "shoulder"),
    "tuck jump": ("knee", "ankle"), "box jump": ("knee", "ankle"), "jump rope": ("calf", "ankle", "foot"),
    # cardio
    "running": ("knee", "ankle", "foot", "hip"), "run": ("knee", "ankle", "foot", "hip"),
    "walking": ("knee", "ankle", "foot"), "walk": ("knee", "ankle", "foot"), "hiking": ("knee", "ankle", "foot"),
    "cycling": _KNEE_HIP, "bike": _KNEE_HIP, "assault bike": ("knee", "hip", "shoulder"),
    "rowing": ("lower back", "knee", "hip", "elbow"), "elliptical": _KNEE_HIP,
    "stair climber": ("knee", "hip", "ankle"), "swimming": ("shoulder",),
}

#: Fallback for names not in the table: (regex, areas). Every rule whose regex
#: matches adds its areas; a match is removed from the name before later rules
#: run, so "leg curl" is not also read as an arm curl.
KEYWORDS: list[tuple[str, tuple[str, ...]]] = [
    (r"scissor|flutter", (*_CORE, "hip")),
    (r"walkout|walk out", ("shoulder", "wrist", "abdomen")),
    (r"superman", ("lower back",)),
    (r"leg curl|ham(?:string)? curl|nordic", ("hamstring", "knee")),
    (r"wrist curl|forearm", ("wrist", "elbow")),
    (r"calf|calves|heel raise", ("calf", "ankle")),
    (r"deadlift|\brdl\b|good ?morning|hinge|swing|hyperextension|back extension|pull ?through", _HINGE),
    (r"squat|lunge|leg press|step ?up|leg extension|wall sit|pistol", _KNEE_HIP),
    (r"hip thrust|glute|bridge|abduct|hip ext", ("hip",)),
    (r"adduct|groin", ("groin", "hip")),
    (r"shrug|neck", ("neck", "upper back")),
    (r"face ?pull|rear delt|reverse fly", _REAR),
    (r"pull ?up|chin ?up|pull ?down|pulldown|muscle ?up", _PULL),
    (r"\brows?\b|rowing", ("upper back", "lower back", "elbow")),
    (r"fly|flye|crossover|pec deck", _FLY),
    (r"bench|chest press|push ?up|press ?up|\bdips?\b", _PRESS),
    (r"press|raise|jerk|handstand", _OVERHEAD),
    (r"tricep|skull|pushdown|push ?down|pressdown|kickback", _TRI),
    (r"curl|hammer", _CURL),
    (r"circle", ("shoulder",)),
    (r"plank|crunch|sit ?up|\babs?\b|core|twist|rollout|roll ?out|oblique|hollow|dead ?bug|bird ?dog|leg raise|"
     r"knee raise|toes to bar|abdominal|toe touch", _CORE),
    (r"clean|snatch|thruster|burpee|long cycle", _OLY),
    (r"carry|farmer|hold", ("wrist", "shoulder")),
    (r"run|jog|sprint|treadmill|walk|hike|stair|jump|skip|hop", ("knee", "ankle", "foot")),
    (r"bike|cycl|spin|elliptical", _KNEE_HIP),
    (r"swim", ("shoulder",)),
]

# Words that name equipment, grip, stance or tempo, not the movement.
_NOISE = re.compile(
    r"\b(?:barbell|dumbbells?|dumbell|db|cables?|machine|smith|bands?|banded|kettlebells?|kb|ez|(?<!to )bar|"
    r"plate|loaded|pulley|weighted|assisted|hammerstrength|hammer strength|lever|trx|landmine(?= row)|"
    r"flat|seated|sitting|standing|lying|single|one|two|arms?|alternating|alt|unilateral|iso lateral|iso|"
    r"close|wide|narrow|grip|neutral|underhand|overhand|supinated|pronated|paused?|tempo|eccentric|"
    r"deficit|partial|high|low(?! row)|the|on knees|palms? (?:up|down)|rope|straight bar|"
    r"v|quad focus|captain'?s chair|elbows|parallel bars|super|l|\d+)\b"
)
_PLURAL = [(r"\bflye?s\b|\bflies\b|\bflye\b", "fly"), (r"\bcurls\b", "curl"), (r"\bcrunches\b", "crunch"),
           (r"\braises\b", "raise"), (r"\bextensions\b", "extension"), (r"\bkickbacks\b", "kickback"),
           (r"\bsquats\b", "squat"), (r"\blunges\b", "lunge"), (r"\bdips\b", "dip"), (r"\brows\b", "row"),
           (r"\bkicks\b", "kick"), (r"\bpulls\b", "pull"), (r"\bpress(?:es)?\b", "press"),
           (r"\bbiceps\b", "bicep"), (r"\btricep\b", "triceps"), (r"\bskull ?crushers?\b", "skullcrusher"),
           (r"\bshrugs\b", "shrug"), (r"\bswings\b", "swing"), (r"\bmountain climbers\b", "mountain climber"),
           (r"\bbent ?over\b", "bent over"), (r"\bromanian\b", "romanian"), (r"\bstiff legged\b", "stiff leg"),
           (r"\bhex\b", "trap"), (r"\bdeadlifts\b", "deadlift"), (r"\bpull ?ups?\b", "pull up"),
           (r"\bchin ?ups?\b", "chin up"), (r"\bpush ?ups?\b", "push up"), (r"\bsit ?ups?\b", "sit up"),
           (r"\bstep ?ups?\b", "step up"), (r"\bpull ?downs?\b|\bpulldowns\b", "pulldown"),
           (r"\bpush ?downs?\b", "pushdown"), (r"\bbirddog\b", "bird dog"), (r"\bglute ham\b", "glute ham"),
           (r"\bhyper ?extensions?\b|\bhypertension\b", "hyperextension"), (r"\bget ?up\b", "get up")]


def _english_base(exercise: str) -> str:
    t = vocab.fold(exercise).lower().replace("’", "'").replace("´", "'").replace("‘", "'")
    t = re.sub(r"\([^)]*\)", " ", t)  # "(Barbell)", "(Machine)", "(Assisted)"
    t = re.sub(r"[^a-z0-9' ]", " ", t)
    t = re.sub(r"(?<![a-z])'|'(?![a-z])", " ", t)
    for pat, rep in _PLURAL:
        t = re.sub(pat, rep, t)
    t = re.sub(r"\s+", " ", t).strip()
    stripped = re.sub(r"\s+", " ", _NOISE.sub(" ", t)).strip()
    return stripped or t


def _words(text: str) -> str:
    """Folded lower-case words of a name, without "(…)", punctuation or digits ("Leg Press 45°" -> "leg press")."""
    t = re.sub(r"\([^)]*\)", " ", vocab.fold_key(text).replace("’", "'"))
    return re.sub(r"\s+", " ", re.sub(r"[^a-z' ]|'", " ", t)).strip()


_LOCAL_NOISE = {lang: re.compile(rf"\b(?:{'|'.join(map(re.escape, words))})\b") for lang, words in vocab.NOISE.items()}
_DE_PREFIX = re.compile(rf"\b(?:{'|'.join(vocab.DE_PREFIXES)})-?(?=[a-z]{{4}})")


def _local_base(exercise: str) -> str | None:
    """The English base name of a localised name from :data:`rehab.words.vocab.NAMES`, or None.

    Per language: the name as written, then without that language's equipment,
    posture and filler words ("Supino Reto com Barra" -> "supino"), then (German)
    without an equipment word at the start of a compound ("Kurzhantelrudern").
    """
    words = _words(exercise)
    if not words:
        return None
    for lang in vocab.LANGS:
        table = vocab.NAMES[lang]
        plain = re.sub(r"\s+", " ", _LOCAL_NOISE[lang].sub(" ", words)).strip()
        tries = [words, plain]
        if lang == "de":
            tries.append(re.sub(r"\s+", " ", _DE_PREFIX.sub("", plain)).strip())
        for t in tries:
            if t in table:
                return table[t]
        if plain != words and plain in EXERCISE_AREAS:  # "Leg Curl Allongé": English words, local noise
            return plain
    return None


def base_name(exercise: str) -> str:
    """The movement an app's name stands for: ``"Flat Barbell Bench Press"`` -> ``"bench press"``.

    A localised name the English rules do not place but a language table holds
    gets that English base name: ``"Supino Reto (Barra)"`` -> ``"bench press"``.
    """
    base = _english_base(exercise)
    if base in EXERCISE_AREAS:
        return base
    return _local_base(exercise) or base


_LOCAL_KEYWORDS = [(re.compile(rf"\b(?:{pattern})"), base)
                   for lang in vocab.LANGS for pattern, base in vocab.KEYWORDS[lang]]


def _keyword_areas(name: str) -> tuple[str, ...]:
    text = name.lower()
    found: list[str] = []
    for pattern, areas in KEYWORDS:
        if re.search(pattern, text):
            found.extend(a for a in areas if a not in found)
            text = re.sub(pattern, " ", text)
    return tuple(found)


def _local_keyword_areas(exercise: str) -> tuple[str, tuple[str, ...]]:
    """Areas from the movement words of the other languages, and the name with those words removed."""
    text = vocab.fold_key(exercise)
    found: list[str] = []
    for rx, base in _LOCAL_KEYWORDS:
        if rx.search(text):
            found.extend(a for a in EXERCISE_AREAS[base] if a not in found)
            text = rx.sub(" ", text)
    return text, tuple(found)


def _key(exercise: str) -> str:
    return re.sub(r"\s+", " ", exercise.strip()).casefold()


def area_source(exercise: str, overrides: Mapping[str, Iterable[str]] | None = None,
                templates: Mapping[str, Iterable[str]] | None = None) -> tuple[tuple[str, ...], str]:
    """``(areas, source)`` with source ``override`` | ``template`` | ``table`` | ``keyword`` | ``unknown``.

    ``templates``: the app's own muscle groups for its exercise names (:func:`load_template_areas`),
    which know an exercise better than our table or keywords do; the user's override still wins.
    """
    if overrides:
        key = _key(exercise)
        for name, areas in overrides.items():
            if _key(name) == key:
                return tuple(areas), "override"
    if templates and (hit := templates.get(_key(exercise))):
        return tuple(hit), "template"
    base = base_name(exercise)
    if base in EXERCISE_AREAS:
        return EXERCISE_AREAS[base], "table"
    # "incline dumbbell bench press" -> try dropping leading words: "bench press".
    words = base.split()
    for i in range(1, len(words)):
        tail = " ".join(words[i:])
        if tail in EXERCISE_AREAS and len(tail) > 3:
            # "squat to shoulder press": the head may name a movement of its own.
            head = _keyword_areas(" ".join(words[:i]))
            return tuple(dict.fromkeys(EXERCISE_AREAS[tail] + head)), "table"
    rest, local = _local_keyword_areas(exercise)
    if local:
        # "Rosca Direta", "Curl femoral": the local words decide; English keywords read what is left.
        found = tuple(dict.fromkeys(local + _keyword_areas(rest)))
    else:
        found = _keyword_areas(base) or _keyword_areas(exercise)
    return (found, "keyword") if found else ((), "unknown")


def areas_for(exercise: str, overrides: Mapping[str, Iterable[str]] | None = None,
              templates: Mapping[str, Iterable[str]] | None = None) -> tuple[str, ...]:
    """Body areas ``exercise`` loads: the user's override, else the app's template, else the table, else
    keywords; () if unknown."""
    return area_source(exercise, overrides, templates)[0]


def pain_applies(pain_area: str | None, exercise_areas: Iterable[str], note_exercise: str | None = None,
                 exercise: str | None = None) -> bool:
    """Whether one pain entry counts for an exercise loading ``exercise_areas``.

    It counts when its area is one the exercise loads, or when it was written in that exercise's own notes
    (``note_exercise == exercise``). Pain without an area, and any pain for an exercise whose areas are
    unknown, counts only through the notes: it is shown overall, never pinned on every exercise (knee pain
    in a Portuguese log must not flag curls). :func:`pain_mask` is the same rule over a frame.
    """
    if exercise is not None and note_exercise is not None and _key(note_exercise) == _key(exercise):
        return True
    return pain_area is not None and pain_area in tuple(exercise_areas)


def pain_keys(pain):
    """What :func:`pain_mask` compares, once per frame: (area per row, the notes' exercise key per row, "" when
    the entry was not written in an exercise's notes)."""
    area = pain["area"].astype("object").to_numpy()
    if "exercise" in pain:
        own = pain["exercise"].astype("object").fillna("").astype(str).str.strip().str.casefold().to_numpy()
    else:
        own = np.full(len(pain), "", dtype=object)
    return area, own


def pain_mask(pain, exercise_areas: Iterable[str] | None = None, exercise: str | None = None, keys=None):
    """Rows of a pain frame (columns ``area`` and, for notes, ``exercise``) that count: for ``exercise`` by
    :func:`pain_applies`; with only ``exercise_areas`` (a body-area view), pain in those areas plus pain
    with no area (the overall trend); with neither, every row. ``keys``: :func:`pain_keys` of ``pain``,
    when the caller asks for many exercises."""
    if exercise is None and exercise_areas is None:
        return pd.Series(True, index=pain.index)
    return pd.Series(pain_hits(keys if keys is not None else pain_keys(pain), exercise_areas, exercise),
                     index=pain.index)


def pain_hits(keys, exercise_areas: Iterable[str] | None, exercise: str | None):
    """:func:`pain_mask` on :func:`pain_keys` arrays, as a boolean array (the rule itself)."""
    area, own = keys
    wanted = tuple(exercise_areas or ())
    hit = np.isin(area, np.array(wanted, dtype=object)) if wanted else np.zeros(len(area), dtype=bool)
    if exercise is None:
        return hit | pd.isna(area)
    return hit | ((own == _key(exercise)) & (own != ""))


def pain_for_areas(pain: pd.DataFrame, areas: Iterable[str], exercise: str | None = None) -> pd.DataFrame:
    """Rows of a pain frame (:func:`rehab.pain.diary.load_pain`) that count for ``exercise`` loading ``areas``:
    :func:`pain_mask`'s rule (its area is loaded, or it was written in the exercise's own notes)."""
    return pain[pain_mask(pain, tuple(areas), exercise or "")]


# --- user overrides (table exercise_areas) --------------------------------------

def load_overrides(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, ...]]:
    """The user's overrides: exercise name -> areas."""
    cur = con.cursor()
    try:
        rows = cur.execute("SELECT exercise, areas FROM exercise_areas ORDER BY updated_at").fetchall()
    finally:
        cur.close()
    return {ex: tuple(areas) for ex, areas in rows}


def set_exercise_areas(con: duckdb.DuckDBPyConnection, exercise: str, areas: Iterable[str]) -> tuple[str, ...]:
    """Store the user's areas for ``exercise`` (replacing any earlier override); return them normalised.

    Raises ``ValueError`` for an empty exercise, no areas, or an unknown area
    (to say "use the table again" call :func:`clear_exercise_areas`).
    """
    name = re.sub(r"\s+", " ", (exercise or "").strip())
    if not name:
        raise AreaError("exercise name is empty")
    clean: list[str] = []
    for a in areas:
        n = normalize_area(a)
        if n and n not in clean:
            clean.append(n)
    if not clean:
        raise AreaError(f"give at least one body area for {name!r} (or clear its override)")
    with transaction(con) as cur:
        cur.execute("DELETE FROM exercise_areas WHERE lower(trim(exercise)) = lower(?)", [name])
        cur.execute("INSERT INTO exercise_areas VALUES (?, ?, current_localtimestamp())", [name, clean])
    return tuple(clean)


def clear_exercise_areas(con: duckdb.DuckDBPyConnection, exercise: str) -> bool:
    """Drop the override for ``exercise``; True if there was one."""
    cur = con.cursor()
    try:
        n = one(cur, "SELECT count(*) FROM exercise_areas WHERE lower(trim(exercise)) = lower(trim(?))",
                [exercise])[0]
        cur.execute("DELETE FROM exercise_areas WHERE lower(trim(exercise)) = lower(trim(?))", [exercise])
    finally:
        cur.close()
    return bool(n)


def load_template_areas(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, ...]]:
    """Areas from the exercise templates a sync cached (table ``exercise_templates``, :mod:`rehab.sync.hevy`),
    keyed like overrides (trimmed, case-folded name); templates whose muscles name no area are left out."""
    cur = con.cursor()
    try:
        rows = cur.execute("SELECT title, areas FROM exercise_templates WHERE len(areas) > 0 "
                           "ORDER BY fetched_at").fetchall()
    except duckdb.CatalogException:  # a database opened read-only before migration 6
        return {}
    finally:
        cur.close()
    return {_key(title): tuple(areas) for title, areas in rows}


def exercise_area_map(con: duckdb.DuckDBPyConnection, exercises: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """``{exercise: areas}`` for many exercises, reading the overrides and templates once."""
    overrides = load_overrides(con)
    templates = load_template_areas(con)
    return {ex: areas_for(ex, overrides, templates) for ex in exercises}
