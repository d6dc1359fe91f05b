"""A command that finds the store's server up attaches through the small socket client, without redis-py.

Real processes: a server left up by one command, with its keeper; the fixture
(``home``, from the lifecycle tests) stops whatever is left.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from conftest import small_dataset
from hypothesis import given, settings
from hypothesis import strategies as st
from test_server_lifecycle import _command, _keeper, _running, _wait_until, home  # noqa: F401  (the fixture)

from kamgraph.store import open_store
from kamgraph.store.falkor import _literal
from kamgraph.store.socket_client import SocketClient

PROBE = """
import sys
from kamgraph.store import open_store
store = open_store(sys.argv[1], idle=30)
print(type(store._client).__name__, len(store.accounts()), "redis" in sys.modules)
store.close()
"""


def _probe(where) -> list[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, str(where)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_a_command_attaches_to_the_running_server_without_redis_py(home):  # noqa: F811
    with open_store(home) as store:
        store.write(small_dataset())
    _command(home, "accounts")  # starts the server and its keeper
    home.note()
    server = _keeper(home)["server"]
    assert _probe(home) == ["SocketClient", "1", "False"]
    assert _running(server), "leaving a socket attachment leaves the server to its keeper"
    assert _command(home, "people", "A1").stdout.count("Zoë Łukasik") == 1


def test_a_write_through_an_attached_store_takes_the_full_client_and_is_kept(home):  # noqa: F811
    _command(home, "accounts")
    home.note()
    store = open_store(home, idle=30)
    try:
        assert isinstance(store._client, SocketClient)
        store.write(small_dataset())
        assert not isinstance(store._client, SocketClient)
        assert [a["id"] for a in store.accounts()] == ["A1"]
    finally:
        store.close()
    assert _probe(home)[:2] == ["SocketClient", "1"]


def test_an_attached_store_whose_keeper_was_killed_stops_the_server_as_the_last_to_leave(home):  # noqa: F811
    _command(home, "accounts")
    home.note()
    note = _keeper(home)
    store = open_store(home, idle=30)
    assert isinstance(store._client, SocketClient)
    os.kill(note["pid"], signal.SIGKILL)
    assert _wait_until(lambda: not _running(note["pid"]))
    # the server notices the keeper's connection closed a moment later; until then this is not the last process
    assert _wait_until(lambda: len(store._client.execute_command("CLIENT", "LIST").splitlines()) == 1)
    store.close()
    assert _wait_until(lambda: not _running(note["server"])), "nobody would have stopped the server"


def test_no_server_running_means_the_full_client_starts_one(home):  # noqa: F811
    store = open_store(home, idle=0)
    try:
        assert not isinstance(store._client, SocketClient)
    finally:
        store.close()


values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
                      lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(min_size=1).filter(lambda k: "`" not in k), inner, max_size=3),
                      max_leaves=8)


@settings(max_examples=200, deadline=None)
@given(values)
def test_parameters_are_written_as_falkordb_py_writes_them(value):
    from falkordb.helpers import stringify_param_value

    assert _literal(value) == stringify_param_value(value)
