"""Importing a Salesforce Data Export as it comes: a small export written here, with each quirk of real ones."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from kamgraph.importer import import_salesforce
from kamgraph.io.salesforce import id18, read_salesforce
from kamgraph.model import ValidationError


def sid(prefix: str, n: int) -> str:
    """A 15-character Salesforce id, with upper- and lower-case letters so the checksum matters."""
    return f"{prefix}Ab{n:010d}"


ACC, ACC_GONE = sid("001", 1), sid("001", 2)
CEO, CFO, LAYLA, OMAR, DELETED, PRIVATE, NEW = (sid("003", n) for n in range(1, 8))
KAM, REP, IDLE = (sid("005", n) for n in range(1, 4))
WON, OPEN = sid("006", 1), sid("006", 2)
LEAD = sid("00Q", 1)


def write(directory: Path, name: str, header: list[str], rows: list[list[str]], *, bom=False, crlf=False) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n" if crlf else "\n").writerows([header, *rows])
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{name}.csv").write_text(("\ufeff" if bom else "") + buffer.getvalue(), encoding="utf-8", newline="")


def export(directory: Path, *, cfo_title="VP, Finance\nEMEA", with_ceo=True, kam_active="true",
           cfo_role="Kingmaker") -> Path:
    # Account.csv uses 18-character ids; every other file the 15-character ones.
    write(directory, "Account", ["Id", "Name", "Type", "Industry", "AnnualRevenue", "BillingCountry", "OwnerId",
                                 "ParentId", "IsDeleted", "Custom_Field__c"],
          [[id18(ACC), "Ærø Trading A/S", "Customer - Direct", "Retail", "2500000", "Denmark", id18(KAM), "", "false", "x"],
           [id18(ACC_GONE), "Deleted Co", "", "", "", "", "", "", "true", ""]])
    contacts = [
        [CEO, ACC, "太郎", "山田", "Chief Executive Officer", "Board", "taro@aero.example", "", "0", "?"],
        [CFO, ACC, "Zoë", "Łukasik", cfo_title, "Finance", "zoe@aero.example", CEO, "0", ""],
        [LAYLA, ACC, "ليلى", "حداد", "Buyer", "Purchasing", "", OMAR, "0", ""],
        [OMAR, ACC, "Омар", "Петров", "Buyer", "Purchasing", "", LAYLA, "0", ""],
        [DELETED, ACC, "Del", "Eted", "", "", "", "", "1", ""],
        [PRIVATE, "", "Pri", "Vate", "", "", "", "", "0", ""],
    ]
    if not with_ceo:
        contacts = [c for c in contacts if c[0] != CEO]
        contacts[0][7] = ""
    write(directory, "Contact", ["Id", "AccountId", "FirstName", "LastName", "Title", "Department", "Email",
                                 "ReportsToId", "IsDeleted", "Shoe_Size__c"], contacts, bom=True, crlf=True)
    write(directory, "User", ["Id", "FirstName", "LastName", "Title", "Email", "Department", "IsActive", "ManagerId"],
          [[KAM, "Kim", "Kam", "Key Account Manager", "kim@example.com", "Sales", kam_active, ""],
           [REP, "Rae", "Rep", "Sales Rep", "rae@example.com", "Sales", "false", KAM],
           [IDLE, "Ida", "Idle", "Accountant", "", "Finance", "true", ""]])
    write(directory, "AccountTeamMember", ["AccountId", "UserId", "TeamMemberRole"],
          [[ACC, KAM, "Account Manager"], [ACC, REP, "Sales Rep"]])
    write(directory, "Opportunity", ["Id", "AccountId", "Name", "StageName", "Amount", "CloseDate", "IsClosed", "IsWon"],
          [[WON, ACC, "Rahmenvertrag", "Closed Won", "120000", "2026-06-30", "true", "true"],
           [OPEN, ACC, "Expansion, 2027", "Negotiation", "80000", "2026-12-31", "false", "false"]])
    roles = [[WON, CFO, cfo_role, "false"]]
    if with_ceo:
        roles.append([WON, CEO, "Economic Decision Maker", "true"])
    write(directory, "OpportunityContactRole", ["OpportunityId", "ContactId", "Role", "IsPrimary"], roles)
    tasks = [[sid("00T", 1), CFO, ACC, KAM, "2026-10-01", "Call about terms", "Call", "false"],
             [sid("00T", 2), LEAD, "", KAM, "2026-10-02", "Lead follow-up", "Email", "false"],
             [sid("00T", 3), NEW, ACC, KAM, "2026-10-03", "Unknown contact", "Task", "false"],
             [sid("00T", 4), CFO, ACC, KAM, "2026-10-04", "Deleted task", "Task", "true"]]
    if with_ceo:
        tasks.append([sid("00T", 5), CEO, ACC, KAM, "2026-09-01", "Intro", "Email", "false"])
    write(directory, "Task", ["Id", "WhoId", "WhatId", "OwnerId", "ActivityDate", "Subject", "TaskSubtype", "IsDeleted"], tasks)
    write(directory, "Event", ["Id", "WhoId", "WhatId", "OwnerId", "ActivityDate", "Subject", "Type"],
          [[sid("00U", 1), CFO, ACC, KAM, "2026-10-05", 'QBR, "quarterly"', "Meeting"]])
    write(directory, "EventRelation", ["EventId", "RelationId", "IsInvitee"],
          [[sid("00U", 1), REP, "true"], [sid("00U", 1), LAYLA, "true"]])
    return directory


def test_id18_follows_salesforces_documented_algorithm():
    assert id18("001A0000006Vm9r") == "001A0000006Vm9rIAC"
    assert id18("00D000000000062") == "00D000000000062EAA"
    # worked by hand: "003AB" has capitals at 3 and 4 (8 + 16 = 24: Y), "CDEab" at 0, 1, 2 (7: H), "cdeAB" → Y
    assert id18("003ABCDEabcdeAB") == "003ABCDEabcdeABYHY"
    assert id18(id18(CFO)) == id18(CFO) and len(id18(CFO)) == 18


def test_every_quirk_of_a_real_export_is_read(tmp_path):
    read = read_salesforce(export(tmp_path / "export"))
    people = {p.id: p for p in read.data.people}
    # BOM, CRLF, a quoted title with a comma and a line break, names in any script
    assert people[id18(CFO)].title == "VP, Finance\nEMEA"
    assert people[id18(CEO)].name == "太郎 山田" and people[id18(LAYLA)].name == "ليلى حداد"
    assert people[id18(OMAR)].name == "Омар Петров"
    # 15-character ids in Contact.csv meet the 18-character ones of Account.csv
    assert people[id18(CFO)].account == id18(ACC)
    # deleted rows, private contacts, leads, unknown contacts and idle users are skipped and counted
    assert read.skipped["Account: deleted in Salesforce"] == 1
    assert read.skipped["Contact: deleted in Salesforce"] == 1
    assert read.skipped["Task: deleted in Salesforce"] == 1
    assert read.skipped["Contact: no account (a private contact)"] == 1
    assert read.skipped["Task: about a lead, not a contact"] == 1
    assert read.skipped["Task: contact not in the export"] == 1
    assert read.skipped["User: not on any account team or activity"] == 1
    # a reporting cycle is kept out of the hierarchy and reported
    assert read.cycles == [sorted([id18(LAYLA), id18(OMAR)])]
    assert read.skipped["Contact: reporting line in a cycle"] == 2
    lines = {(link.source, link.target) for link in read.data.links}
    assert (id18(CFO), id18(CEO)) in lines and (id18(REP), id18(KAM)) in lines
    assert not any(id18(LAYLA) in pair for pair in lines)
    # users: a deactivated one has left; the account owner is on the team once
    assert people[id18(REP)].active is False and id18(IDLE) not in people
    assert sorted((t.person, t.role) for t in read.data.team) == [(id18(KAM), "Account Manager"), (id18(REP), "Sales Rep")]
    # opportunities and Salesforce's roles mapped to the buying-role vocabulary
    opps = {o.id: o for o in read.data.opportunities}
    assert opps[id18(WON)].won is True and opps[id18(OPEN)].won is None
    roles = {(r.person, r.role, r.role_source) for r in read.data.roles}
    assert roles == {(id18(CEO), "economic_buyer", "Economic Decision Maker"), (id18(CFO), "other", "Kingmaker")}
    assert any("custom role 'Kingmaker'" in w for w in read.warnings)
    # interactions: kind from the subtype, invitees on both sides join
    interactions = {i.id: i for i in read.data.interactions}
    assert interactions[id18(sid("00T", 1))].kind == "call"
    meeting = interactions[id18(sid("00U", 1))]
    assert meeting.kind == "meeting" and meeting.subject == 'QBR, "quarterly"'
    assert set(meeting.participants) == {id18(KAM), id18(REP), id18(CFO), id18(LAYLA)}


def test_an_export_is_imported_and_then_updated_in_place(embedded, tmp_path):
    first = import_salesforce(embedded, export(tmp_path / "first"))
    assert first.summary.as_dict()["people"]["created"] == 6
    second = import_salesforce(embedded, export(tmp_path / "second", cfo_title="Chief Financial Officer",
                                                with_ceo=False, kam_active="false", cfo_role="Decision Maker"))
    assert second.marked_gone == [id18(CEO)]
    people = embedded.lookup("Person", [id18(CEO), id18(CFO), id18(KAM)])
    assert people[id18(CFO)]["title"] == "Chief Financial Officer"
    assert people[id18(CEO)]["active"] is False and people[id18(CEO)]["name"] == "太郎 山田"  # gone, not deleted
    assert people[id18(KAM)]["active"] is False  # deactivated since: has left
    _, edges = embedded.dump()
    roles = {(s, dict(p)["role"]) for s, t, _, p in edges if t == "HAS_ROLE"}
    assert roles == {(id18(CFO), "decision_maker")}  # the role changed; the gone contact's role went with the export
    again = import_salesforce(embedded, tmp_path / "second")  # the same export again changes nothing
    assert again.summary.total("created") == again.summary.total("updated") == 0 and again.marked_gone == []


def test_a_dry_run_reads_and_checks_but_writes_nothing(embedded, tmp_path):
    report = import_salesforce(embedded, export(tmp_path / "x"), dry_run=True)
    assert report.summary is None and embedded.accounts() == []


def test_an_export_missing_a_required_column_is_refused_and_writes_nothing(embedded, tmp_path):
    directory = export(tmp_path / "ok")
    import_salesforce(embedded, directory)
    before = embedded.dump()
    broken = export(tmp_path / "broken")
    write(broken, "Contact", ["Id", "AccountId", "FirstName"], [[CFO, ACC, "Zoë"]])
    with pytest.raises(ValidationError, match="Contact.csv, column 'LastName': the required column 'LastName' is missing"):
        import_salesforce(embedded, broken)
    assert embedded.dump() == before


def test_an_export_without_contacts_is_refused(embedded, tmp_path):
    directory = export(tmp_path / "x")
    (directory / "Contact.csv").unlink()
    with pytest.raises(ValidationError, match="Contact.csv is required in a Salesforce export"):
        import_salesforce(embedded, directory)


def test_a_bad_id_names_its_file_row_and_column(embedded, tmp_path):
    directory = export(tmp_path / "x")
    write(directory, "Opportunity", ["Id", "AccountId", "Name", "Amount"], [[WON, "not-an-id", "Deal", "lots"]])
    with pytest.raises(ValidationError) as refused:
        import_salesforce(embedded, directory)
    text = str(refused.value)
    assert "Opportunity.csv, row 2, column 'AccountId': 'not-an-id' is not a Salesforce id" in text
    assert "Opportunity.csv, row 2, column 'Amount': 'lots' is not a number" in text


def test_the_cli_imports_an_export_and_says_what_it_skipped(tmp_path):
    from click.testing import CliRunner

    from kamgraph.cli import cli
    from kamgraph.store import open_store

    directory = export(tmp_path / "export")
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "import", "salesforce", str(directory)])
    assert result.exit_code == 0, result.output
    assert "Found 1 account, 6 people" in result.output
    assert "Task: about a lead, not a contact" in result.output
    assert "Reporting cycles kept out of the hierarchy (1)" in result.output
    assert "Marked gone (no longer in the export): 0 contact(s)." in result.output
    with open_store(tmp_path / "s") as store:
        assert store.find_accounts("Ærø Trading A/S")[0]["id"] == id18(ACC)
    dry = CliRunner().invoke(cli, ["--store", str(tmp_path / "t"), "import", "salesforce", str(directory), "--dry-run"])
    assert dry.exit_code == 0 and "Nothing was written (--dry-run)" in dry.output
    with open_store(tmp_path / "t") as store:
        assert store.accounts() == []


def test_salesforce_is_a_command_of_the_import_group_with_its_own_help(tmp_path):
    from click.testing import CliRunner

    from kamgraph.cli import cli

    def run(*args):
        return CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), *args], prog_name="kamgraph")

    group = run("import", "--help").output
    assert "salesforce  Import a Salesforce" in group
    own = run("import", "salesforce", "--help")
    assert own.exit_code == 0 and own.output.startswith("Usage: kamgraph import salesforce [OPTIONS] DIRECTORY")
    assert "Example" in own.output and "--date-order" in own.output and "--mapping" in own.output
    files = run("import", "files", "--help").output
    assert "--encoding" not in files and "--date-order" not in files and "--mapping" not in files
    assert "--sync" in files and "--yes" in files and "--check" in files
    missing = run("import", "salesforce")
    assert missing.exit_code == 2 and "Try 'kamgraph import salesforce --help'" in missing.output
    assert "Try 'kamgraph import salesforce --help'" in run("import", "salesforce", "x", "--sync", "A").output
    # the options of a Salesforce import refused on files in kamgraph's format, by click itself
    refused = run("import", str(tmp_path), "--encoding", "cp1252")
    assert refused.exit_code == 2 and "No such option '--encoding'" in refused.output


def test_options_before_the_command_name_still_reach_the_salesforce_import(tmp_path):
    from click.testing import CliRunner

    from kamgraph.cli import cli
    from kamgraph.store import open_store

    directory = export(tmp_path / "export")
    dry = CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "import", "--dry-run", "--encoding", "utf-8",
                                   "salesforce", str(directory)])
    assert dry.exit_code == 0, dry.output
    assert "Nothing was written (--dry-run)" in dry.output
    with open_store(tmp_path / "s") as store:
        assert store.accounts() == []


def test_a_salesforce_export_given_to_the_native_import_is_refused_with_the_command_to_use(tmp_path):
    from click.testing import CliRunner

    from kamgraph.cli import cli
    from kamgraph.store import open_store

    directory = export(tmp_path / "Export 2026-11 (Ærø)")
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "import", str(directory)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "Account.csv: cannot tell what it holds" in result.output
    assert (f"{directory} looks like a Salesforce export (it has Account.csv and Contact.csv): "
            f"import it with `kamgraph import salesforce {directory}`") in result.output
    with open_store(tmp_path / "s") as store:
        assert store.accounts() == []
    # a directory of files in kamgraph's own format gets no such advice
    (tmp_path / "native").mkdir()
    (tmp_path / "native" / "people.csv").write_text("id,name,side\np1,Ann,enemy\n", encoding="utf-8")
    plain = CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "import", str(tmp_path / "native")])
    assert plain.exit_code == 1 and "Salesforce" not in plain.output
