"""implements: who carries out a programme or project. The actor is the one written right before it,
the company its name opens with, the sentence's own subject before an implementing verb (with a partner
joined by 与), or the topic carried from earlier sentences."""

from __future__ import annotations

import re
from typing import List, Optional

from spacy.tokens import Doc, Span

from .discourse import ACTORS, COUNTRIES, TARGETS, ArticleContext, EntityMention, RelationHit
from .relation_cues import RelationCues
from .relation_registry import clause_start as _clause_start, pattern, pattern_words
from .tokenizer import doc_text


@pattern("implements")
def implements_pattern(sentence: Span, ents: List[EntityMention], ctx: ArticleContext) -> List[RelationHit]:
    """Actor + implementing verb + programme/project; the actor is a place or organisation written right
    before the target (not inside a 为/在 phrase), the company the project's name opens with, or, before an
    implementing verb, the clause's own subject (with a partner joined by 与) or the topic carried from
    earlier. The parties of an agreement are left to the participation pattern."""
    hits = []
    doc = sentence.doc
    for position, target in enumerate(ents):
        if target.label_ not in TARGETS or ctx.index[target.start] in ctx.administered:
            continue
        left = ents[position - 1] if position else None
        if left is not None and left.label_ == "Programme" and re.fullmatch(r"(?:的)?项目[—－-]{1,2}[“\"]?", doc_text(doc)[left.end_char : target.start_char]):
            continue  # funded under that programme; who carries it out is not said
        if left is not None and left.label_ in ACTORS and left.end_char == target.start_char and not _inside_adverbial(doc, left):
            hits.append(ctx.hit(sentence, ctx.index[left.start], "implements", ctx.index[target.start], "pattern:actor-adjacent", 0.8))
            continue
        owner = _owner_in_name(ctx, target)
        if owner is not None:
            hits.append(ctx.hit(sentence, owner, "implements", ctx.index[target.start], "pattern:owner-in-name", 0.75))
            continue
        clause_start = max([sentence.start_char] + [m.end() + sentence.start_char for m in re.finditer(r"[。;；]", doc_text(sentence)[: target.start_char - sentence.start_char])])
        before = doc_text(doc)[clause_start : target.start_char]
        governed = _governed_by_verb(doc, before, clause_start, ents, target, ctx.cues)
        if not governed:
            continue  # a programme only mentioned, with no verb saying who carries it out
        explicit = [e for e in ents[:position] if e.start_char >= clause_start and ctx.can_act(e) and not _inside_adverbial(doc, e)]
        in_clause = [e for e in explicit if e.start_char >= _clause_start(sentence, target.start_char)]
        explicit = in_clause or explicit
        if explicit and explicit[0] in signed_before(sentence, ents, ctx, target.start_char):
            continue  # the parties to an agreement take part in what it starts (the participation pattern)
        actor = ctx.index[explicit[0].start] if explicit else ctx.topic
        method = "pattern:actor-verb-target" if explicit else "pattern:topic-verb-target"
        for each in _with_coordinated(ctx, actor):
            hits.append(ctx.hit(sentence, each, "implements", ctx.index[target.start], method, 0.75 if explicit else 0.65))
    return [h for h in hits if h]


# A、B、C四方签署合作协议, A与B签订…协议: what the agreement starts, the parties take part in
SIGNING = re.compile(rf"(?:[两三四五六七八九十0-9]+方|{pattern_words('signing_parties')})?(?:{pattern_words('signing_jointly')})?(?:{pattern_words('signing_verbs')})")


def signatories(ents: List[EntityMention], ctx: ArticleContext, cue_at: int) -> List[EntityMention]:
    """The organisations listed right before a signing cue at ``cue_at``, when there are two or more."""
    before = [e for e in ents if e.end_char <= cue_at]
    if not before or before[-1].label_ != "Organisation" or before[-1].end_char != cue_at:
        return []
    parties = [before[-1]]
    for ent in reversed(before[:-1]):
        if ent.label_ != "Organisation" or doc_text(ctx.doc)[ent.end_char : parties[0].start_char] not in ctx.cues.joiners:
            break
        parties.insert(0, ent)
    return parties if len(parties) > 1 else []


