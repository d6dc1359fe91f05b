"""Read a Salesforce Data Export, a Data Loader extract, or either saved through Excel.

The files are the CSV files Salesforce writes, with its field API names as
headers. Only ``Account.csv`` and ``Contact.csv`` are required; what is read
from which file and field:

- ``Account.csv``: ``Id``, ``Name``, ``Industry``, ``BillingCountry``;
  ``AnnualRevenue`` is the customer's own size (kept as ``company_revenue``,
  never as our revenue), in ``CurrencyIsoCode``; ``OwnerId`` joins the account
  team as "Account Owner"; ``Website`` gives its email domain (the registered
  domain, :mod:`kamgraph.io.domains`; a blank one gives none, one that is no
  domain or a public webmail host is ignored and counted);
- ``Contact.csv``: ``Id``, ``AccountId``, ``FirstName``/``LastName``,
  ``Title``, ``Department``, ``Email``, ``ReportsToId`` (reporting lines);
- ``User.csv``: our people (``IsActive`` false: they have left) and
  ``ManagerId``; without it (or for an owner missing from it) a user who owns
  an account, team seat or activity is kept, known by id, and counted; a user
  who owns or is invited to an activity on an account joins its team (as
  "Activity Owner" or "Activity Invitee", unless a seat gives a real role);
- ``AccountTeamMember.csv``: ``AccountId``, ``UserId``, ``TeamMemberRole``;
- ``Opportunity.csv``: ``Id``, ``AccountId``, ``Name``, ``StageName``,
  ``Amount`` in ``CurrencyIsoCode``, ``CloseDate``, won when ``IsClosed`` and
  ``IsWon``; converted to the corporate currency with ``CurrencyType.csv``
  (``IsoCode``, ``ConversionRate``, ``IsCorporate``) and
  ``DatedConversionRate.csv`` (``IsoCode``, ``ConversionRate``, ``StartDate``,
  ``NextStartDate``) by close date, see :mod:`kamgraph.io.currency`;
- ``OpportunityContactRole.csv`` and ``AccountContactRole.csv``: buying roles
  on an opportunity or an account (``Role``, :data:`ROLE_MAP`; a custom role
  is kept as written and mapped to ``other``);
- ``Task.csv``, ``Event.csv`` and ``EventRelation.csv``: interactions. The
  contact is ``WhoId`` (plus the contacts an event's ``EventRelation`` rows
  invite); the account is the contact's, else ``WhatId`` (an account, or an
  opportunity's account), else ``AccountId``: an activity that names no
  contact is kept as account activity of its owner. The date is
  ``ActivityDate`` (events: ``ActivityDateTime``/``StartDateTime``), else
  ``CompletedDateTime``, else ``CreatedDate`` (counted).

Files are read in the encoding each has (:mod:`kamgraph.io.encoding`);
booleans and dates as Salesforce, Data Loader and Excel write them
(:mod:`kamgraph.io.values`), the day/month order of slashed dates decided per
file. ``IsDeleted`` rows are skipped; 15- and 18-character ids of one record
are the same record (all ids become 18-character, :func:`id18`); the all-zero
id ``000000000000000AAA`` means none. Every record left out is counted with
what really happened to it.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kamgraph import model
from kamgraph.io import values
from kamgraph.io.currency import Rates
from kamgraph.io.domains import is_webmail, normalise_domain, registered_domain
from kamgraph.io.encoding import EncodingProblem, check_encoding_name, read_text
from kamgraph.model import (
    Account,
    BuyingRole,
    Dataset,
    Interaction,
    Link,
    Opportunity,
    Origin,
    Person,
    Problem,
    TeamMember,
    ValidationError,
)

REQUIRED_FILES = ("Account", "Contact")
OPTIONAL_FILES = ("User", "AccountTeamMember", "Opportunity", "OpportunityContactRole", "AccountContactRole",
                  "Task", "Event", "EventRelation", "CurrencyType", "DatedConversionRate")
REQUIRED_COLUMNS = {
    "Account": ("Id", "Name"),
    "Contact": ("Id", "AccountId", "LastName"),
    "User": ("Id", "LastName"),
    "AccountTeamMember": ("AccountId", "UserId"),
    "Opportunity": ("Id", "AccountId", "Name"),
    "OpportunityContactRole": ("OpportunityId", "ContactId"),
    "AccountContactRole": ("AccountId", "ContactId"),
    "Task": ("Id", "OwnerId"),
    "Event": ("Id", "OwnerId"),
    "EventRelation": ("EventId", "RelationId"),
    "CurrencyType": ("IsoCode", "ConversionRate", "IsCorporate"),
    "DatedConversionRate": ("IsoCode", "ConversionRate", "StartDate"),
}
# The date and date-time fields read from each file; only their slashed values settle that file's day/month
# order (a date in a column never read, such as CreatedDate on Account.csv, neither settles nor blocks it).
ACTIVITY_FALLBACK_DATES = ("CompletedDateTime", "CreatedDate")
DATE_FIELDS = {
    "Opportunity": ("CloseDate",),
    "Task": ("ActivityDate", *ACTIVITY_FALLBACK_DATES),
    "Event": ("ActivityDate", "ActivityDateTime", "StartDateTime", *ACTIVITY_FALLBACK_DATES),
    "DatedConversionRate": ("StartDate", "NextStartDate"),
}
ROLE_MAP = {
    "Business User": "user",
    "Decision Maker": "decision_maker",
    "Economic Buyer": "economic_buyer",
    "Economic Decision Maker": "economic_buyer",
    "Evaluator": "evaluator",
    "Executive Sponsor": "executive_sponsor",
    "Influencer": "influencer",
    "Technical Buyer": "technical_buyer",
    "Other": "other",
}
OWNER_ROLE = "Account Owner"
# Users who own or are invited to an activity on an account join its team (unless a seat names their real role),
# so that their relationships with its contacts count.
ACTIVITY_OWNER_ROLE, ACTIVITY_INVITEE_ROLE = "Activity Owner", "Activity Invitee"
CONTACT_PREFIX, LEAD_PREFIX, ACCOUNT_PREFIX, USER_PREFIX, OPPORTUNITY_PREFIX = "003", "00Q", "001", "005", "006"
NONE_ID = "000000000000000AAA"  # Salesforce's "no record" in a lookup field
_SUFFIX_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
_ID = re.compile(r"^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$")


@functools.lru_cache(maxsize=1 << 16)  # an export names the same users, contacts and accounts many times over
def id18(value: str) -> str:
    """Salesforce's 18-character id for a 15- or 18-character one (the case-checksum suffix added).

    Each 5-character chunk of the 15-character id gives one suffix character:
    bit *i* is set when character *i* of the chunk is an upper-case letter.

    >>> id18("001A0000006Vm9r"), id18("00D000000000062")
    ('001A0000006Vm9rIAC', '00D000000000062EAA')
    >>> id18("001a0000006vm9rIAC")  # an 18-character id keeps its 15 characters, its suffix is recomputed
    '001a0000006vm9rAAA'
    """
    base = value.strip()[:15]
    suffix = ""
    for start in (0, 5, 10):
        bits = sum(1 << i for i, ch in enumerate(base[start : start + 5]) if "A" <= ch <= "Z")
        suffix += _SUFFIX_CHARS[bits]
    return base + suffix


def id_with_case(value: str) -> str:
    """An 18-character id with the case of its first 15 characters restored from its suffix.

    An id that went through something case-blind (a spreadsheet's upper-case, a URL typed
    by hand) keeps its suffix, which records which of the 15 characters are capitals; a
    15-character id (which has none) comes back as it is.

    >>> id_with_case("001A0000006VM9RIAC"), id_with_case("001a0000006vm9riac"), id_with_case("001A0000006Vm9r")
    ('001A0000006Vm9rIAC', '001A0000006Vm9rIAC', '001A0000006Vm9r')
    """
    text = value.strip()
    if len(text) != 18 or not is_salesforce_id(text):
        return text
    suffix = text[15:].upper()
    if any(ch not in _SUFFIX_CHARS for ch in suffix):
        return text
    chars = []
    for chunk, mark in enumerate(suffix):
        bits = _SUFFIX_CHARS.index(mark)
        chars += [ch.upper() if bits >> i & 1 else ch.lower() for i, ch in enumerate(text[chunk * 5:chunk * 5 + 5])]
    return "".join(chars) + suffix


def is_salesforce_id(value: str) -> bool:
    return bool(_ID.match(value.strip()))


def is_none_id(value: str) -> bool:
    """The all-zero id (``000000000000000`` or ``000000000000000AAA``): Salesforce's "none"."""
    text = value.strip()
    return len(text) in (15, 18) and text[:15] == "0" * 15


