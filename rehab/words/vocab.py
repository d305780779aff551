"""Words of Portuguese, German, Spanish, French and Italian logs, as data.

Why: Hevy and Strong export exercise names in the app's language ("Cadeira
Extensora", "Kniebeuge (Langhantel)", "Press de banca", "Développé couché",
"Panca piana"), and people write their notes in their own language ("dor no
joelho 4/10", "Knie tut weh", "sin dolor"). English stays in :mod:`rehab.words.areas`,
:mod:`rehab.analytics.areas` and :mod:`rehab.pain.notes`; this module only holds the other
languages, one table per language, so a word can be checked or added without
reading any matching code.

Every entry is written *folded*: lower case, accents removed (``é`` -> ``e``,
``ü`` -> ``u``, ``ç`` -> ``c``), as :func:`fold` leaves a text. ``ß`` stays
``ß`` in folded text (it has no one-letter fold), so words with it are written
``(?:ß|ss)``.

Exercise tables map to the English base names of
:data:`rehab.analytics.areas.EXERCISE_AREAS` (a test checks every target exists), so the
areas of a movement are decided once, in English.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

LANGS: tuple[str, ...] = ("pt", "de", "es", "fr", "it")


class _FoldMap(dict):
    """``str.translate`` table, filled per character on first use."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        out = base if len(base) == 1 else ch  # keep the length: offsets must map back to the original
        self[code] = out
        return out


_FOLD_MAP = _FoldMap()


def fold(text: str) -> str:
    """``text`` without accents, *same length* (so a match in it is a match in the original).

    NFKD per character with combining marks dropped; a character whose fold is
    not a single character (``ß``, ``ﬁ``) is kept. ASCII text is returned as is.
    """
    return text if text.isascii() else text.translate(_FOLD_MAP)


@lru_cache(maxsize=8192)
def fold_key(text: str) -> str:
    """Folded and case-folded (``ß`` -> ``ss``): for whole-name look-ups, where length does not matter."""
    return fold(text).casefold()


# --- exercise names ------------------------------------------------------------------------------------------
# NAMES[lang]: a whole name (folded, punctuation and "(…)" removed, NOISE words dropped) -> English base name.
# NOISE[lang]: equipment, posture, grip and filler words of that language; dropped before NAMES is read.
# KEYWORDS[lang]: (regex on the folded name, English base name) for names the table does not hold; every
# matching rule adds its movement's areas and its match is removed before later rules run (specific first).

NOISE: dict[str, tuple[str, ...]] = {
    "pt": ("com", "sem", "de", "do", "da", "dos", "das", "na", "no", "nas", "nos", "em", "e", "o", "a", "os", "as",
           "ao", "para", "barra", "w", "halter", "halteres", "haltere", "maquina", "aparelho", "polia", "cabo",
           "cabos", "smith", "anilha", "anilhas", "corda", "elastico", "faixa", "banco", "livre", "unilateral",
           "bilateral", "alternado", "alternada", "sentado", "sentada", "deitado", "deitada", "pe", "reto", "reta",
           "pegada", "aberta", "aberto", "fechada", "fechado", "supinada", "pronada", "neutra", "articulado",
           "articulada", "convergente", "kettlebell", "peso", "corporal", "bola", "suica", "baixa", "frente"),
    "de": ("mit", "am", "an", "im", "auf", "der", "die", "das", "dem", "den", "und", "zum", "zur", "von", "fur",
           "langhantel", "kurzhantel", "kurzhanteln", "kabel", "kabelzug", "seilzug", "seil", "maschine", "gerat",
           "multipresse", "sz", "stange", "hantel", "hanteln", "kugelhantel", "band", "theraband", "eigengewicht",
           "korpergewicht", "sitzend", "stehend", "liegend", "einarmig", "einbeinig", "beidarmig", "abwechselnd",
           "eng", "enge", "enger", "weit", "weite", "weiter", "breit", "breiter", "griff", "obergriff",
           "untergriff", "neutralgriff", "flach", "flachbank", "gerade", "gefuhrt", "negativ"),
    "es": ("con", "de", "del", "la", "el", "los", "las", "en", "al", "a", "y", "para", "barra", "z", "mancuerna",
           "mancuernas", "polea", "poleas", "maquina", "cable", "cables", "smith", "multipower", "banda", "elastica",
           "kettlebell", "pesa", "rusa", "disco", "sentado", "sentada", "pie", "tumbado", "tumbada", "acostado",
           "acostada", "unilateral", "alterno", "alterna", "alternado", "alternas", "agarre", "cerrado", "abierto",
           "ancho", "estrecho", "neutro", "supino", "prono", "plano", "corporal", "peso"),
    "fr": ("avec", "de", "du", "des", "la", "le", "les", "a", "au", "aux", "en", "sur", "et", "l", "d", "barre",
           "ez", "haltere", "halteres", "poulie", "poulies", "machine", "cable", "cables", "smith", "elastique",
           "kettlebell", "disque", "poids", "corps", "assis", "assise", "debout", "allonge", "allongee",
           "unilateral", "alterne", "alternes", "prise", "serree", "large", "neutre", "pronation", "guidee"),
    "it": ("con", "al", "alla", "allo", "ai", "alle", "agli", "su", "sul", "sulla", "di", "del", "della", "da", "a",
           "e", "in", "il", "lo", "la", "i", "gli", "le", "sulle", "sui", "nel", "nella", "per", "bilanciere",
           "manubri", "manubrio", "cavi", "cavo",
           "macchina", "multipower", "smith", "elastico", "kettlebell", "seduto", "seduta", "piedi", "sdraiato",
           "sdraiata", "presa", "stretta", "larga", "neutra", "singolo", "alternato", "alternata", "unilaterale",
           "corpo", "libero", "ez"),
}

