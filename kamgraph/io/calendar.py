"""Reading iCalendar files (``.ics``, as Google Calendar, Outlook and Apple Calendar export them) for who met whom.

Each meeting that took place up to a given day becomes an
:class:`~kamgraph.io.capture.Exchange` of kind ``meeting`` between its
organiser and its attendees. ``icalendar`` parses the files and
``recurring-ical-events`` expands recurring meetings (RRULE, RDATE, EXDATE,
and instances moved or cancelled one by one through RECURRENCE-ID).

Left out: cancelled meetings and cancelled instances, attendees who declined,
rooms and resources; skipped and counted: all-day events (holidays, travel,
out of office). Only addresses, display names, the day and the event's UID
are read; the title only when asked, never the description, location or
attachments.

A meeting's day is the day in its own time zone (a call at 22:30 in New York
is on that day there). The id of a single meeting is its UID; of one instance
of a recurring meeting, the UID and the instance's original start, so
importing the same calendar twice yields the same ids.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from kamgraph.io.capture import Address, Exchange, Tally, normalise_address
from kamgraph.model import Origin, Problem, ValidationError

Progress = Callable[[int, int], None]  # (files read so far, files in all)
EARLIEST = _dt.date(1900, 1, 1)
NOT_PEOPLE = ("ROOM", "RESOURCE")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # CUTYPE of attendees that are not people


def calendar_files(paths: list[str | Path]) -> list[Path]:
    """The .ics files to read (a directory means every .ics below it); refuses paths that are neither."""
    out: list[Path] = []
    problems: list[Problem] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() == ".ics" and p.is_file())
            if not found:
                problems.append(Problem("holds no .ics files", Origin(str(path))))
            out += found
        elif path.is_file():
            out.append(path)
        else:
            problems.append(Problem("no such file or directory", Origin(str(path))))
    if problems:
        raise ValidationError(problems)
    return out


# What is read of an event; every other property of it (description, location, conference links, alarms,
# attachments, vendor extensions …) is dropped before parsing, so it is never even parsed. SEQUENCE tells
# recurring-ical-events which of two versions of an instance is the later.
EVENT_PROPERTIES = frozenset({b"UID", b"DTSTART", b"DTEND", b"DURATION", b"RRULE", b"RDATE", b"EXDATE", b"EXRULE",
                              b"RECURRENCE-ID", b"SEQUENCE", b"STATUS", b"ORGANIZER", b"ATTENDEE"})
# Components kept whole: the calendar, its events and the time zones their times refer to. Others (to-dos,
# journals, free/busy, an event's alarms) are dropped with everything in them.
KEPT_COMPONENTS = frozenset({b"VCALENDAR", b"VEVENT", b"VTIMEZONE", b"STANDARD", b"DAYLIGHT"})
_NAME_END = re.compile(rb"[;:]")


def only_what_is_read(data: bytes, subjects: bool = False) -> bytes:
    r"""The iCalendar text with only what kamgraph reads (:data:`EVENT_PROPERTIES`, SUMMARY when ``subjects``).

    Works on content lines as RFC 5545 folds them (a line that starts with a space or a tab continues the one
    before) and does not judge them: whatever is malformed in what is kept, ``icalendar`` refuses as before.

    >>> text = b"BEGIN:VEVENT\r\nUID:1\r\nDESCRIPTION:secret\r\n  more\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\n"
    >>> only_what_is_read(text + b"END:VALARM\r\nEND:VEVENT\r\n")
    b'BEGIN:VEVENT\r\nUID:1\r\nEND:VEVENT\r\n'
    """
    wanted = EVENT_PROPERTIES | {b"SUMMARY"} if subjects else EVENT_PROPERTIES
    out: list[bytes] = []
    stack: list[bytes] = []
    dropped = 0  # depth inside a component that is left out
    keep = True  # the line a continuation line belongs to was kept
    for line in data.splitlines(keepends=True):
        if line[:1] in (b" ", b"\t"):
            if keep:
                out.append(line)
            continue
        found = _NAME_END.search(line)
        name = line[: found.start()].strip().upper() if found else b""
        if name == b"BEGIN":
            component = line[found.end():].strip().upper()
            if dropped or component not in KEPT_COMPONENTS:
                dropped += 1
            else:
                stack.append(component)
        elif name == b"END" and dropped:
            dropped -= 1
            keep = False
            continue
        elif name == b"END" and stack:
            stack.pop()
        keep = not dropped and (name in (b"BEGIN", b"END") or not stack or stack[-1] != b"VEVENT" or name in wanted
                                or not found)
        if keep:
            out.append(line)
    return b"".join(out)


def _parse(path: Path, subjects: bool = False):
    import icalendar

    try:
        calendars = icalendar.Calendar.from_ical(only_what_is_read(path.read_bytes(), subjects), multiple=True)
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise ValidationError([Problem(f"is not a readable iCalendar file ({exc})", Origin(str(path)))]) from None
    if not calendars:
        raise ValidationError([Problem("holds no VCALENDAR", Origin(str(path)))])
    return calendars


def _address(value) -> Address | None:
    address = normalise_address(str(value))
    if address is None:
        return None
    name = value.params.get("CN") if hasattr(value, "params") else None
    name = " ".join(str(name).strip().strip('"').split()) if name else None
    return Address(address, name or None)


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _instant(value) -> str:
    """An occurrence's start as text that stays the same from one export to the next (UTC when it has a zone)."""
    if isinstance(value, _dt.datetime) and value.tzinfo is not None:
        value = value.astimezone(_dt.UTC)
        return value.strftime("%Y%m%dT%H%M%SZ")
    if isinstance(value, _dt.datetime):
        return value.strftime("%Y%m%dT%H%M%S")
    return value.strftime("%Y%m%d")


