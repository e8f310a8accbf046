"""The learned relation classifier: candidate pairs, the ontology filter, precedence of the patterns,
what reaches the graph, training on a tiny invented sample, and page-level cross-validation.
Sentences are invented; models are written by hand so that no test depends on the shipped weights."""

import json
from contextlib import contextmanager

import numpy as np
import pytest

from .helpers import article, build


def _model(name="test-model", weights=None):
    from kg.nlp.relation_model import RelationModel

    features = ["t=Person>Organisation", "t=Organisation>Programme"]
    classes = ["none", "holdsPost", "implements"]
    weights = np.array(weights if weights is not None else [[0, 5, 0], [0, 0, 5]], dtype=np.float32)
    return RelationModel(name, classes, features, weights, np.zeros(3, dtype=np.float32))


@contextmanager
def _classifier(pipeline, model, threshold=0.6, predicates=("holdsPost", "implements")):
    component = pipeline.get_pipe("kg_relation_model")
    saved = component.model, component.threshold, component.predicates, component.method
    component.model, component.threshold, component.predicates = model, threshold, list(predicates)
    component.method = f"model:{model.name}"
    try:
        yield component
    finally:
        component.model, component.threshold, component.predicates, component.method = saved


def _candidates(pipeline, text):
    from kg.nlp.discourse import ArticleContext
    from kg.nlp.relation_candidates import CueFamilies, doc_candidates
    from kg.nlp.relation_cues import default_relation_cues
    from kg.nlp.relation_registry import DOMAIN_RANGE

    with pipeline.select_pipes(disable=["kg_relation_model"]):
        doc = pipeline(text)
    ctx = ArticleContext(doc)
    names = [e.text for e in doc.ents]
    found = list(doc_candidates(doc, ctx, list(DOMAIN_RANGE), CueFamilies(default_relation_cues())))
    return {(names[c.subject], names[c.object]): c for c in found}


def test_domain_and_range_table_agrees_with_the_ontology():
    from rdflib import Graph, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import OWL, RDFS

    from kg.bundled import ONTOLOGY
    from kg.nlp.relation_registry import DOMAIN_RANGE
    from kg.vocab import KG

    ontology = Graph().parse(ONTOLOGY)

    def classes(node):
        if isinstance(node, URIRef):
            return {str(node).rsplit("#", 1)[-1].rsplit("/", 1)[-1]}
        return {str(c).rsplit("#", 1)[-1].rsplit("/", 1)[-1] for c in Collection(ontology, ontology.value(node, OWL.unionOf))}

    for predicate, (domain, range_) in DOMAIN_RANGE.items():
        prop = KG[predicate]
        assert classes(ontology.value(prop, RDFS.domain)) == set(domain), predicate
        assert classes(ontology.value(prop, RDFS.range)) == set(range_), predicate


def test_candidates_pair_entities_of_a_sentence_only_where_the_ontology_allows_a_relation(pipeline):
    pairs = _candidates(pipeline, "远山县文旅局与青河县文旅局签署合作协议。张伟参加了“草原之味”系列活动。")
    assert ("远山县文旅局", "青河县文旅局") in pairs and ("青河县文旅局", "远山县文旅局") in pairs
    assert ("张伟", "“草原之味”系列活动") in pairs
    assert ("“草原之味”系列活动", "张伟") not in pairs  # no relation goes from a programme to a person
    assert ("张伟", "远山县文旅局") not in pairs  # another sentence
    features = pairs[("张伟", "“草原之味”系列活动")].features
    assert "t=Person>Programme" in features and "o=so|Person>Programme" in features


def test_a_clause_without_a_subject_gets_a_candidate_from_the_sentence_topic(pipeline):
    pairs = _candidates(pipeline, "青河县今年筹备“草原之味”系列活动。同时启动“山水之约”计划。")
    candidate = pairs[("青河县", "“山水之约”计划")]
    assert "via=topic|Place>Programme" in candidate.features


def test_prediction_becomes_a_relation_with_the_model_name_and_probability(pipeline):
    with _classifier(pipeline, _model()):
        graph = build(pipeline, article("远山县文旅局今年筹备“草原之味”系列活动。"))
    (made,) = [s for s in graph.statements if s.method == "model:test-model"]
    assert (made.subject.name, made.predicate, made.object.name) == ("远山县文旅局", "implements", "草原之味")
    assert made.confidence == pytest.approx(np.exp(5) / (1 + np.exp(5)), abs=1e-3)
    assert made.sentence == "远山县文旅局今年筹备“草原之味”系列活动。"


