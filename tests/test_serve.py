"""The endpoint under misuse: federation, Host, nesting, runaway queries, clients that go, big answers, slow clients."""

import http.client
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

import pyoxigraph as ox
import pytest

from kg.serve import serve_in_thread

EX = "http://example.org/"
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"  # 2,000³ rows: hours of work
SIMPLE = "SELECT ?o WHERE { <http://example.org/s1> ?p ?o }"


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    """2,000 invented triples in four article graphs."""
    path = tmp_path_factory.mktemp("serve") / "store"
    store = ox.Store(str(path))
    for i in range(2000):
        graph = ox.NamedNode(f"{EX}graph/{i % 4}")
        store.add(ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(f"{EX}p{i % 7}"), ox.Literal(f"值{i}", language="zh"), graph))
    store.flush()
    del store
    return path


@pytest.fixture
def endpoint(small_store):
    """Start servers with given options; all are stopped after the test."""
    servers = []

    def start(**options):
        options.setdefault("workers", 2)
        server, _ = serve_in_thread(small_store, port=0, **options)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def request(server, query, method="GET", headers=None, timeout=60):
    """(status, headers, body) of one query, over a new connection."""
    port = server.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        if method == "GET":
            connection.request("GET", "/sparql?" + urllib.parse.urlencode({"query": query}), headers=headers or {})
        else:
            connection.request("POST", "/sparql", body=query.encode("utf-8"),
                               headers={"Content-Type": "application/sparql-query", **(headers or {})})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode("utf-8")
    finally:
        connection.close()


def killed_workers(server):
    """How many query processes the server has killed (a runaway, a client gone, a crash)."""
    return server.pool.killed


def listening_socket():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(3)
    return listener


def connection_attempts(listener):
    """What connects to the listener within its timeout: the first request's bytes, or None."""
    try:
        connection, _ = listener.accept()
    except TimeoutError:
        return None
    with connection:
        connection.settimeout(3)
        data = connection.recv(200)
    return data


@pytest.mark.parametrize("allow_service", [False, True])
def test_service_clause_connects_nowhere_unless_allowed(endpoint, allow_service):
    server = endpoint(allow_service=allow_service)
    listener = listening_socket()
    target = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    seen = []
    watcher = threading.Thread(target=lambda: seen.append(connection_attempts(listener)))
    watcher.start()
    status, _, body = request(server, f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}")
    watcher.join()
    listener.close()
    if allow_service:
        assert seen[0] is not None and seen[0].startswith(b"POST /sparql")
    else:
        assert status == 400 and "SERVICE" in body and "--allow-service" in body
        assert seen == [None]


@pytest.mark.parametrize("host, status", [("127.0.0.1:{port}", 200), ("localhost:{port}", 200),
                                          ("attacker.example:{port}", 403), ("127.0.0.1:1", 403)])
def test_host_header_must_name_the_endpoint(endpoint, host, status):
    server = endpoint()
    port = server.server_address[1]
    assert request(server, SIMPLE, headers={"Host": host.format(port=port)})[0] == status


def test_deeply_nested_query_gets_an_error_and_the_server_lives(endpoint):
    server = endpoint()
    nested = "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000
    status, _, body = request(server, nested, method="POST")
    assert status == 400 and "3000 levels" in body
    assert request(server, SIMPLE)[0] == 200


def test_runaway_query_is_stopped_at_its_timeout_while_others_are_answered(endpoint):
    server = endpoint(query_timeout=5)
    runaway = {}
    thread = threading.Thread(target=lambda: runaway.update(answer=request(server, CROSS_JOIN)))
    thread.start()
    status, _, body = request(server, SIMPLE)
    assert status == 200 and "值1" in body
    assert thread.is_alive()  # the simple answer came while the runaway one was still running
    thread.join()
    status, _, body = runaway["answer"]
    assert status == 503 and "within 5 s" in body
    assert killed_workers(server) == 1
    assert request(server, SIMPLE)[0] == 200  # a new worker replaced the killed one


