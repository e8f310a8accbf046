"""Store, query, endpoint, exports and analytics on the bundled page's graph."""

import csv
import io
import json
import shutil
import subprocess
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from kg import bundled
from kg.cli import main
from kg.store import StoreError, load_file, open_source, run_query

from .conftest import SAMPLE

QUERIES = bundled.QUERIES


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    """The bundled page built twice into the same store."""
    directory = tmp_path_factory.mktemp("store") / "db"
    out = directory.parent / "out"
    runner = CliRunner()
    for _ in range(2):
        result = runner.invoke(main, ["build", str(SAMPLE), "-o", str(out), "--place", "通辽市", "--store", str(directory)])
        assert result.exit_code == 0, result.output
    return directory


def _rows(source, query):
    return run_query(open_source(source), query).rows


def test_rebuilding_an_article_replaces_its_graph_without_duplicates(store_dir):
    from kg.store import build_state, content_quads

    store = open_source(store_dir)
    built = ox.Store()
    built.load(path=str(store_dir.parent / "out" / "graph.trig"), format=ox.RdfFormat.TRIG)
    article_quads = list(content_quads(store))
    assert set(article_quads) == set(built) and len(article_quads) == len(built)
    union = {(q.subject, q.predicate, q.object) for q in built}
    default = [(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())]
    assert set(default) == union and len(default) == len(union)  # the default graph: each triple once
    assert len(list(store.named_graphs())) == 7  # six articles and the build record
    assert build_state(store) == "complete"


def test_adding_articles_extends_the_store_and_shares_entities(tmp_path, store_dir):
    copy = tmp_path / "db"
    shutil.copytree(store_dir, copy)
    extra = tmp_path / "extra.txt"
    extra.write_text("## 新闻\n\n本报讯 市科技局组织企业参加“揭榜挂帅”对接会。\n", encoding="utf-8")
    before = len(open_source(copy))
    result = CliRunner().invoke(main, ["build", str(extra), "-o", str(tmp_path / "out"), "--place", "通辽市", "--store", str(copy)])
    assert result.exit_code == 0, result.output
    store = open_source(copy)
    assert len(store) > before and len(list(store.named_graphs())) == 8
    rows = run_query(store, 'SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?e rdfs:label "通辽市科技局"@zh ; kg:mentionedIn ?a }').rows
    assert int(rows[0][0].value) == 2  # one entity, mentioned from both builds' articles


@pytest.mark.parametrize("source_kind", ["store", "turtle", "trig"])
def test_example_queries_answer_from_store_and_files(source_kind, store_dir, built):
    outdir, _, _ = built
    source = {"store": store_dir, "turtle": outdir / "graph.ttl", "trig": outdir / "graph.trig"}[source_kind]
    people = {(r[0].value, r[1].value if r[1] else None) for r in _rows(source, (QUERIES / "people_posts.rq").read_text())}
    assert ("塔娜", "局长") in people
    products = _rows(source, (QUERIES / "company_products_customers.rq").read_text())
    assert any("电池托盘" in (r[1].value if r[1] else "") and "宝马" in (r[2].value if r[2] else "") for r in products)
    programmes = {(r[0].value, r[1].value, r[2].value) for r in _rows(source, (QUERIES / "programmes_by_body.rq").read_text())}
    assert ("一网通办", "implements", "通辽经济技术开发区") in programmes
    projects = _rows(source, (QUERIES / "projects_investors_places.rq").read_text())
    assert any(r[1] is not None and r[1].value == "山东创新集团" and r[2].value == "15亿元" for r in projects)
    statements = _rows(source, (QUERIES / "article_statements.rq").read_text())
    assert statements and all(r[4].value for r in statements)
    mentions = _rows(source, (QUERIES / "entities_by_mentions.rq").read_text())
    assert mentions and int(mentions[0][2].value) >= int(mentions[-1][2].value)


