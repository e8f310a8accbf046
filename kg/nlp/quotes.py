"""Quoted runs, shared by the programme and product grammars: “A”“B”, “A”、“B” read as one run."""

from __future__ import annotations

import re
from typing import List

from .cues import CLOSE_QUOTES, OPEN_QUOTES

QUOTED = re.compile(rf"[{OPEN_QUOTES}]([^{OPEN_QUOTES}{CLOSE_QUOTES}\n]{{1,30}})[{CLOSE_QUOTES}]")


def adjacent(a, b) -> bool:
    return b.start() in (a.end(), a.end() + 1) and (b.start() == a.end() or a.string[a.end()] in "、,， ")


def quote_runs(quotes) -> List[List]:
    runs: List[List] = []
    for match in quotes:
        if runs and adjacent(runs[-1][-1], match):
            runs[-1].append(match)
        else:
            runs.append([match])
    return runs
