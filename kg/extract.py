"""Run the spaCy pipeline over articles and read mentions and relations off the Docs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, List, Optional

from spacy.language import Language
from spacy.util import load_config

from . import ner
from .model import Article, Evidence, Mention, Relation
from .nlp.tokenizer import doc_text
from .nlp import entities as _entities  # noqa: F401  (registers factories)
from .nlp import relations as _relations  # noqa: F401
from .nlp import sentences as _sentences  # noqa: F401

PIPELINE_CONFIG = Path(__file__).parent / "resources" / "pipeline.cfg"


@dataclass
class Extraction:
    article: Article
    mentions: List[Mention] = field(default_factory=list)
    relations: List[Relation] = field(default_factory=list)
    sentences: List[tuple] = field(default_factory=list)  # (start, end) article offsets
    embedded_places: List[Mention] = field(default_factory=list)  # places inside other names


def build_pipeline(ner_model: Optional[Path] = None, use_ner: bool = True, config: Path = PIPELINE_CONFIG) -> Language:
    """The trained NER (or a blank character pipeline) plus the components listed in ``config``."""
    nlp = ner.load_ner(ner_model) if use_ner else ner.blank_char_pipeline()
    settings = load_config(config)
    for name in settings["pipeline"]["components"]:
        component = dict(settings["components"][name])
        factory = component.pop("factory")
        nlp.add_pipe(factory, name=name, config=component)
    return nlp


def _mention(span) -> Mention:
    return Mention(span.start_char, span.end_char, span.text, span.label_, span.id_ or None, "pipeline", span.kb_id_ or None)


def _make_docs(nlp: Language, articles: List[Article]):
    for article in articles:
        doc = nlp.make_doc(article.text)
        doc._.place = article.place
        yield doc


def extract(nlp: Language, articles: Iterable[Article], batch_size: int = 8) -> Iterator[Extraction]:
    articles = list(articles)
    docs = nlp.pipe(_make_docs(nlp, articles), batch_size=batch_size)
    for article, doc in zip(articles, docs):
        mentions = [_mention(span) for span in doc.ents]
        result = Extraction(article, mentions, sentences=[(s.start_char, s.end_char) for s in doc.sents])
        result.embedded_places = [_mention(span) for span in doc.spans.get("embedded_places", [])]
        for hit in doc._.relations:
            sentence = doc_text(doc)[hit.sentence_start : hit.sentence_end]
            evidence = Evidence(article.id, sentence, hit.sentence_start, hit.sentence_end)
            result.relations.append(
                Relation(
                    mentions[hit.subject], hit.predicate, mentions[hit.object], evidence,
                    hit.method, hit.confidence, hit.role, hit.amount, hit.year,
                )
            )
        yield result
