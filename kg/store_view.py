"""A read-only, rdflib-shaped view of one graph of an Oxigraph store.

The explorer reads graphs through a handful of rdflib ``Graph`` methods
(``subjects``, ``objects``, ``value``, ``subject_objects``). A build of
thousands of articles holds millions of triples; copying them into rdflib
would take minutes and gigabytes. This view answers the same calls straight
from the store's indexes, converting only the terms it returns, so the
explorer's memory follows what it draws and indexes, not the corpus.
"""

from __future__ import annotations

from typing import Iterator, Optional, Tuple

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef


def to_rdflib(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value if term.datatype is not None else None
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            datatype = None
        return Literal(term.value, datatype=URIRef(datatype) if datatype else None)
    raise TypeError(f"unsupported term {term!r}")


def to_oxigraph(term):
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


class StoreGraphView:
    """The triples of ``graph`` (the default graph unless named) in ``store``, read on demand."""

    def __init__(self, store: ox.Store, graph=None):
        self.store = store
        self.graph = graph if graph is not None else ox.DefaultGraph()

    def _quads(self, s=None, p=None, o=None):
        return self.store.quads_for_pattern(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), self.graph)

    def triples(self, pattern: Tuple) -> Iterator[Tuple]:
        for quad in self._quads(*pattern):
            yield to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)

    def subjects(self, predicate=None, obj=None) -> Iterator:
        seen = set()
        for quad in self._quads(None, predicate, obj):
            if quad.subject not in seen:
                seen.add(quad.subject)
                yield to_rdflib(quad.subject)

    def objects(self, subject=None, predicate=None) -> Iterator:
        for quad in self._quads(subject, predicate, None):
            yield to_rdflib(quad.object)

    def subject_objects(self, predicate=None) -> Iterator[Tuple]:
        for quad in self._quads(None, predicate, None):
            yield to_rdflib(quad.subject), to_rdflib(quad.object)

    def predicate_objects(self, subject=None) -> Iterator[Tuple]:
        for quad in self._quads(subject, None, None):
            yield to_rdflib(quad.predicate), to_rdflib(quad.object)

    def value_pairs(self, predicate) -> Iterator[Tuple[str, str]]:
        """(subject, object) lexical values of every triple with ``predicate``: one index scan, no
        rdflib terms (the explorer reads whole properties this way)."""
        for quad in self._quads(None, predicate, None):
            yield quad.subject.value, quad.object.value

    def value_rows(self, subject: str) -> Iterator[Tuple[str, str]]:
        """(predicate, object) lexical values of the triples about the IRI ``subject``: one index scan, no
        rdflib terms (the explorer reads evidence records this way)."""
        for quad in self.store.quads_for_pattern(ox.NamedNode(subject), None, None, self.graph):
            yield quad.predicate.value, quad.object.value

    def value(self, subject=None, predicate=None, obj=None) -> Optional[object]:
        if subject is None:
            found = next(iter(self._quads(None, predicate, obj)), None)
            return to_rdflib(found.subject) if found is not None else None
        found = next(iter(self._quads(subject, predicate, None)), None)
        return to_rdflib(found.object) if found is not None else None

    def __len__(self) -> int:
        return sum(1 for _ in self._quads())
