import json

import pytest
from click.testing import CliRunner

from kg.cli import main

from .conftest import GOLD, SAMPLE


@pytest.fixture()
def runner():
    return CliRunner()


def test_build_writes_turtle_trig_html_and_prints_a_summary(runner, tmp_path):
    result = runner.invoke(main, ["build", str(SAMPLE), "-o", str(tmp_path / "out"), "--place", "通辽市"])
    assert result.exit_code == 0, result.output
    for name in ("graph.ttl", "graph.trig", "graph.html"):
        assert (tmp_path / "out" / name).stat().st_size > 0
    assert "articles: 6" in result.output
    assert "triples:" in result.output and "authorOf 7" in result.output


def test_eval_prints_entity_and_relation_scores(runner, built):
    outdir, _, _ = built
    result = runner.invoke(main, ["eval", str(GOLD), str(outdir / "graph.ttl")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(l.startswith("entities P ") and " F1 " in l for l in lines)
    assert any(l.startswith("relations P ") and " F1 " in l for l in lines)
    assert any(l.strip().startswith("authorOf P 1.000 R 1.000") for l in lines)


@pytest.mark.parametrize(
    "content, message",
    [(b"", "empty input"), (b"\x00\x00\xff\xfe binary", "binary"), (bytes(range(0x80, 0x100)) * 3, "not UTF-8")],
)
def test_bad_input_exits_non_zero_with_one_line_and_writes_nothing(runner, tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(bad), "-o", str(out)])
    assert result.exit_code != 0
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())


def test_missing_input_exits_non_zero(runner, tmp_path):
    result = runner.invoke(main, ["build", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "out")])
    assert result.exit_code != 0 and "no such file" in result.output


def test_failed_build_leaves_earlier_outputs_intact(runner, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(main, ["build", str(SAMPLE), "-o", str(out)]).exit_code == 0
    before = (out / "graph.ttl").read_bytes()
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    assert runner.invoke(main, ["build", str(bad), "-o", str(out)]).exit_code != 0
    assert (out / "graph.ttl").read_bytes() == before
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_eval_rejects_a_broken_graph_file_in_one_line(runner, tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle <<<", encoding="utf-8")
    result = runner.invoke(main, ["eval", str(GOLD), str(broken)])
    assert result.exit_code != 0
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