@dataclass
class SalesforceRead:
    """What an export holds, ready to import, and everything left out (or kept with a flag) with its reason."""

    data: Dataset
    files: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    encodings: dict[str, str] = field(default_factory=dict)  # file -> the encoding it was read in
    date_orders: dict[str, str] = field(default_factory=dict)  # file -> how its slashed dates were read, and why
    layouts: dict[str, str] = field(default_factory=dict)  # file -> a separator and decimal mark other than , and .
    skipped: Counter = field(default_factory=Counter)
    kept: Counter = field(default_factory=Counter)  # records kept with a flag: undated, owner known by id …
    warnings: list[str] = field(default_factory=list)
    cycles: list[list[str]] = field(default_factory=list)
    corporate_currency: str | None = None
    currencies: list[str] = field(default_factory=list)  # the currencies amounts are in
    unconverted: list[str] = field(default_factory=list)  # currencies with amounts CurrencyType.csv has no rate for


class _Export:
    def __init__(self, directory: Path, encoding: str | None, date_order: str | None):
        self.directory = directory
        self.encoding = encoding
        self.date_order = date_order
        self.orders: dict[str, str | None] = {}
        self.decimal_comma: dict[str, bool] = {}
        self.deleted: dict[str, set[str]] = {}
        self.problems: list[Problem] = []
        self.result = SalesforceRead(Dataset())

    def table(self, name: str) -> list[tuple[int, dict[str, str]]] | None:
        """The rows of NAME.csv as (row number, {column: text}), deleted rows left out; None if absent."""
        path = next((p for p in self.directory.iterdir() if p.name.lower() == f"{name.lower()}.csv"), None)
        if path is None:
            if name in REQUIRED_FILES:
                self.problems.append(Problem(f"{name}.csv is required in a Salesforce export", Origin(str(self.directory))))
            else:
                self.result.absent.append(f"{name}.csv")
            return None
        self.result.files.append(path.name)
        try:
            text, encoding = read_text(path, self.encoding)
        except EncodingProblem as exc:
            self.problems.append(exc.problem)
            return None
        except OSError as exc:  # a directory, or a file that cannot be read, where the file belongs
            self.problems.append(Problem(f"cannot be read: {exc.strerror or exc}", Origin(path.name)))
            return None
        self.result.encodings[path.name] = encoding
        first_line = text[: text.find("\n")] if "\n" in text else text
        # Excel writes semicolons where a comma is the decimal mark, and tabs in "Unicode Text" (UTF-16)
        delimiter = max((",", ";", "\t"), key=first_line.count)  # a tie keeps the comma
        if delimiter == "\t":
            self.result.layouts[path.name] = "tab-separated"
        if delimiter == ";":  # Excel writes this where a comma is the decimal mark (es, pt, de, fr …)
            self.decimal_comma[name] = True
            self.result.layouts[path.name] = "semicolon-separated, decimal comma"
        # strict: a quote left open to the end of the file is an error, not one value swallowing the rest
        records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        header = [column.strip() for column in next(records, [])]
        if not any(header):
            self.problems.append(Problem("is empty: it has no header row", Origin(path.name)))
            return None
        missing = [c for c in REQUIRED_COLUMNS[name] if c not in header]
        for column in missing:
            self.problems.append(Problem(f"the required column '{column}' is missing", Origin(path.name), column))
        if missing:
            return None
        width, table, number = len(header), [], 1
        try:
            for number, record in enumerate(records, start=2):
                if len(record) > width and any(v.strip() for v in record[width:]):
                    self.problems.append(Problem(f"has {len(record)} fields but the header names {width}; "
                                                 "is a comma in a value not quoted?", Origin(path.name, number)))
                    continue
                if record and any(record):
                    table.append((number, dict(zip(header, (v.strip() for v in record), strict=False))))
        except csv.Error as exc:
            reason = ("a quoted value is never closed (a quote opened in it runs to the end of the file)"
                      if "end of data" in str(exc) else str(exc))
            self.problems.append(Problem(f"is not a readable CSV file: {reason}", Origin(path.name, number + 1)))
            return None
        self._settle_dates(name, path.name, header, table)
        deleted = self.deleted.setdefault(name, set())
        rows, first_seen = [], {}
        for number, row in table:
            if is_salesforce_id(row.get("Id", "")):  # an export holds each record once: a repeat is a broken file
                if (first := first_seen.setdefault(id18(row["Id"]), number)) != number:
                    self.problems.append(Problem(f"duplicate Id '{row['Id']}' (first seen at row {first})",
                                                 Origin(path.name, number), "Id"))
                    continue
            if self.flag(row.get("IsDeleted", ""), name, number, "IsDeleted"):
                self.result.skipped[f"{name}: deleted in Salesforce"] += 1
                if is_salesforce_id(row.get("Id", "")):
                    deleted.add(id18(row["Id"]))
                continue
            rows.append((number, row))
        return rows

    def _settle_dates(self, name: str, filename: str, header: list[str], table: list) -> None:
        columns = [c for c in DATE_FIELDS.get(name, ()) if c in header]
        texts = [v for c in columns for _, row in table if (v := row.get(c)) and v[4:5] != "-"]  # not ISO: maybe slashed
        if not texts:
            self.orders[name] = None
            return
        if self.date_order:
            self.orders[name] = self.date_order
            self.result.date_orders[filename] = ("day-first" if self.date_order == "dmy" else "month-first") + " (--date-order)"
            return
        try:
            order, example = values.settle_order(texts)
        except ValueError as exc:
            self.problems.append(Problem(str(exc), Origin(filename)))
            return
        if order is None:
            unsettled = values.needs_order(texts)
            if unsettled:
                self.problems.append(Problem(
                    f"its dates, such as '{unsettled}', could be day-first or month-first and no date in it settles "
                    f"which; name the order with --date-order dmy or --date-order mdy", Origin(filename)))
            self.orders[name] = "dmy"  # every slashed date reads the same either way
            return
        self.orders[name] = order
        self.result.date_orders[filename] = f"{'day-first' if order == 'dmy' else 'month-first'} (settled by '{example}')"

    def parse(self, parser, value: str, name: str, row: int, column: str):
        if not value:
            return None
        try:
            return parser(value)
        except ValueError as exc:
            self.problems.append(Problem(str(exc), Origin(f"{name}.csv", row), column))
            return None

    def number(self, value: str, name: str, row: int, column: str, check=None) -> float | None:
        """A number; in a semicolon-separated file (Excel's CSV where the decimal mark is a comma) 1.234,5 is 1234.5."""
        comma = self.decimal_comma.get(name, False)

        def parse(text: str) -> float:
            number = values.parse_decimal_comma(text) if comma else model.parse_number(text)
            return check(number, text) if check else number

        return self.parse(parse, value, name, row, column)

    def flag(self, value: str, name: str, row: int, column: str) -> bool | None:
        return self.parse(values.parse_boolean, value, name, row, column)

    def date(self, value: str, name: str, row: int, column: str) -> str | None:
        order = self.orders.get(name)
        return self.parse(lambda v: values.parse_date(v, order), value, name, row, column)

    def ident(self, value: str, name: str, row: int, column: str) -> str | None:
        if not value:
            return None
        full = _canonical_id(value)
        if full == "":
            self.problems.append(Problem(f"'{value}' is not a Salesforce id (15 or 18 letters and digits)",
                                         Origin(f"{name}.csv", row), column))
            return None
        return full