def test_query_command_formats(store_dir):
    runner = CliRunner()
    query = str(QUERIES / "people_posts.rq")
    table = runner.invoke(main, ["query", str(store_dir), query])
    assert table.exit_code == 0 and "塔娜" in table.output and "(5 rows)" in table.output
    rows = list(csv.reader(io.StringIO(runner.invoke(main, ["query", str(store_dir), query, "-f", "csv"]).output)))
    assert rows[0] == ["person", "role", "organisation", "evidence"] and len(rows) == 6
    tsv = runner.invoke(main, ["query", str(store_dir), query, "-f", "tsv"]).output.splitlines()
    assert tsv[0].startswith("?person\t") and '"塔娜"@zh' in "\n".join(tsv)
    data = json.loads(runner.invoke(main, ["query", str(store_dir), query, "-f", "json"]).output)
    assert data["head"]["vars"][0] == "person" and len(data["results"]["bindings"]) == 5
    ask = runner.invoke(main, ["query", str(store_dir), "ASK { ?x a kg:Person }"])
    assert ask.output.strip() == "true"
    construct = runner.invoke(main, ["query", str(store_dir), "CONSTRUCT { ?p a kg:Person } WHERE { ?p a kg:Person }"])
    assert Graph().parse(data=construct.output, format="turtle")


@pytest.mark.parametrize("query, message", [
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "UPDATE is refused"),
    ("PREFIX x: <urn:x#>\nDELETE WHERE { ?s ?p ?o }", "UPDATE is refused"),
    ("SELECT ?x WHERE { ?x", "syntax error"),
])
def test_bad_queries_get_one_line_errors(store_dir, query, message):
    result = CliRunner().invoke(main, ["query", str(store_dir), query])
    assert result.exit_code != 0 and message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_endpoint_speaks_the_sparql_protocol(store_dir):
    from kg.serve import serve_in_thread

    server, _ = serve_in_thread(store_dir, port=0)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    query = "SELECT DISTINCT ?n WHERE { ?p a kg:Person ; rdfs:label ?n } ORDER BY ?n"

    def get(params, accept):
        request = urllib.request.Request(f"{base}/sparql?{urllib.parse.urlencode(params)}", headers={"Accept": accept})
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.headers["Content-Type"], response.read().decode("utf-8")

    try:
        kind, body = get({"query": query}, "application/sparql-results+json")
        names = [b["n"]["value"] for b in json.loads(body)["results"]["bindings"]]
        assert kind.startswith("application/sparql-results+json") and "塔娜" in names
        kind, body = get({"query": query}, "text/csv")
        assert kind.startswith("text/csv") and "塔娜" in body
        kind, body = get({"query": query}, "text/tab-separated-values")
        assert kind.startswith("text/tab-separated-values") and '"塔娜"@zh' in body
        kind, body = get({"query": "CONSTRUCT { ?p a kg:Person } WHERE { ?p a kg:Person }"}, "text/turtle")
        people = run_query(open_source(store_dir), "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a kg:Person }").rows[0][0]
        assert kind.startswith("text/turtle") and len(Graph().parse(data=body, format="turtle")) == int(people.value)
        post = urllib.request.Request(f"{base}/sparql", data=query.encode(), method="POST",
                                      headers={"Content-Type": "application/sparql-query", "Accept": "application/json"})
        with urllib.request.urlopen(post, timeout=10) as response:
            assert json.loads(response.read())["results"]["bindings"]
        form = urllib.request.Request(f"{base}/sparql", data=urllib.parse.urlencode({"query": query}).encode(), method="POST",
                                      headers={"Content-Type": "application/x-www-form-urlencoded"})
        with urllib.request.urlopen(form, timeout=10) as response:
            assert json.loads(response.read())["results"]["bindings"]
        for request in (
            urllib.request.Request(f"{base}/sparql", data=b"update=DROP+ALL", method="POST",
                                   headers={"Content-Type": "application/x-www-form-urlencoded"}),
            urllib.request.Request(f"{base}/sparql", data=b"DROP ALL", method="POST",
                                   headers={"Content-Type": "application/sparql-update"}),
        ):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(request, timeout=10)
            assert refused.value.code == 403
        with pytest.raises(urllib.error.HTTPError) as bad:
            urllib.request.urlopen(f"{base}/sparql?{urllib.parse.urlencode({'query': 'SELECT ?x WHERE {'})}", timeout=10)
        assert bad.value.code == 400
        with urllib.request.urlopen(f"{base}/", timeout=10) as response:
            assert b"<textarea" in response.read()
    finally:
        server.shutdown()
        server.server_close()


