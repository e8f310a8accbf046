"""Cue grammars for the entity types the public corpora never annotate.

Each grammar is a function ``text -> iterable of Candidate`` over the
(half-width normalised) article text. They key on cue words, suffixes and
punctuation, never on particular names:

* programmes: quoted names with a programme cue (“X”活动/模式/改革…), quoted
  names governed by a programme verb (开展/推行/实施 “X”), quoted lists
  (“A、B”), and unquoted verb + noun-phrase + programme head (推行X模式, 深化X改革);
* projects: …项目/工程/改造 with their qualifiers, and members of an enumeration
  closed by 等…项目;
* products: objects of 加工成/转化为/用于…制造/具备…生产能力/攻关…技术;
* organisations: place + name + organisation head (奈曼旗融媒体中心), quoted
  name + group head (“小马扎”宣讲团), members of 等…企业 enumerations;
* people: a role noun followed by a short name and a speech verb or list
  punctuation (研发主管宋远航表示, 妇联干部王文梅,).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, List, Optional

import rjieba

from .heads import ORGANISATION_HEADS, PLACE_HEADS, _alternation, organisation_subtype, place_subtype  # noqa: F401  (re-exported)

CJK = "\u4e00-\u9fff"
OPEN_QUOTES, CLOSE_QUOTES = "“「『‘\"", "”」』’\""


@dataclass
class Candidate:
    start: int
    end: int
    type: str
    subtype: Optional[str]
    method: str
    priority: int  # higher wins a tie in length
    kb_id: str = ""  # a gazetteer id for places


# --------------------------------------------------------------------------
# head nouns (kg/nlp/heads.py)

_ORG_HEAD_RE = _alternation(s for _, group in ORGANISATION_HEADS for s in group)
_SITE_HEAD_RE = _alternation(PLACE_HEADS[0][1])
# words that cannot sit inside a name: quantities, determiners, clause verbs
_NOT_IN_NAME = re.compile(r"[的了是在和与及或等各该这那首每其]|一个|一家|多家|全市|全区|全旗|以来|通过|进行|开展|实施|推动|建设|打造")

# --------------------------------------------------------------------------
# programmes

PROGRAMME_CUES = ("专项行动", "工作法", "活动", "模式", "改革", "行动", "品牌", "计划", "机制", "工程", "宣讲", "试点", "服务")
PROGRAMME_VERBS = ("推动落实", "创新构建", "常态化开展", "推行", "开展", "实施", "打造", "启动", "深化", "推出", "推动", "落实",
                   "构建", "形成", "开通", "推进", "创建", "举办", "执行", "拓展", "推广", "开设", "建立")
# unquoted: verb + noun phrase + programme head (推行政府采购不见面开标模式, 深化政府采购改革)
UNQUOTED_PROGRAMME_HEADS = ("负面清单", "改革", "模式", "专区", "行动", "工程", "计划")
_QUOTED = re.compile(rf"[{OPEN_QUOTES}]([^{OPEN_QUOTES}{CLOSE_QUOTES}\n]{{1,30}})[{CLOSE_QUOTES}]")
_PROGRAMME_CUE = re.compile(rf"[{CJK}]{{0,6}}(?:{_alternation(PROGRAMME_CUES)})")
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


def _cue_after(text: str, position: int) -> Optional[str]:
    match = _PROGRAMME_CUE.match(text, position)
    if not match or _GENERIC_MODIFIERS.search(match.group()):
        return None
    return match.group()


def _attached_noun(text: str, position: int) -> str:
    """The common noun written against a quote (科技“突围”, 新能源“飞地经济”), or ""."""
    clause = re.split(rf"[^{CJK}]", text[max(0, position - 12) : position])[-1]
    if not clause:
        return ""
    word, tag = rjieba.tag(clause)[-1]
    return word if tag == "n" and len(word) >= 2 and not _NOT_IN_NAME.search(word) else ""


_GOVERNING = re.compile(rf"(?:{_alternation(PROGRAMME_VERBS)})[{CJK}]{{0,4}}$")


def _governed(text: str, position: int) -> bool:
    """A programme verb right before the name, allowing a short modifier (推出个体“蒙信贷”)."""
    return bool(_GOVERNING.search(text[max(0, position - 12) : position]))


def programme_candidates(text: str) -> Iterable[Candidate]:
    for run in _quote_runs(list(_QUOTED.finditer(text))):
        inner_texts = [m.group(1) for m in run]
        if not all(re.search(rf"[{CJK}]|[+＋]", t) for t in inner_texts):
            continue
        last = run[-1]
        cue = _cue_after(text, last.end())
        governed = _governed(text, run[0].start())
        # a quoted name inside a word: 科技“突围”, 科技‘突围’的‘揭榜挂帅’项目
        attached = run[0].start() > 0 and re.match(rf"[{CJK}]", text[run[0].start() - 1]) and not governed
        project_cue = text.startswith("项目", last.end()) or (attached and "项目" in text[last.end() : last.end() + 12])
        if not (cue or governed or project_cue):
            continue
        for index, match in enumerate(run):
            inner = match.group(1)
            if re.search(r"[、,，]", inner):  # “一站通办、一网通办”: each member
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
                start -= len(_attached_noun(text, match.start()))
            yield Candidate(start, end, "Programme", None, "rule:quoted-programme", 3)
    verbs = _alternation(PROGRAMME_VERBS)
    heads = _alternation(UNQUOTED_PROGRAMME_HEADS)
    for match in re.finditer(rf"(?:{verbs})([{CJK}0-9+·、]{{2,20}}?(?:{heads}))", text):
        phrase = match.group(1)
        if _NOT_IN_NAME.search(phrase) or re.search(rf"[{OPEN_QUOTES}]", phrase) or phrase.startswith("、"):
            continue
        yield Candidate(match.start(1), match.end(1), "Programme", None, "rule:verb-programme-head", 2)
    # X改革 as the object of a preposition or subject: 以增量配电网改革为切入点, 速审团队改革获
    for match in re.finditer(rf"(?<=[以年])(?:{verbs})?([{CJK}]{{3,10}}改革)", text):
        if not _NOT_IN_NAME.search(match.group(1)):
            yield Candidate(match.start(1), match.end(1), "Programme", None, "rule:reform", 1)


_POLICY_DOCUMENT = re.compile(r"《([^《》\n]{4,60}?(?:方案|办法|规定|意见|条例|规划|计划|通知|细则|政策|措施|纲要))》")


def policy_document_candidates(text: str) -> Iterable[Candidate]:
    """《…实施方案》, 《…办法》: a policy document is a programme."""
    for match in _POLICY_DOCUMENT.finditer(text):
        yield Candidate(match.start(), match.end(), "Programme", None, "rule:policy-document", 3)


# --------------------------------------------------------------------------
# projects

_PROJECT_SUFFIX = re.compile(rf"([{CJK}0-9A-Za-z.]{{2,40}}?)(项目|工程)")
_PROJECT_STOP = re.compile(r"的|了|在|是|为|将|对|把|从|和|与|及其|一批|各类|多个|这些|部分|所有|全部|若干|一些|等|此类|这个|该|本|其|共|项|有限公司|公司|集团")
# verbs that govern a project name, cut from its left edge (but 农田建设项目 keeps its 建设)
_GOVERNING_PROJECT_VERB = re.compile(r"(?:扎实|全力|加快|大力|深入|积极)?(?:推动|实施|建设|启动|开展|推进|新建|续建|谋划|落实)+")
_GENERIC_PROJECT = re.compile(r"^(?:重点|创新|技改|工业技改|示范|研发|投资|建设|民生|基础设施|科技|扶持|资金)+$")
_RETROFIT = re.compile(rf"([{CJK}]{{2,12}}?(?:改造|改扩建|扩建))(?=后|项目|工程|[,，。;；])")


def _leading_verbs(phrase: str) -> int:
    """Length of the verbs a phrase starts with (取消一般项目 → 取消)."""
    length = 0
    for word, tag in rjieba.tag(phrase):
        if not tag.startswith("v") or tag == "vn":
            break
        length += len(word)
    return length


_NOT_IN_PROJECT = re.compile(r"[的了是在和与或各该这那首每其]|一个|一家|多家|通过|进行|开展|实施|推动")


def project_candidates(text: str) -> Iterable[Candidate]:
    for match in _PROJECT_SUFFIX.finditer(text):
        name = match.group(1)
        stops = list(_PROJECT_STOP.finditer(name))
        start = match.start(1) + (stops[-1].end() if stops else 0)
        start += _leading_verbs(text[start : match.start(2)])
        # the last governing verb with a name after it (推进|光伏治沙示范项目; 农田建设项目 keeps 建设)
        governing = [m for m in _GOVERNING_PROJECT_VERB.finditer(text, start, match.start(2)) if match.start(2) - m.end() >= 2]
        if governing:
            start = governing[-1].end()
        core = text[start : match.start(2)]
        if len(core) < 4 or _GENERIC_PROJECT.match(core) or (start > 0 and text[start - 1] in OPEN_QUOTES + CLOSE_QUOTES):
            continue
        yield Candidate(start, match.end(), "Project", None, "rule:project-suffix", 2)
    # a quoted title right after 项目—— : 项目——“X”
    for match in re.finditer(rf"项目[—－-]{{1,2}}[{OPEN_QUOTES}]([^{CLOSE_QUOTES}\n]{{4,60}})[{CLOSE_QUOTES}]", text):
        yield Candidate(match.start(1), match.end(1), "Project", None, "rule:project-title", 3)
    # enumerated projects closed by 等…项目: 推动A、B等一批…重点项目
    for match in re.finditer(rf"(?:推动|推进|实施|建设|引进|落地)([{CJK}0-9A-Za-z、.]{{4,60}}?)等[^。；;]{{0,16}}?项目", text):
        offset = match.start(1)
        for part in re.split(r"(、)", match.group(1)):
            if part and part != "、" and len(part) >= 4 and not _NOT_IN_PROJECT.search(part):
                yield Candidate(offset, offset + len(part), "Project", None, "rule:project-enumeration", 2)
            offset += len(part)
    for match in _RETROFIT.finditer(text):
        name = match.group(1)
        stops = list(_PROJECT_STOP.finditer(name))
        start = match.start(1) + (stops[-1].end() if stops else 0)
        if match.end(1) - start >= 4:
            yield Candidate(start, match.end(1), "Project", None, "rule:retrofit", 1)
    # construction of a named structure: 规划建设廉洁文化长廊
    for match in re.finditer(rf"(?:规划建设|新建|建设|修建|兴建)([{CJK}]{{2,10}}?(?:长廊|大楼|公园|广场|体育馆|博物馆|场馆|基地|示范区))", text):
        yield Candidate(match.start(1), match.end(1), "Project", None, "rule:construction", 1)


# --------------------------------------------------------------------------
# products

def _product_phrase(phrase: str, offset: int) -> Iterable[Candidate]:
    """Split an object phrase into products: 'A、B、C等X' gives A, B, C."""
    phrase_clean = phrase
    tail = re.search(r"等[^、]*$", phrase_clean)
    if tail:
        phrase_clean = phrase_clean[: tail.start()]
    position = offset
    for part in re.split(r"(、)", phrase_clean):
        if part and part != "、":
            head = part
            shift = 0
            if "的" in head:  # 厚度仅为0.006mm的“双零”级高端铝箔 → the head after the last 的
                shift = head.rindex("的") + 1
                head = head[shift:]
            lead = re.match(r"^(?:新一代|一批|各类|多种|相关|全套)", head)
            if lead:
                shift += lead.end()
                head = head[lead.end() :]
            if 2 <= len(head) <= 20 and re.search(rf"[{CJK}]", head) and not re.search(r"[,，。;；:：]", head):
                yield Candidate(position + shift, position + shift + len(head), "Product", None, "rule:product-object", 2)
        position += len(part)


_MAKER_CONTEXT = re.compile(r"公司|企业|集团|工厂|车间|厂房|生产线|产线")
_GENERIC_PRODUCTS = re.compile(r"^(?:产品|用料|材料|原料|车间|设备|体系|技术|产品用料|.{0,4}产品)$")


def product_candidates(text: str) -> Iterable[Candidate]:
    """Objects of making verbs, in text about a maker (a company, plant or workshop nearby)."""
    for candidate in _product_objects(text):
        context = text[max(0, candidate.start - 80) : candidate.start]
        if _MAKER_CONTEXT.search(context) and not _GENERIC_PRODUCTS.match(text[candidate.start : candidate.end]):
            yield candidate


def _product_objects(text: str) -> Iterable[Candidate]:
    patterns = (
        r"(?:加工成|转化为|制成|生产出|研制出|开发出|推出新品)([^,，。；;]{2,60}?)(?=[,，。；;]|$)",
        rf"(?:用于|专用于|专注于)([{CJK}]{{2,20}}?)(?:制造|生产|加工)",
        rf"具备([{CJK}]{{2,16}}?)(?:全套)?生产能力",
        rf"(?:攻关|研发|研制)([{CJK}]{{2,16}}?)技术",
    )
    for pattern in patterns:
        for match in re.finditer(pattern, text):
            phrase = match.group(1)
            if re.search(r"[了着过]|能力|效率|成本|水平|质量", phrase):
                continue
            yield from _product_phrase(phrase, match.start(1))


# --------------------------------------------------------------------------
# organisations and people

_ENUMERATED_ORGS = re.compile(
    rf"(?:为|向|与|和|同)((?:[{CJK}A-Za-z]{{2,8}}、)+[{CJK}A-Za-z]{{2,8}})等[{CJK}]{{0,8}}?(?:企业|车企|公司|银行|品牌|厂商|集团|机构)"
)


def organisation_candidates(text: str) -> Iterable[Candidate]:
    for match in _ENUMERATED_ORGS.finditer(text):
        offset = match.start(1)
        for part in re.split(r"(、)", match.group(1)):
            if part and part != "、":
                yield Candidate(offset, offset + len(part), "Organisation", "Company", "rule:enumerated-customers", 2)
            offset += len(part)
    # a quoted name + group head: “小马扎”宣讲团
    for match in re.finditer(rf"[{OPEN_QUOTES}][^{CLOSE_QUOTES}\n]{{1,12}}[{CLOSE_QUOTES}][{CJK}]{{0,4}}?(?:宣讲团|志愿服务队|服务队|合作社|工作室|协会|团队|小分队|宣讲队)", text):
        yield Candidate(match.start(), match.end(), "Organisation", None, "rule:quoted-group", 2)
    # 该苏木妇联, 该镇政府: an anaphoric place word + organisation head
    for match in re.finditer(rf"该(?:苏木|镇|乡|旗|县|市|区|村|嘎查)(?:{_ORG_HEAD_RE})", text):
        name = match.group()
        yield Candidate(match.start(), match.end(), "Organisation", organisation_subtype(name) or None, "rule:anaphoric-organisation", 1)


PLACE_PREFIXED_ORG = re.compile(
    rf"(?:(?<=[^{CJK}])|(?<=^)|(?<=[的在与和及由向对为将据经]))(市|旗|县|区|盟|省|自治区|苏木|镇)"
    rf"([{CJK}]{{0,5}}?(?:纪委监委|中级人民法院|人民法院|法院|检察院|政府|委员会|妇联|总工会|团委|局|委|办))"
    rf"(第[一二三四五六七八九十0-9]+(?:党支部|支部|党小组))?"
)


def abbreviated_organisation_candidates(text: str) -> Iterable[Candidate]:
    for match in PLACE_PREFIXED_ORG.finditer(text):
        name = match.group()
        subtype = "PartyOrganisation" if match.group(3) else organisation_subtype(name)
        yield Candidate(match.start(), match.end(), "Organisation", subtype or None, "rule:place-prefixed-organisation", 2)


def named_after_place_candidates(text: str, places: List[Candidate]) -> Iterable[Candidate]:
    """A place followed by a name and an organisation or site head: 奈曼旗融媒体中心, 霍林郭勒市工业园区."""
    for place in places:
        tail = text[place.end : place.end + 16]
        match = re.match(rf"([{CJK}A-Za-z0-9]{{0,10}}?)({_ORG_HEAD_RE}|{_SITE_HEAD_RE})(第[一二三四五六七八九十0-9]+(?:党支部|支部))?", tail)
        if not match or _NOT_IN_NAME.search(match.group(1)):
            continue
        end = place.end + match.end()
        name = text[place.start : end]
        site = place_subtype(name) if match.group(2) in PLACE_HEADS[0][1] else None
        if site == "Site":
            yield Candidate(place.start, end, "Place", "Site", "rule:place-named-site", 2)
        else:
            subtype = "PartyOrganisation" if match.group(3) else organisation_subtype(name)
            yield Candidate(place.start, end, "Organisation", subtype or None, "rule:place-named-organisation", 2)


ROLE_NOUNS = ("负责人", "局长", "主任", "主席", "书记", "主管", "经理", "董事长", "院长", "部长", "厂长", "总监", "干部", "队长",
              "站长", "所长", "校长", "行长", "总裁", "秘书长", "会长", "理事长", "社长", "主编", "旗长", "市长", "县长", "区长",
              "镇长", "村长", "代表", "委员", "典型", "指导员", "专家", "教授", "工程师", "技术员", "调解员", "党员", "医生", "教师",
              "记者", "通讯员", "嘎查长", "苏木达")
SPEECH_VERBS = ("表示", "介绍", "说", "指出", "强调", "展望", "认为", "坦言", "告诉", "透露", "牵头", "带领", "讲述", "回忆", "感慨", "称")
_PERSON_AFTER_ROLE = re.compile(
    rf"(?:{_alternation(ROLE_NOUNS)})([{CJK}·]{{2,4}}?)(?=(?:{_alternation(SPEECH_VERBS)})|[、,，。;；:：及和]|$)"
)
_SPEECH_RE = re.compile(_alternation(SPEECH_VERBS))
_NOT_A_NAME = re.compile(r"[的了是在与及等们人员这那个各该全]")


_NOT_A_NAME_END = re.compile(r"[站中所处部室局厅会团队家里内外上下区市县旗镇乡村]$")
_VERBS = set(SPEECH_VERBS) | {"说道", "介绍道", "表示道"}


def _plausible_name(name: str) -> bool:
    if _NOT_A_NAME.search(name) or _NOT_A_NAME_END.search(name) or name in _VERBS or name[:2] in _VERBS:
        return False
    words = rjieba.tag(name)
    # one dictionary word that is a verb, adjective or adverb (增收, 强调) is not a name
    return not (len(words) == 1 and words[0][1][:1] in ("v", "a", "d", "p", "u"))


def person_candidates(text: str) -> Iterable[Candidate]:
    """A role noun, then a name (or a list of names) closed by a speech verb or punctuation."""
    for match in _PERSON_AFTER_ROLE.finditer(text):
        name = match.group(1)
        if not _plausible_name(name):
            continue
        speaks = re.match(_SPEECH_RE, text[match.end(1) :]) is not None
        yield Candidate(match.start(1), match.end(1), "Person", None, "rule:role-name", 3 if speaks else 1)
        # the rest of an enumeration: 包莉花、娜日沙,
        position = match.end(1)
        while position < len(text) and text[position] == "、":
            following = re.match(rf"[{CJK}·]{{2,4}}?(?=[、,，。;；]|(?:{_alternation(SPEECH_VERBS)}))", text[position + 1 :])
            if not following or not _plausible_name(following.group()):
                break
            start = position + 1
            yield Candidate(start, start + len(following.group()), "Person", None, "rule:role-name-list", 1)
            position = start + len(following.group())


_NAMED_SITE = re.compile(rf"(?:(?<=——)|(?<=[在于至到是,，、]))([{CJK}]{{2,6}}?(?:新城|花园|家园|小区|广场|公园|园区))(?=[,，。;；、]|$)")


def site_candidates(text: str) -> Iterable[Candidate]:
    """Named estates, parks and squares after a dash or a locative: 住宅小区——泰和新城."""
    for match in _NAMED_SITE.finditer(text):
        name = match.group(1)
        if not _NOT_IN_NAME.search(name) and not re.match(r"^(?:城区|住宅|居民|工业|产业|该|本)", name):
            yield Candidate(match.start(1), match.end(1), "Place", "Site", "rule:named-site", 1)


_DEICTIC_PLACE = re.compile(r"(?:我|本)(?:市|旗|县|区|盟|省)(?![委政局长民])|(?:(?<=^)|(?<=[^\u4e00-\u9fff])|(?<=[的在由和与及年底]))自治区(?![委政党人])")


def deictic_place_candidates(text: str) -> Iterable[Candidate]:
    """我市 / 本旗: the paper's own place, resolved to a name later."""
    for match in _DEICTIC_PLACE.finditer(text):
        yield Candidate(match.start(), match.end(), "Place", "AdministrativeArea", "rule:deictic-place", 2)


GRAMMARS = {
    "programmes": programme_candidates,
    "policy_documents": policy_document_candidates,
    "projects": project_candidates,
    "products": product_candidates,
    "organisations": organisation_candidates,
    "abbreviated_organisations": abbreviated_organisation_candidates,
    "people": person_candidates,
    "deictic_places": deictic_place_candidates,
    "sites": site_candidates,
}
