"""Import a realistic generated Salesforce export, then analyse and map it; the import timed beside a baseline.

The export (written here, not a copy of anything real): 6 accounts, about 400
contacts with reporting lines, 40 users (some deactivated), account teams,
opportunities with contact roles, and about 4,000 tasks and events with
invitees — with the quirks of real exports: files in ISO-8859-1 beside UTF-8
with a byte-order mark, CRLF line ends, 15-character ids beside 18-character
ones, the all-zero id, 0/1 and TRUE/FALSE booleans, Excel's day-first dates in
one file, four currencies with CurrencyType.csv and DatedConversionRate.csv,
tasks tied to an opportunity rather than a contact and tasks without an
ActivityDate, deleted rows, activities about leads and about contacts outside
the export, a reporting cycle.

The baseline is kamgraph's own import of the same records once read
(``import_dataset``), so the ratio is what reading a Salesforce export costs.

Run on demand::

    python benchmarks/salesforce_benchmark.py --out /tmp/sf
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import statistics
import tempfile
import time
from pathlib import Path

from kamgraph.analysis import analyze_account
from kamgraph.importer import import_dataset, import_salesforce
from kamgraph.io.salesforce import id18
from kamgraph.render import write_map
from kamgraph.snapshot import load_snapshot
from kamgraph.store import open_store

FIRST = ["Anna", "Jonas", "Mette", "Lars", "Sofia", "Yuki", "Omar", "Léa", "Piotr", "Ines", "Ravi", "Chen", "Aylin"]
LAST = ["Berg", "Nielsen", "Schmidt", "Rossi", "Tanaka", "Haddad", "Dubois", "Nowak", "Silva", "Kaya", "Wang"]
ROLES = ["Business User", "Decision Maker", "Economic Buyer", "Evaluator", "Executive Sponsor", "Influencer",
         "Technical Buyer", "Other", "Procurement Lead"]
TODAY = dt.date(2026, 11, 1)


def sid(prefix: str, n: int) -> str:
    return f"{prefix}Xy{n:010d}"


def write(directory: Path, name: str, header: list[str], rows: list[list], crlf: bool = True,
          encoding: str = "utf-8-sig") -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n" if crlf else "\n").writerows([header, *rows])
    (directory / f"{name}.csv").write_bytes(buffer.getvalue().encode(encoding))


def generate(directory: Path, seed: int = 3) -> None:
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    name = lambda: (rng.choice(FIRST), rng.choice(LAST))  # noqa: E731
    users = [sid("005", n) for n in range(40)]
    write(directory, "User", ["Id", "FirstName", "LastName", "Title", "Email", "Department", "IsActive", "ManagerId"],
          [[u, *name(), rng.choice(["Key Account Manager", "Account Executive", "Sales Engineer", "Service Manager"]),
            f"user{i}@example.com", "Sales", "false" if i % 9 == 8 else "true", users[0] if i else ""]
           for i, u in enumerate(users)])
    accounts = [sid("001", n) for n in range(6)]
    currencies = ["USD", "MXN", "COP", "PEN"]
    write(directory, "Account", ["Id", "Name", "Type", "Industry", "AnnualRevenue", "CurrencyIsoCode", "BillingCountry",
                                 "OwnerId", "IsDeleted"],
          [[id18(a), f"Cliente Peñalolén {i}, S.A.", "Customer", "Retail", str(rng.randint(1, 90) * 100000),
            currencies[i % 4], "México", users[i], "0"] for i, a in enumerate(accounts)], encoding="latin-1")
    write(directory, "CurrencyType", ["IsoCode", "ConversionRate", "IsCorporate", "IsActive"],
          [["USD", "1", "1", "1"], ["MXN", "17.2", "0", "1"], ["COP", "3950", "0", "1"], ["PEN", "3.7", "0", "1"]])
    write(directory, "DatedConversionRate", ["IsoCode", "ConversionRate", "StartDate", "NextStartDate"],
          [["MXN", "17.0", "2024-01-01", "2026-01-01"], ["MXN", "18.1", "2026-01-01", ""],
           ["COP", "4100", "2024-01-01", ""]])
    contacts, rows = [], []
    for n in range(400):
        account = accounts[n % 6]
        cid = sid("003", n)
        peers = [c for c, a in contacts if a == account]
        boss = rng.choice(peers[: max(1, len(peers) // 3)]) if peers else ""
        contacts.append((cid, account))
        rows.append([cid, account, *name(), rng.choice(["Buyer", "Director", "Manager, Logistics", "CFO", "Analyst"]),
                     rng.choice(["Purchasing", "Finance", "Logistics", "IT", "Board"]), f"c{n}@customer.example",
                     boss or "000000000000000AAA", "1" if n % 97 == 5 else "0"])
    rows[1][7], rows[7][7] = rows[7][0], rows[1][0]  # a reporting cycle
    write(directory, "Contact", ["Id", "AccountId", "FirstName", "LastName", "Title", "Department", "Email",
                                 "ReportsToId", "IsDeleted"], rows, encoding="latin-1")
    write(directory, "AccountTeamMember", ["AccountId", "UserId", "TeamMemberRole"],
          [[a, u, rng.choice(["Account Manager", "Sales Rep", "Technical Sales", "Executive Sponsor"])]
           for i, a in enumerate(accounts) for u in rng.sample(users, 6)])
    opps = [(sid("006", n), accounts[n % 6]) for n in range(30)]
    write(directory, "Opportunity", ["Id", "AccountId", "Name", "StageName", "Amount", "CurrencyIsoCode", "CloseDate",
                                     "IsClosed", "IsWon"],
          [[o, a, f"Deal {i}", "Closed Won" if i % 3 else "Proposal", str(rng.randint(10, 500) * 1000),
            currencies[i % 4], (TODAY - dt.timedelta(days=rng.randint(0, 400))).strftime("%d/%m/%Y"),
            "TRUE" if i % 3 else "FALSE", "TRUE" if i % 3 == 1 else "FALSE"] for i, (o, a) in enumerate(opps)])
    write(directory, "OpportunityContactRole", ["OpportunityId", "ContactId", "Role", "IsPrimary"],
          [[o, c, rng.choice(ROLES), "false"] for o, a in opps for c in rng.sample([c for c, x in contacts if x == a], 3)])
    tasks = []
    for n in range(3000):
        who = rng.choice(contacts)[0] if n % 50 else (sid("00Q", n) if n % 100 else sid("003", 9000 + n))
        when = TODAY - dt.timedelta(days=rng.randint(0, 500))
        what = opps[n % 30][0] if n % 7 == 3 else ""
        tasks.append([sid("00T", n), "000000000000000AAA" if what else who, what, rng.choice(users),
                      "" if n % 13 == 4 else when.isoformat(), f"{when.isoformat()}T09:42:24.000+0000",
                      f"Seguimiento {n}", rng.choice(["Call", "Email", "Task"]), "true" if n % 211 == 7 else "false"])
    write(directory, "Task", ["Id", "WhoId", "WhatId", "OwnerId", "ActivityDate", "CreatedDate", "Subject", "TaskSubtype",
                              "IsDeleted"], tasks, encoding="latin-1")
    events = [[sid("00U", n), rng.choice(contacts)[0], rng.choice(users),
               (TODAY - dt.timedelta(days=rng.randint(0, 500))).isoformat(), f"Meeting {n}, \"agenda\"", "Meeting"]
              for n in range(1000)]
    write(directory, "Event", ["Id", "WhoId", "OwnerId", "ActivityDate", "Subject", "Type"], events)
    write(directory, "EventRelation", ["EventId", "RelationId", "IsInvitee"],
          [[e[0], rng.choice(users + [c for c, _ in contacts]), "true"] for e in events for _ in range(2)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="keep the export and write the map of the largest account here")
    parser.add_argument("--repeat", type=int, default=3, help="rounds, taken in turn; the medians are shown")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = args.out or Path(tmp)
        export = base / "salesforce-export"
        generate(export)
        sf_times, base_times = [], []
        for round_ in range(args.repeat):
            with open_store(base / f"store-sf-{round_}") as store:
                start = time.perf_counter()
                report = import_salesforce(store, export)
                sf_times.append(time.perf_counter() - start)
            with open_store(base / f"store-native-{round_}") as baseline:
                start = time.perf_counter()
                import_dataset(baseline, report.read.data)
                base_times.append(time.perf_counter() - start)
        sf_seconds, base_seconds = statistics.median(sf_times), statistics.median(base_times)
        rows = len(report.read.data)
        with open_store(base / "store-sf-0") as store:
            print(f"Export: {', '.join(f'{f} ({report.read.encodings[f]})' for f in report.read.files)}")
            for name, order in report.read.date_orders.items():
                print(f"Dates in {name} read {order}")
            print(f"\n{'import (median of ' + str(args.repeat) + ')':40} {'records':>8} {'seconds':>8} {'× baseline':>11}")
            print(f"{'baseline: the same records, read':40} {rows:8,} {base_seconds:8.2f} {1:11.2f}")
            print(f"{'kamgraph import salesforce':40} {rows:8,} {sf_seconds:8.2f} {sf_seconds / base_seconds:11.2f}")
            print("\nSkipped:")
            for reason, count in sorted(report.read.skipped.items()):
                print(f"  {count:5}  {reason}")
            print(f"  cycles kept out of the hierarchy: {report.read.cycles}")
            print("Kept, with a flag:")
            for reason, count in sorted(report.read.kept.items()):
                print(f"  {count:5}  {reason}")
            biggest = max(store.accounts(), key=lambda a: a["contacts"])
            graph = load_snapshot(store, biggest["id"])
            result = analyze_account(graph, as_of=TODAY)
            cov = result["coverage"]
            print(f"\n{biggest['name']}: {cov['contacts']} contacts, {cov['covered_contacts']} covered, "
                  f"{cov['decision_makers']} decision-makers ({cov['covered_decision_makers']} covered), "
                  f"{cov['threads']} threads, health {result['health']['score']}, "
                  f"{len(result['gaps'])} gaps, {len(result['risks'])} risks")
            if args.out:
                print(f"map: {write_map(graph, args.out / 'map.html', as_of=TODAY)}")


if __name__ == "__main__":
    main()