def test_example_queries_answer_the_same_over_the_endpoint(store_dir):
    from kg.serve import serve_in_thread

    store = open_source(store_dir)
    server, _ = serve_in_thread(store_dir, port=0)
    base = f"http://127.0.0.1:{server.server_address[1]}/sparql"
    try:
        for path in sorted(QUERIES.glob("*.rq")):
            query = path.read_text(encoding="utf-8")
            request = urllib.request.Request(base, data=query.encode("utf-8"), method="POST", headers={
                "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
            with urllib.request.urlopen(request, timeout=30) as response:
                answer = json.loads(response.read())
            served = sorted(tuple(b.get(v, {}).get("value") for v in answer["head"]["vars"]) for b in answer["results"]["bindings"])
            direct = sorted(tuple(t.value if t is not None else None for t in row) for row in run_query(store, query).rows)
            assert served == direct and direct, path.name
    finally:
        server.shutdown()
        server.server_close()


def test_endpoint_refuses_to_listen_beyond_loopback(store_dir):
    from kg.serve import make_server

    with pytest.raises(StoreError):
        make_server(store_dir, 0, host="0.0.0.0")


@pytest.mark.parametrize("fmt, suffix", [("turtle", ".ttl"), ("trig", ".trig"), ("nquads", ".nq"), ("jsonld", ".jsonld"), ("ntriples", ".nt")])
def test_exports_parse_back(tmp_path, store_dir, fmt, suffix):
    target = tmp_path / f"export{suffix}"
    result = CliRunner().invoke(main, ["export", str(store_dir), "-f", fmt, "-o", str(target)])
    assert result.exit_code == 0, result.output
    reloaded = load_file(target)
    distinct = run_query(reloaded, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }").rows[0][0]
    expected = run_query(open_source(store_dir), "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }").rows[0][0]
    assert distinct.value == expected.value


@pytest.mark.parametrize("fmt, suffix, syntax", [("turtle", ".ttl", "turtle"), ("nquads", ".nq", "nquads"), ("ntriples", ".nt", "ntriples"), ("trig", ".trig", "trig")])
def test_rapper_accepts_every_export(tmp_path, store_dir, fmt, suffix, syntax):
    rapper = shutil.which("rapper")
    if rapper is None:
        pytest.fail("rapper (Debian raptor2-utils) is not installed: .ci/run installs it")
    target = tmp_path / f"export{suffix}"
    assert CliRunner().invoke(main, ["export", str(store_dir), "-f", fmt, "-o", str(target)]).exit_code == 0
    check = subprocess.run([rapper, "-c", "-i", syntax, str(target)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr[-500:]
    assert "error" not in check.stderr.lower()


def test_void_describes_size_partitions_dump_and_licence(tmp_path, store_dir):
    void_path = tmp_path / "void.ttl"
    result = CliRunner().invoke(main, ["export", str(store_dir), "-f", "nquads", "-o", str(tmp_path / "kg.nq"), "--void", str(void_path),
                                       "--license", "https://creativecommons.org/licenses/by/4.0/"])
    assert result.exit_code == 0, result.output
    void = load_file(void_path)
    answer = run_query(void, """
        SELECT ?triples ?entities ?dump ?licence (COUNT(DISTINCT ?cp) AS ?classes) (COUNT(DISTINCT ?pp) AS ?properties) WHERE {
          ?d a void:Dataset ; void:triples ?triples ; void:entities ?entities ; void:dataDump ?dump ; dcterms:license ?licence ;
             void:classPartition ?cp ; void:propertyPartition ?pp .
        } GROUP BY ?triples ?entities ?dump ?licence""").rows
    triples, entities, dump, licence, classes, properties = answer[0]
    assert int(triples.value) > 1000 and int(entities.value) > 90
    assert dump.value.endswith("kg.nq") and "creativecommons" in licence.value
    assert int(classes.value) >= 10 and int(properties.value) >= 20


def test_validate_command_reports_conformance(store_dir):
    result = CliRunner().invoke(main, ["validate", str(store_dir)])
    assert result.exit_code == 0 and result.output.strip().endswith("conforms")


def test_validate_command_fails_on_violations(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix kg: <https://w3id.org/kg-zh-news/ontology#> .\n<urn:x> a kg:Person .\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 1 and "violation" in result.output


def test_stats_lists_types_predicates_centrality_and_components(store_dir):
    result = CliRunner().invoke(main, ["stats", str(store_dir), "--top", "3"])
    assert result.exit_code == 0, result.output
    assert "Programme" in result.output and "implements" in result.output
    assert "by betweenness" in result.output and "connected components" in result.output
