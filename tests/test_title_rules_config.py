"""The title vocabulary as data: a user's own rules file, its errors, and the level column's common words."""

from __future__ import annotations

import networkx as nx
import pytest

from kamgraph.analysis import analyze_account
from kamgraph.analysis.likely_roles import likely_roles
from kamgraph.analysis.seniority import ENV_VAR, builtin_rules, load_rules, read_title, title_rules
from kamgraph.errors import KamgraphError
from kamgraph.importer import import_paths
from kamgraph.model import LEVELS, normalise_level
from kamgraph.snapshot import load_snapshot

USER_RULES = """
[[level]]
rule = "Kapitan (our customer's word for a site head)"
level = "director"
weight = 0.7
pattern = '\\bkapitan\\b'

[[level]]
rule = "store manager here runs the whole company"
level = "executive"
weight = 0.95
pattern = '\\bstore manager\\b'

[[likely_role]]
rule = "merchandising"
role = "evaluator"
reason = "merchandisers compare suppliers' ranges"
levels = ["staff"]
pattern = '\\bmerchandiser\\b'
"""


def test_the_builtin_vocabulary_loads_and_every_rule_is_named():
    rules = builtin_rules()
    assert len(rules.levels) >= 20 and len(rules.likely_roles) >= 4
    assert {r.level for r in rules.levels} == set(LEVELS)
    assert all(r.name for r in rules.levels + rules.likely_roles)


def test_a_users_rules_come_first_and_extend_the_vocabulary(tmp_path, monkeypatch):
    path = tmp_path / "titles.toml"
    path.write_text(USER_RULES, encoding="utf-8")
    assert read_title("Kapitan Gudang").level is None  # unknown to kamgraph's own table
    rules = title_rules(path)
    assert read_title("Kapitan Gudang", rules).level == "director"
    assert read_title("Store Manager", rules).level == "executive"  # overrides the built-in rule
    assert read_title("Chief Executive Officer", rules).level == "executive"  # built-ins still apply
    assert likely_roles("Senior Merchandiser", "staff", rules)[0]["role"] == "evaluator"
    monkeypatch.setenv(ENV_VAR, str(path))
    g = nx.MultiDiGraph(account={"id": "A", "name": "A"}, interactions=[])
    g.add_node("k", side="customer", name="K", title="Kapitan", roles=[])
    contact = analyze_account(g, as_of="2026-01-01")["contacts"][0]
    assert (contact["level"], contact["level_source"], contact["level_rule"]) == (
        "director", "title", "Kapitan (our customer's word for a site head)")


@pytest.mark.parametrize(("text", "message"), [
    ("[[level]\nrule = 'x'", "not a valid TOML file"),
    ("[[level]]\nrule = 'boss'\nlevel = 'king'\npattern = 'boss'", "level 'king' is not one of executive"),
    ("[[level]]\nrule = 'boss'\nlevel = 'staff'\nweight = 0.9\npattern = 'boss'", "outside 0.0–0.29, the band for staff"),
    ("[[level]]\nrule = 'boss'\nlevel = 'staff'\npattern = '(boss'", "not a valid regular expression"),
    ("[[level]]\nrule = 'boss'\nlevel = 'staff'", "needs pattern"),
    ("[[likely_role]]\nrule = 'r'\nrole = 'king'\npattern = 'x'", "role 'king' is not one of"),
    ("[[levels]]\nrule = 'r'", "unknown table levels"),
])
def test_a_broken_rules_file_is_refused_with_the_file_and_rule_named(tmp_path, text, message):
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KamgraphError) as e:
        load_rules(path)
    assert str(path) in str(e.value) and message in str(e.value)


def test_a_missing_rules_file_is_a_clear_error(tmp_path):
    with pytest.raises(KamgraphError, match="cannot read the title rules"):
        title_rules(tmp_path / "nowhere.toml")


@pytest.mark.parametrize(("written", "level"), [
    ("C-level", "executive"), ("C-suite", "executive"), ("c suite", "executive"), ("CxO", "executive"),
    ("SVP", "executive"), ("EVP", "executive"), ("VP", "executive"), ("Vice President", "executive"),
    ("Head", "director"), ("Head of", "director"), ("Senior Director", "director"), ("AVP", "director"),
    ("Senior Manager", "manager"), ("Sr. Manager", "manager"), ("Team Lead", "manager"), ("Supervisor", "manager"),
    ("Individual contributor", "staff"), ("IC", "staff"), ("Staff", "staff"), ("EXECUTIVE", "executive"),
])
def test_the_level_column_accepts_the_words_people_type(written, level):
    assert normalise_level(written) == level


def test_an_import_keeps_the_level_as_written_and_the_analysis_shows_it(embedded, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "accounts.csv").write_text("id,name\nA1,Acme\n", encoding="utf-8")
    (tmp_path / "in" / "people.csv").write_text(
        "id,name,side,account,title,level\n"
        "p1,Ana,customer,A1,Analyst,C-suite\n"
        "p2,Bo,customer,A1,Chief Executive Officer,\n"
        "p3,Cy,customer,A1,Consultant,Staff\n", encoding="utf-8")
    import_paths(embedded, [tmp_path / "in"])
    g = load_snapshot(embedded, "A1")
    assert (g.nodes["p1"]["level"], g.nodes["p1"]["level_written"]) == ("executive", "C-suite")
    contacts = {c["id"]: c for c in analyze_account(g, as_of="2026-01-01")["contacts"]}
    assert (contacts["p1"]["level"], contacts["p1"]["level_source"], contacts["p1"]["level_written"]) == (
        "executive", "declared", "C-suite")
    assert (contacts["p2"]["level"], contacts["p2"]["level_source"]) == ("executive", "title")
    assert contacts["p3"]["level_source"] == "declared"
    assert any(b["kind"] == "seniority" and "'C-suite'" in b["detail"] for b in contacts["p1"]["basis"])


def test_a_level_column_word_nobody_knows_is_refused_with_row_and_column(embedded, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "accounts.csv").write_text("id,name\nA1,Acme\n", encoding="utf-8")
    (tmp_path / "in" / "people.csv").write_text("id,name,side,account,level\np1,Ana,customer,A1,Grand Poobah\n",
                                                encoding="utf-8")
    with pytest.raises(Exception) as e:
        import_paths(embedded, [tmp_path / "in"])
    assert "people.csv, row 2, column 'level'" in str(e.value) and "Grand Poobah" in str(e.value)
