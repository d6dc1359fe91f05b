"""Calendars and mailboxes written by the tests, shaped like real exports, and the people they are about.

Every body, subject, title, description and location holds :data:`MARKER`:
the tests search the store for it to prove none of it was stored.
"""

from __future__ import annotations

import email.utils
import mailbox
import struct
from email.header import Header
from email.message import EmailMessage
from pathlib import Path

from kamgraph.model import Account, Dataset, Person, TeamMember

MARKER = "PAMPELMUSE"
OURS = "kamsupplier.com"

# Customer ACME declares its domain; Bücher's is inferred from its contacts' emails (Greta's gmail address is not).
PEOPLE = Dataset(
    accounts=[Account("ACME", "Acme Industrial", domains=("acme.co.uk",)), Account("BUE", "Bücher GmbH")],
    people=[
        Person("K1", "Kim Kam", "supplier", email="Kim@KamSupplier.com"),
        Person("K2", "Rae Rep", "supplier", email="rae@kamsupplier.com"),
        Person("Z1", "Zoë Łukasik", "customer", account="ACME", email="zoe@acme.co.uk"),
        Person("B1", "Bob Baker", "customer", account="ACME", email="bob@acme.co.uk"),
        Person("H1", "Hans Müller", "customer", account="BUE", email="hans@buecher.de"),
        Person("G1", "Greta Graf", "customer", account="BUE", email="greta.graf@gmail.com"),
        Person("N1", "No Mail", "customer", account="BUE"),
    ],
    team=[TeamMember("ACME", "K1", "KAM"), TeamMember("BUE", "K2", "KAE")],
)

TANAKA = "tanaka@mail.acme.co.uk"  # an unknown stakeholder at a subdomain of ACME's
LI = "li.wei@buecher.de"  # an unknown stakeholder at Bücher's inferred domain


def message(sender, to, *, cc=(), bcc=(), date="Tue, 03 Mar 2026 10:00:00 +0100", msgid: str | None = "auto",
            extra: dict | None = None, subject=None) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join(to)
    if cc:
        msg["Cc"] = ", ".join(cc)
    if bcc:
        msg["Bcc"] = ", ".join(bcc)
    msg["Date"] = date
    msg["Subject"] = subject or f"{MARKER} quarterly plan"
    if msgid == "auto":
        msgid = email.utils.make_msgid(domain="test.invalid")
    if msgid:
        msg["Message-ID"] = msgid
    for name, value in (extra or {}).items():
        msg[name] = value
    msg.set_content(f"Dear all,\n\nthe {MARKER} numbers are attached.\n\nFrom the desk of the sender\n")
    msg.add_attachment(f"{MARKER} secret figures".encode(), maintype="application", subtype="octet-stream",
                       filename=f"{MARKER}.bin")
    return msg


def mbox_messages() -> list[EmailMessage]:
    """The messages of the test mbox, each with the thing it tests."""
    zoe = str(Header("Zoë Łukasik", "utf-8")) + " <Zoe@Acme.CO.UK>"  # RFC 2047 display name, address in mixed case
    return [
        # 0: Zoë writes to Kim, Cc Bob; Bcc Rae, which must be ignored. Tanaka, unknown, is on Cc at a subdomain.
        message(zoe, ["Kim Kam <kim@kamsupplier.com>"], cc=["bob@acme.co.uk", f"=?utf-8?b?55Sw5Lit?= <{TANAKA}>"],
                bcc=["rae@kamsupplier.com"], msgid="<first@acme.co.uk>"),
        # 1: a mailing-list message
        message(zoe, ["kim@kamsupplier.com"], extra={"List-Id": "<news.acme.co.uk>"}),
        # 2: an out-of-office reply
        message("bob@acme.co.uk", ["kim@kamsupplier.com"], extra={"Auto-Submitted": "auto-replied"}),
        # 3: no Message-ID: a hash stands for it
        message("kim@kamsupplier.com", ["hans@buecher.de"], msgid=None, date="Wed, 04 Mar 2026 23:30:00 -0500"),
        # 4: only our own people
        message("kim@kamsupplier.com", ["rae@kamsupplier.com"]),
        # 5: a no-reply sender
        message("no-reply@acme.co.uk", ["kim@kamsupplier.com"]),
        # 6: bulk mail
        message("bob@acme.co.uk", ["kim@kamsupplier.com"], extra={"Precedence": "bulk"}),
        # 7: one message, two accounts: Hans and Zoë (and Li, unknown at Bücher)
        message("rae@kamsupplier.com", ["hans@buecher.de", "zoe@acme.co.uk"], cc=[f"Li Wei <{LI}>"],
                msgid="<both@kamsupplier.com>", date="Thu, 05 Mar 2026 09:00:00 +0000"),
        # 8: Greta, known by her webmail address; gmail.com is nobody's domain
        message("Greta <greta.graf@gmail.com>", ["rae@kamsupplier.com", "someone.else@gmail.com"],
                msgid="<greta@gmail.com>"),
    ]


