import importlib.util
import json
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, RDFS, SKOS

from kg.cli import main
from kg.evaluate import score
from kg.vocab import KG

EX = Namespace("http://example.org/")
REFERENCE_SCORER = Path("/work/shared/tools/score_kg.py")


def _gold(entities, relations, source="t.txt"):
    return {
        "source": source,
        "entities": [{"id": i, "type": t, "subtype": None, "name": n, "aliases": list(a)} for i, t, n, *a in entities],
        "relations": [{"subject": s, "predicate": p, "object": o, "role": None, "evidence": "…"} for s, p, o in relations],
    }


GOLD_A = _gold(
    [
        ("a", "Article", "一篇报道"),
        ("e1", "Organisation", "北辰新材料有限公司", "北辰"),
        ("e2", "Product", "超薄铜箔", "“超薄”铜箔"),
        ("e3", "Person", "张三"),
        ("e4", "Organisation", "甲公司"),
        ("e5", "Place", "临河区"),
    ],
    [("e1", "produces", "e2"), ("e3", "authorOf", "a"), ("e1", "partnersWith", "e4"), ("e1", "locatedIn", "e5")],
    source="page_a.txt",
)
GOLD_B = _gold(
    [("e1", "Person", "李四"), ("e2", "Organisation", "乙县人民政府"), ("e3", "Programme", "【暖心】行动")],
    [("e1", "holdsPost", "e2"), ("e2", "implements", "e3")],
    source="page_b.txt",
)


def _write(path: Path, data) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _entity(g, node, kind, label=None, *aliases):
    g.add((node, RDF.type, KG[kind]))
    if label is not None:
        g.add((node, RDFS.label, Literal(label, lang="zh")))
    for alias in aliases:
        g.add((node, SKOS.altLabel, Literal(alias, lang="zh")))


def _assert(g, subject, predicate, obj, method):
    record = EX[f"assertion-{len(g)}"]
    g.add((subject, KG[predicate], obj))
    g.add((record, RDF.type, KG.Assertion))
    g.add((record, RDF.subject, subject))
    g.add((record, RDF.predicate, KG[predicate]))
    g.add((record, RDF.object, obj))
    g.add((record, KG.method, Literal(method)))


def _graph_a():
    g = Graph()
    _entity(g, EX.org, "Company", "北辰")  # a subtype; matches through the gold alias
    g.add((EX.org, RDF.type, KG.Organisation))
    _entity(g, EX.foil, "Product", "“超薄”铜箔")  # matches after quote folding
    _entity(g, EX.person, "Person", "张三")
    _entity(g, EX.other, "Organisation", "甲公司")
    _entity(g, EX.place, "Place", "临河")  # not a name of the gold place
    _entity(g, EX.nameless, "Project")
    _entity(g, EX.article, "Article", "一篇报道")
    _assert(g, EX.org, "produces", EX.foil, "pattern:produce")
    _assert(g, EX.person, "authorOf", EX.article, "byline")
    _assert(g, EX.other, "partnersWith", EX.org, "pattern:partner")  # symmetric: reverse direction counts
    _assert(g, EX.org, "locatedIn", EX.place, "name")
    _assert(g, EX.foil, "produces", EX.org, "pattern:produce")  # wrong direction
    return g


def _graph_b():
    g = Graph()
    _entity(g, EX.li, "Person", "李四")
    _entity(g, EX.li2, "Person", "李四")  # a duplicate node
    _entity(g, EX.gov, "Place", "乙县人民政府")  # wrong type
    _entity(g, EX.prog, "Programme", "暖心行动")  # 【】 are folded like quote marks
    _assert(g, EX.li, "holdsPost", EX.gov, "pattern:post")
    return g


def test_aliases_subtypes_and_quote_folding_match_and_reversed_partners_count():
    report = score(GOLD_A, _graph_a())
    assert (report.entities.p_num, report.entities.p_den) == (4, 6)  # the wrong place and the nameless project miss
    assert (report.entities.r_num, report.entities.r_den) == (4, 5)
    assert report.by_relation["partnersWith"].f1 == 1.0
    assert report.by_relation["authorOf"].f1 == 1.0
    assert report.by_relation["produces"].counts == [1, 1, 0]
    assert report.by_relation["locatedIn"].counts == [0, 1, 1]


