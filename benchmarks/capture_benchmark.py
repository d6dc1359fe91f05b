"""Import a generated mailbox and calendar, each as a whole ``kamgraph`` process, beside a baseline that only parses them.

Generated here (nothing real): 20 accounts of 50 contacts each and a
30-person team; an mbox of 100,000 messages (1–4 KB bodies, an attachment in
one of ten, list and automated mail, messages without a Message-ID, unknown
stakeholders, internal mail); a calendar of 10,000 meetings once expanded
(400 weekly series of 20, with an EXDATE and a moved instance in each, and
2,000 single meetings).

Baselines, also whole processes: the mbox read with the standard library
(``for message in mailbox.mbox(path)``: each message parsed, From, To, Cc
and Date read), and the calendar parsed with ``icalendar`` and its events
walked (no expansion). kamgraph is measured with ``--dry-run`` (read, match,
check against the store: everything but the write) and for the whole import.

Memory: the peak resident size of each process, for the mailbox at a quarter,
half and all of its size.

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
                   seed: int = 11) -> int:
    """A calendar of ``series`` weekly meetings of 20 (one EXDATE and one moved instance each) and ``singles``."""
    rng = random.Random(seed)
    out = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//kamgraph benchmark//EN"]

    def attendees(a: int) -> list[str]:
        return [f"ATTENDEE;CN=Guest;PARTSTAT=ACCEPTED:mailto:{x}" for x in rng.sample(contacts[a], 2)]

    def fmt(t: dt.datetime) -> str:
        return t.strftime("%Y%m%dT%H%M%SZ")

    for s in range(series):
        a, start = rng.randrange(20), START + dt.timedelta(days=rng.randrange(300), hours=rng.randrange(8))
        common = [f"UID:series{s}@bench.invalid", "DTSTAMP:20250101T000000Z", f"ORGANIZER:mailto:{rng.choice(ours)}",
                  *attendees(a), "SUMMARY:Weekly sync"]
        out += ["BEGIN:VEVENT", f"DTSTART:{fmt(start)}", f"DTEND:{fmt(start + dt.timedelta(hours=1))}",
                "RRULE:FREQ=WEEKLY;COUNT=21", f"EXDATE:{fmt(start + dt.timedelta(weeks=3))}", *common, "END:VEVENT"]
        moved = start + dt.timedelta(weeks=5)
        out += ["BEGIN:VEVENT", f"RECURRENCE-ID:{fmt(moved)}", f"DTSTART:{fmt(moved + dt.timedelta(days=1))}",
                f"DTEND:{fmt(moved + dt.timedelta(days=1, hours=1))}", *common, "END:VEVENT"]
    for e in range(singles):
        a, start = rng.randrange(20), START + dt.timedelta(days=rng.randrange(600), hours=rng.randrange(8))
        out += ["BEGIN:VEVENT", f"UID:single{e}@bench.invalid", "DTSTAMP:20250101T000000Z", f"DTSTART:{fmt(start)}",
                f"DTEND:{fmt(start + dt.timedelta(hours=1))}", f"ORGANIZER:mailto:{rng.choice(ours)}", *attendees(a),
                "SUMMARY:Visit", "END:VEVENT"]
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
    parser.add_argument("--out", type=Path, help="Directory for the generated files (default: a temporary one).")
    options = parser.parse_args()
    work = options.out or Path(tempfile.mkdtemp(prefix="kamgraph-capture-"))
    messages = int(100_000 * options.scale)
    ours, contacts = people(work / "people")
    sizes = [messages // 4, messages // 2, messages]
    for n in sizes:
        if not (work / f"mail-{n}.mbox").exists():  # --out an earlier run's directory: its files are reused
            write_mbox(work / f"mail-{n}.mbox", n, ours, contacts)
    meetings = write_calendar(work / "calendar.ics", int(400 * options.scale), int(2000 * options.scale), ours, contacts)
    store = str(work / "store")
    shutil.rmtree(store, ignore_errors=True)
    subprocess.run([sys.executable, "-c", KAMGRAPH, "--store", store, "import", str(work / "people")], check=True,
                   stdout=subprocess.DEVNULL)

    def kamgraph(*args: str) -> list[str]:
        return [KAMGRAPH, "--store", store, "import", *args, "--our-domain", OURS]

    def median_pair(base_args: list[str], kam_args: list[str]) -> tuple[tuple[float, float], tuple[float, float]]:
        """Baseline and kamgraph taken in turn ``--repeat`` times (the machine is shared): the median of each."""
        base, kam = [], []
        for _ in range(options.repeat):
            base.append(measure(base_args))
            kam.append(measure(kam_args))
        return sorted(base)[len(base) // 2], sorted(kam)[len(kam) // 2]

    rows = []
    for n in sizes:
        path = str(work / f"mail-{n}.mbox")
        base, dry = median_pair([BASELINE_MAIL, path], kamgraph("mail", path, "--dry-run")) if n == messages else (
            measure([BASELINE_MAIL, path]), measure(kamgraph("mail", path, "--dry-run")))
        rows.append((f"mbox, {n:,} messages ({os.path.getsize(path) / 1e6:.0f} MB)", base, dry))
    cal_path = str(work / "calendar.ics")
    cal_base, cal_dry = median_pair([BASELINE_CALENDAR, cal_path], kamgraph("calendar", cal_path, "--as-of", AS_OF,
                                                                            "--dry-run"))
    full = measure(kamgraph("mail", str(work / f"mail-{messages}.mbox")))
    cal_full = measure(kamgraph("calendar", cal_path, "--as-of", AS_OF))

    print(f"\nkamgraph import mail / calendar, whole processes ({work}); the largest mailbox and the calendar: "
          f"median of {options.repeat}\n")
    print(f"{'input':<36} {'baseline: parse only':>22} {'kamgraph --dry-run':>20} {'ratio':>6} "
          f"{'peak MB (base / kamgraph)':>26}")
    for label, (bt, bm), (kt, km) in rows:
        print(f"{label:<36} {bt:>20.1f} s {kt:>18.1f} s {kt / bt:>5.2f}× {bm:>12.0f} / {km:.0f}")
    label = f"calendar, {meetings:,} meetings"
    print(f"{label:<36} {cal_base[0]:>20.1f} s {cal_dry[0]:>18.1f} s {cal_dry[0] / cal_base[0]:>5.2f}× "
          f"{cal_base[1]:>12.0f} / {cal_dry[1]:.0f}")
    print(f"\nWhole import (read, match, write in one transaction): mbox of {messages:,}: {full[0]:.1f} s "
          f"({full[1]:.0f} MB peak); calendar: {cal_full[0]:.1f} s ({cal_full[1]:.0f} MB peak).")

if __name__ == "__main__":
    main()