@functools.lru_cache(maxsize=1 << 16)
def _canonical_id(value: str) -> str | None:
    """The 18-character id, None for the all-zero id, "" for text that is no id."""
    if is_none_id(value):
        return None
    return id18(value) if is_salesforce_id(value) else ""


def _name(row: dict) -> str:
    return " ".join(x for x in (row.get("FirstName", ""), row.get("LastName", "")) if x) or row.get("Name", "")


def _website_domains(website: str, kept: Counter) -> tuple[str, ...] | None:
    """The email domain an account's ``Website`` gives (``https://www.acme.co.uk/contact`` → ``acme.co.uk``), or None.

    A value that is no domain, or a public webmail host, gives none and is counted in ``kept``: a bad website
    never stops an import.
    """
    if not website.strip():
        return None
    try:
        domain = registered_domain(normalise_domain(website))
    except ValueError:
        domain = None
    if domain is None:
        kept["Account: Website is no domain (kept, no email domain)"] += 1
        return None
    if is_webmail(domain):
        kept["Account: Website is a public webmail host (kept, no email domain)"] += 1
        return None
    return (domain,)


def _rates(ex: _Export, tables: dict) -> Rates | None:
    """The corporate currency and its rates from CurrencyType.csv and DatedConversionRate.csv, if exported."""
    out = ex.result
    if tables["CurrencyType"] is None:
        if tables["DatedConversionRate"] is not None:
            out.warnings.append("DatedConversionRate.csv without CurrencyType.csv: the corporate currency is "
                                "unknown, so no amount is converted")
        return None
    corporate = [row["IsoCode"].upper() for n, row in tables["CurrencyType"]
                 if ex.flag(row.get("IsCorporate", ""), "CurrencyType", n, "IsCorporate")]
    if len(corporate) != 1:
        ex.problems.append(Problem(f"{'no' if not corporate else len(corporate)} currencies are marked IsCorporate; "
                                   "exactly one is the corporate currency", Origin("CurrencyType.csv"), "IsCorporate"))
        return None
    rates = Rates(corporate[0])
    for n, row in tables["CurrencyType"]:
        rate = ex.number(row["ConversionRate"], "CurrencyType", n, "ConversionRate", _positive)
        if rate:
            rates.rates[row["IsoCode"].upper()] = rate
    for n, row in tables["DatedConversionRate"] or []:
        rate = ex.number(row["ConversionRate"], "DatedConversionRate", n, "ConversionRate", _positive)
        start = ex.date(row["StartDate"], "DatedConversionRate", n, "StartDate")
        end = ex.date(row.get("NextStartDate", ""), "DatedConversionRate", n, "NextStartDate")
        if rate and start:
            rates.add_dated(row["IsoCode"].upper(), start, end, rate)
    return rates


