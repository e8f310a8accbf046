"""Relations that follow from names and the gazetteer rather than from a clause.

* a place printed inside a name: 内蒙古远联新材料有限公司 → locatedIn 内蒙古自治区 (the most specific);
* a place-prefixed abbreviation: 市科技局 (→ 通辽市科技局) → locatedIn 通辽市;
* the division hierarchy, between places named in the same article:
  霍林郭勒市 → locatedIn 通辽市 when both appear (the nearest named ancestor);
  a country named on its own (中国与…) is the ancestor of a division with no named ancestor;
* an address written out: 新民镇龙丰村 → 龙丰村 locatedIn 新民镇, 新西兰北岛 → 北岛 locatedIn 新西兰, for
  places the gazetteer lacks;
* a unit named after its body: 通辽市法院第八党支部 → subOrganisationOf 通辽市法院, 南华县委宣传部 →
  南华县委, 中国建设银行通辽分行 → 中国建设银行;
* a post in a body's party committee is a post in the body: X党委副书记 → holdsPost X.

The place inside a name is any place of the article (sites and foreign places too), not only the
gazetteer's: 烟台高新区福山园工委 → 烟台高新区福山园, 新西兰交通部 → 新西兰.
"""

from __future__ import annotations

import bisect
import itertools
import re
from typing import TYPE_CHECKING, Callable, Dict, Iterable, Iterator, List, Optional, Sequence

import rjieba

from .gazetteer import Division, Gazetteer
from .model import Entity, Statement
from .lexicon import words
from .nlp.discourse import COUNTRIES, country_stands_alone
from .nlp.cues import alternation
from .nlp.grammars import _alternation, organisation_subtype

if TYPE_CHECKING:  # a type only: importing extraction loads spaCy
    from .extract import Extraction

SUB_UNIT = re.compile(r"^(.{2,}?(?:法院|检察院|政府|局|委员会|委|公司|集团|医院|学校|大学|中心|银行))(第[一二三四五六七八九十0-9]+(?:党支部|支部|党小组)|党支部|党委|分公司|分行|支行)$")


