"""The embedded store under crashes and concurrency, with real processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from kamgraph.store import open_store

WRITER = r"""
import sys, time
from pathlib import Path
from kamgraph.model import Account, Dataset, Person
from kamgraph.store import open_store

home, prefix, count, start_at = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
while time.time() < start_at:   # every writer opens the store at the same moment
    time.sleep(0.001)
store = open_store(home)
data = Dataset(accounts=[Account("A1", "Shared account")],
               people=[Person(f"{prefix}{i}", f"Person {prefix}{i}", "customer", account="A1") for i in range(count)])
for start in range(0, count, 50):   # many small transactions, interleaved with the other writers
    part = Dataset(accounts=data.accounts, people=data.people[start:start + 50])
    store.write(part)
print("written", store.server_pid, flush=True)
if sys.argv[5] == "hang":
    time.sleep(600)   # wait to be killed
# Stay until every writer has written, so that their lifetimes overlap however late one started.
barrier = Path(home).parent / "barrier"
barrier.mkdir(exist_ok=True)
(barrier / prefix).touch()
deadline = time.time() + 120
while len(list(barrier.iterdir())) < int(sys.argv[6]) and time.time() < deadline:
    time.sleep(0.05)
store.close()
"""


def _people_ids(home: Path) -> set[str]:
    with open_store(home) as store:
        return {dict(props)["id"] for label, props in store.dump()[0] if label == "Person"}


def test_an_acknowledged_write_survives_kill_9_of_the_writer_and_the_server(tmp_path):
    home = tmp_path / "store"
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(home), "k", "300", "0", "hang", "1"],
                             stdout=subprocess.PIPE, text=True)
    try:
        line = child.stdout.readline().split()
        assert line and line[0] == "written", "the writer did not finish its writes"
        server_pid = int(line[1])
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    os.kill(server_pid, signal.SIGKILL)  # the database server dies too, with no chance to save
    time.sleep(0.2)
    assert _people_ids(home) == {f"k{i}" for i in range(300)}


def test_processes_started_together_share_one_server_and_lose_nothing(tmp_path):
    home = tmp_path / "store"
    start_at = time.time() + 3
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(home), prefix, "200", str(start_at), "wait", "3"],
                         stdout=subprocess.PIPE, text=True)
        for prefix in ("a", "b", "c")
    ]
    outputs = [w.communicate(timeout=120)[0].split() for w in writers]
    assert all(w.returncode == 0 for w in writers)
    assert len({out[1] for out in outputs}) == 1, "each writer should have used the same server"
    assert _people_ids(home) == {f"{p}{i}" for p in "abc" for i in range(200)}


def test_the_last_process_to_leave_stops_the_server(tmp_path):
    home = tmp_path / "store"
    first = open_store(home)
    second = open_store(home)
    assert first.server_pid == second.server_pid
    pid = first.server_pid
    first.close()
    second.accounts()  # still served after the first one left
    second.close()
    import psutil

    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


def test_a_long_write_is_not_cut_off_by_a_client_timeout(embedded):
    # redis-py waits 5 s for a reply by default; a large import's one transaction takes longer than that.
    assert embedded._client.connection_pool.connection_kwargs["socket_timeout"] is None


def test_the_last_process_to_leave_leaves_a_snapshot_to_load_not_writes_to_replay(tmp_path, monkeypatch):
    from conftest import small_dataset

    from kamgraph.store import embedded

    def persistence(home):
        with open_store(home) as store:
            return store._client.info("persistence"), store.accounts()

    store = open_store(tmp_path / "small")
    store.write(small_dataset())
    store.close()
    info, accounts = persistence(tmp_path / "small")
    assert info["aof_base_size"] < 1000 and len(accounts) == 1  # a few writes: replaying them is cheap

    monkeypatch.setattr(embedded, "APPEND_ONLY_SLACK", 0)  # as if the import had been large
    store = open_store(tmp_path / "large")
    store.write(small_dataset())
    store.close()
    info, accounts = persistence(tmp_path / "large")
    assert info["aof_base_size"] > 2000 and len(accounts) == 1  # the data is in the snapshot part


def test_a_write_whose_staging_copy_is_dropped_starts_over_on_a_new_copy(embedded, monkeypatch):
    # Forgetting a person drops every staging copy (one taken earlier could bring them back): a writer
    # whose copy goes must redo its write on a fresh copy, not rename an empty graph into place.
    from conftest import small_dataset

    from kamgraph.model import Account, Dataset, Person
    from kamgraph.store.falkor import FalkorStore

    embedded.write(small_dataset())
    copy, dropped = FalkorStore._copy, []

    def copy_then_drop(self, staging):
        copy(self, staging)
        if not dropped:
            dropped.append(staging)
            self.erase_history()

    monkeypatch.setattr(FalkorStore, "_copy", copy_then_drop)
    embedded.write(Dataset(accounts=[Account("A7", "Neu")], people=[Person("s9", "Neu bei uns", "supplier")]))
    assert dropped
    assert {a["id"] for a in embedded.accounts()} == {"A1", "A7"}
    assert len(embedded.dump()[0]) == 11