def write_mbox(path: Path, messages: list[EmailMessage]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    box = mailbox.mbox(path)
    for msg in messages:
        box.add(msg)
    box.flush()
    box.close()
    return path


def write_maildir(path: Path, messages: list[EmailMessage]) -> Path:
    box = mailbox.Maildir(path, create=True)
    for msg in messages:
        box.add(msg)
    box.close()
    return path


def raw_utf8_eml(path: Path) -> Path:
    """An .eml whose headers carry UTF-8 bytes raw (no encoded words), as some mailers send them."""
    path.write_bytes(
        "From: Zoë Łukasik <zoe@acme.co.uk>\r\nTo: Kim <kim@kamsupplier.com>\r\nDate: Fri, 06 Mar 2026 08:00:00 +0100\r\n"
        f"Message-ID: <raw@acme.co.uk>\r\nSubject: {MARKER} ünïcode\r\nCc: Søren Ødegård <soren@acme.co.uk>\r\n\r\n"
        f"{MARKER} body\r\n".encode())
    return path


def latin1_eml(path: Path) -> Path:
    """An .eml with an ISO-8859-1 encoded-word name, from Hans to Rae."""
    path.write_bytes(
        b"From: =?iso-8859-1?q?Hans_M=FCller?= <HANS@buecher.de>\nTo: rae@kamsupplier.com\n"
        b"Date: Sat, 07 Mar 2026 12:00:00 +0100\nMessage-ID: <latin1@buecher.de>\n"
        + f"Subject: {MARKER}\n\n{MARKER}\n".encode())
    return path


def write_msg(path: Path, headers: str | None, *, sender=("Zoë Łukasik", "zoe@acme.co.uk"),
              recipients=(("Kim Kam", "kim@kamsupplier.com", 1),), submitted=None) -> Path:
    """A small Outlook .msg file (an OLE compound file, written with extract-msg's own writer).

    With ``headers`` it carries transport headers, as a received message does;
    without, only the sender, recipient and submit-time properties, as a sent
    or saved one often does.
    """
    from extract_msg.ole_writer import OleWriter

    def text(value: str) -> bytes:
        return value.encode("utf-16-le")

    writer = OleWriter()
    top = bytearray(32)
    streams = {"001A": "IPM.Note", "0037": f"{MARKER} subject", "1000": f"{MARKER} body",
               "0C1A": sender[0], "5D01": sender[1], "0C1F": sender[1]}
    if headers is not None:
        streams["007D"] = headers
    for pid, value in streams.items():
        data = text(value)
        writer.addEntry(f"__substg1.0_{pid}001F", data)
        top += struct.pack("<IIII", (int(pid, 16) << 16) | 0x001F, 6, len(data) + 2, 0)
    if submitted is not None:  # PR_CLIENT_SUBMIT_TIME, a FILETIME
        ticks = int((submitted.timestamp() + 11644473600) * 10_000_000)
        top += struct.pack("<IIQ", (0x0039 << 16) | 0x0040, 6, ticks)
    struct.pack_into("<IIII", top, 8, len(recipients), 0, len(recipients), 0)
    for n, (name, address, kind) in enumerate(recipients):
        storage = f"__recip_version1.0_#{n:08X}"
        writer.addEntry(storage, storage=True)
        props = bytearray(8)
        for pid, value in {"3001": name, "3003": address, "39FE": address}.items():
            data = text(value)
            writer.addEntry(f"{storage}/__substg1.0_{pid}001F", data)
            props += struct.pack("<IIII", (int(pid, 16) << 16) | 0x001F, 6, len(data) + 2, 0)
        props += struct.pack("<IIII", (0x0C15 << 16) | 0x0003, 6, kind, 0)  # PR_RECIPIENT_TYPE: 1 To, 2 Cc, 3 Bcc
        writer.addEntry(f"{storage}/__properties_version1.0", bytes(props))
    writer.addEntry("__properties_version1.0", bytes(top))
    writer.write(str(path))
    return path


VTIMEZONES = """BEGIN:VTIMEZONE
TZID:America/New_York
BEGIN:STANDARD
DTSTART:19701101T020000
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19700308T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
"""

PRIVATE = f"SUMMARY:{MARKER} title\nDESCRIPTION:{MARKER} agenda\nLOCATION:{MARKER} room\n"

# A weekly call (Mondays 22:30 in New York: the next day in UTC) for six weeks from 5 January 2026:
# 12 January excluded (EXDATE), 19 January moved to Tuesday 20 January 09:00 with Bob accepting, 26 January
# cancelled, Bob declining the series. An all-day offsite, an internal meeting, a meeting with a room and an
# unknown stakeholder in Outlook's Windows time zone, a cancelled meeting, and one after --as-of.
CALENDAR = f"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//kamgraph tests//EN
METHOD:PUBLISH
{VTIMEZONES}BEGIN:VEVENT
UID:weekly-acme@kamsupplier.com
DTSTAMP:20260101T000000Z
DTSTART;TZID=America/New_York:20260105T223000
DTEND;TZID=America/New_York:20260105T233000
RRULE:FREQ=WEEKLY;COUNT=6
EXDATE;TZID=America/New_York:20260112T223000
ORGANIZER;CN=Kim Kam:mailto:kim@kamsupplier.com
ATTENDEE;CN="Zoë Łukasik";PARTSTAT=ACCEPTED:MAILTO:Zoe@Acme.co.uk
ATTENDEE;CN=Bob Baker;PARTSTAT=DECLINED:mailto:bob@acme.co.uk
{PRIVATE}END:VEVENT
BEGIN:VEVENT
UID:weekly-acme@kamsupplier.com
DTSTAMP:20260101T000000Z
RECURRENCE-ID;TZID=America/New_York:20260119T223000
DTSTART;TZID=America/New_York:20260120T090000
DTEND;TZID=America/New_York:20260120T100000
ORGANIZER;CN=Kim Kam:mailto:kim@kamsupplier.com
ATTENDEE;CN="Zoë Łukasik";PARTSTAT=ACCEPTED:mailto:zoe@acme.co.uk
ATTENDEE;CN=Bob Baker;PARTSTAT=ACCEPTED:mailto:bob@acme.co.uk
{PRIVATE}END:VEVENT
BEGIN:VEVENT
UID:weekly-acme@kamsupplier.com
DTSTAMP:20260101T000000Z
RECURRENCE-ID;TZID=America/New_York:20260126T223000
DTSTART;TZID=America/New_York:20260126T223000
DTEND;TZID=America/New_York:20260126T233000
STATUS:CANCELLED
ORGANIZER;CN=Kim Kam:mailto:kim@kamsupplier.com
ATTENDEE;PARTSTAT=ACCEPTED:mailto:zoe@acme.co.uk
END:VEVENT
BEGIN:VEVENT
UID:offsite@kamsupplier.com
DTSTAMP:20260101T000000Z
DTSTART;VALUE=DATE:20260210
DTEND;VALUE=DATE:20260211
ORGANIZER:mailto:kim@kamsupplier.com
ATTENDEE:mailto:zoe@acme.co.uk
{PRIVATE}END:VEVENT
BEGIN:VEVENT
UID:internal@kamsupplier.com
DTSTAMP:20260101T000000Z
DTSTART:20260211T090000Z
DTEND:20260211T100000Z
ORGANIZER:mailto:kim@kamsupplier.com
ATTENDEE;PARTSTAT=ACCEPTED:mailto:rae@kamsupplier.com
{PRIVATE}END:VEVENT
BEGIN:VEVENT
UID:buecher-visit@kamsupplier.com
DTSTAMP:20260101T000000Z
DTSTART;TZID=W. Europe Standard Time:20260212T003000
DTEND;TZID=W. Europe Standard Time:20260212T013000
ORGANIZER;CN=Rae Rep:mailto:rae@kamsupplier.com
ATTENDEE;CN=Hans Müller;PARTSTAT=TENTATIVE:mailto:hans@buecher.de
ATTENDEE;CN=Li Wei;PARTSTAT=NEEDS-ACTION:mailto:{LI}
ATTENDEE;CUTYPE=ROOM;CN=Raum Berlin:mailto:raum-berlin@kamsupplier.com
{PRIVATE}END:VEVENT
BEGIN:VEVENT
UID:called-off@kamsupplier.com
DTSTAMP:20260101T000000Z
DTSTART:20260213T090000Z
STATUS:CANCELLED
ORGANIZER:mailto:kim@kamsupplier.com
ATTENDEE:mailto:zoe@acme.co.uk
END:VEVENT
BEGIN:VEVENT
UID:future@kamsupplier.com
DTSTAMP:20260101T000000Z
DTSTART:20260401T090000Z
ORGANIZER:mailto:kim@kamsupplier.com
ATTENDEE:mailto:zoe@acme.co.uk
END:VEVENT
END:VCALENDAR
"""
AS_OF = "2026-03-01"


def write_calendar(path: Path) -> Path:
    path.write_text(CALENDAR.replace("\n", "\r\n"), encoding="utf-8", newline="")
    return path
