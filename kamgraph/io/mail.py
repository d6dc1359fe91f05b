"""Reading mailboxes for who wrote to whom: headers only, never a body or an attachment.

Sources: mbox files (Google Takeout, Thunderbird's folders, which have no
extension), Maildir folders (``cur``/``new``), folders of ``.eml`` files, and
Outlook ``.msg`` files (through ``extract-msg``). A directory is searched
through for all of them.

From each message only these headers are read: From, To, Cc, Date,
Message-ID, the headers that mark list and automated mail (List-Id,
List-Unsubscribe, Auto-Submitted, Precedence, X-Autoreply) and, only when
asked, Subject. Bcc is never read. Reading stops at the blank line that ends
the headers, so a message's body is never parsed (an mbox is read in one
pass, its lines only looked at for where the next message starts: see
:func:`mbox_header_blocks`; a ``.msg`` is opened by ``extract-msg``, whose
header and recipient properties are the only ones asked for).

A message's id is its Message-ID; without one, a hash of its sender, date and
recipients, so importing the same mailbox twice yields the same ids.
"""

from __future__ import annotations

import datetime as _dt
import email.header
import email.policy
import email.utils
import hashlib
import mailbox
import os
import re
from collections.abc import Callable, Iterator
from email.message import Message
from email.parser import BytesHeaderParser
from pathlib import Path

from kamgraph.io.capture import Address, Exchange, Tally, normalise_address
from kamgraph.model import Origin, Problem, ValidationError

MAX_HEADER_BYTES = 1 << 20  # a header block larger than this is not a real message's: stop reading it there


class _RawHeaders(email.policy.Compat32):
    """Header values as they are in the file, unfolded: decoded here (:func:`decode_text`), not by ``email``,
    which would turn raw UTF-8 bytes into replacement characters. Several times faster than ``policy.default``."""

    def header_fetch_parse(self, name, value):
        return re.sub(r"\r?\n(?=[ \t])", "", value).rstrip("\r\n")


_PARSER = BytesHeaderParser(policy=_RawHeaders())
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_NO_REPLY = re.compile(r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer[-_.]?daemon|postmaster|bounces?)([-+.].*)?$")

Progress = Callable[[int, int], None]  # (bytes read so far, bytes in all)


def decode_text(value) -> str:
    """A header's text with RFC 2047 encoded words decoded, and raw UTF-8 bytes (as some mailers send) read as such.

    >>> decode_text("=?utf-8?b?WsO2ZSDFgXVrYXNpaw==?=")
    'Zöe Łukasik'
    """
    text = _raw_utf8(str(value))
    if "=?" in text:
        try:
            text = str(email.header.make_header(email.header.decode_header(text)))
        except (UnicodeError, LookupError, ValueError, email.errors.HeaderParseError):
            pass
    return " ".join(text.split())


def _raw_utf8(text: str) -> str:
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:  # bytes the ASCII decode could not read (kept as surrogates): UTF-8 sent raw
        return text.encode("ascii", "surrogateescape").decode("utf-8", "replace")


# ``Name <address>`` or a bare address, with no quotes, comments or escapes: most headers, read without the general
# parser. (An encoded word holds no comma, so splitting on commas is safe where there are no quotes.)
_SIMPLE = re.compile(r"\s*(?:([^<>]*?)\s*<([^<>\s]+)>|([^<>\s]+))\s*")


def _split_addresses(raw: list[str]) -> list[tuple[str, str]]:
    out = []
    for value in raw:
        if '"' in value or "(" in value or "\\" in value or ";" in value:
            out += email.utils.getaddresses([value])
            continue
        for part in value.split(","):
            found = _SIMPLE.fullmatch(part)
            if found:
                out.append((found.group(1) or "", found.group(2) or found.group(3)))
            elif part.strip():
                out += email.utils.getaddresses([part])
    return out


