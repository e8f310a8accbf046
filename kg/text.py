"""Character-level normalisation that never changes offsets.

Chinese news mixes full-width ASCII (１９９８, ＡＰＥＣ) with half-width forms; the
public NER corpora were distributed with half-width digits and letters. Mapping
each full-width character to its half-width twin is a one-to-one character
substitution, so every offset computed on the normalised text is valid on the
original text too.
"""

from __future__ import annotations

import unicodedata

# Full-width ASCII block U+FF01..U+FF5E maps to U+0021..U+007E; U+3000 is the
# ideographic space. Chinese punctuation (，。“”) is left alone on purpose: it
# carries sentence structure and the corpora keep it full-width.
_FULLWIDTH_TO_ASCII = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}  # digits
_FULLWIDTH_TO_ASCII.update({cp: cp - 0xFEE0 for cp in range(0xFF21, 0xFF3B)})  # A-Z
_FULLWIDTH_TO_ASCII.update({cp: cp - 0xFEE0 for cp in range(0xFF41, 0xFF5B)})  # a-z
_FULLWIDTH_TO_ASCII.update({0xFF0E: ord("."), 0xFF05: ord("%"), 0xFF0B: ord("+"), 0xFF0D: ord("-"), 0x3000: ord(" ")})

# For matching names the spec asks for NFKC plus quote-mark folding.
_QUOTES = "“”‘’「」『』\"'《》〈〉"


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
