"""Relationships captured from calendars and mailboxes: files written here as real exports are shaped, imported into
the real embedded store, and the store searched afterwards for anything it should not hold."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from capture_fixtures import (
    AS_OF,
    LI,
    MARKER,
    PEOPLE,
    TANAKA,
    latin1_eml,
    mbox_messages,
    message,
    raw_utf8_eml,
    write_calendar,
    write_maildir,
    write_mbox,
    write_msg,
)
from click.testing import CliRunner

from kamgraph.cli import cli
from kamgraph.importer import import_calendar, import_dataset, import_mail
from kamgraph.model import ValidationError
from kamgraph.stakeholders import unknown_stakeholders
from kamgraph.store import open_store

AS_OF_DAY = dt.date.fromisoformat(AS_OF)


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "store")
    import_dataset(s, PEOPLE)
    yield s
    s.close()


def interactions(store) -> dict[str, dict]:
    """Every stored interaction by id: its properties, participants (sorted) and account."""
    nodes, edges = store.dump()
    out = {dict(props)["id"]: dict(props) for label, props in nodes if label == "Interaction"}
    for source, kind, target, _ in edges:
        if kind == "PARTICIPATED_IN":
            out[target].setdefault("who", []).append(source)
        elif kind == "ABOUT" and target in ("ACME", "BUE"):
            if source in out:
                out[source]["about"] = target
    for record in out.values():
        record["who"] = sorted(record.get("who", []))
    return out


def stored_text(store) -> str:
    return json.dumps(store.dump(), ensure_ascii=False, default=str)


# -- calendars ---------------------------------------------------------------------------------------------------


def test_a_calendar_becomes_meetings_with_recurrences_overrides_and_time_zones(store, tmp_path):
    report = import_calendar(store, [write_calendar(tmp_path / "kim.ics")], as_of=AS_OF_DAY)
    got = {i: (r["date"], r["kind"], r["about"], r["who"]) for i, r in interactions(store).items()}
    series = "weekly-acme@kamsupplier.com|"
    assert got == {
        # 22:30 in New York is the next day in UTC: the meeting's day is New York's. Bob declined the series.
        series + "20260106T033000Z": ("2026-01-05", "meeting", "ACME", ["K1", "Z1"]),
        # 12 January is an EXDATE; 19 January moved to the 20th, where Bob accepted; 26 January was cancelled.
        series + "20260120T033000Z": ("2026-01-20", "meeting", "ACME", ["B1", "K1", "Z1"]),
        series + "20260203T033000Z": ("2026-02-02", "meeting", "ACME", ["K1", "Z1"]),
        series + "20260210T033000Z": ("2026-02-09", "meeting", "ACME", ["K1", "Z1"]),
        # 00:30 in Outlook's "W. Europe Standard Time" is the 11th in UTC; the room is not a participant.
        "buecher-visit@kamsupplier.com": ("2026-02-12", "meeting", "BUE", ["H1", "K2"]),
    }
    tally = report.result.tally
    assert tally.skipped == {"cancelled": 2, "all-day event": 1, "no customer on it": 1}
    assert tally.left_out == {"declined attendees": 3, "rooms and resources": 1}
    assert report.result.unknown_counts() == {"BUE": 1}
    assert MARKER not in stored_text(store)


def test_the_calendar_expands_only_up_to_as_of(store, tmp_path):
    path = write_calendar(tmp_path / "kim.ics")
    import_calendar(store, [path], as_of=dt.date(2026, 1, 31))
    assert sorted(r["date"] for r in interactions(store).values()) == ["2026-01-05", "2026-01-20"]
    import_calendar(store, [path], as_of=dt.date(2026, 4, 2))  # the meeting on 1 April has taken place by now
    assert "future@kamsupplier.com" in interactions(store)


def test_importing_a_calendar_again_changes_nothing(store, tmp_path):
    path = write_calendar(tmp_path / "kim.ics")
    import_calendar(store, [path], as_of=AS_OF_DAY)
    before = store.dump()
    again = import_calendar(store, [path], as_of=AS_OF_DAY)
    assert again.summary.total("created") == again.summary.total("updated") == 0
    assert store.dump() == before


def test_a_broken_calendar_is_refused_whole_naming_the_file(store, tmp_path):
    good = write_calendar(tmp_path / "good.ics")
    bad = tmp_path / "bad.ics"
    bad.write_text("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:not-a-date\nEND:VEVENT\n", encoding="utf-8")
    before = store.dump()
    with pytest.raises(ValidationError) as error:
        import_calendar(store, [good, bad], as_of=AS_OF_DAY)
    assert "bad.ics" in str(error.value)
    assert store.dump() == before


def test_titles_are_stored_only_when_asked(store, tmp_path):
    import_calendar(store, [write_calendar(tmp_path / "kim.ics")], as_of=AS_OF_DAY, subjects=True)
    subjects = {r.get("subject") for r in interactions(store).values()}
    assert subjects == {f"{MARKER} title"}
    assert "agenda" not in stored_text(store) and "room" not in stored_text(store)


# -- mailboxes ---------------------------------------------------------------------------------------------------


def test_an_mbox_becomes_emails_between_sender_and_to_cc_never_bcc(store, tmp_path):
    report = import_mail(store, [write_mbox(tmp_path / "All mail.mbox", mbox_messages())])
    got = {i: (r["date"], r["kind"], r["about"], r["who"]) for i, r in interactions(store).items()}
    no_id = [i for i in got if i.startswith("mail-")]
    assert len(no_id) == 1
    assert got == {
        "first@acme.co.uk": ("2026-03-03", "email", "ACME", ["B1", "K1", "Z1"]),  # Rae was on Bcc
        no_id[0]: ("2026-03-04", "email", "BUE", ["H1", "K1"]),  # 23:30 at -05:00: the sender's day
        "both@kamsupplier.com|ACME": ("2026-03-05", "email", "ACME", ["K2", "Z1"]),
        "both@kamsupplier.com|BUE": ("2026-03-05", "email", "BUE", ["H1", "K2"]),
        "greta@gmail.com": ("2026-03-03", "email", "BUE", ["G1", "K2"]),
    }
    assert report.result.tally.read == 9
    assert report.result.tally.skipped == {
        "mailing list (List-Id)": 1, "automated (Auto-Submitted)": 1, "bulk mail (Precedence)": 1,
        "no-reply sender": 1, "no customer on it": 1}
    assert MARKER not in stored_text(store)  # neither subject nor body nor attachment name


def test_no_body_subject_or_attachment_reaches_the_store_from_any_source(store, tmp_path):
    folder = tmp_path / "exports"
    write_mbox(folder / "Thunderbird" / "Inbox", mbox_messages()[:1])  # Thunderbird's mbox files have no extension
    write_maildir(folder / "Maildir", mbox_messages()[7:8])
    raw_utf8_eml(folder / "raw.eml")
    latin1_eml(folder / "latin1.eml")
    write_msg(folder / "saved.msg", "From: Zoe <zoe@acme.co.uk>\r\nTo: kim@kamsupplier.com\r\n"
              "Date: Mon, 09 Mar 2026 10:00:00 +0000\r\nMessage-ID: <msg@acme.co.uk>\r\n"
              f"Subject: {MARKER}\r\n\r\n")
    report = import_mail(store, [folder])
    assert report.result.tally.read == 5
    assert set(interactions(store)) == {"first@acme.co.uk", "both@kamsupplier.com|ACME", "both@kamsupplier.com|BUE",
                                        "raw@acme.co.uk", "latin1@buecher.de", "msg@acme.co.uk"}
    assert MARKER not in stored_text(store)


def test_the_same_message_in_two_folders_is_one_interaction(store, tmp_path):
    messages = mbox_messages()
    write_mbox(tmp_path / "Inbox.mbox", messages[:1])
    write_maildir(tmp_path / "Archive", messages[:1])
    report = import_mail(store, [tmp_path / "Inbox.mbox", tmp_path / "Archive"])
    assert report.result.tally.skipped == {"the same message or meeting again": 1}
    assert list(interactions(store)) == ["first@acme.co.uk"]


def test_importing_a_mailbox_again_changes_nothing_even_without_message_ids(store, tmp_path):
    path = write_mbox(tmp_path / "m.mbox", mbox_messages())
    import_mail(store, [path])
    before = store.dump()
    again = import_mail(store, [path])
    assert again.summary.total("created") == again.summary.total("updated") == 0
    assert store.dump() == before


def test_encoded_and_raw_non_ascii_names_are_read(store, tmp_path):
    raw_utf8_eml(tmp_path / "raw.eml")
    import_mail(store, [tmp_path / "raw.eml"], add_unknown=True)
    soren = {r["id"]: r for r in store.read("people_emails")}["soren@acme.co.uk"]
    assert soren["name"] == "Søren Ødegård" and soren["account"] == "ACME"


def test_an_outlook_msg_without_transport_headers_is_read_from_its_properties(store, tmp_path):
    path = write_msg(tmp_path / "sent.msg", None, submitted=dt.datetime(2026, 3, 9, 10, tzinfo=dt.UTC),
                     recipients=(("Kim Kam", "kim@kamsupplier.com", 1), ("Bob", "bob@acme.co.uk", 2),
                                 ("Rae Rep", "rae@kamsupplier.com", 3)))
    import_mail(store, [path])
    [(_, record)] = interactions(store).items()
    assert (record["date"], record["who"]) == ("2026-03-09", ["B1", "K1", "Z1"])  # Rae was on Bcc
    assert MARKER not in stored_text(store)


def test_subjects_are_stored_only_when_asked(store, tmp_path):
    write_mbox(tmp_path / "m.mbox", [message("zoe@acme.co.uk", ["kim@kamsupplier.com"], msgid="<s@x>",
                                             subject="=?utf-8?q?Angebot_f=C3=BCr_Q2?=")])
    import_mail(store, [tmp_path / "m.mbox"], subjects=True)
    assert interactions(store)["s@x"]["subject"] == "Angebot für Q2"


def test_a_path_that_is_no_mailbox_is_refused_naming_it(store, tmp_path):
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(ValidationError, match="notes.txt"):
        import_mail(store, [tmp_path / "notes.txt"])


# -- unknown stakeholders ----------------------------------------------------------------------------------------


def test_unknown_stakeholders_are_listed_with_how_often_and_with_whom_and_not_created(store, tmp_path):
    import_mail(store, [write_mbox(tmp_path / "m.mbox", mbox_messages())])
    import_calendar(store, [write_calendar(tmp_path / "c.ics")], as_of=AS_OF_DAY)
    assert store.lookup("Person", [TANAKA, LI]) == {}
    [tanaka] = unknown_stakeholders(store, "ACME")
    assert tanaka == {"address": TANAKA, "name": "田中", "interactions": 1, "meetings": 0, "emails": 1,
                      "first": "2026-03-03", "last": "2026-03-03", "with": ["Bob Baker", "Kim Kam", "Zoë Łukasik"]}
    [li] = unknown_stakeholders(store, "Bücher GmbH")
    assert (li["address"], li["name"], li["meetings"], li["emails"]) == (LI, "Li Wei", 1, 1)
    assert li["with"][0] in ("Rae Rep", "Hans Müller") and set(li["with"]) == {"Rae Rep", "Hans Müller"}


def test_add_unknown_adds_them_as_contacts_and_they_are_then_known(store, tmp_path):
    path = write_mbox(tmp_path / "m.mbox", mbox_messages())
    report = import_mail(store, [path], add_unknown=True)
    added = {r["id"]: r for r in store.read("people_emails") if r["id"] in (TANAKA, LI)}
    assert {k: (v["name"], v["account"], v["side"]) for k, v in added.items()} == {
        TANAKA: ("田中", "ACME", "customer"), LI: ("Li Wei", "BUE", "customer")}
    assert interactions(store)["first@acme.co.uk"]["who"] == ["B1", "K1", "Z1", TANAKA]
    assert report.result.unknown == {}
    assert unknown_stakeholders(store, "ACME") == []
    again = import_mail(store, [path])
    assert again.summary.total("created") == again.summary.total("updated") == 0


def test_webmail_is_never_an_accounts_domain_and_a_stranger_there_is_nobody(store, tmp_path):
    write_mbox(tmp_path / "m.mbox", mbox_messages()[8:9])  # Greta writes from gmail.com with a stranger there on To
    report = import_mail(store, [tmp_path / "m.mbox"])
    assert report.domains.inferred == {"buecher.de": "BUE"}
    assert report.result.unknown == {}


# -- the command -------------------------------------------------------------------------------------------------


def test_the_commands_import_report_and_list_unknown_stakeholders(tmp_path):
    home = tmp_path / "store"
    with open_store(home) as s:
        import_dataset(s, PEOPLE)

    def run(*args):
        return CliRunner().invoke(cli, ["--store", str(home), *args], catch_exceptions=False)

    mbox = write_mbox(tmp_path / "m.mbox", mbox_messages())
    dry = run("import", "mail", str(mbox), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "Would record" in dry.output and "Nothing was written" in dry.output
    assert "mailing list (List-Id)" in dry.output and "ACME" in dry.output
    with open_store(home) as s:
        assert interactions(s) == {}
    done = run("import", "mail", str(mbox), "--our-domain", "kamsupplier.com")
    assert done.exit_code == 0, done.output
    assert "Read 9 messages; recorded 4 as 5 interaction(s); skipped 5." in done.output
    meetings = run("import", "calendar", str(write_calendar(tmp_path / "c.ics")), "--as-of", AS_OF)
    assert meetings.exit_code == 0, meetings.output
    assert "all-day event" in meetings.output and "declined attendees" in meetings.output
    listed = run("people", "ACME", "--unknown")
    assert TANAKA in listed.output and "田中" in listed.output
    as_json = json.loads(run("people", "BUE", "--unknown", "--json").output)
    assert [r["address"] for r in as_json] == [LI]
    assert run("import", "--help").output.count("calendar") >= 1
    assert "Example" in run("import", "calendar", "--help").output


def test_the_files_command_is_still_the_default(tmp_path):
    from test_import import good_files

    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "import", "--check",
                                      str(good_files(tmp_path / "in"))], catch_exceptions=False)
    assert result.exit_code == 0 and "Nothing was written" in result.output


def test_captured_mail_and_meetings_make_relationships_stronger_in_the_analysis(store, tmp_path):
    from kamgraph.analysis.strength import relationship_strengths
    from kamgraph.snapshot import load_snapshot

    before = relationship_strengths(load_snapshot(store, "ACME"), as_of=AS_OF)
    import_mail(store, [write_mbox(tmp_path / "m.mbox", mbox_messages())])
    import_calendar(store, [write_calendar(tmp_path / "c.ics")], as_of=AS_OF_DAY)
    after = relationship_strengths(load_snapshot(store, "ACME"), as_of=AS_OF)
    assert ("K1", "Z1") not in before or before[("K1", "Z1")].strength == 0
    assert after[("K1", "Z1")].strength > 0


# -- domains and addresses ---------------------------------------------------------------------------------------


def test_account_domains_are_declared_or_inferred_never_webmail_and_never_shared():
    from kamgraph.io.domains import build_domain_map

    accounts = [{"id": "A", "domains": ["acme.co.uk"]}, {"id": "B"}, {"id": "C"}, {"id": "D"}]
    people = [
        {"email": "x@acme.co.uk", "side": "customer", "account": "B"},  # A declared it: B does not infer it
        {"email": "Y@Sales.Buecher.DE", "side": "customer", "account": "B"},
        {"email": "z@yahoo.co.jp", "side": "customer", "account": "C"},
        {"email": "p@holding.com", "side": "customer", "account": "C"},
        {"email": "q@holding.com", "side": "customer", "account": "D"},
        {"email": "me@ours.com.au", "side": "supplier"},
        {"email": "them@ours.com.au", "side": "customer", "account": "D"},
    ]
    domains = build_domain_map(accounts, people, ["https://www.also-ours.de/"])
    assert domains.declared == {"acme.co.uk": "A"}
    assert domains.inferred == {"buecher.de": "B"}
    assert domains.ambiguous == {"holding.com": ("C", "D")}
    assert domains.ours == {"ours.com.au", "also-ours.de"}
    assert domains.account_for("emea.mail.acme.co.uk") == "A"
    assert domains.account_for("co.uk") is None and domains.account_for("yahoo.co.jp") is None
    assert domains.is_ours("mail.ours.com.au") and not domains.is_ours("com.au")


def test_a_webmail_or_malformed_domain_in_the_accounts_sheet_is_refused_with_row_and_column(tmp_path):
    from kamgraph.io import read_paths

    (tmp_path / "accounts.csv").write_text("id,name,domains\nA,Acme,acme.com; ACME.de\nB,Bad,gmail.com\n"
                                           "C,Worse,not a domain\nD,Fine,\n", encoding="utf-8")
    with pytest.raises(ValidationError) as error:
        read_paths([tmp_path / "accounts.csv"])
    text = str(error.value)
    assert "accounts.csv, row 3, column 'domains'" in text and "webmail" in text
    assert "accounts.csv, row 4, column 'domains'" in text
    (tmp_path / "accounts.csv").write_text("id,name,domains\nA,Acme,https://www.acme.com/; ACME.de\n", encoding="utf-8")
    assert read_paths([tmp_path / "accounts.csv"]).data.accounts[0].domains == ("acme.com", "acme.de")


@pytest.mark.parametrize("header", [
    "Kim Kam <kim@x.com>, bob@y.com",
    '"Baker, Bob" <bob@y.com>, =?utf-8?b?55Sw5Lit?= <t@m.a.com>',
    "a@b.com (Al), <x@y.com>",
    "team: a@b.com, c@d.com;",
    "Zoë <z@a.co.uk>,, ",
])
def test_the_quick_address_split_agrees_with_the_standard_parser(header):
    import email.utils

    from kamgraph.io.mail import _split_addresses

    def cleaned(pairs):
        return [(n, a) for n, a in pairs if a]

    assert cleaned(_split_addresses([header])) == cleaned(email.utils.getaddresses([header]))


def test_a_google_export_in_utc_is_dated_in_its_calendars_time_zone(store, tmp_path):
    path = tmp_path / "google.ics"
    path.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
                    "X-WR-TIMEZONE:Europe/Berlin\r\nBEGIN:VEVENT\r\nUID:g1@google.com\r\nDTSTART:20260211T233000Z\r\n"
                    "DTEND:20260212T003000Z\r\nORGANIZER;CN=Rae:mailto:rae@kamsupplier.com\r\n"
                    "ATTENDEE;CN=Hans;PARTSTAT=ACCEPTED:mailto:hans@buecher.de\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
                    encoding="utf-8", newline="")
    import_calendar(store, [path], as_of=AS_OF_DAY)
    assert interactions(store)["g1@google.com"]["date"] == "2026-02-12"  # 00:30 in Berlin


def test_a_message_id_with_a_control_character_is_hashed_not_a_reason_to_refuse_the_mailbox(store, tmp_path):
    path = tmp_path / "odd.eml"
    path.write_bytes(b"From: zoe@acme.co.uk\nTo: kim@kamsupplier.com\nDate: Tue, 03 Mar 2026 10:00:00 +0100\n"
                     b"Message-ID: <odd\x01id@acme.co.uk>\n\nbody\n")
    import_mail(store, [path])
    [interaction_id] = interactions(store)
    assert interaction_id.startswith("mail-")


def test_domains_under_no_public_suffix_are_an_organisation_too(tmp_path):
    """Reserved and private top levels (.example, .local, .internal: the demo's, and many companies' own mail)
    are matched by their last two labels: an unknown stakeholder there is found, not taken for nobody."""
    from kamgraph.model import Account, Dataset, Person, TeamMember

    data = Dataset(accounts=[Account("NW", "Northwind")],
                   people=[Person("S1", "Sam Seller", "supplier", email="sam@kam.internal"),
                           Person("C1", "Cleo Buyer", "customer", account="NW", email="cleo@northwind-retail.example"),
                           Person("C2", "Dan Boss", "customer", account="NW", email="dan@hq.northwind-retail.example")],
                   team=[TeamMember("NW", "S1", "KAM")])
    with open_store(tmp_path / "s") as s:
        import_dataset(s, data)
        mbox = write_mbox(tmp_path / "m.mbox", [
            message("Sam Seller <sam@kam.internal>", ["cleo@northwind-retail.example"],
                    cc=["Nora Vance <Nora.Vance@mail.northwind-retail.example>"], msgid="<a@kam.internal>")])
        import_mail(s, [mbox])
        [nora] = unknown_stakeholders(s, "NW")
        assert (nora["address"], nora["name"], nora["with"]) == ("nora.vance@mail.northwind-retail.example", "Nora Vance",
                                                                  ["Cleo Buyer", "Sam Seller"])
        assert s.lookup("Person", ["nora.vance@mail.northwind-retail.example"]) == {}
