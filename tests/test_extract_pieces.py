"""Long articles run in pieces: offsets stay in article coordinates, spaCy's length limit is never hit."""

from kg import extract as extraction
from kg.extract import build_pipeline, extract

from .helpers import article, build


def test_a_long_article_is_extracted_in_pieces_with_offsets_in_the_article(pipeline, monkeypatch):
    monkeypatch.setattr(extraction, "PIECE_CHARACTERS", 600)
    filler = "今年全市各项工作稳步推进，群众满意度持续提升。\n" * 60
    text = filler + "市农牧局局长张伟表示,今年将扩大青贮种植面积。"
    graph = build(pipeline, article(text, place="赤峰市"))
    (post,) = [s for s in graph.statements if s.predicate == "holdsPost"]
    assert (post.subject.name, post.object.name) == ("张伟", "赤峰市农牧局")
    assert text[post.source_start : post.source_end] == post.sentence


def test_an_article_longer_than_spacy_max_length_is_processed(monkeypatch):
    monkeypatch.setattr(extraction, "PIECE_CHARACTERS", 4000)
    nlp = build_pipeline(use_ner=False)
    nlp.max_length = 4000  # stands in for spaCy's 1,000,000 (E088) at a size a test can run
    text = "无标点的长行" * 2000
    (result,) = extract(nlp, [article(text)])
    assert result.sentences[-1][1] == len(text)


def test_an_empty_article_still_yields_its_extraction():
    nlp = build_pipeline(use_ner=False)
    (result,) = extract(nlp, [article("")])
    assert result.mentions == [] and result.relations == []


def test_extraction_does_not_depend_on_how_articles_are_batched(pipeline):
    texts = ["星河电子有限公司董事长李明表示,公司今年将扩大生产。", "市农牧局局长张伟到红山区调研青贮种植。",
             "北川县启动“乡村振兴”示范项目,县长王强出席。", "今天天气很好。"] * 3
    articles = [article(text, article_id=f"t-{i}") for i, text in enumerate(texts)]

    def mentions(batch_size):
        return [[(m.start, m.end, m.type, m.subtype) for m in result.mentions] + [result.sentences]
                for result in extract(pipeline, articles, batch_size=batch_size)]

    assert mentions(1) == mentions(32)


def test_sentences_end_after_final_punctuation_with_its_closing_quotes_and_at_line_ends():
    nlp = build_pipeline(use_ner=False)
    text = "他说：“今年扩大种植！”随后离开。。新的一段\n下一行？！)结尾"
    (result,) = extract(nlp, [article(text)])
    assert [text[start:end] for start, end in result.sentences] == [
        "他说：“今年扩大种植！”", "随后离开。。", "新的一段\n", "下一行？！)", "结尾",
    ]
