"""Bytes to text, refusing to guess.

A byte-order mark decides first (UTF-8, UTF-16, UTF-32). Otherwise valid
UTF-8 is taken as UTF-8 — legacy Chinese bytes are almost never valid UTF-8 —
unless it reads as unfamiliar characters and a legacy reading below passes
(a short GBK text can be valid UTF-8 by chance). Anything else is decoded with every candidate that accepts it — GB18030,
CP950 (Big5 with the ETEN extensions 碁銹裏墻恒 that ``iconv -t BIG5`` writes),
Big5-HKSCS, and UTF-16 without a mark — and each reading is scored.

A reading is trusted on two measures, both far apart for real text and for
mojibake (measured on the dev pages, in simplified and in traditional script,
against the readings of the same pages in the wrong encoding):

* *familiar share*: of the non-ASCII, non-space characters, the share that are
  one of the ~3,800 frequent simplified (GB2312 level 1) or ~5,400 frequent
  traditional (Big5 level 1) ideographs, or CJK / full-width / general
  punctuation. Real pages score 0.97–1.0; Big5 bytes read as GB18030 0.26–0.38
  (kana, Greek, Cyrillic, private-use characters);
* *word share*: of the ideographs (first :data:`WORD_SAMPLE` characters, in
  simplified script), the share that jieba's dictionary groups into words of
  two or more characters (judged from :data:`WORD_MIN_IDEOGRAPHS` on). Real pages score 0.74–0.90; Korean EUC-KR bytes read
  as GB18030 — all frequent characters, so familiar — score 0.0, a random
  string of frequent characters 0.01.

A reading must reach :data:`MIN_FAMILIAR_SHARE` and :data:`MIN_WORD_SHARE`;
of those that do, the one with the larger word share wins. None trusted, or
two different trusted readings of a text too short to judge by words, and the
input is refused in one line instead of being built into mojibake. Every reading, UTF-8 included, is refused as binary when
more than :data:`MAX_GARBAGE_SHARE` of its characters are control, unassigned,
private-use or replacement characters.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Tuple

MIN_FAMILIAR_SHARE = 0.85
MIN_WORD_SHARE = 0.4
WORD_MIN_IDEOGRAPHS = 20  # below this, too few characters to judge words by
WORD_SAMPLE = 20_000
MAX_GARBAGE_SHARE = 0.02
FAMILIAR_PRIOR = 2
LEGACY_ENCODINGS = ("gb18030", "cp950", "big5hkscs")
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),  # before UTF-16 LE, whose mark it starts with
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_WHITESPACE_CONTROLS = set("\t\n\r\f\v")


class InputError(ValueError):
    """A problem with the user's input, reported as one line."""


@lru_cache(maxsize=65536)
def _is_frequent_ideograph(ch: str) -> bool:
    for encoding, low, high in (("gb2312", 0xB0A1, 0xD7FE), ("big5", 0xA440, 0xC67E)):
        try:
            code = int.from_bytes(ch.encode(encoding), "big")
        except UnicodeEncodeError:
            continue
        if low <= code <= high:
            return True
    return False


def _is_familiar(ch: str) -> bool:
    code = ord(ch)
    if 0x4E00 <= code <= 0x9FFF:
        return _is_frequent_ideograph(ch)
    return (
        0x3000 <= code <= 0x303F  # CJK symbols and punctuation
        or 0xFF01 <= code <= 0xFF65  # full-width forms
        or 0x2010 <= code <= 0x205E  # general punctuation: dashes, quotes, ellipsis
        or ch in "·×÷°±§№℃※→←↑↓■□●○◆◇★☆"
    )


def _is_garbage(ch: str) -> bool:
    if ch in _WHITESPACE_CONTROLS:
        return False
    return ch == "\ufffd" or unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs")


def looks_binary(text: str, counts: Optional[Counter] = None) -> bool:
    """More than :data:`MAX_GARBAGE_SHARE` of the non-space characters (and more than one) are characters no text
    holds: controls, unassigned, private-use, U+FFFD. One stray character (a DOS end-of-file mark) is tolerated."""
    counts = counts if counts is not None else Counter(text)  # judged per distinct character: a page has a few thousand
    counted = sum(n for ch, n in counts.items() if not ch.isspace())
    garbage = sum(n for ch, n in counts.items() if _is_garbage(ch))
    return garbage > 1 and garbage > MAX_GARBAGE_SHARE * counted


def familiar_share(text: str, counts: Optional[Counter] = None) -> float:
    """Share of non-ASCII, non-space characters that are frequent Chinese characters or punctuation.

    Counted with :data:`FAMILIAR_PRIOR` familiar characters added, so that a short text with one
    rare character (a name) is not refused while a page of mojibake still scores low.
    """
    counts = counts if counts is not None else Counter(text)
    counted = {ch: n for ch, n in counts.items() if ord(ch) > 0x7F and not ch.isspace()}
    familiar = sum(n for ch, n in counted.items() if _is_familiar(ch))
    return (familiar + FAMILIAR_PRIOR) / (sum(counted.values()) + FAMILIAR_PRIOR)


