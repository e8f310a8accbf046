"""Relations that follow from names and the gazetteer rather than from a clause.

* a place printed inside a name: 内蒙古联晟新能源材料有限公司 → locatedIn 内蒙古自治区;
* a place-prefixed abbreviation: 市科技局 (→ 通辽市科技局) → locatedIn 通辽市;
* the division hierarchy, between places named in the same article:
  霍林郭勒市 → locatedIn 通辽市 when both appear (the nearest named ancestor);
* a sub-unit named after its parent: 通辽市法院第八党支部 → subOrganisationOf 通辽市法院;
* a post in a body's party committee is a post in the body: X党委副书记 → holdsPost X.
"""

from __future__ import annotations

import bisect
import re
from typing import Callable, Dict, List, Optional

from .extract import Extraction
from .gazetteer import Division, Gazetteer
from .model import Entity, Mention, Statement
from .nlp.grammars import organisation_subtype

SUB_UNIT = re.compile(r"^(.{2,}?(?:法院|检察院|政府|局|委员会|委|公司|集团|医院|学校|大学|中心|银行))(第[一二三四五六七八九十0-9]+(?:党支部|支部|党小组)|党支部|党委|分公司|分行|支行)$")


PARTY_COMMITTEE = re.compile(r"^(.{2,}?)(党委|党组)$")
LOCATABLE = ("Organisation", "Project", "Place")


class _Sentences:
    def __init__(self, extraction: Extraction):
        self.spans = sorted(extraction.sentences) or [(0, len(extraction.article.text))]
        self.starts = [s for s, _ in self.spans]
        self.article = extraction.article

    def around(self, offset: int):
        index = max(0, bisect.bisect_right(self.starts, offset) - 1)
        start, end = self.spans[index]
        text = self.article.text[start:end].strip()
        source_start, source_end = self.article.source_span(start, end)
        return text, source_start, source_end


def derive_statements(
    extraction: Extraction,
    resolved: Dict[int, Entity],
    divisions: Dict[int, Division],
    gazetteer: Gazetteer,
    make_entity: Callable[..., Entity],
) -> List[Statement]:
    """``make_entity(kind, name, subtype, code)`` registers an entity the names imply (a parent court, a province)."""
    article = extraction.article
    sentences = _Sentences(extraction)
    out: List[Statement] = []

    def add(subject: Entity, predicate: str, obj: Entity, offset: int, method: str, confidence: float, role: Optional[str] = None) -> None:
        if subject is obj or subject.key == obj.key:
            return
        text, start, end = sentences.around(offset)
        out.append(Statement(subject, predicate, obj, article.id, text, start, end, method, confidence, role))

    # places inside names: each is located in by the smallest name around it
    for place in extraction.embedded_places:
        place_entity = resolved.get(id(place))
        container = _container(extraction.mentions + extraction.embedded_places, place)
        container_entity = resolved.get(id(container)) if container else None
        if place_entity and container_entity and container_entity.type in LOCATABLE:
            add(container_entity, "locatedIn", place_entity, place.start, "name:embedded-place", 0.85)

    # abbreviations resolved against a place in scope
    for mention in extraction.mentions:
        division = divisions.get(id(mention))
        entity = resolved.get(id(mention))
        if mention.type == "Organisation" and division is not None and entity is not None:
            place = _place_entity(resolved, division, make_entity)
            sub_unit = SUB_UNIT.match(entity.name)
            if sub_unit:  # 市法院第八党支部: it is the court that is in the city
                entity = _find_or_make_parent(resolved, sub_unit.group(1), make_entity)
            add(entity, "locatedIn", place, mention.start, "name:place-prefix", 0.85)

    # the division hierarchy among places named in this article
    named: Dict[str, Mention] = {}
    for mention in extraction.mentions + extraction.embedded_places:
        division = divisions.get(id(mention))
        if mention.type == "Place" and division is not None and division.id not in named:
            named[division.id] = mention
    for division_id, mention in named.items():
        division = gazetteer.by_id[division_id]
        for ancestor in gazetteer.ancestors(division):
            if ancestor.id in named:
                child, parent = resolved.get(id(mention)), resolved.get(id(named[ancestor.id]))
                if child and parent:
                    add(child, "locatedIn", parent, mention.start, "gazetteer:hierarchy", 0.9)
                break

    # a post in a body's party committee or party group is a post in the body (天津食品集团党委副书记)
    named_organisations = {e.name: e for e in resolved.values() if e.type == "Organisation"}
    for relation in extraction.relations:
        body = resolved.get(id(relation.object))
        person = resolved.get(id(relation.subject))
        if relation.predicate != "holdsPost" or body is None or person is None:
            continue
        party = PARTY_COMMITTEE.match(body.name)
        parent = named_organisations.get(party.group(1)) if party else None
        if parent is not None:
            role = f"{party.group(2)}{relation.role}" if relation.role else None
            add(person, "holdsPost", parent, relation.evidence.start, "name:party-committee-of-body", 0.75, role=role)

    # sub-units named after their parent organisation
    for mention in extraction.mentions:
        entity = resolved.get(id(mention))
        if mention.type != "Organisation" or entity is None:
            continue
        match = SUB_UNIT.match(entity.name)
        if match:
            parent_name = match.group(1)
            parent = _find_or_make_parent(resolved, parent_name, make_entity)
            if parent is not None:
                add(entity, "subOrganisationOf", parent, mention.start, "name:sub-unit", 0.85)
    return out


def _container(mentions: List[Mention], inner: Mention) -> Optional[Mention]:
    around = [m for m in mentions if m.start <= inner.start and inner.end <= m.end and (m.start, m.end) != (inner.start, inner.end)]
    return min(around, key=lambda m: m.end - m.start) if around else None


def _place_entity(resolved: Dict[int, Entity], division: Division, make_entity) -> Entity:
    for entity in resolved.values():
        if entity.type == "Place" and entity.code == division.id:
            return entity
    return make_entity("Place", division.name, "AdministrativeArea", division.id)


def _find_or_make_parent(resolved: Dict[int, Entity], name: str, make_entity) -> Entity:
    for entity in resolved.values():
        if entity.type == "Organisation" and name in (entity.name, *entity.aliases):
            return entity
    return make_entity("Organisation", name, organisation_subtype(name) or None, None)
