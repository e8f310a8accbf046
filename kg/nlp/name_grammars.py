"""Cue grammars for names with heads: organisations, people and places.

* organisations: place + name + organisation head (奈曼旗融媒体中心), quoted
  name + group head (“小马扎”宣讲团), members of 等…企业 enumerations, a level
  word + a body (市科技局, 旗纪委监委第一党支部);
* people: a role noun followed by a short name and a speech verb or list
  punctuation (研发主管宋远航表示, 妇联干部王文梅,);
* places: 我市/本旗 (resolved to the paper's place later), named estates and parks.

Word lists come from ``kg/lexicon`` through :class:`kg.nlp.cues.Cues`.
"""

from __future__ import annotations

import re
from typing import Iterable, List, Optional

import rjieba

from .cues import CJK, CLOSE_QUOTES, OPEN_QUOTES, Candidate, Cues, alternation, default_cues
from .heads import organisation_subtype, place_subtype

_ORDINAL = "第[一二三四五六七八九十0-9]+"


def organisation_candidates(text: str, cues: Optional[Cues] = None) -> Iterable[Candidate]:
    cues = cues or default_cues()
    enumeration = alternation(cues.words("organisation_heads", "enumeration"))
    openers = alternation(cues.words("organisation_heads", "enumeration_openers"))
    members = rf"((?:[{CJK}A-Za-z]{{2,8}}、)+[{CJK}A-Za-z]{{2,8}})"
    pattern = rf"(?:(?<=[,，。;；:：\n])(?:{openers})?|{openers}){members}等[{CJK}0-9]{{0,10}}?(?:{enumeration})"
    for match in re.finditer(pattern, text):
        offset = match.start(1)
        listed = match.group(1)
        opener = list(re.finditer(openers, listed.split("、")[0]))
        if opener:  # 甲厂成为|美的、九阳等…供应商: the list starts after the clause's verb
            offset += opener[-1].end()
            listed = listed[opener[-1].end() :]
        for part in re.split(r"(、)", listed):
            if part and part != "、":
                yield Candidate(offset, offset + len(part), "Organisation", "Company", "rule:enumerated-customers", 2)
            offset += len(part)
    # a quoted name + group head: “小马扎”宣讲团
    groups = alternation(cues.words("organisation_heads", "quoted_group"))
    for match in re.finditer(rf"[{OPEN_QUOTES}][^{CLOSE_QUOTES}\n]{{1,12}}[{CLOSE_QUOTES}][{CJK}]{{0,4}}?(?:{groups})", text):
        yield Candidate(match.start(), match.end(), "Organisation", None, "rule:quoted-group", 2)
    yield from _bracketed_companies(text, cues)
    # 该苏木妇联, 该镇政府, 该区民宗局: an anaphoric place word + a short name (at most three characters:
    # not 该镇领导到县人大常委会) + organisation head
    for match in re.finditer(rf"该(?:{cues.level_words_re})([{CJK}]{{0,3}}?)(?:{cues.organisation_head_re})", text):
        if cues.not_in_name.search(match.group(1)) or ends_inside_a_word(text, match.start(), match.end(), cues):
            continue
        subtype = organisation_subtype(match.group(), cues) or None
        yield Candidate(match.start(), match.end(), "Organisation", subtype, "rule:anaphoric-organisation", 1)
    yield from _listed_units(text, cues)


def _listed_units(text: str, cues: Cues) -> Iterable[Candidate]:
    """某法院立案庭庭长甲、书记员管理处处长乙: a unit that opens the next item of a list of posts, its
    parent left to the item before (某集团副总裁甲,奶源事业部副总经理乙)."""
    units = alternation(cues.words("organisation_heads", "sub_units"))
    posts = alternation(cues.post_words)
    modifiers = alternation(cues.words("posts", "post_modifiers"))
    for match in re.finditer(rf"(?<=[、,，;；])([{CJK}]{{1,6}}?(?:{units}))(?=(?:{modifiers})*(?:{posts}))", text):
        if not cues.not_in_name.search(match.group(1)):
            yield Candidate(match.start(1), match.end(1), "Organisation", organisation_subtype(match.group(1), cues) or None,
                            "rule:listed-unit", 1)