def test_a_relation_the_ontology_forbids_for_the_two_types_is_never_predicted(pipeline):
    # every organisation → programme pair scores high for holdsPost, which needs a person and an organisation
    model = _model(weights=[[0, 0, 0], [0, 5, 0]])
    with _classifier(pipeline, model, threshold=0.4):
        doc = pipeline("远山县文旅局今年筹备“草原之味”系列活动。")
    made = [h for h in doc._.relations if h.method.startswith("model:")]
    assert [h.predicate for h in made] == ["implements"] and made[0].confidence == pytest.approx(0.5)


def test_below_the_threshold_the_model_adds_nothing(pipeline):
    with _classifier(pipeline, _model(weights=[[0, 0, 0], [0, 0, 0.1]]), threshold=0.6):
        doc = pipeline("远山县文旅局今年筹备“草原之味”系列活动。")
    assert not [h for h in doc._.relations if h.method.startswith("model:")]


def test_a_pair_a_pattern_related_is_left_to_the_pattern(pipeline):
    text = "远山县文旅局开展“草原之味”系列活动。"
    with _classifier(pipeline, _model()):
        doc = pipeline(text)
    methods = [h.method for h in doc._.relations if h.predicate == "implements"]
    assert methods and all(m.startswith("pattern:") for m in methods)


def test_a_product_whose_maker_a_pattern_named_gets_no_second_maker_from_the_model(pipeline):
    from kg.nlp.relation_model import RelationModel

    # every organisation → product pair scores high for produces
    model = RelationModel("test-model", ["none", "produces"], ["t=Organisation>Product"],
                          np.array([[0, 5]], dtype=np.float32), np.zeros(2, dtype=np.float32))
    text = "走进内蒙古远联新材料有限公司车间,机器轰鸣。公司为比亚迪、宁德时代等企业生产电池托盘。"
    with _classifier(pipeline, model, predicates=("produces",)):
        doc = pipeline(text)
    makers = {doc.ents[h.subject].text: h.method for h in doc._.relations if h.predicate == "produces"}
    assert makers == {"内蒙古远联新材料有限公司": "pattern:maker-product"}


