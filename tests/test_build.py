"""The streaming build: same graph however it is run, bounded work, outputs replaced together."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.outputs import JOURNAL, OutputSwap, recover
from kg.store import BUILD_GRAPH, build_state

CORPUS_SENTENCES = [
    "内蒙古远联新材料有限公司在通辽市开发区建设年产5万吨铝箔项目。公司总经理王海东表示，项目明年投产。",
    "科尔沁区人民法院开展“法官进社区”活动。院长李红梅带队走访了三个社区。",
    "赤峰市科技局实施“揭榜挂帅”改革，支持企业与高校联合攻关。",
    "呼伦贝尔市农牧局组织召开乡村振兴工作推进会。局长张立新出席会议并讲话。",
    "包头市稀土高新区与北京理工大学签署战略合作协议，共建稀土新材料研究院。",
]


def write_corpus(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for i in range(count):
            text = CORPUS_SENTENCES[i % len(CORPUS_SENTENCES)]
            record = {"id": f"t-{i:04d}", "title": f"测试稿件{i}", "source": f"day{i // 7}/page.txt", "text": text}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def triples(path: Path) -> set:
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return set(store)


def build(args, **kwargs):
    result = CliRunner().invoke(main, ["build", *map(str, args), "--no-progress"], **kwargs)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("corpus") / "corpus.jsonl", 20)


@pytest.fixture(scope="module")
def one_process_build(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("one")
    build([corpus, "-o", out])
    return out


def test_two_worker_processes_build_the_same_files_as_one(corpus, one_process_build, tmp_path):
    build([corpus, "-o", tmp_path, "--workers", "2"])
    for name in ("graph.ttl", "graph.trig"):
        assert (tmp_path / name).read_bytes() == (one_process_build / name).read_bytes()


def test_a_large_input_is_extracted_in_a_worker_process_with_the_same_result(corpus, one_process_build, tmp_path, monkeypatch):
    import kg.runner

    started = []
    real_pool = kg.runner.LocalExecutor.__enter__

    def counting_enter(self):
        started.append(self.in_process)
        return real_pool(self)

    monkeypatch.setattr(kg.runner, "IN_PROCESS_MAX_BYTES", corpus.stat().st_size - 1)
    monkeypatch.setattr(kg.runner.LocalExecutor, "__enter__", counting_enter)
    build([corpus, "-o", tmp_path])
    assert started == [False]
    for name in ("graph.ttl", "graph.trig"):
        assert (tmp_path / name).read_bytes() == (one_process_build / name).read_bytes()


def test_a_dask_cluster_builds_the_same_triples_as_this_process(corpus, one_process_build, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        build([corpus, "-o", tmp_path, "--scheduler", cluster.scheduler_address])
    assert triples(tmp_path / "graph.ttl") == triples(one_process_build / "graph.ttl")


def test_an_unreachable_scheduler_is_a_one_line_error_before_any_output(corpus, tmp_path):
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code != 0 and "Dask scheduler" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_limit_builds_only_the_first_articles(corpus, tmp_path):
    result = build([corpus, "-o", tmp_path, "--limit", "3"])
    assert "articles: 3" in result.output
    graphs = {q.graph_name.value for q in ox.parse(path=str(tmp_path / "graph.trig"), format=ox.RdfFormat.TRIG)}
    assert len(graphs) == 3


def test_graph_ttl_holds_each_triple_once_and_the_union_of_the_article_graphs(one_process_build):
    union = {(q.subject, q.predicate, q.object) for q in ox.parse(path=str(one_process_build / "graph.trig"), format=ox.RdfFormat.TRIG)}
    turtle = [(q.subject, q.predicate, q.object) for q in ox.parse(path=str(one_process_build / "graph.ttl"), format=ox.RdfFormat.TURTLE)]
    assert len(turtle) == len(set(turtle)) and set(turtle) == union


def test_a_failed_build_leaves_the_previous_outputs_untouched(corpus, tmp_path):
    build([corpus, "-o", tmp_path, "--limit", "2"])
    before = {name: (tmp_path / name).read_bytes() for name in ("graph.ttl", "graph.trig", "graph.html")}
    bad = tmp_path.parent / f"{tmp_path.name}-bad.jsonl"
    bad.write_text('{"id": "x", "text": "好"}\nnot json\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(bad), "-o", str(tmp_path)])
    assert result.exit_code != 0
    assert {name: (tmp_path / name).read_bytes() for name in before} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".kg-staging") or p.suffix == ".tmp"]


def test_a_swap_interrupted_between_renames_is_finished_by_the_next_build(tmp_path):
    (tmp_path / "graph.ttl").write_text("old ttl")
    (tmp_path / "graph.trig").write_text("old trig")
    with OutputSwap(tmp_path) as swap:
        swap.write_with(lambda p: p.write_text("new ttl"), "graph.ttl")
        swap.write_with(lambda p: p.write_text("new trig"), "graph.trig")
        # the journal is written and the first rename done, then the process dies
        (tmp_path / JOURNAL).write_text(json.dumps({"staging": swap.staging.name, "files": swap.staged}))
        os.replace(swap.staging / "graph.ttl", tmp_path / "graph.ttl")
        staging = swap.staging
        swap.staging = tmp_path / "elsewhere"  # keep __exit__ from clearing what a dead process would leave
    assert (tmp_path / "graph.ttl").read_text() == "new ttl" and (tmp_path / "graph.trig").read_text() == "old trig"
    recover(tmp_path)
    assert (tmp_path / "graph.trig").read_text() == "new trig"
    assert not (tmp_path / JOURNAL).exists() and not staging.exists()


def test_a_second_build_into_the_same_folder_fails_at_once(tmp_path):
    with OutputSwap(tmp_path):
        with pytest.raises(ValueError, match="another kg build"):
            OutputSwap(tmp_path).__enter__()


def test_a_store_in_use_fails_the_build_before_any_extraction(corpus, tmp_path):
    store_dir = tmp_path / "db"
    holder = ox.Store(str(store_dir))
    try:
        result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(tmp_path / "out"), "--store", str(store_dir)])
    finally:
        del holder
    assert result.exit_code != 0 and "in use" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_replace_source_drops_article_graphs_a_source_no_longer_has(tmp_path):
    store_dir = tmp_path / "db"
    long_corpus = write_corpus(tmp_path / "c.jsonl", 6)
    build([long_corpus, "-o", tmp_path / "o1", "--store", store_dir])
    shorter = tmp_path / "c.jsonl"
    lines = shorter.read_text(encoding="utf-8").splitlines()
    shorter.write_text("\n".join(lines[:4]) + "\n", encoding="utf-8")  # day0/page.txt lost t-0004, t-0005
    result = build([shorter, "-o", tmp_path / "o2", "--store", store_dir, "--replace-source"])
    assert "2 stale ones dropped" in result.output
    store = ox.Store(str(store_dir))
    articles = {g.value.rsplit("/", 1)[-1] for g in store.named_graphs()} - {BUILD_GRAPH.rsplit("/", 1)[-1]}
    assert articles == {"t-0000", "t-0001", "t-0002", "t-0003"}


def test_delete_removes_every_article_graph_of_a_source(tmp_path):
    store_dir = tmp_path / "db"
    build([write_corpus(tmp_path / "c.jsonl", 9), "-o", tmp_path / "o", "--store", store_dir])
    result = CliRunner().invoke(main, ["delete", str(store_dir), "day0/page.txt"])
    assert result.exit_code == 0 and "7 article graphs removed" in result.output
    store = ox.Store(str(store_dir))
    assert len([g for g in store.named_graphs() if g.value != BUILD_GRAPH]) == 2


@pytest.mark.skipif(sys.platform != "linux", reason="SIGKILL semantics")
def test_a_killed_store_build_leaves_whole_article_graphs_and_says_incomplete(tmp_path):
    corpus = write_corpus(tmp_path / "big.jsonl", 400)
    store_dir = tmp_path / "db"
    command = [sys.executable, "-m", "kg", "build", str(corpus), "-o", str(tmp_path / "out"), "--store", str(store_dir),
               "--no-ner", "--no-progress"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    written = 0
    while time.monotonic() < deadline and process.poll() is None and written < 2:
        time.sleep(0.2)
        try:
            written = len(list(ox.Store.read_only(str(store_dir)).named_graphs())) - 1
        except (OSError, RuntimeError):  # the store is not created yet
            written = 0
    if process.poll() is not None:
        pytest.skip("the build finished before it could be killed")
    process.send_signal(signal.SIGKILL)
    process.wait()
    store = ox.Store(str(store_dir))
    assert build_state(store) == "incomplete"
    complete = ox.Store()
    build([corpus, "-o", tmp_path / "ref", "--no-ner"])
    complete.load(path=str(tmp_path / "ref" / "graph.trig"), format=ox.RdfFormat.TRIG)
    for graph in store.named_graphs():
        if graph.value == BUILD_GRAPH:
            continue
        mine = {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, graph)}
        reference = {(q.subject, q.predicate, q.object) for q in complete.quads_for_pattern(None, None, None, graph)}
        assert mine == reference, graph
    del store
    assert not list((tmp_path / "out").glob("graph.*"))  # no outputs from a build that never finished
    build([corpus, "-o", tmp_path / "out", "--store", store_dir, "--no-ner"])
    assert build_state(ox.Store(str(store_dir))) == "complete"


def test_same_named_pages_from_two_folders_keep_both_article_graphs_in_one_store(tmp_path):
    for day in ("day1", "day2"):
        (tmp_path / day).mkdir()
        (tmp_path / day / "page1.txt").write_text(f"## 新闻{day}\n\n本报讯 市科技局召开{day}座谈会。\n", encoding="utf-8")
    store_dir = tmp_path / "db"
    for day in ("day1", "day2"):
        build([tmp_path / day, "-o", tmp_path / f"out-{day}", "--store", store_dir, "--place", "通辽市", "--no-ner"])
    store = ox.Store(str(store_dir))
    sources = {q.object.value for q in store.quads_for_pattern(None, ox.NamedNode("https://w3id.org/kg-zh-news/ontology#sourceDocument"), None)
               if not isinstance(q.graph_name, ox.DefaultGraph)}
    assert sources == {"day1/page1.txt", "day2/page1.txt"}


@pytest.mark.parametrize("args, message", [
    (["-o", "{file}"], "not a folder"),
    (["--base", "not an iri"], "--base"),
    (["--replace-source"], "--replace-source needs --store"),
])
def test_bad_options_fail_in_one_line_before_any_work(corpus, tmp_path, args, message):
    afile = tmp_path / "a-file"
    afile.write_text("x")
    args = [a.replace("{file}", str(afile)) for a in args]
    out = ["-o", str(tmp_path / "out")] if "-o" not in args else []
    result = CliRunner().invoke(main, ["build", str(corpus), *out, *args])
    assert result.exit_code != 0 and message in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