NAMES: dict[str, dict[str, str]] = {
    # Portuguese (Brazil and Portugal; Hevy's pt names)
    "pt": {
        "supino": "bench press", "supino plano": "bench press", "supino inclinado": "incline bench press",
        "supino declinado": "decline bench press", "supino vertical": "chest press", "supino maquina": "chest press",
        "flexao": "push up", "flexoes": "push up", "flexao braco": "push up", "flexao bracos": "push up",
        "flexoes braco": "push up", "flexoes bracos": "push up", "mergulho": "dip", "mergulho paralelas": "dip",
        "paralelas": "dip", "mergulho banco": "bench dip", "triceps banco": "bench dip",
        "desenvolvimento": "overhead press", "desenvolvimento militar": "military press",
        "desenvolvimento ombros": "shoulder press", "desenvolvimento ombro": "shoulder press",
        "desenvolvimento arnold": "arnold press", "arnold": "arnold press",
        "crucifixo": "fly", "crucifixo inclinado": "fly", "crucifixo declinado": "fly",
        "crucifixo inverso": "reverse fly", "crucifixo invertido": "reverse fly", "voador": "pec deck",
        "voador inverso": "reverse fly", "peck deck": "pec deck", "crossover": "cable crossover",
        "cross over": "cable crossover", "elevacao lateral": "lateral raise", "elevacoes laterais": "lateral raise",
        "elevacao frontal": "front raise", "elevacoes frontais": "front raise", "elevacao pelvica": "hip thrust",
        "elevacao pernas": "leg raise", "elevacao joelhos": "knee raise", "encolhimento": "shrug",
        "encolhimento ombros": "shrug", "remada": "row", "remada alta": "upright row",
        "remada curvada": "bent over row", "remada cavalinho": "t row", "remada baixa": "seated cable row",
        "remada sentada": "seated row", "remada serrote": "row", "remada invertida": "inverted row",
        "puxada": "lat pulldown", "puxada alta": "lat pulldown", "puxada frontal": "lat pulldown",
        "puxada frente": "lat pulldown", "puxada supinada": "lat pulldown", "puxada triangulo": "lat pulldown",
        "puxada braco reto": "straight lat pulldown", "pulldown braco reto": "straight lat pulldown",
        "barra fixa": "pull up", "barra fixa supinada": "chin up", "pull over": "pullover",
        "rosca": "curl", "rosca direta": "bicep curl", "rosca biceps": "bicep curl", "rosca alternada": "bicep curl",
        "rosca martelo": "hammer curl", "rosca scott": "preacher curl", "rosca concentrada": "concentration curl",
        "rosca inversa": "curl", "rosca punho": "wrist curl", "rosca spider": "spider curl",
        "triceps": "triceps pushdown", "triceps pulley": "triceps pushdown", "triceps polia": "triceps pushdown",
        "triceps corda": "triceps pushdown", "triceps testa": "skullcrusher",
        "triceps frances": "overhead triceps extension", "triceps coice": "triceps kickback",
        "extensao triceps": "triceps extension", "triceps mergulho": "triceps dip",
        "agachamento": "squat", "agachamento frontal": "front squat", "agachamento sumo": "sumo squat",
        "agachamento hack": "hack squat", "hack": "hack squat", "agachamento bulgaro": "bulgarian split squat",
        "agachamento taca": "goblet squat", "agachamento goblet": "goblet squat", "agachamento salto": "jump squat",
        "agachamento sissy": "sissy squat", "agachamento pistola": "pistol squat", "afundo": "lunge",
        "avanco": "lunge", "passada": "walking lunge", "agachamento isometrico": "wall sit", "cadeirinha": "wall sit",
        "leg press": "leg press", "prensa": "leg press", "prensa pernas": "leg press",
        "cadeira extensora": "leg extension", "extensora": "leg extension", "mesa flexora": "leg curl",
        "cadeira flexora": "leg curl", "flexora": "leg curl", "flexora pe": "leg curl",
        "stiff": "stiff leg deadlift", "levantamento terra": "deadlift", "terra": "deadlift",
        "levantamento terra romeno": "romanian deadlift", "terra romeno": "romanian deadlift",
        "levantamento terra sumo": "sumo deadlift", "terra sumo": "sumo deadlift", "bom dia": "good morning",
        "hiperextensao": "hyperextension", "extensao lombar": "back extension", "banco romano": "back extension",
        "ponte": "glute bridge", "ponte gluteo": "glute bridge", "ponte glutea": "glute bridge",
        "gluteo": "glute kickback", "gluteo coice": "glute kickback", "coice gluteo": "glute kickback",
        "cadeira abdutora": "hip abduction", "abdutora": "hip abduction", "abducao quadril": "hip abduction",
        "cadeira adutora": "hip adduction", "adutora": "hip adduction", "aducao quadril": "hip adduction",
        "panturrilha": "calf raise", "panturrilhas": "calf raise", "gemeos": "calf raise",
        "elevacao panturrilha": "calf raise", "panturrilha leg press": "calf press",
        "abdominal": "crunch", "abdominais": "crunch", "abdominal supra": "crunch", "abdominal obliquo": "crunch",
        "abdominal infra": "leg raise", "abdominal remador": "sit up", "prancha": "plank",
        "prancha abdominal": "plank", "prancha frontal": "plank", "prancha lateral": "side plank",
        "roda abdominal": "ab wheel", "giro russo": "russian twist", "arranco": "snatch",
        "arremesso": "clean and jerk", "corrida": "running", "esteira": "running", "caminhada": "walking",
        "bicicleta": "cycling", "bicicleta ergometrica": "cycling", "ciclismo": "cycling", "eliptico": "elliptical",
        "remo ergometro": "rowing", "escada": "stair climber", "natacao": "swimming", "pular corda": "jump rope",
        "salto caixa": "box jump", "caminhada fazendeiro": "farmer walk",
    },
    # German (Strong's and people's names; compounds are one word)
    "de": {
        "bankdrucken": "bench press", "schragbankdrucken": "incline bench press", "schragbank": "incline bench press",
        "schragbankdrucken kurzhantel": "incline bench press", "negativbankdrucken": "decline bench press",
        "brustpresse": "chest press", "liegestutz": "push up", "liegestutze": "push up", "liegestutzen": "push up",
        "dips": "dip", "barrendips": "dip", "bankdips": "bench dip", "dips bank": "bench dip",
        "schulterdrucken": "shoulder press", "schulterpresse": "shoulder press", "frontdrucken": "overhead press",
        "nackendrucken": "overhead press", "uberkopfdrucken": "overhead press", "militarpresse": "military press",
        "arnold drucken": "arnold press", "fliegende": "fly", "kabelfliegende": "cable crossover",
        "butterfly": "pec deck", "butterfly reverse": "reverse fly", "reverse butterfly": "reverse fly",
        "seitheben": "lateral raise", "seitenheben": "lateral raise", "seitliches heben": "lateral raise",
        "frontheben": "front raise", "vorgebeugtes seitheben": "rear delt fly", "aufrechtes rudern": "upright row",
        "uberzuge": "pullover", "klimmzug": "pull up", "klimmzuge": "pull up", "klimmzuge untergriff": "chin up",
        "latzug": "lat pulldown", "latziehen": "lat pulldown", "lat ziehen": "lat pulldown", "rudern": "row",
        "rudern sitzend": "seated row", "sitzendes rudern": "seated row", "kabelrudern": "seated cable row",
        "langhantelrudern": "bent over row", "vorgebeugtes rudern": "bent over row",
        "rudern vorgebeugt": "bent over row", "t bar rudern": "t row", "kurzhantelrudern": "row",
        "einarmiges rudern": "row", "schulterheben": "shrug", "nackenheben": "shrug", "shrugs": "shrug",
        "bizepscurl": "bicep curl", "bizepscurls": "bicep curl", "bizeps curls": "bicep curl",
        "bizeps curl": "bicep curl", "hammercurl": "hammer curl", "hammercurls": "hammer curl",
        "scottcurls": "preacher curl", "scottcurl": "preacher curl", "konzentrationscurls": "concentration curl",
        "konzentrationscurl": "concentration curl", "handgelenkcurls": "wrist curl", "unterarmcurls": "wrist curl",
        "trizepsdrucken": "triceps pushdown", "trizeps drucken": "triceps pushdown",
        "trizepsstrecken": "triceps extension", "trizeps strecken": "triceps extension",
        "stirndrucken": "skullcrusher", "french press": "skullcrusher", "trizeps kickbacks": "triceps kickback",
        "kniebeuge": "squat", "kniebeugen": "squat", "frontkniebeuge": "front squat", "frontkniebeugen": "front squat",
        "gobletkniebeuge": "goblet squat", "bulgarische kniebeuge": "bulgarian split squat",
        "bulgarische kniebeugen": "bulgarian split squat", "hackenschmidt": "hack squat",
        "hackenschmidt kniebeuge": "hack squat", "sumokniebeuge": "sumo squat", "sprungkniebeuge": "jump squat",
        "beinpresse": "leg press", "ausfallschritt": "lunge", "ausfallschritte": "lunge",
        "ausfallschritte gehend": "walking lunge", "aufsteiger": "step up", "beinstrecker": "leg extension",
        "beinstrecken": "leg extension", "beinbeuger": "leg curl", "beinbeugen": "leg curl",
        "kreuzheben": "deadlift", "rumanisches kreuzheben": "romanian deadlift",
        "gestrecktes kreuzheben": "stiff leg deadlift", "steifbeiniges kreuzheben": "stiff leg deadlift",
        "kreuzheben gestreckten beinen": "stiff leg deadlift", "sumo kreuzheben": "sumo deadlift",
        "sumokreuzheben": "sumo deadlift", "ruckenstrecker": "back extension", "ruckenstrecken": "back extension",
        "huftheben": "hip thrust", "huftstossen": "hip thrust", "beckenheben": "glute bridge",
        "abduktoren": "hip abduction", "abduktion": "hip abduction", "adduktoren": "hip adduction",
        "adduktion": "hip adduction", "wadenheben": "calf raise", "wadenpresse": "calf press",
        "unterarmstutz": "plank", "planke": "plank", "seitstutz": "side plank", "bauchpresse": "crunch",
        "beinheben": "leg raise", "hangendes beinheben": "hanging leg raise",
        "beinheben hangend": "hanging leg raise", "laufband": "running", "knieheben": "knee raise",
        "seitbeugen": "side bend", "bauchroller": "ab roller", "umsetzen": "clean",
        "umsetzen stossen": "clean and jerk", "reissen": "snatch", "laufen": "running", "joggen": "running",
        "gehen": "walking", "spazieren": "walking", "wandern": "hiking", "radfahren": "cycling", "fahrrad": "cycling",
        "ergometer": "cycling", "rudergerat": "rowing", "crosstrainer": "elliptical", "stepper": "stair climber",
        "schwimmen": "swimming", "seilspringen": "jump rope", "bauernlauf": "farmer walk",
    },
    # Spanish (Spain and Latin America)
    "es": {
        "press banca": "bench press", "press pecho": "chest press", "press inclinado": "incline bench press",
        "press banca inclinado": "incline bench press", "press declinado": "decline bench press",
        "press banca declinado": "decline bench press", "flexiones": "push up", "flexion": "push up",
        "flexiones brazos": "push up", "lagartijas": "push up", "fondos": "dip", "fondos paralelas": "dip",
        "fondos banco": "bench dip", "press militar": "military press", "press hombros": "shoulder press",
        "press hombro": "shoulder press", "curl": "bicep curl", "press arnold": "arnold press", "aperturas": "fly",
        "aperturas pecho": "fly", "cruce poleas": "cable crossover", "cruces polea": "cable crossover",
        "contractor pecho": "pec deck", "mariposa": "pec deck", "aperturas inversas": "reverse fly",
        "pajaros": "rear delt fly", "pajaro": "rear delt fly", "elevaciones laterales": "lateral raise",
        "elevacion lateral": "lateral raise", "vuelos laterales": "lateral raise",
        "elevaciones frontales": "front raise", "elevacion frontal": "front raise", "remo menton": "upright row",
        "remo cuello": "upright row", "dominadas": "pull up", "dominada": "pull up", "dominadas supinas": "chin up",
        "jalon pecho": "lat pulldown", "jalon": "lat pulldown", "jalon brazos rectos": "straight lat pulldown",
        "remo": "row", "remo polea baja": "seated cable row", "remo bajo": "seated cable row",
        "remo inclinado": "bent over row", "remo pendlay": "pendlay row", "remo t": "t row",
        "remo invertido": "inverted row", "encogimientos": "shrug", "encogimientos hombros": "shrug",
        "curl biceps": "bicep curl", "curl martillo": "hammer curl", "curl predicador": "preacher curl",
        "curl scott": "preacher curl", "curl banco scott": "preacher curl", "curl concentrado": "concentration curl",
        "curl muneca": "wrist curl", "extension triceps": "triceps extension",
        "extensiones triceps": "triceps extension", "press frances": "skullcrusher",
        "jalon triceps": "triceps pushdown", "triceps": "triceps pushdown", "patada triceps": "triceps kickback",
        "sentadilla": "squat", "sentadillas": "squat", "sentadilla frontal": "front squat",
        "sentadilla bulgara": "bulgarian split squat", "sentadilla goblet": "goblet squat",
        "sentadilla copa": "goblet squat", "sentadilla hack": "hack squat", "sentadilla sumo": "sumo squat",
        "sentadilla salto": "jump squat", "prensa": "leg press", "prensa piernas": "leg press",
        "prensa inclinada": "leg press", "zancadas": "lunge", "zancada": "lunge", "estocadas": "lunge",
        "desplantes": "lunge", "zancadas caminando": "walking lunge", "subidas cajon": "step up",
        "extension piernas": "leg extension", "extension cuadriceps": "leg extension",
        "extensiones cuadriceps": "leg extension", "cuadriceps": "leg extension", "curl femoral": "leg curl",
        "curl piernas": "leg curl", "curl isquiotibiales": "leg curl", "femoral": "leg curl",
        "peso muerto": "deadlift", "peso muerto rumano": "romanian deadlift",
        "peso muerto piernas rigidas": "stiff leg deadlift", "peso muerto sumo": "sumo deadlift",
        "buenos dias": "good morning", "hiperextensiones": "hyperextension", "extension lumbar": "back extension",
        "extensiones espalda": "back extension", "empuje cadera": "hip thrust", "elevacion cadera": "hip thrust",
        "puente gluteo": "glute bridge", "patada gluteo": "glute kickback", "abductores": "hip abduction",
        "abduccion cadera": "hip abduction", "aductores": "hip adduction", "aduccion cadera": "hip adduction",
        "elevacion talones": "calf raise", "elevacion gemelos": "calf raise", "gemelos": "calf raise",
        "pantorrillas": "calf raise", "plancha": "plank", "plancha lateral": "side plank", "abdominales": "crunch",
        "crunch abdominal": "crunch", "encogimientos abdominales": "crunch", "elevacion piernas": "leg raise",
        "rueda abdominal": "ab wheel", "giros rusos": "russian twist", "cargada": "clean", "arrancada": "snatch",
        "correr": "running", "carrera": "running", "cinta": "running", "cinta correr": "running",
        "caminar": "walking", "caminata": "walking",
        "bicicleta": "cycling", "ciclismo": "cycling", "bici": "cycling", "eliptica": "elliptical",
        "natacion": "swimming", "saltar cuerda": "jump rope", "comba": "jump rope", "paseo granjero": "farmer walk",
    },
    # French
    "fr": {
        "developpe couche": "bench press", "developpe incline": "incline bench press",
        "developpe decline": "decline bench press", "developpe militaire": "military press",
        "developpe epaules": "shoulder press", "developpe arnold": "arnold press", "developpe": "chest press",
        "pompes": "push up", "pompe": "push up", "dips banc": "bench dip", "ecarte": "fly", "ecartes": "fly",
        "ecarte couche": "fly", "vis vis": "cable crossover", "ecarte poulie": "cable crossover",
        "oiseau": "rear delt fly", "ecarte inverse": "reverse fly", "elevations laterales": "lateral raise",
        "elevation laterale": "lateral raise", "elevations frontales": "front raise",
        "elevation frontale": "front raise", "rowing menton": "upright row", "tirage menton": "upright row",
        "tractions": "pull up", "traction": "pull up", "tractions supination": "chin up",
        "tirage vertical": "lat pulldown", "tirage poitrine": "lat pulldown", "tirage nuque": "lat pulldown",
        "tirage haut": "lat pulldown", "tirage horizontal": "seated cable row", "tirage assis": "seated cable row",
        "rowing": "row", "rowing barre": "bent over row", "rowing buste penche": "bent over row",
        "haussement epaules": "shrug", "haussements epaules": "shrug",
        "curl": "bicep curl", "curl marteau": "hammer curl",
        "curl pupitre": "preacher curl", "curl larry scott": "preacher curl", "curl concentre": "concentration curl",
        "curl poignet": "wrist curl", "extension triceps": "triceps extension",
        "extensions triceps": "triceps extension", "barre front": "skullcrusher", "triceps": "triceps pushdown",
        "squat avant": "front squat", "squat bulgare": "bulgarian split squat", "squat saute": "jump squat",
        "presse cuisses": "leg press", "presse": "leg press", "presse inclinee": "leg press", "fentes": "lunge",
        "fente": "lunge", "fentes marchees": "walking lunge", "fentes arriere": "reverse lunge",
        "montees banc": "step up", "extension jambes": "leg extension", "extension quadriceps": "leg extension",
        "curl jambes": "leg curl", "curl ischio": "leg curl", "curl ischios": "leg curl",
        "souleve terre": "deadlift", "souleve terre roumain": "romanian deadlift",
        "souleve terre jambes tendues": "stiff leg deadlift", "souleve terre sumo": "sumo deadlift",
        "extension lombaire": "back extension", "extensions lombaires": "back extension",
        "pont fessier": "glute bridge", "releve bassin": "glute bridge", "abducteurs": "hip abduction",
        "adducteurs": "hip adduction", "mollets": "calf raise", "extension mollets": "calf raise",
        "gainage": "plank", "planche": "plank", "gainage lateral": "side plank", "planche laterale": "side plank",
        "abdos": "crunch", "crunchs": "crunch", "releve jambes": "leg raise", "releve genoux": "knee raise",
        "roue abdominale": "ab wheel", "epaule jete": "clean and jerk", "arrache": "snatch", "course": "running",
        "course pied": "running", "tapis course": "running", "marche": "walking", "velo": "cycling",
        "rameur": "rowing", "natation": "swimming", "corde sauter": "jump rope", "velo elliptique": "elliptical",
        "marche fermier": "farmer walk",
    },
    # Italian
    "it": {
        "panca piana": "bench press", "panca": "bench press", "panca inclinata": "incline bench press",
        "panca declinata": "decline bench press", "dip parallele": "dip", "distensioni panca": "bench press",
        "piegamenti": "push up",
        "piegamenti braccia": "push up", "flessioni": "push up", "parallele": "dip", "dip panca": "bench dip",
        "lento avanti": "overhead press", "lento dietro": "overhead press", "spinte": "shoulder press",
        "spinte manubri": "shoulder press", "croci": "fly", "croci panca": "fly", "croci cavi": "cable crossover",
        "pectoral machine": "pec deck", "alzate laterali": "lateral raise", "alzate frontali": "front raise",
        "alzate posteriori": "rear delt fly", "croci inverse": "reverse fly", "tirate mento": "upright row",
        "trazioni": "pull up", "trazioni sbarra": "pull up", "trazioni presa supina": "chin up",
        "trazioni supine": "chin up", "lat machine": "lat pulldown", "pulley": "seated cable row",
        "pulley basso": "seated cable row", "rematore": "bent over row", "scrollate": "shrug",
        "curl": "bicep curl", "curl bicipiti": "bicep curl", "curl martello": "hammer curl",
        "curl panca scott": "preacher curl",
        "curl concentrato": "concentration curl", "push down": "triceps pushdown", "tricipiti": "triceps pushdown",
        "estensioni tricipiti": "triceps extension", "squat bulgaro": "bulgarian split squat",
        "affondi bulgari": "bulgarian split squat", "pressa": "leg press", "affondi": "lunge", "affondo": "lunge",
        "affondi camminati": "walking lunge", "stacco": "deadlift", "stacco terra": "deadlift",
        "stacco rumeno": "romanian deadlift", "stacco gambe tese": "stiff leg deadlift",
        "stacco sumo": "sumo deadlift", "iperestensioni": "hyperextension", "ponte glutei": "glute bridge",
        "abduttori": "hip abduction", "adduttori": "hip adduction", "polpacci": "calf raise",
        "calf": "calf raise", "plank laterale": "side plank", "addominali": "crunch",
        "sollevamento gambe": "leg raise", "ruota addominale": "ab wheel", "girata": "clean", "strappo": "snatch",
        "slancio": "jerk", "corsa": "running", "tapis roulant": "running", "camminata": "walking",
        "cyclette": "cycling", "vogatore": "rowing", "nuoto": "swimming", "salto corda": "jump rope",
    },
}

