"""Cue grammars for the entity types the public corpora never annotate.

Each grammar is a function ``(text, cues) -> iterable of Candidate`` over the
(half-width normalised) article text; ``cues`` holds the word lists of
``kg/lexicon`` (:mod:`kg.nlp.cues`). They key on cue words, suffixes and
punctuation, never on particular names:

* programmes: quoted names with a programme cue up to fourteen characters on
  (“X”活动, “X”…服务体系), quoted names governed by a programme verb (开展/推行 “X”),
  quoted lists (“A、B”; not lists of qualities), unquoted verb + noun phrase +
  programme head (推行X模式, 建立X机制), zones carried out (推进X示范区建设),
  numbered hotlines (12345…热线) and national strategies named in the lexicon;
* policy documents: 《…方案》, 《…协议》;
* projects: …项目/工程/改造 with their qualifiers, a quoted name that is a verb's
  object before 项目, and members of an enumeration closed by 等…项目;
* products: objects of making verbs near a maker (加工成/转化为/用于…制造), objects of
  生产/年产/下线 closed by a quantity, what a company exports or supplies, lists
  after 从事, quoted runs closed by 等…产品;
* organisations, people and places: :mod:`kg.nlp.name_grammars`.

``ROLE_NOUNS`` and ``SPEECH_VERBS`` are the default lexicons' lists, exported for
the relation patterns.
"""

from __future__ import annotations

import itertools
import re
from typing import Iterable, List, Optional

import rjieba

from ..gazetteer import default_gazetteer
from . import name_grammars
from .cues import CJK, CLOSE_QUOTES, OPEN_QUOTES, Candidate, Cues, alternation, default_cues
from .heads import ORGANISATION_HEADS, PLACE_HEADS, _alternation, organisation_subtype, place_subtype  # noqa: F401  (re-exported)

ROLE_NOUNS = default_cues().role_nouns
SPEECH_VERBS = default_cues().speech_verbs
named_after_place_candidates = name_grammars.named_after_place_candidates

# --------------------------------------------------------------------------
# programmes

_QUOTED = re.compile(rf"[{OPEN_QUOTES}]([^{OPEN_QUOTES}{CLOSE_QUOTES}\n]{{1,30}})[{CLOSE_QUOTES}]")
_GENERIC_MODIFIERS = re.compile(r"[的了在是为将把]")


def _adjacent(a, b) -> bool:
    return b.start() in (a.end(), a.end() + 1) and (b.start() == a.end() or a.string[a.end()] in "、,， ")


def _quote_runs(quotes) -> List[List]:
    runs: List[List] = []
    for match in quotes:
        if runs and _adjacent(runs[-1][-1], match):
            runs[-1].append(match)
        else:
            runs.append([match])
    return runs


def _cue_after(text: str, position: int, cues: Cues) -> Optional[str]:
    match = cues.quoted_programme_cue.match(text, position)
    if not match or _GENERIC_MODIFIERS.search(match.group()):
        return None
    return match.group()


def _attached_noun(text: str, position: int, cues: Cues) -> str:
    """The common noun written against a quote (科技“突围”, 新能源“飞地经济”), or ""."""
    clause = re.split(rf"[^{CJK}]", text[max(0, position - 12) : position])[-1]
    if not clause:
        return ""
    word, tag = rjieba.tag(clause)[-1]
    return word if tag == "n" and len(word) >= 2 and not cues.not_in_name.search(word) else ""


def _names_a_project(text: str, run) -> bool:
    """“X”高产试验项目, “X”等多个项目: a quoted name standing alone before 项目 is a project."""
    return bool(re.match(rf"(?:[{CJK}0-9]{{0,10}}|等[{CJK}]{{0,4}})项目", text[run[-1].end() :])) and _after_verb(
        text, run[0].start()
    )


def _after_verb(text: str, position: int) -> bool:
    """Is the quote the object of a verb (建设“X”, 争取到“X”, 完成了“X”), not written against a noun
    or a possessive (科技‘突围’的‘揭榜挂帅’项目: the programme the projects belong to)?"""
    clause = re.split(rf"[^{CJK}]", text[max(0, position - 12) : position])[-1]
    if not clause:
        return False
    word, tag = rjieba.tag(clause)[-1]
    return tag.startswith("v") or word in ("了", "过")