def test_query_of_a_client_that_goes_is_stopped(endpoint):
    server = endpoint(query_timeout=600)
    client = socket.create_connection(server.server_address[:2])
    port = server.server_address[1]
    client.sendall(f"GET /sparql?{urllib.parse.urlencode({'query': CROSS_JOIN})} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    time.sleep(1)  # let the query start
    client.close()
    for _ in range(300):  # the kill follows the close at once; allow a slow machine
        if killed_workers(server):
            break
        time.sleep(0.1)
    assert killed_workers(server) == 1


def test_answer_is_cut_at_the_row_limit_and_says_so(endpoint):
    server = endpoint(max_rows=5)
    status, headers, body = request(server, "SELECT ?s WHERE { ?s ?p ?o }")
    assert status == 200 and headers["X-Result-Truncated"] == "true" and headers["X-Result-Rows"] == "5"
    assert len(json.loads(body)["results"]["bindings"]) == 5
    status, headers, body = request(server, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3", headers={"Accept": "text/csv"})
    assert headers["X-Result-Truncated"] == "false" and len(body.splitlines()) == 4


def test_big_answer_is_streamed_and_its_cut_told_in_a_trailer(endpoint):
    server = endpoint(max_rows=1500)
    port = server.server_address[1]
    query = urllib.parse.urlencode({"query": "CONSTRUCT { ?s ?p ?o . ?s <http://example.org/pad> ?pad } WHERE { ?s ?p ?o BIND(CONCAT(STR(?o), '"
                                             + "x" * 300 + "') AS ?pad) }"})
    with socket.create_connection(server.server_address[:2], timeout=60) as client:
        client.sendall(f"GET /sparql?{query} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: application/n-triples\r\nConnection: close\r\n\r\n".encode())
        raw = b""
        while chunk := client.recv(65536):
            raw += chunk
    head, _, body = raw.partition(b"\r\n\r\n")
    assert b"Transfer-Encoding: chunked" in head and b"X-Result-Truncated:" not in head
    assert body.endswith(b"\r\n0\r\nX-Result-Rows: 1500\r\nX-Result-Truncated: true\r\n\r\n")
    assert body.count(b"<http://example.org/pad>") == 750


def test_connection_is_kept_alive_between_queries(endpoint):
    server = endpoint()
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=30)
    answers = []
    for _ in range(3):
        connection.request("GET", "/sparql?" + urllib.parse.urlencode({"query": SIMPLE}))
        response = connection.getresponse()
        answers.append((response.status, response.will_close, connection.sock))
        response.read()
    connection.close()
    assert [a[:2] for a in answers] == [(200, False)] * 3
    assert answers[0][2] is answers[1][2] is answers[2][2]


def test_short_body_does_not_pin_the_connection(endpoint, monkeypatch):
    from kg.serve import SparqlHandler

    monkeypatch.setattr(SparqlHandler, "timeout", 1)
    server = endpoint()
    port = server.server_address[1]
    with socket.create_connection(server.server_address[:2], timeout=30) as client:
        client.sendall(f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/sparql-query\r\n"
                       f"Content-Length: 100\r\n\r\nSELECT".encode())
        assert client.recv(100) == b""  # the server hung up, rather than wait for the 94 missing bytes


def test_connections_beyond_the_bound_are_refused_at_once(endpoint):
    server = endpoint(max_connections=1)
    with socket.create_connection(server.server_address[:2], timeout=30):  # idle: it holds the only slot
        with socket.create_connection(server.server_address[:2], timeout=30) as second:
            assert second.recv(100).startswith(b"HTTP/1.1 503")


def test_engine_crash_ends_only_its_worker(endpoint):
    import os
    import signal

    server = endpoint(workers=1, query_timeout=600)
    (worker,) = server.pool.workers
    runaway = {}
    thread = threading.Thread(target=lambda: runaway.update(answer=request(server, CROSS_JOIN)))
    thread.start()
    while server.pool.idle.qsize():  # until the runaway query holds the only worker
        time.sleep(0.05)
    os.kill(worker.process.pid, signal.SIGSEGV)  # what a stack overflow in the engine does
    thread.join()
    status, _, body = runaway["answer"]
    assert status == 500 and "engine stopped" in body
    assert request(server, SIMPLE)[0] == 200


def test_ask_and_xml_answers_are_well_formed(endpoint):
    import xml.etree.ElementTree as ElementTree

    server = endpoint()
    status, _, body = request(server, "ASK { <http://example.org/s1> ?p ?o }")
    assert status == 200 and json.loads(body)["boolean"] is True
    status, headers, body = request(server, 'SELECT ?s ?o WHERE { ?s ?p ?o FILTER(?o = "值1"@zh) }',
                                    headers={"Accept": "application/sparql-results+xml"})
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ElementTree.fromstring(body)
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == ["s", "o"]
    literal = root.find("r:results/r:result/r:binding[@name='o']/r:literal", ns)
    assert literal.text == "值1" and literal.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh"


def test_query_that_outgrows_the_worker_memory_fails_alone(endpoint):
    server = endpoint(worker_memory=1024, query_timeout=20)  # the timeout: a safety net should the cap not hold
    status, _, body = request(server, "SELECT * WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f } ORDER BY ?b ?d ?f", timeout=60)
    assert status == 500 and "engine stopped" in body
    assert request(server, SIMPLE)[0] == 200


def test_worker_memory_is_counted_beyond_what_the_idle_worker_holds():
    # a host with many processors gives an idle worker many thread stacks: stand-in, 600 MB held
    code = (
        "from kg.query_worker import _limit_memory\n"
        "idle = bytearray(600 * 1024 * 1024)\n"
        "_limit_memory(1024)\n"
        "query = bytearray(700 * 1024 * 1024)\n"
        "try:\n"
        "    more = bytearray(1100 * 1024 * 1024)\n"
        "    print('not capped')\n"
        "except MemoryError:\n"
        "    print('capped')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "capped"


def test_oversized_body_is_refused_unread(endpoint):
    server = endpoint()
    port = server.server_address[1]
    with socket.create_connection(server.server_address[:2], timeout=30) as client:
        client.sendall(f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/sparql-query\r\n"
                       f"Content-Length: {2 * 1024 * 1024}\r\n\r\n".encode())
        assert client.recv(100).startswith(b"HTTP/1.1 413")
