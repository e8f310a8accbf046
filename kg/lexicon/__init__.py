"""Word lists as data: one TOML file per concept in this folder, loaded once.

A lexicon file holds named lists of words (and, where a list needs it, a
``why`` line saying what it is for and which pages justify it)::

    # kg/lexicon/programme_cues.toml
    why = "head nouns that make a quoted name a programme"
    heads = ["活动", "模式", "改革"]

Components receive lexicons by name through the pipeline config
(``kg/resources/pipeline.cfg``), never by importing word lists from code.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Tuple

LEXICON_DIR = Path(__file__).parent


class LexiconError(ValueError):
    """A lexicon file that is missing or malformed."""


@lru_cache(maxsize=None)
def load(name: str) -> Dict[str, object]:
    """The parsed TOML of ``kg/lexicon/<name>.toml``."""
    path = LEXICON_DIR / f"{name}.toml"
    if not path.is_file():
        raise LexiconError(f"no lexicon named {name!r} ({path})")
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise LexiconError(f"lexicon {name!r}: {error}") from None


# (name, key) → (the parsed table, its checked list). The grammars ask for their lists on every
# article, ten thousand times per 200 articles; a list is checked once per parsed table, so clearing
# load's cache (a test writing its own lexicon) checks it again.
_CHECKED: Dict[Tuple[str, str], Tuple[Dict[str, object], Tuple[str, ...]]] = {}


def words(name: str, key: str) -> Tuple[str, ...]:
    """One list of a lexicon, as a tuple of non-empty strings (longest first keeps regex alternations greedy)."""
    table = load(name)
    checked = _CHECKED.get((name, key))
    if checked is not None and checked[0] is table:
        return checked[1]
    if key not in table:
        raise LexiconError(f"lexicon {name!r} has no list {key!r}")
    values = table[key]
    if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
        raise LexiconError(f"lexicon {name!r}: {key!r} must be a list of non-empty strings")
    _CHECKED[(name, key)] = (table, tuple(values))
    return _CHECKED[(name, key)][1]


class ConceptLexicons:
    """Word lists by concept, each read from the lexicon a pipeline config names for it (a concept
    left out reads the lexicon of its own name). Subclasses list their ``CONCEPTS``."""

    CONCEPTS: Tuple[str, ...] = ()
    KIND = "lexicon"  # how an error names the concepts

    def __init__(self, lexicons: Optional[Mapping[str, str]] = None):
        lexicons = dict(lexicons or {})
        unknown = sorted(set(lexicons) - set(self.CONCEPTS))
        if unknown:
            raise LexiconError(f"unknown {self.KIND} concept(s): {', '.join(unknown)}")
        self.files = {concept: lexicons.get(concept, concept) for concept in self.CONCEPTS}

    def words(self, concept: str, key: str) -> Tuple[str, ...]:
        return words(self.files[concept], key)


def available() -> List[str]:
    return sorted(p.stem for p in LEXICON_DIR.glob("*.toml"))
