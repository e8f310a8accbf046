from rdflib import Dataset, Graph
from rdflib.namespace import RDF, RDFS

from kg import bundled, ingest
from kg.extract import extract
from kg.graph import to_dataset, union_graph
from kg.resolve import resolve
from kg.validate import validate
from kg.vocab import KG

from .conftest import SAMPLE


def _triples(pipeline):
    articles = ingest.load_articles([SAMPLE], place="通辽市")
    return set(union_graph(to_dataset(resolve(list(extract(pipeline, articles))))))


def test_iris_and_triples_are_identical_across_two_runs(pipeline):
    assert _triples(pipeline) == _triples(pipeline)


def test_entity_iri_depends_on_type_and_name_not_on_run_order(pipeline):
    from kg.graph import IriMinter
    from kg.model import Entity

    minter = IriMinter("http://example.org/kg/")
    a = minter.entity(Entity("Organisation", "通辽市科技局"))
    assert a == minter.entity(Entity("Organisation", "通辽市科技局", "GovernmentBody", ["市科技局"]))
    assert a != minter.entity(Entity("Place", "通辽市科技局"))
    assert a.value.startswith("http://example.org/kg/organisation/")


def test_turtle_and_trig_parse_back_with_the_same_triples(built):
    outdir, _, summary = built
    turtle = Graph().parse(outdir / "graph.ttl")
    trig = Dataset()
    trig.parse(outdir / "graph.trig", format="trig")
    union = {q[:3] for q in trig.quads((None, None, None, None))}
    assert len(turtle) == summary.triples == len(union)
    assert sum(1 for _ in trig.quads((None, None, None, None))) == summary.quads


def test_turtle_loads_into_oxigraph(built):
    import pyoxigraph

    outdir, _, summary = built
    store = pyoxigraph.Store()
    store.load(path=str(outdir / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == summary.triples


def test_each_article_has_its_own_named_graph(built):
    outdir, resolved, _ = built
    trig = Dataset()
    trig.parse(outdir / "graph.trig", format="trig")
    graphs = {c.identifier for c in trig.graphs() if len(c)}
    assert len([g for g in graphs if "/graph/" in str(g)]) == len(resolved.articles)


def test_built_graph_satisfies_the_shacl_shapes(built):
    outdir, _, _ = built
    conforms, violations = validate(Graph().parse(outdir / "graph.ttl"))
    assert conforms, violations[:5]


def test_shapes_catch_an_entity_without_a_label():
    g = Graph()
    from rdflib import URIRef

    node = URIRef("http://example.org/x")
    g.add((node, RDF.type, KG.Person))
    conforms, violations = validate(g)
    assert not conforms and violations


def test_relations_are_direct_triples_with_reified_provenance(built):
    outdir, _, _ = built
    g = Graph().parse(outdir / "graph.ttl")
    rows = list(g.query("""
        PREFIX kg: <https://w3id.org/kg-zh-news/ontology#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?person ?article ?evidence ?start ?end WHERE {
          ?person kg:authorOf ?article .
          ?a rdf:subject ?person ; rdf:predicate kg:authorOf ; rdf:object ?article ;
             kg:evidence ?evidence ; kg:charStart ?start ; kg:charEnd ?end ; prov:wasDerivedFrom ?article .
        }"""))
    assert len(rows) == 7
    page = SAMPLE.read_text(encoding="utf-8")
    for _, _, evidence, start, end in rows:
        assert page[int(start) : int(end)] == str(evidence)


def test_every_entity_has_a_zh_label(built):
    outdir, _, _ = built
    g = Graph().parse(outdir / "graph.ttl")
    for kind in ("Person", "Organisation", "Place", "Programme"):
        for node in g.subjects(RDF.type, KG[kind]):
            labels = list(g.objects(node, RDFS.label))
            assert len(labels) == 1 and labels[0].language == "zh"


def test_ontology_declares_every_type_and_relation_of_the_spec():
    from rdflib.namespace import OWL

    from kg.model import ENTITY_TYPES, RELATION_TYPES, SUBTYPES

    ontology = Graph().parse(bundled.ONTOLOGY)
    for name in ENTITY_TYPES + tuple(SUBTYPES) + ("Article",):
        assert (KG[name], RDF.type, OWL.Class) in ontology, name
    for name in RELATION_TYPES:
        assert (KG[name], RDF.type, OWL.ObjectProperty) in ontology, name
        assert {l.language for l in ontology.objects(KG[name], RDFS.label)} == {"en", "zh"}