PARTY_COMMITTEE = re.compile(r"^(.{2,}?)(党委|党组)$")
SUB_UNIT_TAIL = re.compile(rf"^[\u4e00-\u9fff]{{0,16}}?(?:第[一二三四五六七八九十0-9]+)?(?:{_alternation(words('sub_units', 'heads'))})$")
LEGAL_FORM = re.compile(r"^(?:股份)?(?:有限责任|有限)?公司$|^股份")
_DETERMINERS = alternation(words("divisions", "own_determiners") + words("divisions", "anaphoric_determiners"))
DEICTIC_BODY = re.compile(rf"^(?:{_DETERMINERS})?(?:{alternation(words('divisions', 'deictic_body_levels'))})[\u4e00-\u9fff]{{0,2}}$")
LOCATABLE = ("Organisation", "Project", "Place")
NATIONAL = frozenset(words("divisions", "national_names"))
OWN_COUNTRY = frozenset(words("divisions", "own_country"))  # 我国: a word of its own, never the head of a name
# rivers, lakes and mountains are places but contain nothing: a river in a company's name locates nothing
NATURAL_FEATURE = re.compile(f"(?:{alternation(words('divisions', 'natural_feature_endings'))})$")


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
    outlets: Sequence[Entity] = (),
) -> List[Statement]:
    """``make_entity(kind, name, subtype, code)`` registers an entity the names imply (a parent court, a province);
    ``outlets`` are the media the page credits as its source, printed outside the article's text."""
    article = extraction.article
    sentences = _Sentences(extraction)
    out: List[Statement] = []

    def add(subject: Entity, predicate: str, obj: Entity, offset: int, method: str, confidence: float, role: Optional[str] = None) -> None:
        if subject is obj or subject.key == obj.key:
            return
        text, start, end = sentences.around(offset)
        out.append(Statement(subject, predicate, obj, article.id, text, start, end, method, confidence, role))

    entities = _unique(resolved.values())
    first_offset = _first_offsets(extraction, resolved)

    # a proper place name printed inside a name: located in the most specific one
    placed_by_name = set()
    credited_only = [outlet for outlet in _unique(outlets) if outlet.key not in first_offset]  # not in the text
    credited_keys = {outlet.key for outlet in credited_only}
    for entity, place in _places_in_names(entities + credited_only, gazetteer):
        if entity.key in credited_keys:
            out.append(_credit_statement(article, entity, place))  # 来源:上海证券报, a line the text drops
        else:
            add(entity, "locatedIn", place, first_offset.get(entity.key, 0), "name:embedded-place", 0.85)
        placed_by_name.add(entity.key)

    # abbreviations resolved against a place in scope
    abbreviated_places: Dict[str, tuple] = {}  # division id → (place, offset): 自治区党委 names 内蒙古自治区
    for mention in extraction.mentions:
        division = divisions.get(id(mention))
        entity = resolved.get(id(mention))
        if mention.type == "Organisation" and division is not None and entity is not None:
            place = _place_entity(resolved, division, make_entity)
            abbreviated_places.setdefault(division.id, (place, mention.start))
            sub_unit = SUB_UNIT.match(entity.name)
            if sub_unit:  # 市法院第八党支部: it is the court that is in the city
                entity = _find_or_make_parent(resolved, sub_unit.group(1), make_entity)
            add(entity, "locatedIn", place, mention.start, "name:place-prefix", 0.85)

    # the division hierarchy among places named in this article, the abbreviated ones included (the
    # 自治区 of 自治区党委 is a mention of the region); a country named in the article is the nearest
    # ancestor of a division none of whose ancestors is named
    named: Dict[str, tuple] = {}  # division id → (place, offset of its first mention)
    for mention in extraction.mentions + extraction.embedded_places:
        division, place = divisions.get(id(mention)), resolved.get(id(mention))
        if mention.type == "Place" and division is not None and place is not None and division.id not in named:
            named[division.id] = (place, mention.start)
    for division_id, named_place in abbreviated_places.items():
        named.setdefault(division_id, named_place)
    country = _country_named(extraction, resolved)
    for division_id, (child, offset) in named.items():
        for ancestor in gazetteer.ancestors(gazetteer.by_id[division_id]):
            if ancestor.id in named:
                add(child, "locatedIn", named[ancestor.id][0], offset, "gazetteer:hierarchy", 0.9)
                break
        else:
            if country is not None:
                add(child, "locatedIn", country, offset, "gazetteer:hierarchy-country", 0.85)

    # an address written out: 新民镇龙丰村, 成家川街道天脊社区, 新西兰北岛 (a place the gazetteer does not
    # place); a site before it (某高新区|福山园) places it besides the division its own name gives
    places = sorted((m for m in extraction.mentions if m.type == "Place"), key=lambda m: m.start)
    for outer, inner in zip(places, places[1:]):
        outer_entity, inner_entity = resolved.get(id(outer)), resolved.get(id(inner))
        if (outer.end == inner.start and outer_entity and inner_entity and id(inner) not in divisions
                and (inner_entity.key not in placed_by_name or outer_entity.code is None)
                and inner_entity.name not in COUNTRIES and outer_entity.name not in COUNTRIES):  # 中国|某某园: a name
            add(inner_entity, "locatedIn", outer_entity, inner.start, "text:address-chain", 0.8)

    # a post in a body's party committee or party group is a post in the body (天津食品集团党委副书记)
    # by printed forms too (中航某某党委 of 中航某某科技有限公司, printed 中航某某); full names win
    named_organisations = {name: e for e in resolved.values() if e.type == "Organisation" for name in e.aliases}
    named_organisations.update((e.name, e) for e in resolved.values() if e.type == "Organisation")
    for relation in extraction.relations:
        body = resolved.get(id(relation.object))
        person = resolved.get(id(relation.subject))
        if relation.predicate != "holdsPost" or body is None or person is None:
            continue
        party = PARTY_COMMITTEE.match(body.name)
        parent = named_organisations.get(party.group(1)) if party else None
        if parent is None and party and organisation_subtype(party.group(1)):
            parent = _find_or_make_parent(resolved, party.group(1), make_entity)  # named in the committee's name
        if parent is not None:
            role = f"{party.group(2)}{relation.role}" if relation.role else None
            add(person, "holdsPost", parent, relation.evidence.start, "name:party-committee-of-body", 0.75, role=role)

    # sub-units named after their parent: 市法院第八党支部, 中国建设银行通辽分行, 南华县委宣传部
    implied: List[Entity] = []
    for mention in extraction.mentions:
        entity = resolved.get(id(mention))
        if mention.type != "Organisation" or entity is None:
            continue
        parent_name = _parent_name(entity.name, named_organisations)
        if parent_name is not None:
            parent = _find_or_make_parent(resolved, parent_name, make_entity)
            add(entity, "subOrganisationOf", parent, mention.start, "name:sub-unit", 0.85)
            if parent.key not in first_offset:  # a body only the unit's name implies: place it by its name too
                first_offset[parent.key] = mention.start
                implied.append(parent)

    places = [e for e in entities if e.type == "Place"]
    for entity, place in _places_in_names(places + _unique(implied), gazetteer):
        if entity.type != "Place":
            add(entity, "locatedIn", place, first_offset[entity.key], "name:embedded-place", 0.85)
    return out


