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
