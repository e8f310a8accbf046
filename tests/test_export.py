"""kg export: the format follows the file name, "-" is standard output, strict readers accept every file;
graph.trig is the same file for the same input; the VoID claims a licence only when given one."""

import json
import os
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef

from kg.cli import main
from kg.export import clean_text, write_rdf
from kg.store import load_file, run_query

from .conftest import SAMPLE

RAPPER_SYNTAX = {".ttl": "turtle", ".nt": "ntriples", ".trig": "trig", ".nq": "nquads"}
# U+FFFE and U+FFFF are what rapper refuses; the other non-characters are not for interchange either
ODD = "\ufffe\uffff\ufdd0\U0001fffe\U0010ffff"


def _rapper(path, syntax):
    rapper = shutil.which("rapper")
    if rapper is None:
        pytest.fail("rapper (Debian raptor2-utils) is not installed: .ci/run installs it")
    return subprocess.run([rapper, "-c", "-i", syntax, str(path)], capture_output=True, text=True)


def _kg(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True, cwd=cwd,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})


@pytest.fixture(scope="module")
def odd_store(tmp_path_factory):
    """A store built from an article whose title and text hold non-characters."""
    folder = tmp_path_factory.mktemp("odd")
    corpus = folder / "odd.jsonl"
    # enough ordinary text around the non-characters that ingest reads it as text, not binary
    ordinary = "今年以来，全市各项工作稳步推进，群众满意度持续提升。" * 25  # non-characters under 2%
    record = {"id": "a1", "title": f"标题{ODD}测试", "text": f"本报讯 市科技局局长张伟表示{ODD},将推行“惠企”活动。{ordinary}"}
    corpus.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(folder / "out"), "--no-ner", "--store", str(folder / "db")])
    assert result.exit_code == 0, result.output
    return folder / "db"


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".trig", ".nq"])
def test_the_format_follows_the_output_suffix(tmp_path, built, suffix):
    outdir, _, _ = built
    target = tmp_path / f"kg{suffix}"
    result = CliRunner().invoke(main, ["export", str(outdir / "graph.trig"), "-o", str(target)])
    assert result.exit_code == 0, result.output
    check = _rapper(target, RAPPER_SYNTAX[suffix])
    assert check.returncode == 0, check.stderr[-300:]


def test_a_format_that_contradicts_the_suffix_is_refused(tmp_path, built):
    outdir, _, _ = built
    target = tmp_path / "kg.ttl"
    result = _kg("export", outdir / "graph.trig", "-f", "nquads", "-o", target)
    assert result.returncode == 1 and not target.exists()
    message = result.stderr.decode().strip()
    assert message.startswith("kg: error: -f nquads does not match kg.ttl") and "\n" not in message


def test_an_unknown_suffix_without_format_is_refused(tmp_path, built):
    outdir, _, _ = built
    result = _kg("export", outdir / "graph.trig", "-o", tmp_path / "kg.data")
    assert result.returncode == 1 and "cannot tell the format of kg.data" in result.stderr.decode()
    assert not (tmp_path / "kg.data").exists()


def test_dash_writes_to_standard_output_and_creates_no_file(tmp_path, built):
    outdir, _, _ = built
    result = _kg("export", outdir / "graph.trig", "-f", "ntriples", "-o", "-", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.iterdir()) == []
    exported = Graph().parse(data=result.stdout.decode("utf-8"), format="nt")
    assert len(exported) == len(Graph().parse(outdir / "graph.ttl"))


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".trig", ".nq"])
def test_rapper_accepts_exports_of_text_with_non_characters(tmp_path, odd_store, suffix):
    target = tmp_path / f"kg{suffix}"
    assert CliRunner().invoke(main, ["export", str(odd_store), "-o", str(target)]).exit_code == 0
    check = _rapper(target, RAPPER_SYNTAX[suffix])
    assert check.returncode == 0, check.stderr[-300:]
    assert "标题\ufffd\ufffd\ufffd\ufffd\ufffd测试" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("suffix, format_name", [(".ttl", "turtle"), (".nt", "ntriples"), (".trig", "trig"), (".nq", "nquads")])
