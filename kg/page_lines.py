"""The lines of a page: blocks, sentence ends, words across a break, headlines and furniture.

What :mod:`kg.layout` reads before it assembles articles. A block is a non-empty line with its
source offsets; plain-text pages get their headlines marked here (Markdown pages carry ``#``
marks), and the lines of web-page furniture (:mod:`kg.webpage`) are found here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, List

import rjieba

from . import bylines, webpage

_HEADING_RE = re.compile(r"^(#{1,6})\s+")
TERMINAL = set("。！？!?…；;：:")
_CLOSERS = set("”’」』)）》")


@dataclass
class Block:
    start: int  # source offsets of the content (heading marks excluded)
    end: int
    text: str
    blank_lines_before: int
    heading: int = 0  # 0 for a paragraph, else the heading level
    continues_title: bool = False  # a further line of the headline above it


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


def looks_like_headline(block: Block) -> bool:
    text = block.text
    return (len(text) <= HEADLINE_MAX and not is_terminated(text) and not text.endswith(("，", ",", "、"))
            and bylines.parse_credit(text) is None and bylines.parse_trailing(text) is None)


def _is_credit(text: str, bare_names: bool) -> bool:
    return (bylines.parse_credit(text) is not None or bylines.parse_trailing(text) is not None
            or (bare_names and bylines.parse_bare_names(text) is not None))


def _heads_an_article(following: str) -> bool:
    """A line over a byline, a dateline lead or a source/time line is a (short) headline, not chrome."""
    return bool(following) and (
        bylines.parse_credit(following) is not None or bylines.parse_lead(following) is not None
        or webpage.parse_dateline(following) is not None or webpage.parse_source_line(following) is not None
        or webpage.is_date_pieces(following)
    )


def find_furniture(items: List[Block]) -> Dict[int, webpage.Furniture]:
    """Web-page furniture by block index. A footer runs to the end of the page; a run of date-piece
    lines gives its date through its first line; a chrome-sized line is chrome only where it cannot
    be a name (none before the first content line), the rest of an unfinished sentence or a short
    headline over its byline or dateline."""
    footer = next((i for i, b in enumerate(items) if not b.heading and webpage.opens_footer(b.text)), len(items))
    found = {i: webpage.Furniture("footer") for i in range(footer, len(items))}
    seen_content = previous_open = False
    index = 0
    while index < footer:
        block = items[index]
        if block.heading:
            seen_content, previous_open = True, False
            index += 1
            continue
        if webpage.is_date_pieces(block.text):
            run = index
            while run < footer and not items[run].heading and webpage.is_date_pieces(items[run].text):
                run += 1
            found[index] = webpage.Furniture("date", webpage.date_of_pieces([b.text for b in items[index:run]]))
            found.update({k: webpage.Furniture("date") for k in range(index + 1, run)})
            index = run
            continue
        info = webpage.parse_dateline(block.text) or webpage.parse_source_line(block.text)
        following = items[index + 1].text if index + 1 < len(items) else ""
        if (info is None and webpage.is_chrome(block.text) and not previous_open and not _is_credit(block.text, seen_content)
                and not _heads_an_article(following)):
            info = webpage.Furniture("chrome")
        if info is not None:
            found[index] = info
        else:  # a credit line ends nothing and continues nothing
            seen_content, previous_open = True, not is_terminated(block.text) and not _is_credit(block.text, True)
        index += 1
    return found


def mark_plain_headlines(items: List[Block], furniture: Dict[int, webpage.Furniture]) -> None:
    """Plain text has no heading marks: a short unfinished line is a headline when it opens the
    page (after any furniture) or when a byline, a dateline lead or a source/time line follows it
    (a subheading has none of these). Lines printed right under it (no blank line) that still look
    like a headline continue it, up to a headline's length."""
    content = [index for index in range(len(items)) if index not in furniture]
    position = 0
    while position < len(content):
        index = content[position]
        block = items[index]
        opens_page = position == 0
        position += 1
        if not looks_like_headline(block):
            continue
        following = items[content[position]] if position < len(content) else None
        lead_follows = (following is not None and (
            bylines.parse_credit(following.text) is not None or bylines.parse_lead(following.text) is not None
            or bylines.parse_bare_names(following.text) is not None
        )) or (index + 1 in furniture and furniture[index + 1].kind in ("dateline", "date", "source"))
        if opens_page or lead_follows:
            block.heading = 2
            # two short lines over a byline: a headline and its banner (or kicker); the longer one is the headline
            previous = items[content[position - 2]] if position >= 2 else None
            if lead_follows and previous is not None and previous.heading == 0 and looks_like_headline(previous):
                if len(previous.text) > len(block.text):
                    previous.heading, block.heading = 2, 3
                else:
                    previous.heading = 3
            length = len(block.text)
            while block.heading == 2 and position < len(content) and content[position] == content[position - 1] + 1:
                more = items[content[position]]
                if more.blank_lines_before or not looks_like_headline(more) or length + len(more.text) > HEADLINE_MAX:
                    break
                more.heading, more.continues_title = 2, True
                length += len(more.text)
                position += 1


def is_terminated(text: str) -> bool:
    text = text.rstrip()
    while text and text[-1] in _CLOSERS:
        if len(text) >= 2 and text[-2] in TERMINAL:
            return True
        text = text[:-1]
    return bool(text) and text[-1] in TERMINAL


def word_crosses(left: str, right: str) -> bool:
    """Does a dictionary word of length ≥ 2 straddle the join of left and right?"""
    window_left, window_right = left[-4:], right[:4]
    position = 0
    for word in rjieba.cut(window_left + window_right):
        if position < len(window_left) < position + len(word):
            return True
        position += len(word)
    return False
