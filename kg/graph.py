"""Turn a resolved build into RDF: one named graph per article, with provenance.

IRIs are minted from content, never from run order: an entity's IRI is a digest
of its type and canonical name, an article's comes from its id, an assertion's
from its article, triple and evidence offsets. Each article graph is
self-contained (the entities it mentions with their types and labels, its
relations as direct triples, and a reified :class:`kg:Assertion` per relation),
so that replacing one article's graph in a store replaces exactly its facts.
"""

from __future__ import annotations

import hashlib
from typing import Dict
from urllib.parse import quote

from rdflib import Dataset, Graph, Literal, Namespace, URIRef

from .model import SUBTYPES, Article, Entity, Statement
from .resolve import Graph as ResolvedGraph
from .vocab import DCTERMS, DEFAULT_BASE, KG, PREFIXES, PROV, RDF, RDFS, SCHEMA, SKOS, XSD

SEGMENTS = {
    "Person": "person",
    "Organisation": "organisation",
    "Place": "place",
    "Project": "project",
    "Programme": "programme",
    "Product": "product",
}


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


class IriMinter:
    def __init__(self, base: str = DEFAULT_BASE):
        if not base.endswith(("/", "#")):
            base += "/"
        self.ns = Namespace(base)

    def entity(self, entity: Entity) -> URIRef:
        return self.ns[f"{SEGMENTS[entity.type]}/{_digest(entity.type, entity.name)}"]

    def article(self, article_id: str) -> URIRef:
        return self.ns[f"article/{quote(article_id, safe='')}"]

    def article_graph(self, article_id: str) -> URIRef:
        return self.ns[f"graph/{quote(article_id, safe='')}"]

    def assertion(self, statement: Statement, subject: URIRef, obj: URIRef) -> URIRef:
        key = _digest(statement.article_id, str(subject), statement.predicate, str(obj), str(statement.source_start), str(statement.source_end))
        return self.ns[f"assertion/{key}"]


def _bind(graph) -> None:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)


def _describe_entity(g: Graph, iri: URIRef, entity: Entity, article_iri: URIRef) -> None:
    g.add((iri, RDF.type, KG[entity.type]))
    if entity.subtype and SUBTYPES.get(entity.subtype) == entity.type:
        g.add((iri, RDF.type, KG[entity.subtype]))
    g.add((iri, RDFS.label, Literal(entity.name, lang="zh")))
    for alias in entity.aliases:
        g.add((iri, SKOS.altLabel, Literal(alias, lang="zh")))
    if entity.code:
        g.add((iri, KG.divisionCode, Literal(entity.code)))
    g.add((iri, KG.mentionedIn, article_iri))


def _describe_article(g: Graph, iri: URIRef, article: Article) -> None:
    g.add((iri, RDF.type, KG.Article))
    g.add((iri, DCTERMS.title, Literal(article.title, lang="zh")))
    g.add((iri, RDFS.label, Literal(article.title, lang="zh")))
    g.add((iri, KG.sourceDocument, Literal(article.source)))
    g.add((iri, SCHEMA.articleBody, Literal(article.text, lang="zh")))
    if article.byline:
        g.add((iri, KG.byline, Literal(article.byline.strip())))
    if article.date:
        g.add((iri, DCTERMS.date, Literal(article.date)))


def _assert(g: Graph, minter: IriMinter, statement: Statement, subject: URIRef, obj: URIRef, article_iri: URIRef) -> None:
    predicate = KG[statement.predicate]
    g.add((subject, predicate, obj))
    record = minter.assertion(statement, subject, obj)
    g.add((record, RDF.type, RDF.Statement))
    g.add((record, RDF.type, KG.Assertion))
    g.add((record, RDF.subject, subject))
    g.add((record, RDF.predicate, predicate))
    g.add((record, RDF.object, obj))
    g.add((record, PROV.wasDerivedFrom, article_iri))
    g.add((record, KG.evidence, Literal(statement.sentence, lang="zh")))
    g.add((record, KG.charStart, Literal(statement.source_start, datatype=XSD.integer)))
    g.add((record, KG.charEnd, Literal(statement.source_end, datatype=XSD.integer)))
    g.add((record, KG.method, Literal(statement.method)))
    g.add((record, KG.confidence, Literal(round(statement.confidence, 3), datatype=XSD.decimal)))
    if statement.role:
        g.add((record, KG.role, Literal(statement.role, lang="zh")))
    if statement.amount:
        g.add((record, KG.amount, Literal(statement.amount)))
    if statement.year:
        g.add((record, KG.year, Literal(statement.year, datatype=XSD.gYear)))


def to_dataset(resolved: ResolvedGraph, base: str = DEFAULT_BASE) -> Dataset:
    minter = IriMinter(base)
    dataset = Dataset()
    _bind(dataset)
    by_article: Dict[str, list] = {}
    for statement in resolved.statements:
        by_article.setdefault(statement.article_id, []).append(statement)
    for article in resolved.articles:
        g = dataset.graph(minter.article_graph(article.id))
        article_iri = minter.article(article.id)
        _describe_article(g, article_iri, article)
        for key in resolved.mentions.get(article.id, []):
            entity = resolved.entities[key]
            _describe_entity(g, minter.entity(entity), entity, article_iri)
        for statement in by_article.get(article.id, []):
            subject = minter.entity(statement.subject)
            obj = article_iri if statement.object is None else minter.entity(statement.object)
            _assert(g, minter, statement, subject, obj, article_iri)
    return dataset


def union_graph(dataset: Dataset) -> Graph:
    """All triples of all article graphs as one graph (what graph.ttl holds)."""
    union = Graph()
    _bind(union)
    for quad in dataset.quads((None, None, None, None)):
        union.add(quad[:3])
    return union
