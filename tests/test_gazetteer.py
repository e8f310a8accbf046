"""The division gazetteer: a forest whatever the data, and names that resolve to the right parents."""

import signal
from contextlib import contextmanager

import pytest

from kg.gazetteer import Division, Gazetteer, default_gazetteer

from .helpers import article, build, facts


@contextmanager
def hang_guard(seconds: int):
    """Turn a hang (the old parent walks looped forever) into a failure instead of a stuck CI run."""
    def alarm(signum, frame):
        raise AssertionError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_shipped_divisions_have_unique_ids_and_no_self_parent():
    from kg.gazetteer import RESOURCE
    import gzip

    ids = []
    with gzip.open(RESOURCE, "rt", encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            identifier, _, _, _, parent = line.rstrip("\n").split("\t")
            assert identifier != parent, identifier
            ids.append(identifier)
    assert len(ids) == len(set(ids))


def test_parent_walks_end_on_cyclic_and_repeated_rows():
    looped = Gazetteer([
        Division("1", "甲省", "甲", 1, "2"),
        Division("2", "乙市", "乙", 2, "1"),
        Division("3", "丙县", "丙", 3, "3"),
        Division("3", "丙县", "丙", 3, "2"),
    ])
    with hang_guard(5):
        assert [d.id for d in looped.ancestors(looped.by_id["2"])] == ["1"]
        assert looped.ancestors(looped.by_id["3"]) == []
        assert not looped.is_under(looped.by_id["3"], looped.by_id["1"])


def test_towns_of_cities_without_counties_have_the_city_as_parent():
    gazetteer = default_gazetteer()
    dongguan, zhongshan = gazetteer.find("东莞市"), gazetteer.find("中山市")
    assert gazetteer.parent(gazetteer.find("长安镇", dongguan)) == dongguan
    assert gazetteer.parent(gazetteer.find("黄圃镇", zhongshan)) == zhongshan


def test_hong_kong_districts_lie_under_the_region():
    gazetteer = default_gazetteer()
    hong_kong = gazetteer.find("香港")
    assert hong_kong.level == 1
    district = gazetteer.find("油尖旺区", hong_kong)
    assert gazetteer.parent(district) == hong_kong


def test_scan_finds_the_longest_name_at_each_position():
    gazetteer = default_gazetteer()
    text = "内蒙古自治区通辽市科尔沁区的企业"
    names = [text[s:e] for s, e, _, _ in gazetteer.scan(text)]
    assert names == ["内蒙古自治区", "通辽市", "科尔沁区"]


def test_a_sentence_naming_each_province_and_prefecture_builds(pipeline):
    gazetteer = default_gazetteer()
    names = [d.name for d in gazetteer.by_id.values() if d.level <= 2]
    assert len(names) > 300
    articles = [article(f"记者昨天从{name}返回。", f"p-{i}", place=None) for i, name in enumerate(names)]
    with hang_guard(240):
        graph = build(pipeline, *articles)
    places = {e.name for e in graph.entities.values() if e.type == "Place"}
    assert {"香港特别行政区", "澳门特别行政区", "东莞市", "中山市", "儋州市", "嘉峪关市"} <= places


def test_a_town_of_dongguan_is_located_in_dongguan(pipeline):
    graph = build(pipeline, article("东莞市长安镇的企业今年扩产。", place=None))
    assert ("长安镇", "locatedIn", "东莞市") in facts(graph)


def test_a_county_short_form_denotes_the_county_only_under_the_papers_place():
    gazetteer = default_gazetteer()
    zhengzhou, xuchang = gazetteer.find("郑州市"), gazetteer.find("许昌市")
    assert gazetteer.find_in_scope("中原", zhengzhou).name == "中原区"
    assert gazetteer.find_in_scope("中原", xuchang) is None
    assert gazetteer.find_in_scope("中原", None) is None
    assert gazetteer.find_in_scope("中原区", xuchang).name == "中原区"  # a full name is read anywhere
    assert gazetteer.find_in_scope("郑州", xuchang) == zhengzhou  # so is a prefecture's short form
