"""The records kamgraph stores, their vocabularies, and the one place they are validated.

Every way data enters kamgraph (the native CSV/XLSX format, the built-in demo)
ends in these records. A record is built from already-parsed values; parsing a
cell (``parse_date``, ``normalise_role`` …) raises :class:`ValueError` with a
message fit to show a user, and :func:`check_dataset` checks the rules that
span records (duplicate ids, dangling references, sides).
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields

from kamgraph.errors import KamgraphError

SIDES = ("customer", "supplier")
LEVELS = ("executive", "director", "manager", "staff")
BUYING_ROLES = (
    "economic_buyer",
    "decision_maker",
    "approver",
    "technical_buyer",
    "evaluator",
    "influencer",
    "user",
    "gatekeeper",
    "champion",
    "executive_sponsor",
    "initiator",
    "other",
)
ATTITUDES = ("champion", "supporter", "neutral", "skeptic", "blocker")
RELATIONSHIP_LEVELS = ("vendor", "credible_source", "problem_solver", "trusted_advisor")
INTERACTION_KINDS = ("meeting", "call", "email", "task")

# Person-to-person relationship kinds as written in files, and the graph type each becomes.
LINK_TYPES = {
    "reports_to": "REPORTS_TO",
    "influences": "INFLUENCES",
    "conflict": "IN_CONFLICT_WITH",
    "knows": "KNOWS",
}

# Words people write for the same thing. Keys are already normalised (lower case, underscores).
_SYNONYMS = {
    "buying role": {
        "economic_decision_maker": "economic_buyer",
        "budget_holder": "economic_buyer",
        "business_user": "user",
        "end_user": "user",
        "coach": "champion",
        "sponsor": "executive_sponsor",
    },
    "attitude": {"coach": "champion", "supportive": "supporter", "sceptic": "skeptic", "detractor": "blocker"},
    "level": {
        # What people type in a level column; the value as written is kept beside the level (level_written).
        "exec": "executive", "executives": "executive", "c_level": "executive", "c_suite": "executive",
        "cxo": "executive", "c_level_executive": "executive", "top_management": "executive",
        "senior_executive": "executive", "board": "executive", "board_member": "executive",
        "svp": "executive", "evp": "executive", "vp": "executive", "vice_president": "executive",
        "senior_vice_president": "executive", "executive_vice_president": "executive",
        "head": "director", "head_of": "director", "head_of_department": "director", "avp": "director",
        "senior_director": "director", "directors": "director", "senior_management": "director",
        "senior_manager": "manager", "sr_manager": "manager", "middle_management": "manager",
        "management": "manager", "managers": "manager", "team_lead": "manager", "team_leader": "manager",
        "lead": "manager", "supervisor": "manager",
        "individual_contributor": "staff", "ic": "staff", "employee": "staff", "specialist": "staff",
        "non_management": "staff", "entry_level": "staff", "junior": "staff",
    },
    "relationship level": {"trusted_adviser": "trusted_advisor"},
    "interaction kind": {"visit": "meeting", "phone": "call", "phone_call": "call", "e_mail": "email", "mail": "email", "todo": "task"},
}


class ValidationError(KamgraphError):
    """Input breaks a rule; ``problems`` lists every :class:`Problem` found. Nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Origin:
    """Where a record came from: a file (or file and sheet) and the row as a spreadsheet numbers it."""

    source: str
    row: int | None = None

    def __str__(self) -> str:
        return self.source if self.row is None else f"{self.source}, row {self.row}"


@dataclass(frozen=True)
class Problem:
    """One reason a dataset is refused, with where it was found."""

    message: str
    origin: Origin | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = str(self.origin) if self.origin else ""
        if self.column:
            where = f"{where}, column '{self.column}'" if where else f"column '{self.column}'"
        return f"{where}: {self.message}" if where else self.message


# ---------------------------------------------------------------------------
# Parsing one value. Each returns the normalised value or raises ValueError.


def _words(value: str) -> str:
    return re.sub(r"[\s\-/.]+", "_", value.strip().lower()).strip("_")


def _vocabulary(name: str, allowed: tuple[str, ...]) -> Callable[[str], str]:
    synonyms = _SYNONYMS.get(name, {})

    def normalise(value: str) -> str:
        key = _words(value)
        key = synonyms.get(key, key)
        if key not in allowed:
            raise ValueError(f"'{value}' is not a known {name}; use one of: {', '.join(allowed)}")
        return key

    normalise.__name__ = f"normalise_{name.replace(' ', '_')}"
    return normalise


normalise_side = _vocabulary("side", SIDES)
normalise_level = _vocabulary("level", LEVELS)
normalise_role = _vocabulary("buying role", BUYING_ROLES)
normalise_attitude = _vocabulary("attitude", ATTITUDES)
normalise_relationship_level = _vocabulary("relationship level", RELATIONSHIP_LEVELS)
normalise_interaction_kind = _vocabulary("interaction kind", INTERACTION_KINDS)
normalise_link_type = _vocabulary("relationship type", tuple(LINK_TYPES))