def _governed(text: str, position: int, cues: Cues) -> Optional[int]:
    """A programme verb right before the name, allowing a short modifier (推出个体“蒙信贷”): where the
    modifier starts (the verb's end), or None."""
    window = max(0, position - 12)
    match = re.search(rf"(?:{cues.programme_verbs_re})([{CJK}]{{0,4}})$", text[window:position])
    return window + match.start(1) if match else None


def _numbered_slogan(text: str, quote, cues: Cues) -> Optional[int]:
    """Where a numbered slogan in quotes ends (“四个合格”, “十大”攻坚战: a count of what is carried out), or None.
    A bare count (“十大”) takes the noun written after it, up to a function character or punctuation."""
    classifiers = cues.chars("programme_heads", "numbered_slogan_classifiers")
    opening = re.match(rf"[0-9一二三四五六七八九十两百]+{classifiers}", quote.group(1))
    if not opening:
        return None
    if re.search(rf"[{CJK}]", quote.group(1)[opening.end() :]):
        return quote.end()
    tail = re.match(rf"[{CJK}]{{2,8}}?(?=[^{CJK}]|{cues.chars('name_stops', 'characters')})", text[quote.end() :])
    return quote.end() + tail.end() if tail else None


def programme_candidates(text: str, cues: Optional[Cues] = None) -> Iterable[Candidate]:
    cues = cues or default_cues()
    for run in _quote_runs(list(_QUOTED.finditer(text))):
        slogan_end = _numbered_slogan(text, run[0], cues) if len(run) == 1 and not _names_a_project(text, run) else None
        if slogan_end is not None:
            yield Candidate(run[0].start(), slogan_end, "Programme", None, "rule:numbered-slogan", 3)
            continue
        inner_texts = [m.group(1) for m in run]
        last = run[-1]
        cue = _cue_after(text, last.end(), cues)
        # a quoted number is a name only with a programme head after it (“1114”工程)
        if not all(re.search(rf"[{CJK}]|[+＋]", t) or (cue and len(run) == 1 and t.isdigit()) for t in inner_texts):
            continue
        modifier_start = _governed(text, run[0].start(), cues)
        governed = modifier_start is not None
        # a quoted name inside a word: 科技“突围”, 科技‘突围’的‘揭榜挂帅’项目
        attached = run[0].start() > 0 and re.match(rf"[{CJK}]", text[run[0].start() - 1]) and not governed
        noun = _attached_noun(text, run[0].start(), cues) if attached else ""
        if noun and re.match(r"[0-9]", text[max(0, run[0].start() - len(noun) - 1)]):
            continue  # 24小时“不打烊”服务: the quote describes a measure, it names nothing
        # a quoted name inside a word before 项目 is the programme funding it (科技‘突围’的‘揭榜挂帅’项目);
        # standing alone it names the project itself (建设“X”项目, “X”高产试验项目: :func:`project_candidates`)
        project_cue = attached and "项目" in text[last.end() : last.end() + 12]
        if not (cue or governed or project_cue) or _names_a_project(text, run):
            continue
        for index, match in enumerate(run):
            inner = match.group(1)
            members = re.split(r"[、,，]", inner)
            if len(members) > 1 and all(len(m) <= 2 for m in members):
                break  # “高产、优质、高效”: a list of qualities, not of programmes
            if re.search(r"[、]", inner):  # “一站通办、一网通办”: each member (a comma keeps one name: “甲之区,乙新城”)
                offset = match.start() + 1
                for part in re.split(r"([、,，])", inner):
                    if part and part not in "、,，":
                        yield Candidate(offset, offset + len(part), "Programme", None, "rule:quoted-list", 3)
                    offset += len(part)
                continue
            end = match.end()
            if index == len(run) - 1 and cue and len(run) == 1:
                end += len(cue)
            start = match.start()
            if attached and index == 0:
                start -= len(noun)
            elif governed and index == 0 and len(run) == 1 and cue and not cues.not_in_name.search(text[modifier_start:start]):
                # a name going on past its quote takes the verb's short object too (开展牧民“暖心”帮扶行动,
                # but not a particle: 形成了“X”体系)
                start = modifier_start
            yield Candidate(start, end, "Programme", None, "rule:quoted-programme", 3)
    verbs, heads = cues.programme_verbs_re, cues.unquoted_programme_heads_re
    # a retrofit carried out as 工程 is a project (实施X改造工程: :func:`project_candidates`)
    retrofit = re.compile(rf"(?:{cues.project_re('retrofit_heads')})工程$")
    # four characters at least before the head: 协调机制, 产业体系 are generic
    for match in re.finditer(rf"(?:{verbs})([{CJK}0-9+·、]{{4,20}}?(?:{heads}))", text):
        phrase = match.group(1)
        if cues.not_in_name.search(phrase) or re.search(rf"[{OPEN_QUOTES}]", phrase) or phrase.startswith("、"):
            continue
        if retrofit.search(phrase):
            continue
        yield Candidate(match.start(1), match.end(1), "Programme", None, "rule:verb-programme-head", 2)
    # service hotlines: a number, a short name, 热线 (12345市民服务热线, 12368热线)
    numbered = alternation(cues.words("programme_heads", "numbered"))
    for match in re.finditer(rf"(?<![0-9])[0-9]{{5,6}}[{CJK}]{{0,10}}?(?:{numbered})", text):
        yield Candidate(match.start(), match.end(), "Programme", None, "rule:hotline", 2)
    # zones built or carried out as programmes: 建设X示范区, 推进X示范区建设
    zones = alternation(cues.words("programme_heads", "zones"))
    for match in re.finditer(rf"(?:{verbs}|建设)([{CJK}]{{4,14}}?(?:{zones}))", text):
        if not cues.not_in_name.search(match.group(1)):
            yield Candidate(match.start(1), match.end(1), "Programme", None, "rule:zone-programme", 2)
    # platforms named after a preposition of means: 通过草原法院诉调对接平台 (与/和 may join the names in it)
    openers = alternation(cues.words("programme_heads", "platform_openers"))
    platforms = alternation(cues.words("programme_heads", "platforms"))
    for match in re.finditer(rf"(?:{openers})([{CJK}]{{6,20}}?(?:{platforms}))", text):
        if not cues.not_in_name.search(match.group(1).replace("与", "").replace("和", "")):
            yield Candidate(match.start(1), match.end(1), "Programme", None, "rule:platform", 2)
    yield from _station_candidates(text, cues)
    # recurring events numbered by their edition: 第十届草原·乳业论坛
    events = alternation(cues.words("programme_heads", "events"))
    for match in re.finditer(rf"第?[一二三四五六七八九十百0-9]+届[{CJK}·]{{2,20}}?(?:{events})", text):
        yield Candidate(match.start(), match.end(), "Programme", None, "rule:event-edition", 2)
    # X改革 as the object of a preposition (以X改革为…), after a year (年X改革) or after a verb's 了
    # (汇报了X改革以来; not 发展改革委)
    for match in re.finditer(rf"(?<=[以年了])(?:{verbs})?([{CJK}]{{3,12}}改革)(?![委局办])", text):
        if not cues.not_in_name.search(match.group(1)):
            yield Candidate(match.start(1), match.end(1), "Programme", None, "rule:reform", 1)