def _bracketed_companies(text: str, cues: Cues) -> Iterable[Candidate]:
    """A company name with a bracketed place or form inside: 星河电子(赤峰)有限公司, 某某(集团)有限公司.
    The name starts after the last character that cannot sit in a name (与 in 甲大学与乙(宁夏)…)."""
    heads = alternation(cues.words("organisation_heads", "bracketed_company"))
    pattern = rf"([{CJK}A-Za-z]{{2,12}})\(([{CJK}]{{2,6}})\)([{CJK}A-Za-z]{{0,12}}(?:{heads}))"
    for match in re.finditer(pattern, text):
        stops = list(cues.not_in_name.finditer(match.group(1)))
        start = match.start(1) + (stops[-1].end() if stops else 0)
        if match.end(1) - start >= 2 and not cues.not_in_name.search(match.group(3)):
            yield Candidate(start, match.end(), "Organisation", "Company", "rule:bracketed-company", 2)


def media_credit_candidates(text: str, cues: Optional[Cues] = None) -> Iterable[Candidate]:
    """来源:甲报·乙网: each medium the page credits as its source."""
    cues = cues or default_cues()
    credit = rf"(?:{alternation(cues.words('media_credits', 'cues'))})[:：]\s*([{CJK}A-Za-z0-9·、 ]{{2,40}})"
    medium = re.compile(rf"[{CJK}A-Za-z0-9]{{1,12}}(?:{alternation(cues.words('media_credits', 'heads'))})")
    for match in re.finditer(credit, text):
        offset = match.start(1)
        for part in re.split(r"([·、 ])", match.group(1)):
            name = medium.match(part)
            if name and re.search(rf"[{CJK}]", name.group()):
                yield Candidate(offset, offset + name.end(), "Organisation", "MediaOrganisation", "rule:media-credit", 3)
            offset += len(part)


def abbreviated_organisation_candidates(text: str, cues: Optional[Cues] = None) -> Iterable[Candidate]:
    """A level word + a body, with an optional numbered branch: 市法院, 旗委第三党支部; also the
    second body of a pair written without a comma (区委|区政府)."""
    cues = cues or default_cues()
    levels = alternation(cues.words("place_heads", "abbreviating"))
    unambiguous = alternation(cues.words("place_heads", "unambiguous_levels"))
    bodies = alternation(cues.words("organisation_heads", "after_level_word"))
    branches = alternation(cues.words("organisation_heads", "branch_units"))
    pattern = (
        rf"(?:(?:(?<=[^{CJK}])|(?<=^)|(?<=[的在与和及由向对为将据经委]))(?:{levels})|{unambiguous})"
        rf"[{CJK}]{{0,5}}?(?:{bodies})(?P<branch>{_ORDINAL}(?:{branches}))?"
    )
    for match in re.finditer(pattern, text):
        subtype = "PartyOrganisation" if match.group("branch") else organisation_subtype(match.group(), cues)
        yield Candidate(match.start(), match.end(), "Organisation", subtype or None, "rule:place-prefixed-organisation", 2)


def named_after_place_candidates(text: str, places: List[Candidate], cues: Optional[Cues] = None) -> Iterable[Candidate]:
    """A place followed by a name and an organisation or site head: 奈曼旗融媒体中心, 霍林郭勒市工业园区.
    The name ends at the nearest head that does not end inside a word: 某县政府|办 is read as
    某县政府办 (政府 ends inside the word 政府办), 某区集团|化办学 as no name."""
    cues = cues or default_cues()
    branches = alternation(cues.words("organisation_heads", "branch_units"))
    head_re = re.compile(rf"({cues.organisation_head_re}|{alternation(cues.site_heads)})({_ORDINAL}(?:{branches}))?")
    name_re = re.compile(rf"[{CJK}A-Za-z0-9]{{0,10}}")
    for place in places:
        window = text[place.start : place.end + 16]
        for name_end in range(place.end - place.start, name_re.match(window, place.end - place.start).end() + 1):
            head = head_re.match(window, name_end)
            if head is None:
                continue
            if cues.not_in_name.search(window, place.end - place.start, name_end):
                break
            end = place.start + head.end()
            if ends_inside_a_word(text, place.start, end, cues):
                continue
            name = text[place.start : end]
            site = place_subtype(name, cues) if head.group(1) in cues.site_heads else None
            if site == "Site":
                yield Candidate(place.start, end, "Place", "Site", "rule:place-named-site", 2)
            else:
                subtype = "PartyOrganisation" if head.group(2) else organisation_subtype(name, cues)
                yield Candidate(place.start, end, "Organisation", subtype or None, "rule:place-named-organisation", 2)
            break


