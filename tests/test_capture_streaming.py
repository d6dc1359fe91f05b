"""A mailbox is read in one pass and its interactions spooled to a temporary file, then written in parts into the
one all-or-nothing write: memory does not grow with the mailbox, and the store is never half-written."""

from __future__ import annotations

import io
import mailbox

import pytest
from capture_fixtures import PEOPLE, mbox_messages, write_mbox

from kamgraph.importer import import_dataset, import_mail
from kamgraph.io.capture import Directory, Tally, capture
from kamgraph.io.domains import build_domain_map
from kamgraph.io.mail import _PARSER, mbox_header_blocks, read_header_block, read_mail
from kamgraph.io.spool import InteractionSpool
from kamgraph.model import Dataset, Interaction
from kamgraph.store import open_store

# An mbox as mail programs leave them: CRLF and LF lines, a message whose headers run into the next From_ line,
# a body line starting "From " that nobody quoted, an empty body, folded headers, and no blank line at the end.
AWKWARD = (b"From a@x.example Mon Jan  5 09:00:00 2026\r\nFrom: A <a@x.example>\r\nTo: b@y.example,\r\n"
           b" c@y.example\r\nDate: Mon, 5 Jan 2026 09:00:00 +0000\r\n\r\nhello\r\n>From quoted\r\n\r\n"
           b"From b@y.example Mon Jan  5 10:00:00 2026\nFrom: b@y.example\nTo: a@x.example\n"
           b"From c@y.example Mon Jan  5 11:00:00 2026\nFrom: c@y.example\nTo: a@x.example\n\n"
           b"From here on the body says\nthings\n\n"
           b"From d@y.example Mon Jan  5 12:00:00 2026\nFrom: d@y.example\nTo: a@x.example\n\n")


def test_the_one_pass_mbox_reader_finds_the_messages_and_headers_pythons_mailbox_does(tmp_path):
    path = tmp_path / "awkward.mbox"
    path.write_bytes(AWKWARD)
    box = mailbox.mbox(path, create=False)
    expected = [read_header_block(box.get_file(key)) for key in box.iterkeys()]
    box.close()
    with open(path, "rb") as handle:
        got = list(mbox_header_blocks(handle))
    assert got == expected
    assert len(got) == 5  # "From here on" starts a message, as it does for Python's mailbox
    written = write_mbox(tmp_path / "fixture.mbox", mbox_messages())
    box = mailbox.mbox(written, create=False)
    expected = [read_header_block(box.get_file(key)) for key in box.iterkeys()]
    box.close()
    with open(written, "rb") as handle:
        assert list(mbox_header_blocks(handle)) == expected
    assert [dict(_PARSER.parsebytes(b)) for b in got][0]["To"] == "b@y.example, c@y.example"


def test_headers_beyond_the_limit_are_not_read_on():
    block = b"From a@x Mon Jan  5 09:00:00 2026\nFrom: a@x\n" + b"X-Long: " + b"y" * 500 + b"\n" * 0
    box = io.BytesIO(block + b"\nX-More: 1\n\nbody\n")
    (only,) = list(mbox_header_blocks(box, limit=100))
    assert b"X-More" not in only


def _spooled(tmp_path, store):
    people = store.read("people_emails")
    directory = Directory.build(people, build_domain_map(store.accounts(), people, ()))
    tally = Tally()
    spool = InteractionSpool()
    capture(read_mail([write_mbox(tmp_path / "m.mbox", mbox_messages())], tally), directory, tally, spool=spool)
    return spool


def test_a_write_in_many_parts_stores_what_one_write_would(tmp_path):
    with open_store(tmp_path / "a") as one, open_store(tmp_path / "b") as parts:
        import_dataset(one, PEOPLE)
        import_dataset(parts, PEOPLE)
        with _spooled(tmp_path, parts) as spool:
            assert len(spool) >= 4
            whole = [i for part in spool.parts(1000) for i in part]
            one.write(Dataset(interactions=whole))
            summary = parts.write(Dataset(), batch_size=1, more=spool)  # a statement per row, parts of 8
        assert parts.dump() == one.dump()
        assert summary.counts["interactions"]["created"] == len(whole)


class _Broken:
    """A spool whose file fails after the first parts were written to the copy."""

    def __init__(self, spool):
        self.spool, self.rows = spool, spool.rows

    def parts(self, size):
        for n, part in enumerate(self.spool.parts(1)):
            if n == 2:
                raise OSError("the disk went away")
            yield part


def test_a_write_that_fails_part_way_leaves_the_store_as_it_was(tmp_path):
    with open_store(tmp_path / "s") as store:
        import_dataset(store, PEOPLE)
        before = store.dump()
        with _spooled(tmp_path, store) as spool, pytest.raises(OSError, match="went away"):
            store.write(Dataset(), batch_size=1, more=_Broken(spool))
        assert store.dump() == before
        assert not list(store._client.scan_iter(match="*staging*"))  # the copy is gone too


def test_the_spool_drops_repeats_and_gives_back_what_it_was_given_in_order():
    made = [Interaction(f"i{n}", "email", "2026-01-05", "A", ("s", f"c{n}"), unknown=("x@a.example X",) if n % 2
                        else None) for n in range(2500)]
    with InteractionSpool() as spool:
        assert [spool.first_time(i.id) for i in made[:3]] == [True] * 3
        assert not spool.first_time("i1")
        for i in made:
            spool.add(i)
        assert [i for part in spool.parts(1000) for i in part] == made
        assert [len(p) for p in spool.parts(1000)] == [1000, 1000, 500]
        assert spool.first(2) == made[:2]


def test_a_mailbox_import_is_the_same_with_the_spool(tmp_path):
    with open_store(tmp_path / "s") as store:
        import_dataset(store, PEOPLE)
        report = import_mail(store, [write_mbox(tmp_path / "m.mbox", mbox_messages())], dry_run=True)
        assert report.result.interactions >= 4 and len(report.sample) == min(20, report.result.interactions)
        assert report.result.data.interactions == []  # all went to the spool
        again = import_mail(store, [tmp_path / "m.mbox"])
        assert again.summary.counts["interactions"]["created"] == report.result.interactions
