"""SHACL validation checks the classes a graph asserts (with the ontology's subclasses), not inferred ones."""

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.cli import main
from kg.validate import validate
from kg.vocab import KG


@pytest.fixture()
def bundled_graph(built) -> Graph:
    outdir, _, _ = built
    return Graph().parse(outdir / "graph.ttl")


def _first(graph: Graph, kind: str) -> URIRef:
    return sorted(graph.subjects(RDF.type, KG[kind]))[0]


def test_the_bundled_graph_conforms(bundled_graph):
    conforms, violations = validate(bundled_graph)
    assert conforms, violations[:5]


@pytest.mark.parametrize("subject_kind, predicate, object_kind", [
    ("Person", "produces", "Place"),
    ("Person", "holdsPost", "Place"),
    ("Place", "authorOf", "Person"),
])
def test_one_wrong_typed_relation_makes_the_bundled_graph_fail(bundled_graph, subject_kind, predicate, object_kind):
    subject, obj = _first(bundled_graph, subject_kind), _first(bundled_graph, object_kind)
    bundled_graph.add((subject, KG[predicate], obj))
    conforms, violations = validate(bundled_graph)
    assert not conforms
    assert any(line.startswith(str(subject)) or line.startswith(str(obj)) for line in violations), violations


def test_a_subclass_satisfies_a_shape_on_its_superclass():
    # kg:Company is a subclass of kg:Organisation in the ontology; only kg:Company is asserted
    company, product, article = (URIRef(f"https://example.org/{name}") for name in ("company", "product", "article"))
    g = Graph()
    g.add((article, RDF.type, KG.Article))
    g.add((article, URIRef("http://purl.org/dc/terms/title"), Literal("标题", lang="zh")))
    g.add((article, KG.sourceDocument, Literal("a.txt")))
    for node, kind, name in ((company, KG.Company, "某某有限公司"), (product, KG.Product, "某产品")):
        g.add((node, RDF.type, kind))
        g.add((node, RDFS.label, Literal(name, lang="zh")))
        g.add((node, KG.mentionedIn, article))
    g.add((company, KG.produces, product))
    conforms, violations = validate(g)
    assert conforms, violations


def test_validate_command_exits_non_zero_on_a_person_producing_a_place(bundled_graph, tmp_path):
    bundled_graph.add((_first(bundled_graph, "Person"), KG.produces, _first(bundled_graph, "Place")))
    wrong = tmp_path / "wrong.ttl"
    bundled_graph.serialize(wrong, format="turtle")
    result = CliRunner().invoke(main, ["validate", str(wrong)])
    assert result.exit_code == 1
    assert "violation" in result.output.splitlines()[-1]
