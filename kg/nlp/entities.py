"""Domain entity recognition layered on the trained NER.

The statistical NER finds people, organisations and places; this component
maps them onto the ontology's types, links places to the division gazetteer,
types organisations and places by head noun, and adds the cue grammars of
:mod:`kg.nlp.grammars` and :mod:`kg.nlp.name_grammars` (word lists from the
lexicons the pipeline config names, :mod:`kg.nlp.cues`).

Ensemble precedence (:func:`resolve_overlaps`), in this order:

1. Extensions over other candidates: a span built from a candidate plus the
   text that completes it (place prefix 内蒙古|蒙佳…公司, brand word, the bank
   before a branch 邮储银行|贵州省分行, a unit after its parent 某法院|立案庭, the
   body that sent a stationed unit 某政府|驻|某地办事处) is longer than its parts
   and so replaces them; the parts that are places are kept as embedded places.
   Party groups before a post chain are then settled by the chain
   (:mod:`kg.nlp.party_organs`): 某法院党组书记张三 keeps the party group,
   某法院党组书记、院长李四 gives the court.
2. An address chain the model read as one place (遵义市播州区) gives way to
   the gazetteer places that tile it.
3. Otherwise the longer span wins: a gazetteer place inside an organisation
   name, a programme inside an organisation named after it (乡村振兴 in a work
   team's name) lose to the name that contains them.
4. At equal length, priority: quoted products (4) > quoted and headed
   programmes, policy documents, role-named speakers, media credits (3) >
   gazetteer places and headed names (2) > NER and weak cue grammars (1).

5. The span tagger (:mod:`kg.nlp.span_tagger`) comes after all rules have been resolved
   (:func:`merge_model_spans`): a model span below ``span_min_confidence`` is dropped; one that
   overlaps no kept span is added; anything the rules made (gazetteer places, NER names, names
   with heads, people, bylines, cue-grammar spans) wins over an overlapping model span. With
   ``span_extends_rules`` a model span may also replace cue-grammar spans of its own type that it
   contains (“X”服务 → “X”服务模式); that is off in the shipped config because it lowered the
   cross-validated F1 (the rules' boundaries were right more often than the model's).

Model persons made of common words and role-name runs that are phrases are
filtered before they compete.

Results: ``doc.ents`` with the ontology type as label, the subtype as the
span's ``id_`` and a gazetteer id as ``kb_id_``; places that sit inside a kept
name (内蒙古 in 内蒙古星河新材料有限公司) go to ``doc.spans["embedded_places"]``.
"""

from __future__ import annotations

import re
from typing import Dict, Iterable, List, Optional, Sequence

import rjieba
from spacy.language import Language
from spacy.tokens import Doc

from ..gazetteer import Division, Gazetteer, default_gazetteer
from ..text import to_halfwidth
from . import grammars
from .cues import Candidate, Cues, alternation, default_cues
from .heads import organisation_subtype, place_subtype
from .name_grammars import clause_opening, common_words as _common_words, cuts_a_word as _cuts_a_word, ends_inside_a_word
from .party_organs import party_organs
from .span_tagger import load_span_tagger
from .tokenizer import doc_text

NER_TO_TYPE = {"PER": "Person", "ORG": "Organisation", "LOC": "Place"}
_LEGAL_TAIL = re.compile(r"(?:股份)?(?:有限)?(?:责任)?公司|(?:股份)?有限公司")
_PUNCTUATION = re.compile(r"[,，。;；:：!！?？、\n]")

if not Doc.has_extension("place"):
    Doc.set_extension("place", default=None)  # the paper's place, e.g. 通辽市


def _looks_like_place(text: str, cues: Cues) -> bool:
    """An NER place with no place head: keep names the gazetteer knows and country-like names."""
    if default_gazetteer().find(text) is not None or text.endswith(cues.words("place_heads", "natural_endings")):
        return True
    return len(text) >= 3 and not text.endswith(cues.words("place_heads", "not_place_endings"))


