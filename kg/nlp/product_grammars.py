"""Cue grammars for products: objects of making verbs near a maker (加工成/转化为/用于…制造), objects of
生产/年产/下线 closed by a quantity, what a company exports or supplies, lists after 从事, quoted runs
closed by 等…产品, and what a maker noun closes (X制造商). See :mod:`kg.nlp.grammars`."""

from __future__ import annotations

import itertools
import re
from typing import Iterable, Optional

import rjieba

from .cues import CJK, Candidate, Cues, default_cues
from .quotes import QUOTED, quote_runs


def _product_phrase(phrase: str, offset: int, cues: Cues) -> Iterable[Candidate]:
    """Split an object phrase into products: 'A、B、C等X' gives A, B, C."""
    tail = re.search(r"等[^、]*$", phrase)
    if tail:
        phrase = phrase[: tail.start()]
    leading = re.compile(rf"^(?:{_cue(cues, 'leading_determiners')})")
    position = offset
    for part in re.split(r"(、)", phrase):
        if part and part != "、":
            head, shift = part, 0
            if "的" in head:  # 宽度达2米的“超薄”级铜带 → the head after the last 的
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
    maker = re.compile(_cue(cues, "maker_context"))
    generic = re.compile(rf"^(?:(?:{_cue(cues, 'generic')})+|.{{0,4}}产品)$")
    for candidate in itertools.chain(_product_objects(text, cues), _supplied_objects(text, cues)):
        context = text[max(0, candidate.start - 80) : candidate.start]
        if maker.search(context) and not generic.match(text[candidate.start : candidate.end]):
            yield candidate
    for candidate in _made_products(text, cues):  # the verb itself names the making
        if not generic.match(text[candidate.start : candidate.end]):
            yield candidate


def _quoted_products(text: str, cues: Cues) -> Iterable[Candidate]:
    """推出“快捷贷”“惠农贷”等专属产品: each quoted member of a run closed by 等…产品."""
    nouns = _cue(cues, "product_nouns")
    for run in quote_runs(list(QUOTED.finditer(text))):
        if re.match(rf"等[{CJK}]{{0,6}}?(?:{nouns})", text[run[-1].end() :]):
            for match in run:
                yield Candidate(match.start(), match.end(), "Product", None, "rule:quoted-products", 4)


def _made_objects(text: str, cues: Cues) -> Iterable[Candidate]:
    """年产汽车线束一百万套, 生产充电枪产品, 从事A、B及C的研发: objects of making verbs."""
    not_an_object = re.compile(_cue(cues, "not_an_object") + "|" + cues.chars("name_stops", "characters"))
    quantity = rf"[0-9.一二三四五六七八九十百千万亿]+(?:{_cue(cues, 'units')})"
    closing = rf"(?=[,，。;；、]|{_cue(cues, 'product_nouns')}|的|{quantity})"
    made = re.compile(rf"(?:{quantity})?([{CJK}A-Za-z0-9]{{2,12}}?){closing}")
    not_first = re.compile(rf"^(?:{_cue(cues, 'not_first')})")
    for verb in re.finditer(_cue(cues, "making_verbs"), text):  # every verb, also one inside a rejected object
        match = made.match(text, verb.end())
        if match and not not_an_object.search(match.group(1)) and not not_first.match(match.group(1)):
            yield Candidate(match.start(1), match.end(1), "Product", None, "rule:made-object", 2)
    for match in re.finditer(rf"(?:{_cue(cues, 'engaged_verbs')})([^。;；]{{2,60}}?)的(?:{_cue(cues, 'making_nouns')}|研发)", text):
        offset = match.start(1)
        for part in re.split(r"(、|及|和)", match.group(1)):
            if 2 <= len(part) <= 12 and not not_an_object.search(part) and not part.startswith("相关") and part not in "、及和":
                yield Candidate(offset, offset + len(part), "Product", None, "rule:engaged-in", 2)
            offset += len(part)


def _supplied_objects(text: str, cues: Cues) -> Iterable[Candidate]:
    """出口的集装箱平车, 提供了甲型、乙型平车, 提供的世界最大的A和B: each member after the last 的."""
    verbs = _cue(cues, "supply_verbs")
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
    makers = _cue(cues, "maker_nouns")
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
    # (pattern, whether its object may be a process: 研发X技术 may research 一体注塑, a way of making)
    patterns = (
        (rf"(?:{_cue(cues, 'result_verbs')})([^,，。；;]{{2,60}}?)(?=[,，。；;]|$)", False),
        (rf"(?:{_cue(cues, 'purpose_verbs')})([{CJK}]{{2,20}}?)(?:{_cue(cues, 'making_nouns')})", False),
        (rf"(?:{_cue(cues, 'capacity_verbs')})([{CJK}]{{2,16}}?)(?:全套)?(?:{_cue(cues, 'making_nouns')})能力", False),
        (rf"(?:{_cue(cues, 'research_verbs')})([{CJK}]{{2,16}}?)技术", True),
    )
    not_a_thing = re.compile(_cue(cues, "not_in_product"))
    for pattern, may_be_process in patterns:
        for match in re.finditer(pattern, text):
            if not_a_thing.search(match.group(1)):
                continue
            for candidate in _product_phrase(match.group(1), match.start(1), cues):
                if not (may_be_process and rjieba.tag(text[candidate.start : candidate.end])[-1][1].startswith("v")):
                    yield candidate


def _cue(cues: Cues, key: str) -> str:
    """The alternation of a product_cues list, built once per cue set."""
    return cues.words_re("product_cues", key)
