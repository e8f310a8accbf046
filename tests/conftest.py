from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "000_348aeecdd38910cd.txt"
GOLD = ROOT / "data" / "gold" / "000_348aeecdd38910cd.json"


@pytest.fixture(scope="session")
def sample_page() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def pipeline():
    from kg.extract import build_pipeline

    return build_pipeline()


@pytest.fixture(scope="session")
def built(tmp_path_factory, pipeline):
    """The bundled page built once: (output dir, resolved graph, summary)."""
    from kg import ingest
    from kg.build import write_outputs
    from kg.extract import extract
    from kg.resolve import resolve

    outdir = tmp_path_factory.mktemp("build")
    articles = ingest.load_articles([SAMPLE], place="通辽市")
    resolved = resolve(list(extract(pipeline, articles)))
    summary = write_outputs(resolved, outdir)
    return outdir, resolved, summary


@pytest.fixture
def extra_lexicon(tmp_path, monkeypatch):
    """A copy of the shipped lexicon folder plus one lexicon of the test's own, loaded from there
    for the test's duration: ``extra_lexicon("tasting_verbs", verbs=["品尝"])``."""
    import shutil

    from kg import lexicon

    for path in lexicon.LEXICON_DIR.glob("*.toml"):
        shutil.copy(path, tmp_path / path.name)
    monkeypatch.setattr(lexicon, "LEXICON_DIR", tmp_path)

    def add(name: str, **lists) -> str:
        body = "".join(f"{key} = {list(words)!r}\n".replace("'", '"') for key, words in lists.items())
        (tmp_path / f"{name}.toml").write_text(f'why = "test"\n{body}', encoding="utf-8")
        lexicon.load.cache_clear()
        return name

    yield add
    lexicon.load.cache_clear()