def typed_ner_candidate(
    start: int, end: int, text: str, label: str, doc_text: str = "", cues: Optional[Cues] = None
) -> Optional[Candidate]:
    cues = cues or default_cues()
    kind = NER_TO_TYPE.get(label)
    if kind is None or len(text) < 2 or _PUNCTUATION.search(text):
        return None
    subtype: Optional[str] = None
    org_head = organisation_subtype(text)
    if kind == "Place":
        place_head = place_subtype(text)
        if place_head is None and org_head is None and not _looks_like_place(text, cues):
            return None
        if org_head is not None and place_head != "Site":
            kind, subtype = "Organisation", org_head or None
        else:
            subtype = place_head or "AdministrativeArea"
    elif kind == "Person":
        if doc_text and _cuts_a_word(doc_text, start, end):
            return None  # 小马扎 → 马扎: a name does not begin or end inside a word
        if _common_words(text):
            return None  # 参加会议, 名册, 资料图片: the model's person is a phrase of common words
        if place_subtype(text) == "Site" and len(text) >= 4:
            kind, subtype = "Place", "Site"
        elif len(text) >= 3 and any(text.endswith(v[0]) and doc_text.startswith(v[1:], end) for v in cues.speech_verbs if len(v) > 1):
            end -= 1  # 刘强介|绍道: the model took the first character of the speech verb
    elif kind == "Organisation":
        if len(text) < 3 and org_head is None:
            return None  # 政务: too short to be a name without an organisation head
        suffix = _LEGAL_TAIL.match(doc_text, end)
        if suffix:  # 内蒙古亿利资源集团|股份有限公司: the model stopped before the legal form
            end, text = suffix.end(), text + suffix.group()
            org_head = organisation_subtype(text)
        if place_subtype(text) == "Site" and org_head is None:
            kind, subtype = "Place", "Site"
        else:
            subtype = org_head or None
    if kind in ("Organisation", "Place") and doc_text and ends_inside_a_word(doc_text, start, end, cues):
        return None  # 烟台矢|崎, 吉州区集团|化: a name does not end inside a word (checked after the legal form)
    return Candidate(start, end, kind, subtype, "ner", 1)


def gazetteer_candidates(gazetteer: Gazetteer, text: str, page_place: Optional[Division]) -> List[Candidate]:
    contexts = [page_place] if page_place else []
    matches = gazetteer.scan(text, contexts)
    # a county named in the article licenses its townships (and their local abbreviations);
    # so does a city with no county level (东莞, 中山), whose towns sit right under it
    counties = {d.id: d for _, _, d, _ in matches if d.level == 3 or (d.level == 2 and gazetteer.has_townships(d))}
    if counties:
        matches = gazetteer.scan(text, contexts + list(counties.values()))
    out = []
    for start, end, division, how in matches:
        subtype = "Site" if place_subtype(division.name) == "Site" else "AdministrativeArea"
        out.append(Candidate(start, end, "Place", subtype, f"gazetteer:{how}", 2, kb_id=division.id))
    return out


def _with_place_prefix(candidates: List[Candidate], places: List[Candidate]) -> List[Candidate]:
    """内蒙古|蒙佳粮油工业集团有限公司: a company name the model began after its place prefix."""
    by_end = {p.end: p for p in places if p.kb_id}
    out = []
    for c in candidates:
        if c.type == "Organisation" and c.subtype == "Company" and c.start in by_end:
            place = by_end[c.start]
            out.append(Candidate(place.start, c.end, c.type, c.subtype, c.method + "+place-prefix", c.priority))
    return out


_CLAUSE_START = re.compile(r"(?:^|(?<=[。！？；;,，、\n:：“”]))")


def _with_brand_prefix(candidates: List[Candidate], text: str) -> List[Candidate]:
    """华能|呼伦贝尔能源开发有限公司: a company the model began after a brand word that opens the clause."""
    out = []
    for c in candidates:
        if c.type != "Organisation" or c.subtype != "Company" or c.start == 0:
            continue
        clause_start = clause_opening(text, c.start)
        prefix = text[clause_start : c.start]
        if 2 <= len(prefix) <= 4:
            words = rjieba.tag(prefix)
            if len(words) == 1 and words[0][1] in ("nz", "nt", "j", "n", "nrt"):
                out.append(Candidate(clause_start, c.end, c.type, c.subtype, c.method + "+brand", c.priority))
    return out


