"""What a reader carries from sentence to sentence, for the relation patterns.

:class:`ArticleContext` knows the organisation or place an article is about (its
*acting subject*), the topic a sentence opens with (霍林郭勒市…该市…), the company
in view (for 企业 / 公司 / 这座工厂), the most recent mention of each type, and which
mentions cannot act at all (bodies inside a prepositional frame, credits, datelines).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import List, Optional

from spacy.tokens import Doc, Span

from ..lexicon import words
from .cues import alternation
from .relation_cues import RelationCues, default_relation_cues
from .tokenizer import doc_text

ACTORS = ("Organisation", "Place")
TARGETS = ("Programme", "Project")
# read by the name-derived relations (kg.derive) as well, outside any pipeline config
COUNTRIES = words("relation_subjects", "countries")
_COUNTRY_ALONE_BEFORE = words("relation_subjects", "country_alone_before")
_SEGMENT_BREAK = re.compile(r"[,，。;；:：!！?？\n]")
# an anaphor stands alone when what precedes it cannot be the head of a name
_BEFORE_STANDALONE = re.compile(r"(?:^|[^\u4e00-\u9fffA-Za-z0-9]|[的是在和与及由将对为从向把被让使了据经并且而])$")
_OPENING = re.compile(rf"^\s*(?:(?:[0-9]{{4}}年(?:[0-9]{{1,2}}月)?(?:{alternation(words('relation_patterns', 'year_opening_suffixes'))})?|"
    rf"{alternation(words('relation_patterns', 'opening_adverbials'))})[,，]?)?")
_YEAR = re.compile(r"((?:19|20)[0-9]{2})年")
_CLAUSE = re.compile(r"[^,，]*[,，]?")


def country_stands_alone(text_after: str) -> bool:
    """Does what follows a country's name end it (中国与…, 中国内地, end of text) rather than continue a name?"""
    return text_after == "" or text_after.startswith(_COUNTRY_ALONE_BEFORE)


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


class EntityMention:
    """An entity of the Doc as the patterns read it, copied off its Span once: ``Span.text`` rebuilds the
    string token by token (some 3 µs) and ``label_`` looks the label up in the string store, and the
    patterns read them thousands of times an article. The attribute names are the Span's."""

    __slots__ = ("start", "end", "start_char", "end_char", "label_", "id_", "text")

    def __init__(self, span: Span, text: str):
        self.start, self.end = span.start, span.end  # token offsets (one token per character)
        self.start_char, self.end_char = span.start_char, span.end_char
        self.label_, self.id_ = span.label_, span.id_
        self.text = text[self.start_char : self.end_char]

    def __repr__(self) -> str:
        return f"EntityMention({self.text!r}, {self.label_}, {self.start_char}-{self.end_char})"


