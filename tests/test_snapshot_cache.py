"""The snapshot cache: the same snapshot as a fresh load, kept only while the store is unchanged, never a way in."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import stat

import pytest
from conftest import small_dataset

from kamgraph.model import Account, Dataset, Interaction, Link, Person, TeamMember
from kamgraph.snapshot import load_portfolio, load_snapshot
from kamgraph.snapshot_cache import ENV, cached_snapshot, encode
from kamgraph.store import open_store, snapshot_files


def cache_files(store) -> list:
    return sorted(store.cache_dir.glob("*.snapshot")) if store.cache_dir.exists() else []


def assert_same(a, b) -> None:
    """Two snapshots hold the same: nodes with attributes, edges with keys and attributes (in order), graph
    attributes, and the interaction log, columns and derived arrays alike."""
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))
    assert {k: v for k, v in a.graph.items() if k != "interactions"} == {k: v for k, v in b.graph.items()
                                                                        if k != "interactions"}
    la, lb = a.graph["interactions"], b.graph["interactions"]
    assert list(la) == list(lb) and la.people == lb.people
    for x, y in zip(la.participations(), lb.participations(), strict=True):
        assert (x == y).all()
    assert (la.day_numbers() == lb.day_numbers()).all()


def fresh(store, account=None):
    """The snapshot built from the store's records, the cache left alone."""
    os.environ[ENV] = "0"
    try:
        return load_snapshot(store, account) if account else load_portfolio(store)
    finally:
        del os.environ[ENV]


def odd_dataset() -> Dataset:
    """An account whose ids hold spaces, quotes, slashes and other scripts, with names to match."""
    acc = "ACC/Ü 1 'x' \"q\" | ✓"
    people = [Person(f"p {i}/ß'\"{chr(0x4E00 + i)}", f"Ñame {chr(0x0410 + i)} {i}", "customer", account=acc,
                     title="Leiter Einkauf" if i % 3 == 0 else "Käufer", level="manager" if i % 3 == 0 else "staff")
              for i in range(12)]
    ours = [Person("us é 1", "Søren Ærø", "supplier"), Person("us é 2", "Zoë 山田", "supplier")]
    links = [Link("reports_to", people[i].id, people[0].id) for i in range(1, 12)]
    links += [Link("knows", ours[0].id, people[i].id, level="trusted_advisor") for i in range(0, 12, 2)]
    links += [Link("influences", people[3].id, people[0].id, weight=0.5)]
    interactions = [Interaction(f"m {i} '\"/", "meeting" if i % 2 else "email",
                                (dt.date(2026, 1, 1) + dt.timedelta(days=i * 7)).isoformat() if i % 5 else None,
                                acc, (ours[i % 2].id, people[i % 12].id, people[(i * 5) % 12].id))
                    for i in range(40)]
    return Dataset(accounts=[Account(acc, "Ünïcode & Co. “Ltd”")], people=people + ours,
                   team=[TeamMember(acc, ours[0].id, "KAM"), TeamMember(acc, ours[1].id, "KAE")],
                   links=links, interactions=interactions)


