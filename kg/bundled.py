"""Data files shipped inside the package: ontology, shapes, example queries, training configs.

They live under ``kg/resources/`` so that a plain ``pip install .`` (not only an
editable checkout) carries them; every reader finds them through the installed
package, never through the repository root.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def bundled(*parts: str) -> Path:
    """The path of a shipped file or folder, e.g. ``bundled("ontology", "shapes.ttl")``."""
    # kg is always installed as a directory (spaCy loads the shipped model from one), so the
    # resource is a real file that rdflib, pyshacl and spaCy can open by path.
    return Path(str(resources.files("kg").joinpath("resources", *parts)))


ONTOLOGY = bundled("ontology", "kg.ttl")
SHAPES = bundled("ontology", "shapes.ttl")
QUERIES = bundled("queries")
TRAINING_CONFIG = bundled("training", "config.cfg")
FINETUNE_CONFIG = bundled("training", "finetune.cfg")
