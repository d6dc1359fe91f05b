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


def _parse(path: Path):
    import icalendar

    try:
        calendars = icalendar.Calendar.from_ical(path.read_bytes(), multiple=True)
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


def exchange_from_event(event, source: str, as_of: _dt.date, tally: Tally, recurring: set[str],
                        subjects: bool = False) -> Exchange | None:
    """The meeting an event occurrence describes, or None (counted in ``tally``) when it is left out."""
    tally.read += 1
    if str(event.get("STATUS") or "").upper() == "CANCELLED":
        tally.skip("cancelled")
        return None
    start = event.get("DTSTART")
    if start is None:
        tally.skip("no start")
        return None
    start = start.dt
    if not isinstance(start, _dt.datetime):
        tally.skip("all-day event")
        return None
    day = start.date()
    if day > as_of:
        tally.skip("after --as-of")
        return None
    people: dict[str, Address] = {}
    organizer = _address(event["ORGANIZER"]) if event.get("ORGANIZER") is not None else None
    if organizer:
        people[organizer.address] = organizer
    for attendee in _as_list(event.get("ATTENDEE")):
        params = getattr(attendee, "params", {})
        if str(params.get("CUTYPE", "")).upper() in NOT_PEOPLE:
            tally.left_out["rooms and resources"] += 1
            continue
        if str(params.get("PARTSTAT", "")).upper() == "DECLINED":
            tally.left_out["declined attendees"] += 1
            continue
        found = _address(attendee)
        if found and found.address not in people:
            people[found.address] = found
    if len(people) < 2:
        tally.skip("nobody else on it")
        return None
    uid = str(event.get("UID") or "").strip()
    if _CONTROL.search(uid):  # an id is printable text (kamgraph.model): hash it like a missing one
        uid = ""
    if uid in recurring:
        recurrence = event.get("RECURRENCE-ID")  # the instance's original start, even when it was moved
        uid = f"{uid}|{_instant(recurrence.dt if recurrence is not None else start)}"
    elif not uid:
        key = "\x1f".join([source, _instant(start), *sorted(people)])
        uid = "ics-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    subject = " ".join(str(event.get("SUMMARY")).split()) or None if subjects and event.get("SUMMARY") else None
    return Exchange(uid, "meeting", day.isoformat(), tuple(people.values()), subject, source)


def read_calendars(paths: list[str | Path], as_of: _dt.date, tally: Tally, *, subjects: bool = False,
                   progress: Progress | None = None) -> Iterator[Exchange]:
    """Every meeting in the .ics files at ``paths`` that took place up to ``as_of``, recurrences expanded.

    A file that cannot be parsed is refused (:class:`ValidationError` naming
    it) before anything is written; left-out events are counted in ``tally``.
    """
    import recurring_ical_events

    files = calendar_files(paths)
    if progress:
        progress(0, len(files))
    for number, path in enumerate(files, start=1):
        for calendar in _parse(path):
            # A UID with an RRULE, RDATE or RECURRENCE-ID anywhere: its instances get ids of their own.
            recurring = {str(e.get("UID")) for e in calendar.walk("VEVENT")
                         if e.get("RRULE") or e.get("RDATE") or e.get("RECURRENCE-ID")}
            try:
                occurrences = recurring_ical_events.of(calendar, skip_bad_series=True).between(
                    EARLIEST, as_of + _dt.timedelta(days=1))
            except (ValueError, KeyError, TypeError) as exc:
                raise ValidationError([Problem(f"has events that cannot be expanded ({exc})", Origin(str(path)))]) from None
            for event in occurrences:
                found = exchange_from_event(event, str(path), as_of, tally, recurring, subjects)
                if found:
                    yield found
        if progress:
            progress(number, len(files))