def signed_before(sentence: Span, ents: List[EntityMention], ctx: ArticleContext, position: int) -> List[EntityMention]:
    """The parties of the signing cues of the sentence written before ``position``."""
    cues = SIGNING.finditer(doc_text(ctx.doc), sentence.start_char, position)
    return [party for cue in cues for party in signatories(ents, ctx, cue.start())]


def _with_coordinated(ctx: ArticleContext, actor: Optional[int]) -> List[int]:
    """The actor and the one written after it with 与/和/同 (A与B联合打造X, A与B在…举行挂牌仪式: both carry X
    out). Not a 、 list: A、B、C四方签署协议 names the signatories, who take part rather than carry out."""
    if actor is None:
        return []
    following = actor + 1
    if following < len(ctx.ents) and ctx.ents[following].label_ in ACTORS and not ctx.framed(ctx.ents[following]):
        if doc_text(ctx.doc)[ctx.ents[actor].end_char : ctx.ents[following].start_char] in _PAIR_JOINERS:
            return [actor, following]
    return [actor]


_PAIR_JOINERS = ("与", "和", "同", "與")


def _owner_in_name(ctx: ArticleContext, project: EntityMention) -> Optional[int]:
    """The company a project's name opens with (中航某某合肥基地项目 of 中航某某科技有限公司, 某泰装备园项目 of
    某泰集团): the project is the company's own. The company's name must start with that part, or with a
    place and then that part (锦联铝材… of 内蒙古锦联铝材有限公司); a place opening both names is no owner."""
    if project.label_ != "Project":
        return None
    name = project.text.lstrip("“\"「")
    places = {e.text for e in ctx.ents if e.label_ == "Place"} | {e.text for e in ctx.doc.spans.get("embedded_places", [])}
    best: Optional[tuple] = None
    for i, ent in enumerate(ctx.ents):
        if ent.label_ != "Organisation" or ent.id_ != "Company":
            continue
        shared = 0
        for length in range(min(len(name) - 3, len(ent.text)), 1, -1):
            at = ent.text.find(name[:length])
            if at == 0 or (at > 0 and ent.text[:at] in places):
                shared = length
                break
        owned = name[:shared]
        if shared < 2 or owned in COUNTRIES or any(p.startswith(owned) or owned.startswith(p) for p in places):
            continue
        # the longest shared part, then the shortest company name (某泰集团 over 某泰新能源公司), then one named before
        rank = (shared, -(len(ent.text) - shared), ent.start_char < project.start_char)
        if best is None or rank > best[0]:
            best = (rank, i)
    return best[1] if best else None


_MEANS_AFTER = re.compile(rf"^(?:{pattern_words('means_markers')})")


def _governed_by_verb(doc: Doc, before: str, clause_start: int, ents: List[EntityMention], target: EntityMention, cues: RelationCues) -> bool:
    """An implementing verb governs the target: right before it, or before a list of
    targets that it belongs to (推动“A、B、C”); or 以X为切入点 / 通过X."""
    if _MEANS_AFTER.match(doc_text(doc)[target.end_char : target.end_char + 6]) and re.search(r"以$", before):
        return True
    if re.search(r"通过[\u4e00-\u9fff]{0,4}$", before):
        return True
    verbs = list(cues.implement_re.finditer(before))
    if not verbs:
        return False
    gap_start = clause_start + verbs[-1].end()
    gap = list(doc_text(doc)[gap_start : target.start_char])
    for other in ents:
        if other.label_ in TARGETS and gap_start <= other.start_char and other.end_char <= target.start_char:
            for i in range(other.start_char - gap_start, other.end_char - gap_start):
                gap[i] = ""
    remaining = re.sub(r"[、,，“”‘’\"「」『』和及与等]", "", "".join(gap))
    return len(remaining) <= 6


def _inside_adverbial(doc: Doc, ent: EntityMention) -> bool:
    """在霍林郭勒市, … : a place that frames the clause rather than acts in it."""
    return doc_text(doc)[max(0, ent.start_char - 1) : ent.start_char] in ("在", "于", "到", "对", "向", "为")
