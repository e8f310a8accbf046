"""`kg --help` and the command list load neither spaCy nor rdflib: they cost seconds to import."""

import subprocess
import sys

import pytest

HEAVY = ("spacy", "rdflib", "pyoxigraph", "pyshacl", "networkx", "thinc")


@pytest.mark.parametrize("argv", [["--help"], ["build", "--help"], ["export", "--help"], ["--version"]])
def test_help_imports_no_heavy_library(argv):
    probe = (
        "import sys\n"
        "from kg.cli import main\n"
        f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
        f"print('loaded:' + ','.join(sorted(name for name in {HEAVY!r} if name in sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "loaded:"


def test_errors_of_unloaded_modules_are_still_reported_in_one_line(tmp_path):
    missing = tmp_path / "nothing.ttl"
    missing.write_text("this is not turtle", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "kg", "stats", str(missing)], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.startswith("kg: error:") and len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_a_build_in_worker_processes_never_imports_spacy_or_pyvis_in_the_client(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text('{"id": "a", "title": "稿件", "text": "星火机械厂由王明远负责。"}\n'
                      '{"id": "b", "title": "稿件", "text": "王明远在通辽市考察。"}\n', encoding="utf-8")
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from kg.build import BuildOptions, build\n"
        "if __name__ == '__main__':\n"
        f"    build([Path({str(corpus)!r})], Path({str(tmp_path / 'out')!r}), BuildOptions(workers=2))\n"
        "    print('loaded:' + ','.join(sorted(name for name in ('spacy', 'thinc', 'pyvis', 'IPython') if name in sys.modules)))\n"
    )
    script = tmp_path / "probe.py"
    script.write_text(probe, encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "graph.html").exists()
    assert result.stdout.splitlines()[-1] == "loaded:"
