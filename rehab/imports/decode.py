"""The one decoder of every file the product reads: bytes -> text lines with their numbers.

Workout exports, pain and session diaries and the text document formats all
come through here, so a BOM, UTF-16 (with or without BOM), a Windows-1252 line
inside a UTF-8 file, a bare-CR file, a binary or an archive are recognised the
same way for all of them. What is decided here:

* :func:`sniff_encoding` — the codec from the first bytes (BOM, UTF-16 by its
  zero bytes, else UTF-8), or an :class:`ImportFailure` naming what the file is
  instead (empty, ZIP, PDF, image, database, binary);
* :class:`LineSource` — decoded lines, each keeping its newline; a line that is
  not valid UTF-8 is read as Windows-1252 and its number remembered
  (``recoded``), lines holding a NUL byte are remembered (``nul_lines``);
* :func:`split_header` — the delimiter (``,`` ``;`` or tab: whichever splits the
  header line into most fields).

Lowest module of :mod:`rehab.imports`: it imports nothing of the package.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from rehab.errors import InputError

#: No line of a real export comes near this; a longer one is a binary or a
#: CR-only file, refused before it is held in memory.
MAX_LINE_BYTES = 16 << 20
# A field may be as long as a line (the csv module's default cap is 128 Ki
# characters): a 200 KB note is stored, as DuckDB's reader does.
csv.field_size_limit(max(csv.field_size_limit(), MAX_LINE_BYTES))

#: How much of a file the encoding and format sniffers see.
HEAD_BYTES = 65536


class ImportFailure(InputError):
    """A file that cannot be imported at all. ``str()`` is the user message."""


_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_BINARY_MAGIC = {
    b"\x1f\x8b": "a gzip archive",
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"SQLite format 3": "an SQLite database",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"Rar!": "a RAR archive",
}


_CONTROL_BYTES = [b for b in range(32) if b not in (9, 10, 11, 12, 13)] + [127]


def sniff_encoding(head: bytes, name: str) -> str:
    """Pick a codec from the first bytes, or fail with a clear reason."""
    if not head.strip(b"\xef\xbb\xbf\r\n\t "):
        raise ImportFailure(f"{name}: the file is empty")
    if head.startswith(_ZIP_MAGIC):
        raise ImportFailure(
            f"{name}: this is a ZIP archive, not a CSV export; unzip it and import the CSV inside"
        )
    for magic, what in _BINARY_MAGIC.items():
        if head.startswith(magic):
            raise ImportFailure(f"{name}: this is {what}, not a CSV export")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    sample = head[:4096]
    if len(sample) >= 4 and sample.count(b"\x00") > len(sample) // 4:
        # UTF-16 without BOM: ASCII text has every other byte zero -- and the
        # other half not (a file of NUL bytes is no text in any encoding).
        even, odd = sample[0::2].count(b"\x00"), sample[1::2].count(b"\x00")
        half = len(sample) // 2
        if odd > len(sample) // 3 and even < half // 4:
            return "utf-16-le"
        if even > len(sample) // 3 and odd < half // 4:
            return "utf-16-be"
    if b"\x00" in sample:
        raise ImportFailure(f"{name}: this looks like a binary file, not a CSV export")
    # Text never holds C0 control bytes other than tab/CR/LF (FF and VT are rare but seen).
    controls = sum(sample.count(bytes([b])) for b in _CONTROL_BYTES)
    if controls > max(2, len(sample) // 100):
        raise ImportFailure(f"{name}: this looks like a binary file, not a CSV export")
    return "utf-8"


class LineSource:
    """Yields decoded text lines; remembers lines that were not valid UTF-8."""

    def __init__(self, binary: io.BufferedReader, encoding: str, name: str):
        self.name = name
        self.recoded: list[int] = []
        self.nul_lines: set[int] = set()  # lines holding a NUL byte (their records are rejected)
        if encoding.startswith("utf-16"):
            text = io.TextIOWrapper(binary, encoding=encoding, newline="", errors="strict")
            self._it: Iterator[str] = self._wrap_text(text)
        else:
            self._it = self._decode_lines(binary, encoding)

    def _wrap_text(self, text: io.TextIOWrapper[io.BufferedReader]) -> Iterator[str]:
        # readline(limit), not iteration: a line without end must not be read whole.
        limit = MAX_LINE_BYTES // 2
        n = 0
        try:
            while line := text.readline(limit):
                n += 1
                if len(line) >= limit and not line.endswith("\n"):
                    raise ImportFailure(f"{self.name}: line {n} is longer than {MAX_LINE_BYTES >> 20} MB; "
                                        "this is not a workout log export")
                yield line
        except UnicodeDecodeError as exc:
            raise ImportFailure(f"{self.name}: the file is not valid UTF-16 text ({exc.reason})") from None

    def _decode_lines(self, binary: io.BufferedReader, encoding: str) -> Iterator[str]:
        # Decode whole blocks (cut at a newline) at once: per-line decoding is a
        # large share of the import time. A block that is not valid UTF-8 is
        # decoded again line by line, so only the bad lines fall back to cp1252.
        n = 0  # lines yielded so far
        pending: list[bytes] = []
        if encoding == "utf-8-sig":
            bom = binary.read(3)
            if bom != b"\xef\xbb\xbf":
                pending.append(bom)
        while True:
            block = binary.read(1 << 20)
            if not block:
                if pending:
                    yield from self._decode_block(b"".join(pending), n)
                return
            cut = block.rfind(b"\n") + 1
            if cut == 0:
                pending.append(block)
                if sum(map(len, pending)) > MAX_LINE_BYTES:
                    hint = " (its lines end with a bare CR, old Mac style?)" if b"\r" in block else ""
                    raise ImportFailure(f"{self.name}: line {n + 1} is longer than "
                                        f"{MAX_LINE_BYTES >> 20} MB; this is not a workout log export{hint}")
                continue
            body = b"".join([*pending, block[:cut]])
            pending = [block[cut:]] if cut < len(block) else []
            yield from self._decode_block(body, n)
            n += body.count(b"\n")

    def _decode_block(self, body: bytes, n: int) -> list[str]:
        """Lines of ``body`` (each keeps its ``\\n``); ``n`` lines came before it."""
        try:
            parts = body.decode("utf-8").split("\n")
        except UnicodeDecodeError:
            parts = []
            for i, raw in enumerate(body.split(b"\n"), start=n + 1):
                try:
                    parts.append(raw.decode("utf-8"))
                except UnicodeDecodeError:
                    if b"\x00" in raw:
                        raise ImportFailure(
                            f"{self.name}: line {i} holds binary data; this is not a text CSV export"
                        ) from None
                    self.recoded.append(i)
                    parts.append(raw.decode("cp1252", errors="replace"))
        if b"\x00" in body:
            self.nul_lines.update(i for i, p in enumerate(parts, start=n + 1) if "\x00" in p)
        last = parts.pop()  # "" when the body ends with a newline
        lines = [p + "\n" for p in parts]
        if last:
            lines.append(last)
        return lines

    def __iter__(self) -> Iterator[str]:
        return self._it


def split_header(line: str) -> tuple[list[str], str]:
    """Split the header line, choosing the delimiter that gives most fields."""
    best: tuple[list[str], str] = ([line], ",")
    for delim in (",", ";", "\t"):
        try:
            fields = next(csv.reader([line], delimiter=delim))
        except csv.Error:  # e.g. a field over the csv size limit: not this delimiter
            continue
        if len(fields) > len(best[0]):
            best = (fields, delim)
    return best


def normalize_header(fields: list[str]) -> list[str]:
    return [f.strip().strip('"').strip().lstrip("\ufeff") for f in fields]


def check_regular_file(path: Path, display_name: str) -> None:
    """Refuse what is not a regular file before opening it: a FIFO would block the
    open, a device (``/dev/zero``) never ends."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise ImportFailure(f"{display_name}: no such file") from None
    except OSError as exc:
        raise ImportFailure(f"{display_name}: cannot be read ({exc.strerror})") from None
    if stat.S_ISDIR(mode):
        raise ImportFailure(f"{display_name}: is a directory, not a file")
    if not stat.S_ISREG(mode):
        what = ("a pipe (FIFO)" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
                else "a socket" if stat.S_ISSOCK(mode) else "a special file")
        raise ImportFailure(f"{display_name}: is {what}, not a regular file; save the export to a file first")


def open_lines(path: Path, name: str) -> tuple[str, io.BufferedReader, LineSource]:
    """``(encoding, binary file, decoded lines)`` of ``path``; the caller closes the file."""
    check_regular_file(path, name)
    fh = open(path, "rb")  # noqa: SIM115 - the caller closes it
    try:
        encoding = sniff_encoding(fh.read(HEAD_BYTES), name)
        fh.seek(0)
        return encoding, fh, LineSource(fh, encoding, name)
    except BaseException:
        fh.close()
        raise


def text_lines(path: Path, name: str) -> Iterator[tuple[int, str]]:
    """``(line number, text without the newline)`` for every line, decoded like a CSV export."""
    _encoding, fh, source = open_lines(path, name)
    with fh:
        for n, line in enumerate(source, start=1):
            yield n, line.rstrip("\r\n")