WANTED = frozenset({"from", "to", "cc", "date", "message-id", "list-id", "list-unsubscribe", "auto-submitted",
                    "precedence", "x-autoreply", "x-autorespond"})


class Headers(dict):
    """The headers kamgraph reads from a message, by lower-case name (Subject only when asked); nothing else is kept."""

    @classmethod
    def of(cls, message: Message, subjects: bool = False) -> Headers:
        wanted = WANTED | {"subject"} if subjects else WANTED
        out = cls()
        for name, value in message.items():
            key = name.lower()
            if key in wanted:
                out.setdefault(key, []).append(value)
        return out

    def get(self, name: str, default=None):
        values = super().get(name.lower())
        return values[0] if values else default

    def get_all(self, name: str) -> list | None:
        return super().get(name.lower())


def addresses(message: Headers, *names: str) -> list[Address]:
    """The addresses in the named headers, in order, with their decoded display names.

    The header is split into addresses before encoded words are decoded, so a
    comma inside an encoded name cannot split it.
    """
    raw = [_raw_utf8(str(v)) for name in names for v in (message.get_all(name) or [])]
    out = []
    for display, spec in _split_addresses(raw):
        address = normalise_address(spec)
        if address:
            out.append(Address(address, decode_text(display) or None))
    return out


def automated(message: Headers, sender: Address | None) -> str | None:
    """Why a message is list or automated mail (the reason it is skipped for), or None for a person's mail."""
    if message.get("List-Id") is not None:
        return "mailing list (List-Id)"
    if message.get("List-Unsubscribe") is not None:
        return "bulk mail (List-Unsubscribe)"
    auto = str(message.get("Auto-Submitted") or "").strip().lower()
    if auto and auto != "no":
        return "automated (Auto-Submitted)"
    if str(message.get("Precedence") or "").strip().lower() in ("bulk", "list", "junk"):
        return "bulk mail (Precedence)"
    if message.get("X-Autoreply") is not None or message.get("X-Autorespond") is not None:
        return "automated (auto-reply)"
    if sender and _NO_REPLY.match(sender.address.split("@", 1)[0]):
        return "no-reply sender"
    return None


def message_date(message: Headers) -> str | None:
    """The day the message was sent, in the sender's time zone, or None if the Date header is missing or unreadable."""
    value = message.get("Date")
    if value is None:
        return None
    try:
        when = email.utils.parsedate_to_datetime(decode_text(value))
    except (TypeError, ValueError, IndexError):
        return None
    return when.date().isoformat() if isinstance(when, _dt.datetime) else None


def message_id(message: Headers, sender: Address, date: str, recipients: list[Address]) -> str:
    """The Message-ID without its brackets; without one, a hash of sender, Date header and recipients."""
    value = decode_text(message.get("Message-ID") or "")
    found = re.search(r"<([^<>\s]+)>", value) or re.fullmatch(r"\s*([^<>\s]+)\s*", value)
    if found and not _CONTROL.search(found.group(1)):  # an id is printable text (kamgraph.model)
        return found.group(1)
    key = "\x1f".join([sender.address, str(message.get("Date") or date), *sorted(a.address for a in recipients)])
    return "mail-" + hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def exchange_from_headers(message: Message, source: str, tally: Tally, subjects: bool = False) -> Exchange | None:
    """The exchange a message's headers describe, or None (counted in ``tally``) when it is skipped."""
    tally.read += 1
    message = Headers.of(message, subjects)
    try:
        senders = addresses(message, "From")
        sender = senders[0] if senders else None
        reason = automated(message, sender)
        if reason:
            tally.skip(reason)
            return None
        if sender is None:
            tally.skip("no sender address")
            return None
        recipients = addresses(message, "To", "Cc")
        date = message_date(message)
    except (ValueError, TypeError, IndexError, LookupError):  # a header too broken to read
        tally.skip("unreadable headers")
        return None
    if date is None:
        tally.skip("no readable date")
        return None
    if not recipients:
        tally.skip("no recipients")
        return None
    people = tuple({a.address: a for a in [sender, *recipients]}.values())
    subject = decode_text(message.get("Subject") or "") or None if subjects else None
    return Exchange(message_id(message, sender, date, recipients), "email", date, people, subject, source)


