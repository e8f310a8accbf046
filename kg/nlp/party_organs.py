"""Party organs written before posts: when is 某法院党组 a body of its own?

Under a post chain, a party group (党组, 党委) is an organisation of its own only when the person
holds nothing but party posts in it: 某法院党组书记张三 names the court's party group, while
某法院党组书记、院长李四 and 某集团党委委员、副总经理王五 name the court's or the group's leaders,
whose posts (党组书记、院长) belong to the body itself. So a party-group candidate followed by a
chain with a post of the body is replaced by the body, and a body followed by a party group and
a chain of party posts only gains the party group.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import List, Optional

import rjieba

from .cues import CJK, Candidate, Cues, alternation
from .heads import organisation_subtype


class _Chains:
    """Reads the post chain after a body (书记、院长) with one cue set's post words."""

    def __init__(self, cues: Cues):
        self.element = re.compile(rf"[{CJK}]{{0,4}}?(?:{alternation(cues.post_words)})")
        self.party = re.compile(rf"(?:{alternation(cues.words('posts', 'party_posts'))})")
        self.cues = cues

    def _is_post(self, element: str) -> bool:
        """工会主席, 常务副院长, 总法律顾问; not 把抓好干部 (a clause that ends in a role noun)."""
        return not self.cues.not_in_name.search(element) and not rjieba.tag(element)[0][1].startswith(("v", "p", "c", "d", "u", "r"))

    def party_only(self, text: str, position: int) -> Optional[bool]:
        """True/False for the chain that starts at ``position``; None if no post follows."""
        verdicts = []
        while True:
            match = self.element.match(text, position)
            if match is None or not self._is_post(match.group()):
                break
            verdicts.append(self.party.fullmatch(match.group()) is not None)
            position = match.end()
            if not text.startswith("、", position):
                break
            position += 1
        return all(verdicts) if verdicts else None


@lru_cache(maxsize=8)
def _chains(cues: Cues) -> _Chains:
    """One chain reader per cue set (its patterns are compiled once, not per article)."""
    return _Chains(cues)


def party_organs(candidates: List[Candidate], text: str, cues: Cues) -> List[Candidate]:
    """The candidates with party groups read as the post chain after them says (module docstring)."""
    groups = cues.words("organisation_heads", "party_groups")
    chains = _chains(cues)
    out = []
    for c in candidates:
        if c.type != "Organisation":
            out.append(c)
            continue
        name = text[c.start : c.end]
        group = next((g for g in groups if name.endswith(g) and len(name) > len(g) + 1), None)
        body_subtype = organisation_subtype(name[: -len(group)], cues) if group else None
        if body_subtype is not None and chains.party_only(text, c.end) is False:
            # 某法院|党组书记、院长: the court; not 自治区党委副书记、自治区主席, whose body is a place
            out.append(Candidate(c.start, c.end - len(group), c.type, body_subtype or None, c.method + "-party-group", c.priority))
            continue
        out.append(c)
        group = next((g for g in groups if text.startswith(g, c.end)), None)
        if group is not None and organisation_subtype(name, cues) is not None and chains.party_only(text, c.end + len(group)):
            out.append(Candidate(c.start, c.end + len(group), c.type, "PartyOrganisation", c.method + "+party-group", c.priority))
    return out