@pytest.fixture
def embedded(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    s = open_store(tmp_path / "store")
    yield s
    s.close()


def test_a_cached_snapshot_is_the_one_built_fresh_on_the_demo_data_and_odd_ids(embedded):
    from kamgraph.sample import sample_portfolio

    embedded.write(sample_portfolio(dt.date(2026, 11, 1)))
    embedded.write(odd_dataset())
    for account in ("ACC-NWR", "ACC-KES", "ACC/Ü 1 'x' \"q\" | ✓"):
        built = load_snapshot(embedded, account)  # a miss: built, then kept
        again = load_snapshot(embedded, account)  # a hit
        assert_same(built, again)
        assert_same(again, fresh(embedded, account))
    assert_same(load_portfolio(embedded), fresh(embedded))
    assert_same(load_portfolio(embedded), fresh(embedded))  # the portfolio's hit
    assert len(cache_files(embedded)) == 4


def test_a_hit_reads_the_kept_file_and_a_miss_replaces_a_file_of_another_token(embedded):
    embedded.write(small_dataset())
    load_snapshot(embedded, "A1")
    (kept,) = cache_files(embedded)
    token = embedded.store_token()
    assert token in kept.name
    # A file kept at the current token is what the next load returns: put a different (valid) snapshot there.
    other = load_snapshot(embedded, "A1")
    other.add_node("planted", name="Planted")
    with open(kept, "wb") as out:
        encode(other, "account:A1", out)
    assert "planted" in load_snapshot(embedded, "A1")
    # A file of another token is never read, and a miss removes it.
    stale = snapshot_files.path_for(embedded.cache_dir, "account:A1", "0" * 32)
    kept.rename(stale)
    assert "planted" not in load_snapshot(embedded, "A1")
    assert not stale.exists() and len(cache_files(embedded)) == 1


def test_the_cache_file_has_the_store_files_permissions(embedded):
    embedded.write(small_dataset())
    load_snapshot(embedded, "A1")
    (kept,) = cache_files(embedded)
    assert stat.S_IMODE(kept.stat().st_mode) == stat.S_IMODE(embedded.home.stat().st_mode) & 0o666
    embedded.home.chmod(0o700)
    embedded.write(Dataset(people=[Person("c9", "Neu Kunde", "customer", account="A1")]))
    load_snapshot(embedded, "A1")
    (kept,) = cache_files(embedded)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert not [p for p in embedded.cache_dir.iterdir() if p.suffix == ".tmp"]


def _gone_stale_and_fresh(store, account="A1"):
    """After a write: no file of the old token is left, and the next load is the store as it is now."""
    token = store.store_token()
    assert all(token in p.name for p in cache_files(store))
    loaded = load_snapshot(store, account)
    assert_same(loaded, fresh(store, account))
    assert [token in p.name for p in cache_files(store)] == [True]
    return loaded


def test_every_kind_of_write_makes_the_next_load_a_miss(embedded):
    embedded.write(small_dataset())
    tokens = [embedded.store_token()]
    load_snapshot(embedded, "A1")

    # an import
    embedded.write(Dataset(people=[Person("c9", "Neu Kunde", "customer", account="A1")]))
    tokens.append(embedded.store_token())
    assert "c9" in _gone_stale_and_fresh(embedded)

    # a sync's removal (what `import --sync` writes): an interaction and a team member go
    embedded.write(Dataset(), removals={"interactions": [{"id": "i2"}], "team": [{"person": "s2", "account": "A1"}]})
    tokens.append(embedded.store_token())
    loaded = _gone_stale_and_fresh(embedded)
    assert "i2" not in loaded.graph["interactions"].ids and "s2" not in loaded

    # init (its backfill is a write)
    embedded.init()
    tokens.append(embedded.store_token())
    _gone_stale_and_fresh(embedded)

    # a snapshot recorded for the account
    embedded.save_snapshot("A1", "2026-11-01", "{}")
    tokens.append(embedded.store_token())
    _gone_stale_and_fresh(embedded)
    assert len(set(tokens)) == len(tokens) and None not in tokens


def test_forgetting_a_person_leaves_no_cached_copy_of_them(embedded):
    from kamgraph.store.person_data import forget_person, forget_plan

    embedded.write(small_dataset())
    load_snapshot(embedded, "A1")
    load_portfolio(embedded)
    needles = ["Zoë Łukasik".encode(), b"zoe@aero.example"]
    assert all(any(n in p.read_bytes() for p in cache_files(embedded)) for n in needles)  # they were cached
    forget_person(embedded, forget_plan(embedded, "c1"))
    assert cache_files(embedded) == []
    loaded = load_snapshot(embedded, "A1")
    load_portfolio(embedded)
    assert "c1" not in loaded
    assert not any(n in p.read_bytes() for p in cache_files(embedded) for n in needles)


def test_forgetting_through_the_cli_empties_the_cache(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from kamgraph.cli import cli

    monkeypatch.delenv(ENV, raising=False)
    monkeypatch.setenv("KAMGRAPH_SERVER_IDLE", "0")
    home = tmp_path / "store"
    with open_store(home) as store:
        store.write(small_dataset())
        load_snapshot(store, "A1")
        assert cache_files(store)
    result = CliRunner().invoke(cli, ["--store", str(home), "person", "forget", "c1", "--yes"])
    assert result.exit_code == 0, result.output
    assert not [p for p in (home / "cache").iterdir()]


def test_a_damaged_file_is_rebuilt_without_a_word(embedded):
    embedded.write(small_dataset())
    good = load_snapshot(embedded, "A1")
    (kept,) = cache_files(embedded)
    whole = kept.read_bytes()
    for damaged in (whole[: len(whole) // 2], whole[:10], b"", whole[:-1] + b"\x00", whole + b"more",
                    whole.replace(b'"format": 1', b'"format": 0')):
        kept.write_bytes(damaged)
        assert_same(load_snapshot(embedded, "A1"), good)
        assert kept.read_bytes() == whole  # built again and kept again
    kept.chmod(0)
    if not os.access(kept, os.R_OK):  # (root reads anything)
        assert_same(load_snapshot(embedded, "A1"), good)


class _Planted:
    """A pickle that, when loaded by a plain unpickler, creates a file."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (exec, (f"open({self.marker!r}, 'w').close()",))


def test_a_file_naming_anything_else_is_refused_not_run(embedded, tmp_path):
    embedded.write(small_dataset())
    good = load_snapshot(embedded, "A1")
    (kept,) = cache_files(embedded)
    header = kept.read_bytes().split(b"\n", 2)
    marker = tmp_path / "ran"
    for payload in (_Planted(marker), {"graph": _Planted(marker)}, os.getcwd):
        kept.write_bytes(header[0] + b"\n" + header[1] + b"\n" + pickle.dumps(payload))
        assert_same(load_snapshot(embedded, "A1"), good)
        assert not marker.exists()
    pickle.loads(pickle.dumps(_Planted(marker)))  # the payload does run where nothing refuses it
    assert marker.exists()


def test_a_write_between_the_two_token_reads_keeps_nothing(embedded):
    embedded.write(small_dataset())

    def build_while_someone_writes():
        graph = fresh(embedded, "A1")
        embedded.write(Dataset(people=[Person("c9", "Neu Kunde", "customer", account="A1")]))
        return graph

    graph = cached_snapshot(embedded, "account:A1", build_while_someone_writes)
    assert "c9" not in graph  # what was read is handed back, as a load without the cache would
    assert cache_files(embedded) == []
    assert "c9" in load_snapshot(embedded, "A1")


def test_the_cache_can_be_turned_off(embedded, monkeypatch):
    embedded.write(small_dataset())
    load_snapshot(embedded, "A1")
    (kept,) = cache_files(embedded)
    planted = load_snapshot(embedded, "A1")
    planted.add_node("planted")
    with open(kept, "wb") as out:
        encode(planted, "account:A1", out)
    monkeypatch.setenv(ENV, "0")
    assert "planted" not in load_snapshot(embedded, "A1")  # not read
    kept.unlink()
    load_snapshot(embedded, "A1")
    assert cache_files(embedded) == []  # nor kept


def test_the_store_token_is_no_data(embedded, tmp_path):
    from kamgraph.store.backup import backup, restore

    embedded.write(small_dataset())
    nodes, _ = embedded.dump()
    assert "StoreState" not in {label for label, _ in nodes}
    backup(embedded, tmp_path / "b.jsonl")
    assert b"StoreState" not in (tmp_path / "b.jsonl").read_bytes()
    with open_store(tmp_path / "other") as other:
        other.init()  # a write: it leaves a token, and the store still counts as empty
        assert other.store_token() is not None
        restore(other, tmp_path / "b.jsonl")
        assert other.dump() == embedded.dump()


def test_a_store_without_a_token_is_not_cached_until_its_next_write(embedded):
    embedded.write(small_dataset())
    # as a store last written by a kamgraph that kept no token
    embedded._client.execute_command("GRAPH.QUERY", "kamgraph", "MATCH (s:StoreState) DELETE s")
    assert embedded.store_token() is None
    assert_same(load_snapshot(embedded, "A1"), fresh(embedded, "A1"))
    assert cache_files(embedded) == []
    embedded.init()
    assert embedded.store_token() is not None
    load_snapshot(embedded, "A1")
    assert len(cache_files(embedded)) == 1
