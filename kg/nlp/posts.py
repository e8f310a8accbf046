"""holdsPost and leads: posts written between a body and a person, post chains, lists of people,
governments implied by a head's title, and posts introduced by an anaphor (企业负责人X)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, List, Optional

from spacy.tokens import Span

from ..lexicon import words
from .discourse import ArticleContext, EntityMention, RelationHit
from .relation_cues import RelationCues
from .tokenizer import doc_text
from .grammars import ROLE_NOUNS, _alternation
from .relation_registry import between as _between, pattern

# any …长 (关长, 馆长, 处长) is a post too
POST_CUES = tuple(r for r in ROLE_NOUNS + words("posts", "extra") if r not in words("posts", "not_posts")) + ("长",)
_POST = rf"[\u4e00-\u9fff]{{0,8}}?(?:{_alternation(POST_CUES)})"
_POSTS = rf"(?:{_POST}、)*{_POST}"
_BARE_POST = rf"副?(?:党组|党委|常务|执行|总)?副?(?:{_alternation(p for p in POST_CUES if len(p) > 1)})"
_POST_BETWEEN = re.compile(rf"^(?:的)?({_POSTS})$")
# 甲省委常委、乙市委书记X: a post, then 、 and the next body of the chain
_CHAIN_LINK = re.compile(rf"^(?:的)?({_POSTS})、$")
# 某集团董事长A、副总裁B: the next person of a list keeps the body, when the posts name no other body
_NEXT_PERSON = re.compile(rf"^[,，、]((?:{_BARE_POST}、)*{_BARE_POST})$")
_GOVERNMENT_HEAD = re.compile(rf"^(?:常务)?(?:副)?(?:{_alternation(words('posts', 'government_heads'))})$")
_GOVERNMENT = re.compile(r"^(.*?)(?:人民)?政府$")
_COMMITTEE = re.compile(r"^(.*?)(?:党委|委)$")
_LEVELS = "省市县区旗盟州镇乡"


@lru_cache(maxsize=None)
def _anaphor_before_role(cues: RelationCues) -> "re.Pattern[str]":
    """企业技术负责人 before a name: an anaphor, then a post."""
    anaphors = _alternation(a for group in cues.anaphors.values() for a in group)
    return re.compile(rf"({anaphors})([\u4e00-\u9fff]{{0,6}}?(?:{_alternation(POST_CUES)}))$")


@pattern("post")
def post_pattern(sentence: Span, ents: List[EntityMention], ctx: ArticleContext) -> List[RelationHit]:
    """ORG + post + PER (市科技局局长塔娜), with post chains over several bodies (省委常委、市委书记X),
    one post shared by coordinated bodies (A、B会长X), the next person of a list (董事长A、副总裁B),
    the government a head's title implies when it is named (县长 → 县人民政府), and
    企业/项目 + post + PER via the referent (企业生产负责人赵新旺)."""
    hits = []
    doc = sentence.doc
    body_of: Dict[int, int] = {}  # person position → position of the body of their post
    for position, person in enumerate(ents):
        if person.label_ != "Person":
            continue
        left = ents[position - 1] if position else None
        gap = _between(doc, left, person) if left is not None else ""
        if left is not None and left.label_ == "Organisation":
            match = _POST_BETWEEN.match(gap)
            if match:
                hits.extend(_posts_in_chain(sentence, ents, position, position - 1, match.group(1), ctx))
                body_of[position] = position - 1
                continue
        if left is not None and left.label_ == "Person" and position - 1 in body_of:
            match = _NEXT_PERSON.match(gap)
            if match:
                body = body_of[position - 1]
                if ents[body].label_ != "Place" and not all(_GOVERNMENT_HEAD.match(p) for p in match.group(1).split("、")):
                    hits.append(ctx.hit(sentence, ctx.index[person.start], "holdsPost", ctx.index[ents[body].start], "pattern:post-list-next-person", 0.8, role=match.group(1)))
                hits.extend(_implied_government(sentence, ents[body], person, match.group(1), ctx))
                body_of[position] = body
                continue
        if left is not None and left.label_ == "Place" and _GOVERNMENT_HEAD.match(gap):
            hits.extend(_implied_government(sentence, left, person, gap, ctx))
            continue
        if left is not None and left.label_ == "Project" and re.fullmatch(r"(?:项目)?(?:负责人|主持人|带头人|总工程师)", gap):
            hits.append(ctx.hit(sentence, ctx.index[person.start], "leads", ctx.index[left.start], "pattern:project-lead", 0.8, role="项目负责人"))
            continue
        window = doc_text(doc)[max(sentence.start_char, (left.end_char if left is not None else 0), person.start_char - 12) : person.start_char]
        if re.search(r"项目(?:负责人|主持人|带头人)$", window):
            project = ctx.recent(person.start_char, ("Project",))
            if project is not None:
                hits.append(ctx.hit(sentence, ctx.index[person.start], "leads", project, "pattern:project-lead-anaphor", 0.7, role="项目负责人"))
            continue
        match = _anaphor_before_role(ctx.cues).search(window)
        if match and match.group(1) not in ("我们",) and ctx.standalone(doc_text(doc)[: person.start_char - len(window) + match.start()]):
            referent = ctx.referent(match.group(1), person.start_char)
            if referent is not None and ctx.ents[referent].label_ == "Organisation":
                hits.append(ctx.hit(sentence, ctx.index[person.start], "holdsPost", referent, "pattern:anaphor-post-person", 0.7, role=match.group(2)))
    return [h for h in hits if h]


def _posts_in_chain(sentence: Span, ents: List[EntityMention], person_at: int, body_at: int, role: str, ctx: ArticleContext) -> List[Optional[RelationHit]]:
    """The post next to the person, then leftwards: 甲省委常委、乙市委书记X gives 常委 of 甲省委;
    A、B会长X gives 会长 of A as well as B."""
    person, doc = ents[person_at], sentence.doc
    hits = [ctx.hit(sentence, ctx.index[person.start], "holdsPost", ctx.index[ents[body_at].start], "pattern:org-post-person", 0.9, role=role)]
    hits.extend(_implied_government(sentence, ents[body_at], person, role, ctx))
    shared_role = role
    while body_at > 0 and ents[body_at - 1].label_ == "Organisation":
        previous, link = ents[body_at - 1], _between(doc, ents[body_at - 1], ents[body_at])
        chained = _CHAIN_LINK.match(link)
        if chained:
            shared_role = chained.group(1)
            hits.append(ctx.hit(sentence, ctx.index[person.start], "holdsPost", ctx.index[previous.start], "pattern:post-chain", 0.8, role=shared_role))
            hits.extend(_implied_government(sentence, previous, person, shared_role, ctx))
        elif link in ("、", "和", "及"):
            hits.append(ctx.hit(sentence, ctx.index[person.start], "holdsPost", ctx.index[previous.start], "pattern:shared-post", 0.75, role=shared_role))
        else:
            break
        body_at -= 1
    return hits


def _implied_government(sentence: Span, body: EntityMention, person: EntityMention, role: str, ctx: ArticleContext) -> List[Optional[RelationHit]]:
    """县委副书记、县长X or 和林格尔县副县长X: the head's title implies the government of that place,
    linked only when the article names that government."""
    heads = [item for item in role.split("、") if _GOVERNMENT_HEAD.match(item)]
    if not heads:
        return []
    if body.label_ == "Place":
        place = body.text
    else:
        committee = _COMMITTEE.match(body.text)
        if not committee or _GOVERNMENT.match(body.text):
            return []  # the body itself is the government, or not a committee of a place
        place = committee.group(1)
    government = _named_government(ctx, place, person.start_char)
    if government is None:
        return []
    return [ctx.hit(sentence, ctx.index[person.start], "holdsPost", government, "pattern:implied-government", 0.7, role=heads[-1])]


def _named_government(ctx: ArticleContext, place: str, near: int) -> Optional[int]:
    """The government of ``place`` named in the article (和林格尔县人民政府, 县政府), the closest mention first."""
    found = []
    for i, ent in enumerate(ctx.ents):
        match = _GOVERNMENT.match(ent.text) if ent.label_ == "Organisation" else None
        if match and _same_place(match.group(1), place):
            found.append((abs(ent.start_char - near), i))
    return min(found)[1] if found else None


def _same_place(a: str, b: str) -> bool:
    """和林格尔县 / 县 / 和林格尔; 苏州市 / 苏州: the same place as far as a name can say."""
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    if len(short) == 1:
        return short in _LEVELS and long.endswith(short)
    return long.startswith(short) and (len(long) == len(short) or long[len(short):] in _LEVELS)
