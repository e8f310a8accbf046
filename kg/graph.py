"""Turn resolved articles into RDF: one named graph per article, with provenance.

IRIs are minted from content, never from run order: an entity's IRI is a digest
of its type and canonical name, an article's comes from its id, an assertion's
from its article, triple and evidence offsets. Each article graph is
self-contained (the entities it mentions with their types, labels and the
aliases printed in that article, its relations as direct triples, and a
reified :class:`kg:Assertion` per relation), so that replacing one article's
graph in a store replaces exactly its facts, and a streaming build can write
each article as soon as it is resolved.

Quads are made as pyoxigraph terms (Oxigraph stores and serialises them at
millions of triples); :func:`to_dataset` gives an rdflib view for small builds.
"""

from __future__ import annotations

import hashlib
from typing import List
from urllib.parse import quote

import pyoxigraph as ox

from .export import clean_text  # non-characters and lone surrogates → U+FFFD, so every parser accepts the files
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


def _node(term) -> ox.NamedNode:
    return ox.NamedNode(str(term))


_TYPE = _node(RDF.type)
_LABEL = _node(RDFS.label)
_ALT_LABEL = _node(SKOS.altLabel)
_XSD_INTEGER = _node(XSD.integer)
_XSD_DECIMAL = _node(XSD.decimal)
_XSD_GYEAR = _node(XSD.gYear)


def _zh(text: str) -> ox.Literal:
    return ox.Literal(clean_text(text), language="zh")


def _plain(text: str) -> ox.Literal:
    return ox.Literal(clean_text(str(text)))


class IriMinter:
    def __init__(self, base: str = DEFAULT_BASE):
        if not base.endswith(("/", "#")):
            base += "/"
        self.base = base

    def entity(self, entity: Entity) -> ox.NamedNode:
        return ox.NamedNode(f"{self.base}{SEGMENTS[entity.type]}/{_digest(entity.type, entity.name)}")

    def article(self, article_id: str) -> ox.NamedNode:
        return ox.NamedNode(f"{self.base}article/{quote(article_id, safe='')}")

    def article_graph(self, article_id: str) -> ox.NamedNode:
        return ox.NamedNode(f"{self.base}graph/{quote(article_id, safe='')}")

    def assertion(self, statement: Statement, subject: ox.NamedNode, obj: ox.NamedNode) -> ox.NamedNode:
        key = _digest(statement.article_id, subject.value, statement.predicate, obj.value,
                      str(statement.source_start), str(statement.source_end))
        return ox.NamedNode(f"{self.base}assertion/{key}")


def _describe_entity(entity: Entity, iri, article_iri) -> List[tuple]:
    triples = [(iri, _TYPE, _node(KG[entity.type]))]
    if entity.subtype and SUBTYPES.get(entity.subtype) == entity.type:
        triples.append((iri, _TYPE, _node(KG[entity.subtype])))
    triples.append((iri, _LABEL, _zh(entity.name)))
    triples += [(iri, _ALT_LABEL, _zh(alias)) for alias in entity.aliases if clean_text(alias)]
    if entity.code:
        triples.append((iri, _node(KG.divisionCode), _plain(entity.code)))
    triples.append((iri, _node(KG.mentionedIn), article_iri))
    return triples


def _describe_article(article: Article, iri) -> List[tuple]:
    triples = [
        (iri, _TYPE, _node(KG.Article)),
        (iri, _node(DCTERMS.title), _zh(article.title)),
        (iri, _LABEL, _zh(article.title)),
        (iri, _node(KG.sourceDocument), _plain(article.source)),
        (iri, _node(SCHEMA.articleBody), _zh(article.text)),
    ]
    if article.byline:
        triples.append((iri, _node(KG.byline), _plain(article.byline.strip())))
    if article.date:
        triples.append((iri, _node(DCTERMS.date), _plain(article.date)))
    return triples


def _assert(minter: IriMinter, statement: Statement, subject, obj, article_iri) -> List[tuple]:
    predicate = _node(KG[statement.predicate])
    record = minter.assertion(statement, subject, obj)
    triples = [
        (subject, predicate, obj),
        (record, _TYPE, _node(RDF.Statement)),
        (record, _TYPE, _node(KG.Assertion)),
        (record, _node(RDF.subject), subject),
        (record, _node(RDF.predicate), predicate),
        (record, _node(RDF.object), obj),
        (record, _node(PROV.wasDerivedFrom), article_iri),
        (record, _node(KG.evidence), _zh(statement.sentence)),
        (record, _node(KG.charStart), ox.Literal(str(statement.source_start), datatype=_XSD_INTEGER)),
        (record, _node(KG.charEnd), ox.Literal(str(statement.source_end), datatype=_XSD_INTEGER)),
        (record, _node(KG.method), _plain(statement.method)),
        (record, _node(KG.confidence), ox.Literal(str(round(statement.confidence, 3)), datatype=_XSD_DECIMAL)),
    ]
    if statement.role:
        triples.append((record, _node(KG.role), _zh(statement.role)))
    if statement.amount:
        triples.append((record, _node(KG.amount), _plain(statement.amount)))
    if statement.year:
        triples.append((record, _node(KG.year), ox.Literal(str(statement.year), datatype=_XSD_GYEAR)))
    return triples


def article_quads(resolved: ResolvedGraph, minter: IriMinter) -> List[ox.Quad]:
    """Every quad of every article graph of ``resolved`` (usually one article)."""
    quads: List[ox.Quad] = []
    by_article = {}
    for statement in resolved.statements:
        by_article.setdefault(statement.article_id, []).append(statement)
    for article in resolved.articles:
        graph_name = minter.article_graph(article.id)
        article_iri = minter.article(article.id)
        triples = _describe_article(article, article_iri)
        for key in resolved.mentions.get(article.id, []):
            entity = resolved.entities[key]
            triples += _describe_entity(entity, minter.entity(entity), article_iri)
        for statement in by_article.get(article.id, []):
            subject = minter.entity(statement.subject)
            obj = article_iri if statement.object is None else minter.entity(statement.object)
            triples += _assert(minter, statement, subject, obj, article_iri)
        seen = set()
        for s, p, o in triples:
            if (s, p, o) not in seen:
                seen.add((s, p, o))
                quads.append(ox.Quad(s, p, o, graph_name))
    return quads


def prefixes() -> dict:
    return {name: str(ns) for name, ns in PREFIXES.items()}


def to_dataset(resolved: ResolvedGraph, base: str = DEFAULT_BASE):
    """An rdflib Dataset of the build (small builds, tests, SHACL)."""
    from rdflib import Dataset

    dataset = Dataset()
    _bind(dataset)
    data = ox.serialize(article_quads(resolved, IriMinter(base)), format=ox.RdfFormat.N_QUADS)
    dataset.parse(data=data.decode("utf-8"), format="nquads")
    return dataset


def union_graph(dataset):
    """All triples of all article graphs as one rdflib graph (what graph.ttl holds)."""
    from rdflib import Graph

    union = Graph()
    _bind(union)
    for quad in dataset.quads((None, None, None, None)):
        union.add(quad[:3])
    return union


def _bind(graph) -> None:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