#: Keyword fallback per language: (regex on the folded name, English base name), specific before general.
KEYWORDS: dict[str, list[tuple[str, str]]] = {
    "pt": [
        (r"barra fixa", "pull up"), (r"flex(?:ao|oes) (?:de )?punhos?|rosca (?:de )?punhos?", "wrist curl"),
        (r"flex(?:ao|oes) lateral", "side bend"), (r"mesa flexora|cadeira flexora|\bflexora", "leg curl"),
        (r"cadeira extensora|\bextensora", "leg extension"), (r"abdutor|abducao", "hip abduction"),
        (r"adutor|aducao", "hip adduction"), (r"panturrilha|\bgemeos\b", "calf raise"),
        (r"levantamento terra|\bterra\b", "deadlift"), (r"elevacao pelvica|\bponte\b", "hip thrust"),
        (r"\bgluteos?\b", "glute kickback"), (r"agachamento|\bafundo|\bavanco|\bpassada", "squat"),
        (r"\bprensa\b", "leg press"), (r"hiperextensao|extensao lombar", "back extension"),
        (r"supino|flex(?:ao|oes)", "bench press"), (r"mergulho|paralelas", "dip"),
        (r"elevac(?:ao|oes) (?:de )?(?:pernas|joelhos)|abdominal infra", "leg raise"),
        (r"encolhimento|elevac(?:ao|oes) (?:de )?ombros?", "shrug"),
        (r"elevac(?:ao|oes) lateral|elevac(?:ao|oes) frontal", "lateral raise"),
        (r"remada alta", "upright row"), (r"puxada", "lat pulldown"),
        (r"remada|\bremo\b", "row"), (r"crucifixo inverso|voador inverso", "reverse fly"),
        (r"crucifixo|voador", "fly"), (r"desenvolvimento", "overhead press"),
        (r"\brosca", "curl"), (r"prancha", "plank"),
        (r"abdominais", "crunch"), (r"corrida|esteira", "running"), (r"caminhada", "walking"),
        (r"bicicleta|ciclismo", "cycling"),
    ],
    "de": [
        (r"beinbeuger|beinbeugen", "leg curl"), (r"beinstrecke", "leg extension"),
        (r"handgelenk|unterarm ?curl", "wrist curl"), (r"waden", "calf raise"), (r"kreuzheben", "deadlift"),
        (r"ruckenstreck", "back extension"), (r"hufte|huft|becken", "hip thrust"),
        (r"abdukt", "hip abduction"), (r"addukt", "hip adduction"),
        (r"kniebeug|ausfallschritt|beinpresse", "squat"), (r"aufrechtes rudern", "upright row"),
        (r"klimmzu", "pull up"), (r"latzug|latziehen", "lat pulldown"), (r"rudern", "row"),
        (r"schulterheben|nackenheben", "shrug"), (r"fliegende", "fly"),
        (r"bankdruck|brustpresse|liegestut", "bench press"),
        (r"schulterdruck|nackendruck|frontdruck|uberkopf", "overhead press"),
        (r"seitheben|seitenheben|frontheben", "lateral raise"), (r"trizeps|stirndruck", "triceps extension"),
        (r"bizeps", "curl"), (r"uberzug", "pullover"), (r"unterarmstutz|planke|seitstutz", "plank"),
        (r"bauch", "crunch"), (r"beinheben|knieheben", "leg raise"),
    ],
    "es": [
        (r"curl (?:de )?munecas?", "wrist curl"), (r"curl (?:de )?(?:femoral|piernas?|isquio)|\bfemoral", "leg curl"),
        (r"extensi(?:on|ones) (?:de )?(?:piernas?|cuadriceps)|\bcuadriceps", "leg extension"),
        (r"gemelos|pantorrillas?|talones", "calf raise"), (r"peso muerto", "deadlift"),
        (r"hiperextensi|extensi(?:on|ones) (?:lumbar|de espalda)", "back extension"),
        (r"empuje de cadera|elevacion de cadera|puente", "hip thrust"), (r"abducc|abductor", "hip abduction"),
        (r"aducc|aductor", "hip adduction"), (r"sentadilla|zancada|estocada|desplante|prensa", "squat"),
        (r"remo al (?:menton|cuello)", "upright row"), (r"dominada", "pull up"), (r"jalon", "lat pulldown"),
        (r"\bremo\b", "row"), (r"encogimientos abdominales", "crunch"), (r"encogimiento", "shrug"),
        (r"aperturas inversas|pajaros?", "reverse fly"), (r"aperturas|cruces?|mariposa", "fly"),
        (r"press (?:de )?banca|press (?:de )?pecho|press inclinado|press declinado|flexion|lagartija", "bench press"),
        (r"fondos", "dip"), (r"press frances", "triceps extension"),
        (r"press militar|press (?:de )?hombros?", "overhead press"),
        (r"elevaci(?:on|ones) (?:de )?(?:piernas|rodillas)", "leg raise"),
        (r"elevaci(?:on|ones) (?:laterales?|frontales?)|vuelos", "lateral raise"),
        (r"plancha", "plank"), (r"\bcorrer\b|carrera", "running"),
    ],
    "fr": [
        (r"curl (?:des )?poignets?|flexion des poignets", "wrist curl"),
        (r"curl (?:des )?(?:jambes|ischios?)|flexion des jambes", "leg curl"),
        (r"extension (?:des )?(?:jambes|quadriceps)", "leg extension"), (r"mollets?", "calf raise"),
        (r"souleve de terre", "deadlift"), (r"lombaire", "back extension"),
        (r"pont fessier|releve de bassin|fessier", "hip thrust"), (r"abducteur", "hip abduction"),
        (r"adducteur", "hip adduction"), (r"\bfentes?\b|\bpresse\b", "squat"),
        (r"rowing menton|tirage menton", "upright row"), (r"tractions?", "pull up"),
        (r"tirage vertical|tirage poitrine|tirage nuque|tirage haut", "lat pulldown"), (r"tirage", "row"),
        (r"haussements? d'?epaules", "shrug"), (r"ecartes? inverses?|oiseau", "reverse fly"),
        (r"ecartes?|vis a vis", "fly"), (r"developpe (?:couche|incline|decline)|pompes?", "bench press"),
        (r"barre au front", "triceps extension"),
        (r"developpe (?:militaire|epaules?|nuque|arnold)", "overhead press"), (r"developpe", "chest press"),
        (r"elevations? (?:laterales?|frontales?)", "lateral raise"),
        (r"gainage|planche", "plank"), (r"\babdos\b", "crunch"), (r"releve de (?:jambes|genoux)", "leg raise"),
    ],
    "it": [
        (r"polpacci", "calf raise"), (r"stacco", "deadlift"), (r"iperestensi", "back extension"),
        (r"\bponte\b|glutei", "hip thrust"), (r"abdutt", "hip abduction"), (r"addutt", "hip adduction"),
        (r"affond|\bpressa\b", "squat"), (r"tirate al mento", "upright row"), (r"trazion", "pull up"),
        (r"lat machine", "lat pulldown"), (r"rematore", "row"), (r"scrollate", "shrug"),
        (r"croci inverse|alzate posteriori", "reverse fly"), (r"croci", "fly"),
        (r"\bpanca\b|piegamenti|flessioni", "bench press"), (r"parallele", "dip"), (r"tricipiti", "triceps extension"),
        (r"lento avanti|lento dietro|\bspinte\b", "overhead press"), (r"alzate", "lateral raise"),
        (r"bicipiti", "curl"), (r"addominali", "crunch"),
    ],
}