class _Meeting:
    """What kamgraph reads of one event component, worked out once for every occurrence of it."""

    __slots__ = ("cancelled", "left_out", "people", "recurrence", "subject", "uid")

    def __init__(self, event, recurring: set[str], subjects: bool):
        self.cancelled = str(event.get("STATUS") or "").upper() == "CANCELLED"
        people: dict[str, Address] = {}
        left_out: list[str] = []
        organizer = _address(event["ORGANIZER"]) if event.get("ORGANIZER") is not None else None
        if organizer:
            people[organizer.address] = organizer
        for attendee in _as_list(event.get("ATTENDEE")):
            params = getattr(attendee, "params", {})
            if str(params.get("CUTYPE", "")).upper() in NOT_PEOPLE:
                left_out.append("rooms and resources")
                continue
            if str(params.get("PARTSTAT", "")).upper() == "DECLINED":
                left_out.append("declined attendees")
                continue
            found = _address(attendee)
            if found and found.address not in people:
                people[found.address] = found
        self.people = tuple(people.values())
        self.left_out = left_out
        uid = str(event.get("UID") or "").strip()
        if _CONTROL.search(uid):  # an id is printable text (kamgraph.model): hash it like a missing one
            uid = ""
        self.uid = uid
        self.recurrence = None  # each instance of a recurring meeting has an id of its own
        if uid and uid in recurring:
            recurrence = event.get("RECURRENCE-ID")  # an override: the instance's original start, even when moved
            self.recurrence = recurrence.dt if recurrence is not None else True
        self.subject = (" ".join(str(event.get("SUMMARY")).split()) or None
                        if subjects and event.get("SUMMARY") else None)


def _exchange(meeting: _Meeting, start, source: str, as_of: _dt.date, tally: Tally) -> Exchange | None:
    """The meeting held at ``start`` (an occurrence of ``meeting``), or None (counted in ``tally``)."""
    tally.read += 1
    if meeting.cancelled:
        tally.skip("cancelled")
        return None
    if start is None:
        tally.skip("no start")
        return None
    if not isinstance(start, _dt.datetime):
        tally.skip("all-day event")
        return None
    day = start.date()
    if day > as_of:
        tally.skip("after --as-of")
        return None
    for reason in meeting.left_out:
        tally.left_out[reason] += 1
    if len(meeting.people) < 2:
        tally.skip("nobody else on it")
        return None
    uid = meeting.uid
    if meeting.recurrence is not None:
        uid = f"{uid}|{_instant(start if meeting.recurrence is True else meeting.recurrence)}"
    elif not uid:
        key = "\x1f".join([source, _instant(start), *sorted(a.address for a in meeting.people)])
        uid = "ics-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return Exchange(uid, "meeting", day.isoformat(), meeting.people, meeting.subject, source)


