"""The NER decoder over the character encoder: BIOES targets, windows, constrained Viterbi, the
component's save/load, and its training recipe (a smoke run)."""

import itertools

import numpy
import pytest

import json

from click.testing import CliRunner

from kg.cli import main
from kg.ner import (DEFAULT_MODEL, ModelMissing, _encoder_stack, _load_whole, _teacher_labelled, cut_encoder, load_ner,
                    train_ner_head, unlabelled_sentences)
from kg.nlp.ner_head import LABELS, bioes_tags, tag_names, tag_spans, transition_scores, viterbi, windowed

from .test_ner import BIO

TAGS = tag_names()


def _valid(tags) -> bool:
    allowed, may_start, may_end = transition_scores()
    return (may_start[tags[0]] == 0 and may_end[tags[-1]] == 0
            and all(allowed[a, b] == 0 for a, b in zip(tags, tags[1:])))


def test_bioes_targets_and_spans_round_trip():
    spans = [(0, 3, "ORG"), (3, 5, "LOC"), (6, 7, "PER")]
    tags = bioes_tags(8, spans)
    assert [TAGS[t] for t in tags] == ["B-ORG", "I-ORG", "E-ORG", "B-LOC", "E-LOC", "O", "S-PER", "O"]
    assert tag_spans(tags) == spans


def test_window_appends_neighbours_with_zeros_past_the_ends():
    vectors = numpy.arange(6, dtype="f").reshape(3, 2)
    rows = windowed(vectors, 1)
    assert rows.shape == (3, 6)
    assert rows[0].tolist() == [0, 1, 0, 0, 2, 3]  # itself, the one before (none), the one after
    assert rows[2].tolist() == [4, 5, 2, 3, 0, 0]


def test_viterbi_finds_the_best_valid_sequence_of_each_document():
    rng = numpy.random.default_rng(3)
    documents = [numpy.log(rng.dirichlet(numpy.ones(len(TAGS)), size=n)).astype("f") for n in (4, 1, 3)]
    paths = viterbi(documents, *transition_scores())
    for scores, path in zip(documents, paths):
        assert len(path) == len(scores) and _valid(list(path))
        best = max((seq for seq in itertools.product(range(len(TAGS)), repeat=len(scores)) if _valid(seq)),
                   key=lambda seq: sum(scores[i, t] for i, t in enumerate(seq)))
        assert tuple(path) == best


def test_viterbi_repairs_what_a_greedy_choice_would_leave_invalid():
    index = {t: i for i, t in enumerate(TAGS)}
    scores = numpy.full((3, len(TAGS)), numpy.log(0.01), dtype="f")
    scores[0, index["O"]] = scores[1, index["I-ORG"]] = scores[2, index["E-ORG"]] = numpy.log(0.5)
    scores[0, index["B-ORG"]] = numpy.log(0.4)  # greedy says O I E, which opens no name
    (path,) = viterbi([scores], *transition_scores())
    assert tag_spans(path) == [(0, 3, "ORG")]


@pytest.fixture(scope="module")
def tiny_head(tmp_path_factory):
    corpora = tmp_path_factory.mktemp("corpora")
    (corpora / "msra_ner").mkdir()
    (corpora / "peoples_daily_ner").mkdir()
    (corpora / "msra_ner" / "train.bio").write_text(BIO * 30, encoding="utf-8")
    (corpora / "peoples_daily_ner" / "example.dev").write_text(BIO * 2, encoding="utf-8")
    output = corpora / "head"
    history = train_ner_head(DEFAULT_MODEL, corpora, output, epochs=3, hidden=16)
    return output, history


def _unlabelled_corpora(folder):
    (folder / "cluener2020").mkdir(parents=True)
    (folder / "finre").mkdir()
    rows = [{"text": "李明在杭州创办了一家公司", "label": {}}, {"text": "李明在杭州创办了一家公司", "label": {}}]
    (folder / "cluener2020" / "train.json").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                                      encoding="utf-8")
    (folder / "finre" / "train.txt").write_text("甲公司\t乙公司\tunknown\t甲公司与乙公司签约\n", encoding="utf-8")


def test_distillation_text_is_read_once_without_labels_and_labelled_by_the_teacher(tmp_path):
    _unlabelled_corpora(tmp_path)
    texts = unlabelled_sentences(tmp_path)
    assert texts == ["李明在杭州创办了一家公司", "甲公司与乙公司签约"]
    teacher = load_ner()
    (first, _) = _teacher_labelled(teacher, texts)
    assert first.text == texts[0]
    assert first.spans == tuple((e.start, e.end, e.label_) for e in teacher(texts[0]).ents)


def test_train_ner_head_command_reports_each_epoch_and_the_one_kept(tmp_path):
    _unlabelled_corpora(tmp_path)
    (tmp_path / "msra_ner").mkdir()
    (tmp_path / "peoples_daily_ner").mkdir()
    (tmp_path / "msra_ner" / "train.bio").write_text(BIO * 5, encoding="utf-8")
    (tmp_path / "peoples_daily_ner" / "example.dev").write_text(BIO, encoding="utf-8")
    result = CliRunner().invoke(main, ["train-ner-head", "--encoder", str(DEFAULT_MODEL), "--corpora", str(tmp_path),
                                       "--output", str(tmp_path / "head"), "--epochs", "2", "--hidden", "8",
                                       "--distil-from", str(DEFAULT_MODEL)])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert [l.split(":")[0] for l in lines[:2]] == ["epoch 1", "epoch 2"] and lines[-1].startswith("kept epoch ")
    assert load_ner(tmp_path / "head").pipe_names == ["tok2vec", "kg_ner_head"]