# German compounds that start with an equipment word ("Kurzhantelrudern", "Kabelfliegende").
DE_PREFIXES = ("langhantel", "kurzhantel", "kabelzug", "kabel", "seilzug", "maschinen", "sz", "hantel")


# --- body areas -----------------------------------------------------------------------------------------------
#: Area words per language (regex fragments on folded text, whole words). "Back" alone is the lower back in
#: every language, as in English (Rücken, espalda, schiena, costas; French "dos" only after an article).
AREA_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "pt": {
        "neck": ("pescoco", "coluna cervical", "nuca"),
        "shoulder": ("ombros?", "manguito rotador", "manguito", "deltoides?"),
        "upper back": ("parte (?:de cima|superior) das costas", "costas (?:superiores|altas)", "trapezios?",
                       "dorsal", "dorsais", "escapulas?", "omoplatas?", "coluna toracica"),
        "lower back": ("lombar", "lombares", "lombalgia", "costas", "parte (?:de baixo|inferior) das costas",
                       "coluna", "coluna lombar", "ciatico", "ciatica", "sacro", "coccix"),
        "chest": ("peito", "peitoral", "peitorais", "esterno", "costelas?"),
        "abdomen": ("abdomen", "abdominal", "abdominais", "barriga", "obliquos?", "estomago"),
        "elbow": ("cotovelos?", "antebracos?", "epicondilite"),
        "wrist": ("punhos?", "pulsos?", "maos?", "dedos?(?! do pe)", "polegar"),
        "hip": ("quadril", "quadris", "anca", "gluteos?", "nadegas?"),
        "groin": ("virilha", "adutor", "adutores"),
        "hamstring": ("posterior(?:es)?(?: de coxa)?", "isquiotibiais", "parte de tras da coxa"),
        "knee": ("joelhos?", "patela", "rotula", "meniscos?", "lca", "quadriceps"),
        "calf": ("panturrilhas?", "batata da perna", "gemeos"),
        "ankle": ("tornozelos?", "tendao de aquiles", "aquiles"),
        "foot": ("(?<!em )pes?", "calcanhar", "calcanhares", "fascite plantar", "dedos? do pe"),
    },
    "de": {
        "neck": ("nacken", "hals", "halswirbelsaule", "hws"),
        "shoulder": ("schultern?", "rotatorenmanschette", "schultergelenk", "deltamuskel"),
        "upper back": ("oberer ru(?:e)?cken", "oberen ru(?:e)?cken", "brustwirbelsaule", "bws", "trapezmuskel",
                       "schulterblatt", "schulterblatter", "latissimus"),
        "lower back": ("ru(?:e)?cken", "unterer ru(?:e)?cken", "unteren ru(?:e)?cken", "lendenwirbelsaule", "lws",
                       "kreuz", "ischias", "hexenschuss", "steissbein"),
        "chest": ("brust", "brustmuskel", "brustbein", "rippen?"),
        "abdomen": ("bauch", "bauchmuskeln", "bauchmuskulatur", "rumpf"),
        "elbow": ("ellbogen", "ellenbogen", "bizeps", "trizeps", "unterarme?", "tennisarm", "golferarm"),
        "wrist": ("handgelenke?", "hande?", "daumen", "finger"),
        "hip": ("hu(?:e)?fte", "hu(?:e)?ften", "gesa(?:ss|ß)", "gesa(?:ss|ß)muskel", "po-?muskel"),
        "groin": ("leiste", "leistengegend", "adduktoren"),
        "hamstring": ("oberschenkelru(?:e)?ckseite", "hintere[nr]? oberschenkel", "beinbizeps"),
        "knee": ("knie", "kniescheibe", "knien", "meniskus", "patellasehne", "vkb", "kreuzband", "quadrizeps"),
        "calf": ("waden?", "wadenmuskel"),
        "ankle": ("kno(?:e)?chel", "sprunggelenke?", "achillessehne", "fu(?:ss|ß)gelenke?"),
        "foot": ("fu(?:ss|ß)", "fu(?:e)?(?:ss|ß)e", "ferse", "fersen", "zehen?", "fu(?:ss|ß)sohle"),
    },
    "es": {
        "neck": ("cuello", "nuca", "cervicales"),
        "shoulder": ("hombros?", "manguito rotador", "manguito", "deltoides"),
        "upper back": ("espalda (?:alta|superior)", "parte (?:alta|superior) de la espalda", "dorsal(?:es)?",
                       "trapecios?", "escapulas?", "omoplatos?"),
        "lower back": ("espalda", "espalda baja", "parte baja de la espalda", "zona lumbar", "lumbares",
                       "lumbago", "ciatica", "ciatico", "coxis"),
        "chest": ("pecho", "pectoral(?:es)?", "esternon", "costillas?"),
        "abdomen": ("abdominales", "vientre", "estomago", "oblicuos?"),
        "elbow": ("codos?", "antebrazos?", "epicondilitis", "codo de tenista"),
        "wrist": ("munecas?", "manos?", "dedos?(?! del pie)", "pulgar"),
        "hip": ("caderas?", "gluteos?", "nalgas?"),
        "groin": ("ingle", "aductor", "aductores"),
        "hamstring": ("isquiotibiales", "isquios", "femoral(?:es)?"),
        "knee": ("rodillas?", "rotula", "meniscos?", "lca", "cuadriceps"),
        "calf": ("pantorrillas?", "gemelos?"),
        "ankle": ("tobillos?", "tendon de aquiles", "aquiles"),
        "foot": ("(?<!de )pies?", "talon", "talones", "planta del pie", "fascitis plantar", "dedos? del pie"),
    },
    "fr": {
        "neck": ("cou", "nuque", "cervicales"),
        "shoulder": ("epaules?", "coiffe des rotateurs", "deltoides?"),
        "upper back": ("haut du dos", "dorsaux", "trapezes?", "omoplates?"),
        "lower back": ("bas du dos", "lombaires?", "lombalgie", "sciatique", "(?:du|au|le|mon|ton|son|les) dos",
                       "coccyx"),
        "chest": ("poitrine", "pectoraux", "pectoral", "sternum", "cotes?"),
        "abdomen": ("abdominaux", "abdos", "ventre", "estomac"),
        "elbow": ("coudes?", "avant-bras", "avant bras", "epicondylite"),
        "wrist": ("poignets?", "doigts?", "pouce"),
        "hip": ("hanches?", "fessiers?", "fesses?"),
        "groin": ("aine", "adducteurs?"),
        "hamstring": ("ischio-jambiers", "ischio jambiers", "ischios?"),
        "knee": ("genoux?", "rotule", "menisques?", "lca", "quadriceps"),
        "calf": ("mollets?",),
        "ankle": ("chevilles?", "tendon d'achille", "achille"),
        "foot": ("pieds?", "talons?", "orteils?", "voute plantaire", "fasciite plantaire"),
    },
    "it": {
        "neck": ("collo", "cervicale", "cervicali", "nuca"),
        "shoulder": ("spalla", "spalle", "cuffia dei rotatori", "cuffia", "deltoid[ei]"),
        "upper back": ("schiena alta", "parte alta della schiena", "dorsali", "trapezio", "scapol[ae]"),
        "lower back": ("schiena", "schiena bassa", "parte bassa della schiena", "zona lombare", "lombari?",
                       "lombare", "lombalgia", "sciatica", "coccige"),
        "chest": ("petto", "pettoral[ei]", "torace", "sterno", "costol[ae]"),
        "abdomen": ("addome", "addominali", "pancia", "stomaco", "obliqui"),
        "elbow": ("gomit[oi]", "gomito del tennista", "avambracci?o?", "bicipit[ei]", "tricipit[ei]", "epicondilite"),
        "wrist": ("polsi", "polso", "mani", "mano", "dita(?! del piede)", "pollice"),
        "hip": ("anca", "anche", "glutei", "gluteo", "fianc(?:o|hi)"),
        "groin": ("inguine", "adduttori"),
        "hamstring": ("ischiocrurali", "femorali", "bicipite femorale"),
        "knee": ("ginocchio", "ginocchia", "rotula", "menisco", "lca", "quadricipit[ei]"),
        "calf": ("polpacci?o?",),
        "ankle": ("caviglie?a?", "tendine d'achille", "achille"),
        "foot": ("piedi?e?", "tallone", "talloni", "alluce", "fascite plantare", "dita del piede"),
    },
}

