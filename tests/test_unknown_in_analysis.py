"""Unknown stakeholders (addresses at a customer's domain that match nobody) in the analysis and the review pack:
mail written here as a real mailbox is, imported into the real embedded store, then analysed through the CLI."""

from __future__ import annotations

import json

from capture_fixtures import AS_OF, PEOPLE, TANAKA, message, write_mbox
from click.testing import CliRunner

from kamgraph.analysis.account import analyze_account
from kamgraph.cli import cli
from kamgraph.importer import import_dataset, import_mail
from kamgraph.snapshot import load_snapshot
from kamgraph.store import open_store

STRANGER = "Ola Nordmann <ola@acme.co.uk>"


def _mailbox(path):
    """Tanaka (a subdomain of ACME's) on two messages, the later one in April; Ola on one; Zoë known."""
    return write_mbox(path, [
        message("Kim Kam <kim@kamsupplier.com>", ["Zoë Łukasik <zoe@acme.co.uk>", "田中 <tanaka@mail.acme.co.uk>"],
                date="Tue, 03 Mar 2026 10:00:00 +0100"),
        message("Zoë Łukasik <zoe@acme.co.uk>", ["Kim Kam <kim@kamsupplier.com>"], cc=["田中 <tanaka@mail.acme.co.uk>",
                STRANGER], date="Wed, 08 Apr 2026 09:00:00 +0200"),
    ])


def _store(tmp_path):
    home = tmp_path / "store"
    with open_store(home) as s:
        import_dataset(s, PEOPLE)
        import_mail(s, [_mailbox(tmp_path / "m.mbox")])
    return home


def test_analyze_json_and_text_list_the_unknown_stakeholders_seen_most(tmp_path):
    home = _store(tmp_path)
    run = CliRunner()
    out = run.invoke(cli, ["--store", str(home), "analyze", "ACME", "--json", "--as-of", AS_OF], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    unknown = json.loads(out.output)["unknown_stakeholders"]
    assert unknown == {"count": 2, "top": [
        {"address": TANAKA, "name": "田中", "interactions": 2, "last": "2026-04-08"},
        {"address": "ola@acme.co.uk", "name": "Ola Nordmann", "interactions": 1, "last": "2026-04-08"}]}
    text = run.invoke(cli, ["--store", str(home), "analyze", "ACME", "--as-of", AS_OF], catch_exceptions=False).output
    assert "Unknown stakeholders: 2" in text and TANAKA in text and "田中" in text
    bue = json.loads(run.invoke(cli, ["--store", str(home), "analyze", "BUE", "--json", "--as-of", AS_OF]).output)
    assert bue["unknown_stakeholders"] == {"count": 0, "top": []}


def test_the_review_markdown_and_html_list_them_escaped(tmp_path):
    home = _store(tmp_path)
    for fmt in ("md", "html"):
        path = tmp_path / f"review.{fmt}"
        out = CliRunner().invoke(cli, ["--store", str(home), "review", "ACME", "-o", str(path), "--format", fmt,
                                       "--as-of", AS_OF], catch_exceptions=False)
        assert out.exit_code == 0, out.output
        page = path.read_text(encoding="utf-8")
        assert "Unknown stakeholders" in page and "田中" in page and "Ola Nordmann" in page
    md = (tmp_path / "review.md").read_text(encoding="utf-8")
    assert "| tanaka@mail.acme.co.uk | 田中 | 2 | 2026-04-08 |" in md


def test_an_address_since_given_to_a_person_is_known_and_the_top_is_cut(tmp_path):
    home = _store(tmp_path)
    with open_store(home) as s:
        import_mail(s, [_mailbox(tmp_path / "again.mbox")], add_unknown=True)
        graph = load_snapshot(s, "ACME")
    assert analyze_account(graph, as_of=AS_OF)["unknown_stakeholders"] == {"count": 0, "top": []}
    graph.graph["unknown"] = [{"date": f"2026-01-{d:02d}", "unknown": [f"p{d}@acme.co.uk"]} for d in range(1, 9)]
    result = analyze_account(graph, as_of=AS_OF)["unknown_stakeholders"]
    assert result["count"] == 8 and [u["address"] for u in result["top"]] == [f"p{d}@acme.co.uk" for d in (8, 7, 6, 5, 4)]