def parse_date(value: str | _dt.date) -> str:
    """Return an ISO-8601 date string (``YYYY-MM-DD``); a time of day, if given, is dropped.

    >>> parse_date("2026-03-01T09:30:00")
    '2026-03-01'
    """
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = value.strip()
    if len(text) > 10 and text[10] in "T ":
        text = text[:10]
    try:
        return _dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError(f"'{value}' is not a date; write it as YYYY-MM-DD") from None


def parse_number(value: str | float | int) -> float:
    """A finite number; commas are accepted only as thousands separators.

    >>> parse_number("2,500,000.5"), parse_number(" 7 ")
    (2500000.5, 7.0)
    """
    if isinstance(value, bool):
        raise ValueError(f"'{value}' is not a number")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = value.strip().replace("_", "")
        if re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?", text):  # 2,500,000 — but never read 1,5 as 15
            text = text.replace(",", "")
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"'{value}' is not a number") from None
    if math.isnan(number) or math.isinf(number):
        raise ValueError(f"'{value}' is not a finite number")
    return number


def parse_share(value: str | float | int) -> float:
    """A number from 0 to 1 (influence, weight)."""
    number = parse_number(value)
    if not 0 <= number <= 1:
        raise ValueError(f"'{value}' is out of range; use a number from 0 to 1")
    return number


# Also the words Excel writes for TRUE/FALSE in other languages, so a file saved through Excel reads back.
_TRUE = {"true", "yes", "y", "1", "active", "x", "verdadero", "verdadeiro", "vrai", "wahr", "vero"}
_FALSE = {"false", "no", "n", "0", "inactive", "left", "falso", "faux", "falsch"}


def parse_bool(value: str | bool | int) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"'{value}' is not yes or no; write true or false")


def parse_text(value: str) -> str:
    return str(value).strip()


def parse_id_list(value: str) -> tuple[str, ...]:
    """Ids separated by ``;`` (or ``|``), in order, without repeats."""
    ids = [part.strip() for part in re.split(r"[;|]", str(value))]
    return tuple(dict.fromkeys(i for i in ids if i))


# ---------------------------------------------------------------------------
# Records. Optional values are None when absent; ``origin`` never takes part in equality.


def _origin_field():
    return field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Account:
    id: str
    name: str
    industry: str | None = None
    country: str | None = None
    annual_revenue: float | None = None
    tier: str | None = None
    growth_potential: float | None = None  # 0–1, the portfolio's selection criteria
    margin: float | None = None
    strategic_fit: float | None = None
    company_revenue: float | None = None  # the customer's own size (a CRM's AnnualRevenue), never our revenue
    currency: str | None = None  # ISO 4217 code of annual_revenue and company_revenue
    domains: tuple[str, ...] | None = None  # its email domains (kamgraph.io.domains), for mail and calendar imports
    origin: Origin | None = _origin_field()


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    side: str
    account: str | None = None  # the account a customer person works at
    title: str | None = None
    email: str | None = None
    department: str | None = None
    level: str | None = None
    level_written: str | None = None  # the level as the file wrote it, when that was not the normal word
    active: bool = True
    left_on: str | None = None
    attitude: str | None = None
    attitude_source: str | None = None
    influence: float | None = None
    origin: Origin | None = _origin_field()


@dataclass(frozen=True)
class TeamMember:
    """A supplier person on an account's team (``ON_TEAM``)."""

    account: str
    person: str
    role: str
    since: str | None = None
    origin: Origin | None = _origin_field()


@dataclass(frozen=True)
class Link:
    """A person-to-person relationship: ``kind`` is a key of :data:`LINK_TYPES`."""

    kind: str
    source: str
    target: str
    level: str | None = None
    level_source: str | None = None
    weight: float | None = None
    since: str | None = None
    origin: Origin | None = _origin_field()


@dataclass(frozen=True)
class BuyingRole:
    """A customer person's role in the buying centre of an account, or of one opportunity."""

    person: str
    account: str
    role: str
    role_source: str | None = None
    opportunity: str | None = None
    origin: Origin | None = _origin_field()


@dataclass(frozen=True)
class Interaction:
    id: str
    kind: str
    date: str
    account: str
    participants: tuple[str, ...]
    subject: str | None = None
    # Addresses at the account's domain that matched nobody ("address display name"): kamgraph.io.capture
    unknown: tuple[str, ...] | None = None
    origin: Origin | None = _origin_field()