#: Words typed as an area on their own that are too ambiguous inside a sentence ("dos" is "two" in Spanish).
AREA_ALIASES: dict[str, str] = {"dos": "lower back", "pe": "foot", "pie": "foot", "main": "wrist"}


# --- pain in notes ------------------------------------------------------------------------------------------
#: Pain words (a mention or, with a number beside them, a score). Folded; no lookbehind (the SQL cue is RE2).
PAIN_WORDS: dict[str, tuple[str, ...]] = {
    "pt": ("dor", "dores", "doi", "doem", "doeu", "doia", "doiam", "doendo", "doer", "dolorido", "dolorida",
           "doloridos", "doloridas", "dolorosa", "doloroso", "desconforto", "lesao", "lesionado", "lesionada",
           "tendinite", "inflamado", "inflamada", "inflamacao"),
    "de": (r"\w*schmerz\w*", "tut weh", "tat weh", "tun weh", "taten weh", "weh getan", "wehgetan",
           "verletzt", "verletzung", "entzundet", r"\w*entzundung", "beschwerden", "muskelkater"),
    "es": ("dolor", "dolores", "duele", "duelen", "dolio", "dolia", "dolian", "dolorido", "dolorida",
           "adolorido", "adolorida", "doloroso", "dolorosa", "molestias?", "lesion", "lesionado", "lesionada",
           "agujetas", "inflamado", "inflamada", "inflamacion"),
    "fr": ("douleurs?", "douloureux", "douloureuse", "fait mal", "faisait mal", "font mal", "j'ai mal", "j ai mal",
           "ai eu mal", "avoir mal", "mal (?:au|aux|a la|a l)", "blessure", "blesse", "blessee", "courbatures?",
           "tendinite", "elancements?"),
    "it": ("dolore", "dolori", "doloroso", "dolorosa", "dolorante", "doloranti", "fa male", "faceva male",
           "fanno male", "ha fatto male", "male (?:al|alla|allo|ai|alle|agli)", "indolenzito", "indolenzita",
           "indolenziti", "indolenzimento", "lesione", "infortunio", "infortunato", "infortunata", "tendinite",
           "infiammato", "infiammata", "infiammazione"),
}

