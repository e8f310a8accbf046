"""The small set of data classes that flow from ingestion to the graph.

Offsets: an :class:`Article` owns a ``text`` assembled from pieces of its
source (layout repairs join and reorder pieces), and a :class:`TextMap` that
maps any offset in ``text`` back to the source document. Mentions and evidence
are located in article coordinates and exported in source coordinates.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

ENTITY_TYPES = ("Person", "Organisation", "Place", "Project", "Programme", "Product")
SUBTYPES = {
    "Company": "Organisation",
    "GovernmentBody": "Organisation",
    "PartyOrganisation": "Organisation",
    "ResearchInstitution": "Organisation",
    "MediaOrganisation": "Organisation",
    "AdministrativeArea": "Place",
    "Site": "Place",
}
RELATION_TYPES = (
    "holdsPost",
    "locatedIn",
    "subOrganisationOf",
    "investsIn",
    "hasCustomer",
    "produces",
    "implements",
    "administers",
    "funds",
    "leads",
    "partnersWith",
    "participatesIn",
    "authorOf",
)


@dataclass
class TextMap:
    """Piecewise map from article offsets to source offsets.

    ``pieces`` holds (article_start, source_start, length) in article order.
    Characters the assembler inserted (paragraph separators) map to the source
    position of the character before them.
    """

    pieces: List[Tuple[int, int, int]] = field(default_factory=list)

    def to_source(self, offset: int) -> int:
        if not self.pieces:
            return offset
        starts = [p[0] for p in self.pieces]
        index = max(0, bisect.bisect_right(starts, offset) - 1)
        article_start, source_start, length = self.pieces[index]
        return source_start + min(offset - article_start, max(0, length))

    def span_to_source(self, start: int, end: int) -> Tuple[int, int]:
        """Source offsets of the first and one past the last character of [start, end)."""
        if end <= start:
            position = self.to_source(start)
            return position, position
        return self.to_source(start), self.to_source(end - 1) + 1


@dataclass
class Article:
    id: str  # stable across builds: the source path plus the position (or a corpus's own id), see kg.ingest
    title: str
    text: str
    source: str  # the source path of a page, the 'source' field (a paper's name) of a corpus line
    authors: List[Tuple[str, str]] = field(default_factory=list)  # (name, byline role)
    date: Optional[str] = None
    # people credited who are not authors (photographers, editors): (name, role)
    contributors: List[Tuple[str, str]] = field(default_factory=list)
    outlets: List[str] = field(default_factory=list)  # media the page credits as its source (来源:X)
    place: Optional[str] = None
    captions: List[str] = field(default_factory=list)
    banners: List[str] = field(default_factory=list)
    text_map: TextMap = field(default_factory=TextMap)
    byline: Optional[str] = None
    byline_span: Optional[Tuple[int, int]] = None  # in source coordinates
    source_text: Optional[str] = None  # the whole source document, for evidence lookup
    original_script: Optional[str] = None  # "traditional" when converted with OpenCC
    source_path: str = ""  # the input file as "<folder name>/<path below it>": what replacing a source matches

    def source_span(self, start: int, end: int) -> Tuple[int, int]:
        return self.text_map.span_to_source(start, end)


@dataclass
class CorpusRecord:
    """A corpus line read and checked, as it stands in the file: :func:`kg.ingest.prepare` makes
    it an :class:`Article` (simplified characters, inferred place) where the article is extracted,
    so that a build's client only reads and checks lines."""

    id: str
    title: str  # as printed (maybe traditional), "" when the line has none
    text: str  # the body as printed
    source: Optional[str]  # the line's own 'source' field
    source_path: str
    authors: List[str] = field(default_factory=list)
    date: Optional[str] = None
    place: Optional[str] = None  # the line's 'place', else the build's

    @property
    def chars(self) -> int:
        """The length of the article text it becomes (conversion keeps lengths)."""
        return len(self.title) + 1 + len(self.text) if self.title else len(self.text)


@dataclass
class Mention:
    start: int  # article offsets, end exclusive
    end: int
    text: str
    type: str  # one of ENTITY_TYPES
    subtype: Optional[str] = None
    method: str = "rule"
    kb_id: Optional[str] = None  # gazetteer id of a place
    canonical: Optional[str] = None  # filled by resolution


@dataclass
class Evidence:
    article_id: str
    sentence: str
    start: int  # article offsets of the sentence
    end: int


@dataclass
class Relation:
    subject: Mention
    predicate: str
    object: Mention
    evidence: Evidence
    method: str
    confidence: float
    role: Optional[str] = None
    amount: Optional[str] = None
    year: Optional[str] = None


@dataclass
class Entity:
    """One real-world thing after resolution: the unit that gets an IRI."""

    type: str
    name: str  # canonical
    subtype: Optional[str] = None
    aliases: List[str] = field(default_factory=list)
    mentions: Dict[str, int] = field(default_factory=dict)  # article id → mention count
    code: Optional[str] = None  # gazetteer id of a place (the division code where it has one)

    @property
    def key(self) -> Tuple[str, str]:
        """Identity within a build: a division id for gazetteer places, else the canonical name."""
        return (self.type, self.code or self.name)

    def add_alias(self, alias: str) -> None:
        if alias and alias != self.name and alias not in self.aliases:
            self.aliases.append(alias)


@dataclass
class Statement:
    """A resolved relation between two entities, with its provenance."""

    subject: Entity
    predicate: str
    object: Optional[Entity]  # None: the article itself (authorOf)
    article_id: str
    sentence: str
    source_start: int
    source_end: int
    method: str
    confidence: float
    role: Optional[str] = None
    amount: Optional[str] = None
    year: Optional[str] = None


@dataclass
class ArticleRdf:
    """One article's graph as a worker hands it back: RDF already serialised, plus what the
    client needs to settle entity subtypes build-wide and to count.

    The subtype ``rdf:type`` triples are left out: an entity's subtype is the first one the
    build sees (see :meth:`kg.resolve.EntityIndex.settle_subtype`), which only the client knows,
    so it adds them. ``ntriples`` (for stores) and ``turtle_body`` (for graph.trig: prefixed
    names, the ``@prefix`` lines stripped) hold the same ``triples`` triples."""

    article_id: str
    source: str
    graph: str  # the article graph's IRI
    ntriples: bytes
    turtle_body: bytes
    triples: int
    # (entity key, entity IRI, subtype as this article found it) for each entity it mentions
    entities: List[Tuple[Tuple[str, str], str, Optional[str]]] = field(default_factory=list)
    predicates: List[str] = field(default_factory=list)  # of the article's statements
