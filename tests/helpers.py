"""Build small graphs from text written for the tests."""

from typing import Set, Tuple

from kg.extract import extract
from kg.model import Article, TextMap
from kg.resolve import Graph, resolve


def article(text: str, article_id: str = "t-1", place: str = "通辽市", title: str = "") -> Article:
    full = f"{title}\n{text}" if title else text
    return Article(article_id, title or text[:10], full, "test.txt", place=place, text_map=TextMap([(0, 0, len(full))]), source_text=full)


def build(pipeline, *articles: Article) -> Graph:
    return resolve(list(extract(pipeline, list(articles))))


def facts(graph: Graph) -> Set[Tuple[str, str, str]]:
    return {(s.subject.name, s.predicate, s.object.name if s.object else "<article>") for s in graph.statements}


def entities(graph: Graph) -> Set[Tuple[str, str]]:
    return {(e.type, e.name) for e in graph.entities.values()}


def entity(graph: Graph, kind: str, name: str):
    matches = [e for e in graph.entities.values() if e.type == kind and (e.name == name or name in e.aliases)]
    assert len(matches) == 1, (kind, name, sorted(entities(graph)))
    return matches[0]