class ArticleContext:
    """What is known when a sentence is read: earlier mentions, the topic, the acting subject."""

    def __init__(self, doc: Doc, cues: Optional[RelationCues] = None):
        self.doc = doc
        self.cues = cues or default_relation_cues()
        self.text = doc_text(doc)
        # once: doc.ents and Span.ents walk every token of the doc
        self.ents = [EntityMention(ent, self.text) for ent in doc.ents]
        self.index = {ent.start: i for i, ent in enumerate(self.ents)}
        self._ent_starts = [ent.start for ent in self.ents]
        # Whether a mention can act and which actor opens a sentence depend on the text and the
        # mentions only, yet the patterns and the relation model ask again for every pair and clause.
        self._can_act: dict = {}  # (start, end) token offsets → bool
        self._subjects: dict = {}  # sentence (start, end) tokens → index or None
        self._segment_ends = [m.end() for m in _SEGMENT_BREAK.finditer(self.text)]
        self.actor = self._acting_subject()
        self.topic: Optional[int] = self.actor
        self.frame: Optional[tuple] = None  # (place index, offset) of a 在PLACE, framing
        self.company: Optional[int] = None  # the company the text is currently about
        self.administered: set = set()  # targets already attributed to an administering body

    def begin_sentence(self, sentence: Span) -> None:
        """Update the discourse state: a new paragraph falls back to the article's actor;
        a sentence that opens with an actor makes it the topic."""
        starts_paragraph = sentence.start_char == 0 or self.text[sentence.start_char - 1] == "\n"
        if starts_paragraph:
            self.topic = self.actor
        subject = self.sentence_subject(sentence)
        if subject is not None:
            self.topic = subject
        for ent in self.ents_in(sentence):
            if ent.label_ == "Organisation" and ent.id_ == "Company":
                before = self.text[sentence.start_char : ent.start_char]
                if self.index[ent.start] == subject or re.search(r"(?:走进|来到|参观|探访|在)$", before):
                    self.company = self.index[ent.start]
                    break

    def ents_in(self, sentence: Span) -> List[EntityMention]:
        """The entities inside ``sentence``, found by bisection (Span.ents is linear in the doc)."""
        first = bisect.bisect_left(self._ent_starts, sentence.start)
        last = bisect.bisect_left(self._ent_starts, sentence.end)
        return [ent for ent in self.ents[first:last] if ent.end <= sentence.end]

    def framed(self, ent: EntityMention) -> bool:
        """Inside a segment that opens with a preposition (在县委统一部署下, 在X园区, 据X):
        the body there sets the scene; it does not act."""
        # the segment starts after the last break before the mention (bisected: slicing and scanning
        # the whole text before every mention was quadratic in the article's length)
        last_break = bisect.bisect_right(self._segment_ends, ent.start_char) - 1
        segment = self.text[self._segment_ends[last_break] if last_break >= 0 else 0 : ent.start_char]
        segment = segment[_OPENING.match(segment).end() :]
        return bool(self.cues.framing.match(segment.lstrip("“‘\"「 ")))

    def credited(self, ent: EntityMention) -> bool:
        """A news agency, a newspaper's dateline or a photo credit (新华社讯, 张三 摄)."""
        return bool(self.cues.credit_after.match(self.text[ent.end_char : ent.end_char + 4]))

    def opens_with_place(self, ent: EntityMention) -> bool:
        """Does a place named in the article open this name (吉安八中长塘中学分校 no, if 吉安 is not one)?"""
        return any(e.label_ == "Place" and len(e.text) >= 2 and ent.text.startswith(e.text) for e in self.ents)

    def can_act(self, ent: EntityMention) -> bool:
        key = (ent.start, ent.end)
        known = self._can_act.get(key)
        if known is None:
            known = self._can_act[key] = (ent.label_ in ACTORS and not self.credited(ent) and not self.framed(ent)
                                          and not self.name_prefix(ent))
        return known

    def name_prefix(self, ent: EntityMention) -> bool:
        """中国 in 中国乳业产业园: a country written as the first word of another name."""
        return ent.text in COUNTRIES and not country_stands_alone(self.text[ent.end_char : ent.end_char + 2])

    def maker(self, position: int) -> Optional[int]:
        return self.company if self.company is not None else self.recent(position, ("Organisation",), "Company")

    def _acting_subject(self) -> Optional[int]:
        """The organisation or place the article is about: named in the headline, else the first sentence subject."""
        first_line_end = self.text.find("\n")
        for i, ent in enumerate(self.ents):
            if first_line_end > 0 and ent.start_char >= first_line_end:
                break
            if self.can_act(ent):
                return i
        for sentence in self.doc.sents:
            subject = self.sentence_subject(sentence)
            if subject is not None:
                return subject
        return None

    def sentence_subject(self, sentence: Span) -> Optional[int]:
        """An organisation or place that opens the sentence, after a time adverbial (今年以来, 2024年,), or
        that opens a later clause when the clauses before it name no one (为实现开门红,X…; 在春节期间,X…)."""
        key = (sentence.start, sentence.end)
        if key not in self._subjects:
            self._subjects[key] = self._sentence_subject(sentence)
        return self._subjects[key]

    def _sentence_subject(self, sentence: Span) -> Optional[int]:
        ents = self.ents_in(sentence)
        clause_start = sentence.start_char
        for clause in _CLAUSE.findall(self.text[sentence.start_char : sentence.end_char]):
            subject = self._opening_actor(ents, clause_start + _OPENING.match(clause).end())
            clause_start += len(clause)
            if subject is not None or any(e.label_ in ACTORS + ("Person",) and e.start_char < clause_start for e in ents):
                return subject
        return None

    def _opening_actor(self, ents: List[EntityMention], offset: int) -> Optional[int]:
        """The actor written at ``offset`` (after an opening quote mark), or None."""
        for position, ent in enumerate(ents):
            if ent.start_char > offset + 1:
                break
            if ent.start_char >= offset and self.text[offset : ent.start_char].strip("“‘\"「 ") == "" and self.can_act(ent):
                # 扎鲁特旗鲁北镇…: an address chain acts through its most specific part
                while position + 1 < len(ents) and ents[position + 1].start_char == ents[position].end_char and ents[position + 1].label_ in ACTORS:
                    position += 1
                return self.index[ents[position].start]
        return None

    def recent(self, before: int, kinds=ACTORS, subtype: Optional[str] = None) -> Optional[int]:
        """The most recent mention of one of ``kinds`` that ends before ``before``."""
        best = None
        for i, ent in enumerate(self.ents):
            if ent.end_char > before:
                break
            if ent.label_ in kinds and (subtype is None or ent.id_ == subtype):
                best = i
        return best

    def referent(self, anaphor: str, position: int) -> Optional[int]:
        """What an anaphor stands for: the company in view, a body with that head noun
        (支部 → the last …党支部 named, else the next), or the topic."""
        if anaphor in self.cues.anaphors["Company"]:
            maker = self.maker(position)
            return maker if maker is not None else self.topic
        if anaphor in self.cues.anaphors["Place"]:
            return self.recent(position, ("Place",)) if self.topic is None else self.topic
        head = anaphor[1:] if anaphor.startswith("该") else anaphor
        if head not in ("我们", "单位"):
            headed = [i for i, ent in enumerate(self.ents) if ent.label_ == "Organisation" and ent.text.endswith(head) and ent.text != head]
            before = [i for i in headed if self.ents[i].end_char <= position]
            if before or headed:  # the last one named before, else the first named after
                return before[-1] if before else headed[0]
        return self.topic

    @staticmethod
    def standalone(text_before: str) -> bool:
        """Is an anaphor written after ``text_before`` a word of its own (not the tail of a name)?"""
        return bool(_BEFORE_STANDALONE.search(text_before))

    def hit(self, sentence: Span, subject: int, predicate: str, obj: int, method: str, confidence: float, **extra) -> Optional[RelationHit]:
        if subject is None or obj is None or subject == obj:
            return None
        return RelationHit(subject, predicate, obj, sentence.start_char, sentence.end_char, method, confidence, **extra)
