"""The word lists the cue grammars key on, read from ``kg/lexicon/*.toml``.

The pipeline config names, per concept, the lexicon that fills it (as spaCy
hands patterns to its EntityRuler)::

    [components.kg_domain_entities.lexicons]
    programme_heads = "programme_heads"

A concept left out of the config reads the lexicon of the same name. The
regular expressions built from the lists are compiled once per :class:`Cues`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Dict, Iterable, Optional, Tuple

from .. import lexicon

CJK = "\u4e00-\u9fff"
OPEN_QUOTES, CLOSE_QUOTES = "“「『‘\"", "”」』’\""

CONCEPTS = (
    "programme_heads", "programme_verbs", "policy_documents", "project_words", "product_cues",
    "organisation_heads", "place_heads", "role_nouns", "speech_verbs", "name_stops", "person_names", "national_strategies",
    "media_credits", "posts",
)
ORGANISATION_SUBTYPES = ("GovernmentBody", "PartyOrganisation", "MediaOrganisation", "ResearchInstitution", "Company")
PLACE_SUBTYPES = ("Site", "AdministrativeArea")


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of the words, longest first so the longest one matches."""
    return _alternation(tuple(words))


# The grammars build their patterns from the lexicon lists on every call, thousands of times an
# article batch; escaping and sorting a few hundred words each time cost more than the matching.
@lru_cache(maxsize=1024)
def _alternation(words: Tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass
class Candidate:
    start: int
    end: int
    type: str
    subtype: Optional[str]
    method: str
    priority: int  # higher wins an overlap at equal precedence (see kg.nlp.entities)
    kb_id: str = ""  # a gazetteer id for places
    confidence: float = 1.0  # a model's probability for its span (rules are taken as certain)


class HeadIndex:
    """Head nouns by the subtype they give a name (``((subtype, heads), …)``), looked up by the name's
    last characters: every name the NER or a grammar proposes is typed by its head, and trying each of
    some hundred heads with endswith was the costliest step of typing."""

    def __init__(self, heads: Iterable[Tuple[Optional[str], Iterable[str]]]):
        self.subtype_of: Dict[str, str] = {}
        for subtype, words in heads:
            for word in words:
                self.subtype_of.setdefault(word, subtype or "")  # a head listed twice keeps its first subtype
        self.lengths = sorted({len(word) for word in self.subtype_of}, reverse=True)

    def subtype(self, name: str) -> Optional[str]:
        """The subtype of the longest head the name ends with (党委 beats 委): "" for a head without
        a subtype, None when the name ends with none."""
        for length in self.lengths:
            if length <= len(name):
                subtype = self.subtype_of.get(name[-length:])
                if subtype is not None:
                    return subtype
        return None


class Cues(lexicon.ConceptLexicons):
    """One set of word lists, each read from the lexicon the config names for its concept."""

    CONCEPTS = CONCEPTS

    def words_re(self, concept: str, key: str) -> str:
        """The regex alternation of a list (longest word first), built once per list."""
        if (concept, key) not in self._alternations:
            self._alternations[(concept, key)] = alternation(self.words(concept, key))
        return self._alternations[(concept, key)]

    @cached_property
    def _alternations(self) -> dict:
        return {}

    def chars(self, concept: str, key: str) -> str:
        """A regex character class of the one-character words of a list."""
        return "[" + "".join(re.escape(w) for w in self.words(concept, key)) + "]"

    # head nouns --------------------------------------------------------

    @cached_property
    def organisation_heads(self) -> Tuple[Tuple[Optional[str], Tuple[str, ...]], ...]:
        typed = tuple((s, self.words("organisation_heads", s)) for s in ORGANISATION_SUBTYPES)
        return typed + ((None, self.words("organisation_heads", "other")),)

    @cached_property
    def place_heads(self) -> Tuple[Tuple[str, Tuple[str, ...]], ...]:
        return tuple((s, self.words("place_heads", s)) for s in PLACE_SUBTYPES)

    @cached_property
    def organisation_head_index(self) -> HeadIndex:
        return HeadIndex(self.organisation_heads)

    @cached_property
    def place_head_index(self) -> HeadIndex:
        return HeadIndex(self.place_heads)

    @cached_property
    def site_heads(self) -> Tuple[str, ...]:
        return self.words("place_heads", "Site")

    @cached_property
    def organisation_head_re(self) -> str:
        return alternation(w for _, group in self.organisation_heads for w in group)

    @cached_property
    def level_words_re(self) -> str:
        return alternation(self.words("place_heads", "level_words"))

    # names -------------------------------------------------------------

    @cached_property
    def not_in_name(self) -> "re.Pattern[str]":
        """Quantities, determiners and clause verbs that cannot sit inside a name."""
        return re.compile(self.chars("name_stops", "characters") + "|" + alternation(self.words("name_stops", "words")))

    @cached_property
    def role_nouns(self) -> Tuple[str, ...]:
        return self.words("role_nouns", "nouns")

    @cached_property
    def post_words(self) -> Tuple[str, ...]:
        """Posts held in a body (书记, 常委): the role nouns and the posts' extra words."""
        return tuple(w for w in self.role_nouns + self.words("posts", "extra") if w not in self.words("posts", "not_posts"))

    @cached_property
    def people_of_a_body(self) -> Tuple[str, ...]:
        """Posts and the other words for people of a body (书记, 局长, 员工): jieba joins them to the body's name."""
        return self.post_words + self.words("posts", "not_posts")

    @cached_property
    def speech_verbs(self) -> Tuple[str, ...]:
        return self.words("speech_verbs", "verbs")

    # programmes --------------------------------------------------------

    @cached_property
    def programme_verbs_re(self) -> str:
        return alternation(self.words("programme_verbs", "verbs"))

    @cached_property
    def quoted_programme_cue(self) -> "re.Pattern[str]":
        # a bracketed qualifier may sit inside the tail (“X”示范村(社区)试点)
        return re.compile(rf"(?:[{CJK}]|\([{CJK}]{{1,6}}\)){{0,14}}(?:{alternation(self.words('programme_heads', 'quoted'))})")

    @cached_property
    def unquoted_programme_heads_re(self) -> str:
        return alternation(self.words("programme_heads", "unquoted"))

    @cached_property
    def policy_document(self) -> "re.Pattern[str]":
        heads = alternation(self.words("policy_documents", "heads"))
        return re.compile(rf"《([^《》\n]{{2,60}}?(?:{heads}))》")

    # projects ----------------------------------------------------------

    def project_re(self, key: str) -> str:
        return self.words_re("project_words", key)

    @cached_property
    def project_stop(self) -> "re.Pattern[str]":
        return re.compile(self.project_re("stops"))

    @cached_property
    def generic_project(self) -> "re.Pattern[str]":
        # a place before generic words does not make a name (盐池县合作项目, 自治区年度重大项目)
        places = alternation(self.words("place_heads", "AdministrativeArea"))
        return re.compile(rf"^(?:[{CJK}]{{0,8}}?(?:{places}))?(?:{self.project_re('generic')})+$")


@lru_cache(maxsize=None)
def default_cues() -> Cues:
    """The cues of the lexicons named after their concepts."""
    return Cues()
