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
from typing import TYPE_CHECKING, Dict, List, Optional
from urllib.parse import quote

import pyoxigraph as ox

from .export import clean_text  # non-characters and lone surrogates → U+FFFD, so every parser accepts the files
from .model import SUBTYPES, Article, ArticleRdf, Entity, Statement
from .vocab import DCTERMS, DEFAULT_BASE, KG, PREFIXES, PROV, RDF, RDFS, SCHEMA, SKOS, XSD

if TYPE_CHECKING:  # the client writes records without importing resolution (and spaCy with it)
    from .resolve import Graph as ResolvedGraph

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


def subtype_class(entity_type: str, subtype: Optional[str]) -> Optional[str]:
    """The class IRI an entity of ``entity_type`` gets for ``subtype``, if that subtype is one of its type's."""
    if subtype and SUBTYPES.get(subtype) == entity_type:
        return str(KG[subtype])
    return None


def _describe_entity(entity: Entity, iri, article_iri, with_subtype: bool = True) -> List[tuple]:
    triples = [(iri, _TYPE, _node(KG[entity.type]))]
    subtype = subtype_class(entity.type, entity.subtype) if with_subtype else None
    if subtype:
        triples.append((iri, _TYPE, ox.NamedNode(subtype)))
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


def _article_triples(resolved: ResolvedGraph, article: Article, statements: List[Statement], minter: IriMinter,
                     with_subtypes: bool = True) -> List[tuple]:
    """The triples of one article graph, each once, in a stable order."""
    article_iri = minter.article(article.id)
    triples = _describe_article(article, article_iri)
    for key in resolved.mentions.get(article.id, []):
        entity = resolved.entities[key]
        triples += _describe_entity(entity, minter.entity(entity), article_iri, with_subtypes)
    for statement in statements:
        subject = minter.entity(statement.subject)
        obj = article_iri if statement.object is None else minter.entity(statement.object)
        triples += _assert(minter, statement, subject, obj, article_iri)
    return list(dict.fromkeys(triples))


def _statements_by_article(resolved: ResolvedGraph) -> Dict[str, List[Statement]]:
    by_article: Dict[str, List[Statement]] = {}
    for statement in resolved.statements:
        by_article.setdefault(statement.article_id, []).append(statement)
    return by_article


def article_quads(resolved: ResolvedGraph, minter: IriMinter) -> List[ox.Quad]:
    """Every quad of every article graph of ``resolved`` (usually one article)."""
    by_article = _statements_by_article(resolved)
    quads: List[ox.Quad] = []
    for article in resolved.articles:
        graph_name = minter.article_graph(article.id)
        quads += [ox.Quad(s, p, o, graph_name) for s, p, o in _article_triples(resolved, article, by_article.get(article.id, []), minter)]
    return quads


def article_rdf(resolved: ResolvedGraph, minter: IriMinter) -> List[ArticleRdf]:
    """Each article graph of ``resolved`` serialised, without its subtype triples (see
    :class:`kg.model.ArticleRdf`): what a worker sends back, so the client makes no RDF terms."""
    by_article = _statements_by_article(resolved)
    records = []
    for article in resolved.articles:
        statements = by_article.get(article.id, [])
        by_subject: Dict[object, List[ox.Triple]] = {}  # grouped so that Turtle states each subject once
        for s, p, o in _article_triples(resolved, article, statements, minter, with_subtypes=False):
            by_subject.setdefault(s, []).append(ox.Triple(s, p, o))
        triples = [triple for group in by_subject.values() for triple in group]
        turtle = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes())
        entities = []
        for key in resolved.mentions.get(article.id, []):
            entity = resolved.entities[key]
            entities.append((key, minter.entity(entity).value, entity.subtype))
        records.append(ArticleRdf(
            article_id=article.id,
            source=article.source,
            graph=minter.article_graph(article.id).value,
            ntriples=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES),
            turtle_body=_without_prefix_lines(turtle),
            triples=len(triples),
            entities=entities,
            predicates=[s.predicate for s in statements],
        ))
    return records


def _without_prefix_lines(turtle: bytes) -> bytes:
    start = 0
    while turtle.startswith(b"@prefix ", start):
        start = turtle.index(b"\n", start) + 1
    return turtle[start:]


def trig_header() -> bytes:
    """The ``@prefix`` lines graph.trig opens with (the article bodies use these prefixes)."""
    return "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in prefixes().items()).encode("utf-8")


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
