"""The furniture of news pages saved from the web: lines around the news that are not news.

Each rule holds on several unrelated dev pages (ids in ``kg/lexicon/credits.toml`` and below);
the words they need are data in that lexicon. Forms, shown with invented examples:

* a **source/time line**: ``北川日报 2021-05-06 08:30``, ``2021-05-06 08:30:12 周敏`` (an author
  after the time), ``山河观察2021-05-06 08:30:12 标题重复-北川新闻网微信分享`` (a headline repeated
  as ``title-site``); the date, the outlets it names and the author are read, the line is dropped;
* a date printed over lines of bare numbers (``2021`` / ``05/06`` / ``08:30``) or an event date
  standing alone (``5月6日-7日``);
* a **source line**: ``来源:北川日报``, ``(文章来源:北川日报·北川新闻网)``;
* a **footer**: from a disclaimer or copyright line (``免责声明:…``, ``声明:…``, ``版权所有``) to the
  end of the page;
* **chrome**: a line of at most four characters standing alone, bracketed or not — navigation
  links, buttons and image placeholders (``新闻``, ``推荐内容``, ``(资料图片)``, ``【图片】``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from . import bylines
from .lexicon import words

_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})日?")
_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
_DATE_PIECES = re.compile(r"^[\d\s:/.\-—~年月日时分号]+$")
_SOURCE_LABEL = re.compile(r"^[(（【\[]?\s*(?:文章|信息|新闻)?来源\s*[:：]\s*(?P<source>[^)）】\]]+?)\s*[)）】\]]?$")
_BRACKETS = "()（）[]【】〔〕"
CHROME_MAX = 4
_SENTENCE_MARKS = set("。！？!?，,、；;：:")


@dataclass
class Furniture:
    """What one furniture line says about its article."""

    kind: str  # "dateline", "date", "source", "footer", "chrome"
    date: Optional[str] = None  # ISO yyyy-mm-dd
    outlets: List[str] = field(default_factory=list)
    authors: List[Tuple[str, str]] = field(default_factory=list)


def outlets_in(text: str) -> List[str]:
    """Outlet names on a source line (北川日报·北川新闻网 → both), by their heads."""
    heads = "|".join(re.escape(h) for h in sorted(words("credits", "outlet_heads"), key=len, reverse=True))
    found = []
    for chunk in re.split(r"[\s·•|丨/、,，-]+", text):
        found += [m for m in re.findall(rf"[\u4e00-\u9fffA-Za-z0-9]{{2,12}}?(?:{heads})", chunk) if m not in found]
    return found


def _iso(match: re.Match) -> Optional[str]:
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_dateline(text: str) -> Optional[Furniture]:
    """``[source] date time [author | title-site]``: a date directly followed by a clock time."""
    date = _DATE.search(text)
    if date is None or text.rstrip().endswith("。"):
        return None
    clock = _TIME.match(text, date.end()) or _TIME.match(text, date.end() + 1)
    if clock is None:
        return None
    found = Furniture("dateline", _iso(date))
    before, after = text[: date.start()].strip(), text[clock.end() :].strip()
    found.outlets = outlets_in(before)
    if after:
        names = bylines.parse_bare_names(after)
        if names is not None:
            found.authors = names
        elif "-" in after:  # a page title repeated as "headline-site", as in the window title
            found.outlets += [o for o in outlets_in(after.rsplit("-", 1)[1]) if o not in found.outlets]
    return found


def parse_source_line(text: str) -> Optional[Furniture]:
    match = _SOURCE_LABEL.match(text.strip())
    if match is None:
        return None
    return Furniture("source", outlets=outlets_in(match["source"]))


def is_date_pieces(text: str) -> bool:
    """A line of nothing but numbers and date or time separators (``2021``, ``05/06``, ``5月6日-7日``)."""
    return bool(_DATE_PIECES.match(text)) and any(ch.isdigit() for ch in text)


def opens_footer(text: str) -> bool:
    text = text.strip()
    for opener in words("credits", "footer_openers"):
        if text.startswith(opener):
            rest = text[len(opener) :].lstrip()
            if opener in ("版权所有", "Copyright", "copyright", "©") or rest[:1] in (":", "："):
                return True
    return False


def is_chrome(text: str) -> bool:
    """A line of at most four characters, bracketed or not, with no sentence marks (a link, a button)."""
    inner = text.strip().strip(_BRACKETS).strip()
    return 0 < len(inner) <= CHROME_MAX and not any(ch in _SENTENCE_MARKS for ch in inner) and not inner.isdigit()


def date_of_pieces(texts: List[str]) -> Optional[str]:
    """The date of a run of date-piece lines (``2021`` ``05/06`` ``08:30``), if they give a year."""
    match = re.search(r"(?P<y>(?:19|20)\d{2})\D+(?P<m>\d{1,2})\D(?P<d>\d{1,2})", " ".join(texts))
    return _iso(match) if match else None
