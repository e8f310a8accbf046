"""Run the spaCy pipeline over articles and read mentions and relations off the Docs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Tuple

from spacy.language import Language
from spacy.util import load_config

from . import ner
from .model import Article, Evidence, Mention, Relation
from .nlp.tokenizer import doc_text
from .text import piece_spans
from .nlp import entities as _entities  # noqa: F401  (registers factories)
from .nlp import relations as _relations  # noqa: F401
from .nlp import relation_model as _relation_model  # noqa: F401
from .nlp import sentences as _sentences  # noqa: F401

PIPELINE_CONFIG = Path(__file__).parent / "resources" / "pipeline.cfg"


@dataclass
class Extraction:
    article: Article
    mentions: List[Mention] = field(default_factory=list)
    relations: List[Relation] = field(default_factory=list)
    sentences: List[tuple] = field(default_factory=list)  # (start, end) article offsets
    embedded_places: List[Mention] = field(default_factory=list)  # places inside other names


def build_pipeline(ner_model: Optional[Path] = None, use_ner: bool = True, config: Path = PIPELINE_CONFIG,
                   overrides: Optional[Dict[str, Dict[str, object]]] = None, ner_decoder: Optional[str] = None) -> Language:
    """The trained NER (or a blank character pipeline) plus the components listed in ``config``;
    ``overrides`` replaces settings of named components (a model trained on other pages, a threshold);
    ``ner_decoder`` names the NER decoder (kg.ner.DECODERS)."""
    nlp = ner.load_ner(ner_model, decoder=ner_decoder) if use_ner else ner.blank_char_pipeline()
    settings = load_config(config)
    unknown = sorted(set(overrides or {}) - set(settings["pipeline"]["components"]))
    if unknown:
        raise ValueError(f"pipeline overrides name no component of {config.name}: {', '.join(unknown)}")
    for name in settings["pipeline"]["components"]:
        component = dict(settings["components"][name], **(overrides or {}).get(name, {}))
        factory = component.pop("factory")
        nlp.add_pipe(factory, name=name, config=component)
    return nlp


def _mention(span, text: str) -> Mention:
    """The mention of an entity Span; its name is sliced from the Doc's text (Span.text rebuilds it token by token)."""
    return Mention(span.start_char, span.end_char, text[span.start_char : span.end_char], span.label_, span.id_ or None,
                   "pipeline", span.kb_id_ or None)


def _make_docs(nlp: Language, pieces: List[Tuple[Article, int, int]]):
    for article, start, end in pieces:
        doc = nlp.make_doc(article.text[start:end])
        doc._.place = article.place
        yield doc


def _shifted(mention: Mention, offset: int) -> Mention:
    mention.start += offset
    mention.end += offset
    return mention


# Longer articles run as consecutive pieces, and pieces go through the pipeline in groups of
# bounded length: the encoder's memory grows with the characters it is given at once (about
# 20 KB a character, so a 20,000-character Doc took 400 MB), and spaCy refuses a text over
# nlp.max_length. News articles rarely pass 5,000 characters, so the discourse state (an
# article's actor, the company in view) is only reset inside long texts.
PIECE_CHARACTERS = 5_000
GROUP_CHARACTERS = 12_000


def _groups(pieces: List[Tuple[Article, int, int]]) -> Iterator[List[Tuple[Article, int, int]]]:
    group: List[Tuple[Article, int, int]] = []
    size = 0
    for piece in pieces:
        length = piece[2] - piece[1]
        if group and size + length > GROUP_CHARACTERS:
            yield group
            group, size = [], 0
        group.append(piece)
        size += length
    if group:
        yield group


# Docs per nlp.pipe batch. A group (GROUP_CHARACTERS) of news articles is usually one batch: the
# encoder and the NER's transition steps then multiply bigger matrices, which took a fifth less CPU
# for the whole extraction than batches of 8 (same output; about 100 MB more at the peak).
BATCH_SIZE = 32


def extract(nlp: Language, articles: Iterable[Article], batch_size: int = BATCH_SIZE) -> Iterator[Extraction]:
    """Extractions in article order. A long article runs as consecutive pieces (kg.text.piece_spans);
    piece offsets are shifted back into article coordinates. The batch size changes speed, not output."""
    articles = list(articles)
    pieces = [(article, start, end) for article in articles
              for start, end in (piece_spans(article.text, limit=PIECE_CHARACTERS) or [(0, 0)])]
    docs = (doc for group in _groups(pieces) for doc in nlp.pipe(_make_docs(nlp, group), batch_size=batch_size))
    result: Optional[Extraction] = None
    for (article, offset, end), doc in zip(pieces, docs):
        if result is None or result.article is not article:
            result = Extraction(article)
        text = doc_text(doc)
        mentions = [_shifted(_mention(span, text), offset) for span in doc.ents]
        result.mentions.extend(mentions)
        result.sentences.extend((s.start_char + offset, s.end_char + offset) for s in doc.sents)
        result.embedded_places.extend(_shifted(_mention(span, text), offset) for span in doc.spans.get("embedded_places", []))
        for hit in doc._.relations:
            sentence = text[hit.sentence_start : hit.sentence_end]
            evidence = Evidence(article.id, sentence, hit.sentence_start + offset, hit.sentence_end + offset)
            result.relations.append(
                Relation(
                    mentions[hit.subject], hit.predicate, mentions[hit.object], evidence,
                    hit.method, hit.confidence, hit.role, hit.amount, hit.year,
                )
            )
        if end >= len(article.text):  # the article's last piece
            yield result
            result = None