def word_counts(text: str) -> Tuple[int, int]:
    """(ideographs, ideographs inside dictionary words of two or more characters) in the text's
    first WORD_SAMPLE characters, read in simplified script."""
    import rjieba

    from .text import t2s_converter

    sample = t2s_converter().convert(text[:WORD_SAMPLE])
    ideographs = in_words = 0
    for word in rjieba.cut(sample, False):
        count = sum(1 for ch in word if "\u4e00" <= ch <= "\u9fff")
        ideographs += count
        if count >= 2 and count == len(word):
            in_words += count
    return ideographs, in_words


@dataclass
class _Reading:
    encoding: str
    text: str
    order: int  # place among the candidates: earlier wins a tie
    plausible: bool  # not binary-looking
    familiar: float
    ideographs: int
    words: float  # share of the ideographs inside words (0.0 without ideographs)

    @classmethod
    def of(cls, encoding: str, text: str, order: int) -> "_Reading":
        ideographs, in_words = word_counts(text)
        counts = Counter(text)
        return cls(encoding, text, order, not looks_binary(text, counts), familiar_share(text, counts), ideographs,
                   in_words / ideographs if ideographs else 0.0)

    @property
    def judged_by_words(self) -> bool:
        return self.ideographs >= WORD_MIN_IDEOGRAPHS

    @property
    def trusted(self) -> bool:
        return (self.plausible and self.familiar >= MIN_FAMILIAR_SHARE
                and (not self.judged_by_words or self.words >= MIN_WORD_SHARE))

    def doubt(self) -> str:
        if not self.plausible:
            return "control or private-use characters"
        if self.familiar < MIN_FAMILIAR_SHARE:
            return f"only {self.familiar:.0%} common Chinese characters or punctuation"
        return f"only {self.words:.0%} of its characters in Chinese words"


def _utf16_orders(data: bytes) -> Tuple[str, ...]:
    """UTF-16 byte orders to try on data without a mark, likelier first: ASCII characters put their
    NUL byte second in little-endian, first in big-endian (a CJK character such as 一, U+4E00, puts
    one on the other side, so the majority decides the order, and the scores decide)."""
    if len(data) % 2:
        return ()
    high_nuls_second = data[1::2].count(0) >= data[0::2].count(0)
    return ("utf-16-le", "utf-16-be") if high_nuls_second else ("utf-16-be", "utf-16-le")


def _refuse_garbage(text: str, encoding: str, name: str, counts: Optional[Counter] = None) -> None:
    if looks_binary(text, counts):
        raise InputError(f"{name}: binary data, not text (read as {encoding}, too many control or unassigned characters)")


def decode(data: bytes, name: str) -> Tuple[str, str]:
    """Decode bytes of a text file; returns (text, encoding) or raises a one-line :class:`InputError`."""
    if not data.strip(b" \t\r\n\f\v\x00"):
        raise InputError(f"{name}: empty input")
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as error:
                raise InputError(f"{name}: starts with a {encoding.upper()} byte-order mark but is not {encoding.upper()} ({error.reason})") from None
            _refuse_garbage(text, encoding, name)
            if not text.strip():
                raise InputError(f"{name}: empty input")
            return text, encoding
    if b"\x00" in data:
        orders = _utf16_orders(data)
        try:
            if orders:
                return _best_reading(data, orders, name)
        except InputError:
            pass
        raise InputError(f"{name}: binary file (contains NUL bytes and is not UTF-16 text), expected text")
    candidates = LEGACY_ENCODINGS + (("utf-16-le", "utf-16-be") if len(data) % 2 == 0 else ())
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _best_reading(data, candidates, name)
    counts = Counter(text)
    _refuse_garbage(text, "utf-8", name, counts)
    utf8_share = familiar_share(text, counts)
    if utf8_share >= MIN_FAMILIAR_SHARE:
        return text, "utf-8"
    # A few legacy bytes can be valid UTF-8 by chance (一 in GBK, D2 BB, is Cyrillic һ in UTF-8):
    # a legacy reading that passes both checks and reads more familiar characters wins.
    try:
        legacy, encoding = _best_reading(data, candidates, name)
    except InputError:
        return text, "utf-8"
    return (legacy, encoding) if familiar_share(legacy) > utf8_share else (text, "utf-8")


def _best_reading(data: bytes, encodings: Tuple[str, ...], name: str) -> Tuple[str, str]:
    readings = []
    for order, encoding in enumerate(encodings):
        try:
            readings.append(_Reading.of(encoding, data.decode(encoding), order))
        except UnicodeDecodeError:
            continue
    if not readings:
        tried = ", ".join(e.upper() for e in encodings)
        raise InputError(f"{name}: not UTF-8 and not valid {tried} text; save it as UTF-8")
    trusted = sorted((r for r in readings if r.trusted), key=lambda r: (r.words, r.familiar, -r.order), reverse=True)
    if not trusted:
        guess = max(readings, key=lambda r: (r.plausible, r.familiar, -r.order))
        raise InputError(f"{name}: cannot tell the encoding (best guess {guess.encoding.upper()}: {guess.doubt()}); save it as UTF-8")
    best = trusted[0]
    rival = next((r for r in trusted[1:] if r.text != best.text), None)
    if rival is not None and not best.judged_by_words:
        # a few characters that read as common characters either way: too few to choose by
        first, second = sorted((best, rival), key=lambda r: r.order)
        raise InputError(f"{name}: too little text to tell {first.encoding.upper()} from {second.encoding.upper()}; save it as UTF-8")
    return best.text, best.encoding