_CLAUSE_MARKS = "。！？；;,，、\n:：“”"


def clause_opening(text: str, position: int) -> int:
    """Where a name ending at ``position`` may start at the earliest: after the last clause or quote mark."""
    return max(text.rfind(mark, 0, position) for mark in _CLAUSE_MARKS) + 1


def cuts_a_word(text: str, start: int, end: int) -> bool:
    """Does a jieba word of the surrounding text straddle the span's start or end?"""
    left = max(0, start - 6)
    return _straddling_word(text, left, min(len(text), end + 6), (start, end)) is not None


def ends_inside_a_word(text: str, start: int, end: int, cues: Cues) -> bool:
    """Does the name text[start:end] end inside a word (某区集团|化, 某街道办|事处)? The text is cut
    into words from the name's start, since jieba's words depend on where the cut begins.
    Not when the word ends in a word for people of the body (jieba reads 省委书记, 林业局长 and
    公司员工 as one word, yet 省委, 林业局 and 公司 end there), nor when it goes on for more than two
    characters (jieba's dictionary holds compounds such as 某某大学法律系, whose first part is a name)."""
    word = _straddling_word(text, start, min(len(text), end + 6), (end,))
    if word is None or word[1] - end > 2:
        return False
    return not text[word[0] : word[1]].endswith(cues.people_of_a_body)


def _straddling_word(text: str, left: int, right: int, cuts: tuple) -> Optional[tuple]:
    """(start, end) of the first jieba word of text[left:right] that straddles one of the cuts."""
    position = left
    for word in rjieba.cut(text[left:right]):
        word_end = position + len(word)
        if len(word) > 1 and any(position < cut < word_end for cut in cuts):
            return position, word_end
        position = word_end
    return None


def common_words(text: str) -> bool:
    """A phrase opening with a verb or preposition, or made only of common nouns, is not a person's name."""
    words = rjieba.tag(text)
    return words[0][1].startswith(("v", "p")) or all(tag in ("n", "vn") for _, tag in words)


def _plausible_name(name: str, cues: Cues) -> bool:
    if re.search(cues.chars("person_names", "not_inside"), name) or re.search(cues.chars("person_names", "not_final") + "$", name):
        return False
    verbs = set(cues.speech_verbs) | set(cues.words("speech_verbs", "verb_forms"))
    if name in verbs or name[:2] in verbs:
        return False
    words = rjieba.tag(name)
    # one dictionary word that is a verb, adjective or adverb (增收, 强调) is not a name, nor 参加会议
    return not (len(words) == 1 and words[0][1][:1] in ("v", "a", "d", "p", "u")) and not common_words(name)


def person_candidates(text: str, cues: Optional[Cues] = None) -> Iterable[Candidate]:
    """A role noun, then a name (or a list of names) closed by a speech verb or punctuation."""
    cues = cues or default_cues()
    speech = alternation(cues.speech_verbs)
    closers = alternation(cues.words("speech_verbs", "closers"))
    after_role = re.compile(rf"(?:{alternation(cues.role_nouns)})([{CJK}·]{{2,4}}?)(?=(?:{speech})|(?:{closers})|[、,，。;；:：及和(]|$)")
    for match in after_role.finditer(text):
        name = match.group(1)
        if not _plausible_name(name, cues):
            continue
        speaks = re.match(speech, text[match.end(1) :]) is not None
        yield Candidate(match.start(1), match.end(1), "Person", None, "rule:role-name", 3 if speaks else 1)
        # the rest of an enumeration: 包莉花、娜日沙,
        position = match.end(1)
        while position < len(text) and text[position] == "、":
            following = re.match(rf"[{CJK}·]{{2,4}}?(?=[、,，。;；]|(?:{speech}))", text[position + 1 :])
            if not following or not _plausible_name(following.group(), cues):
                break
            start = position + 1
            yield Candidate(start, start + len(following.group()), "Person", None, "rule:role-name-list", 1)
            position = start + len(following.group())


