"""Head nouns: what the last word of a name says about the thing it names.

The head lists live in ``kg/lexicon/organisation_heads.toml`` and
``kg/lexicon/place_heads.toml``; ``ORGANISATION_HEADS`` and ``PLACE_HEADS``
are those of the default lexicons.
"""

from __future__ import annotations

from typing import Iterable, Optional

from .cues import Cues, HeadIndex, alternation, default_cues

ORGANISATION_HEADS = default_cues().organisation_heads
PLACE_HEADS = default_cues().place_heads


def head_subtype(name: str, heads) -> Optional[str]:
    """The subtype of the longest head noun the name ends with (党委 beats 委)."""
    return HeadIndex(heads).subtype(name)


def organisation_subtype(name: str, cues: Optional[Cues] = None) -> Optional[str]:
    """The subtype by head noun; "" for an organisation head without a subtype; None if not an organisation head."""
    return (cues or default_cues()).organisation_head_index.subtype(name)


def place_subtype(name: str, cues: Optional[Cues] = None) -> Optional[str]:
    return (cues or default_cues()).place_head_index.subtype(name)


def _alternation(words: Iterable[str]) -> str:
    return alternation(words)