def test_a_duplicate_node_is_no_error_but_a_wrong_type_is():
    report = score(GOLD_B, _graph_b())
    assert report.by_type["Person"].counts == [1, 0, 0]
    assert report.by_type["Organisation"].counts == [0, 0, 1]
    assert report.by_type["Place"].counts == [0, 1, 0]
    assert report.by_type["Programme"].counts == [1, 0, 0]
    assert report.missed_entities == ["Organisation 乙县人民政府"]
    assert report.spurious_entities == ["Place 乙县人民政府"]


def test_relations_are_broken_down_by_the_method_of_their_assertions():
    report = score(GOLD_A, _graph_a())
    produce = report.by_method["pattern:produce"]
    assert (produce.p_num, produce.p_den, produce.r_den) == (1, 2, 4)
    assert (report.by_method["name"].p_num, report.by_method["name"].p_den) == (0, 1)
    assert sum(t.r_num for t in report.by_method.values()) == report.relations.r_num


@pytest.fixture()
def pages(tmp_path):
    gold_dir, graph_dir = tmp_path / "gold", tmp_path / "graphs"
    gold_dir.mkdir()
    (graph_dir / "page_a").mkdir(parents=True)
    _write(gold_dir / "a.json", GOLD_A)
    _write(gold_dir / "b.json", GOLD_B)
    _graph_a().serialize(graph_dir / "page_a" / "graph.ttl", format="turtle")
    _graph_b().serialize(graph_dir / "page_b.ttl", format="turtle")
    return gold_dir, graph_dir


@pytest.mark.skipif(not REFERENCE_SCORER.exists(), reason="the reference scorer is not on this machine")
def test_figures_over_pages_equal_the_reference_scorer_summed_per_page(pages):
    spec = importlib.util.spec_from_file_location("score_kg", REFERENCE_SCORER)
    reference = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reference)
    gold_dir, graph_dir = pages
    totals, per = defaultdict(int), defaultdict(lambda: [0, 0, 0])
    for gold, graph in ((gold_dir / "a.json", graph_dir / "page_a" / "graph.ttl"), (gold_dir / "b.json", graph_dir / "page_b.ttl")):
        ents, rels = reference.system_entities(reference.load_rdf([graph]))
        result = reference.score(json.loads(gold.read_text(encoding="utf-8")), ents, rels)
        for key in result:
            if key != "counts":
                totals[key] += result[key]
        for key, counts in result["counts"].items():
            per[key] = [a + b for a, b in zip(per[key], counts)]
    output = CliRunner().invoke(main, ["eval", str(gold_dir), str(graph_dir), "--json"])
    assert output.exit_code == 0, output.output
    ours = json.loads(output.output)
    assert ours["totals"] == dict(totals)
    assert ours["per"] == {k: v for k, v in per.items()}
    assert ours["entity"] == pytest.approx(list(reference.prf(totals["ent_p_num"], totals["ent_p_den"], totals["ent_r_num"], totals["ent_r_den"])))


