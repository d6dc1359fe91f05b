"""Relationships gone cold, and advice that matches the figures: on ``analyze --json`` and the review pack.

Four small accounts in one store, each shaped like the case it proves:

- COLD: a declared technical buyer last met two years ago, and a CFO nobody
  ever met who reports to them (the only path to the CFO is through the cold
  relationship); no champion;
- CHAMP: the same, with a champion one of ours knows well;
- NODM: titled contacts none of whom decides (no deciding role, no executive,
  no reporting lines);
- GONE: the only team member has left;
- SOLO: one person on our team, who alone knows the decision-maker.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kamgraph.cli import cli
from kamgraph.importer import import_dataset
from kamgraph.model import (
    Account,
    BuyingRole,
    Dataset,
    Interaction,
    Link,
    Person,
    TeamMember,
)
from kamgraph.reports import review
from kamgraph.store import open_store

AS_OF = "2026-11-01"


def accounts() -> Dataset:
    d = Dataset()
    d.people.append(Person("kam", "Karin Lindqvist", "supplier", title="Key Account Manager"))
    d.people.append(Person("kae", "Pedro Alves", "supplier", title="Key Account Executive"))
    d.people.append(Person("gone", "Gunnar Holm", "supplier", title="Key Account Manager", active=False,
                           left_on="2026-06-30"))
    for acc, name in (("COLD", "Frío Medios S.A."), ("CHAMP", "Champ Media AB")):
        d.accounts.append(Account(acc, name))
        d.team.append(TeamMember(acc, "kam", "KAM"))
        d.people += [
            Person(f"{acc}-tb", "Tomás Ibáñez", "customer", account=acc, title="Jefe de Sistemas"),
            Person(f"{acc}-cfo", "Carmen Ruiz", "customer", account=acc, title="Directora Financiera"),
            Person(f"{acc}-ceo", "Consejero Delegado", "customer", account=acc, title="Consejero Delegado"),
        ]
        d.roles.append(BuyingRole(f"{acc}-tb", acc, "technical_buyer"))
        d.links += [Link("reports_to", f"{acc}-cfo", f"{acc}-tb")]
        d.interactions.append(Interaction(f"{acc}-i1", "meeting", "2024-10-01", acc, ("kam", f"{acc}-tb"), "Kick-off"))
    d.people.append(Person("CHAMP-fan", "Frida Berg", "customer", account="CHAMP", title="Inköpare",
                           attitude="champion"))
    d.links.append(Link("knows", "kam", "CHAMP-fan", level="trusted_advisor"))
    d.interactions.append(Interaction("CHAMP-i2", "meeting", "2026-10-20", "CHAMP", ("kam", "CHAMP-fan")))

    d.accounts.append(Account("NODM", "Sin Decisores SL"))
    d.team.append(TeamMember("NODM", "kae", "KAE"))
    d.people += [Person("NODM-a", "Ana Ortiz", "customer", account="NODM", title="Analista de Compras"),
                 Person("NODM-p", "Pablo Soto", "customer", account="NODM", title="Planificador de Demanda"),
                 Person("NODM-x", "Xavier Gil", "customer", account="NODM", title="Asistente de Compras")]
    d.links.append(Link("knows", "kae", "NODM-a", level="problem_solver"))
    d.interactions.append(Interaction("NODM-i1", "meeting", "2026-10-15", "NODM", ("kae", "NODM-a")))

    d.accounts.append(Account("GONE", "Orphan Retail BV"))
    d.team.append(TeamMember("GONE", "gone", "KAM"))
    d.people += [Person("GONE-ceo", "Dirk de Vries", "customer", account="GONE", title="Algemeen directeur"),
                 Person("GONE-buy", "Eva Bakker", "customer", account="GONE", title="Inkoper")]
    d.links += [Link("reports_to", "GONE-buy", "GONE-ceo"), Link("knows", "gone", "GONE-ceo", level="trusted_advisor")]

    d.people.append(Person("solo", "Inés Solá", "supplier", title="Key Account Manager"))
    d.accounts.append(Account("SOLO", "Einzel GmbH"))
    d.team.append(TeamMember("SOLO", "solo", "KAM"))
    d.people += [Person("SOLO-gf", "Jürgen Weiß", "customer", account="SOLO", title="Geschäftsführer"),
                 Person("SOLO-ek", "Öznur Kaya", "customer", account="SOLO", title="Einkäuferin")]
    d.roles.append(BuyingRole("SOLO-gf", "SOLO", "economic_buyer"))
    d.links += [Link("knows", "solo", "SOLO-gf", level="trusted_advisor"), Link("reports_to", "SOLO-ek", "SOLO-gf")]
    d.interactions.append(Interaction("SOLO-i1", "meeting", "2026-10-20", "SOLO", ("solo", "SOLO-gf")))
    return d


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = tmp_path_factory.mktemp("advice") / "store"
    with open_store(home) as store:
        import_dataset(store, accounts())
    return home


def analyze(home, account: str) -> dict:
    result = CliRunner().invoke(cli, ["--store", str(home), "analyze", account, "--json", "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def review_text(home, account: str, tmp_path) -> str:
    out = tmp_path / f"{account}.md"
    result = CliRunner().invoke(cli, ["--store", str(home), "review", account, "-o", str(out), "--format", "md",
                                      "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def findings(data: dict) -> dict[tuple[str, str], dict]:
    return {(f["kind"], f["id"]): f for f in data["gaps"] + data["risks"]}


def test_a_relationship_gone_cold_is_reported_by_name_with_who_held_it_and_when(home, tmp_path):
    data = analyze(home, "COLD")
    found = findings(data)
    stale = found[("stale_relationship", "COLD-tb")]
    assert stale["members"] == ["kam"] and stale["last"] == "2024-10-01"
    assert "Tomás Ibáñez" in stale["detail"] and "Karin Lindqvist" in stale["detail"] and "2024-10-01" in stale["detail"]
    assert ("uncovered_contact", "COLD-tb") not in found  # not "nobody on our team has a relationship"
    tb = next(c for c in data["contacts"] if c["id"] == "COLD-tb")
    assert tb["lapsed"][0]["member"] == "kam" and not tb["covered"]
    # severity from the contact's power (here a decision-maker: they head the reporting line to the CFO)
    assert stale["severity"] == ("high" if tb["decision_maker"] else "medium" if tb["power"] >= 0.35 else "low")
    assert tb["decision_maker"] and stale["severity"] == "high"
    # someone nobody ever met stays an uncovered contact
    assert ("uncovered_contact", "COLD-ceo") in found
    text = review_text(home, "COLD", tmp_path)
    assert "stale relationship — Tomás Ibáñez" in text and "last met 2024-10-01" in text
    assert "Karin Lindqvist should get back in touch with Tomás Ibáñez" in text


def test_no_introduction_along_a_path_of_strength_zero_and_no_champion_that_does_not_exist(home, tmp_path):
    data = analyze(home, "COLD")
    assert not any(c["attitude"] == "champion" or "champion" in c["roles"] for c in data["contacts"])
    text = review_text(home, "COLD", tmp_path)
    actions = text.split("## What to do next")[1].split("## Changes")[0]
    assert "champion" not in actions.lower()
    assert "path strength 0.00" not in actions and "(their relationship is 0.00)" not in actions
    assert "No warm path to Carmen Ruiz (the strongest path is 0.00, below 0.05): Karin Lindqvist should " \
           "approach them directly." in actions


def test_with_a_champion_the_advice_names_them(home, tmp_path):
    text = review_text(home, "CHAMP", tmp_path)
    assert "should ask our champion Frida Berg for an introduction" in text
    data = analyze(home, "CHAMP")
    assert {d["id"] for d in data["decision_makers"]} >= {"CHAMP-ceo"}


def test_zero_decision_makers_are_called_unknown_with_advice_to_identify_them(home, tmp_path):
    data = analyze(home, "NODM")
    assert data["decision_makers"] == [] and data["coverage"]["decision_makers"] == 0
    gap = findings(data)[("no_decision_makers", "NODM")]
    assert gap["severity"] == "high"
    text = review_text(home, "NODM", tmp_path)
    assert "no decision-maker is known among 3 contacts" in text
    assert "The decision-makers are unknown: Pedro Alves should ask Ana Ortiz who approves the budget" in text
    assert "Build threads to each decision-maker" not in text
    plain = CliRunner().invoke(cli, ["--store", str(home), "analyze", "NODM", "--as-of", AS_OF]).output
    assert "none known" in plain


def test_an_account_whose_only_team_member_left_gets_a_finding_of_its_own(home, tmp_path):
    data = analyze(home, "GONE")
    risk = findings(data)[("no_active_team", "GONE")]
    assert risk["severity"] == "high" and risk["held_by"] == ["gone"]
    assert "Gunnar Holm (left 2026-06-30)" in risk["detail"]
    text = review_text(home, "GONE", tmp_path)
    assert "no active team — nobody on our team is still on the account" in text
    assert "Assign an account manager to the account" in text
    assert "departed owner — Dirk de Vries" in text  # the contact he held is listed too


def test_levels_and_their_source_are_in_the_json_and_the_stakeholder_table(home, tmp_path):
    data = analyze(home, "COLD")
    by_id = {c["id"]: c for c in data["contacts"]}
    assert (by_id["COLD-ceo"]["level"], by_id["COLD-ceo"]["level_source"]) == ("executive", "title")
    assert by_id["COLD-cfo"]["likely_roles"][0]["role"] == "economic_buyer"
    assert data["coverage"]["executives"]["contacts"] == 1
    text = review_text(home, "COLD", tmp_path).split("## Stakeholders")[1]
    row = next(line for line in text.splitlines() if line.startswith("| **Consejero Delegado**"))
    assert "executive (title)" in row and "seniority" in row
    row = next(line for line in text.splitlines() if "Carmen Ruiz" in line and line.startswith("|"))
    assert "likely economic buyer" in row and "director (title)" in row


def test_with_one_person_on_our_team_the_advice_never_sends_them_to_their_own_contact(home, tmp_path):
    data = analyze(home, "SOLO")
    found = findings(data)
    assert found[("single_point_of_contact", "SOLO-gf")]["covered_by"] == ["solo"]
    assert ("key_person_dependency", "solo") in found
    with open_store(home) as store:
        pack = review(store, "SOLO", as_of=AS_OF)
    by_kind = {(a["kind"], a["id"]): a["action"] for a in pack["actions"]}
    single = by_kind[("single_point_of_contact", "SOLO-gf")]
    assert "Inés Solá should approach" not in single and "Inés Solá should meet Jürgen Weiß" not in single
    assert single == ("No warm path to Jürgen Weiß (nobody else on our team reaches them through the customer's "
                      "relationships), and nobody else on our team is active on the account: bring a second team "
                      "member onto the account to meet Jürgen Weiß with Inés Solá.")
    key = by_kind[("key_person_dependency", "solo")]
    assert key == ("Inés Solá is our only active team member on the account: bring a second team member onto the "
                   "account and to Inés Solá's next meeting with each decision-maker.")
    assert "planned" not in key
    text = review_text(home, "SOLO", tmp_path)
    actions = text.split("## What to do next")[1].split("## Changes")[0]
    assert single in actions and key in actions
    assert "Inés Solá should approach them directly" not in actions


def test_with_a_second_person_on_the_team_they_are_the_one_sent(home, tmp_path):
    from kamgraph.analysis.actions import recommend_actions
    from kamgraph.snapshot import load_snapshot

    with open_store(home) as store:
        graph = load_snapshot(store, "SOLO")
    graph.add_node("new", side="supplier", name="Lars Neu", active=True, teams={"SOLO": "Sales Engineer"})
    finding = {"kind": "single_point_of_contact", "id": "SOLO-gf", "covered_by": ["solo"], "severity": "high",
               "detail": "only Inés Solá knows Jürgen Weiß"}
    key = {"kind": "key_person_dependency", "id": "solo", "covered_by": ["solo"], "severity": "high", "detail": "…"}
    actions = recommend_actions(graph, {"gaps": [], "risks": [finding, key]}, as_of=AS_OF)
    assert actions[0]["action"] == ("No warm path to Jürgen Weiß (nobody else on our team reaches them through the "
                                    "customer's relationships): Lars Neu should approach them directly.")
    assert actions[1]["action"] == ("Bring a second team member into Inés Solá's decision-maker relationships: they "
                                    "should join Inés Solá's next meeting with each decision-maker.")


def test_a_department_of_one_is_one_person_not_one_people():
    import networkx as nx

    from kamgraph.analysis.findings import find_gaps

    g = nx.MultiDiGraph(account={"id": "A"})
    g.add_node("c", side="customer", name="Åsa Lind", department="Logistik")
    g.add_node("d", side="customer", name="Bo Ek", department="Inköp")
    g.add_node("e", side="customer", name="Cai Ek", department="Inköp")
    cov = {p: {"covered": False, "covered_by": [], "thread": False, "best": 0.0, "departed": []} for p in "cde"}
    gaps = find_gaps(g, cov, {}, {"uncovered_roles": [], "uncovered_departments": ["Logistik", "Inköp"]})
    details = {f["id"]: f["detail"] for f in gaps if f["kind"] == "uncovered_unit"}
    assert details == {"Logistik": "nobody covers anyone in Logistik (1 person)",
                       "Inköp": "nobody covers anyone in Inköp (2 people)"}