def _with_parent_bank(candidates: List[Candidate], text: str, cues: Cues) -> List[Candidate]:
    """邮储|银行|贵州省分行: a branch named by its place takes the bank written right before it."""
    branches, banks = cues.words("organisation_heads", "bank_branches"), cues.words("organisation_heads", "banks")
    out = []
    for c in candidates:
        if c.type != "Organisation" or not text.endswith(branches, c.start, c.end) or c.start == 0:
            continue
        words = rjieba.tag(text[max(0, c.start - 8) : c.start])
        if not words or not words[-1][0].endswith(banks):
            continue
        start = c.start - len(words[-1][0])
        if words[-1][0] in banks and len(words) > 1 and words[-2][1] in ("j", "nz", "nt", "ns"):
            start -= len(words[-2][0])  # 邮储 + 银行
        elif words[-1][0] in banks:
            continue  # a bare 银行 is not a bank's name
        out.append(Candidate(start, c.end, c.type, "Company", c.method + "+bank", c.priority))
    return out


def _with_sub_unit(candidates: List[Candidate], text: str, cues: Cues) -> List[Candidate]:
    """某某法院|立案庭, 某某集团|奶源事业部: a unit written right after its parent is one organisation."""
    sub_unit = re.compile(rf"([\u4e00-\u9fff]{{0,4}}?)(?:{alternation(cues.words('organisation_heads', 'sub_units'))})")
    out = []
    for c in candidates:
        if c.type != "Organisation" or c.end - c.start < 3:
            continue
        match = sub_unit.match(text, c.end)
        if match and not cues.not_in_name.search(match.group(1)):
            name = text[c.start : match.end()]
            out.append(Candidate(c.start, match.end(), c.type, organisation_subtype(name, cues) or None, c.method + "+unit", c.priority))
    return out


def _with_sender(candidates: List[Candidate], text: str, cues: Cues) -> List[Candidate]:
    """某政府|驻|某区联络办公室, 某学院|派驻|某县帮扶工作队: a body stationed somewhere is named with the
    body that sent it, a candidate or the clause's opening words when they end in an organisation head."""
    stationed = re.compile(rf"(?:{cues.words_re('organisation_heads', 'stationed_by')})$")
    senders = {c.end: c for c in candidates if c.type == "Organisation"}
    out = []
    for c in candidates:
        if c.type != "Organisation":
            continue
        word = stationed.search(text, max(0, c.start - 2), c.start)
        if word is None:
            continue
        sender = senders.get(word.start())
        if sender is not None:
            start = sender.start
        else:
            start = clause_opening(text, word.start())
            opening = text[start : word.start()]
            if not 2 <= len(opening) <= 12 or cues.not_in_name.search(opening) or organisation_subtype(opening, cues) is None:
                continue
        out.append(Candidate(start, c.end, c.type, c.subtype, c.method + "+sender", c.priority))
    return out


def _address_chain(candidate: Candidate, gazetteer_places: List[Candidate]) -> bool:
    """遵义市播州区 read as one place by the model: two or more gazetteer places that tile it exactly."""
    if candidate.type != "Place" or candidate.kb_id:
        return False
    by_start = {p.start: p for p in gazetteer_places}
    position, pieces = candidate.start, 0
    while position < candidate.end and position in by_start:
        position, pieces = by_start[position].end, pieces + 1
    return position == candidate.end and pieces >= 2


def merge_model_spans(
    kept: List[Candidate], model: Sequence[Candidate], min_confidence: float, extend_rules: bool = False
) -> List[Candidate]:
    """Add the tagger's spans to the rules' resolved spans by the precedence of the module docstring."""
    out = list(kept)
    for span in sorted(model, key=lambda c: -c.confidence):
        if span.confidence < min_confidence:
            continue
        overlapped = [k for k in out if k.start < span.end and span.start < k.end]
        extends = extend_rules and all(
            k.type == span.type and k.method.startswith("rule:") and span.start <= k.start and k.end <= span.end
            for k in overlapped
        )
        if not overlapped or extends:
            out = [k for k in out if k not in overlapped] + [span]
    return sorted(out, key=lambda c: c.start)


def resolve_overlaps(candidates: Sequence[Candidate]) -> List[Candidate]:
    """Greedy: longer spans first, then higher priority; drop anything overlapping a kept span."""
    kept: List[Candidate] = []
    occupied = set()
    for candidate in sorted(candidates, key=lambda c: (-(c.end - c.start), -c.priority, c.start)):
        positions = range(candidate.start, candidate.end)
        if any(p in occupied for p in positions):
            continue
        kept.append(candidate)
        occupied.update(positions)
    return sorted(kept, key=lambda c: c.start)


