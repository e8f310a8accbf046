"""Page-level cross-validation: the honest figure for learned parts of the pipeline.

The gold pages, in the order of their file names, fall into ``folds`` folds (fold k = pages[k::folds]).
For each fold, a ``fit`` callable is given the other pages and returns pipeline overrides
(component name → settings, e.g. ``{"kg_relation_model": {"model": "/tmp/fold-0"}}``); the held-out
pages are then built from their texts with those overrides, exactly as ``kg eval --texts`` builds
them, and scored. Counts are summed over the folds, so the report reads like ``kg eval``'s.

Any learned component that can be trained from gold pages plugs in through its own ``fit``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

from .evaluate import Page, Report, build_page_graphs, score_pages

Overrides = Dict[str, Dict[str, object]]
Fit = Callable[[Sequence[Page]], Overrides]


def fold_pages(pages: Sequence[Page], folds: int) -> List[List[Page]]:
    """Fold k holds pages[k::folds] (pages in gold-file order); every fold needs a page and training one."""
    if folds < 2:
        raise ValueError("cross-validation needs at least 2 folds")
    if len(pages) < folds:
        raise ValueError(f"{len(pages)} gold pages cannot make {folds} folds")
    return [list(pages[k::folds]) for k in range(folds)]


def cross_validate(pages: Sequence[Page], texts: Path, fit: Fit, folds: int = 5, place: Optional[str] = None,
                   on_fold: Optional[Callable[[int, List[Page]], None]] = None, ner_model: Optional[Path] = None) -> Report:
    """The micro report of every page built by a pipeline fitted without it (on ``ner_model``, default the
    shipped NER). Each page keeps its own report."""
    total = Report()
    for k, held_out in enumerate(fold_pages(pages, folds)):
        held = {id(page) for page in held_out}
        training = [page for page in pages if id(page) not in held]
        overrides = fit(training)
        total.add(score_pages(held_out, build_page_graphs(held_out, texts, place=place, ner_model=ner_model, overrides=overrides)))
        if on_fold is not None:
            on_fold(k, held_out)
    return total


class CombinedFit:
    """Several learned parts fitted on the same pages, in order; a later part is handed the
    overrides of the earlier ones (the relation classifier reads its candidates through the
    fold's span tagger, not the shipped one, which has seen every page)."""

    def __init__(self, *fits):
        self.fits = fits

    def __call__(self, pages: Sequence[Page]) -> Overrides:
        overrides: Overrides = {}
        for fit in self.fits:
            if hasattr(fit, "upstream"):
                fit.upstream = dict(overrides)
            for component, settings in fit(pages).items():
                overrides.setdefault(component, {}).update(settings)
        return overrides