def _positive(rate: float, value: str) -> float:
    if rate <= 0:
        raise ValueError(f"'{value}' is not a conversion rate (a number above 0)")
    return rate


def looks_like_export(path: str | Path) -> bool:
    """Whether ``path`` is a directory holding the files a Salesforce export requires (``Account.csv``, ``Contact.csv``,
    in any case)."""
    path = Path(path)
    if not path.is_dir():
        return False
    names = {p.name.lower() for p in path.iterdir()}
    return all(f"{name.lower()}.csv" in names for name in REQUIRED_FILES)


def read_salesforce(directory: str | Path, *, encoding: str | None = None, date_order: str | None = None,
                    mapping=None) -> SalesforceRead:
    """Read a Salesforce export directory; raises :class:`~kamgraph.model.ValidationError` listing every problem.

    ``encoding`` forces one encoding for every file (else each file's is detected);
    ``date_order`` (``"dmy"`` or ``"mdy"``) forces how slashed dates are read (else
    each file's values settle it); ``mapping`` is a
    :class:`~kamgraph.io.salesforce_mapping.FieldMapping` for custom fields.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise ValidationError([Problem("is not a directory holding a Salesforce export", Origin(str(directory)))])
    if date_order not in (None, *values.DATE_ORDERS):
        raise ValidationError([Problem(f"'{date_order}' is not a date order; use dmy or mdy")])
    if encoding:
        try:
            check_encoding_name(encoding)
        except ValueError as exc:
            raise ValidationError([Problem(str(exc), column="--encoding")]) from None
    ex = _Export(directory, encoding, date_order)
    out, skipped, kept = ex.result, ex.result.skipped, ex.result.kept
    tables = {name: ex.table(name) for name in REQUIRED_FILES + OPTIONAL_FILES}
    if ex.problems:
        raise ValidationError(ex.problems)
    rates = _rates(ex, tables)
    out.corporate_currency = rates.corporate if rates else None

    accounts: dict[str, Account] = {}
    owners: dict[str, str] = {}
    for n, row in tables["Account"]:
        aid = ex.ident(row["Id"], "Account", n, "Id")
        if aid is None:
            continue
        accounts[aid] = Account(aid, row["Name"] or aid, row.get("Industry") or None, row.get("BillingCountry") or None,
                                company_revenue=ex.number(row.get("AnnualRevenue", ""), "Account", n, "AnnualRevenue"),
                                currency=row.get("CurrencyIsoCode", "").upper() or None, origin=Origin("Account.csv", n),
                                domains=_website_domains(row.get("Website", ""), kept))
        owner = ex.ident(row.get("OwnerId", ""), "Account", n, "OwnerId")
        if owner:
            owners[aid] = owner

    contacts: dict[str, Person] = {}
    left_out: dict[str, str] = {cid: "deleted in Salesforce" for cid in ex.deleted.get("Contact", ())}
    reports: list[tuple[str, str, int]] = []
    for n, row in tables["Contact"]:
        cid = ex.ident(row["Id"], "Contact", n, "Id")
        aid = ex.ident(row.get("AccountId", ""), "Contact", n, "AccountId")
        if cid is None:
            continue
        if aid is None:
            skipped["Contact: no account (a private contact)"] += 1
            left_out[cid] = "without an account"
            continue
        if aid not in accounts:
            skipped["Contact: account not in the export"] += 1
            left_out[cid] = "at an account not in the export"
            continue
        extra = mapping.contact(row, n, out.warnings) if mapping else {}
        contacts[cid] = Person(cid, _name(row) or cid, "customer", aid, row.get("Title") or None,
                               row.get("Email") or None, row.get("Department") or None, **extra,
                               origin=Origin("Contact.csv", n))
        boss = ex.ident(row.get("ReportsToId", ""), "Contact", n, "ReportsToId")
        if boss:
            reports.append((cid, boss, n))

    users: dict[str, dict] = {}
    for n, row in tables["User"] or []:
        uid = ex.ident(row["Id"], "User", n, "Id")
        if uid:
            active = ex.flag(row.get("IsActive", ""), "User", n, "IsActive")
            users[uid] = {"row": row, "n": n, "manager": ex.ident(row.get("ManagerId", ""), "User", n, "ManagerId"),
                          "active": active is not False}
    by_id: set[str] = set()  # our people known only by id: not in User.csv (or no User.csv)

    def ours(uid: str | None, reason: str) -> bool:
        """Whether ``uid`` is one of our users (kept by id, and counted, when User.csv does not have it)."""
        if not uid or not uid.startswith(USER_PREFIX):
            return False
        if uid not in users:
            by_id.add(uid)
            kept[f"{reason}: user not in User.csv (kept, known by id)"] += 1
        return True

    team: dict[tuple[str, str], TeamMember] = {}
    for n, row in tables["AccountTeamMember"] or []:
        aid = ex.ident(row["AccountId"], "AccountTeamMember", n, "AccountId")
        uid = ex.ident(row["UserId"], "AccountTeamMember", n, "UserId")
        if aid not in accounts:
            skipped["AccountTeamMember: account not in the export"] += 1
        elif ours(uid, "AccountTeamMember"):
            team[(aid, uid)] = TeamMember(aid, uid, row.get("TeamMemberRole") or "member", origin=Origin("AccountTeamMember.csv", n))
        else:
            skipped["AccountTeamMember: not a user"] += 1
    for aid, uid in owners.items():
        if (aid, uid) not in team and ours(uid, "Account"):
            team[(aid, uid)] = TeamMember(aid, uid, OWNER_ROLE)

    opportunities: dict[str, Opportunity] = {}
    no_rate: Counter = Counter()
    for n, row in tables["Opportunity"] or []:
        oid = ex.ident(row["Id"], "Opportunity", n, "Id")
        aid = ex.ident(row["AccountId"], "Opportunity", n, "AccountId")
        amount = ex.number(row.get("Amount", ""), "Opportunity", n, "Amount")
        close = ex.date(row.get("CloseDate", ""), "Opportunity", n, "CloseDate")
        closed = ex.flag(row.get("IsClosed", ""), "Opportunity", n, "IsClosed")
        won = ex.flag(row.get("IsWon", ""), "Opportunity", n, "IsWon")
        if oid is None or aid is None:
            continue
        if aid not in accounts:
            skipped["Opportunity: account not in the export"] += 1
            continue
        currency = row.get("CurrencyIsoCode", "").upper() or None
        converted = None
        if rates and amount is not None:
            converted = rates.convert(amount, currency or rates.corporate, close)
            if converted is None:
                no_rate[currency] += 1
        opportunities[oid] = Opportunity(oid, aid, row["Name"] or oid, row.get("StageName") or None, amount, close,
                                         bool(won) if closed else None, currency=currency,
                                         converted_amount=None if converted is None else round(converted, 2),
                                         converted_currency=rates.corporate if converted is not None else None,
                                         origin=Origin("Opportunity.csv", n))
    for currency, count in sorted(no_rate.items()):
        out.warnings.append(f"Opportunity.csv: {count} amount(s) in {currency}, which CurrencyType.csv has no rate "
                            f"for; they are shown in {currency}, never added to other currencies")
    out.currencies = sorted({o.currency for o in opportunities.values() if o.currency})
    out.unconverted = sorted(c for c in no_rate if c)

    roles: dict[tuple, BuyingRole] = {}
    for name, key, key_column in (("OpportunityContactRole", "opportunity", "OpportunityId"),
                                  ("AccountContactRole", "account", "AccountId")):
        for n, row in tables[name] or []:
            target = ex.ident(row[key_column], name, n, key_column)
            cid = ex.ident(row["ContactId"], name, n, "ContactId")
            account = opportunities[target].account if target in opportunities else (target if target in accounts and key == "account" else None)
            if account is None:
                skipped[f"{name}: {key} not in the export"] += 1
                continue
            if cid not in contacts:
                skipped[f"{name}: contact not in the export" if cid not in left_out else f"{name}: contact {left_out[cid]}"] += 1
                continue
            written = row.get("Role", "") or "Other"
            role = ROLE_MAP.get(written, "other")
            if written not in ROLE_MAP:
                out.warnings.append(f"{name}.csv, row {n}: custom role '{written}' kept as written, mapped to other")
            if contacts[cid].account != account:
                skipped[f"{name}: contact works at another account"] += 1
                continue
            opportunity = target if key == "opportunity" else None
            roles[(cid, account, opportunity, role)] = BuyingRole(cid, account, role, written if written != role else None,
                                                                  opportunity, origin=Origin(f"{name}.csv", n))
    if mapping:
        for role in mapping.roles(tables["Contact"], contacts, out.warnings):
            roles.setdefault((role.person, role.account, None, role.role), role)

    events = {ex.ident(row["Id"], "Event", n, "Id") for n, row in tables["Event"] or []}
    invitees: dict[str, list[str]] = {}
    for n, row in tables["EventRelation"] or []:
        eid = ex.ident(row["EventId"], "EventRelation", n, "EventId")
        rid = ex.ident(row["RelationId"], "EventRelation", n, "RelationId")
        if eid not in events:
            skipped["EventRelation: event deleted in Salesforce" if eid in ex.deleted.get("Event", ())
                    else "EventRelation: event not in Event.csv"] += 1
        elif rid:
            invitees.setdefault(eid, []).append(rid)

    interactions: list[Interaction] = []
    for name in ("Task", "Event"):
        deleted = ex.deleted.get(name, set())
        date_columns = [c for c in DATE_FIELDS[name] if c not in ACTIVITY_FALLBACK_DATES]
        for n, row in tables[name] or []:
            iid = ex.ident(row["Id"], name, n, "Id")
            who = ex.ident(row.get("WhoId", ""), name, n, "WhoId")
            what = ex.ident(row.get("WhatId", ""), name, n, "WhatId")
            named_account = ex.ident(row.get("AccountId", ""), name, n, "AccountId")
            owner = ex.ident(row["OwnerId"], name, n, "OwnerId")
            if iid is None or iid in deleted:
                continue
            if name == "Event" and ex.flag(row.get("IsChild", ""), name, n, "IsChild"):
                skipped["Event: an invitee's copy of a group event (IsChild)"] += 1
                continue
            if who and who.startswith(LEAD_PREFIX):
                skipped[f"{name}: about a lead, not a contact"] += 1
                continue
            if who and who not in contacts:
                skipped[f"{name}: contact {left_out.get(who, 'not in the export')}"] += 1
                continue
            account = contacts[who].account if who else None
            if account is None:
                if what in opportunities:
                    account = opportunities[what].account
                elif what in accounts:
                    account = what
                elif named_account in accounts:
                    account = named_account
                else:  # an event that names no contact but invites some: theirs is the account
                    invited = [c for c in invitees.get(iid, []) if c in contacts]
                    account = contacts[invited[0]].account if invited else None
            if account is None:
                skipped[f"{name}: names no contact, account or opportunity in the export"] += 1
                continue
            column = next((c for c in date_columns if row.get(c)), None)
            fallback = None
            if column is None:
                column = fallback = next((c for c in ACTIVITY_FALLBACK_DATES if row.get(c)), None)
            date = ex.date(row[column], name, n, column) if column else None
            if date is None:
                if column is None:
                    skipped[f"{name}: no date at all"] += 1
                continue
            us = [u for u in [owner, *invitees.get(iid, [])] if ours(u, name)]
            if not us:
                skipped[f"{name}: owned by a queue, not a user"] += 1
                continue
            theirs = [who] if who else []
            theirs += [c for c in invitees.get(iid, []) if c in contacts and c != who and contacts[c].account == account]
            if not theirs:
                kept[f"{name}: names no contact, kept as account activity of its owner"] += 1
            if fallback:
                kept[f"{name}: no ActivityDate, dated by {fallback}"] += 1
            kind_text = (row.get("TaskSubtype") or row.get("Type") or ("Meeting" if name == "Event" else "Task")).lower()
            kind = {"call": "call", "email": "email", "listemail": "email", "meeting": "meeting", "event": "meeting",
                    "task": "task"}.get(kind_text, "meeting" if name == "Event" else "task")
            interactions.append(Interaction(iid, kind, date, account, tuple(dict.fromkeys(us + theirs)),
                                            row.get("Subject") or None, origin=Origin(f"{name}.csv", n)))
            for uid in us:
                role = ACTIVITY_OWNER_ROLE if uid == owner else ACTIVITY_INVITEE_ROLE
                seat = team.get((account, uid))
                if seat is None or (seat.role == ACTIVITY_INVITEE_ROLE and role == ACTIVITY_OWNER_ROLE):
                    team[(account, uid)] = TeamMember(account, uid, role, origin=Origin(f"{name}.csv", n))
    if ex.problems:
        raise ValidationError(ex.problems)

    # Our people: those on an account team (which holds everyone in an activity); the rest of the org is not imported.
    wanted = {uid for _, uid in team}
    skipped["User: not on any account team or activity"] += len(set(users) - wanted)
    people = list(contacts.values())
    for uid in sorted(wanted):
        if uid not in users:
            people.append(Person(uid, f"User {uid}", "supplier"))
            continue
        row, n = users[uid]["row"], users[uid]["n"]
        people.append(Person(uid, _name(row) or uid, "supplier", title=row.get("Title") or None,
                             email=row.get("Email") or None, department=row.get("Department") or None,
                             active=users[uid]["active"], origin=Origin("User.csv", n)))
    if by_id & wanted:
        out.warnings.append(f"{len(by_id & wanted)} of our people are known only by id (not in User.csv): "
                            + ", ".join(sorted(by_id & wanted)[:5]) + (" …" if len(by_id & wanted) > 5 else ""))

    links = _reporting_lines(reports, contacts, out, "Contact", left_out)
    managers = [(uid, users[uid]["manager"], users[uid]["n"]) for uid in wanted if uid in users and users[uid]["manager"]]
    links += _reporting_lines(managers, {u: None for u in wanted}, out, "User")
    out.data = Dataset(accounts=list(accounts.values()), people=people, team=list(team.values()), links=links,
                       opportunities=list(opportunities.values()), roles=list(roles.values()), interactions=interactions,
                       complete_opportunity_roles=True)
    out.skipped = +skipped
    out.kept = +kept
    return out


def _reporting_lines(pairs: list[tuple[str, str, int]], people: dict, out: SalesforceRead, name: str,
                     left_out: dict[str, str] | None = None) -> list[Link]:
    """Reporting lines whose both ends are known, with every cycle left out (and reported)."""
    known = [(a, b, n) for a, b, n in pairs if a in people and b in people and a != b]
    for _, boss, _ in pairs:
        if boss not in people:
            out.skipped[f"{name}: reports to someone {(left_out or {}).get(boss, 'not in the export')}"] += 1
    lines = nx.DiGraph()
    lines.add_edges_from((a, b) for a, b, _ in known)
    in_cycle = set()
    for component in nx.strongly_connected_components(lines):
        if len(component) > 1:
            out.cycles.append(sorted(component))
            in_cycle |= component
    out.skipped[f"{name}: reporting line in a cycle"] += sum(1 for a, b, _ in known if a in in_cycle and b in in_cycle)
    return [Link("reports_to", a, b, origin=Origin(f"{name}.csv", n)) for a, b, n in known
            if not (a in in_cycle and b in in_cycle)]