def exchange_from_event(event, source: str, as_of: _dt.date, tally: Tally, recurring: set[str],
                        subjects: bool = False) -> Exchange | None:
    """The meeting one event (or one expanded occurrence of it) describes, or None (counted in ``tally``)."""
    start = event.get("DTSTART")
    return _exchange(_Meeting(event, recurring, subjects), start.dt if start is not None else None, source,
                     as_of, tally)


def _occurrences(calendar, recurring: set[str], until: _dt.date) -> Iterator[tuple]:
    """``(event component, start)`` of every occurrence that starts before ``until``, recurrences expanded.

    A one-off event (its UID has no RRULE, RDATE or RECURRENCE-ID anywhere) is its own only occurrence. The
    recurring ones go to recurring-ical-events (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides), whose own
    results are a copy of the event for each occurrence; this asks, through its ``occurrence`` class hook,
    for the source component and the occurrence's start only, so an event is read once however often it
    recurs. A Google export's X-WR-TIMEZONE is applied first, to both kinds (``x-wr-timezone``).
    """
    import icalendar
    import recurring_ical_events
    import x_wr_timezone
    from recurring_ical_events.adapters.event import EventAdapter
    from recurring_ical_events.occurrence import Occurrence
    from recurring_ical_events.selection.name import ComponentsWithName

    class Adapter(EventAdapter):
        @property
        def source(self):
            return self._component

    class Light(Occurrence):
        def as_component(self, keep_recurrence_attributes: bool):  # noqa: FBT001, ARG002
            return self._adapter.source, self.start

    calendar = x_wr_timezone.to_standard(calendar)
    series = icalendar.Calendar()
    for component in calendar.subcomponents:
        if component.name == "VEVENT" and str(component.get("UID")) not in recurring:
            start = component.get("DTSTART")
            start = start.dt if start is not None else None
            if start is None or (start.date() if isinstance(start, _dt.datetime) else start) < until:
                yield component, start
        elif component.name in ("VEVENT", "VTIMEZONE"):
            series.add_component(component)
    if any(c.name == "VEVENT" for c in series.subcomponents):
        select = ComponentsWithName("VEVENT", adapter=Adapter, occurrence=Light)
        yield from recurring_ical_events.of(series, skip_bad_series=True, components=[select]).between(EARLIEST, until)


def read_calendars(paths: list[str | Path], as_of: _dt.date, tally: Tally, *, subjects: bool = False,
                   progress: Progress | None = None) -> Iterator[Exchange]:
    """Every meeting in the .ics files at ``paths`` that took place up to ``as_of``, recurrences expanded.

    A file that cannot be parsed is refused (:class:`ValidationError` naming
    it) before anything is written; left-out events are counted in ``tally``.
    """
    files = calendar_files(paths)
    if progress:
        progress(0, len(files))
    for number, path in enumerate(files, start=1):
        for calendar in _parse(path, subjects):
            # A UID with an RRULE, RDATE or RECURRENCE-ID anywhere: its instances get ids of their own.
            recurring = {str(e.get("UID")) for e in calendar.walk("VEVENT")
                         if e.get("RRULE") or e.get("RDATE") or e.get("RECURRENCE-ID")}
            try:
                occurrences = list(_occurrences(calendar, recurring, as_of + _dt.timedelta(days=1)))
            except (ValueError, KeyError, TypeError) as exc:
                raise ValidationError([Problem(f"has events that cannot be expanded ({exc})", Origin(str(path)))]) from None
            meetings: dict[int, _Meeting] = {}
            for event, start in occurrences:
                meeting = meetings.get(id(event))
                if meeting is None:
                    meeting = meetings[id(event)] = _Meeting(event, recurring, subjects)
                found = _exchange(meeting, start, str(path), as_of, tally)
                if found:
                    yield found
        if progress:
            progress(number, len(files))
