"""Small wording helpers for text people read: counts with the right plural, never "file(s)"."""

from __future__ import annotations


def plural(n: int | float, singular: str, many: str | None = None) -> str:
    """ "1 change", "3 changes", "1,204 sets"; ``many`` for irregular plurals ("1 entry", "2 entries")."""
    word = singular if n == 1 else (many or singular + "s")
    return f"{n:,} {word}" if isinstance(n, int) else f"{n:g} {word}"
