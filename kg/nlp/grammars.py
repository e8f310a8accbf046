"""Cue grammars for the entity types the public corpora never annotate.

Each grammar is a function ``(text, cues) -> iterable of Candidate`` over the
(half-width normalised) article text; ``cues`` holds the word lists of
``kg/lexicon`` (:mod:`kg.nlp.cues`). They key on cue words, suffixes and
punctuation, never on particular names:

* programmes: quoted names with a programme cue up to fourteen characters on
  (“X”活动, “X”…服务体系), quoted names governed by a programme verb (开展/推行 “X”),
  quoted lists (“A、B”; not lists of qualities), unquoted verb + noun phrase +
  programme head (推行X模式, 建立X机制), zones carried out (推进X示范区建设),
  numbered hotlines (12345…热线), numbered slogans (“四个合格”, “十大”攻坚战),
  events numbered by edition (第十届…论坛), platforms after a preposition of means
  (通过X调解平台), service stations set up (设立X服务站) and national strategies
  named in the lexicon;
* policy documents: 《…方案》, 《…协议》;
* projects: …项目/工程/改造 with their qualifiers (not counted, ranked, sought by
  investment attraction or an industry + 产业), a quoted name that is a verb's
  object before 项目, and members of an enumeration closed by 等…项目;
* products: :mod:`kg.nlp.product_grammars`;
* organisations, people and places: :mod:`kg.nlp.name_grammars`.

``ROLE_NOUNS`` and ``SPEECH_VERBS`` are the default lexicons' lists, exported for
the relation patterns.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

import rjieba

from ..gazetteer import default_gazetteer
from . import name_grammars
from .cues import CJK, CLOSE_QUOTES, OPEN_QUOTES, Candidate, Cues, alternation, default_cues
from .product_grammars import product_candidates
from .quotes import QUOTED as _QUOTED, quote_runs as _quote_runs
from .heads import ORGANISATION_HEADS, PLACE_HEADS, _alternation, organisation_subtype, place_subtype  # noqa: F401  (re-exported)

ROLE_NOUNS = default_cues().role_nouns
SPEECH_VERBS = default_cues().speech_verbs
named_after_place_candidates = name_grammars.named_after_place_candidates

# --------------------------------------------------------------------------
# programmes

_GENERIC_MODIFIERS = re.compile(r"[的了在是为将把]")


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
    or a possessive (产业‘攀登’的‘赛马争先’项目: the programme the projects belong to)?"""
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
        # a quoted name inside a word: 产业“攀登”, 产业‘攀登’的‘赛马争先’项目
        attached = run[0].start() > 0 and re.match(rf"[{CJK}]", text[run[0].start() - 1]) and not governed
        noun = _attached_noun(text, run[0].start(), cues) if attached else ""
        if noun and re.match(r"[0-9]", text[max(0, run[0].start() - len(noun) - 1)]):
            continue  # 24小时“不打烊”服务: the quote describes a measure, it names nothing
        # a quoted name inside a word before 项目 is the programme funding it (产业‘攀登’的‘赛马争先’项目);
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


GRAMMARS = {
    "programmes": programme_candidates,
    "policy_documents": policy_document_candidates,
    "national_strategies": strategy_candidates,
    "projects": project_candidates,
    "products": product_candidates,
    **name_grammars.GRAMMARS,
}
