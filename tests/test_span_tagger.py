"""The span tagger (CRF for programmes, projects, products): features, training data, the ensemble
with the rules, and a tiny model trained here reaching the Doc. Sentences are written for the test."""

import subprocess
import sys
from pathlib import Path

import pytest
from spacy.util import load_config

from kg.extract import PIPELINE_CONFIG, build_pipeline
from kg.nlp.cues import Candidate
from kg.nlp.entities import merge_model_spans
from kg.nlp.span_features import MAX_CLAUSE, clause_features, clauses
from kg.nlp.span_tagger import SpanTagger, bio_spans, well_formed
from kg.span_training import Example, clause_examples, find_names, hand_examples, label_text, train


def _feature(features, prefix):
    return next(f for f in features if f.startswith(prefix))


def test_characters_inside_quote_marks_are_marked_and_the_marks_themselves_apart():
    text = "推行“青苗帮扶”模式"
    features = clause_features(text)
    states = [_feature(f, "q=") for f in features]
    assert states == ["q=", "q=", "q=O", "q=q", "q=q", "q=q", "q=q", "q=C", "q=", "q="]


def test_a_programme_verb_governs_the_rest_of_its_clause():
    features = clause_features("全旗推行网格化服务。")
    assert _feature(features[0], "gov=") == "gov=none"
    assert _feature(features[-2], "gov=") == "gov=programme_verb"


def test_a_word_ending_in_a_project_head_carries_its_cue_class():
    features = clause_features("建设污水管网改造项目")
    last = features[-1]
    assert _feature(last, "wc=") == "wc=project_head"


def test_clauses_end_at_sentence_punctuation_and_stay_short():
    text = "甲乙丙。丁戊；" + "己" * (MAX_CLAUSE + 5)
    spans = list(clauses(text))
    assert spans[:2] == [(0, 4), (4, 7)]
    assert all(end - start <= MAX_CLAUSE for start, end in spans)
    assert spans[-1][1] == len(text)


def test_bio_runs_become_typed_spans():
    labels = ["O", "B-Product", "I-Product", "O", "I-Project", "I-Project", "B-Programme"]
    assert bio_spans(labels) == [(1, 3, "Product"), (4, 6, "Project"), (6, 7, "Programme")]


@pytest.mark.parametrize("name, ok", [("“青苗帮扶”模式", True), ("“我们采用智慧车间模式", False), ("甲,乙项目", False), ("项", False)])
def test_a_model_span_must_look_like_a_name(name, ok):
    assert well_formed(name) is ok


def test_gold_names_are_found_longest_first_and_take_their_quote_marks():
    text = "开展“暖心驿站”活动,各社区“暖心驿站”开门迎客。"
    spans = find_names(text, {"Programme": ["暖心驿站", "“暖心驿站”活动"]})
    assert [text[s:e] for s, e, _ in spans] == ["“暖心驿站”活动", "“暖心驿站”"]


def test_a_labelled_text_is_cut_into_labelled_clauses():
    text = "公司生产光伏支架。还生产逆变器。"
    examples = list(clause_examples(text, [(4, 8, "Product"), (12, 15, "Product")]))
    assert [e.text for e in examples] == ["公司生产光伏支架。", "还生产逆变器。"]
    assert bio_spans(examples[1].labels) == [(3, 6, "Product")]


def test_the_hand_labelled_sentences_label_every_learnable_type():
    kinds = {kind for example in hand_examples() for _, _, kind in bio_spans(example.labels)}
    assert kinds == {"Programme", "Project", "Product", "Organisation"}


def _candidate(start, end, kind, method, confidence=1.0):
    return Candidate(start, end, kind, None, method, 2, confidence=confidence)


def test_the_model_adds_a_span_where_no_rule_made_one():
    kept = [_candidate(0, 3, "Place", "gazetteer:exact")]
    merged = merge_model_spans(kept, [_candidate(5, 10, "Programme", "model:span-crf", 0.9)], 0.5)
    assert [(c.start, c.end, c.type) for c in merged] == [(0, 3, "Place"), (5, 10, "Programme")]


