"""Head nouns: what the last word of a name says about the thing it names."""

from __future__ import annotations

import re
from typing import Iterable, Optional


ORGANISATION_HEADS = (
    ("GovernmentBody", ("纪委监委", "监委", "人民政府", "政府", "中级人民法院", "人民法院", "法院", "检察院", "委员会", "管委会",
                        "人大常委会", "人大", "政协", "办公室", "厅", "局", "委", "办", "署")),
    ("PartyOrganisation", ("党支部", "党总支", "党委", "党组", "党工委", "纪委", "支部")),
    ("MediaOrganisation", ("融媒体中心", "报社", "日报社", "日报", "电视台", "广播电视台", "新闻中心", "传媒中心")),
    ("ResearchInstitution", ("大学", "学院", "研究院", "研究所", "研究中心", "实验室", "科学院")),
    ("Company", ("有限责任公司", "有限公司", "股份公司", "集团", "公司", "银行", "合作社", "厂")),
    (None, ("妇联", "总工会", "工会", "团委", "协会", "学会", "商会", "联合会", "宣讲团", "志愿服务队", "服务队", "工作站", "中心", "医院", "学校")),
)
PLACE_HEADS = (
    ("Site", ("经济技术开发区", "高新技术产业开发区", "开发区", "工业园区", "产业园区", "物流园区", "园区", "工业园", "新区", "新城", "小区", "景区", "口岸", "广场")),
    ("AdministrativeArea", ("自治区", "省", "市", "盟", "旗", "县", "区", "苏木", "镇", "乡", "街道", "嘎查", "村", "社区")),
)


def head_subtype(name: str, heads) -> Optional[str]:
    """The subtype of the longest head noun the name ends with (党委 beats 委)."""
    best: Optional[tuple] = None
    for subtype, suffixes in heads:
        for suffix in suffixes:
            if name.endswith(suffix) and (best is None or len(suffix) > best[0]):
                best = (len(suffix), subtype or "")
    return best[1] if best else None


def organisation_subtype(name: str) -> Optional[str]:
    """The subtype by head noun; "" for an organisation head without a subtype; None if not an organisation head."""
    return head_subtype(name, ORGANISATION_HEADS)


def place_subtype(name: str) -> Optional[str]:
    return head_subtype(name, PLACE_HEADS)


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
