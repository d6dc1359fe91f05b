"""The calendar reader reads only what it needs: properties and components it never uses are dropped before parsing,
one-off events skip the expansion, and the results stay those of a full expansion."""

from __future__ import annotations

import datetime as dt

import icalendar
import recurring_ical_events

from kamgraph.io.calendar import only_what_is_read, read_calendars
from kamgraph.io.capture import Tally

# An event as Google and Outlook export it: folded lines, attendee parameters, a description, an alarm, vendor
# properties; and a to-do and a journal entry beside it.
EXPORT = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Google Inc//Google Calendar 70.9054//EN
X-WR-TIMEZONE:Europe/Berlin
BEGIN:VTIMEZONE
TZID:America/New_York
BEGIN:STANDARD
DTSTART:19701101T020000
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19700308T020000
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
DTSTART;TZID=America/New_York:20260105T223000
DTEND;TZID=America/New_York:20260105T233000
RRULE:FREQ=WEEKLY;COUNT=4
EXDATE;TZID=America/New_York:20260112T223000
UID:weekly@example.com
SEQUENCE:0
ORGANIZER;CN=Kim:mailto:kim@supplier.example
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=TRUE;CN=Zoë
  Łukasik;X-NUM-GUESTS=0:mailto:zoe@acme.example
ATTENDEE;CUTYPE=INDIVIDUAL;PARTSTAT=DECLINED;CN=Li:mailto:li@acme.example
DESCRIPTION:SECRETWORD join at https://meet.example/abc\\nline two of the
 invitation SECRETWORD
LOCATION:SECRETWORD room
X-MICROSOFT-CDO-OWNERAPPTID:-12345
SUMMARY:SECRETWORD title
BEGIN:VALARM
ACTION:DISPLAY
DESCRIPTION:SECRETWORD reminder
TRIGGER:-P0DT0H10M0S
END:VALARM
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=America/New_York:20260119T223000
DTEND;TZID=America/New_York:20260119T233000
RECURRENCE-ID;TZID=America/New_York:20260119T223000
UID:weekly@example.com
SEQUENCE:1
STATUS:CANCELLED
ORGANIZER:mailto:kim@supplier.example
END:VEVENT
BEGIN:VEVENT
DTSTART:20260211T233000Z
UID:once@example.com
ORGANIZER:mailto:kim@supplier.example
ATTENDEE:mailto:zoe@acme.example
END:VEVENT
BEGIN:VTODO
UID:todo@example.com
SUMMARY:SECRETWORD to do
DTSTART:20260105T090000Z
END:VTODO
BEGIN:VJOURNAL
UID:journal@example.com
DESCRIPTION:SECRETWORD journal
END:VJOURNAL
END:VCALENDAR
""".replace("\n", "\r\n")


def test_only_the_properties_read_reach_the_parser_folded_lines_included():
    kept = only_what_is_read(EXPORT.encode("utf-8")).decode("utf-8")
    assert "SECRETWORD" not in kept
    assert "VTODO" not in kept and "VALARM" not in kept and "VJOURNAL" not in kept
    assert "CN=Zoë\r\n  Łukasik;X-NUM-GUESTS=0:mailto:zoe@acme.example" in kept  # a folded attendee stays whole
    assert "TZOFFSETFROM:-0400" in kept and "X-WR-TIMEZONE:Europe/Berlin" in kept  # zones and calendar kept
    assert "SUMMARY:SECRETWORD title" in only_what_is_read(EXPORT.encode("utf-8"), subjects=True).decode("utf-8")
    assert only_what_is_read(b"") == b""


def test_the_meetings_read_are_those_of_a_full_expansion_of_the_whole_file(tmp_path):
    path = tmp_path / "export.ics"
    path.write_bytes(EXPORT.encode("utf-8"))
    as_of = dt.date(2026, 12, 31)
    tally = Tally()
    got = {(e.id, e.date, tuple(a.address for a in e.addresses)) for e in read_calendars([path], as_of, tally)}
    # The same with the libraries used plainly: the whole file parsed, every occurrence copied out.
    calendar = icalendar.Calendar.from_ical(EXPORT)
    expected = set()
    for event in recurring_ical_events.of(calendar).between(dt.date(1900, 1, 1), as_of):
        if str(event.get("STATUS") or "") == "CANCELLED":
            continue
        uid = str(event["UID"])
        if uid == "weekly@example.com":
            start = event["RECURRENCE-ID"].dt.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
            uid = f"{uid}|{start}"
        expected.add((uid, event["DTSTART"].dt.date().isoformat(),
                      ("kim@supplier.example", "zoe@acme.example")))
    assert got == expected
    assert got == {  # 22:30 in New York is the same day there; X-WR-TIMEZONE puts a UTC time in Berlin's day
        ("weekly@example.com|20260106T033000Z", "2026-01-05", ("kim@supplier.example", "zoe@acme.example")),
        ("weekly@example.com|20260127T033000Z", "2026-01-26", ("kim@supplier.example", "zoe@acme.example")),
        ("once@example.com", "2026-02-12", ("kim@supplier.example", "zoe@acme.example")),
    }
    assert tally.skipped == {"cancelled": 1}
    assert tally.left_out == {"declined attendees": 2}


def test_a_one_off_event_after_as_of_is_not_read_and_one_without_a_start_is_counted(tmp_path):
    path = tmp_path / "c.ics"
    path.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:later\r\nDTSTART:20270101T100000Z\r\n"
                    "ORGANIZER:mailto:a@x.example\r\nATTENDEE:mailto:b@y.example\r\nEND:VEVENT\r\n"
                    "BEGIN:VEVENT\r\nUID:nostart\r\nORGANIZER:mailto:a@x.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
                    encoding="utf-8")
    tally = Tally()
    assert list(read_calendars([path], dt.date(2026, 6, 1), tally)) == []
    assert tally.read == 1 and tally.skipped == {"no start": 1}
