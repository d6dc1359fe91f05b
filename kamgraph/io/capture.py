"""Who met or wrote to whom: messages and meetings read from mailboxes and calendars, matched to people and accounts.

The readers (:mod:`kamgraph.io.mail`, :mod:`kamgraph.io.calendar`) turn each
message or meeting into an :class:`Exchange`: an id, a day, a kind and the
addresses on it, nothing else. :func:`capture` matches the addresses to
people (case-insensitively, on both sides) and to accounts (by email domain,
:mod:`kamgraph.io.domains`) and makes the interactions kamgraph stores: one
per account on the exchange, between our people and that account's.

An address at a customer's domain that matches nobody is an *unknown
stakeholder*. It is never made a person unless asked (``add_unknown``); the
interaction keeps it in its ``unknown`` property (``address name``), so
``kamgraph people ACCOUNT --unknown`` can list it with how often and with whom.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from kamgraph.io.domains import DomainMap, host_of
from kamgraph.io.spool import InteractionSpool
from kamgraph.model import Dataset, Interaction, Origin, Person

MULTI_ACCOUNT_SEPARATOR = "|"  # an exchange with several accounts on it is one interaction per account: id|account


@dataclass(frozen=True)
class Address:
    """An email address (lower case) and the display name it came with, if any."""

    address: str
    name: str | None = None


@dataclass(frozen=True)
class Exchange:
    """One message or one meeting as read: who was on it and when. The sender or organiser comes first."""

    id: str
    kind: str  # email or meeting
    date: str  # YYYY-MM-DD
    addresses: tuple[Address, ...]
    subject: str | None = None
    source: str = ""


@dataclass
class Tally:
    """How many messages or events were read, and how many were skipped, by reason."""

    read: int = 0
    skipped: Counter = field(default_factory=Counter)
    left_out: Counter = field(default_factory=Counter)  # addresses left off an exchange that was kept (declined …)

    def skip(self, reason: str) -> None:
        self.skipped[reason] += 1


@dataclass
class Unknown:
    """An unknown stakeholder: an address at a customer's domain that matches nobody in the store."""

    address: str
    account: str
    name: str | None = None
    count: int = 0
    with_people: Counter = field(default_factory=Counter)


@dataclass
class Directory:
    """People by email address (lower case) and the account domains: what addresses are matched against."""

    people: dict[str, Mapping]  # address → {"id", "side", "account"}
    domains: DomainMap
    shared_addresses: dict[str, tuple[str, ...]] = field(default_factory=dict)  # one address, several people

    @classmethod
    def build(cls, people: Iterable[Mapping], domains: DomainMap) -> Directory:
        by_address: dict[str, list[Mapping]] = {}
        for p in people:
            address = normalise_address(p.get("email") or "")
            if address:
                by_address.setdefault(address, []).append(p)
        shared = {a: tuple(sorted(p["id"] for p in ps)) for a, ps in by_address.items() if len(ps) > 1}
        # Several people with one address: the one with the smallest id stands for it, and the import says so.
        chosen = {a: min(ps, key=lambda p: p["id"]) for a, ps in by_address.items()}
        return cls(chosen, domains, shared)


def normalise_address(value: str) -> str | None:
    """An address in lower case without ``mailto:`` and surrounding brackets, or None if it is not one.

    >>> normalise_address(" MAILTO:<Zoe@Acme.COM> ")
    'zoe@acme.com'
    """
    text = value.strip()
    if text[:7].lower() == "mailto:":
        text = text[7:]
    text = text.strip().strip("<>").strip().lower()
    if text.count("@") != 1 or not re.fullmatch(r"[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+", text):
        return None
    return text


@dataclass
class CaptureResult:
    """What :func:`capture` made of the exchanges."""

    data: Dataset
    tally: Tally
    matched: int = 0  # exchanges that became interactions
    unknown: dict[str, dict[str, Unknown]] = field(default_factory=dict)  # account → address → Unknown
    interactions: int = 0  # interactions made (in ``data.interactions``, or in the spool when one was given)
    ours_not_in_store: Counter = field(default_factory=Counter)  # addresses at our domains that match nobody

    def unknown_counts(self) -> dict[str, int]:
        return {account: len(found) for account, found in sorted(self.unknown.items())}