def _credit_statement(article, outlet: Entity, place: Entity) -> Statement:
    """The outlet's name as printed in the page's source credit is the evidence of where it is."""
    start = (article.source_text or "").find(outlet.name)
    start, end = (start, start + len(outlet.name)) if start >= 0 else (0, 0)
    return Statement(outlet, "locatedIn", place, article.id, outlet.name, start, end, "name:embedded-place", 0.85)


def _unique(entities: Iterable[Entity]) -> List[Entity]:
    seen: Dict[tuple, Entity] = {}
    for entity in entities:
        seen.setdefault(entity.key, entity)
    return list(seen.values())


def _first_offsets(extraction: Extraction, resolved: Dict[int, Entity]) -> Dict[tuple, int]:
    offsets: Dict[tuple, int] = {}
    for mention in extraction.mentions:
        entity = resolved.get(id(mention))
        if entity is not None:
            offsets.setdefault(entity.key, mention.start)
    return offsets


def _country_named(extraction: Extraction, resolved: Dict[int, Entity]) -> Optional[Entity]:
    """中国 written as a place of its own (中国与葡语国家, 中国内地) or as 我国, not as the first word of
    a name (中国中车, 中国乳业产业园, 第三届中国某地·新材料论坛)."""
    text = extraction.article.text
    for mention in extraction.mentions:
        if mention.type != "Place" or id(mention) not in resolved:
            continue
        if mention.text in OWN_COUNTRY or (mention.text in COUNTRIES and country_stands_alone(text[mention.end : mention.end + 2])):
            return resolved[id(mention)]
    return None


def _places_in_names(entities: List[Entity], gazetteer: Gazetteer) -> Iterator[tuple]:
    """(entity, place) for each organisation, project or site whose canonical name contains the name, a
    printed form or the gazetteer short form (吉安 of 吉安市) of a place of the article. The place written
    last (and longest) is the most specific (烟台高新区福山园工委 → 烟台高新区福山园, not 烟台市). A site
    written before that place, when that place is a division, is not known to lie in it or around it, so
    both are given (中国乳业产业园和林格尔…项目 → 中国乳业产业园 and 和林格尔县).
    National prefixes (中国, 国家) give none."""
    places = [e for e in entities if e.type == "Place" and (e.code is not None or not NATURAL_FEATURE.search(e.name))]
    written = []  # (place, its key, the names it may be written under): made once, not once per entity
    for place in places:
        division = gazetteer.by_id.get(place.code) if place.code else None
        short = {division.short} if division is not None and division.short else set()
        labels = [label for label in {place.name, *place.aliases} | short if len(label) >= 2 and label not in NATIONAL]
        written.append((place, place.key, labels))
    for entity in entities:
        if entity.type not in ("Organisation", "Project") and not (entity.type == "Place" and entity.code is None):
            continue
        found = {}  # place key → ((end, length), start, place): the place's last and longest occurrence
        entity_key = entity.key
        for place, key, labels in written:
            if key == entity_key:
                continue
            for label in labels:
                if label == entity.name:
                    continue
                at = entity.name.rfind(label)
                if at >= 0 and (key not in found or (at + len(label), len(label)) > found[key][0]):
                    found[key] = ((at + len(label), len(label)), at, place)
        if not found:
            continue
        _, best_start, best = max(found.values(), key=lambda item: item[0])
        yield entity, best
        if best.code is None:
            continue
        spans = [(start, end) for (end, _), start, _ in found.values()]
        for (end, _), start, place in found.values():
            inside_another = any(s <= start and end <= e and (s, e) != (start, end) for s, e in spans)
            if place.code is None and end <= best_start and not inside_another:
                yield entity, place


def _parent_name(name: str, named: Dict[str, Entity]) -> Optional[str]:
    """The body a unit is named after: the longest proper prefix that is an organisation of the article,
    else the longest that ends in an organisation head (法院, 银行, 大学, 委), provided what follows is a
    unit head (分行, 学院, 宣传部, 第八党支部), the cut falls between words (江南街道办事处|司法所, not
    江南街道办|事处司法所) and what follows is not a legal form (远联能源集团股份有限公司 is one company)."""
    best = None
    boundaries = set(itertools.accumulate(len(word) for word in rjieba.cut(name)))
    for cut in range(len(name) - 1, 1, -1):
        head, tail = name[:cut], name[cut:]
        if cut not in boundaries or not SUB_UNIT_TAIL.match(tail) or LEGAL_FORM.match(tail):
            continue
        if head in named:
            return head
        if best is None and len(head) >= 4 and organisation_subtype(head) is not None and not DEICTIC_BODY.match(head):
            best = head
    return best


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
