"""The registry of relation pattern families: each is ``(sentence, ents, context) -> [RelationHit]``,
registered by name and listed in the pipeline config (kg/resources/pipeline.cfg)."""

from __future__ import annotations

from typing import Callable, Dict, List

from spacy.tokens import Doc, Span

from .discourse import ArticleContext, RelationHit
from .tokenizer import doc_text

PatternFn = Callable[[Span, List[Span], ArticleContext], List[RelationHit]]
PATTERNS: Dict[str, PatternFn] = {}


def pattern(name: str):
    def register(function: PatternFn) -> PatternFn:
        PATTERNS[name] = function
        return function

    return register


def between(doc: Doc, left: Span, right: Span) -> str:
    return doc_text(doc)[left.end_char : right.start_char]
