"""A realistic sample portfolio, generated deterministically in code (``kamgraph demo`` loads it).

- **Northwind Retail Group**, a large retail key account: a buying centre of
  about a hundred people across ten departments, with a chief executive nobody
  covers, an economic buyer only a departed colleague knew well, a supply-chain
  director who blocks, a gatekeeper, two pairs of departments in conflict, and
  a ten-person account team of ours, one of whom has left.
- Three distribution accounts served the way distribution companies split the
  work: the KAM handles the distributor directly; a KAS handles the key
  wholesaler with the KAM responsible; a KAE handles the wholesaler with the
  KAS responsible.

Interaction dates run back from ``as_of`` (default: today), so the demo always
shows a living account; the same ``as_of`` always gives the same data.
"""

from __future__ import annotations

import datetime as dt
import random

from kamgraph.model import (
    Account,
    BuyingRole,
    Dataset,
    Interaction,
    Link,
    Opportunity,
    Person,
    TeamMember,
)

SEED = 20261122

FIRST = ["Anna", "Jürgen", "Sofia", "Mehmet", "Claire", "Lukas", "Zoë", "Rafael", "Ingrid", "Tomasz", "Amara",
         "Henrik", "Chiara", "Pavel", "Nadia", "Oskar", "Leïla", "Jonas", "Marta", "Kenji", "Aisha", "Matteo",
         "Elif", "Søren", "Greta", "Dmitri", "Lucía", "Finn", "Priya", "Emil", "Noor", "Bastian", "Yara", "Hugo",
         "Ewa", "Theo", "Mina", "Felix", "Olga", "Ravi"]
LAST = ["Berger", "Novak", "Rossi", "Lindqvist", "Okafor", "Schulz", "Dubois", "Kowalski", "Yilmaz", "Jensen",
        "Moreau", "Fischer", "Haddad", "Bianchi", "Andersson", "Petrov", "García", "Wagner", "Nakamura", "Meyer",
        "Łukasik", "Costa", "Brennan", "Hoffmann", "Vogel", "Sato", "Keller", "Müller", "Ivanova", "Laurent"]

# (department, head title, reports to (title of an executive), managers, staff, staff title)
RETAIL_DEPARTMENTS = [
    ("Category Management", "Director Category Management", "Chief Commercial Officer", 4, 9, "Buyer"),
    ("Procurement", "Director Procurement", "Chief Financial Officer", 2, 6, "Procurement Specialist"),
    ("Supply Chain", "Director Supply Chain", "Chief Operating Officer", 3, 9, "Supply Planner"),
    ("Store Operations", "Director Store Operations", "Chief Operating Officer", 4, 12, "Store Manager"),
    ("IT", "Director IT", "Chief Information Officer", 2, 6, "IT Specialist"),
    ("Finance", "Director Finance", "Chief Financial Officer", 2, 6, "Controller"),
    ("Marketing", "Director Marketing", "Chief Commercial Officer", 2, 6, "Marketing Specialist"),
    ("E-commerce", "Director E-commerce", "Chief Commercial Officer", 2, 6, "E-commerce Analyst"),
    ("Quality", "Director Quality", "Chief Operating Officer", 1, 4, "Quality Inspector"),
]
EXECUTIVES = ["Chief Executive Officer", "Chief Financial Officer", "Chief Commercial Officer",
              "Chief Operating Officer", "Chief Information Officer"]

# Our retail account team: (title, team role, the customer departments they work with)
RETAIL_TEAM = [
    ("Key Account Manager", "KAM", ["Executive Board", "Category Management", "Procurement", "Marketing", "E-commerce"]),
    ("VP Sales", "executive sponsor", ["Executive Board"]),
    ("Key Account Executive", "KAE", ["Category Management", "Store Operations"]),
    ("Category Development Manager", "category development", ["Category Management", "Marketing"]),
    ("Supply Chain Manager", "logistics", ["Supply Chain", "Store Operations"]),
    ("Service Manager", "service", ["Store Operations", "Quality"]),
    ("Quality Manager", "quality", ["Quality", "Supply Chain"]),
    ("Trade Marketing Manager", "trade marketing", ["Marketing", "E-commerce"]),
    ("Pricing Analyst", "pricing", ["Finance", "Procurement"]),
    ("Key Account Executive", "KAE", ["Category Management", "Store Operations", "Finance"]),  # has left
]


class _Names:
    def __init__(self, rng: random.Random):
        self.rng, self.used = rng, set()

    def __call__(self) -> str:
        while True:
            name = f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"
            if name not in self.used:
                self.used.add(name)
                return name