def test_written_graphs_replace_non_characters_and_unpaired_surrogates(tmp_path, suffix, format_name):
    dataset = Dataset()
    named = dataset.graph(URIRef("https://example.org/graph"))
    label = f"名{ODD}\ud800字\udfff"
    named.add((URIRef("https://example.org/x"), URIRef("https://example.org/label"), Literal(label, lang="zh")))
    target = tmp_path / f"out{suffix}"
    source = dataset if format_name in ("trig", "nquads") else named
    write_rdf(source, target, format_name)
    check = _rapper(target, RAPPER_SYNTAX[suffix])
    assert check.returncode == 0, check.stderr[-300:]
    assert clean_text(label) == "名" + "\ufffd" * 5 + "\ufffd字\ufffd"
    assert clean_text(label) in target.read_text(encoding="utf-8")


def test_trig_is_the_same_file_whatever_the_insertion_order(tmp_path):
    quads = [(URIRef(f"https://example.org/s{i % 3}"), URIRef("https://example.org/p"), Literal(f"v{i}"),
              URIRef(f"https://example.org/g{i % 4}")) for i in range(40)]
    outputs = []
    for order in (quads, list(reversed(quads))):
        dataset = Dataset()
        for s, p, o, g in order:
            dataset.graph(g).add((s, p, o))
        path = tmp_path / f"{len(outputs)}.trig"
        write_rdf(dataset, path, "trig")
        outputs.append(path.read_bytes())
    assert outputs[0] == outputs[1]


def test_two_builds_of_the_same_page_write_identical_files(tmp_path):
    # a different hash seed per run reorders sets and dicts keyed by strings, as two separate runs do
    for seed in ("1", "2"):
        result = subprocess.run([sys.executable, "-m", "kg", "build", str(SAMPLE), "-o", str(tmp_path / seed), "--place", "通辽市", "--no-ner"],
                                capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": os.pathsep.join(sys.path)})
        assert result.returncode == 0, result.stderr[-500:]
    for name in ("graph.ttl", "graph.trig"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name


def _licences(void_path):
    return [row[0].value for row in run_query(load_file(void_path), "SELECT ?l WHERE { ?d a void:Dataset ; dcterms:license ?l }").rows]


def test_void_claims_no_licence_unless_given_one(tmp_path, built):
    outdir, _, _ = built
    void_path = tmp_path / "void.ttl"
    result = CliRunner().invoke(main, ["export", str(outdir / "graph.trig"), "-o", str(tmp_path / "kg.nq"), "--void", str(void_path)])
    assert result.exit_code == 0, result.output
    assert _licences(void_path) == []
    licence = "https://creativecommons.org/licenses/by/4.0/"
    result = CliRunner().invoke(main, ["export", str(outdir / "graph.trig"), "-o", str(tmp_path / "kg.nq"), "--void", str(void_path),
                                       "--license", licence])
    assert result.exit_code == 0, result.output
    assert _licences(void_path) == [licence]


def test_a_licence_that_is_not_an_iri_is_refused_before_any_work(tmp_path, built):
    outdir, _, _ = built
    result = CliRunner().invoke(main, ["export", str(outdir / "graph.trig"), "-o", str(tmp_path / "kg.nq"), "--void",
                                       str(tmp_path / "void.ttl"), "--license", "CC BY 4.0"])
    assert result.exit_code == 2 and "not an absolute IRI" in result.output
    assert not (tmp_path / "kg.nq").exists()


def test_a_licence_without_a_void_description_is_refused(tmp_path, built):
    outdir, _, _ = built
    result = CliRunner().invoke(main, ["export", str(outdir / "graph.trig"), "-o", str(tmp_path / "kg.nq"),
                                       "--license", "https://creativecommons.org/licenses/by/4.0/"])
    assert result.exit_code == 2 and "--void" in result.output
    assert not (tmp_path / "kg.nq").exists()
