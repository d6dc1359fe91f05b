"""Import a generated mailbox and calendar, each as a whole ``kamgraph`` process, beside baselines that only parse them.

Generated here (nothing real): 20 accounts of 50 contacts each and a
30-person team; an mbox of 100,000 messages (1–4 KB bodies, an attachment in
one of ten, list and automated mail, messages without a Message-ID, unknown
stakeholders, internal mail); a calendar of 10,000 meetings once expanded
(400 weekly series of 20, with an EXDATE and a moved instance in each, and
2,000 single meetings), written twice: *lean*, with only the properties
kamgraph reads, and *as exported*, shaped like a Google Calendar export
(attendee parameters, a description, a location, created/modified stamps,
vendor properties and a reminder alarm on every event).

Baselines, also whole processes: the mbox read with the standard library
(``for message in mailbox.mbox(path)``: each message parsed, From, To, Cc
and Date read); the calendar parsed with ``icalendar`` and its events walked
(*parse only*: no expansion, which the issue's target is set against), and
also parsed and expanded up to ``--as-of`` with ``recurring-ical-events``
(*parse + expand*: what kamgraph has to do too, the library used plainly).
kamgraph is measured with ``--dry-run`` (read, match, check against the store:
everything but the write) with the embedded server already running (it stays up
between commands, ``KAMGRAPH_SERVER_IDLE``), and once from a stopped server to
show the store's start apart; the whole import (write included) is measured
for every mailbox size.

Memory: the peak resident size of each process, for mailboxes of a tenth,
half and all of the size; it must not grow with the mailbox.

Run on demand::

    python benchmarks/capture_benchmark.py            # 100,000 messages, 10,000 meetings
    python benchmarks/capture_benchmark.py --scale 0.1
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import email.utils
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OURS = "kamsupplier.com"
FIRST = ["Anna", "Jonas", "Mette", "Lars", "Sofia", "Yuki", "Omar", "Léa", "Piotr", "Ines", "Ravi", "Chen", "Zoë"]
LAST = ["Berg", "Nielsen", "Schmidt", "Rossi", "Tanaka", "Haddad", "Dubois", "Nowak", "Silva", "Kaya", "Łukasik"]
START = dt.datetime(2025, 1, 6, 9, 0, tzinfo=dt.UTC)
AS_OF = "2026-11-30"


def people(directory: Path) -> tuple[list[str], dict[int, list[str]]]:
    """Write the native CSVs of the accounts and people; return our addresses and each account's contacts'."""
    directory.mkdir(parents=True, exist_ok=True)
    ours = [f"user{i}@{OURS}" for i in range(30)]
    contacts = {a: [f"c{a}.{i}@acct{a}-corp.com" for i in range(50)] for a in range(20)}
    with open(directory / "accounts.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "domains"])
        w.writerows([[f"A{a}", f"Account {a}", f"acct{a}-corp.com" if a % 2 else ""] for a in range(20)])
    rng = random.Random(1)
    with open(directory / "people.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "side", "account", "email"])
        for i, address in enumerate(ours):
            w.writerow([f"U{i}", f"{rng.choice(FIRST)} {rng.choice(LAST)}", "supplier", "", address])
        for a, addresses in contacts.items():
            for i, address in enumerate(addresses):
                w.writerow([f"C{a}.{i}", f"{rng.choice(FIRST)} {rng.choice(LAST)}", "customer", f"A{a}", address])
    with open(directory / "team.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["account", "person", "role"])
        w.writerows([[f"A{a}", f"U{(a + k) % 30}", "KAM" if k == 0 else "KAE"] for a in range(20) for k in range(3)])
    return ours, contacts


def write_mbox(path: Path, n: int, ours: list[str], contacts: dict[int, list[str]], seed: int = 7) -> None:
    """An mbox written directly (mailbox.mbox's add is slow at this size), From_ lines and >From quoting included."""
    rng = random.Random(seed)
    words = "the plan for next quarter looks good and we should meet to discuss volumes pricing and delivery".split()
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for i in range(n):
            a = rng.randrange(20)
            customer = rng.sample(contacts[a], 3)
            team = rng.sample(ours, 2)
            if rng.random() < 0.5:
                sender, to, cc = customer[0], [team[0]], [customer[1]] if rng.random() < 0.5 else []
            else:
                sender, to, cc = team[0], customer[:rng.randint(1, 2)], [team[1]] if rng.random() < 0.3 else []
            if rng.random() < 0.02:
                cc.append(f"new{i % 500}@acct{a}-corp.com")  # an unknown stakeholder
            when = START + dt.timedelta(minutes=7 * i)
            headers = [f"From: {rng.choice(FIRST)} {rng.choice(LAST)} <{sender}>", f"To: {', '.join(to)}",
                       *([f"Cc: {', '.join(cc)}"] if cc else []), f"Date: {email.utils.format_datetime(when)}",
                       f"Subject: Re: {' '.join(rng.sample(words, 5))}", "MIME-Version: 1.0"]
            if rng.random() > 0.05:
                headers.append(f"Message-ID: <m{i}.{seed}@bench.invalid>")
            kind = rng.random()
            if kind < 0.05:
                headers.append(f"List-Id: <news.acct{a}-corp.com>")
            elif kind < 0.08:
                headers.append("Auto-Submitted: auto-replied")
            elif kind < 0.10:
                headers[1] = f"To: {team[1]}"  # internal mail only
                headers[0] = f"From: <{team[0]}>"
            body = "\n".join(" ".join(rng.choices(words, k=12)) for _ in range(rng.randint(15, 50)))
            if rng.random() < 0.1:
                headers.append('Content-Type: multipart/mixed; boundary="b1"')
                body = (f"--b1\nContent-Type: text/plain\n\n{body}\n--b1\nContent-Type: application/pdf\n"
                        f"Content-Transfer-Encoding: base64\n\n" + ("QUJD" * 19 + "\n") * 60 + "--b1--\n")
            body = body.replace("\nFrom ", "\n>From ")
            f.write(f"From {sender} {when.strftime('%a %b %d %H:%M:%S %Y')}\n" + "\n".join(headers) + "\n\n" + body + "\n\n")


def write_calendar(path: Path, series: int, singles: int, ours: list[str], contacts: dict[int, list[str]],
                   seed: int = 11, exported: bool = False) -> int:
    """A calendar of ``series`` weekly meetings of 20 (one EXDATE and one moved instance each) and ``singles``.

    ``exported``: every event also carries what a Google Calendar export puts on it and kamgraph never reads.
    """
    rng = random.Random(seed)
    out = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//kamgraph benchmark//EN"]

    def attendees(a: int) -> list[str]:
        if not exported:
            return [f"ATTENDEE;CN=Guest;PARTSTAT=ACCEPTED:mailto:{x}" for x in rng.sample(contacts[a], 2)]
        return [f"ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=TRUE;CN=Guest Name;X-NUM-GUE\r\n"
                f" STS=0:mailto:{x}" for x in rng.sample(contacts[a], 2)]

    def extras(n: int) -> list[str]:
        if not exported:
            return []
        return ["CREATED:20241201T100000Z", "LAST-MODIFIED:20241215T100000Z", "SEQUENCE:0", "STATUS:CONFIRMED",
                "TRANSP:OPAQUE", f"X-GOOGLE-CONFERENCE:https://meet.example.com/abc-defg-{n:04d}",
                "DESCRIPTION:Join with Google Meet: https://meet.example.com/abc-defg-hij\\nOr dial: (US) +1 555-0100 PI\r\n"
                " N: 123456789#\\n\\nAgenda: volumes\\, pricing and delivery for next quarter. Please bring the lat\r\n"
                " est forecast.\\n\\nLearn more about Meet at: https://support.example.com/meet",
                "LOCATION:Meeting room 4.12\\, Main building", "BEGIN:VALARM", "ACTION:DISPLAY",
                "DESCRIPTION:This is an event reminder", "TRIGGER:-P0DT0H10M0S", "END:VALARM"]

    def fmt(t: dt.datetime) -> str:
        return t.strftime("%Y%m%dT%H%M%SZ")

    for s in range(series):
        a, start = rng.randrange(20), START + dt.timedelta(days=rng.randrange(300), hours=rng.randrange(8))
        common = [f"UID:series{s}@bench.invalid", "DTSTAMP:20250101T000000Z", f"ORGANIZER:mailto:{rng.choice(ours)}",
                  *attendees(a), "SUMMARY:Weekly sync", *extras(s)]
        out += ["BEGIN:VEVENT", f"DTSTART:{fmt(start)}", f"DTEND:{fmt(start + dt.timedelta(hours=1))}",
                "RRULE:FREQ=WEEKLY;COUNT=21", f"EXDATE:{fmt(start + dt.timedelta(weeks=3))}", *common, "END:VEVENT"]
        moved = start + dt.timedelta(weeks=5)
        out += ["BEGIN:VEVENT", f"RECURRENCE-ID:{fmt(moved)}", f"DTSTART:{fmt(moved + dt.timedelta(days=1))}",
                f"DTEND:{fmt(moved + dt.timedelta(days=1, hours=1))}", *common, "END:VEVENT"]
    for e in range(singles):
        a, start = rng.randrange(20), START + dt.timedelta(days=rng.randrange(600), hours=rng.randrange(8))
        out += ["BEGIN:VEVENT", f"UID:single{e}@bench.invalid", "DTSTAMP:20250101T000000Z", f"DTSTART:{fmt(start)}",
                f"DTEND:{fmt(start + dt.timedelta(hours=1))}", f"ORGANIZER:mailto:{rng.choice(ours)}", *attendees(a),
                "SUMMARY:Visit", *extras(e), "END:VEVENT"]
    out.append("END:VCALENDAR")
    path.write_text("\r\n".join(out) + "\r\n", encoding="utf-8", newline="")
    return series * 20 + singles


BASELINE_MAIL = """
import mailbox, sys
n = 0
for message in mailbox.mbox(sys.argv[1]):
    message['From'], message['To'], message['Cc'], message['Date']; n += 1
print(n)
"""
BASELINE_CALENDAR = """
import icalendar, sys
calendar = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
print(sum(1 for event in calendar.walk('VEVENT') if event.get('DTSTART') is not None))
"""
BASELINE_EXPANSION = """
import datetime, icalendar, recurring_ical_events, sys
calendar = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
until = datetime.date.fromisoformat(sys.argv[2]) + datetime.timedelta(days=1)
print(sum(1 for event in recurring_ical_events.of(calendar).between(datetime.date(1900, 1, 1), until)))
"""
KAMGRAPH = "from kamgraph.cli import main; main()"


def measure(args: list[str]) -> tuple[float, float]:
    """Seconds and peak resident MB of one whole process."""
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a full pipe would stall the process measured
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-c", *args], stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        if status != 0:
            errors.seek(0)
            raise SystemExit(f"failed: {args}\n{errors.read().decode()}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="Fraction of 100,000 messages and 10,000 meetings.")
    parser.add_argument("--repeat", type=int, default=3, help="Runs of the largest mailbox and the calendar (median).")
    parser.add_argument("--mail-repeat", type=int, help="Runs of the largest mailbox (default: --repeat).")
    parser.add_argument("--out", type=Path, help="Directory for the generated files (default: a temporary one).")
    options = parser.parse_args()
    work = options.out or Path(tempfile.mkdtemp(prefix="kamgraph-capture-"))
    messages = int(100_000 * options.scale)
    ours, contacts = people(work / "people")
    sizes = [messages // 10, messages // 2, messages]
    for n in sizes:
        if not (work / f"mail-{n}.mbox").exists():  # --out an earlier run's directory: its files are reused
            write_mbox(work / f"mail-{n}.mbox", n, ours, contacts)
    calendars = {}
    for shape in ("lean", "as exported"):
        path = work / f"calendar-{shape.replace(' ', '-')}.ics"
        calendars[shape] = path, write_calendar(path, int(400 * options.scale), int(2000 * options.scale), ours,
                                                contacts, exported=shape != "lean")
    store = str(work / "store")
    shutil.rmtree(store, ignore_errors=True)
    subprocess.run([sys.executable, "-c", KAMGRAPH, "--store", store, "import", str(work / "people")], check=True,
                   stdout=subprocess.DEVNULL)
    environment = os.environ.pop("KAMGRAPH_SERVER_IDLE", None)  # the default: the server stays up between commands

    def kamgraph(*args: str) -> list[str]:
        return [KAMGRAPH, "--store", store, "import", *args, "--our-domain", OURS]

    def stop_server() -> None:
        subprocess.run([sys.executable, "-c", KAMGRAPH, "--store", store, "store", "stop"], check=True,
                       stdout=subprocess.DEVNULL)

    def median(runs: list[tuple[float, float]]) -> tuple[float, float]:
        return sorted(runs)[len(runs) // 2]

    def interleaved(*commands: list[str], repeat: int) -> list[tuple[float, float]]:
        """Each command run in turn ``repeat`` times (the machine is shared): the median of each."""
        runs: list[list[tuple[float, float]]] = [[] for _ in commands]
        for _ in range(repeat):
            for out, command in zip(runs, commands, strict=True):
                out.append(measure(command))
        return [median(r) for r in runs]

    mail_rows = []
    for n in sizes:
        path = str(work / f"mail-{n}.mbox")
        repeat = (options.mail_repeat or options.repeat) if n == messages else 1
        base, dry, full = interleaved([BASELINE_MAIL, path], kamgraph("mail", path, "--dry-run"),
                                      kamgraph("mail", path), repeat=repeat)
        mail_rows.append((n, os.path.getsize(path) / 1e6, base, dry, full))
    calendar_rows = []
    for shape, (path, meetings) in calendars.items():
        base, expand, dry = interleaved([BASELINE_CALENDAR, str(path)], [BASELINE_EXPANSION, str(path), AS_OF],
                                        kamgraph("calendar", str(path), "--as-of", AS_OF, "--dry-run"),
                                        repeat=options.repeat)
        calendar_rows.append((shape, meetings, base, expand, dry))
    path = str(calendars["as exported"][0])
    cold = []
    for _ in range(options.repeat):
        stop_server()
        cold.append(measure(kamgraph("calendar", path, "--as-of", AS_OF, "--dry-run")))
    cold_dry = median(cold)
    full_calendar = measure(kamgraph("calendar", path, "--as-of", AS_OF))
    stop_server()
    if environment is not None:
        os.environ["KAMGRAPH_SERVER_IDLE"] = environment

    print(f"\nkamgraph import mail / calendar, whole processes ({work}); embedded server running; median of "
          f"{options.mail_repeat or options.repeat} for the largest mailbox and {options.repeat} for the calendars, "
          "each taken in turn with its baselines\n")
    print(f"{'mailbox':<30} {'parse only':>11} {'--dry-run':>10} {'ratio':>6} {'import':>9} "
          f"{'peak MB: parse / --dry-run / import':>36}")
    for n, megabytes, (bt, bm), (dt_, dm), (ft, fm) in mail_rows:
        label = f"mbox, {n:,} messages ({megabytes:.0f} MB)"
        print(f"{label:<30} {bt:>9.1f} s {dt_:>8.1f} s {dt_ / bt:>5.2f}× {ft:>7.1f} s {bm:>16.0f} / {dm:.0f} / {fm:.0f}")
    print(f"\n{'calendar':<34} {'parse only':>11} {'parse+expand':>13} {'--dry-run':>10} {'ratio to each':>14} "
          f"{'peak MB':>16}")
    for shape, meetings, (bt, bm), (et, em), (kt, km) in calendar_rows:
        label = f"{meetings:,} meetings, {shape}"
        print(f"{label:<34} {bt:>9.1f} s {et:>11.1f} s {kt:>8.1f} s {kt / bt:>6.2f}× / {kt / et:.2f}× "
              f"{bm:>6.0f} / {em:.0f} / {km:.0f}")
    print(f"\nThe calendar as exported from a stopped server (the store's start included): {cold_dry[0]:.1f} s "
          f"({cold_dry[0] - calendar_rows[-1][4][0]:+.1f} s); the whole import (write included): "
          f"{full_calendar[0]:.1f} s, {full_calendar[1]:.0f} MB peak.")


if __name__ == "__main__":
    main()
