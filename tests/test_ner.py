"""The Chinese NER: tokenizer, features, corpus readers, scoring, and the training recipe (a smoke run)."""

import json

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.ner import blank_char_pipeline, load_ner, train_ner
from kg.ner_corpus import CorpusFormatError, bio_spans, read_bio, read_cluener
from kg.nlp.features import N_FEATURES, CharNgramEmbed, CharNgramEmbedWithWordContext, char_features, word_context_features

BIO = "新\tB-ORG\n华\tI-ORG\n社\tI-ORG\n北\tB-LOC\n京\tI-LOC\n电\tO\n\n张\tB-PER\n三\tI-PER\n说\tO\n"


def test_character_tokens_keep_offsets_and_normalise_full_width():
    doc = blank_char_pipeline()("１９９８年ＡＰＥＣ会议")
    assert len(doc) == len("１９９８年ＡＰＥＣ会议")
    assert [t.norm_ for t in doc][:4] == ["1", "9", "9", "8"]
    assert doc[5].norm_ == "A" and doc[0].idx == 0 and doc[9].idx == 9


def test_features_are_the_same_for_full_and_half_width_text():
    assert (char_features("ＡＰＥＣ会议") == char_features("APEC会议")).all()
    assert char_features("新华社北京电").shape == (6, N_FEATURES)
    assert word_context_features("新华社北京电").shape == (6, 2)


@pytest.mark.parametrize("architecture, n_rows", [(CharNgramEmbed, 4), (CharNgramEmbedWithWordContext, 6)])
def test_embed_mixes_its_features_with_the_configured_maxout_pieces(architecture, n_rows):
    docs = [blank_char_pipeline()("新华社北京电"), blank_char_pipeline()("张三说")]
    embed = architecture(width=8, rows=[50] * n_rows, feature_width=4, maxout_pieces=2)
    embed.initialize(X=docs)
    vectors = embed.predict(docs)
    assert [v.shape for v in vectors] == [(6, 8), (3, 8)]
    (mixer,) = [node for node in embed.walk() if node.name == "maxout"]
    assert mixer.get_dim("nP") == 2 and mixer.get_dim("nI") == 4 * n_rows


def test_bio_reader_accepts_tabs_and_spaces_and_i_after_o(tmp_path):
    path = tmp_path / "x.bio"
    path.write_text("我 O\n在 I-LOC\n京 I-LOC\n\n" + BIO, encoding="utf-8")
    sentences = list(read_bio(path))
    assert sentences[0].spans == ((1, 3, "LOC"),)
    assert sentences[1].text == "新华社北京电" and sentences[1].spans == ((0, 3, "ORG"), (3, 5, "LOC"))
    assert bio_spans(["B-PER", "I-LOC"]) == [(0, 1, "PER"), (1, 2, "LOC")]


def test_bio_reader_rejects_malformed_lines(tmp_path):
    path = tmp_path / "bad.bio"
    path.write_text("这是 一行 坏数据\n", encoding="utf-8")
    with pytest.raises(CorpusFormatError, match="bad.bio:1"):
        list(read_bio(path))


def test_cluener_fine_labels_map_to_per_loc_org(tmp_path):
    path = tmp_path / "c.json"
    record = {"text": "浙商银行叶老桂在杭州", "label": {"company": {"浙商银行": [[0, 3]]}, "name": {"叶老桂": [[4, 6]]},
                                            "address": {"杭州": [[8, 9]]}, "position": {"x": [[7, 7]]}}}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    (sentence,) = read_cluener(path)
    assert sentence.spans == ((0, 4, "ORG"), (4, 7, "PER"), (8, 10, "LOC"))


def test_shipped_model_finds_people_places_and_organisations():
    nlp = load_ner()
    doc = nlp("新华社北京电 国务院总理李强在人民大会堂会见了来访的客人。")
    found = {(e.text, e.label_) for e in doc.ents}
    assert ("李强", "PER") in found and ("国务院", "ORG") in found


def test_kg_ner_names_what_spacys_ner_names_from_the_same_weights():
    import spacy
    from thinc.api import use_ops

    from kg.ner import DEFAULT_MODEL

    ours = load_ner()
    assert ours.get_pipe_meta("ner").factory == "kg_ner"
    with use_ops("numpy", use_blis=False):
        plain = spacy.load(DEFAULT_MODEL, config={"components.ner.factory": "ner"})
    texts = ["新华社北京电 国务院总理李强在人民大会堂会见了来访的客人。", "张三昨天到杭州市余杭区调研，王五陪同。", "", "  "]
    names = [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in ours.pipe(texts)]
    assert names == [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in plain.pipe(texts)]
    assert names[0]


def test_kg_ner_still_learns_labels_it_meets_first_in_training_docs():
    from spacy.training import Example

    nlp = blank_char_pipeline()
    ner = nlp.add_pipe("kg_ner", name="ner")
    doc = nlp.make_doc("张三在北京")
    examples = [Example.from_dict(doc, {"entities": [(0, 2, "PER")]})]
    nlp.initialize(lambda: examples)
    assert set(ner.labels) == {"PER"}
    nlp.update([Example.from_dict(nlp.make_doc("李四去上海"), {"entities": [(3, 5, "LOC")]})])
    assert set(ner.labels) == {"PER", "LOC"}


def test_eval_ner_prints_a_line_per_label_and_micro_last(tmp_path):
    path = tmp_path / "dev.bio"
    path.write_text("国\tB-ORG\n务\tI-ORG\n院\tI-ORG\n总\tO\n理\tO\n李\tB-PER\n强\tI-PER\n在\tO\n北\tB-LOC\n京\tI-LOC\n。\tO\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval-ner", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert {l.split()[0] for l in lines[:-2]} == {"PER", "LOC", "ORG"}
    assert "chars/s" in lines[-2]
    assert lines[-1].startswith("micro P ") and " F1 " in lines[-1]


def test_training_recipe_runs_a_few_steps_on_a_tiny_sample(tmp_path):
    corpora = tmp_path / "corpora"
    (corpora / "msra_ner").mkdir(parents=True)
    (corpora / "peoples_daily_ner").mkdir()
    (corpora / "cluener2020").mkdir()
    (corpora / "msra_ner" / "train.bio").write_text(BIO * 20, encoding="utf-8")
    (corpora / "peoples_daily_ner" / "example.dev").write_text(BIO.replace("\t", " ") * 4, encoding="utf-8")
    (corpora / "cluener2020" / "train.json").write_text(
        json.dumps({"text": "张三在北京", "label": {"name": {"张三": [[0, 1]]}, "address": {"北京": [[3, 4]]}}}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    from kg.ner import DEFAULT_FINETUNE

    best = train_ner(corpora, tmp_path / "run", use_cluener=True, max_steps=4, finetune_config=DEFAULT_FINETUNE)
    nlp = load_ner(best)
    assert nlp.pipe_names == ["tok2vec", "ner"]
    assert set(nlp.get_pipe("ner").labels) == {"PER", "LOC", "ORG"}


def test_train_ner_reports_missing_corpora_in_one_line(tmp_path):
    result = CliRunner().invoke(main, ["train-ner", "--corpora", str(tmp_path), "--output", str(tmp_path / "run")])
    assert result.exit_code != 0 and "not found" in result.output
    assert len(result.output.strip().splitlines()) == 1
