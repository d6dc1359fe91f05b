"""Read a Salesforce Data Export (the CSV files it writes, with Salesforce's field API names as headers).

Files and what they become (only ``Account.csv`` and ``Contact.csv`` are required):

- ``Account.csv`` → accounts; an account's owner joins its team as "Account Owner";
- ``Contact.csv`` → the customer's people and their reporting lines (``ReportsToId``);
- ``User.csv`` → our people (``IsActive`` false: they have left) and their managers;
- ``AccountTeamMember.csv`` → who is on which account team, in which role;
- ``Opportunity.csv`` → opportunities (won when ``IsClosed`` and ``IsWon``);
- ``OpportunityContactRole.csv`` → buying roles (:data:`ROLE_MAP`; a custom role
  is kept as written and mapped to ``other``);
- ``Task.csv``, ``Event.csv`` and ``EventRelation.csv`` → interactions between
  the owner (and invitees) and the contact.

Real exports are read as they come: a byte-order mark, CRLF line ends, quoted
fields with commas and line breaks, unknown columns (ignored), ``IsDeleted``
rows (skipped), 15- and 18-character ids for the same record (all ids become
18-character, :func:`id18`), activities about leads or about contacts not in
the export (skipped and counted), reporting cycles (kept out of the hierarchy
and reported). Every skip is counted with its reason.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kamgraph import model
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
OPTIONAL_FILES = ("User", "AccountTeamMember", "Opportunity", "OpportunityContactRole", "Task", "Event", "EventRelation")
REQUIRED_COLUMNS = {
    "Account": ("Id", "Name"),
    "Contact": ("Id", "AccountId", "LastName"),
    "User": ("Id", "LastName"),
    "AccountTeamMember": ("AccountId", "UserId"),
    "Opportunity": ("Id", "AccountId", "Name"),
    "OpportunityContactRole": ("OpportunityId", "ContactId"),
    "Task": ("Id", "WhoId", "OwnerId"),
    "Event": ("Id", "WhoId", "OwnerId"),
    "EventRelation": ("EventId", "RelationId"),
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
CONTACT_PREFIX, LEAD_PREFIX, ACCOUNT_PREFIX, USER_PREFIX = "003", "00Q", "001", "005"
_SUFFIX_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
_ID = re.compile(r"^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$")


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


def is_salesforce_id(value: str) -> bool:
    return bool(_ID.match(value.strip()))


@dataclass
class SalesforceRead:
    """What an export holds, ready to import, and everything left out with its reason."""

    data: Dataset
    files: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    cycles: list[list[str]] = field(default_factory=list)


def _truthy(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes")


class _Export:
    def __init__(self, directory: Path):
        self.directory = directory
        self.problems: list[Problem] = []
        self.result = SalesforceRead(Dataset())

    def table(self, name: str) -> list[tuple[int, dict[str, str]]] | None:
        """The rows of NAME.csv as (row number, {column: text}), deleted rows left out; None if absent."""
        import pandas as pd

        path = next((p for p in self.directory.iterdir() if p.name.lower() == f"{name.lower()}.csv"), None)
        if path is None:
            if name in REQUIRED_FILES:
                self.problems.append(Problem(f"{name}.csv is required in a Salesforce export", Origin(str(self.directory))))
            else:
                self.result.absent.append(f"{name}.csv")
            return None
        self.result.files.append(path.name)
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            self.problems.append(Problem(f"is not UTF-8 text (byte {exc.start})", Origin(path.name)))
            return None
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            self.problems.append(Problem(f"is not a readable CSV file: {exc}", Origin(path.name)))
            return None
        columns = {str(c).strip(): c for c in frame.columns}
        missing = [c for c in REQUIRED_COLUMNS[name] if c not in columns]
        for column in missing:
            self.problems.append(Problem(f"the required column '{column}' is missing", Origin(path.name), column))
        if missing:
            return None
        rows = []
        for number, record in enumerate(frame.to_dict("records"), start=2):
            row = {str(k).strip(): (v or "").strip() for k, v in record.items()}
            if _truthy(row.get("IsDeleted", "")):
                self.result.skipped[f"{name}: deleted in Salesforce"] += 1
                continue
            rows.append((number, row))
        return rows

    def parse(self, parser, value: str, name: str, row: int, column: str):
        if not value:
            return None
        try:
            return parser(value)
        except ValueError as exc:
            self.problems.append(Problem(str(exc), Origin(f"{name}.csv", row), column))
            return None

    def ident(self, value: str, name: str, row: int, column: str) -> str | None:
        if not value:
            return None
        if not is_salesforce_id(value):
            self.problems.append(Problem(f"'{value}' is not a Salesforce id (15 or 18 letters and digits)",
                                         Origin(f"{name}.csv", row), column))
            return None
        return id18(value)


def _name(row: dict) -> str:
    return " ".join(x for x in (row.get("FirstName", ""), row.get("LastName", "")) if x) or row.get("Name", "")


def read_salesforce(directory: str | Path) -> SalesforceRead:
    """Read a Salesforce export directory; raises :class:`~kamgraph.model.ValidationError` listing every problem."""
    directory = Path(directory)
    if not directory.is_dir():
        raise ValidationError([Problem("is not a directory holding a Salesforce export", Origin(str(directory)))])
    ex = _Export(directory)
    out, skipped = ex.result, ex.result.skipped
    tables = {name: ex.table(name) for name in REQUIRED_FILES + OPTIONAL_FILES}
    if ex.problems:
        raise ValidationError(ex.problems)

    accounts: dict[str, Account] = {}
    owners: dict[str, str] = {}
    for n, row in tables["Account"]:
        aid = ex.ident(row["Id"], "Account", n, "Id")
        if aid is None:
            continue
        accounts[aid] = Account(aid, row["Name"] or aid, row.get("Industry") or None, row.get("BillingCountry") or None,
                                ex.parse(model.parse_number, row.get("AnnualRevenue", ""), "Account", n, "AnnualRevenue"),
                                origin=Origin("Account.csv", n))
        owner = ex.ident(row.get("OwnerId", ""), "Account", n, "OwnerId")
        if owner:
            owners[aid] = owner

    contacts: dict[str, Person] = {}
    reports: list[tuple[str, str, int]] = []
    for n, row in tables["Contact"]:
        cid = ex.ident(row["Id"], "Contact", n, "Id")
        aid = ex.ident(row.get("AccountId", ""), "Contact", n, "AccountId")
        if cid is None:
            continue
        if aid is None:
            skipped["Contact: no account (a private contact)"] += 1
            continue
        if aid not in accounts:
            skipped["Contact: account not in the export"] += 1
            continue
        contacts[cid] = Person(cid, _name(row) or cid, "customer", aid, row.get("Title") or None,
                               row.get("Email") or None, row.get("Department") or None, origin=Origin("Contact.csv", n))
        boss = ex.ident(row.get("ReportsToId", ""), "Contact", n, "ReportsToId")
        if boss:
            reports.append((cid, boss, n))

    users: dict[str, dict] = {}
    for n, row in tables["User"] or []:
        uid = ex.ident(row["Id"], "User", n, "Id")
        if uid:
            users[uid] = {"row": row, "n": n, "manager": ex.ident(row.get("ManagerId", ""), "User", n, "ManagerId")}

    team: dict[tuple[str, str], TeamMember] = {}
    for n, row in tables["AccountTeamMember"] or []:
        aid = ex.ident(row["AccountId"], "AccountTeamMember", n, "AccountId")
        uid = ex.ident(row["UserId"], "AccountTeamMember", n, "UserId")
        if aid not in accounts:
            skipped["AccountTeamMember: account not in the export"] += 1
        elif uid not in users:
            skipped["AccountTeamMember: user not in the export"] += 1
        else:
            team[(aid, uid)] = TeamMember(aid, uid, row.get("TeamMemberRole") or "member", origin=Origin("AccountTeamMember.csv", n))
    for aid, uid in owners.items():
        if uid in users and (aid, uid) not in team:
            team[(aid, uid)] = TeamMember(aid, uid, OWNER_ROLE)

    opportunities: dict[str, Opportunity] = {}
    for n, row in tables["Opportunity"] or []:
        oid = ex.ident(row["Id"], "Opportunity", n, "Id")
        aid = ex.ident(row["AccountId"], "Opportunity", n, "AccountId")
        amount = ex.parse(model.parse_number, row.get("Amount", ""), "Opportunity", n, "Amount")
        close = ex.parse(model.parse_date, row.get("CloseDate", ""), "Opportunity", n, "CloseDate")
        if oid is None or aid is None:
            continue
        if aid not in accounts:
            skipped["Opportunity: account not in the export"] += 1
            continue
        closed = _truthy(row.get("IsClosed", ""))
        opportunities[oid] = Opportunity(oid, aid, row["Name"] or oid, row.get("StageName") or None, amount, close,
                                         _truthy(row.get("IsWon", "")) if closed else None,
                                         origin=Origin("Opportunity.csv", n))

    roles: dict[tuple, BuyingRole] = {}
    for n, row in tables["OpportunityContactRole"] or []:
        oid = ex.ident(row["OpportunityId"], "OpportunityContactRole", n, "OpportunityId")
        cid = ex.ident(row["ContactId"], "OpportunityContactRole", n, "ContactId")
        if oid not in opportunities or cid not in contacts:
            skipped["OpportunityContactRole: opportunity or contact not in the export"] += 1
            continue
        written = row.get("Role", "") or "Other"
        role = ROLE_MAP.get(written, "other")
        if written not in ROLE_MAP:
            out.warnings.append(f"OpportunityContactRole.csv, row {n}: custom role '{written}' kept as written, mapped to other")
        opp = opportunities[oid]
        if contacts[cid].account != opp.account:
            skipped["OpportunityContactRole: contact works at another account"] += 1
            continue
        roles[(cid, oid, role)] = BuyingRole(cid, opp.account, role, written if written != role else None, oid,
                                             origin=Origin("OpportunityContactRole.csv", n))

    invitees: dict[str, list[str]] = {}
    for n, row in tables["EventRelation"] or []:
        eid = ex.ident(row["EventId"], "EventRelation", n, "EventId")
        rid = ex.ident(row["RelationId"], "EventRelation", n, "RelationId")
        if eid and rid:
            invitees.setdefault(eid, []).append(rid)

    interactions: list[Interaction] = []
    for name in ("Task", "Event"):
        for n, row in tables[name] or []:
            iid = ex.ident(row["Id"], name, n, "Id")
            who = ex.ident(row["WhoId"], name, n, "WhoId") if row["WhoId"] else None
            owner = ex.ident(row["OwnerId"], name, n, "OwnerId")
            if iid is None:
                continue
            if who is None:
                skipped[f"{name}: about no contact"] += 1
                continue
            if who.startswith(LEAD_PREFIX):
                skipped[f"{name}: about a lead, not a contact"] += 1
                continue
            if who not in contacts:
                skipped[f"{name}: contact not in the export"] += 1
                continue
            when = row.get("ActivityDate") or row.get("ActivityDateTime") or row.get("StartDateTime") or ""
            date = ex.parse(model.parse_date, when, name, n, "ActivityDate")
            if date is None:
                skipped[f"{name}: no date"] += 1
                continue
            ours = [u for u in [owner, *invitees.get(iid, [])] if u in users]
            theirs = [who] + [c for c in invitees.get(iid, []) if c in contacts and c != who]
            if not ours:
                skipped[f"{name}: owner not in the export"] += 1
                continue
            kind_text = (row.get("TaskSubtype") or row.get("Type") or ("Meeting" if name == "Event" else "Task")).lower()
            kind = {"call": "call", "email": "email", "listemail": "email", "meeting": "meeting", "event": "meeting",
                    "task": "task"}.get(kind_text, "meeting" if name == "Event" else "task")
            interactions.append(Interaction(iid, kind, date, contacts[who].account, tuple(dict.fromkeys(ours + theirs)),
                                            row.get("Subject") or None, origin=Origin(f"{name}.csv", n)))
    if ex.problems:
        raise ValidationError(ex.problems)

    # Our people: those on an account team or in an activity; the rest of the org is not imported.
    wanted = {uid for _, uid in team} | {p for i in interactions for p in i.participants if p in users}
    skipped["User: not on any account team or activity"] += len(set(users) - wanted)
    people = list(contacts.values())
    for uid in sorted(wanted):
        row, n = users[uid]["row"], users[uid]["n"]
        people.append(Person(uid, _name(row) or uid, "supplier", title=row.get("Title") or None,
                             email=row.get("Email") or None, department=row.get("Department") or None,
                             active=_truthy(row["IsActive"]) if row.get("IsActive") else True, origin=Origin("User.csv", n)))

    links = _reporting_lines(reports, contacts, out, "Contact")
    managers = [(uid, users[uid]["manager"], users[uid]["n"]) for uid in wanted if users[uid]["manager"]]
    links += _reporting_lines(managers, {u: None for u in wanted}, out, "User")
    out.data = Dataset(accounts=list(accounts.values()), people=people, team=list(team.values()), links=links,
                       opportunities=list(opportunities.values()), roles=list(roles.values()), interactions=interactions,
                       complete_opportunity_roles=True)
    out.skipped = +skipped
    return out


def _reporting_lines(pairs: list[tuple[str, str, int]], people: dict, out: SalesforceRead, name: str) -> list[Link]:
    """Reporting lines whose both ends are known, with every cycle left out (and reported)."""
    known = [(a, b, n) for a, b, n in pairs if a in people and b in people and a != b]
    out.skipped[f"{name}: reports to someone not in the export"] += sum(1 for a, b, _ in pairs if b not in people)
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