def _station_candidates(text: str, cues: Cues) -> Iterable[Candidate]:
    """Service stations set up as a public service: 设立X服务站, X服务站建设, X服务站挂牌 (the name starts
    after the setting-up verb, or after the last function word or clause verb before it)."""
    def words(key: str) -> str:
        return alternation(cues.words("programme_heads", key))

    stations = words("stations")
    for match in re.finditer(rf"(?:{words('station_setup_verbs')})([{CJK}]{{2,8}}?(?:{stations}))", text):
        if not cues.not_in_name.search(match.group(1)):
            yield Candidate(match.start(1), match.end(1), "Programme", None, "rule:service-station", 2)
    for match in re.finditer(rf"([{CJK}]{{2,8}}?)(?:{stations})(?={words('station_followers')})", text):
        stops = list(cues.not_in_name.finditer(match.group(1)))
        start = match.start(1) + (stops[-1].end() if stops else 0)
        if match.end(1) - start >= 2:  # a name before the head, not a bare 服务站
            yield Candidate(start, match.end(), "Programme", None, "rule:service-station", 2)


def strategy_candidates(text: str, cues: Optional[Cues] = None) -> Iterable[Candidate]:
    """National strategies (乡村振兴, 城市更新), named unquoted: programmes wherever they are named."""
    strategies = alternation((cues or default_cues()).words("national_strategies", "names"))
    for match in re.finditer(strategies, text):
        yield Candidate(match.start(), match.end(), "Programme", None, "rule:national-strategy", 2)