#: Words that also have everyday meanings: pain only with a body area in the same clause.
WEAK_WORDS: dict[str, tuple[str, ...]] = {
    "pt": ("incomodo", "incomodou", "incomoda", "incomodando", "distensao", "estiramento", "fisgada", "pontada",
           "travou", "travado", "travada", "contratura"),
    "de": ("zerrung", "zerrt", "zwickt", "zwicken", "zwicken", "zieht", "ziehen", "stechen", "sticht",
           "verspannt", "verspannung", "verkrampft", "krampf"),
    "es": ("molesta", "molesto", "tiron", "contractura", "distension", "punzada", "pinchazo", "calambre"),
    "fr": ("gene", "genant", "tiraillement", "contracture", "elongation", "crampe", "pincement"),
    "it": ("fastidio", "fastidi", "fastidiosa", "stiramento", "contrattura", "fitta", "fitte", "crampo",
           "tirare", "tira"),
}

#: Words of negations that hold no pain word of their own ("tut nicht weh", "fait pas mal", "schmerzfrei" is
#: a pain word already): the cheap first pass of :mod:`rehab.pain.notes` must let these notes through.
CUE_EXTRA: tuple[str, ...] = ("weh", "beschwerdefrei", "mal", "male")

#: German compounds "<area>schmerz…" ("Knieschmerzen", "Rückenschmerzen"): prefix -> area.
DE_PAIN_COMPOUNDS: dict[str, str] = {
    "knie": "knee", "ru(?:e)?cken": "lower back", "kreuz": "lower back", "schulter": "shoulder", "nacken": "neck",
    "hals": "neck", "ellen?bogen": "elbow", "handgelenks?": "wrist", "hu(?:e)?ft": "hip", "leisten": "groin",
    "waden": "calf", "fu(?:ss|ß)": "foot", "fersen": "foot", "brust": "chest", "bauch": "abdomen",
    "sprunggelenks?": "ankle", "achilles(?:sehnen)?": "ankle",
}

