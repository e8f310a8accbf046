"""The registry of relation pattern families: each is ``(sentence, ents, context) -> [RelationHit]``,
registered by name and listed in the pipeline config (kg/resources/pipeline.cfg)."""

from __future__ import annotations

import re
from typing import Callable, Dict, List, Tuple

from spacy.tokens import Doc, Span

from ..lexicon import words
from .cues import alternation
from .discourse import ArticleContext, EntityMention, RelationHit
from .tokenizer import doc_text

PatternFn = Callable[[Span, List[EntityMention], ArticleContext], List[RelationHit]]
PATTERNS: Dict[str, PatternFn] = {}


def pattern(name: str):
    def register(function: PatternFn) -> PatternFn:
        PATTERNS[name] = function
        return function

    return register


def between(doc: Doc, left: EntityMention, right: EntityMention) -> str:
    return doc_text(doc)[left.end_char : right.start_char]


# Domain and range of each relation between entity types, as the ontology declares them
# (kg/resources/ontology/kg.ttl; a test keeps the two in step). authorOf, whose range is the
# article, is left out: no sentence pair can give it.
DOMAIN_RANGE: Dict[str, Tuple[Tuple[str, ...], Tuple[str, ...]]] = {
    "holdsPost": (("Person",), ("Organisation",)),
    "locatedIn": (("Organisation", "Project", "Place"), ("Place",)),
    "subOrganisationOf": (("Organisation",), ("Organisation",)),
    "investsIn": (("Organisation",), ("Organisation", "Project")),
    "hasCustomer": (("Organisation",), ("Organisation",)),
    "produces": (("Organisation",), ("Product",)),
    "implements": (("Organisation", "Place"), ("Project", "Programme")),
    "administers": (("Organisation",), ("Programme",)),
    "funds": (("Organisation", "Programme"), ("Project", "Organisation")),
    "leads": (("Person",), ("Project", "Programme", "Organisation")),
    "partnersWith": (("Organisation",), ("Organisation",)),
    "participatesIn": (("Person", "Organisation"), ("Programme", "Project")),
}


def allowed(predicate: str, subject_type: str, object_type: str) -> bool:
    """Does the ontology let ``predicate`` join an entity of ``subject_type`` to one of ``object_type``?"""
    domain, range_ = DOMAIN_RANGE[predicate]
    return subject_type in domain and object_type in range_


CLAUSE_BREAK = re.compile(r"[,，。;；]")


def clause_start(sentence: Span, offset: int) -> int:
    """Where the comma-delimited clause holding ``offset`` begins."""
    breaks = list(CLAUSE_BREAK.finditer(doc_text(sentence), 0, offset - sentence.start_char))
    return sentence.start_char + (breaks[-1].end() if breaks else 0)


def clause_end(sentence: Span, offset: int) -> int:
    """Where the comma-delimited clause holding ``offset`` ends."""
    following = CLAUSE_BREAK.search(doc_text(sentence), offset - sentence.start_char)
    return sentence.start_char + (following.start() if following else len(doc_text(sentence)))


def pattern_words(key: str) -> str:
    """The regex alternation (longest word first) of one list of kg/lexicon/relation_patterns.toml."""
    return alternation(words("relation_patterns", key))