def test_model_files_round_trip_and_a_broken_folder_is_refused(tmp_path):
    from kg.nlp.relation_model import ModelFileError, RelationModel

    model = _model()
    model.save(tmp_path / "m")
    loaded = RelationModel.load(tmp_path / "m")
    rows = [["t=Person>Organisation"], ["t=Organisation>Programme", "unseen"]]
    assert np.allclose(loaded.probabilities(rows), model.probabilities(rows), atol=1e-3)
    (tmp_path / "m" / "model.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ModelFileError, match="not a relation model"):
        RelationModel.load(tmp_path / "m")


# ---- training and cross-validation on a tiny invented sample -----------------------------------

PAGES = {
    "p1": ("远山县文旅局今年筹备“草原之味”系列活动。\n远山县文旅局与青河县文旅局签署合作协议。",
           [("远山县文旅局", "Organisation"), ("“草原之味”系列活动", "Programme"), ("青河县文旅局", "Organisation")],
           [(0, "implements", 1, "远山县文旅局今年筹备“草原之味”系列活动")]),
    "p2": ("青河县文旅局今年筹备“山水之约”计划。\n张伟参加了“山水之约”计划。",
           [("青河县文旅局", "Organisation"), ("“山水之约”计划", "Programme"), ("张伟", "Person")],
           [(0, "implements", 1, "青河县文旅局今年筹备“山水之约”计划"), (2, "participatesIn", 1, "张伟参加了“山水之约”计划")]),
    "p3": ("白石镇政府今年筹备“白石之春”活动。",
           [("白石镇政府", "Organisation"), ("“白石之春”活动", "Programme")],
           [(0, "implements", 1, "白石镇政府今年筹备“白石之春”活动")]),
}


@pytest.fixture
def tiny_sample(tmp_path):
    gold, texts, corpora = tmp_path / "gold", tmp_path / "texts", tmp_path / "corpora"
    for folder in (gold, texts, corpora / "duie2_sample", corpora / "finre"):
        folder.mkdir(parents=True)
    for name, (text, ents, rels) in PAGES.items():
        (texts / f"{name}.txt").write_text(text, encoding="utf-8")
        entities = [{"id": f"e{i}", "type": t, "subtype": None, "name": n.strip("“”"), "aliases": [n]} for i, (n, t) in enumerate(ents)]
        relations = [{"subject": f"e{s}", "predicate": p, "object": f"e{o}", "role": None, "evidence": ev} for s, p, o, ev in rels]
        gold.joinpath(f"{name}.json").write_text(json.dumps({"source": f"{name}.txt", "entities": entities, "relations": relations},
                                                            ensure_ascii=False), encoding="utf-8")
    duie = {"text": "远联公司董事长李明出席会议", "spo_list": [{"predicate": "董事长", "subject": "远联公司", "subject_type": "企业",
                                                          "object": {"@value": "李明"}, "object_type": {"@value": "人物"}}]}
    (corpora / "duie2_sample" / "train_data_5000.json").write_text(json.dumps(duie, ensure_ascii=False) + "\n", encoding="utf-8")
    (corpora / "finre" / "train.txt").write_text("甲公司\t乙公司\t合作\t甲公司与乙公司达成合作\n乙公司\t甲公司\tunknown\t乙公司股价下跌，甲公司未回应\n",
                                                 encoding="utf-8")
    return gold, texts, corpora


def test_training_on_a_tiny_invented_sample_gives_a_loadable_model(tiny_sample, tmp_path):
    from kg.evaluate import gold_pages
    from kg.nlp.relation_model import RelationModel
    from kg.relation_training import RelationFit

    gold, texts, corpora = tiny_sample
    fit = RelationFit(texts, tmp_path / "work", corpora=corpora, corpus_weight=0.5, c=1.0)
    overrides = fit(gold_pages(gold))
    model = RelationModel.load(overrides["kg_relation_model"]["model"])
    assert {"none", "implements", "participatesIn", "holdsPost", "partnersWith"} <= set(model.classes)
    # DuIE: 李明 holdsPost 远联公司 (the reverse pair has no relation the ontology allows); FinRE: both lines
    assert model.info["labels"]["implements"] >= 2 and model.info["corpus_examples"] == 3


def test_cross_validation_builds_each_page_once_with_a_fit_that_never_saw_it(tiny_sample):
    from kg.crossval import cross_validate, fold_pages
    from kg.evaluate import gold_pages

    gold, texts, _ = tiny_sample
    pages = gold_pages(gold)
    assert [[p.name for p in fold] for fold in fold_pages(pages, 2)] == [["p1", "p3"], ["p2"]]
    seen = []

    def fit(training):
        seen.append([p.name for p in training])
        return {}

    report = cross_validate(pages, texts, fit, folds=3)
    assert seen == [["p2", "p3"], ["p1", "p3"], ["p1", "p2"]]
    assert report.relations.r_den == 4 and all(p.report is not None for p in pages)


def test_too_many_folds_for_the_pages_is_refused(tiny_sample):
    from kg.crossval import fold_pages
    from kg.evaluate import gold_pages

    with pytest.raises(ValueError, match="3 gold pages cannot make 5 folds"):
        fold_pages(gold_pages(tiny_sample[0]), 5)


def test_train_relations_with_missing_corpora_fails_in_one_line(tiny_sample, tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    gold, texts, _ = tiny_sample
    result = CliRunner().invoke(main, ["train-relations", "--gold", str(gold), "--texts", str(texts), "--corpora", str(tmp_path / "none"),
                                       "--corpus-weight", "1", "-o", str(tmp_path / "m")])
    assert result.exit_code == 1 and "corpus file(s) missing" in result.output and "Traceback" not in result.output


def test_folds_without_texts_is_refused_in_one_line(tiny_sample, tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    gold, _, _ = tiny_sample
    result = CliRunner().invoke(main, ["eval", str(gold), str(tmp_path), "--folds", "2"])
    assert result.exit_code == 1 and "--folds needs a gold folder and --texts" in result.output


def test_a_body_inside_a_prepositional_frame_is_never_a_candidate_subject(pipeline):
    pairs = _candidates(pipeline, "在青河县科学技术协会的大力支持下,赤峰学院与青河县第一中学共建科普基地。")
    assert ("赤峰学院", "青河县第一中学") in pairs  # the two that act
    assert not any(subject == "青河县科学技术协会" for subject, _ in pairs)
    assert ("赤峰学院", "青河县科学技术协会") not in pairs  # nor a partner of the body that acts