#: Idioms with a pain word that are not training pain (headaches).
IDIOMS: tuple[str, ...] = (r"dor(?:es)? de cabeca", r"kopfschmerz\w*", r"dolor(?:es)? de cabeza",
                           r"mal (?:de|a la) tete", r"mal di testa", r"sem dor,? sem ganho", r"no pain,? no gain")

#: Negations: the whole phrase gives a 0/10 statement. ``{pain}`` is that language's pain words.
NEGATIONS: dict[str, tuple[str, ...]] = {
    "pt": (r"\b(?:sem|nenhuma|zero|nada de)\s+(?:[\w']+\s+){0,2}?(?:dor|dores|desconforto|incomodo)\b",
           r"\b(?:nao|nem)\s+(?:me\s+|mais\s+|esta\s+)?(?:doeu|doi|doia|doem|doendo|dolorid[oa]s?)\b"
           r"(?!\s+(?:tanto|muito|como|quanto)\b)"),
    "de": (r"\b(?:keine?[nr]?|ohne|null)\s+(?:[\w']+\s+){0,2}?(?:\w*schmerz\w*|beschwerden)\b",
           r"\b(?:schmerzfrei|beschwerdefrei)\b",
           r"\b(?:tut|tat|taten|tun|hat)\s+(?:\w+\s+){0,2}?nicht\s+(?:mehr\s+)?weh\b"),
    "es": (r"\b(?:sin|ningun|ninguna|cero|nada de)\s+(?:[\w']+\s+){0,2}?(?:dolor|dolores|molestias?)\b",
           r"\bno\s+(?:me\s+|le\s+)?(?:duele|duelen|dolio|dolia|molesta|molesto)\b"
           r"(?!\s+(?:tanto|mucho|como)\b)"),
    "fr": (r"\b(?:pas|aucune?|sans|zero)\s+(?!mal\b)(?:de\s+|d')?(?:[\w']+\s+){0,2}?(?:douleurs?|gene)\b",
           r"\b(?:fait|faisait|font)\s+(?:pas|plus)\s+mal\b|\bpas\s+(?:fait|eu)\s+mal\b"),
    "it": (r"\b(?:nessun|nessuna|senza|zero|niente|nulla)\s+(?:[\w']+\s+){0,2}?(?:dolore|dolori|fastidio|fastidi)\b",
           r"\bnon\s+(?:mi\s+|gli\s+)?(?:ha\s+|ho\s+)?(?:fa|fatto|faceva|fanno|sento)\s+(?:piu\s+)?male\b"),
}