class DomainEntities:
    def __init__(
        self, nlp: Language, name: str, grammars_used: Sequence[str], use_gazetteer: bool, lexicons: Optional[Dict[str, str]] = None,
        span_model: str = "", span_min_confidence: float = 0.5, span_extends_rules: bool = False,
    ):
        self.name = name
        self.cues = Cues(lexicons)
        unknown = [g for g in grammars_used if g not in grammars.GRAMMARS]
        if unknown:
            raise ValueError(f"unknown grammar(s): {', '.join(unknown)}")
        self.grammars = [grammars.GRAMMARS[g] for g in grammars_used]
        self.gazetteer = default_gazetteer() if use_gazetteer else None
        self.span_tagger = load_span_tagger(span_model) if span_model else None
        self.span_min_confidence = span_min_confidence
        self.span_extends_rules = span_extends_rules

    def candidates(self, doc: Doc, text: Optional[str] = None) -> List[Candidate]:
        """Every rule and NER candidate over ``text``, the doc's half-width text (computed if not given)."""
        original = doc_text(doc)
        text = to_halfwidth(original) if text is None else text
        found: List[Candidate] = []
        for ent in doc.ents:  # (the name sliced from the text: Span.text rebuilds it token by token)
            candidate = typed_ner_candidate(ent.start_char, ent.end_char, original[ent.start_char : ent.end_char], ent.label_, text, self.cues)
            if candidate:
                found.append(candidate)
        places: List[Candidate] = [c for c in found if c.type == "Place"]
        if self.gazetteer is not None:
            page_place = self.gazetteer.find(doc._.place) if doc._.place else None
            gazetteer_places = gazetteer_candidates(self.gazetteer, text, page_place)
            found = [c for c in found if not _address_chain(c, gazetteer_places)]
            places = [c for c in places if not _address_chain(c, gazetteer_places)]
            found += gazetteer_places
            places += gazetteer_places
        for grammar in self.grammars:
            found.extend(grammar(text, self.cues))
        found.extend(grammars.named_after_place_candidates(text, places, self.cues))
        found.extend(_with_place_prefix(found, places))
        found.extend(_with_brand_prefix(found, text))
        found.extend(_with_parent_bank(found, text, self.cues))
        found.extend(_with_sub_unit(found, text, self.cues))
        found.extend(_with_sender(found, text, self.cues))
        return party_organs(found, text, self.cues)

    def __call__(self, doc: Doc) -> Doc:
        text = to_halfwidth(doc_text(doc))
        candidates = self.candidates(doc, text)
        kept = resolve_overlaps(candidates)
        if self.span_tagger is not None:
            model_spans = self.span_tagger.candidates(text)
            kept = merge_model_spans(kept, model_spans, self.span_min_confidence, self.span_extends_rules)
        spans = []
        for c in kept:
            span = doc.char_span(c.start, c.end, label=c.type, kb_id=c.kb_id, span_id=c.subtype or "")
            if span is not None:
                spans.append(span)
        doc.ents = spans
        doc.spans["embedded_places"] = list(self._embedded_places(doc, candidates, kept))
        return doc

    @staticmethod
    def _embedded_places(doc: Doc, candidates: Iterable[Candidate], kept: List[Candidate]):
        containers = [c for c in kept if c.type != "Place" or c.subtype == "Site"]
        seen = set()
        for c in sorted(candidates, key=lambda c: -(c.end - c.start)):
            if c.type != "Place" or c in kept or (c.start, c.end) in seen:
                continue
            if not c.kb_id and c.subtype != "Site":
                continue
            if c.subtype == "Site" and any(s <= c.start and c.end <= e for s, e in seen):
                continue  # a shorter reading of a site already kept (工业园 in 工业园区)
            seen.add((c.start, c.end))
            if any(o.start <= c.start and c.end <= o.end and (o.start, o.end) != (c.start, c.end) for o in containers):
                span = doc.char_span(c.start, c.end, label="Place", kb_id=c.kb_id, span_id=c.subtype or "")
                if span is not None:
                    yield span


@Language.factory(
    "kg_domain_entities",
    default_config={"grammars": list(grammars.GRAMMARS), "use_gazetteer": True, "lexicons": {}, "span_model": "",
                    "span_min_confidence": 0.5, "span_extends_rules": False},
)
def create_domain_entities(
    nlp: Language, name: str, grammars: List[str], use_gazetteer: bool, lexicons: Dict[str, str], span_model: str,
    span_min_confidence: float, span_extends_rules: bool,
) -> DomainEntities:
    return DomainEntities(nlp, name, grammars, use_gazetteer, lexicons, span_model, span_min_confidence, span_extends_rules)