def test_a_rule_name_with_a_head_wins_over_an_overlapping_model_span():
    kept = [_candidate(0, 8, "Organisation", "rule:place-named-organisation")]
    merged = merge_model_spans(kept, [_candidate(4, 12, "Programme", "model:span-crf", 0.99)], 0.5)
    assert merged == kept


def test_the_model_extends_a_cue_grammar_span_of_its_own_type_only_when_allowed():
    kept = [_candidate(2, 8, "Programme", "rule:quoted-programme")]
    longer = _candidate(2, 10, "Programme", "model:span-crf", 0.9)
    assert merge_model_spans(kept, [longer], 0.5, extend_rules=True) == [longer]
    assert merge_model_spans(kept, [longer], 0.5) == kept
    other_type = _candidate(2, 10, "Product", "model:span-crf", 0.9)
    assert merge_model_spans(kept, [other_type], 0.5, extend_rules=True) == kept


def test_a_model_span_below_the_confidence_threshold_is_dropped():
    merged = merge_model_spans([], [_candidate(0, 5, "Project", "model:span-crf", 0.4)], 0.5)
    assert merged == []


SENTENCES = [
    ("全县推行青松调解法化解矛盾。", "青松调解法"),
    ("各乡镇推行青松调解法,纠纷少了。", "青松调解法"),
    ("司法所推行青松调解法多年。", "青松调解法"),
]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    examples = []
    for text, name in SENTENCES * 3:
        examples += clause_examples(text, find_names(text, {"Programme": [name]}))
    examples.append(Example("天气晴朗。", label_text("天气晴朗。", [])))
    return train(examples, tmp_path_factory.mktemp("spans") / "tiny.crfsuite", max_iterations=30)


def test_a_tiny_training_run_learns_its_sentences(tiny_model):
    tagger = SpanTagger(tiny_model)
    text = SENTENCES[0][0]
    spans = [(text[c.start : c.end], c.type) for c in tagger.candidates(text)]
    assert spans == [("青松调解法", "Programme")]


def _pipeline(tmp_path, model):
    config = load_config(PIPELINE_CONFIG)
    config["components"]["kg_domain_entities"]["span_model"] = str(model) if model else ""
    path = tmp_path / "pipeline.cfg"
    config.to_disk(path)
    return build_pipeline(use_ner=False, config=path)


def test_the_model_span_reaches_the_doc_where_the_rules_alone_find_nothing(tiny_model, tmp_path):
    text = SENTENCES[0][0]
    with_model = _pipeline(tmp_path, tiny_model)(text)
    rules_only = _pipeline(tmp_path, None)(text)
    assert ("青松调解法", "Programme") in {(e.text, e.label_) for e in with_model.ents}
    assert ("青松调解法", "Programme") not in {(e.text, e.label_) for e in rules_only.ents}


def test_the_shipped_config_names_a_span_model_that_loads():
    from kg.nlp.span_tagger import load_span_tagger

    name = load_config(PIPELINE_CONFIG)["components"]["kg_domain_entities"]["span_model"]
    tagger = load_span_tagger(name)
    assert {label.partition("-")[2] for label in tagger.tagger.labels()} >= {"Programme", "Project", "Product"}


def test_a_gold_page_labels_its_programmes_by_name_and_alias_and_leaves_other_types_out():
    from kg.span_training import gold_page_examples

    gold = {"entities": [
        {"id": "e1", "type": "Programme", "name": "暖心驿站", "aliases": ["“暖心驿站”"]},
        {"id": "e2", "type": "Organisation", "name": "青河县民政局", "aliases": []},
    ], "relations": []}
    examples = gold_page_examples(gold, ["青河县民政局开设“暖心驿站”。"])
    spans = [(e.text[s:t], kind) for e in examples for s, t, kind in bio_spans(e.labels)]
    assert spans == [("“暖心驿站”", "Programme")]


def test_cv_spans_refuses_a_missing_hand_labelled_file_in_one_line(tmp_path):
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run([sys.executable, str(root / "scripts" / "cv_spans.py"), "--gold", str(root / "data" / "gold"),
                             "--texts", str(root / "data" / "samples"), "--weak", "0", "--hand", str(tmp_path / "absent.jsonl")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert result.stderr.strip().startswith("error:") and "absent.jsonl" in result.stderr
    assert "Traceback" not in result.stderr
