"""Relation patterns over typed entity spans and cue words, sentence by sentence.

Each pattern family is a small function ``(sentence, ents) -> [RelationHit]``
registered in :data:`PATTERNS`; the component runs them all and stores the hits
on ``doc._.relations``. Entities are referred to by their index in
``doc.ents`` so that later stages can resolve them once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span

POST_CUES = (
    "局长", "副局长", "主任", "副主任", "负责人", "书记", "副书记", "主席", "副主席", "主管", "经理", "总经理",
    "董事长", "院长", "副院长", "部长", "厂长", "总监", "干部", "队长", "站长", "所长", "校长", "行长",
    "总裁", "秘书长", "会长", "理事长", "社长", "总编辑", "主编", "旗长", "市长", "县长", "区长", "省长", "镇长", "村长",
)
_POST_RE = re.compile(rf"^[\u4e00-\u9fff]{{0,6}}?(?:{'|'.join(sorted(POST_CUES, key=len, reverse=True))})$")

if not Doc.has_extension("relations"):
    Doc.set_extension("relations", default=[])


@dataclass
class RelationHit:
    subject: int  # index into doc.ents
    predicate: str
    object: int
    sentence_start: int  # character offsets of the evidence sentence
    sentence_end: int
    method: str
    confidence: float
    role: Optional[str] = None
    amount: Optional[str] = None
    year: Optional[str] = None


PatternFn = Callable[[Span, Sequence[Span], Dict[int, int]], List[RelationHit]]
PATTERNS: Dict[str, PatternFn] = {}


def pattern(name: str):
    def register(function: PatternFn) -> PatternFn:
        PATTERNS[name] = function
        return function

    return register


def _hit(sentence: Span, subject: int, predicate: str, obj: int, method: str, confidence: float, **extra) -> RelationHit:
    return RelationHit(subject, predicate, obj, sentence.start_char, sentence.end_char, method, confidence, **extra)


@pattern("post")
def post_pattern(sentence: Span, ents: Sequence[Span], index: Dict[int, int]) -> List[RelationHit]:
    """ORG + post title + PER: 市科技局局长塔娜, 研发主管宋远航."""
    hits = []
    text = sentence.doc.text
    for left, right in zip(ents, ents[1:]):
        if left.label_ != "Organisation" or right.label_ != "Person":
            continue
        between = text[left.end_char : right.start_char]
        if _POST_RE.match(between):
            hits.append(_hit(sentence, index[right.start], "holdsPost", index[left.start], "pattern:org-post-person", 0.9, role=between))
    return hits


_IMPLEMENT_VERBS = ("推行", "开展", "实施", "打造", "启动", "深化", "推出", "推动", "落实", "构建", "开通", "推进", "创新构建")


@pattern("implements")
def implements_pattern(sentence: Span, ents: Sequence[Span], index: Dict[int, int]) -> List[RelationHit]:
    """The first organisation or place of a clause + an implementing verb + programme/project."""
    hits = []
    text = sentence.doc.text
    actors = [e for e in ents if e.label_ in ("Organisation", "Place")]
    for target in ents:
        if target.label_ not in ("Programme", "Project"):
            continue
        window = text[max(sentence.start_char, target.start_char - 12) : target.start_char]
        if not any(v in window for v in _IMPLEMENT_VERBS):
            continue
        before = [a for a in actors if a.end_char <= target.start_char]
        if before:
            actor = before[0]
            hits.append(_hit(sentence, index[actor.start], "implements", index[target.start], "pattern:actor-verb-programme", 0.6))
    return hits


class RelationPatterns:
    def __init__(self, nlp: Language, name: str, patterns: Sequence[str]):
        self.name = name
        unknown = [p for p in patterns if p not in PATTERNS]
        if unknown:
            raise ValueError(f"unknown relation pattern(s): {', '.join(unknown)}")
        self.patterns = [PATTERNS[p] for p in patterns]

    def __call__(self, doc: Doc) -> Doc:
        index = {ent.start: i for i, ent in enumerate(doc.ents)}
        hits: List[RelationHit] = []
        for sentence in doc.sents:
            ents = [e for e in sentence.ents]
            if len(ents) < 2:
                continue
            for function in self.patterns:
                hits.extend(function(sentence, ents, index))
        doc._.relations = hits
        return doc


@Language.factory("kg_relations", default_config={"patterns": list(PATTERNS)})
def create_relation_patterns(nlp: Language, name: str, patterns: List[str]) -> RelationPatterns:
    return RelationPatterns(nlp, name, patterns)
