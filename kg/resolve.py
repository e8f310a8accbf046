"""From mentions to entities: canonical names, aliases, one node per real-world thing.

* Places linked to the gazetteer take the division's official name (内蒙古 →
  内蒙古自治区, 科区 → 科尔沁区) and its id; 我市/本旗 resolve to the paper's place.
* Place-prefixed abbreviations resolve against the places in scope:
  市科技局 → 通辽市科技局 in a Tongliao paper, 旗纪委监委 → 奈曼旗纪委监委 in an
  article about 奈曼旗.
* Inside an article a short organisation name resolves to the one full name it
  is part of (星河 → 内蒙古星河新材料有限公司).
* Across the build, mentions with the same type and canonical name (or the same
  division) are one entity. Different things that merely share a short form
  keep distinct canonical names, so they never merge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Dict, Iterable, List, Optional, Tuple

from .gazetteer import Division, Gazetteer, default_gazetteer
from .lexicon import words
from .model import Article, Entity, Mention, Statement
from .nlp.cues import alternation
from .text import match_key, strip_quotes

if TYPE_CHECKING:  # a type only: importing extraction loads spaCy, which a build's client never needs
    from .extract import Extraction

_OWN = alternation(words("divisions", "own_determiners"))
DEICTIC = re.compile(rf"^(?:{_OWN})?({alternation(words('divisions', 'deictic_levels'))})$")
OWN_COUNTRY = frozenset(words("divisions", "own_country"))  # a Chinese paper's 我国 is China
COUNTRY = words("divisions", "country")[0]
LEVEL_PREFIX = re.compile(rf"^(?:{alternation(words('divisions', 'anaphoric_determiners'))})?"
                          rf"({alternation(words('divisions', 'abbreviating_levels'))})(?=[\u4e00-\u9fff])")
OWN_DIVISION_LEVELS = words("divisions", "own_division_levels")
# 人民法院/人民政府 are written 法院/政府 in short: 松山区法院 is 内蒙古自治区赤峰市松山区人民法院
OFFICIAL_INFIX = re.compile(r"人民(?=(?:中级)?(?:法院|政府|检察院)$)")
SYMMETRIC = ("partnersWith",)
# between a committee and a body in a post chain: 某县委常委、宣传部部长 (a standing member of the committee)
STANDING_MEMBER_OF = re.compile(r"^常委[、,，]$")
LEGAL_SUFFIX = re.compile(r"(?:股份)?(?:有限责任公司|有限公司|集团|公司)$")


@dataclass
class Graph:
    """The resolved build: entities, statements and the articles they come from."""

    articles: List[Article] = field(default_factory=list)
    entities: Dict[Tuple[str, str], Entity] = field(default_factory=dict)
    statements: List[Statement] = field(default_factory=list)
    # article id → entity keys mentioned there, in first-mention order
    mentions: Dict[str, List[Tuple[str, str]]] = field(default_factory=dict)

    def entity(self, kind: str, name: str, subtype: Optional[str] = None, code: Optional[str] = None) -> Entity:
        probe = Entity(kind, name, subtype, code=code)
        entity = self.entities.get(probe.key)
        if entity is None:
            entity = self.entities[probe.key] = probe
        elif subtype and not entity.subtype:
            entity.subtype = subtype
        return entity

    def note_mention(self, article_id: str, entity: Entity) -> None:
        entity.mentions[article_id] = entity.mentions.get(article_id, 0) + 1
        keys = self.mentions.setdefault(article_id, [])
        if entity.key not in keys:
            keys.append(entity.key)


@dataclass
class Scope:
    """What an article is about, for resolving abbreviations: its places by level word."""

    page_place: Optional[Division]
    places: Dict[str, List[Division]] = field(default_factory=dict)  # level word → divisions named

    ancestors: List[Division] = field(default_factory=list)  # of the page place

    def place_for(self, level_word: str) -> Optional[Division]:
        named = self.places.get(level_word, [])
        if len(named) == 1:
            return named[0]
        for place in ([self.page_place] if self.page_place else []) + self.ancestors:
            if place.name.endswith(level_word):
                return place
        return None


_CLOSING = re.compile(r"[”」』’\"](?!.*[”」』’\"])")


def programme_core(text: str) -> str:
    """A programme's identity: its quoted name with what is written against it,
    without the cue words after it (“和合无讼”品牌 → 和合无讼, 科技“突围” → 科技突围)."""
    if text.startswith("《"):
        return strip_quotes(text)
    closing = _CLOSING.search(text)
    if closing and closing.end() < len(text):
        return strip_quotes(text[: closing.end()])
    return strip_quotes(text)


def _level_word(name: str) -> str:
    for word in OWN_DIVISION_LEVELS:
        if name.endswith(word):
            return word
    return ""


class Resolver:
    def __init__(self, gazetteer: Optional[Gazetteer] = None):
        self.gazetteer = gazetteer or default_gazetteer()

    def scope(self, extraction: Extraction) -> Scope:
        article = extraction.article
        page_place = self.gazetteer.find(article.place) if article.place else None
        scope = Scope(page_place, ancestors=self.gazetteer.ancestors(page_place) if page_place else [])
        seen = set()
        for mention in extraction.mentions + extraction.embedded_places:
            if mention.type == "Place" and mention.kb_id and mention.kb_id not in seen:
                division = self.gazetteer.by_id.get(mention.kb_id)
                if division is not None:
                    seen.add(division.id)
                    scope.places.setdefault(_level_word(division.name), []).append(division)
        return scope

    def place_division(self, mention: Mention, scope: Scope) -> Optional[Division]:
        if mention.kb_id:
            return self.gazetteer.by_id.get(mention.kb_id)
        deictic = DEICTIC.match(mention.text)
        if deictic:
            return scope.place_for(deictic.group(1))
        return self.gazetteer.find_in_scope(mention.text, scope.page_place)

    def canonical(self, mention: Mention, scope: Scope) -> Tuple[str, Optional[Division]]:
        text = mention.text.strip()
        if mention.type == "Place":
            if text in OWN_COUNTRY:
                return COUNTRY, None
            division = self.place_division(mention, scope)
            if division is not None:
                return division.name, division
            return text, None
        if mention.type == "Programme":
            return programme_core(text), None
        if mention.type == "Organisation":
            prefix = LEVEL_PREFIX.match(text)
            if prefix:
                place = scope.place_for(prefix.group(1))
                if place is not None:
                    return place.name + text[prefix.end() :], place
        return text, None


def _abbreviates(short: str, full: str) -> bool:
    """Is ``short`` an abbreviation of ``full``: same first and last character, its characters in order,
    and at least one character left out from the middle (林草局 of 林业和草原局, 发改委 of 发展和改革委员会)."""
    if not (3 <= len(short) < len(full)) or short[0] != full[0] or short[-1] != full[-1] or short in full:
        return False
    position = 0
    for ch in short:
        position = full.find(ch, position)
        if position < 0:
            return False
        position += 1
    return True


def _short_form_targets(mentions: List[Mention], place_prefixed=None) -> Dict[str, str]:
    """Short organisation names that stand for exactly one full name in the article:
    part of a company name (星河 → 内蒙古星河新材料有限公司), or the bare head
    of a longer name (妇联 → 巴彦毛都苏木妇联, 中心 → 奈曼旗融媒体中心)."""
    names = {m.canonical for m in mentions if m.type == "Organisation" and m.canonical}
    companies = {n for n in names if LEGAL_SUFFIX.search(n)}
    targets: Dict[str, str] = {}
    for name in names:
        if len(name) < 2:
            continue
        if name not in companies:
            containing = [f for f in companies if name in f and f != name]
            if len(containing) == 1:
                targets[name] = containing[0]
                continue
        official = [f for f in names if f != name and OFFICIAL_INFIX.search(f) and OFFICIAL_INFIX.sub("", f).endswith(name)]
        if len(official) == 1:  # 松山区法院 → (内蒙古自治区赤峰市)松山区人民法院
            targets[name] = official[0]
            continue
        # 潞城区委 is the district's own committee, not an abbreviation of 潞城区政法委
        own_body = place_prefixed is not None and place_prefixed(name[:-1])
        abbreviated = [f for f in names if f != name and _abbreviates(name, f)] if not own_body else []
        if len(abbreviated) == 1:  # 鄂尔多斯市林草局 → 鄂尔多斯市林业和草原局
            targets[name] = abbreviated[0]
            continue
        headed = [f for f in names if f.endswith(name) and f != name]
        if len(name) <= 4 and len(headed) == 1:
            targets[name] = headed[0]
        elif headed and place_prefixed is not None:
            # 元宝山区政务服务局 and 赤峰市元宝山区政务服务局: the same body, with and without its city
            prefixed = [f for f in headed if place_prefixed(f[: -len(name)])]
            if len(prefixed) == 1:
                targets[name] = prefixed[0]
    return targets


def _name_committee_departments(mentions: List[Mention], text: str, names_a_place) -> None:
    """某县委常委、宣传部部长: a bare department named right after a standing membership of a party
    committee is that committee's department (宣传部 → 南华县委宣传部). A body with a place of its own
    (通辽市委常委、科尔沁区委书记) is left as it is."""
    organisations = sorted((m for m in mentions if m.type == "Organisation" and m.canonical), key=lambda m: m.start)
    for committee, department in zip(organisations, organisations[1:]):
        if (committee.canonical.endswith("委") and STANDING_MEMBER_OF.match(text[committee.end : department.start])
                and not names_a_place(department.canonical)):
            department.canonical = committee.canonical + department.canonical


def resolve(extractions: Iterable[Extraction], gazetteer: Optional[Gazetteer] = None) -> Graph:
    """The whole build resolved in memory (small builds and tests); large builds stream
    :func:`resolve_article` results through :class:`EntityIndex` instead."""
    resolver = Resolver(gazetteer)
    index = EntityIndex()
    merged = Graph()
    for extraction in extractions:
        index.merge_into(merged, resolve_article(extraction, resolver))
    return merged


def resolve_article(extraction: Extraction, resolver: Resolver) -> Graph:
    """One article resolved on its own: its entities (with the aliases printed there) and statements.

    Identity needs no other article: an entity's key is its type and canonical name (or
    division id), so workers can resolve articles independently and the results merge by key."""
    from .derive import derive_statements

    graph = Graph()
    article = extraction.article
    graph.articles.append(article)
    scope = resolver.scope(extraction)
    divisions: Dict[int, Division] = {}
    for mention in extraction.mentions + extraction.embedded_places:
        name, division = resolver.canonical(mention, scope)
        mention.canonical = name if match_key(name) else None
        if division is not None:
            divisions[id(mention)] = division
    _name_committee_departments(extraction.mentions, article.text, lambda name: bool(resolver.gazetteer.scan(name)))
    short_forms = _short_form_targets(extraction.mentions, lambda prefix: resolver.gazetteer.find(prefix) is not None)
    resolved: Dict[int, Entity] = {}
    for mention in extraction.mentions + extraction.embedded_places:
        if mention.canonical is None:
            continue
        name = short_forms.get(mention.canonical, mention.canonical)
        division = divisions.get(id(mention)) if mention.type == "Place" else None
        entity = graph.entity(mention.type, name, mention.subtype, code=division.id if division else None)
        entity.add_alias(mention.text.strip())
        entity.add_alias(strip_quotes(mention.text.strip()))
        if article.original_script == "traditional" and article.source_text:
            start, end = article.source_span(mention.start, mention.end)
            entity.add_alias(article.source_text[start:end])  # the printed, traditional form
        if mention.canonical != name:
            entity.add_alias(mention.canonical)
        resolved[id(mention)] = entity
        graph.note_mention(article.id, entity)
    # people credited for photos or editing, and the outlets the page credits: entities, not authors
    for name, _role in article.contributors:
        graph.note_mention(article.id, graph.entity("Person", name))
    outlets = [graph.entity("Organisation", name, "MediaOrganisation") for name in article.outlets]
    for outlet in outlets:
        graph.note_mention(article.id, outlet)
    for name, _role in article.authors:
        author = graph.entity("Person", name)
        graph.note_mention(article.id, author)
        start, end = article.byline_span or (0, 0)
        source = article.source_text or ""
        graph.statements.append(
            Statement(author, "authorOf", None, article.id, source[start:end] or name, start, end, "byline", 0.95)
        )
    for relation in extraction.relations:
        subject = resolved.get(id(relation.subject))
        obj = resolved.get(id(relation.object))
        if subject is None or obj is None or subject is obj:
            continue
        start, end = article.source_span(relation.evidence.start, relation.evidence.end)
        graph.statements.append(
            Statement(
                subject, relation.predicate, obj, article.id, relation.evidence.sentence, start, end,
                relation.method, relation.confidence, relation.role, relation.amount, relation.year,
            )
        )

    def make_entity(kind, name, subtype, code):
        entity = graph.entity(kind, name, subtype, code=code)
        graph.note_mention(article.id, entity)
        return entity

    graph.statements.extend(derive_statements(extraction, resolved, divisions, resolver.gazetteer, make_entity, outlets))
    _deduplicate(graph)
    return graph


class EntityIndex:
    """What a streaming build keeps across articles: each entity's key and the subtype it was
    first given, so that later articles describe it the same way. Nothing else is kept."""

    def __init__(self) -> None:
        self.subtypes: Dict[Tuple[str, str], Optional[str]] = {}

    def __len__(self) -> int:
        return len(self.subtypes)

    def settle(self, article_graph: Graph) -> Graph:
        """Give the article's entities the build-wide subtype (the first one seen wins)."""
        for key, entity in article_graph.entities.items():
            entity.subtype = self.settle_subtype(key, entity.subtype)
        return article_graph

    def settle_subtype(self, key: Tuple[str, str], subtype: Optional[str]) -> Optional[str]:
        """The subtype an entity takes in this article, given the one the article found: the
        first subtype the build has seen for the key, else the article's own."""
        known = self.subtypes.get(key)
        if known is None:
            self.subtypes[key] = subtype
            return subtype
        return known

    def counts_by_type(self) -> Dict[str, int]:
        counts: Dict[str, int] = {}
        for kind, _ in self.subtypes:
            counts[kind] = counts.get(kind, 0) + 1
        return counts

    def merge_into(self, merged: Graph, article_graph: Graph) -> None:
        """Fold one article's graph into an in-memory build (one Entity object per key)."""
        self.settle(article_graph)
        remap: Dict[int, Entity] = {}
        for key, entity in article_graph.entities.items():
            target = merged.entities.get(key)
            if target is None:
                target = merged.entities[key] = Entity(entity.type, entity.name, entity.subtype, code=entity.code)
            for alias in entity.aliases:
                target.add_alias(alias)
            for article_id, count in entity.mentions.items():
                target.mentions[article_id] = target.mentions.get(article_id, 0) + count
            remap[id(entity)] = target
        merged.articles.extend(article_graph.articles)
        merged.mentions.update(article_graph.mentions)
        for statement in article_graph.statements:
            statement.subject = remap.get(id(statement.subject), statement.subject)
            if statement.object is not None:
                statement.object = remap.get(id(statement.object), statement.object)
            merged.statements.append(statement)


def _deduplicate(graph: Graph) -> None:
    """One statement per (article, subject, predicate, object): the most confident, earliest evidence."""
    best: Dict[tuple, Statement] = {}
    for s in graph.statements:
        ends = (s.subject.key, s.object.key if s.object else None)
        if s.predicate in SYMMETRIC:
            ends = tuple(sorted(ends, key=str))  # A partnersWith B is B partnersWith A
        key = (s.article_id, s.predicate, *ends)
        current = best.get(key)
        if current is None or (s.confidence, -s.source_start) > (current.confidence, -current.source_start):
            best[key] = s
    graph.statements = sorted(best.values(), key=lambda s: (s.article_id, s.source_start, s.predicate))
