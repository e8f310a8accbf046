"""The client's writer: article records from workers → streamed graph.trig, the union store, --store."""

import copy

import pyoxigraph as ox
import pytest

from kg.build_output import BuildWriter
from kg.graph import IriMinter, article_quads, article_rdf
from kg.model import Article, Entity, Statement
from kg.outputs import OutputSwap
from kg.resolve import EntityIndex, Graph
from kg.store import BuildStore

BASE = "http://example.org/kg/"
KG = "https://w3id.org/kg-zh-news/ontology#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def article_graph(number: int, company_subtype):
    """One resolved article (invented text): a company, given ``company_subtype`` there, and a person leading it."""
    article = Article(id=f"a-{number}", title=f"稿件{number}", text=f"稿件{number}\n星火机械厂由王明远负责。", source="day1/page.txt")
    graph = Graph(articles=[article])
    company = graph.entity("Organisation", "星火机械厂", company_subtype)
    company.add_alias("星火厂")
    person = graph.entity("Person", "王明远")
    for entity in (company, person):
        graph.note_mention(article.id, entity)
    graph.statements.append(Statement(person, "leads", company, article.id, "星火机械厂由王明远负责。", 0, 12, "pattern", 0.8, role="负责人"))
    return graph


# the company's subtype as three articles find it: none, then Company, then a different one
ARTICLES = [article_graph(1, None), article_graph(2, "Company"), article_graph(3, "GovernmentBody")]


def write(tmp_path, graphs, store_dir=None):
    minter = IriMinter(BASE)
    persistent = BuildStore.open(store_dir) if store_dir is not None else None
    with OutputSwap(tmp_path / "out") as swap:
        writer = BuildWriter(swap.staging, minter, persistent)
        for graph in graphs:
            writer.add(article_rdf(copy.deepcopy(graph), minter))
        counts = writer.finish(swap, "测试", None, lambda phase: None)
        if persistent is not None:
            persistent.finish(None, minter)
            persistent.close()
        writer.close()
        swap.commit()
    return tmp_path / "out", counts


def settled_quads(graphs):
    """What the article graphs hold once subtypes are settled build-wide, made the in-memory way."""
    index, minter, quads = EntityIndex(), IriMinter(BASE), set()
    for graph in graphs:
        quads |= set(article_quads(index.settle(copy.deepcopy(graph)), minter))
    return quads


def test_streamed_trig_parses_to_exactly_the_settled_article_graphs(tmp_path):
    out, (triples, quads) = write(tmp_path, ARTICLES)
    expected = settled_quads(ARTICLES)
    streamed = set(ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG))
    assert streamed == expected and quads == len(expected)
    union = {(t.subject, t.predicate, t.object) for t in ox.parse(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)}
    assert union == {(q.subject, q.predicate, q.object) for q in expected} and triples == len(union)


def test_an_entity_takes_the_first_subtype_the_build_sees_in_later_articles(tmp_path):
    out, _ = write(tmp_path, ARTICLES)
    minter = IriMinter(BASE)
    company = minter.entity(Entity("Organisation", "星火机械厂"))
    classes = {}
    for quad in ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG):
        if quad.subject == company and quad.predicate == RDF_TYPE:
            classes.setdefault(quad.graph_name.value.rsplit("/", 1)[1], set()).add(quad.object.value[len(KG):])
    # the first article found no subtype and keeps none; the third's own (GovernmentBody) gives way to Company
    assert classes == {"a-1": {"Organisation"}, "a-2": {"Organisation", "Company"}, "a-3": {"Organisation", "Company"}}


def test_the_store_receives_each_article_graph_with_its_settled_subtypes(tmp_path):
    write(tmp_path, ARTICLES, store_dir=tmp_path / "store")
    store = ox.Store.read_only(str(tmp_path / "store"))
    named = {q for q in store if not isinstance(q.graph_name, ox.DefaultGraph) and "/graph/" in q.graph_name.value}
    assert named == settled_quads(ARTICLES)


def test_worker_records_leave_subtypes_to_the_client():
    record = article_rdf(copy.deepcopy(ARTICLES[1]), IriMinter(BASE))[0]
    triples = {(t.subject, t.predicate, t.object) for t in ox.parse(record.ntriples, format=ox.RdfFormat.N_TRIPLES)}
    assert not any(p == RDF_TYPE and o.value == KG + "Company" for _, p, o in triples)
    assert len(triples) == record.triples
    assert [(key, subtype) for key, _, subtype in record.entities] == [
        (("Organisation", "星火机械厂"), "Company"), (("Person", "王明远"), None)]
    assert record.predicates == ["leads"]


def test_a_build_failing_after_articles_were_streamed_leaves_the_old_files(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "graph.trig").write_text("old", encoding="utf-8")
    minter = IriMinter(BASE)
    with pytest.raises(RuntimeError):
        with OutputSwap(tmp_path / "out") as swap:
            writer = BuildWriter(swap.staging, minter)
            writer.add(article_rdf(copy.deepcopy(ARTICLES[0]), minter))
            writer.close()
            raise RuntimeError("extraction failed")
    assert (tmp_path / "out" / "graph.trig").read_text(encoding="utf-8") == "old"
