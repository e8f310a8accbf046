"""The built wheel carries every data file the runtime reads, and the runtime finds them inside the package."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import kg
from kg import bundled

from .conftest import ROOT

PACKAGE_DIR = Path(kg.__file__).resolve().parent


@pytest.fixture(scope="module")
def wheel_files(tmp_path_factory):
    """The file list of a wheel built from a copy of the project (setuptools' build/ cache stays out of the checkout),
    with one extra lexicon file planted to check that the lexicon glob ships new files too."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "kg", source / "kg", ignore=shutil.ignore_patterns("__pycache__"))
    (source / "kg" / "lexicon" / "planted_probe.toml").write_text('why = "packaging test"\nwords = ["试"]\n', encoding="utf-8")
    dist = tmp_path_factory.mktemp("dist")
    # --no-build-isolation: the test uses the setuptools already installed and needs no network
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "-w", str(dist), "--no-deps",
                             "--no-build-isolation", "-q"], capture_output=True, text=True)
    if "No module named" in result.stderr and "wheel" in result.stderr:
        pytest.skip("the 'wheel' package is not installed here, so setuptools cannot build without isolation")
    assert result.returncode == 0, result.stderr
    (wheel,) = dist.glob("kg_zh_news-*.whl")
    return set(zipfile.ZipFile(wheel).namelist())


def _relative(path: Path) -> str:
    return path.resolve().relative_to(PACKAGE_DIR.parent).as_posix()


def test_wheel_carries_ontology_shapes_queries_and_training_configs(wheel_files):
    expected = {_relative(p) for p in (bundled.ONTOLOGY, bundled.SHAPES, bundled.TRAINING_CONFIG, bundled.FINETUNE_CONFIG)}
    expected |= {_relative(p) for p in bundled.QUERIES.glob("*.rq")}
    assert len(expected) > 6
    assert expected <= wheel_files


def test_wheel_carries_every_lexicon_file(wheel_files):
    shipped = {_relative(p) for p in (PACKAGE_DIR / "lexicon").glob("*.toml")} | {"kg/lexicon/planted_probe.toml"}
    assert shipped <= wheel_files


def test_wheel_carries_the_ner_model_and_the_licence(wheel_files):
    model = {_relative(p) for p in (PACKAGE_DIR / "models" / "ner_zh").rglob("*") if p.is_file()}
    assert "kg/models/ner_zh/config.cfg" in model and model <= wheel_files
    assert any(name.endswith(".dist-info/licenses/LICENSE") or name.endswith(".dist-info/LICENSE") for name in wheel_files)


def test_runtime_reads_data_files_from_the_package_not_the_checkout():
    from kg import ner, validate

    for path in (validate.SHAPES, validate.ONTOLOGY, ner.DEFAULT_CONFIG, ner.DEFAULT_FINETUNE, bundled.QUERIES):
        assert path.exists(), path
        assert path.resolve().is_relative_to(PACKAGE_DIR), path
