"""`kg query` and the checks every query passes: inline text, nesting, SERVICE, timeout, the default graph."""

import socket
import threading

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.query_guard import QueryRefused, check_query, code_text
from kg.store import open_for_queries, refresh_default_graph, run_query

EX = "http://example.org/"


@pytest.fixture(scope="module")
def trig_file(tmp_path_factory):
    """2,000 invented triples in four graphs; every graph also states that <e> is labelled 通辽市."""
    lines = []
    for g in range(4):
        lines.append(f'<{EX}graph/{g}> {{ <{EX}e> <http://www.w3.org/2000/01/rdf-schema#label> "通辽市"@zh .')
        lines += [f'<{EX}s{i}> <{EX}p{i % 7}> "值{i}"@zh .' for i in range(g, 2000, 4)]
        lines.append("}")
    path = tmp_path_factory.mktemp("query") / "data.trig"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def query(*args):
    return CliRunner().invoke(main, ["query", *map(str, args)])


def test_inline_query_longer_than_a_file_name_runs(trig_file):
    sparql = "SELECT ?o WHERE { <http://example.org/s1> ?p ?o } # " + "很长的注释" * 60
    assert len(sparql.encode("utf-8")) > 255
    result = query(trig_file, sparql)
    assert result.exit_code == 0, result.output
    assert "值1" in result.output and "(1 row)" in result.output


def test_missing_query_file_is_an_error(trig_file, tmp_path):
    result = query(trig_file, tmp_path / "absent.rq")
    assert result.exit_code == 1 and "no such query file" in result.output


def test_deeply_nested_query_is_an_error_not_a_crash(trig_file):
    result = query(trig_file, "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000)
    assert result.exit_code == 1 and "5000 levels deep" in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("allow_service", [False, True])
def test_service_clause_connects_nowhere_unless_allowed(trig_file, allow_service):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(3)
    seen = []

    def watch():
        try:
            connection, _ = listener.accept()
            seen.append(connection.recv(200))
            connection.close()
        except TimeoutError:
            seen.append(None)

    watcher = threading.Thread(target=watch)
    watcher.start()
    sparql = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.getsockname()[1]}/sparql> {{ ?s ?p ?o }} }}"
    result = query(trig_file, sparql, *(["--allow-service"] if allow_service else []))
    watcher.join()
    listener.close()
    if allow_service:
        assert seen[0] is not None and seen[0].startswith(b"POST /sparql")
    else:
        assert result.exit_code == 1 and "--allow-service" in result.output
        assert seen == [None]


def test_runaway_query_is_stopped_at_the_timeout(trig_file):
    result = query(trig_file, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }", "--timeout", "2")
    assert result.exit_code == 1 and "within 2 s" in result.output


@pytest.mark.parametrize("sparql", [
    'SELECT * WHERE { ?s ?p "SERVICE <http://x/> { }" }',
    "SELECT * WHERE { ?s ?p ?service }",
    "PREFIX service: <http://x/> SELECT * WHERE { ?s service:p ?o }",
    "SELECT * WHERE { ?s <http://x/SERVICE> ?o } # SERVICE <http://x/>",
    'SELECT * WHERE { ?s ?p """a ""SERVICE"" \\""" } """ }',
])
def test_service_in_strings_iris_names_and_comments_is_not_a_clause(sparql):
    check_query(sparql)


@pytest.mark.parametrize("sparql", [
    "SELECT * WHERE { service <http://x/> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o .SERVICE SILENT ?x { } }",
    "SELECT * WHERE { ?s ?p '''}''' . SERVICE<http://x/>{} }",
])
def test_service_clauses_are_found_however_written(sparql):
    with pytest.raises(QueryRefused, match="SERVICE"):
        check_query(sparql)


def test_brackets_inside_strings_and_iris_do_not_count_as_nesting():
    assert code_text('SELECT * WHERE { <http://x/(((#> ?p "{{{" FILTER(?a < ?b) }') == 'SELECT * WHERE { <> ?p "" FILTER(?a < ?b) }'
    check_query("SELECT * WHERE { ?s ?p " + '"' + "{" * 500 + '" }')


def test_updates_are_refused_behind_prefixes_and_comments():
    with pytest.raises(QueryRefused) as refused:
        check_query("# first a comment\nPREFIX ex: <http://x/#>\nDELETE WHERE { ?s ?p ?o }")
    assert refused.value.status == 403


def test_default_graph_counts_a_triple_shared_by_graphs_once(trig_file):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    union = ox.Store()
    union.bulk_load(path=str(trig_file), format=ox.RdfFormat.TRIG)
    assert run_query(union, count).rows[0][0].value == "2004"  # Oxigraph's union: the shared label four times
    assert run_query(open_for_queries(trig_file), count).rows[0][0].value == "2001"
    result = query(trig_file, count)
    assert result.exit_code == 0 and "2001" in result.output


def test_refreshed_default_graph_forgets_triples_of_replaced_graphs(tmp_path):
    store = ox.Store(str(tmp_path / "store"))
    graph = ox.NamedNode(f"{EX}graph/1")
    store.add(ox.Quad(ox.NamedNode(f"{EX}a"), ox.NamedNode(f"{EX}p"), ox.Literal("old"), graph))
    refresh_default_graph(store)
    store.update(f"DROP GRAPH <{graph.value}> ; INSERT DATA {{ GRAPH <{graph.value}> {{ <{EX}a> <{EX}p> \"new\" }} }}")
    refresh_default_graph(store)
    values = [row[0].value for row in run_query(store, "SELECT ?o WHERE { ?s ?p ?o }").rows]
    assert values == ["new"]
    named = [row[0].value for row in run_query(store, "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows]
    assert named == [graph.value]  # the default graph is no named graph


def test_nesting_limit_is_inclusive():
    check_query("SELECT * WHERE " + "{" * 200 + " ?s ?p ?o " + "}" * 200)
    with pytest.raises(QueryRefused, match="201 levels"):
        check_query("SELECT * WHERE " + "{" * 201 + " ?s ?p ?o " + "}" * 201)
