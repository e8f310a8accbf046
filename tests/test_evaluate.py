import json

import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from kg.evaluate import score
from kg.vocab import KG

EX = Namespace("http://example.org/")


@pytest.fixture()
def gold(tmp_path):
    data = {
        "source": "t.txt",
        "entities": [
            {"id": "a", "type": "Article", "subtype": None, "name": "一篇报道", "aliases": []},
            {"id": "e1", "type": "Organisation", "subtype": "Company", "name": "内蒙古联晟新能源材料有限公司", "aliases": ["联晟"]},
            {"id": "e2", "type": "Product", "subtype": None, "name": "双零级高端铝箔", "aliases": ["“双零”级高端铝箔"]},
            {"id": "e3", "type": "Person", "subtype": None, "name": "张三", "aliases": []},
            {"id": "e4", "type": "Organisation", "subtype": None, "name": "甲公司", "aliases": []},
        ],
        "relations": [
            {"subject": "e1", "predicate": "produces", "object": "e2", "role": None, "evidence": "…"},
            {"subject": "e3", "predicate": "authorOf", "object": "a", "role": None, "evidence": "…"},
            {"subject": "e1", "predicate": "partnersWith", "object": "e4", "role": None, "evidence": "…"},
        ],
    }
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _entity(g, node, kind, label, *aliases):
    g.add((node, RDF.type, KG[kind]))
    g.add((node, RDFS.label, Literal(label, lang="zh")))
    for alias in aliases:
        g.add((node, SKOS.altLabel, Literal(alias, lang="zh")))


def test_alias_and_quote_folding_match_and_relations_score(gold):
    g = Graph()
    _entity(g, EX.org, "Organisation", "联晟")  # matches through the gold alias
    _entity(g, EX.foil, "Product", "“双零”级高端铝箔")  # matches after quote folding
    _entity(g, EX.person, "Person", "张三")
    _entity(g, EX.other, "Organisation", "甲公司")
    g.add((EX.article, RDF.type, KG.Article))
    g.add((EX.article, DCTERMS.title, Literal("一篇报道", lang="zh")))
    g.add((EX.org, KG.produces, EX.foil))
    g.add((EX.person, KG.authorOf, EX.article))
    g.add((EX.other, KG.partnersWith, EX.org))  # symmetric: reverse direction counts
    report = score(gold, g)
    assert (report.entities.tp, report.entities.predicted, report.entities.gold) == (4, 4, 4)
    assert report.relations.f1 == 1.0


def test_wrong_type_and_duplicates_do_not_count(gold):
    g = Graph()
    _entity(g, EX.org, "Place", "联晟")  # wrong type
    _entity(g, EX.p1, "Person", "张三")
    _entity(g, EX.p2, "Person", "张三")  # duplicate: matched once only
    report = score(gold, g)
    assert report.by_type["Person"].tp == 1 and report.by_type["Person"].predicted == 2
    assert report.by_type["Organisation"].tp == 0
    assert report.entities.precision == pytest.approx(1 / 3)
    assert report.entities.recall == pytest.approx(1 / 4)


def test_relation_with_wrong_direction_or_predicate_is_not_matched(gold):
    g = Graph()
    _entity(g, EX.org, "Organisation", "内蒙古联晟新能源材料有限公司")
    _entity(g, EX.foil, "Product", "双零级高端铝箔")
    g.add((EX.foil, KG.produces, EX.org))
    g.add((EX.org, KG.hasCustomer, EX.foil))
    report = score(gold, g)
    assert report.relations.tp == 0 and report.relations.predicted == 2 and report.relations.gold == 3
    assert report.relations.f1 == 0.0