def site_candidates(text: str, cues: Optional[Cues] = None) -> Iterable[Candidate]:
    """Named estates, parks and squares after a dash or a locative: 住宅小区——泰和新城."""
    cues = cues or default_cues()
    heads = alternation(cues.words("place_heads", "named_site"))
    pattern = rf"(?:(?<=——)|(?<=[在于至到是,，、]))([{CJK}]{{2,6}}?(?:{heads}))(?=[,，。;；、]|$)"
    for match in re.finditer(pattern, text):
        name = match.group(1)
        if not cues.not_in_name.search(name) and not name.startswith(cues.words("place_heads", "not_site_openers")):
            yield Candidate(match.start(1), match.end(1), "Place", "Site", "rule:named-site", 1)


def macro_region_candidates(text: str, cues: Optional[Cues] = None) -> Iterable[Candidate]:
    """京津冀, 长三角: named regions above any administrative level."""
    for match in re.finditer(alternation((cues or default_cues()).words("place_heads", "macro_regions")), text):
        yield Candidate(match.start(), match.end(), "Place", None, "rule:macro-region", 2)


def park_candidates(text: str, cues: Optional[Cues] = None) -> Iterable[Candidate]:
    """依托远联新材料产业园区: a park named by more than a place; the name starts after the last
    character that cannot sit in a name, or at the clause, and runs back at most ten characters."""
    cues = cues or default_cues()
    heads = alternation(cues.words("place_heads", "park_heads"))
    for match in re.finditer(rf"([{CJK}A-Za-z0-9]{{2,10}}?)(?:{heads})", text):
        clause_start = clause_opening(text, match.end(1))
        start = max(match.start(1), clause_start)
        name = text[start : match.end(1)]
        stops = list(cues.not_in_name.finditer(name))
        start += stops[-1].end() if stops else 0
        start += _name_offset(text[start : match.end(1)])
        if match.end(1) - start >= 2:
            yield Candidate(start, match.end(), "Place", "Site", "rule:named-park", 1)


def _name_offset(phrase: str) -> int:
    """Where the name starts in a phrase: after its last verb, preposition, conjunction or pronoun
    (依托|马林…, 正式启动|中国…, 该区依托|青山…), then after adverbs and adjectives opening the rest."""
    words = rjieba.tag(phrase)
    cut = max((i + 1 for i, (_, tag) in enumerate(words) if tag.startswith(("v", "p", "c", "r"))), default=0)
    while cut < len(words) and words[cut][1].startswith(("d", "a", "u")):
        cut += 1
    return sum(len(word) for word, _ in words[:cut])


def deictic_place_candidates(text: str, cues: Optional[Cues] = None) -> Iterable[Candidate]:
    """我市 / 本旗: the paper's own place, resolved to a name later; 自治区 standing alone."""
    cues = cues or default_cues()
    deictic = alternation(cues.words("place_heads", "deictic"))
    unambiguous = alternation(cues.words("place_heads", "unambiguous_levels"))
    # a full name around 自治区 (内蒙古自治区) is a longer gazetteer candidate and wins the overlap
    not_deictic, not_region = cues.chars("place_heads", "not_after_deictic"), cues.chars("place_heads", "not_after_region")
    pattern = rf"(?:我|本)(?:{deictic})(?!{not_deictic})|(?:{unambiguous})(?!{not_region})"
    for match in re.finditer(pattern, text):
        yield Candidate(match.start(), match.end(), "Place", "AdministrativeArea", "rule:deictic-place", 2)


GRAMMARS = {
    "organisations": organisation_candidates,
    "media_credits": media_credit_candidates,
    "abbreviated_organisations": abbreviated_organisation_candidates,
    "people": person_candidates,
    "deictic_places": deictic_place_candidates,
    "macro_regions": macro_region_candidates,
    "parks": park_candidates,
    "sites": site_candidates,
}
