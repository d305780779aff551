"""Generate the hostile files that cannot (or should not) live in git as text.

Binary look-alikes, UTF-16 in every byte order, mixed encodings, NUL bytes,
CR/LF mixes, repeated rows, oversized fields, the zip bomb and the big file
are written here, deterministically, into a directory the tests choose
(``tmp_path``). The small UTF-8 cases are committed beside this script.

Nothing big is ever committed: :func:`write_zip_bomb` and :func:`write_big_strong`
stream their output, so generating them needs no more memory than a chunk.

``python tests/hostile/make_corpus.py DEST`` writes the generated set into DEST.
"""

from __future__ import annotations

import datetime as dt
import gzip
import random
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

STRONG_A = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE"
STRONG_A_DE = ("Datum,Workout-Name,Dauer,Name der Übung,Reihenfolge festlegen,Gewicht,Wiederh.,Entfernung,"
               "Sekunden,Notizen,Workout-Notizen,RPE")


def row(day: str = "2025-03-01 10:00:00", exercise: str = "Squat (Barbell)", order: str = "1",
        weight: str = "100", reps: str = "5", notes: str = "", rpe: str = "8") -> str:
    """One Strong form-A data row (unit-less: import with ``unit='kg'``)."""
    return f"{day},Legs,45m,{exercise},{order},{weight},{reps},0,0,{notes},,{rpe}"


def _lines(*lines: str, end: str = "\n") -> str:
    return "".join(line + end for line in lines)


UNICODE_ROWS = [
    row(exercise="Kniebeuge (Langhantel) – ü", order="1"),
    row(exercise="Kniebeuge (Langhantel) – ü", order="2"),
    row(exercise="Développé couché", order="1", weight="60", reps="8"),
]


def _png() -> bytes:
    ihdr = b"\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00"
    chunk = b"IHDR" + ihdr
    return (b"\x89PNG\r\n\x1a\n" + len(ihdr).to_bytes(4, "big") + chunk
            + zlib.crc32(chunk).to_bytes(4, "big") + b"\x00" * 64)


def _xlsx_like() -> bytes:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        zf.writestr("xl/worksheets/sheet1.xml", "<worksheet><sheetData/></worksheet>")
    return buf.getvalue()


def _random_bytes(seed: int, n: int, lo: int = 0) -> bytes:
    rnd = random.Random(seed)
    data = bytes(rnd.randrange(lo, 256) for _ in range(n))
    # Keep the case what its name says: never start with a BOM or a known magic.
    return b"\x01" + data[1:] if lo == 0 else b"\x80" + data[1:]


def _nul_late() -> bytes:
    good = [row(day=f"2025-01-{d:02d} 10:00:00", order=str(s)) for d in range(1, 29) for s in (1, 2, 3)]
    # 84 good rows (> 4 KB, past the sniffing window), then one with a NUL, then 3 more.
    bad = row(day="2025-02-01 10:00:00", notes="knee\x00pain")
    tail = [row(day="2025-02-02 10:00:00", order=str(s)) for s in (1, 2, 3)]
    return _lines(STRONG_A, *good, bad, *tail).encode()


def _crlf_lf_mix() -> bytes:
    rows = [row(order=str(i)) for i in range(1, 6)]
    rows[3] = row(order="4", reps="many")  # file line 5
    out = STRONG_A + "\r\n"
    for i, r in enumerate(rows):
        out += r + ("\r\n" if i % 2 else "\n")
    return out.encode()


def _mixed_encoding() -> bytes:
    return (
        _lines(STRONG_A, row(exercise="Kniebeuge – ü", order="1")).encode("utf-8")
        + _lines(row(exercise="Kniebeuge – ü", order="2", notes="Schmerz 3/10 – Knie")).encode("cp1252")
        + _lines(row(exercise="Kniebeuge – ü", order="3")).encode("utf-8")
    )


def _cp1252_whole() -> bytes:
    body = [r.replace("Legs", "Beine") for r in UNICODE_ROWS]
    return _lines(STRONG_A_DE, *body).encode("cp1252")


def _identical_rows(n: int = 1000) -> bytes:
    return _lines(STRONG_A, *[row(order="1")] * n).encode()