def test_train_ner_head_refuses_an_encoder_folder_without_a_pipeline_in_one_line(tmp_path):
    result = CliRunner().invoke(main, ["train-ner-head", "--encoder", str(tmp_path), "--output", str(tmp_path / "o")])
    assert result.exit_code != 0 and len(result.output.strip().splitlines()) == 1


def test_training_recipe_fits_the_decoder_on_the_frozen_encoder(tiny_head):
    output, history = tiny_head
    assert [h.epoch for h in history] == [1, 2, 3]
    nlp = load_ner(output)
    assert nlp.pipe_names == ["tok2vec", "kg_ner_head"]
    doc = nlp("新华社北京电")
    assert all(e.label_ in LABELS for e in doc.ents)


def test_decoder_saved_and_loaded_gives_the_same_names(tiny_head, tmp_path):
    output, _ = tiny_head
    nlp = load_ner(output)
    texts = ["新华社北京电", "张三说", "", "新华社北京电张三说" * 40]
    before = [[(e.start, e.end, e.label_) for e in doc.ents] for doc in nlp.pipe(texts)]
    nlp.to_disk(tmp_path / "copy")
    again = load_ner(tmp_path / "copy")
    assert [[(e.start, e.end, e.label_) for e in doc.ents] for doc in again.pipe(texts)] == before
    assert [[(e.start, e.end, e.label_) for e in nlp(t).ents] for t in texts] == before  # one at a time = batched


def test_shipped_pipeline_runs_the_transition_decoder_unless_the_fast_one_is_asked_for():
    assert load_ner().pipe_names == ["tok2vec", "ner"]
    fast = load_ner(decoder="fast")
    assert fast.pipe_names == ["tok2vec", "kg_ner_head"]
    found = {(e.text, e.label_) for e in fast("国务院总理李强在北京会见了来访的客人。").ents}
    assert ("李强", "PER") in found and ("北京", "LOC") in found


def test_asking_for_a_decoder_the_pipeline_lacks_is_a_one_line_error(tmp_path):
    from kg.ner import ModelMissing

    nlp = load_ner()
    nlp.remove_pipe("kg_ner_head")
    nlp.to_disk(tmp_path / "transition-only")
    with pytest.raises(ModelMissing, match="no fast decoder"):
        load_ner(tmp_path / "transition-only", decoder="fast")


def test_build_with_the_fast_decoder_writes_the_graph(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("本报讯 市长王建华昨天在东湖区调研。\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(page), "-o", str(tmp_path / "out"), "--fast-ner", "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "王建华" in (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")


def test_fast_decoder_never_starts_or_ends_a_name_on_white_space():
    fast = load_ner(decoder="fast")
    for doc in fast.pipe(["区委宣传部\n吉州区张学伟说，\n  北京 很好", "市委宣传部部长\n吉州区委书记\n李明说"]):
        assert doc.ents and all(not e.text[0].isspace() and not e.text[-1].isspace() for e in doc.ents)


def test_decoder_fitted_on_an_early_encoder_block_runs_only_that_much_of_the_encoder(tmp_path):
    (tmp_path / "msra_ner").mkdir()
    (tmp_path / "peoples_daily_ner").mkdir()
    (tmp_path / "msra_ner" / "train.bio").write_text(BIO * 5, encoding="utf-8")
    (tmp_path / "peoples_daily_ner" / "example.dev").write_text(BIO, encoding="utf-8")
    train_ner_head(DEFAULT_MODEL, tmp_path, tmp_path / "head", epochs=1, hidden=8, encoder_blocks=2)
    whole = _load_whole(DEFAULT_MODEL)
    depth = len(_encoder_stack(whole).layers)
    assert depth > 2
    saved = _load_whole(tmp_path / "head")  # the saved encoder is whole; the decoder says where it reads
    assert len(_encoder_stack(saved).layers) == depth and saved.get_pipe("kg_ner_head").encoder_blocks == 2
    fast = load_ner(tmp_path / "head")
    text = "国务院总理李强在北京会见了来访的客人。"
    encoder = whole.get_pipe("tok2vec")
    full_tensor = encoder(whole.make_doc(text)).tensor
    restore = cut_encoder(whole, 2)
    early_tensor = encoder(whole.make_doc(text)).tensor
    assert numpy.allclose(fast.get_pipe("tok2vec")(fast.make_doc(text)).tensor, early_tensor)
    assert not numpy.allclose(early_tensor, full_tensor)
    restore()
    assert numpy.allclose(encoder(whole.make_doc(text)).tensor, full_tensor)
    fast.to_disk(tmp_path / "again")  # saved while cut: saved whole, cut again on loading
    again = load_ner(tmp_path / "again")
    assert len(_encoder_stack(_load_whole(tmp_path / "again")).layers) == depth
    assert numpy.allclose(again.get_pipe("tok2vec")(again.make_doc(text)).tensor, early_tensor)


def test_decoder_reading_a_block_the_encoder_lacks_is_refused_in_one_line():
    with pytest.raises(ModelMissing, match="reads encoder block 99, but the encoder has 6"):
        cut_encoder(_load_whole(DEFAULT_MODEL), 99)
