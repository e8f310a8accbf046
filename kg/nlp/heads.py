"""Head nouns: what the last word of a name says about the thing it names.

The head lists live in ``kg/lexicon/organisation_heads.toml`` and
``kg/lexicon/place_heads.toml``; ``ORGANISATION_HEADS`` and ``PLACE_HEADS``
are those of the default lexicons.
"""

from __future__ import annotations

from typing import Iterable, Optional

from .cues import Cues, alternation, default_cues

ORGANISATION_HEADS = default_cues().organisation_heads
PLACE_HEADS = default_cues().place_heads


def head_subtype(name: str, heads) -> Optional[str]:
    """The subtype of the longest head noun the name ends with (党委 beats 委)."""
    best: Optional[tuple] = None
    for subtype, suffixes in heads:
        for suffix in suffixes:
            if name.endswith(suffix) and (best is None or len(suffix) > best[0]):
                best = (len(suffix), subtype or "")
    return best[1] if best else None


def organisation_subtype(name: str, cues: Optional[Cues] = None) -> Optional[str]:
    """The subtype by head noun; "" for an organisation head without a subtype; None if not an organisation head."""
    return head_subtype(name, (cues or default_cues()).organisation_heads)


def place_subtype(name: str, cues: Optional[Cues] = None) -> Optional[str]:
    return head_subtype(name, (cues or default_cues()).place_heads)


def _alternation(words: Iterable[str]) -> str:
    return alternation(words)