def policy_document_candidates(text: str, cues: Optional[Cues] = None) -> Iterable[Candidate]:
    """《…实施方案》, 《…办法》: a policy document is a programme."""
    for match in (cues or default_cues()).policy_document.finditer(text):
        yield Candidate(match.start(), match.end(), "Programme", None, "rule:policy-document", 3)


# --------------------------------------------------------------------------
# projects

# a slash only inside a rate unit (260万吨/年)
_PROJECT_CHARS = rf"(?:[{CJK}0-9A-Za-z.]|/(?=[年天日]))"


def _leading_verbs(phrase: str) -> int:
    """Length of the verbs a phrase starts with (取消一般项目 → 取消)."""
    length = 0
    for word, tag in rjieba.tag(phrase):
        if not tag.startswith("v") or tag == "vn":
            break
        length += len(word)
    return length


def _name_start(text: str, start: int, cues: Cues) -> int:
    """Where a name ending at the phrase's end begins: after the last stop word in it
    (but 和 opening a place name joins nothing: 乳业产业园和林格尔…项目)."""
    stops = [m for m in cues.project_stop.finditer(text[start:]) if not _opens_place_name(text, start + m.start(), m.end() - m.start())]
    return start + (stops[-1].end() if stops else 0)


def _opens_place_name(text: str, position: int, length: int) -> bool:
    """Is the one-character stop at ``position`` the first character of a gazetteer place (和林格尔, 和田)?"""
    if length != 1:
        return False
    gazetteer = default_gazetteer()
    return any(gazetteer.find(text[position : position + n]) is not None for n in (4, 3, 2))


def _after_site_member(text: str, start: int, end: int, cues: Cues) -> int:
    """Where the project starts when a site is coordinated before it (X产业园及Y项目: after 及)."""
    members = re.compile(rf"(?:{cues.project_re('site_members')})及")
    joins = list(members.finditer(text, start, end))
    return joins[-1].end() if joins else start


def _industry_class(core: str) -> bool:
    """An industry and 产业, perhaps after a place (稀土产业项目, 某市文旅产业项目): a class of projects, not a name."""
    if not core.endswith("产业"):
        return False
    gazetteer = default_gazetteer()
    place = next((n for n in (4, 3, 2) if gazetteer.find(core[:n]) is not None), 0)
    return len(core) - place - len("产业") <= 3


