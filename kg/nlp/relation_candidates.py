"""The entity pairs a learned relation classifier decides on, and the features it reads of each.

A candidate is a directed pair (subject, object):

* two entities of one sentence, at most :data:`MAX_GAP` characters apart, whose types the ontology
  lets some modelled relation join (:data:`kg.nlp.relation_registry.DOMAIN_RANGE`), the subject never
  a body that cannot act (inside a prepositional frame, a credit: the binding policy's subjects);
* the sentence's topic (the paragraph's actor unless an earlier sentence named another), the company in
  view or the article's actor (:class:`kg.nlp.discourse.ArticleContext`), when it is
  not written in the sentence, with each entity of the sentence: the elided subject of a clause.

Features are strings, read off raw text and character offsets only, so that sentences of public
corpora (no spaCy Doc, no discourse) give the same features as the pipeline's Docs: the two types and
their order, the distance, the characters between the two (uni- and bigrams, and the whole gap when it
is short), the characters right before the object and around the subject, and which cue-word families
of the lexicons occur between them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import FrozenSet, Iterator, List, NamedTuple, Optional, Sequence, Tuple

from spacy.tokens import Doc

from .. import lexicon
from .cues import alternation
from .discourse import ACTORS, ArticleContext
from .relation_cues import RelationCues
from .relation_registry import DOMAIN_RANGE, allowed
from .tokenizer import doc_text

MAX_GAP = 50  # characters between the two mentions of a pair
_CLAUSE_BREAK = re.compile(r"[,，;；:：]")
_DIGITS = re.compile(r"[0-9０-９]+|<N>")


class Ends(NamedTuple):
    """One mention: character offsets in the text, type and subtype."""

    start: int
    end: int
    type: str
    subtype: Optional[str] = None


@dataclass
class PairCandidate:
    subject: int  # index into doc.ents
    object: int
    sentence_start: int
    sentence_end: int
    features: List[str]


class CueFamilies:
    """The lexicon word lists whose presence between two mentions is a feature, one regex per family."""

    def __init__(self, cues: RelationCues):
        self.cues = cues

    @cached_property
    def patterns(self):
        families = {
            "implement": self.cues.implement_verbs,
            "joiner": self.cues.joiners,
            "role": lexicon.words("role_nouns", "nouns") + lexicon.words("posts", "extra"),
            "speech": lexicon.words("speech_verbs", "verbs"),
            "programme_verb": lexicon.words("programme_verbs", "verbs"),
            "unit": lexicon.words("sub_units", "heads"),
            "making": lexicon.words("product_cues", "making_verbs") + lexicon.words("product_cues", "result_verbs"),
            "supply": lexicon.words("product_cues", "supply_verbs"),
        }
        for family in ("participation", "cooperation", "investment", "funding", "supply", "leadership", "belonging", "issuing"):
            families[f"{family}_cue"] = lexicon.words("classifier_cues", family)
        return [(name, re.compile(alternation(words))) for name, words in families.items() if words]

    def found(self, text: str) -> List[str]:
        return [name for name, pattern in self.patterns if pattern.search(text)]


def _distance(length: int) -> str:
    for limit in (0, 1, 3, 7, 15, 31):
        if length <= limit:
            return str(limit)
    return "far"


def _grams(prefix: str, text: str) -> List[str]:
    return [f"{prefix}1:{c}" for c in text] + [f"{prefix}2:{text[i:i + 2]}" for i in range(len(text) - 1)]


def pair_features(text: str, subject: Ends, obj: Ends, sentence_start: int, cues: CueFamilies, via: Optional[str] = None) -> List[str]:
    """The features of one directed pair. ``via`` names how a subject not written in the sentence
    came in ("actor", "company"); its offsets are then ignored."""
    types = f"{subject.type}>{obj.type}"
    features = [f"t={types}", f"st={subject.subtype or '-'}>{obj.subtype or '-'}"]
    clause_start = sentence_start
    for match in _CLAUSE_BREAK.finditer(text, sentence_start, obj.start):
        clause_start = match.end()
    before_object = _DIGITS.sub("0", text[max(clause_start, obj.start - 6) : obj.start])
    features += _grams("ob", before_object) + [f"op={before_object[-2:]}|{types}"]
    features.append(f"oa={_DIGITS.sub('0', text[obj.end : obj.end + 2])}")
    features += [f"oc:{f}|{types}" for f in cues.found(before_object)]
    if via is not None:
        clause = _DIGITS.sub("0", text[clause_start : obj.start])
        features += [f"via={via}|{types}", f"vd={_distance(len(clause))}"] + [f"vc:{f}|{types}" for f in cues.found(clause)]
        return features
    order = "so" if subject.start < obj.start else "os"
    left, right = (subject, obj) if order == "so" else (obj, subject)
    between = _DIGITS.sub("0", text[left.end : right.start])
    features += [f"o={order}|{types}", f"d={_distance(len(between))}|{order}", f"brk={min(3, len(_CLAUSE_BREAK.findall(between)))}"]
    if len(between) <= 3:
        features.append(f"g={between}|{order}|{types}")
    features += _grams("b", between)
    features += [f"c:{f}|{order}|{types}" for f in cues.found(between)]
    features += [f"sb={_DIGITS.sub('0', text[max(sentence_start, subject.start - 2) : subject.start])}",
                 f"sa={_DIGITS.sub('0', text[subject.end : subject.end + 2])}"]
    return features


def related_types(predicates: Sequence[str], subject_type: str, object_type: str) -> bool:
    return (subject_type, object_type) in _related_type_pairs(tuple(predicates))


@lru_cache(maxsize=16)
def _related_type_pairs(predicates: Tuple[str, ...]) -> FrozenSet[Tuple[str, str]]:
    """(subject type, object type) pairs some predicate joins: asked for every pair of every sentence."""
    return frozenset((s, o) for p in predicates for s in DOMAIN_RANGE[p][0] for o in DOMAIN_RANGE[p][1] if allowed(p, s, o))


def _ends(span) -> Ends:
    return Ends(span.start_char, span.end_char, span.label_, span.id_ or None)


def doc_candidates(doc: Doc, ctx: ArticleContext, predicates: Sequence[str], cues: CueFamilies) -> Iterator[PairCandidate]:
    """Every candidate pair of the doc, sentence by sentence (advancing the discourse state of ``ctx``)."""
    text = doc_text(doc)
    related = _related_type_pairs(tuple(predicates))
    all_ends = [_ends(ent) for ent in ctx.ents]  # read off the Spans once, not for every pair
    for sentence in doc.sents:
        ctx.begin_sentence(sentence)
        ents = ctx.ents_in(sentence)
        indices = [ctx.index[e.start] for e in ents]
        silent = {i for e, i in zip(ents, indices) if e.label_ in ACTORS and not ctx.can_act(e)}
        for s_index in indices:
            if s_index in silent:
                continue  # a body in a prepositional frame (在X的支持下), a credit, a country opening a name: no subject
            subject = all_ends[s_index]
            for o_index in indices:
                obj = all_ends[o_index]
                if s_index == o_index or (subject.type, obj.type) not in related:
                    continue
                if o_index in silent and obj.type == subject.type == "Organisation":
                    continue  # nor a partner (partnersWith is symmetric: either end may be the subject)
                gap = obj.start - subject.end if subject.start < obj.start else subject.start - obj.end
                if gap > MAX_GAP:
                    continue
                features = pair_features(text, subject, obj, sentence.start_char, cues)
                yield PairCandidate(s_index, o_index, sentence.start_char, sentence.end_char, features)
        outside = []
        for via, index in (("topic", ctx.topic), ("company", ctx.company), ("actor", ctx.actor)):
            if index is not None and index not in indices and index not in (i for _, i in outside):
                outside.append((via, index))
        for via, s_index in outside:
            subject = all_ends[s_index]
            for o_index in indices:
                obj = all_ends[o_index]
                if (subject.type, obj.type) in related:
                    features = pair_features(text, subject, obj, sentence.start_char, cues, via=via)
                    yield PairCandidate(s_index, o_index, sentence.start_char, sentence.end_char, features)
