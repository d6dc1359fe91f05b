"""The embedded server outliving a command: reused by the next one, stopped when idle or asked, restarted after a kill.

Every test here starts real processes (commands, the server, its keeper) and
the ``home`` fixture stops whatever is left when the test ends.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner
from conftest import small_dataset

from kamgraph.cli import cli
from kamgraph.store import StoreError, open_store
from kamgraph.store.server_lifecycle import KEEPER_FILENAME, idle_from_environment, stop_server

COMMAND = [sys.executable, "-c", "from kamgraph.cli import main; main()"]


def _running(pid: int | None) -> bool:
    try:
        return bool(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _keeper(home: Path) -> dict:
    return json.loads((home / KEEPER_FILENAME).read_text())


def _wait_until(condition, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _ids(home: Path) -> set[str]:
    with open_store(home) as store:
        return {dict(props)["id"] for label, props in store.dump()[0] if label == "Person"}


class _Home(type(Path())):
    """A store directory that remembers the server and keeper processes seen in it (``note()``)."""


@pytest.fixture
def home(tmp_path):
    """A store directory; afterwards no server or keeper of it is left running, whatever the test did."""
    where = _Home(tmp_path / "store")
    seen: set[int] = set()

    def note():
        if (where / KEEPER_FILENAME).exists():
            seen.update(_keeper(where)[k] for k in ("pid", "server"))

    where.note = note
    yield where
    note()
    try:
        stop_server(where)
    finally:
        ended = _wait_until(lambda: not any(_running(pid) for pid in seen), 10)
        for pid in seen:
            if _running(pid):
                os.kill(pid, signal.SIGKILL)
        _wait_until(lambda: not any(_running(pid) for pid in seen), 10)
    assert ended, "a server or keeper was still running after the test"


def _command(home: Path, *args: str, idle: str = "30") -> subprocess.CompletedProcess:
    env = dict(os.environ, KAMGRAPH_SERVER_IDLE=idle)
    done = subprocess.run([*COMMAND, "--store", str(home), *args], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done


def test_a_second_command_reuses_the_server_the_first_left_running(home):
    with open_store(home) as store:
        store.write(small_dataset())
    first = _command(home, "accounts")
    home.note()
    server, keeper = _keeper(home)["server"], _keeper(home)["pid"]
    assert "Ærø Handel GmbH" in first.stdout
    assert _running(server) and _running(keeper), "the server should outlive the command, watched by its keeper"
    second = _command(home, "people", "A1")
    assert "Zoë Łukasik" in second.stdout
    assert _keeper(home) == {"pid": keeper, "server": server, "idle": 30.0}, "the same server and keeper, not new ones"
    assert stop_server(home) is True
    assert _wait_until(lambda: not _running(server) and not _running(keeper))
    assert not (home / KEEPER_FILENAME).exists() and not (home / "kamgraph.db.settings").exists()
    assert stop_server(home) is False
    assert _ids(home) == {"c1", "c2", "c3", "s1", "s2"}


def test_the_keeper_stops_the_server_once_it_has_been_idle(home):
    store = open_store(home, idle=0.5)
    store.write(small_dataset())
    server = store.server_pid
    home.note()
    time.sleep(1.5)
    assert _running(server), "a connected process keeps the server up however long it is idle"
    store.close()
    assert _wait_until(lambda: not _running(server)), "the server should stop once nobody used it for 0.5 s"
    assert _wait_until(lambda: not (home / KEEPER_FILENAME).exists())
    assert _ids(home) == {"c1", "c2", "c3", "s1", "s2"}


def test_a_killed_server_is_started_again_cleanly_and_no_acknowledged_write_is_lost(home):
    with open_store(home, idle=30) as store:
        store.write(small_dataset())
        server = store.server_pid
    home.note()
    keeper = _keeper(home)["pid"]
    os.kill(server, signal.SIGKILL)  # no chance to save: only the append-only file has the writes
    assert _wait_until(lambda: not _running(keeper)), "the keeper should end with its server"
    done = _command(home, "people", "A1")
    home.note()
    assert "Renée O'Brien" in done.stdout
    assert _keeper(home)["server"] != server and _running(_keeper(home)["server"])
    assert _ids(home) == {"c1", "c2", "c3", "s1", "s2"}


def test_a_killed_keeper_leaves_stopping_to_the_last_process_to_leave(home):
    store = open_store(home, idle=30)
    server = store.server_pid
    home.note()
    os.kill(_keeper(home)["pid"], signal.SIGKILL)
    assert _wait_until(lambda: not _running(_keeper(home)["pid"]))
    store.close()
    assert _wait_until(lambda: not _running(server))


def test_stop_is_refused_while_a_command_is_using_the_store(home):
    store = open_store(home, idle=30)
    home.note()
    try:
        with pytest.raises(StoreError, match="serving 1 other connection"):
            stop_server(home)
        store.accounts()  # still served
    finally:
        store.close()
    assert stop_server(home) is True


def test_store_stop_says_what_it_did(home):
    runner = CliRunner()
    with open_store(home, idle=30):
        home.note()
    result = runner.invoke(cli, ["--store", str(home), "store", "stop"])
    assert result.exit_code == 0 and "Stopped the store's server in" in result.output
    result = runner.invoke(cli, ["--store", str(home), "store", "stop"])
    assert result.exit_code == 0 and "No server was running" in result.output
    result = runner.invoke(cli, ["--store", "bolt://localhost:7687", "store", "stop"])
    assert result.exit_code == 1 and "only the embedded store's server can be stopped" in result.output


@pytest.mark.parametrize("value", ["soon", "-1", "1e9", "nan"])
def test_a_bad_idle_setting_is_refused_by_name(monkeypatch, value):
    monkeypatch.setenv("KAMGRAPH_SERVER_IDLE", value)
    with pytest.raises(StoreError, match="KAMGRAPH_SERVER_IDLE"):
        idle_from_environment()


def test_the_idle_setting_defaults_and_accepts_seconds(monkeypatch):
    monkeypatch.delenv("KAMGRAPH_SERVER_IDLE")
    assert idle_from_environment() == 120
    monkeypatch.setenv("KAMGRAPH_SERVER_IDLE", " 2.5 ")
    assert idle_from_environment() == 2.5