def project_candidates(text: str, cues: Optional[Cues] = None) -> Iterable[Candidate]:
    cues = cues or default_cues()
    governing = re.compile(rf"(?:{cues.project_re('governing_adverbs')})?(?:{cues.project_re('governing_verbs')})+")
    counted = re.compile(rf"[0-9一二三四五六七八九十百千几]+(?:{cues.project_re('counted')})")
    ranked = re.compile(rf"(?:{cues.project_re('rank_openers')})")
    attraction = re.compile(rf"(?:{cues.project_re('attraction_verbs')})$")
    for match in re.finditer(rf"({_PROJECT_CHARS}{{2,40}}?)({cues.project_re('heads')})", text):
        start = _name_start(text[: match.start(2)], match.start(1), cues)
        # an earlier 项目 inside the phrase closes another name (该项目|一期260万吨/年项目)
        inner_head = text.rfind("项目", match.start(1), match.start(2))
        start = max(start, inner_head + len("项目")) if inner_head >= 0 else start
        start += _leading_verbs(text[start : match.start(2)])
        # the last governing verb with a name after it (推进|光伏治沙示范项目; 农田建设项目 keeps 建设)
        verbs = [m for m in governing.finditer(text, start, match.start(2)) if match.start(2) - m.end() >= 2]
        if verbs:
            start = verbs[-1].end()
        start = _after_site_member(text, start, match.start(2), cues)
        core = text[start : match.start(2)]
        if len(core) < 4 or cues.generic_project.match(core) or _industry_class(core) or counted.match(text, match.end()):
            continue
        if ranked.match(core) or attraction.search(core) or attraction.search(text, max(0, start - 2), start):
            continue
        if start > 0 and text[start - 1] in OPEN_QUOTES + CLOSE_QUOTES:
            continue
        yield Candidate(start, match.end(), "Project", None, "rule:project-suffix", 2)
    # a quoted name standing alone before 项目: 建设“X”项目, “X”高产试验项目, “X”等多个项目
    for match in re.finditer(rf"[{OPEN_QUOTES}]([^{OPEN_QUOTES}{CLOSE_QUOTES}\n]{{2,40}})[{CLOSE_QUOTES}]([{CJK}0-9]{{0,10}})(?=项目|等[{CJK}]{{0,4}}项目)", text):
        if _after_verb(text, match.start()):
            listed = match.group(2).find("等")  # “X”等多个项目: the quoted name alone
            end = match.start(2) + listed if listed >= 0 else match.end() + 2
            yield Candidate(match.start(), end, "Project", None, "rule:quoted-project", 3)
    # a quoted title right after 项目—— : 项目——“X”
    for match in re.finditer(rf"项目[—－-]{{1,2}}[{OPEN_QUOTES}]([^{CLOSE_QUOTES}\n]{{4,60}})[{CLOSE_QUOTES}]", text):
        yield Candidate(match.start(1), match.end(1), "Project", None, "rule:project-title", 3)
    # enumerated projects closed by 等…项目: 推动A、B等一批…重点项目, or a list opening its sentence (。A、B等一批…项目)
    opener = rf"(?:{cues.project_re('enumeration_verbs')})|(?:^|(?<=[。!?！？\n]))(?=[^。\n]*?、)"
    enumeration = rf"(?:{opener})([{CJK}0-9A-Za-z、.]{{4,60}}?)等[^。；;]{{0,16}}?项目"
    not_a_member = re.compile(cues.project_re("not_in_member"))
    for match in re.finditer(enumeration, text, re.MULTILINE):
        offset = match.start(1)
        for part in re.split(r"(、)", match.group(1)):
            # a member holding its own 项目 or ending in 招商 is no name (产业用地招商项目以及…)
            if part and part != "、" and len(part) >= 4 and not not_a_member.search(part) and "项目" not in part \
                    and not attraction.search(part):
                yield Candidate(offset, offset + len(part), "Project", None, "rule:project-enumeration", 2)
            offset += len(part)
    retrofit = rf"([{CJK}]{{2,12}}?(?:{cues.project_re('retrofit_heads')}))(?=后|项目|工程|[,，。;；])"
    for match in re.finditer(retrofit, text):
        start = _name_start(text[: match.end(1)], match.start(1), cues)
        verbs = [m for m in governing.finditer(text, start, match.end(1)) if match.end(1) - m.end() >= 4]
        start = verbs[-1].end() if verbs else start
        if match.end(1) - start >= 4:
            yield Candidate(start, match.end(1), "Project", None, "rule:retrofit", 1)
    # construction of a named structure: 规划建设廉洁文化长廊
    construction = rf"(?:{cues.project_re('construction_verbs')})([{CJK}]{{2,10}}?(?:{cues.project_re('construction_heads')}))"
    for match in re.finditer(construction, text):
        yield Candidate(match.start(1), match.end(1), "Project", None, "rule:construction", 1)


# --------------------------------------------------------------------------
# products

