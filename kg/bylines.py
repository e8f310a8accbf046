"""Byline grammar of Chinese newspapers.

Forms handled (roles are cue words, names are short runs of CJK characters):

* a byline line: ``通讯员 包雷晶 本报记者 卢显艳``, ``文/图 张三``;
* a lead: ``本报讯(记者 王樱润) …``, ``新华社北京5月1日电(记者 X) …``, ``本报讯 …``;
* a trailing credit: ``(吕玉坤)``, ``(记者 张三 李四)``;
* a bare name under the headline: ``刘宏杰`` (checked against common surnames,
  since a short subtitle looks the same).
"""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

# Longest first so that 本报记者 wins over 记者.
ROLES = (
    "特约通讯员", "本报通讯员", "首席记者", "见习记者", "本报记者", "实习记者",
    "通讯员", "实习生", "记者", "摄影", "文/图", "图/文", "文图", "撰稿",
)
# 文 and 图 are roles only as words of their own (文 张三, 图:李四), never inside a name (巴图)
_ROLE_RE = re.compile("|".join(re.escape(r) for r in ROLES) + r"|(?:(?<=^)|(?<=[\s/]))[文图](?=[\s/:：])")
_NAME_RE = re.compile(r"^[\u4e00-\u9fff](?:[\u4e00-\u9fff·]{0,4}[\u4e00-\u9fff])$")
_SEPARATORS = re.compile(r"[\s、,，]+")
_LEAD_RE = re.compile(
    r"^(?P<lead>(?:本报|本刊)?[\u4e00-\u9fff]{0,8}讯|新华社[\u4e00-\u9fff0-9]{0,12}电|"
    r"[\u4e00-\u9fff]{2,8}社[\u4e00-\u9fff0-9]{0,12}电)"
    r"\s*(?:[(（](?P<credit>[^()（）]{1,40})[)）])?\s*"
)
_TRAILING_RE = re.compile(r"^[(（](?P<credit>[^()（）]{2,40})[)）]$")

# Common surnames (single and compound): a bare two-to-four character line is
# read as an author only when it starts with one of these.
_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "宇文", "长孙", "夏侯")
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)


def _names(chunk: str) -> Optional[List[str]]:
    names = [n for n in _SEPARATORS.split(chunk.strip()) if n]
    if not names or not all(_NAME_RE.match(n) for n in names):
        return None
    return names


def parse_credit(text: str, require_role: bool = True) -> Optional[List[Tuple[str, str]]]:
    """(name, role) pairs if ``text`` is nothing but a byline, else None."""
    text = text.strip()
    if not text or len(text) > 48:
        return None
    matches = list(_ROLE_RE.finditer(text))
    if not matches:
        if require_role:
            return None
        names = _names(text)
        return [(name, "") for name in names] if names else None
    if text[: matches[0].start()].strip():
        return None
    credits: List[Tuple[str, str]] = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        names = _names(text[match.end() : end])
        if names is None:
            return None
        credits.extend((name, match.group()) for name in names)
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


def parse_trailing(paragraph: str) -> Optional[List[Tuple[str, str]]]:
    match = _TRAILING_RE.match(paragraph.strip())
    if not match:
        return None
    return parse_credit(match.group("credit"), require_role=False)


def parse_bare_names(paragraph: str) -> Optional[List[Tuple[str, str]]]:
    names = _names(paragraph)
    if not names or len(names) > 4:
        return None
    for name in names:
        if not 2 <= len(name) <= 4:
            return None
        if not (name[0] in _SURNAMES or name[:2] in _COMPOUND_SURNAMES):
            return None
    return [(name, "") for name in names]