def _email(name: str, domain: str) -> str:
    first, last = name.lower().split(" ", 1)
    return f"{first}.{last}@{domain}".replace(" ", "")


def sample_portfolio(as_of: dt.date | None = None) -> Dataset:
    """The demo portfolio as a :class:`~kamgraph.model.Dataset` (same ``as_of``, same data)."""
    as_of = as_of or dt.date.today()
    rng = random.Random(SEED)
    names = _Names(rng)
    data = Dataset()
    team = _our_people(data, names)
    _retail_account(data, rng, names, team, as_of)
    _distribution_accounts(data, rng, names, as_of)
    return data


def _our_people(data: Dataset, names: _Names) -> list[Person]:
    team = []
    for i, (title, _, _) in enumerate(RETAIL_TEAM, start=1):
        name = names()
        departed = i == len(RETAIL_TEAM)
        team.append(Person(
            f"OUR-{i:02d}", name, "supplier", title=title, email=_email(name, "example.com"),
            department="Key Accounts", level="executive" if i == 2 else ("director" if i == 1 else "manager"),
            active=not departed, left_on="2026-08-14" if departed else None,
        ))
    data.people += team
    kam, sponsor = team[0], team[1]
    data.links.append(Link("reports_to", kam.id, sponsor.id))
    data.links += [Link("reports_to", p.id, kam.id) for p in team[2:]]
    return team


def _day(as_of: dt.date, days_ago: int) -> str:
    return (as_of - dt.timedelta(days=days_ago)).isoformat()