def _unknown_entry(address: Address) -> str:
    """``address display name`` as an interaction keeps it; ';' and '|' (which separate entries in the import
    format's ``unknown`` column) in a name become commas.

    >>> _unknown_entry(Address("li@acme.example", "Li; Wei"))
    'li@acme.example Li, Wei'
    """
    name = " ".join(re.sub(r"[;|]", ",", address.name or "").split())
    return f"{address.address} {name}" if name else address.address


def _name_for(address: Address) -> str:
    name = (address.name or "").strip().strip("'\"").strip()
    if not name or "@" in name:
        name = address.address.split("@", 1)[0]
    return name


def capture(exchanges: Iterable[Exchange], directory: Directory, tally: Tally, *, add_unknown: bool = False,
            spool: InteractionSpool | None = None) -> CaptureResult:
    """Match each exchange's addresses and make its interactions (see the module's description).

    An exchange is skipped, and counted by reason, when no customer is on it,
    when nobody on it is in the store, or when an earlier one in this import
    had the same id (a message kept in two folders). The interactions go to
    ``spool`` when one is given (memory then does not grow with the mailbox),
    else to the result's ``data.interactions``.
    """
    result = CaptureResult(Dataset(), tally)
    seen: set[str] = set()
    added: dict[str, Person] = {}
    first_time = spool.first_time if spool is not None else (lambda i: i not in seen and not seen.add(i))
    keep = spool.add if spool is not None else result.data.interactions.append
    for exchange in exchanges:
        if not first_time(exchange.id):
            tally.skip("the same message or meeting again")
            continue
        ours: list[str] = []
        customers: dict[str, list[str]] = {}  # account → person ids
        unknown: dict[str, list[Address]] = {}  # account → addresses
        for address in exchange.addresses:
            person = directory.people.get(address.address)
            host = host_of(address.address) or ""
            if person is None and add_unknown:
                account = None if directory.domains.is_ours(host) else directory.domains.account_for(host)
                if account:
                    person = added.get(address.address)
                    if person is None:
                        person = added[address.address] = Person(
                            id=address.address, name=_name_for(address), side="customer", account=account,
                            email=address.address, origin=Origin(exchange.source))
                    person = {"id": person.id, "side": "customer", "account": person.account}
            if person is not None:
                if person.get("side") == "supplier":
                    ours.append(person["id"])
                elif person.get("account"):
                    customers.setdefault(person["account"], []).append(person["id"])
                continue
            if directory.domains.is_ours(host):
                result.ours_not_in_store[address.address] += 1
                continue
            account = directory.domains.account_for(host)
            if account:
                unknown.setdefault(account, []).append(address)
        accounts = sorted(customers.keys() | unknown.keys())
        if not accounts:
            tally.skip("no customer on it")
            continue
        made = 0
        for account in accounts:
            participants = tuple(dict.fromkeys(ours + customers.get(account, [])))
            if not participants:
                continue  # unknown stakeholders only, with nobody we know: nothing to tie them to
            strangers = list({a.address: a for a in unknown.get(account, [])}.values())
            interaction_id = exchange.id if len(accounts) == 1 else f"{exchange.id}{MULTI_ACCOUNT_SEPARATOR}{account}"
            keep(Interaction(
                id=interaction_id, kind=exchange.kind, date=exchange.date, account=account, participants=participants,
                subject=exchange.subject,
                unknown=tuple(_unknown_entry(a) for a in strangers) or None,
                origin=Origin(exchange.source)))
            made += 1
            result.interactions += 1
            for stranger in strangers:
                entry = result.unknown.setdefault(account, {}).setdefault(
                    stranger.address, Unknown(stranger.address, account))
                entry.name = entry.name or stranger.name
                entry.count += 1
                entry.with_people.update(participants)
        if made:
            result.matched += 1
        else:
            tally.skip("nobody on it is in the store")
    result.data.people = list(added.values())
    return result
