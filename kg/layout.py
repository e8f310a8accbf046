"""Split a newspaper page into articles and repair its layout breaks.

A page arrives as plain text or Markdown: paragraphs separated by blank lines,
headlines as ``#``/``##`` headings, section heads and column banners as
``###``. Layout damage typical of pages extracted from print is repaired:

* a word or sentence broken across blank lines (``科研单`` / ``位``): a paragraph
  that ends without sentence-final punctuation is joined to the next one;
* a headline printed in the middle of its own article: a headline that
  interrupts an unfinished sentence titles the article around it;
* a paragraph printed out of order: an article that ends mid-word is completed
  by an opening fragment that continues that word (``共同`` + ``体意识。``);
* in plain web text, where lines break where the site broke them, a short unfinished line (a
  subheading, a photo caption) stays its own line: it is joined to the next paragraph only when
  the sentence visibly goes on (a trailing comma, a leading punctuation mark, a word across the
  break, or a long line).

Pages saved from the web carry furniture (:mod:`kg.webpage`): source/time lines are read into
the article (date, outlets, an author) and dropped, so is site chrome; a headline may come after
that furniture and may be printed over several lines. Credits (:mod:`kg.bylines`) give authors,
and photographers and editors as contributors who are not authors.

Every character of an article's text keeps its offset in the page
(:class:`kg.model.TextMap`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from . import bylines, webpage
from .model import Article, TextMap
from .page_lines import (
    HEADLINE_MAX, TERMINAL, Block, blocks, find_furniture, is_terminated, mark_plain_headlines, word_crosses,
)

CAPTION_MAX = 30
FRAGMENT_MAX = 8


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
    title_more: List[Block] = field(default_factory=list)  # further lines of a headline printed over several
    authors: List[Tuple[str, str]] = field(default_factory=list)
    contributors: List[Tuple[str, str]] = field(default_factory=list)
    date: Optional[str] = None
    outlets: List[str] = field(default_factory=list)
    outlet_lines: List[Block] = field(default_factory=list)
    byline_spans: List[Tuple[int, int]] = field(default_factory=list)
    join_next: bool = False  # the last paragraph was cut mid-sentence by the layout

    @property
    def has_body(self) -> bool:
        return bool(self.paragraphs)

    def credit(self, credits: List[Tuple[str, str]]) -> None:
        for name, role in credits:
            people = self.authors if bylines.is_author(role) else self.contributors
            if all(name != known for known, _ in self.authors + self.contributors):
                people.append((name, role))

    def note(self, furniture: webpage.Furniture, block: Block) -> None:
        self.date = self.date or furniture.date
        self.add_outlets(furniture.outlets, block.start, block.text)
        self.credit(furniture.authors)

    def add_outlets(self, outlets: List[str], start: int, text: str) -> None:
        """Outlets named on a line; the stretch of the line that names them stays in the article as a
        line of its own, so that the names are read (and the places in them) like any other text."""
        found = [(text.find(o), o) for o in outlets if o not in self.outlets and text.find(o) >= 0]
        if not found:
            return
        self.outlets += [o for _, o in found]
        first, last = min(p for p, _ in found), max(p + len(o) for p, o in found)
        self.outlet_lines.append(Block(start + first, start + last, text[first:last], 0))


def _is_caption(block: Block) -> bool:
    text = block.text
    if text.startswith("图为") and len(text) <= 2 * CAPTION_MAX:
        return True
    if block.blank_lines_before < 2 or len(text) > CAPTION_MAX:
        return False
    inner = text.rstrip("。")
    return not any(ch in TERMINAL for ch in inner)


_CONTINUING_END = set(",，、“《(（—")
_CONTINUING_START = set(",，、。;；:：)）”》!！?？")


def _continues(previous: str, text: str) -> bool:
    """Does ``text`` go on with the unfinished ``previous`` line, rather than follow a subheading or caption?"""
    previous, text = previous.rstrip(), text.lstrip()
    if not previous or not text:
        return False
    return (previous[-1] in _CONTINUING_END or text[0] in _CONTINUING_START or len(previous) > HEADLINE_MAX
            or word_crosses(previous, text))


def _add_paragraph(draft: _Draft, start: int, end: int, page: str, marked: bool) -> None:
    """Marked-up pages (heading marks) come from print, where layout breaks lines anywhere: every
    unfinished paragraph goes on. Plain web text breaks where the site did, so a short unfinished
    line there is a subheading or caption unless the sentence visibly goes on."""
    if draft.join_next and draft.paragraphs and (marked or _continues(draft.paragraphs[-1].text(page), page[start:end])):
        draft.paragraphs[-1].pieces.append((start, end))
    else:
        draft.paragraphs.append(_Paragraph([(start, end)]))


def split_page(page: str, source: str, id_prefix: str, place: Optional[str] = None) -> List[Article]:
    drafts: List[_Draft] = []
    current = _Draft()
    pending_banner: Optional[Block] = None
    items = blocks(page)
    furniture = find_furniture(items)
    marked = any(b.heading for b in items)
    if not marked:
        mark_plain_headlines(items, furniture)

    def close() -> None:
        """Start a new article; a draft with no headline and no text yet (only furniture or credits
        above a headline) is kept for the article that follows."""
        nonlocal current
        if current.title or current.paragraphs:
            drafts.append(current)
            current = _Draft()

    for index, block in enumerate(items):
        following = items[index + 1] if index + 1 < len(items) else None
        if index in furniture:
            current.note(furniture[index], block)
            continue
        if block.continues_title and current.title is not None:
            current.title_more.append(block)
            continue
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
            current.credit(credits)
            if any(bylines.is_author(role) for _, role in credits):
                current.byline_spans.append((block.start, block.end))
            continue
        if _is_caption(block):
            current.captions.append(block)
            continue
        _read_paragraph(current, block, page, marked)
    if pending_banner is not None:
        current.paragraphs.append(_Paragraph([(pending_banner.start, pending_banner.end)]))
    close()

    for draft in drafts:
        _complete_out_of_order_ending(draft, page)
    return [_assemble(draft, page, source, f"{id_prefix}-{n}", place) for n, draft in enumerate(drafts, 1)]


def _read_paragraph(draft: _Draft, block: Block, page: str, marked: bool) -> None:
    """A paragraph: its dateline lead, a photo credit after a caption inside it, a credit closing it."""
    start, end = block.start, block.end
    lead = bylines.parse_lead(block.text)
    if lead is not None:
        length, credits = lead
        draft.credit(credits)
        agency = bylines.lead_agency(block.text)
        if agency:
            draft.add_outlets(webpage.outlets_in(agency), start, block.text)
        draft.byline_spans.append((start, start + length))
        start += length
    photo = bylines.find_photo_credit(page[start:end])
    if photo is not None:
        credit_start, credit_end, credits = photo
        draft.credit(credits)
        if credit_start:  # the caption the credit closes
            draft.captions.append(Block(start, start + credit_start, page[start : start + credit_start], 0))
        start += credit_end
        while start < end and page[start].isspace():
            start += 1
    closing = bylines.split_closing_credit(page[start:end])
    if closing is not None:
        cut, credits = closing
        draft.credit(credits)
        draft.byline_spans.append((start + cut, end))
        end = start + cut
    if start >= end:
        return
    _add_paragraph(draft, start, end, page, marked)
    draft.join_next = not is_terminated(page[start:end])


def _complete_out_of_order_ending(draft: _Draft, page: str) -> None:
    if len(draft.paragraphs) < 2:
        return
    last = draft.paragraphs[-1].text(page)
    first = draft.paragraphs[0].text(page)
    if is_terminated(last):
        return
    clause = re.split(r"[。！？；]", first, maxsplit=1)[0]
    if len(clause) <= FRAGMENT_MAX and clause != first and word_crosses(last, first):
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

    if draft.title:
        newline()
        for block in [draft.title] + draft.title_more:
            add(block.start, block.end)
    for block in draft.banners:
        newline()
        add(block.start, block.end)
    for paragraph in draft.paragraphs:
        newline()
        for start, end in paragraph.pieces:
            add(start, end)
    for block in draft.captions + draft.outlet_lines:
        newline()
        add(block.start, block.end)
    title = "".join(b.text for b in [draft.title] + draft.title_more) if draft.title else _fallback_title(draft, page)
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
        date=draft.date,
        contributors=list(draft.contributors),
        outlets=list(draft.outlets),
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