@dataclass(frozen=True)
class Opportunity:
    id: str
    account: str
    name: str
    stage: str | None = None
    amount: float | None = None
    close_date: str | None = None
    won: bool | None = None
    currency: str | None = None  # ISO 4217 code of amount
    converted_amount: float | None = None  # amount in converted_currency (the CRM's corporate currency)
    converted_currency: str | None = None
    origin: Origin | None = _origin_field()


@dataclass
class Dataset:
    """Everything one import brings, in the order it must be written."""

    accounts: list[Account] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    team: list[TeamMember] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    opportunities: list[Opportunity] = field(default_factory=list)
    roles: list[BuyingRole] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)
    # True when ``roles`` lists every role on each of ``opportunities`` (a CRM export does): roles on
    # them that are not listed are removed. Otherwise an import only adds and updates roles.
    complete_opportunity_roles: bool = False

    def record_lists(self) -> list[str]:
        return [f.name for f in fields(self) if f.name != "complete_opportunity_roles"]

    def extend(self, other: Dataset) -> None:
        for name in self.record_lists():
            getattr(self, name).extend(getattr(other, name))

    def __len__(self) -> int:
        return sum(len(getattr(self, name)) for name in self.record_lists())

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in self.record_lists()}


def properties(record) -> dict:
    """The record's stored properties: every field but ``origin``, absent values left out."""
    out = {}
    for f in fields(record):
        value = getattr(record, f.name)
        if f.name == "origin" or value is None:
            continue
        out[f.name] = list(value) if isinstance(value, tuple) else value
    return out


# ---------------------------------------------------------------------------
# Rules that span records.

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

# What one value may hold, so that no engine refuses it in the middle of a write (docs/import-format.md, "Limits").
MAX_ID_LENGTH = 255
MAX_TEXT_LENGTH = 10_000
MAX_NUMBER = 1e15  # in magnitude: larger than any revenue or amount, and exact in both engines' numbers
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab, line feed and carriage return are text
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_ID_FIELDS = frozenset({"id", "account", "person", "source", "target", "opportunity", "participants"})
_FILE_COLUMNS = {"source": "from", "target": "to", "kind": "type"}  # a relationship's fields, as its file names them


def _value_problem(value, is_id: bool) -> str | None:
    if isinstance(value, str):
        limit = MAX_ID_LENGTH if is_id else MAX_TEXT_LENGTH
        if len(value) > limit:
            return f"the value is {len(value):,} characters long; the limit is {limit:,}"
        bad = (_CONTROL if is_id else _TEXT_CONTROL).search(value)
        if bad:
            kind = "an id" if is_id else "text"
            return (f"the value holds the control character {bad.group()!r} at character {bad.start() + 1}; "
                    f"{kind} may not contain control characters")
        bad = _SURROGATE.search(value)
        if bad:
            return f"the value holds {bad.group()!r} at character {bad.start() + 1}, which is not a character (a broken encoding?)"
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if not math.isfinite(value) or abs(value) > MAX_NUMBER:
            return f"{value} is out of range; numbers are finite and at most {MAX_NUMBER:,.0f} in magnitude"
    return None


def value_problems(record) -> list[Problem]:
    """Every value of ``record`` that an engine could refuse: control characters, broken text, too long, out of range."""
    problems = []
    for f in fields(record):
        if f.name == "origin":
            continue
        value = getattr(record, f.name)
        for one in value if isinstance(value, tuple) else (value,):
            message = _value_problem(one, f.name in _ID_FIELDS)
            if message:
                column = _FILE_COLUMNS.get(f.name, f.name) if isinstance(record, Link) else f.name
                problems.append(Problem(message, record.origin, column))
                break
    return problems

KnownLookup = Callable[[str, Iterable[str]], Mapping[str, Mapping]]
"""``lookup(label, ids)`` returns the stored properties of those ids that exist (label: Account, Person, Opportunity)."""