def read_header_block(handle, limit: int = MAX_HEADER_BYTES) -> bytes:
    """The bytes up to the blank line that ends a message's headers (the body is not read)."""
    lines = []
    size = 0
    for line in handle:
        if line in (b"\n", b"\r\n"):
            break
        lines.append(line)
        size += len(line)
        if size > limit:
            break
    return b"".join(lines)


# -- sources ----------------------------------------------------------------------------------------------


def _is_mbox(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(5) == b"From "
    except OSError:
        return False


def _is_maildir(path: Path) -> bool:
    return (path / "cur").is_dir() and (path / "new").is_dir()


def mail_sources(paths: list[str | Path]) -> list[tuple[str, Path]]:
    """Each source to read as ``(kind, path)``, kind one of mbox, maildir, eml, msg; refuses paths it cannot read."""
    out: list[tuple[str, Path]] = []
    problems: list[Problem] = []

    def add_file(path: Path, explicit: bool) -> None:
        suffix = path.suffix.lower()
        if suffix == ".eml":
            out.append(("eml", path))
        elif suffix == ".msg":
            out.append(("msg", path))
        elif _is_mbox(path):
            out.append(("mbox", path))
        elif explicit:
            problems.append(Problem("is not a mailbox: not an mbox file (it would start with 'From '), .eml or .msg",
                                    Origin(str(path))))

    for path in map(Path, paths):
        if not path.exists():
            problems.append(Problem("no such file or directory", Origin(str(path))))
        elif path.is_file():
            add_file(path, explicit=True)
        else:
            before = len(out)
            for root, dirs, files in os.walk(path):
                dirs.sort()
                here = Path(root)
                if _is_maildir(here):
                    out.append(("maildir", here))
                    dirs[:] = [d for d in dirs if d not in ("cur", "new", "tmp")]  # Maildir++ subfolders (.Sent) go on
                    continue
                for name in sorted(files):
                    if not name.startswith("."):
                        add_file(here / name, explicit=False)
            if len(out) == before:
                problems.append(Problem("holds no mailbox (mbox, Maildir, .eml or .msg)", Origin(str(path))))
    if problems:
        raise ValidationError(problems)
    return out


def _source_size(kind: str, path: Path) -> int:
    if kind != "maildir":
        return path.stat().st_size
    return sum(f.stat().st_size for sub in ("cur", "new") for f in (path / sub).iterdir() if f.is_file())


def read_mail(paths: list[str | Path], tally: Tally, *, subjects: bool = False,
              progress: Progress | None = None) -> Iterator[Exchange]:
    """Every person-to-person message in the mailboxes at ``paths``, one at a time (memory does not grow with them).

    Skipped messages are counted in ``tally`` by reason; ``progress`` is told
    the bytes read so far out of the bytes in all.
    """
    sources = mail_sources(paths)
    total = sum(_source_size(kind, path) for kind, path in sources)
    done = 0
    if progress:
        progress(0, total)
    for kind, path in sources:
        if kind == "mbox":
            yield from _read_mbox(path, tally, subjects, lambda n, base=done: progress and progress(base + n, total))
        elif kind == "maildir":
            yield from _read_maildir(path, tally, subjects, lambda n, base=done: progress and progress(base + n, total))
        elif kind == "eml":
            with open(path, "rb") as handle:
                found = exchange_from_headers(_PARSER.parsebytes(read_header_block(handle)), str(path), tally, subjects)
            if found:
                yield found
        else:
            found = _read_msg(path, tally, subjects)
            if found:
                yield found
        done += _source_size(kind, path)
        if progress:
            progress(done, total)


def mbox_header_blocks(handle, limit: int = MAX_HEADER_BYTES) -> Iterator[bytes]:
    r"""The header block of each message in an mbox file open for binary reading, in one pass over it.

    A message starts at each line that begins with ``From `` (the rule Python's
    ``mailbox.mbox`` reads by; writers quote such lines in a body as ``>From ``),
    and its headers end at the first blank line. Unlike ``mailbox.mbox``, which
    first makes a table of where every message starts and stops, nothing is kept
    from one message to the next: memory stays the same however large the file.

    >>> import io
    >>> box = io.BytesIO(b"From a@x Mon Jan  5 09:00:00 2026\nFrom: a@x\n\nbody\n>From here\n\n"
    ...                  b"From b@y Mon Jan  5 10:00:00 2026\nFrom: b@y\nTo: a@x\n\n")
    >>> [block.splitlines() for block in mbox_header_blocks(box)]
    [[b'From: a@x'], [b'From: b@y', b'To: a@x']]
    """
    lines: list[bytes] | None = None  # the header lines of the message being read, None in a body
    size = 0
    for line in handle:
        if line.startswith(b"From "):  # the From_ line itself is not a header: it is left out, as mailbox does
            if lines is not None:  # the previous message had no blank line after its headers
                yield b"".join(lines)
            lines, size = [], 0
        elif lines is not None:
            if line in (b"\n", b"\r\n"):
                yield b"".join(lines)
                lines = None
            else:
                lines.append(line)
                size += len(line)
                if size > limit:  # not a real message's headers: read no further in it
                    yield b"".join(lines)
                    lines = None
    if lines is not None:
        yield b"".join(lines)


def _read_mbox(path: Path, tally: Tally, subjects: bool, progress: Callable[[int], object]) -> Iterator[Exchange]:
    with open(path, "rb") as handle:
        for number, block in enumerate(mbox_header_blocks(handle), start=1):
            found = exchange_from_headers(_PARSER.parsebytes(block), f"{path}, message {number}", tally, subjects)
            if found:
                yield found
            if number % 1000 == 0:
                progress(handle.tell())


def _read_maildir(path: Path, tally: Tally, subjects: bool, progress: Callable[[int], object]) -> Iterator[Exchange]:
    box = mailbox.Maildir(path, factory=None, create=False)
    size = 0
    for number, key in enumerate(sorted(box.iterkeys()), start=1):
        file = Path(path) / box._lookup(key)
        with open(file, "rb") as handle:
            message = _PARSER.parsebytes(read_header_block(handle))
        size += file.stat().st_size
        found = exchange_from_headers(message, str(file), tally, subjects)
        if found:
            yield found
        if number % 1000 == 0:
            progress(size)


def _read_msg(path: Path, tally: Tally, subjects: bool) -> Exchange | None:
    """An Outlook .msg: its transport headers when it has them, else extract-msg's sender, recipients and date."""
    import extract_msg

    try:
        msg = extract_msg.openMsg(str(path), delayAttachments=True)
    except Exception as exc:  # noqa: BLE001 - extract-msg raises many kinds for a damaged file; name the file
        raise ValidationError([Problem(f"is not a readable Outlook .msg file ({exc})", Origin(str(path)))]) from None
    try:
        header = msg.header  # generated from the message's properties when it has no transport headers
        message = Message()
        for name in ("From", "To", "Cc", "Date", "Message-ID", "List-Id", "List-Unsubscribe", "Auto-Submitted",
                     "Precedence", "X-Autoreply", "X-Autorespond", *(("Subject",) if subjects else ())):
            for value in header.get_all(name) or []:
                if value is not None and str(value) != "None":
                    message[name] = str(value)
        if message.get("Date") is None and msg.date is not None:
            message["Date"] = email.utils.format_datetime(msg.date)
        return exchange_from_headers(message, str(path), tally, subjects)
    finally:
        msg.close()