def _product_phrase(phrase: str, offset: int, cues: Cues) -> Iterable[Candidate]:
    """Split an object phrase into products: 'A、B、C等X' gives A, B, C."""
    tail = re.search(r"等[^、]*$", phrase)
    if tail:
        phrase = phrase[: tail.start()]
    leading = re.compile(rf"^(?:{alternation(cues.words('product_cues', 'leading_determiners'))})")
    position = offset
    for part in re.split(r"(、)", phrase):
        if part and part != "、":
            head, shift = part, 0
            if "的" in head:  # 厚度仅为0.006mm的“双零”级高端铝箔 → the head after the last 的
                shift = head.rindex("的") + 1
                head = head[shift:]
            lead = leading.match(head)
            if lead:
                shift += lead.end()
                head = head[lead.end() :]
            if 2 <= len(head) <= 20 and re.search(rf"[{CJK}]", head) and not re.search(r"[,，。;；:：]", head):
                yield Candidate(position + shift, position + shift + len(head), "Product", None, "rule:product-object", 2)
        position += len(part)


def product_candidates(text: str, cues: Optional[Cues] = None) -> Iterable[Candidate]:
    """Objects of making verbs, in text about a maker (a company, plant or workshop nearby)."""
    cues = cues or default_cues()
    maker = re.compile(alternation(cues.words("product_cues", "maker_context")))
    generic = re.compile(rf"^(?:(?:{alternation(cues.words('product_cues', 'generic'))})+|.{{0,4}}产品)$")
    for candidate in itertools.chain(_product_objects(text, cues), _supplied_objects(text, cues)):
        context = text[max(0, candidate.start - 80) : candidate.start]
        if maker.search(context) and not generic.match(text[candidate.start : candidate.end]):
            yield candidate
    for candidate in _made_products(text, cues):  # the verb itself names the making
        if not generic.match(text[candidate.start : candidate.end]):
            yield candidate


def _quoted_products(text: str, cues: Cues) -> Iterable[Candidate]:
    """推出“快捷贷”“惠农贷”等专属产品: each quoted member of a run closed by 等…产品."""
    nouns = alternation(cues.words("product_cues", "product_nouns"))
    for run in _quote_runs(list(_QUOTED.finditer(text))):
        if re.match(rf"等[{CJK}]{{0,6}}?(?:{nouns})", text[run[-1].end() :]):
            for match in run:
                yield Candidate(match.start(), match.end(), "Product", None, "rule:quoted-products", 4)


def _made_objects(text: str, cues: Cues) -> Iterable[Candidate]:
    """年产汽车线束一百万套, 生产充电枪产品, 从事A、B及C的研发: objects of making verbs."""
    def cue(key: str) -> str:
        return alternation(cues.words("product_cues", key))

    not_an_object = re.compile(cue("not_an_object") + "|" + cues.chars("name_stops", "characters"))
    quantity = rf"[0-9.一二三四五六七八九十百千万亿]+(?:{cue('units')})"
    closing = rf"(?=[,，。;；、]|{cue('product_nouns')}|的|{quantity})"
    made = re.compile(rf"(?:{quantity})?([{CJK}A-Za-z0-9]{{2,12}}?){closing}")
    not_first = re.compile(rf"^(?:{cue('not_first')})")
    for verb in re.finditer(cue("making_verbs"), text):  # every verb, also one inside a rejected object
        match = made.match(text, verb.end())
        if match and not not_an_object.search(match.group(1)) and not not_first.match(match.group(1)):
            yield Candidate(match.start(1), match.end(1), "Product", None, "rule:made-object", 2)
    for match in re.finditer(rf"(?:{cue('engaged_verbs')})([^。;；]{{2,60}}?)的(?:{cue('making_nouns')}|研发)", text):
        offset = match.start(1)
        for part in re.split(r"(、|及|和)", match.group(1)):
            if 2 <= len(part) <= 12 and not not_an_object.search(part) and not part.startswith("相关") and part not in "、及和":
                yield Candidate(offset, offset + len(part), "Product", None, "rule:engaged-in", 2)
            offset += len(part)


