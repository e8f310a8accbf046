"""The ``kg_ner`` factory: spaCy's transition-based EntityRecognizer, minus a per-character cost at prediction.

Reads ``doc.tensor`` (through its tok2vec listener); sets ``doc.ents``, exactly as the ``ner``
factory does, from the same config and the same weights.

Before every batch spaCy's parser collects the entity labels already present in the Docs, to add
actions for labels it has not seen. It does so by iterating the Docs and building a Python
``Token`` object per token, and our tokens are characters: that check took a quarter of the
NER decoder's CPU (0.85 s of 3.4 s on 200 news articles). Docs that come to the NER hold no
entities, so the check is skipped when no token carries an entity type, which one array read
answers; when one does (the gold Docs of training), spaCy's own check runs.
"""

from __future__ import annotations

from typing import Callable, Iterable, Optional

from spacy.attrs import ENT_TYPE
from spacy.language import Language
from spacy.pipeline import EntityRecognizer as SpacyEntityRecognizer
from spacy.pipeline.ner import DEFAULT_NER_MODEL
from spacy.tokens import Doc
from thinc.api import Model


class EntityRecognizer(SpacyEntityRecognizer):
    def _ensure_labels_are_added(self, docs: Iterable[Doc]) -> None:
        docs = list(docs)
        if any(len(doc) and doc.to_array(ENT_TYPE).any() for doc in docs):
            super()._ensure_labels_are_added(docs)


@Language.factory(
    "kg_ner",
    assigns=["doc.ents", "token.ent_iob", "token.ent_type"],
    default_config={
        "moves": None,
        "update_with_oracle_cut_size": 100,
        "model": DEFAULT_NER_MODEL,
        "incorrect_spans_key": None,
        "scorer": {"@scorers": "spacy.ner_scorer.v1"},
    },
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None},
)
def make_kg_ner(nlp: Language, name: str, model: Model, moves, update_with_oracle_cut_size: int,
                incorrect_spans_key: Optional[str], scorer: Optional[Callable]) -> EntityRecognizer:
    return EntityRecognizer(nlp.vocab, model, name=name, moves=moves, update_with_oracle_cut_size=update_with_oracle_cut_size,
                            incorrect_spans_key=incorrect_spans_key, scorer=scorer)