def _retail_account(data: Dataset, rng: random.Random, names: _Names, team: list[Person], as_of: dt.date) -> None:
    acc = Account("ACC-NWR", "Northwind Retail Group", "Retail", "Germany", 48_000_000.0, "Strategic",
                  growth_potential=0.7, margin=0.35, strategic_fit=0.9)
    data.accounts.append(acc)
    domain = "northwind-retail.example"
    people: list[Person] = []
    by_title: dict[str, Person] = {}

    def add(title, department, level, reports_to=None, attitude=None, influence=None) -> Person:
        name = names()
        p = Person(f"NWR-{len(people) + 1:03d}", name, "customer", acc.id, title, _email(name, domain), department,
                   level, attitude=attitude or rng.choice(["neutral", "neutral", "supporter", "supporter", "skeptic"]),
                   influence=influence)
        people.append(p)
        by_title.setdefault(title, p)
        if reports_to:
            data.links.append(Link("reports_to", p.id, reports_to.id))
        return p

    ceo = add("Chief Executive Officer", "Executive Board", "executive", attitude="neutral", influence=0.9)
    for title in EXECUTIVES[1:]:
        add(title, "Executive Board", "executive", ceo, attitude="neutral")
    assistant = add("Executive Assistant to the CEO", "Executive Board", "staff", ceo, attitude="neutral", influence=0.6)
    departments: dict[str, list[Person]] = {"Executive Board": people[:]}
    for dept, head_title, exec_title, managers, staff, staff_title in RETAIL_DEPARTMENTS:
        attitude = "blocker" if dept == "Supply Chain" else None
        head = add(head_title, dept, "director", by_title[exec_title], attitude=attitude,
                   influence=0.8 if dept == "Supply Chain" else None)
        members = [head]
        for m in range(managers):
            manager = add(f"{dept} Manager" if m else f"Head of {dept}", dept, "manager", head)
            members.append(manager)
            members += [add(staff_title, dept, "staff", manager) for _ in range(round(staff / managers))]
        departments[dept] = members
    vendor_manager = add("Head of Vendor Management", "Procurement", "manager", by_title["Director Procurement"],
                         attitude="skeptic", influence=0.5)
    departments["Procurement"].append(vendor_manager)
    champion = departments["Category Management"][1]
    people[people.index(champion)] = champion = _with(champion, attitude="champion", influence=0.7)
    data.people += people

    cfo, cco, coo = by_title["Chief Financial Officer"], by_title["Chief Commercial Officer"], by_title["Chief Operating Officer"]
    roles = [
        (cfo, "economic_buyer"), (cco, "decision_maker"), (by_title["Director Category Management"], "decision_maker"),
        (by_title["Director Procurement"], "approver"), (by_title["Director IT"], "technical_buyer"),
        (vendor_manager, "gatekeeper"), (assistant, "gatekeeper"), (champion, "champion"),
        (by_title["Director Supply Chain"], "influencer"), (by_title["Director E-commerce"], "initiator"),
    ]
    roles += [(p, "evaluator") for p in departments["Category Management"][2:5]]
    roles += [(p, "user") for p in departments["Store Operations"] if p.level == "staff"][:6]
    data.roles += [BuyingRole(p.id, acc.id, r) for p, r in roles]

    data.links += [
        Link("influences", by_title["Director Supply Chain"], coo.id, weight=0.9),
        Link("influences", assistant.id, ceo.id, weight=0.6),
        Link("influences", champion.id, by_title["Director Category Management"], weight=0.7),
        Link("influences", by_title["Director Finance"], cfo.id, weight=0.5),
        Link("conflict", by_title["Director Category Management"], by_title["Director Supply Chain"]),
        Link("conflict", by_title["Director Marketing"], by_title["Director E-commerce"]),
    ]
    data.links = [_resolve_link(link) for link in data.links]

    # Declared relationships, some with the departed colleague only.
    kam, sponsor, departed = team[0], team[1], team[-1]
    knows = [(kam, cco, "trusted_advisor"), (kam, champion, "trusted_advisor"), (kam, by_title["Director Category Management"], "problem_solver"),
             (sponsor, cco, "credible_source"), (departed, cfo, "trusted_advisor"), (departed, by_title["Director Finance"], "problem_solver"),
             (team[4], by_title["Head of Supply Chain"], "problem_solver"), (team[8], by_title["Director Procurement"], "credible_source")]
    data.links += [Link("knows", a.id, b.id, level=lvl) for a, b, lvl in knows]

    opps = [("Private label expansion", 2_400_000, 400, True), ("Store replenishment programme", 1_600_000, 250, True),
            ("E-commerce assortment 2026", 900_000, 120, True), ("Seasonal promotions", 650_000, 60, False),
            ("Joint business plan 2027", 3_200_000, -45, None)]
    for n, (name, amount, days, won) in enumerate(opps, start=1):
        data.opportunities.append(Opportunity(f"OPP-NWR-{n}", acc.id, name, "Closed" if won is not None else "Negotiation",
                                              float(amount), _day(as_of, days), won))
    data.roles += [BuyingRole(cfo.id, acc.id, "economic_buyer", opportunity="OPP-NWR-5"),
                   BuyingRole(champion.id, acc.id, "champion", opportunity="OPP-NWR-5")]

    active_team = [m for m in team if m.active]
    # Two finance managers only the departed colleague ever worked with: their relationships left with them.
    departed_only = departments["Finance"][1:3]
    interactions: list[Interaction] = []

    def meet(day: int, kind: str, ours: list[Person], theirs: list[Person], subject: str) -> None:
        interactions.append(Interaction(f"INT-NWR-{len(interactions) + 1:04d}", kind, _day(as_of, day), acc.id,
                                        tuple(p.id for p in ours + theirs), subject))

    # Day-to-day work: each of ours with the departments they serve.
    for member, (_, _, depts) in zip(team, RETAIL_TEAM, strict=True):
        pool = [p for d in depts for p in departments[d]
                if p is not ceo and p is not by_title["Director Supply Chain"] and (p not in departed_only or not member.active)]
        window = (90, 540) if not member.active else (1, 420)
        for _ in range(60 if member is kam else 40):
            contact = rng.choice(pool)
            kind = rng.choice(["meeting", "call", "call", "email", "email", "task"])
            meet(rng.randint(*window), kind, [member], [contact], f"{contact.department} follow-up")
    # The departed colleague held the finance relationships.
    for d in (100, 130, 170, 220):
        meet(d, "meeting", [departed], [cfo, by_title["Director Finance"], *departed_only], "Payment terms review")
    # Quarterly business reviews: many people on both sides.
    directors = [p for p in people if p.level == "director"]
    for d in (30, 120, 210, 300):
        meet(d, "meeting", [kam, sponsor, team[3], team[4]], [cco] + rng.sample(directors, 5), "Quarterly business review")
    # Annual joint business planning workshop, long ago: many weak ties.
    for d in (400, 380, 200, 150):
        theirs = rng.sample([p for p in people if p.level in ("manager", "staff") and p not in departed_only], 45)
        meet(d, "meeting", active_team[:6] + [departed], theirs, "Joint business planning workshop")
    # The supply-chain blocker: one tense meeting long ago, nothing since.
    meet(260, "meeting", [team[4]], [by_title["Director Supply Chain"]], "Service-level dispute")
    data.interactions += interactions
    data.team += [TeamMember(acc.id, m.id, role, since="2023-01-01") for m, (_, role, _) in zip(team, RETAIL_TEAM, strict=True)]