#: Linking words between a pain word and its number ("dor de 4", "Schmerz ist 5", "douleur à 3").
CONNECT: tuple[str, ...] = ("de", "e", "es", "era", "est", "etait", "ist", "war", "bei", "ca", "etwa", "um",
                            "foi", "estava", "esta", "fue", "estaba", "a", "niveau", "nivel", "livello", "circa",
                            "environ", "unos", "uns", "von", "ainda", "todavia", "encore", "ancora", "noch",
                            "agora", "ahora", "maintenant", "ora", "jetzt", "hoje", "hoy", "heute", "oggi")
#: "4 de 10", "4 von 10", "4 sur 10", "4 su 10".
OUT_OF: tuple[str, ...] = ("de", "von", "sur", "su")
#: Units after a number that make it not a score ("dor 3 dias").
UNITS: tuple[str, ...] = ("series", "serie", "repeticoes", "repeticiones", "reps", "wdh", "wiederholungen",
                          "satze", "satz", "veces", "vezes", "fois", "volte", "dias", "dia", "tage", "tagen",
                          "tag", "jours", "jour", "giorni", "giorno", "semanas", "semana", "wochen", "woche",
                          "semaines", "semaine", "settimane", "settimana", "minutos", "minuten", "minuti",
                          "horas", "stunden", "heures", "ore", "mal")
#: Prepositions between a pain word and its area ("dor no joelho", "Schmerz im Knie", "dolor en la rodilla").
PREPOSITIONS: tuple[str, ...] = ("no", "na", "nos", "nas", "em", "do", "da", "im", "am", "an", "in", "en", "del",
                                 "de", "au", "aux", "a", "al", "alla", "allo", "ai", "alle", "nel", "nella", "sul",
                                 "sulla")
#: Side and article words between the preposition and the area.
SIDES: tuple[str, ...] = ("o", "a", "os", "as", "meu", "minha", "esquerdo", "esquerda", "direito", "direita",
                          "der", "die", "das", "den", "dem", "mein", "meinem", "meiner", "linken", "rechten",
                          "linke", "rechte", "linkes", "rechtes", "el", "la", "los", "las", "mi", "izquierdo",
                          "izquierda", "derecho", "derecha", "le", "les", "mon", "ma", "gauche", "droit", "droite",
                          "il", "lo", "mio", "mia", "sinistro", "sinistra", "destro", "destra", "l")
#: Words that end a clause like "but" ("mas", "ma", "mais" are left out: they also mean "more" or "my").
CLAUSE_BREAKS: tuple[str, ...] = ("aber", "jedoch", "pero", "porem", "cependant", "tuttavia", "sin embargo")
