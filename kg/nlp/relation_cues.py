"""The word lists the relation patterns and the discourse state key on, read from ``kg/lexicon/*.toml``.

As for the entity cues (:mod:`kg.nlp.cues`), the pipeline config names the lexicon of each concept::

    [components.kg_relations.lexicons]
    implement_verbs = "implement_verbs"

A concept left out of the config reads the lexicon of the same name.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from typing import Dict, Tuple

from .. import lexicon
from .cues import alternation

CONCEPTS = ("implement_verbs", "relation_subjects", "coordinators")


class RelationCues(lexicon.ConceptLexicons):
    """One set of relation word lists, each read from the lexicon the config names for its concept."""

    CONCEPTS = CONCEPTS
    KIND = "relation lexicon"

    @cached_property
    def implement_verbs(self) -> Tuple[str, ...]:
        return self.words("implement_verbs", "verbs")

    @cached_property
    def implement_re(self) -> "re.Pattern[str]":
        return re.compile(alternation(self.implement_verbs))

    @cached_property
    def anaphors(self) -> Dict[str, Tuple[str, ...]]:
        """Words that refer back to the acting organisation or place, by what they refer to."""
        return {
            "Company": self.words("relation_subjects", "company"),
            "Organisation": self.words("relation_subjects", "organisation"),
            "Place": self.words("relation_subjects", "place"),
        }

    @cached_property
    def framing(self) -> "re.Pattern[str]":
        return re.compile(rf"^(?:{alternation(self.words('relation_subjects', 'framing_prepositions'))})")

    @cached_property
    def credit_after(self) -> "re.Pattern[str]":
        return re.compile(rf"^\s*(?:{alternation(self.words('relation_subjects', 'credit_tails'))})")

    @cached_property
    def joiners(self) -> Tuple[str, ...]:
        return self.words("coordinators", "joiners")


@lru_cache(maxsize=None)
def default_relation_cues() -> RelationCues:
    """The cues of the lexicons named after their concepts."""
    return RelationCues()