def _with(person: Person, **changes) -> Person:
    from dataclasses import replace

    return replace(person, **changes)


def _resolve_link(link: Link) -> Link:
    """Links above are written with Person objects or ids; store ids."""
    source = link.source.id if isinstance(link.source, Person) else link.source
    target = link.target.id if isinstance(link.target, Person) else link.target
    return _with(link, source=source, target=target)


def _distribution_accounts(data: Dataset, rng: random.Random, names: _Names, as_of: dt.date) -> None:
    ours = []
    for n, (title, level) in enumerate([("National Key Account Manager", "director"),
                                        ("Key Account Supervisor", "manager"),
                                        ("Key Account Executive", "manager")], start=11):
        name = names()
        ours.append(Person(f"OUR-{n:02d}", name, "supplier", title=title, email=_email(name, "example.com"),
                           department="Distribution Sales", level=level))
    data.people += ours
    kam, kas, kae = ours
    data.links += [Link("reports_to", kas.id, kam.id), Link("reports_to", kae.id, kas.id)]
    accounts = [
        # id, name, kind, revenue, (who handles, who is responsible), size
        ("ACC-ALP", "Alpenland Distribution AG", "Distributor", 12_500_000.0, [(kam, "KAM")], 14),
        ("ACC-KES", "Kessler Key Wholesale", "Key wholesaler", 5_200_000.0, [(kas, "KAS"), (kam, "KAM (responsible)")], 10),
        ("ACC-BRA", "Brandt Cash & Carry", "Wholesaler", 1_900_000.0, [(kae, "KAE"), (kas, "KAS (responsible)")], 8),
    ]
    for acc_id, name, kind, revenue, serving, size in accounts:
        prefix = acc_id.split("-")[1]
        fit = {"ALP": (0.6, 0.45, 0.7), "KES": (0.5, 0.4, 0.5), "BRA": (0.3, 0.3, 0.3)}[prefix]
        data.accounts.append(Account(acc_id, name, "Wholesale & distribution", "Austria" if prefix == "ALP" else "Germany",
                                     revenue, kind, *fit))
        domain = name.split()[0].lower() + ".example"
        titles = [("Managing Director", "executive", "Management"), ("Head of Purchasing", "director", "Purchasing"),
                  ("Head of Logistics", "director", "Logistics"), ("Category Buyer", "manager", "Purchasing"),
                  ("Warehouse Manager", "manager", "Logistics"), ("Sales Director", "director", "Sales")]
        titles += [("Purchasing Assistant", "staff", "Purchasing"), ("Field Sales Rep", "staff", "Sales")] * size
        people = []
        for i, (title, level, dept) in enumerate(titles[:size], start=1):
            pname = names()
            people.append(Person(f"{prefix}-{i:03d}", pname, "customer", acc_id, title, _email(pname, domain), dept,
                                 level, attitude=rng.choice(["supporter", "neutral", "neutral", "champion"])))
        data.people += people
        head = people[0]
        for p in people[1:]:
            boss = head if p.level == "director" else next((q for q in people if q.level == "director" and q.department == p.department), head)
            data.links.append(Link("reports_to", p.id, boss.id))
        data.roles += [BuyingRole(head.id, acc_id, "economic_buyer"), BuyingRole(people[1].id, acc_id, "decision_maker"),
                       BuyingRole(people[3].id, acc_id, "evaluator"), BuyingRole(people[2].id, acc_id, "influencer")]
        data.team += [TeamMember(acc_id, member.id, role) for member, role in serving]
        handler = serving[0][0]
        for n in range(size * 4):
            contact = rng.choice(people[1:] if n % 5 else people)
            data.interactions.append(Interaction(f"INT-{prefix}-{n + 1:04d}", rng.choice(["meeting", "call", "email"]),
                                                 _day(as_of, rng.randint(3, 300)), acc_id, (handler.id, contact.id),
                                                 "Order and promotion planning"))
        for m, (member, _) in enumerate(serving[1:], start=1):
            data.interactions.append(Interaction(f"INT-{prefix}-R{m}", "meeting", _day(as_of, 60), acc_id,
                                                 (member.id, handler.id, head.id), "Annual review"))
        data.opportunities.append(Opportunity(f"OPP-{prefix}-1", acc_id, "Annual listing agreement", "Closed",
                                              round(revenue * 0.3, 2), _day(as_of, 200), True))