def test_eval_over_folders_prints_a_line_per_page_and_scores_a_missing_graph_as_empty(pages):
    gold_dir, graph_dir = pages
    (graph_dir / "page_b.ttl").unlink()
    result = CliRunner().invoke(main, ["eval", str(gold_dir), str(graph_dir), "--details"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("page_a ") and lines[1].startswith("page_b ") and "scored as empty" in lines[1]
    assert any(l.startswith("entities P 0.667 R 0.500 ") for l in lines)  # 4/6 right, 4 of 8 gold found
    assert any(l.strip().startswith("pattern:produce P 0.500 (1/2 right), finds 1/") for l in lines)
    assert "  page_b: Person 李四" in lines


def test_eval_single_gold_and_graph_form_still_works(pages, tmp_path):
    gold_dir, graph_dir = pages
    result = CliRunner().invoke(main, ["eval", str(gold_dir / "b.json"), str(graph_dir / "page_b.ttl")])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("entities P 0.750 R 0.667 ")


@pytest.mark.parametrize(
    "arguments, message",
    [([], "either a GRAPH"), (["GRAPHS", "--texts", "GRAPHS"], "either a GRAPH"), (["GRAPHS", "--place", "通辽市"], "--place")],
)
def test_eval_with_wrong_arguments_fails_in_one_line(pages, arguments, message):
    gold_dir, graph_dir = pages
    arguments = [str(graph_dir) if a == "GRAPHS" else a for a in arguments]
    result = CliRunner().invoke(main, ["eval", str(gold_dir), *arguments])
    assert result.exit_code != 0 and message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_eval_rejects_a_file_that_is_not_gold_in_one_line(pages, tmp_path):
    _, graph_dir = pages
    bad = _write(tmp_path / "bad.json", {"entities": "none"})
    result = CliRunner().invoke(main, ["eval", str(bad), str(graph_dir / "page_b.ttl")])
    assert result.exit_code != 0 and "not a gold file" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_eval_builds_texts_in_process_and_scores_them(tmp_path):
    gold_dir, texts = tmp_path / "gold", tmp_path / "texts"
    gold_dir.mkdir()
    texts.mkdir()
    (texts / "p1.txt").write_text("## 山川新闻\n\n本报记者 赵一鸣\n\n今天天气很好。\n", encoding="utf-8")
    _write(gold_dir / "p1.json", _gold([("a", "Article", "山川新闻"), ("p", "Person", "赵一鸣")], [("p", "authorOf", "a")], source="p1.txt"))
    _write(gold_dir / "p2.json", _gold([("p", "Person", "钱二")], [], source="p2.txt"))
    _write(gold_dir / "p3.json", _gold([("p", "Person", "孙三")], [], source="p3.txt"))
    (texts / "p3.txt").write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(gold_dir), "--texts", str(texts), "--place", "通辽市"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("p1 ") and "relations F1 1.000" in lines[0]
    assert "no text for p2" in lines[1] and "scored as empty" in lines[1]
    assert "empty input" in lines[2]
    assert any(l.strip().startswith("authorOf P 1.000 R 1.000") for l in lines)


def test_eval_ner_model_is_the_one_that_builds_the_texts(tmp_path, monkeypatch):
    from kg import ner

    gold_dir, texts = tmp_path / "gold", tmp_path / "texts"
    gold_dir.mkdir()
    texts.mkdir()
    (texts / "p1.txt").write_text("## 山川新闻\n\n本报记者 赵一鸣\n\n今天天气很好。\n", encoding="utf-8")
    _write(gold_dir / "p1.json", _gold([("p", "Person", "赵一鸣")], [], source="p1.txt"))
    loaded = []
    real_load = ner.load_ner
    monkeypatch.setattr(ner, "load_ner", lambda path=None, decoder=None: loaded.append(path) or real_load(path, decoder))
    result = CliRunner().invoke(main, ["eval", str(gold_dir), "--texts", str(texts), "--ner-model", str(ner.DEFAULT_MODEL)])
    assert result.exit_code == 0, result.output
    assert loaded == [ner.DEFAULT_MODEL]


@pytest.mark.parametrize("with_texts, message", [(True, "no trained NER pipeline"), (False, "--ner-model only applies with --texts")])
def test_eval_with_a_bad_ner_model_fails_in_one_line(pages, tmp_path, with_texts, message):
    gold_dir, graph_dir = pages
    not_a_model = tmp_path / "not-a-model"
    not_a_model.mkdir()
    source = ["--texts", str(graph_dir)] if with_texts else [str(graph_dir)]
    result = CliRunner().invoke(main, ["eval", str(gold_dir), *source, "--ner-model", str(not_a_model)])
    assert result.exit_code != 0 and message in result.output
    assert len(result.output.strip().splitlines()) == 1
