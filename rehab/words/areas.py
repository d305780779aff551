"""The body areas: their canonical names, the words people use for them in six languages, and
:func:`normalize_area`, which reads a typed name ("Lumbar", "linkes Knie") as one of :data:`AREAS`.

The vocabulary the pain diary, the notes reader and the exercise rules all share: it sits at the bottom
layer so the pain diary can validate an area without the analytics (which exercise loads which area is
:mod:`rehab.analytics.areas`). Sides (left/right) and articles are dropped; the other languages' words come
from :mod:`rehab.words.vocab`.
"""

from __future__ import annotations

import re

from rehab.errors import InputError
from rehab.words import vocab

#: The canonical body areas, head to toe.
AREAS: tuple[str, ...] = (
    "neck", "shoulder", "upper back", "lower back", "chest", "abdomen", "elbow", "wrist",
    "hip", "groin", "hamstring", "knee", "calf", "ankle", "foot",
)

#: Words and phrases people use for each area (regex fragments, matched as whole
#: words, case-insensitive). ``back`` alone means the lower back.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "neck": ("necks?", "cervical"),
    "shoulder": ("shoulders?", "rotator cuffs?", "delts?", "deltoids?", "ac joint", "labrum", "supraspinatus",
                 "shoulder blades?"),
    "upper back": ("upper back", "mid(?:dle)? back", "thoracic", "traps?", "trapezius", "rhomboids?", "lats?",
                   "latissimus", "scapula", "upper spine"),
    "lower back": ("lower back", "low back", "lumbar", "sciatica", "sciatic", "si joint", "lower spine", "spine",
                   "tailbone", "back"),
    "chest": ("chest", "pecs?", "pectorals?", "pectoralis", "sternum", "ribs?"),
    "abdomen": ("abs", "abdominals?", "abdomen", "obliques?", "core", "stomach", "belly"),
    "elbow": ("elbows?", "tennis elbow", "golfer'?s elbow", "biceps?", "triceps?", "forearms?", "epicondyl\\w*"),
    "wrist": ("wrists?", "hands?", "thumbs?", "fingers?", "carpal"),
    "hip": ("hips?", "glutes?", "gluteal", "gluteus", "butt", "hip flexors?", "piriformis", "buttocks?"),
    "groin": ("groin", "adductors?", "inner thighs?"),
    "hamstring": ("hamstrings?", "hammies", "hammy", "back of (?:my |the )?thighs?"),
    "knee": ("knees?", "patella", "patellar", "kneecaps?", "acl", "mcl", "meniscus", "quads?", "quadriceps?",
             "it band"),
    "calf": ("calf", "calves", "soleus", "gastroc\\w*"),
    "ankle": ("ankles?", "achilles"),
    "foot": ("foot", "feet", "heels?", "plantar", "toes?", "arch of (?:my |the )?foot"),
}

#: The English words above, then each language's (:data:`rehab.words.vocab.AREA_WORDS`).
SYNONYMS = {area: syns + tuple(w for lang in vocab.LANGS for w in vocab.AREA_WORDS[lang].get(area, ()))
            for area, syns in SYNONYMS.items()}

_AREA_ALIASES = {s: a for a, syns in SYNONYMS.items() for s in syns if re.fullmatch(r"[a-z ']+", s)}
_AREA_ALIASES.update((k, v) for k, v in vocab.AREA_ALIASES.items() if k not in _AREA_ALIASES)
_SIDE_WORDS = (r"left|right|both|l|r|links|rechts|linke[snr]?|rechte[snr]?|beide|esquerd[oa]|direit[oa]|"
               r"izquierd[oa]|derech[oa]|gauche|droite?|sinistr[oa]|destr[oa]|ambos|ambas|ambi|entrambi")
_ARTICLES = r"the|my|o|a|os|as|meu|minha|der|die|das|mein|meine|el|la|los|las|mi|le|les|mon|ma|il|lo|i|gli"


class AreaError(InputError, ValueError):
    """A body area or an exercise name that cannot be used (a ValueError too, for callers that catch that)."""


def normalize_area(text: str | None) -> str | None:
    """Canonical area for a user-typed name ("Lumbar" -> "lower back"); None for blank.

    Raises ``ValueError`` naming the known areas when the name is not recognised.
    """
    if text is None:
        return None
    t = re.sub(r"\s+", " ", vocab.fold_key(str(text).strip()).replace("_", " ").replace("-", " ")).strip()
    t = re.sub(rf"^(?:(?:{_ARTICLES}|{_SIDE_WORDS})\s+)+", "", t)
    t = re.sub(rf"(?:\s+(?:{_SIDE_WORDS}))+$", "", t)
    if not t:
        return None
    if t in AREAS:
        return t
    if t in _AREA_ALIASES:
        return _AREA_ALIASES[t]
    for area, syns in SYNONYMS.items():
        if any(re.fullmatch(s, t) for s in syns):
            return area
    raise AreaError(f"unknown body area {text!r}; use one of: {', '.join(AREAS)}")
