"""Character-level normalisation that never changes offsets.

Chinese news mixes full-width ASCII (１９９８, ＡＰＥＣ) with half-width forms; the
public NER corpora were distributed with half-width digits and letters. Mapping
each full-width character to its half-width twin is a one-to-one character
substitution, so every offset computed on the normalised text is valid on the
original text too.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import List, Tuple

# Full-width ASCII block U+FF01..U+FF5E maps to U+0021..U+007E; U+3000 is the
# ideographic space. Chinese punctuation (，。“”) is left alone on purpose: it
# carries sentence structure and the corpora keep it full-width.
_FULLWIDTH_TO_ASCII = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}  # digits
_FULLWIDTH_TO_ASCII.update({cp: cp - 0xFEE0 for cp in range(0xFF21, 0xFF3B)})  # A-Z
_FULLWIDTH_TO_ASCII.update({cp: cp - 0xFEE0 for cp in range(0xFF41, 0xFF5B)})  # a-z
_FULLWIDTH_TO_ASCII.update({0xFF0E: ord("."), 0xFF05: ord("%"), 0xFF0B: ord("+"), 0xFF0D: ord("-"), 0x3000: ord(" ")})

# For matching names the spec asks for NFKC plus quote-mark folding.
_QUOTES = "“”‘’「」『』\"'《》〈〉"


@lru_cache(maxsize=1)
def t2s_converter():
    """OpenCC's traditional → simplified converter (loaded once)."""
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def t2s_triggers() -> frozenset:
    """Characters without which no t2s rule can apply: one character of every
    dictionary key that converts to something else (a traditional-only character
    where the key has one). A line holding none of them converts to itself, so it
    can skip OpenCC, which reads text at about 200k characters a second.

    Empty when the converter's tables are not laid out as expected (then every
    line goes through OpenCC)."""
    converter = t2s_converter()
    converter.convert("")  # loads the tables
    try:
        tables = [entry[2] for chain in converter._dict_chain_data for entry in chain]
        if not all(isinstance(table, dict) for table in tables):
            return frozenset()
    except (AttributeError, IndexError, TypeError):
        return frozenset()
    converting_characters = {key for table in tables for key, value in table.items() if len(key) == 1 and key != value}
    triggers = set()
    for table in tables:
        for key, value in table.items():
            if key != value and key:
                triggers.add(next((ch for ch in key if ch in converting_characters), key[-1]))
    return frozenset(triggers)


def to_halfwidth(text: str) -> str:
    """Offset-preserving full-width → half-width mapping of digits, Latin letters and a few symbols."""
    return text.translate(_FULLWIDTH_TO_ASCII)


def match_key(name: str) -> str:
    """The key under which two surface names count as equal (NFKC, no quote marks, no spaces)."""
    folded = unicodedata.normalize("NFKC", name)
    return "".join(ch for ch in folded if ch not in _QUOTES and not ch.isspace())


def strip_quotes(name: str) -> str:
    """A name without its quote marks, otherwise unchanged (used for canonical Programme names)."""
    return "".join(ch for ch in name if ch not in _QUOTES)


# Long texts are processed in pieces: the sentence and relation components cost more than linearly
# in the length of a Doc (measured: one 25k-character article 58 s, 50k 292 s), and spaCy refuses a
# text over nlp.max_length (E088). PIECE_MAX keeps one piece well inside the measured near-linear range.
PIECE_MAX = 4_000
_SENTENCE_ENDS = "。！？!?…；;"
_CLAUSE_MARKS = "，,、：:"
_CLOSERS = "”’」』)）》\"'"


def _last_cut(text: str, marks: str, low: int, high: int) -> int:
    """One past the last of ``marks`` in text[low:high] (and the closing quotes right after it), or -1."""
    best = max(text.rfind(mark, low, high) for mark in marks)
    if best < 0:
        return -1
    cut = best + 1
    while cut < high and text[cut] in _CLOSERS:
        cut += 1
    return cut


def piece_spans(text: str, limit: int = PIECE_MAX) -> List[Tuple[int, int]]:
    """Consecutive (start, end) spans of at most ``limit`` characters that together cover ``text``.

    A cut goes after the last line break in the second half of the window, else after the last
    sentence end there, else after a clause mark, else after a space; a run with none of these
    (a 600k-character line without punctuation) is cut hard at the limit. Every piece but the
    last is at least half the limit long, so the number of pieces is at most 2·len/limit + 1.
    Offsets in a piece plus its start are offsets in ``text``.
    """
    if limit < 2:
        raise ValueError("piece limit must be at least 2 characters")
    spans: List[Tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        low, high = start + limit // 2, start + limit
        for marks in ("\n\u2028\u2029", _SENTENCE_ENDS, _CLAUSE_MARKS, " \t\u3000"):
            cut = _last_cut(text, marks, low, high)
            if cut > 0:
                break
        else:
            cut = high
        spans.append((start, cut))
        start = cut
    if start < len(text) or not spans:
        spans.append((start, len(text)))
    return spans
