"""The session diary's words (no imports: the generic importer and :mod:`rehab.pain.sessions` both read them)."""

#: What a workout was meant to be: a hard week tagged ``peaking`` or ``test`` is intent, not a warning;
#: ``deload`` restarts the progress trend; ``rehab`` marks a rehab block (it has a way back to strength).
INTENTS: tuple[str, ...] = ("normal", "deload", "peaking", "test", "rehab")
#: How it felt: ``exhausting`` or ``painful`` is the article's "exhausting, and not in a good way".
FEELS: tuple[str, ...] = ("good", "hard", "exhausting", "painful")
