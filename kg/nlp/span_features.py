"""Character features for the span tagger (programmes, projects, products; :mod:`kg.nlp.span_tagger`).

One feature list per character of a clause. The CRF sees, for character *i*:

* the characters at i-2 … i+2 and the bigrams around i (names are open vocabulary, but
  their edges are not: 项目, 模式, “ …);
* the jieba word holding i, i's place in it (B/M/E/S) and the words before and after it;
* where i sits against quote marks and 《》 (inside, right after the opening mark, right
  before the closing one), since many programme and product names are quoted;
* cue classes of the surrounding words, read from the lexicons (:data:`CUE_CLASSES`): whether
  the word is a programme head, a project head, a product noun, a making verb …, and the class
  of the last cue verb earlier in the clause (the governing verb: 推行 X, 生产 X, 建设 X).

Features are plain strings (``pycrfsuite`` takes a list of strings per item); the clause is
the unit so one long article never becomes one long sequence.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, Iterator, List, Tuple

import rjieba

from .cues import CLOSE_QUOTES, OPEN_QUOTES, Cues, default_cues

# cue class → (lexicon concept, list) pairs whose words carry that class
CUE_CLASSES: Dict[str, Tuple[Tuple[str, str], ...]] = {
    "programme_head": (("programme_heads", "quoted"), ("programme_heads", "unquoted"), ("programme_heads", "zones")),
    "programme_verb": (("programme_verbs", "verbs"),),
    "project_head": (("project_words", "heads"), ("project_words", "retrofit_heads"), ("project_words", "construction_heads")),
    "project_verb": (("project_words", "governing_verbs"), ("project_words", "construction_verbs")),
    "product_noun": (("product_cues", "product_nouns"),),
    "making_verb": (("product_cues", "making_verbs"), ("product_cues", "result_verbs"), ("product_cues", "research_verbs"),
                    ("product_cues", "supply_verbs"), ("product_cues", "engaged_verbs")),
    "maker": (("product_cues", "maker_context"),),
    "document_head": (("policy_documents", "heads"),),
}
_VERB_CLASSES = ("programme_verb", "project_verb", "making_verb")
# a clause ends at sentence punctuation; a long run without any is cut so a sequence stays short
CLAUSE_END = re.compile(r"[。！？!?；;\n]")
MAX_CLAUSE = 200
_OPEN_BOOK, _CLOSE_BOOK = "《", "》"


@lru_cache(maxsize=8)
def cue_classes(cues: Cues) -> Dict[str, str]:
    """word → cue class, from the lexicons the cues read (a word in two lists keeps the first class)."""
    out: Dict[str, str] = {}
    for name, lists in CUE_CLASSES.items():
        for concept, key in lists:
            for word in cues.words(concept, key):
                out.setdefault(word, name)
    return out


def clauses(text: str) -> Iterator[Tuple[int, int]]:
    """(start, end) of each clause: up to and including its closing punctuation, at most MAX_CLAUSE long."""
    start = 0
    for match in CLAUSE_END.finditer(text):
        yield from _bounded(start, match.end())
        start = match.end()
    if start < len(text):
        yield from _bounded(start, len(text))


def _bounded(start: int, end: int) -> Iterator[Tuple[int, int]]:
    while end - start > MAX_CLAUSE:
        yield start, start + MAX_CLAUSE
        start += MAX_CLAUSE
    if end > start:
        yield start, end


def _quote_states(text: str) -> List[str]:
    """Per character: 'q' inside quote marks, 'b' inside 《》 ('qb' both, '' outside); the marks
    themselves are 'O' (opening) and 'C' (closing)."""
    states, in_quote, in_book = [], False, False
    for char in text:
        if char in OPEN_QUOTES and not in_quote:
            in_quote = True
            states.append("O")
        elif char in CLOSE_QUOTES and in_quote:
            in_quote = False
            states.append("C")
        elif char == _OPEN_BOOK:
            in_book = True
            states.append("O")
        elif char == _CLOSE_BOOK:
            in_book = False
            states.append("C")
        else:
            states.append(("q" if in_quote else "") + ("b" if in_book else ""))
    return states


def _shape(char: str) -> str:
    if "\u4e00" <= char <= "\u9fff":
        return "C"
    if char.isdigit():
        return "D"
    if char.isascii() and char.isalpha():
        return "L"
    return "P"


def clause_features(text: str, cues: Cues = None) -> List[List[str]]:
    """The feature strings of every character of one clause (half-width text)."""
    classes = cue_classes(cues or default_cues())
    n = len(text)
    padded = "\x02\x02" + text + "\x03\x03"
    words = rjieba.cut(text)  # not rjieba.tag: tagging costs eighty times the cut
    quote_state = _quote_states(text)
    out: List[List[str]] = []
    position, governing = 0, "none"
    for index, word in enumerate(words):
        previous_word = words[index - 1] if index else "<s>"
        next_word = words[index + 1] if index + 1 < len(words) else "</s>"
        word_class = classes.get(word, "")
        if not word_class and len(word) > 2:  # 服务模式, 改造项目: a compound ending in a cue word
            word_class = classes.get(word[-2:], "")
        shared = [
            "w=" + word, "pw=" + previous_word, "nw=" + next_word,
            "wc=" + word_class, "pwc=" + classes.get(previous_word, ""), "nwc=" + classes.get(next_word, ""),
            "gov=" + governing,
        ]
        size = len(word)
        for offset in range(size):
            i = position + offset
            p = i + 2  # index in padded
            where = "S" if size == 1 else "B" if offset == 0 else "E" if offset == size - 1 else "M"
            quoted = quote_state[i]
            features = [
                "c=" + padded[p], "c-1=" + padded[p - 1], "c+1=" + padded[p + 1], "c-2=" + padded[p - 2], "c+2=" + padded[p + 2],
                "b-=" + padded[p - 1 : p + 1], "b+=" + padded[p : p + 2], "b--=" + padded[p - 2 : p], "b++=" + padded[p + 1 : p + 3],
                "pos=" + where, "ws=" + where + str(min(size, 4)), "s=" + _shape(padded[p]), "q=" + quoted,
                "q-1=" + (quote_state[i - 1] if i else "^"), "q+1=" + (quote_state[i + 1] if i + 1 < n else "$"),
            ]
            features += shared
            out.append(features)
        if word_class in _VERB_CLASSES:
            governing = word_class
        position += size
    return out
