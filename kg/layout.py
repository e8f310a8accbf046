"""Split a newspaper page into articles and repair its layout breaks.

A page arrives as plain text or Markdown: paragraphs separated by blank lines,
headlines as ``#``/``##`` headings, section heads and column banners as
``###``. Layout damage typical of pages extracted from print is repaired:

* a word or sentence broken across blank lines (``科研单`` / ``位``): a paragraph
  that ends without sentence-final punctuation is joined to the next one;
* a headline printed in the middle of its own article: a headline that
  interrupts an unfinished sentence titles the article around it;
* a paragraph printed out of order: an article that ends mid-word is completed
  by an opening fragment that continues that word (``共同`` + ``体意识。``).

Every character of an article's text keeps its offset in the page
(:class:`kg.model.TextMap`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

import rjieba

from . import bylines
from .model import Article, TextMap

_HEADING_RE = re.compile(r"^(#{1,6})\s+")
_TERMINAL = set("。！？!?…；;：:")
_CLOSERS = set("”’」』)）》")
CAPTION_MAX = 30
FRAGMENT_MAX = 8


@dataclass
class Block:
    start: int  # source offsets of the content (heading marks excluded)
    end: int
    text: str
    blank_lines_before: int
    heading: int = 0  # 0 for a paragraph, else the heading level


@dataclass
class _Paragraph:
    pieces: List[Tuple[int, int]]  # source (start, end) pieces joined without separator

    def text(self, page: str) -> str:
        return "".join(page[s:e] for s, e in self.pieces)


@dataclass
class _Draft:
    title: Optional[Block] = None
    banners: List[Block] = field(default_factory=list)
    paragraphs: List[_Paragraph] = field(default_factory=list)
    captions: List[Block] = field(default_factory=list)
    authors: List[Tuple[str, str]] = field(default_factory=list)
    byline_spans: List[Tuple[int, int]] = field(default_factory=list)
    join_next: bool = False  # the last paragraph was cut mid-sentence by the layout

    @property
    def has_body(self) -> bool:
        return bool(self.paragraphs)


def blocks(page: str) -> List[Block]:
    result: List[Block] = []
    blank = 0
    position = 0
    for line in page.splitlines(keepends=True):
        content = line.rstrip("\r\n")
        stripped = content.strip()
        if not stripped:
            blank += 1
        else:
            lead = len(content) - len(content.lstrip())
            start = position + lead
            heading = 0
            match = _HEADING_RE.match(stripped)
            if match:
                heading = len(match.group(1))
                start += match.end()
            end = position + len(content.rstrip())
            result.append(Block(start, end, page[start:end], blank, heading))
            blank = 0
        position += len(line)
    return result


HEADLINE_MAX = 40


def _looks_like_headline(block: Block) -> bool:
    text = block.text
    return (len(text) <= HEADLINE_MAX and not is_terminated(text) and not text.endswith(("，", ",", "、"))
            and bylines.parse_credit(text) is None and bylines.parse_trailing(text) is None)


def _mark_plain_headlines(items: List[Block]) -> None:
    """Plain text has no heading marks: a short unfinished line is a headline when it opens the
    page or when a byline or dateline lead follows it (a subheading has neither)."""
    for index, block in enumerate(items):
        if not _looks_like_headline(block):
            continue
        following = items[index + 1] if index + 1 < len(items) else None
        lead_follows = following is not None and (
            bylines.parse_credit(following.text) is not None or bylines.parse_lead(following.text) is not None
            or bylines.parse_bare_names(following.text) is not None
        )
        if index == 0 or lead_follows:
            block.heading = 2
            # two short lines over a byline: a headline and its banner (or kicker); the longer one is the headline
            previous = items[index - 1] if index else None
            if lead_follows and previous is not None and previous.heading == 0 and _looks_like_headline(previous):
                if len(previous.text) > len(block.text):
                    previous.heading, block.heading = 2, 3
                else:
                    previous.heading = 3


def is_terminated(text: str) -> bool:
    text = text.rstrip()
    while text and text[-1] in _CLOSERS:
        if len(text) >= 2 and text[-2] in _TERMINAL:
            return True
        text = text[:-1]
    return bool(text) and text[-1] in _TERMINAL


def _word_crosses(left: str, right: str) -> bool:
    """Does a dictionary word of length ≥ 2 straddle the join of left and right?"""
    window_left, window_right = left[-4:], right[:4]
    position = 0
    for word in rjieba.cut(window_left + window_right):
        if position < len(window_left) < position + len(word):
            return True
        position += len(word)
    return False


def _is_caption(block: Block) -> bool:
    text = block.text
    if text.startswith("图为") and len(text) <= 2 * CAPTION_MAX:
        return True
    if block.blank_lines_before < 2 or len(text) > CAPTION_MAX:
        return False
    inner = text.rstrip("。")
    return not any(ch in _TERMINAL for ch in inner)


def _add_paragraph(draft: _Draft, start: int, end: int) -> None:
    if draft.join_next and draft.paragraphs:
        draft.paragraphs[-1].pieces.append((start, end))
    else:
        draft.paragraphs.append(_Paragraph([(start, end)]))


def split_page(page: str, source: str, id_prefix: str, place: Optional[str] = None) -> List[Article]:
    drafts: List[_Draft] = []
    current = _Draft()
    pending_banner: Optional[Block] = None
    items = blocks(page)
    if not any(b.heading for b in items):
        _mark_plain_headlines(items)

    def close() -> None:
        nonlocal current
        if current.title or current.paragraphs:
            drafts.append(current)
        current = _Draft()

    for index, block in enumerate(items):
        following = items[index + 1] if index + 1 < len(items) else None
        if block.heading in (1, 2):
            if pending_banner is not None:  # a banner printed above this headline
                close()
                current.banners.append(pending_banner)
                current.title = block
                pending_banner = None
                continue
            if current.title is None and current.has_body and current.join_next:
                current.title = block  # a headline printed inside its own article
                continue
            close()
            current.title = block
            continue
        if block.heading:
            if not current.has_body and (current.title or current.banners):
                current.banners.append(block)
            elif following is not None and following.heading in (1, 2):
                pending_banner = block
            else:
                current.paragraphs.append(_Paragraph([(block.start, block.end)]))
                current.join_next = False
            continue
        if pending_banner is not None:  # a subheading after all: keep it in the text
            current.paragraphs.append(_Paragraph([(pending_banner.start, pending_banner.end)]))
            pending_banner = None
        credits = bylines.parse_credit(block.text)
        if credits is None and not current.has_body and current.title is not None:
            credits = bylines.parse_bare_names(block.text)
        if credits is None:
            credits = bylines.parse_trailing(block.text)
        if credits is not None:
            current.authors.extend(c for c in credits if c not in current.authors)
            current.byline_spans.append((block.start, block.end))
            continue
        if _is_caption(block):
            current.captions.append(block)
            continue
        start = block.start
        lead = bylines.parse_lead(block.text)
        if lead is not None:
            length, credits = lead
            current.authors.extend(c for c in credits if c not in current.authors)
            current.byline_spans.append((block.start, block.start + length))
            start = block.start + length
        _add_paragraph(current, start, block.end)
        current.join_next = not is_terminated(block.text)
    if pending_banner is not None:
        current.paragraphs.append(_Paragraph([(pending_banner.start, pending_banner.end)]))
    close()

    for draft in drafts:
        _complete_out_of_order_ending(draft, page)
    return [_assemble(draft, page, source, f"{id_prefix}-{n}", place) for n, draft in enumerate(drafts, 1)]


def _complete_out_of_order_ending(draft: _Draft, page: str) -> None:
    if len(draft.paragraphs) < 2:
        return
    last = draft.paragraphs[-1].text(page)
    first = draft.paragraphs[0].text(page)
    if is_terminated(last):
        return
    clause = re.split(r"[。！？；]", first, maxsplit=1)[0]
    if len(clause) <= FRAGMENT_MAX and clause != first and _word_crosses(last, first):
        moved = draft.paragraphs.pop(0)
        draft.paragraphs[-1].pieces.extend(moved.pieces)


def _assemble(draft: _Draft, page: str, source: str, article_id: str, place: Optional[str]) -> Article:
    text_parts: List[str] = []
    pieces: List[Tuple[int, int, int]] = []
    cursor = 0

    def add(start: int, end: int) -> None:
        nonlocal cursor
        pieces.append((cursor, start, end - start))
        text_parts.append(page[start:end])
        cursor += end - start

    def newline() -> None:
        nonlocal cursor
        if text_parts:
            text_parts.append("\n")
            cursor += 1

    lines = ([draft.title] if draft.title else []) + draft.banners
    for block in lines:
        newline()
        add(block.start, block.end)
    for paragraph in draft.paragraphs:
        newline()
        for start, end in paragraph.pieces:
            add(start, end)
    for block in draft.captions:
        newline()
        add(block.start, block.end)
    title = draft.title.text if draft.title else _fallback_title(draft, page)
    byline = None
    byline_span = None
    if draft.byline_spans:
        byline_span = (draft.byline_spans[0][0], draft.byline_spans[-1][1])
        byline = " ".join(page[s:e] for s, e in draft.byline_spans)
    return Article(
        id=article_id,
        title=title,
        text="".join(text_parts),
        source=source,
        authors=list(draft.authors),
        place=place,
        captions=[b.text for b in draft.captions],
        banners=[b.text for b in draft.banners],
        text_map=TextMap(pieces),
        byline=byline,
        byline_span=byline_span,
        source_text=page,
    )


def _fallback_title(draft: _Draft, page: str) -> str:
    if not draft.paragraphs:
        return ""
    first = draft.paragraphs[0].text(page)
    sentence = re.split(r"[。！？]", first, maxsplit=1)[0]
    return sentence[:40]
