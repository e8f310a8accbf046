"""A VoID description of a built dataset: size, class and property partitions, dump, provenance, a licence if given."""

from __future__ import annotations

import datetime
from typing import Iterable, Optional

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from . import __version__
from .store import run_query
from .vocab import DEFAULT_BASE, KG, VOID, PREFIXES

def _count(store, sparql: str) -> int:
    result = run_query(store, sparql)
    return int(result.rows[0][0].value) if result.rows and result.rows[0][0] is not None else 0


def describe(store, dumps: Iterable[str] = (), base: str = DEFAULT_BASE, title: str = "Chinese regional news knowledge graph",
             licence: Optional[str] = None, created: Optional[str] = None) -> Graph:
    g = Graph()
    for prefix, namespace in PREFIXES.items():
        g.bind(prefix, namespace)
    dataset = URIRef(base.rstrip("/") + "/void#dataset") if not base.endswith("#") else URIRef(base + "dataset")
    g.add((dataset, RDF.type, VOID.Dataset))
    g.add((dataset, DCTERMS.title, Literal(title, lang="en")))
    if licence is not None:  # the articles' rights belong to their publishers: claim a licence only when told one
        g.add((dataset, DCTERMS.license, URIRef(licence)))
    g.add((dataset, DCTERMS.created, Literal(created or datetime.date.today().isoformat(), datatype=XSD.date)))
    g.add((dataset, VOID.vocabulary, URIRef(str(KG))))
    g.add((dataset, VOID.uriSpace, Literal(base)))
    g.add((dataset, VOID.feature, URIRef("http://www.w3.org/ns/formats/Turtle")))
    distinct = "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }"
    g.add((dataset, VOID.triples, Literal(_count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ {distinct} }}"), datatype=XSD.integer)))
    entities = _count(store, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?c . FILTER(?c IN (kg:Person, kg:Organisation, kg:Place, kg:Project, kg:Programme, kg:Product)) }")
    g.add((dataset, VOID.entities, Literal(entities, datatype=XSD.integer)))
    g.add((dataset, VOID.distinctSubjects, Literal(_count(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"), datatype=XSD.integer)))
    g.add((dataset, VOID.distinctObjects, Literal(_count(store, "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }"), datatype=XSD.integer)))
    articles = _count(store, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a kg:Article }")
    g.add((dataset, DCTERMS.description, Literal(f"{articles} news articles, {entities} entities, extracted with kg {__version__}", lang="en")))
    for dump in dumps:
        g.add((dataset, VOID.dataDump, URIRef(dump)))
    activity = BNode()
    g.add((dataset, PROV.wasGeneratedBy, activity))
    g.add((activity, RDF.type, PROV.Activity))
    g.add((activity, PROV.used, Literal(f"kg {__version__} (spaCy NER + cue grammars)")))
    for row in run_query(store, "SELECT ?src (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a kg:sourceDocument ?src } GROUP BY ?src ORDER BY ?src").rows:
        g.add((dataset, DCTERMS.source, Literal(row[0].value)))
    for row in run_query(store, "SELECT ?c (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?c } GROUP BY ?c ORDER BY ?c").rows:
        partition = BNode()
        g.add((dataset, VOID.classPartition, partition))
        g.add((partition, VOID["class"], URIRef(row[0].value)))
        g.add((partition, VOID.entities, Literal(int(row[1].value), datatype=XSD.integer)))
    for row in run_query(store, "SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } } GROUP BY ?p ORDER BY ?p").rows:
        partition = BNode()
        g.add((dataset, VOID.propertyPartition, partition))
        g.add((partition, VOID.property, URIRef(row[0].value)))
        g.add((partition, VOID.triples, Literal(int(row[1].value), datatype=XSD.integer)))
    return g