def check_dataset(data: Dataset, lookup: KnownLookup | None = None) -> None:
    """Refuse a dataset that contradicts itself or the store; raises :class:`ValidationError`.

    References may point at records in ``data`` or, through ``lookup``, at
    records already stored.
    """
    problems: list[Problem] = []
    for name in data.record_lists():
        for record in getattr(data, name):
            problems += value_problems(record)
    if problems:  # before any look-up: the store would refuse these values in a query too
        raise ValidationError(problems)

    def unique(records, what: str) -> dict:
        seen: dict[str, object] = {}
        for r in records:
            if r.id in seen:
                first = seen[r.id].origin
                problems.append(Problem(f"duplicate {what} id '{r.id}' (first seen at {first})", r.origin, "id"))
            else:
                seen[r.id] = r
        return seen

    accounts = unique(data.accounts, "account")
    people = unique(data.people, "person")
    opportunities = unique(data.opportunities, "opportunity")
    unique(data.interactions, "interaction")

    def stored(label: str, ids: set[str], local: dict) -> dict[str, Mapping]:
        missing = ids - local.keys()
        return dict(lookup(label, sorted(missing))) if (lookup and missing) else {}

    stored_accounts = stored(
        "Account",
        {p.account for p in data.people if p.account}
        | {r.account for r in data.team + data.roles + data.interactions + data.opportunities},
        accounts,
    )
    person_refs = {t.person for t in data.team} | {r.person for r in data.roles}
    person_refs |= {x for link in data.links for x in (link.source, link.target)}
    person_refs |= {x for i in data.interactions for x in i.participants}
    stored_people = stored("Person", person_refs, people)
    stored_opps = stored("Opportunity", {r.opportunity for r in data.roles if r.opportunity}, opportunities)

    def account_exists(account_id, origin, column):
        if account_id not in accounts and account_id not in stored_accounts:
            problems.append(Problem(f"account '{account_id}' is not in this import or the store", origin, column))
            return False
        return True

    def side_of(person_id, origin, column) -> str | None:
        if person_id in people:
            return people[person_id].side
        if person_id in stored_people:
            return stored_people[person_id].get("side")
        problems.append(Problem(f"person '{person_id}' is not in this import or the store", origin, column))
        return None

    def vocabulary(record, field_name: str, allowed, column: str | None = None) -> None:
        value = getattr(record, field_name)
        if value is not None and value not in allowed:
            problems.append(Problem(f"'{value}' is not a known {field_name.replace('_', ' ')}; use one of: "
                                    f"{', '.join(allowed)}", record.origin, column or field_name))

    # Records built in code skip the parsers: their values must already be in normal form.
    for p in data.people:
        vocabulary(p, "side", SIDES)
        vocabulary(p, "level", LEVELS)
        vocabulary(p, "attitude", ATTITUDES)
    for link in data.links:
        vocabulary(link, "kind", tuple(LINK_TYPES), "type")
        vocabulary(link, "level", RELATIONSHIP_LEVELS)
    for r in data.roles:
        vocabulary(r, "role", BUYING_ROLES)
    for i in data.interactions:
        vocabulary(i, "kind", INTERACTION_KINDS)

    for p in data.people:
        if p.side == "customer" and not p.account:
            problems.append(Problem("a customer person needs the account they work at", p.origin, "account"))
        elif p.side == "supplier" and p.account:
            problems.append(Problem("our own people join accounts through the team sheet; leave account blank", p.origin, "account"))
        elif p.account:
            account_exists(p.account, p.origin, "account")
        if p.left_on and p.active:
            problems.append(Problem(f"left_on is {p.left_on} but active is true", p.origin, "active"))
        if p.attitude and p.side == "supplier":
            problems.append(Problem("attitude describes a customer person, not one of ours", p.origin, "attitude"))

    for t in data.team:
        account_exists(t.account, t.origin, "account")
        side = side_of(t.person, t.origin, "person")
        if side == "customer":
            problems.append(Problem(f"'{t.person}' is a customer person; only our own people join an account team", t.origin, "person"))

    for link in data.links:
        if link.source == link.target:
            problems.append(Problem(f"'{link.source}' is on both ends; a relationship joins two people", link.origin, "to"))
            continue
        source_side = side_of(link.source, link.origin, "from")
        target_side = side_of(link.target, link.origin, "to")
        if link.kind == "knows":
            if source_side == "customer" or target_side == "supplier":
                problems.append(Problem("knows goes from one of our people to a customer person", link.origin, "from"))
        elif link.level:
            problems.append(Problem(f"level applies to knows, not {link.kind}", link.origin, "level"))
        if link.kind == "reports_to" and source_side and target_side and source_side != target_side:
            problems.append(Problem("reports_to joins two people on the same side", link.origin, "to"))

    for o in data.opportunities:
        account_exists(o.account, o.origin, "account")

    for r in data.roles:
        if not account_exists(r.account, r.origin, "account"):
            continue
        if side_of(r.person, r.origin, "person") == "supplier":
            problems.append(Problem(f"'{r.person}' is one of our people; buying roles belong to customer people", r.origin, "person"))
        if r.opportunity:
            opp = opportunities.get(r.opportunity) or stored_opps.get(r.opportunity)
            if opp is None:
                problems.append(Problem(f"opportunity '{r.opportunity}' is not in this import or the store", r.origin, "opportunity"))
            else:
                opp_account = opp.account if isinstance(opp, Opportunity) else opp.get("account")
                if opp_account != r.account:
                    problems.append(Problem(f"opportunity '{r.opportunity}' belongs to account '{opp_account}', not '{r.account}'", r.origin, "opportunity"))

    for i in data.interactions:
        account_exists(i.account, i.origin, "account")
        if not i.participants:
            problems.append(Problem("an interaction needs at least one participant", i.origin, "participants"))
        for pid in i.participants:
            side_of(pid, i.origin, "participants")

    if problems:
        raise ValidationError(problems)