def _supplied_objects(text: str, cues: Cues) -> Iterable[Candidate]:
    """出口的集装箱平车, 提供了甲型、乙型平车, 提供的世界最大的A和B: each member after the last 的."""
    verbs = alternation(cues.words("product_cues", "supply_verbs"))
    for match in re.finditer(rf"(?:{verbs})[的了]([^,，。;；:：!！?？]{{2,40}})", text):
        phrase, offset = match.group(1), match.start(1)
        if "的" in phrase:
            cut = phrase.rindex("的") + 1
            phrase, offset = phrase[cut:], offset + cut
        for part in re.split(r"(、|和|及)", phrase):
            name = _noun_run(part)  # 履带拖拉机|广受好评
            if 2 <= len(name) <= 12 and part not in "、和及" and not cues.not_in_name.search(name):
                yield Candidate(offset, offset + len(name), "Product", None, "rule:supplied-object", 1)
            offset += len(part)


def _noun_run(phrase: str) -> str:
    """The phrase up to the first verb, adverb, preposition or particle after its first word."""
    words = rjieba.tag(phrase)
    end = next((i for i, (_, tag) in enumerate(words) if i and tag.startswith(("v", "d", "p", "u", "c"))), len(words))
    return "".join(word for word, _ in words[:end])


def _made_products(text: str, cues: Cues) -> Iterable[Candidate]:
    yield from _quoted_products(text, cues)
    yield from _made_objects(text, cues)
    yield from _maker_named_products(text, cues)


def _maker_named_products(text: str, cues: Cues) -> Iterable[Candidate]:
    """领先的锂电池制造商, 最强变速箱生产基地: the noun phrase a maker noun closes is its product."""
    makers = alternation(cues.words("product_cues", "maker_nouns"))
    for match in re.finditer(rf"([{CJK}A-Za-z0-9]{{2,16}})(?:{makers})", text):
        words = rjieba.tag(match.group(1))
        kept = 0  # nouns and verbs written into the name, read back from the maker noun (汽车转向系统)
        for word, tag in reversed(words):
            if not tag.startswith(("n", "v", "j", "eng")) or cues.not_in_name.search(word):
                break
            kept += 1
        phrase = words[len(words) - kept :]
        while phrase and phrase[0][1].startswith("v"):  # a name opens with a noun (生鲜|乳: 生鲜 is no product)
            phrase = phrase[1:]
        name = "".join(word for word, _ in phrase)
        if len(name) >= 3:
            yield Candidate(match.end(1) - len(name), match.end(1), "Product", None, "rule:maker-noun", 2)


def _product_objects(text: str, cues: Cues) -> Iterable[Candidate]:
    def cue(key: str) -> str:
        return alternation(cues.words("product_cues", key))

    # (pattern, whether its object may be a process: 研发X技术 may research 一体注塑, a way of making)
    patterns = (
        (rf"(?:{cue('result_verbs')})([^,，。；;]{{2,60}}?)(?=[,，。；;]|$)", False),
        (rf"(?:{cue('purpose_verbs')})([{CJK}]{{2,20}}?)(?:{cue('making_nouns')})", False),
        (rf"(?:{cue('capacity_verbs')})([{CJK}]{{2,16}}?)(?:全套)?(?:{cue('making_nouns')})能力", False),
        (rf"(?:{cue('research_verbs')})([{CJK}]{{2,16}}?)技术", True),
    )
    not_a_thing = re.compile(cue("not_in_product"))
    for pattern, may_be_process in patterns:
        for match in re.finditer(pattern, text):
            if not_a_thing.search(match.group(1)):
                continue
            for candidate in _product_phrase(match.group(1), match.start(1), cues):
                if not (may_be_process and rjieba.tag(text[candidate.start : candidate.end])[-1][1].startswith("v")):
                    yield candidate


GRAMMARS = {
    "programmes": programme_candidates,
    "policy_documents": policy_document_candidates,
    "national_strategies": strategy_candidates,
    "projects": project_candidates,
    "products": product_candidates,
    **name_grammars.GRAMMARS,
}
