"""Read a text file in the encoding it has: the ones Salesforce's exports and Excel write.

The rule is strict and decided per file, so it never guesses between two
readings that both look plausible:

1. a byte-order mark says it: UTF-8 with BOM, UTF-16 (little- or big-endian);
2. otherwise the file is UTF-8 if every byte sequence in it is valid UTF-8
   (text in a single-byte encoding with any accented letter almost never is);
3. otherwise it is Windows-1252, which reads ISO-8859-1 text the same (the two
   differ only in 0x80–0x9F, control codes in ISO-8859-1 that text does not
   use, and where Windows-1252 has €, „, smart quotes …).

Binary data is refused whole: NUL bytes without a UTF-16 byte-order mark,
bytes that Windows-1252 leaves undefined, or control characters in the text.
``forced`` (the CLI's ``--encoding``) skips the rule and decodes strictly.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from kamgraph.model import Origin, Problem

UTF8, UTF8_BOM, UTF16, CP1252 = "UTF-8", "UTF-8 with BOM", "UTF-16", "Windows-1252 (ISO-8859-1)"
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig", UTF8_BOM), (codecs.BOM_UTF16_LE, "utf-16", UTF16),
         (codecs.BOM_UTF16_BE, "utf-16", UTF16))
# Control characters that never occur in a CSV export's text (tab, line ends and form feed do).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
HINT = "name the file's encoding with --encoding (e.g. --encoding latin-1)"


class EncodingProblem(ValueError):
    """A file that is not text in any encoding the rule reads (``problem`` says where)."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


def check_encoding_name(name: str) -> str:
    """The codec's canonical name, or ValueError for an encoding Python does not know."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise ValueError(f"'{name}' is not an encoding Python knows (e.g. utf-8, utf-16, cp1252, latin-1)") from None


def decode_bytes(raw: bytes, source: str, forced: str | None = None) -> tuple[str, str]:
    """The text of ``raw`` and the name of the encoding it was read in; :class:`EncodingProblem` if it is not text."""
    if forced:
        codec = check_encoding_name(forced)
        try:
            text = raw.decode("utf-8-sig" if codec == "utf-8" else codec)
        except UnicodeDecodeError as exc:
            raise EncodingProblem(Problem(f"is not {forced} text (byte {exc.start}); check --encoding",
                                          Origin(source))) from None
        return _text(text, source, forced), forced
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            try:
                return _text(raw.decode(codec), source, name), name
            except UnicodeDecodeError as exc:
                raise EncodingProblem(Problem(f"starts with a {name} byte-order mark but is not {name} text "
                                              f"(byte {exc.start}); {HINT}", Origin(source))) from None
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise EncodingProblem(Problem(f"is not text: it holds a NUL byte (byte {nul}); a UTF-16 file needs its "
                                      f"byte-order mark, or {HINT}", Origin(source)))
    try:
        return _text(raw.decode("utf-8"), source, UTF8), UTF8
    except UnicodeDecodeError:
        pass
    try:
        return _text(raw.decode("cp1252"), source, CP1252), CP1252
    except UnicodeDecodeError as exc:
        raise EncodingProblem(Problem(f"is neither UTF-8 nor Windows-1252/ISO-8859-1 text (byte {exc.start} "
                                      f"is 0x{raw[exc.start]:02X}); {HINT}", Origin(source))) from None


def _text(text: str, source: str, encoding: str) -> str:
    bad = _CONTROL.search(text)
    if bad:
        raise EncodingProblem(Problem(f"is not text: read as {encoding} it holds the control character "
                                      f"U+{ord(bad.group()):04X} (character {bad.start()}); {HINT}", Origin(source)))
    return text


def read_text(path: str | Path, forced: str | None = None) -> tuple[str, str]:
    """Read a file as text by :func:`decode_bytes`'s rule."""
    path = Path(path)
    return decode_bytes(path.read_bytes(), path.name, forced)