def _huge_note(chars: int) -> bytes:
    note = ("pain 3/10;" * (chars // 10 + 1))[:chars]  # no trailing space: notes are trimmed
    return _lines(STRONG_A, row(order="1"), row(order="2", notes=note), row(order="3")).encode()


def _oversize_field() -> bytes:
    note = "x" * 200_000
    return _lines(STRONG_A, row(order="1"), row(order="2", notes=f'"{note}"'), row(order="3")).encode()


def _many_columns() -> bytes:
    header = ",".join(f"col{i}" for i in range(20_000))
    return (header + "\n" + ",".join("1" for _ in range(20_000)) + "\n").encode()


#: name -> bytes factory. Every name has an entry in EXPECTED.json.
GENERATED: dict[str, Callable[[], bytes]] = {
    "empty.csv": lambda: b"",
    "only_newlines.csv": lambda: b"\r\n" * 1000,
    "random_bytes.csv": lambda: _random_bytes(1234, 8192),
    "random_high_bytes.csv": lambda: _random_bytes(99, 4096, lo=0x80),
    "png_header.csv": _png,
    "pdf_header.csv": lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    "gzip_header.csv": lambda: gzip.compress(_lines(STRONG_A, *UNICODE_ROWS).encode(), mtime=0),
    "elf_binary.csv": lambda: b"\x7fELF\x02\x01\x01" + b"\x00" * 57 + bytes(range(256)) * 4,
    "sqlite_db.csv": lambda: b"SQLite format 3\x00" + b"\x10\x00\x01\x01" + b"\x00" * 1000,
    "xlsx_renamed.csv": _xlsx_like,
    "utf16le_bom.csv": lambda: _lines(STRONG_A, *UNICODE_ROWS, end="\r\n").encode("utf-16"),
    "utf16be_bom.csv": lambda: b"\xfe\xff" + _lines(STRONG_A, *UNICODE_ROWS).encode("utf-16-be"),
    "utf16le_nobom.csv": lambda: _lines(STRONG_A, *UNICODE_ROWS).encode("utf-16-le"),
    "utf16be_nobom.csv": lambda: _lines(STRONG_A, *UNICODE_ROWS).encode("utf-16-be"),
    "utf16_truncated.csv": lambda: _lines(STRONG_A, *UNICODE_ROWS).encode("utf-16")[:-1],
    "mixed_encoding.csv": _mixed_encoding,
    "cp1252_whole.csv": _cp1252_whole,
    "nul_early.csv": lambda: _lines(STRONG_A, row(order="1"), row(order="2", notes="a\x00b")).encode(),
    "nul_late.csv": _nul_late,
    "crlf_lf_mix.csv": _crlf_lf_mix,
    "cr_only.csv": lambda: _lines(STRONG_A, row(order="1"), row(order="2"), row(order="3"), end="\r").encode(),
    "bom_header_only.csv": lambda: ("\ufeff" + STRONG_A + "\r\n").encode(),
    "bom_twice.csv": lambda: ("\ufeff\ufeff" + _lines(STRONG_A, row(order="1"), row(order="2"))).encode(),
    "identical_1000.csv": _identical_rows,
    "huge_note.csv": lambda: _huge_note(100_000),
    "oversize_field.csv": _oversize_field,
    "long_single_line.csv": lambda: b"a," * 1_000_000,
    "many_columns_header.csv": _many_columns,
    # issue 10: bounded reading
    "nul_only.csv": lambda: b"\x00" * 200_000,  # was taken as UTF-16 and read without limit
    "utf16_no_newline.csv": lambda: b"\xff\xfe" + ("x" * (9 << 20)).encode("utf-16-le"),
    "no_newline_20mb.csv": lambda: STRONG_A.encode() + b"\n" + b"7" * (20 << 20),
    # issue 10: a day-first export decided from a date far down the file (past the first chunk)
    "dates_dmy_late_evidence.csv": lambda: _dmy_late(),
}


def _dmy_late() -> bytes:
    """Strong re-saved by German Excel: ';', DD.MM.YYYY HH:MM, decimal commas. Every day is
    <= 12 but the last workout's (108,000 rows down, past the first chunk); the hour
    depends on (day, month) asymmetrically, so a month-first reading stores other hours."""
    head = STRONG_A.replace(",", ";")
    rows = []
    for year in range(2000, 2025):
        for month in range(1, 13):
            for day in range(1, 13):
                hour = 6 + (2 * day + month) % 12
                rows += [f"{day:02d}.{month:02d}.{year} {hour:02d}:00;Legs;45m;Squat;{s};82,5;5;0;0;;;8"
                         for s in range(1, 31)]
    rows.append("25.12.2024 18:00;Legs;45m;Squat;1;82,5;5;0;0;;;8")
    return _lines(head, *rows).encode()


def generate(dest: Path) -> dict[str, Path]:
    """Write every generated case into ``dest``; return name -> path."""
    dest.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, make in GENERATED.items():
        path = dest / name
        path.write_bytes(make())
        out[name] = path
    return out


def write_zip_bomb(path: Path, expanded: int = 1 << 30, chunk: int = 1 << 20) -> int:
    """A small ZIP (renamed ``.csv``) whose one member inflates to ``expanded`` bytes.

    The member is CSV-looking zeros-and-commas so a careless reader that
    decompressed it would be fed gigabytes. Streamed: memory stays at one chunk.
    Returns the archive's size on disk.
    """
    block = (b"0," * (chunk // 2))[:chunk]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf, \
            zf.open("export.csv", "w", force_zip64=True) as member:
        member.write((STRONG_A + "\n").encode())
        written = 0
        while written < expanded:
            member.write(block)
            written += len(block)
    return path.stat().st_size


def write_big_strong(path: Path, target_bytes: int) -> int:
    """Stream a valid Strong form-A file of about ``target_bytes``; return its data rows.

    A workout every 30 minutes from 1995 (each: 3 exercises x 5 sets), so every
    row is a distinct set and even 300 MB (about 15 years) stays inside the date limits.
    """
    exercises = ("Squat (Barbell)", "Bench Press (Barbell)", "Deadlift (Barbell)")
    t0 = dt.datetime(1995, 1, 1)
    rows = 0
    size = 0
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(STRONG_A + "\n")
        n = 0
        while size < target_bytes:
            start = (t0 + dt.timedelta(minutes=30 * n)).strftime("%Y-%m-%d %H:%M:%S")
            buf = []
            for ex in exercises:
                for s in range(1, 6):
                    buf.append(row(day=start, exercise=ex, order=str(s),
                                   weight=str(40 + (n % 60)), reps=str(3 + s), notes="ok"))
            text = "\n".join(buf) + "\n"
            fh.write(text)
            size += len(text)
            rows += len(buf)
            n += 1
    return rows


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile_generated")
    for name, p in generate(target).items():
        print(f"{p.stat().st_size:>10}  {name}")
