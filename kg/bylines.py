"""Byline grammar of Chinese newspapers and news sites.

Forms handled (roles are cue words from ``kg/lexicon/credits.toml``, names are short runs of CJK
characters):

* a byline line: ``通讯员 赵一 本报记者 钱二``, ``文/图 张三``, ``文字|李四``, ``编辑|报社新媒体部 王五``
  (a unit named before a person is skipped);
* a photo credit: ``记者 张三 摄``, on its own line or inside a paragraph after a caption;
* a lead: ``本报讯(记者 王樱润) …``, ``新华社北京5月1日电(记者 X) …``, ``本报讯 …``;
* a trailing credit: ``(吕玉坤)``, ``(记者 张三 李四)``, on its own line or closing a paragraph;
* a bare name under the headline: ``刘宏杰`` (checked against common surnames,
  since a short subtitle looks the same).

Credits are (name, role) pairs; :func:`is_author` tells a writer from a photographer or editor.
"""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

from .lexicon import words

AUTHOR_ROLES = words("credits", "author_roles")
OTHER_ROLES = words("credits", "other_roles")
PHOTO = "摄"
# Longest first so that 本报记者 wins over 记者.
ROLES = tuple(sorted(AUTHOR_ROLES + OTHER_ROLES, key=len, reverse=True))
# 文 and 图 are roles only as words of their own (文 张三, 图:李四), never inside a name (巴图)
_ROLE_RE = re.compile("|".join(re.escape(r) for r in ROLES) + r"|(?:(?<=^)|(?<=[\s/]))[文图](?=[\s/:：|丨])")
_NAME_RE = re.compile(r"^[\u4e00-\u9fff](?:[\u4e00-\u9fff·]{0,4}[\u4e00-\u9fff])$")
_SEPARATORS = re.compile(r"[\s、,，|丨:：/]+")
UNIT_MIN = 5  # a credit token this long is the unit the person works in, not a name
_LEAD_RE = re.compile(
    r"^(?P<lead>(?:本报|本刊)?[\u4e00-\u9fff]{0,8}讯|新华社[\u4e00-\u9fff0-9]{0,12}电|"
    r"[\u4e00-\u9fff]{2,8}社[\u4e00-\u9fff0-9]{0,12}电)"
    r"\s*(?:[(（](?P<credit>[^()（）]{1,40})[)）])?\s*"
)
_TRAILING_RE = re.compile(r"^[(（](?P<credit>[^()（）]{2,40})[)）]$")
_CLOSING_CREDIT_RE = re.compile(r"(?<=[。！？!?”])\s*[(（](?P<credit>[^()（）]{2,40})[)）]\s*$")
_PHOTO_RE = re.compile(
    "(?:" + "|".join(re.escape(r) for r in ROLES) + r")\s*[\u4e00-\u9fff]{2,4}(?:[\s、]+[\u4e00-\u9fff]{2,4})*\s+摄(?![影像制])"
)

# A bare two-to-four character line is read as a name only when it starts with a common surname.
_COMPOUND_SURNAMES = words("credits", "compound_surnames")
_SURNAMES = set("".join(words("credits", "surnames")))


def _names(chunk: str, allow_units: bool = False) -> Optional[List[str]]:
    tokens = [n for n in _SEPARATORS.split(chunk.strip()) if n]
    if allow_units:
        tokens = [t for t in tokens if len(t) < UNIT_MIN or not re.fullmatch(r"[\u4e00-\u9fff]+", t)] or tokens
    if not tokens or not all(_NAME_RE.match(n) for n in tokens):
        return None
    return tokens


def is_author(role: str) -> bool:
    """Writers and reporters are authors; photographers and editors are credited people, not authors."""
    return role not in OTHER_ROLES and role not in (PHOTO, "图")


def _has_surname(name: str) -> bool:
    return name[0] in _SURNAMES or name[:2] in _COMPOUND_SURNAMES


def parse_credit(text: str, require_role: bool = True) -> Optional[List[Tuple[str, str]]]:
    """(name, role) pairs if ``text`` is nothing but a byline, else None. A closing 摄 makes every
    name a photo credit (role 摄)."""
    text = text.strip()
    if not text or len(text) > 48:
        return None
    photo = re.search(r"\s摄$", text) is not None
    if photo:
        text = text[:-1].rstrip()
    matches = list(_ROLE_RE.finditer(text))
    if not matches:
        if require_role:
            return None
        names = _names(text)
        return [(name, PHOTO if photo else "") for name in names] if names else None
    if text[: matches[0].start()].strip():
        return None
    credits: List[Tuple[str, str]] = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        names = _names(text[match.end() : end], allow_units=True)
        if names is None:
            return None
        credits.extend((name, PHOTO if photo else match.group()) for name in names)
    return credits


def parse_lead(paragraph: str) -> Optional[Tuple[int, List[Tuple[str, str]]]]:
    """For a paragraph opening with a dateline lead (本报讯(记者 X)), the length of
    the lead and its credits; None if it has no lead."""
    match = _LEAD_RE.match(paragraph)
    if not match or len(match.group()) == len(paragraph):
        return None
    credits: List[Tuple[str, str]] = []
    if match.group("credit"):
        parsed = parse_credit(match.group("credit"), require_role=False)
        if parsed is None:
            return None
        credits = parsed
    return match.end(), credits


def lead_agency(paragraph: str) -> Optional[str]:
    """The outlet a dateline lead names (``北川新闻网讯`` → ``北川新闻网``); None for the paper's own
    ``本报讯`` and for a paragraph without a lead."""
    match = _LEAD_RE.match(paragraph)
    if not match or match.group("lead").startswith(("本报", "本刊")):
        return None
    return match.group("lead")[:-1]  # without 讯 / 电


def _role_less_names_are_people(credits: List[Tuple[str, str]]) -> bool:
    return all(role or (2 <= len(name) <= 4 and _has_surname(name)) for name, role in credits)


def parse_trailing(paragraph: str) -> Optional[List[Tuple[str, str]]]:
    """A bracketed credit standing alone: ``(吕玉坤)``; a name without a role must look like one."""
    match = _TRAILING_RE.match(paragraph.strip())
    if not match:
        return None
    credits = parse_credit(match.group("credit"), require_role=False)
    return credits if credits and _role_less_names_are_people(credits) else None


def split_closing_credit(paragraph: str) -> Optional[Tuple[int, List[Tuple[str, str]]]]:
    """A bracketed credit closing a paragraph after its last sentence (``…纪录。(张三)``):
    where the credit starts, and its credits."""
    match = _CLOSING_CREDIT_RE.search(paragraph)
    if not match or not match.start():
        return None
    credits = parse_credit(match.group("credit"), require_role=False)
    if not credits or not _role_less_names_are_people(credits):
        return None
    return match.start(), credits


def find_photo_credit(paragraph: str) -> Optional[Tuple[int, int, List[Tuple[str, str]]]]:
    """A photo credit inside a paragraph (``…装配设备。本报记者 张三 摄今年以来…``), with a role
    before the names: its span and credits."""
    match = _PHOTO_RE.search(paragraph)
    if not match:
        return None
    credits = parse_credit(match.group())
    return (match.start(), match.end(), credits) if credits else None


def parse_bare_names(paragraph: str) -> Optional[List[Tuple[str, str]]]:
    names = _names(paragraph)
    if not names or len(names) > 4:
        return None
    for name in names:
        if not 2 <= len(name) <= 4 or not _has_surname(name):
            return None
    return [(name, "") for name in names]
