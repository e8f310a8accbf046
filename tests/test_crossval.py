"""Page-level cross-validation: learned parts fitted together, later ones told what earlier ones made."""

from kg.crossval import CombinedFit


class _RecordingFit:
    def __init__(self, component, settings, takes_upstream=False):
        self.component, self.settings, self.seen = component, settings, []
        if takes_upstream:
            self.upstream = {}

    def __call__(self, pages):
        self.seen.append((list(pages), dict(getattr(self, "upstream", {}))))
        return {self.component: dict(self.settings)}


def test_a_later_part_is_fitted_on_the_same_pages_and_handed_the_earlier_parts_overrides():
    spans = _RecordingFit("kg_domain_entities", {"span_model": "/fold/spans.crfsuite"})
    relations = _RecordingFit("kg_relation_model", {"model": "/fold/relations"}, takes_upstream=True)
    overrides = CombinedFit(spans, relations)(["p1", "p2"])
    assert overrides == {"kg_domain_entities": {"span_model": "/fold/spans.crfsuite"},
                         "kg_relation_model": {"model": "/fold/relations"}}
    assert spans.seen[0][0] == relations.seen[0][0] == ["p1", "p2"]
    assert relations.seen[0][1] == {"kg_domain_entities": {"span_model": "/fold/spans.crfsuite"}}


def test_settings_of_one_component_from_two_parts_are_merged():
    first = _RecordingFit("kg_relation_model", {"model": "/m"})
    second = _RecordingFit("kg_relation_model", {"threshold": 0.6})
    assert CombinedFit(first, second)(["p"]) == {"kg_relation_model": {"model": "/m", "threshold": 0.6}}


def test_a_span_fit_trains_a_model_the_pipeline_can_name(tmp_path):
    import json
    from pathlib import Path

    from kg.evaluate import Page
    from kg.span_training import SpanFit

    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "p.txt").write_text("星河公司今年启动“绿色工厂”行动,推出新款节能电机。\n", encoding="utf-8")
    gold = {"source": "p.txt", "entities": [{"id": "e1", "type": "Programme", "name": "绿色工厂"}], "relations": []}
    fit = SpanFit(texts, tmp_path / "work")
    fit.extra = fit.extra[:20]  # a few hand-labelled sentences keep the smoke test short
    overrides = fit([Page("p", gold)])
    model = overrides["kg_domain_entities"]["span_model"]
    assert Path(model).is_file() and Path(model).parent == tmp_path / "work"
    assert json.dumps(overrides)  # overrides travel as plain settings
