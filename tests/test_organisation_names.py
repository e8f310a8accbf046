"""Where organisation names start and end: word boundaries, heads and units built on a named body."""

import pytest

from kg.nlp.cues import Candidate
from kg.nlp.entities import typed_ner_candidate
from kg.nlp.heads import organisation_subtype
from kg.nlp.name_grammars import named_after_place_candidates

from .helpers import article, build, entities


def _names(text, candidates):
    return {text[c.start : c.end] for c in candidates}


def test_model_name_that_ends_inside_a_word_is_dropped():
    text = "奈曼旗推进集团化办学。"
    assert typed_ner_candidate(0, 7, "奈曼旗推进集团", "ORG", text) is None  # 集团|化
    text = "河北省纳米能量研究所成立。"
    assert typed_ner_candidate(0, 6, "河北省纳米能", "ORG", text) is None  # 能|量
    assert typed_ner_candidate(0, 10, "河北省纳米能量研究所", "ORG", text) is not None


def test_model_body_may_end_where_a_post_word_goes_on():
    text = "星河集团党委书记李明表示。"
    kept = typed_ner_candidate(0, 6, "星河集团党委", "ORG", text)  # jieba reads 党委书记 as one word
    assert kept is not None and kept.subtype == "PartyOrganisation"


def test_place_named_body_is_not_cut_out_of_a_longer_word():
    text = "奈曼旗集团化办学,奈曼旗集团成立。"
    places = [Candidate(0, 3, "Place", "AdministrativeArea", "gazetteer:full", 2, "150525"),
              Candidate(9, 12, "Place", "AdministrativeArea", "gazetteer:full", 2, "150525")]
    assert _names(text, named_after_place_candidates(text, places)) == {"奈曼旗集团"}
    assert [c.start for c in named_after_place_candidates(text, places)] == [9]


def test_bank_branch_named_only_by_its_place_keeps_the_bank_before_it(pipeline):
    graph = build(pipeline, article("面对融资需求,民生银行兴安盟分行主动上门服务。"))
    assert ("Organisation", "民生银行兴安盟分行") in entities(graph)


@pytest.mark.parametrize(
    "text, place, name, subtype",
    [
        ("中国驻汉堡领事馆参赞出席。", (0, 2, "gazetteer:full", "CN"), "中国驻汉堡领事馆", "GovernmentBody"),  # diplomatic mission
        ("通辽五中东城分校今天揭牌。", (0, 2, "gazetteer:short", "150500"), "通辽五中东城分校", ""),  # branch school
        ("对接赤峰农科院马铃薯研究所。", (2, 4, "gazetteer:short", "150400"), "赤峰农科院", "ResearchInstitution"),  # academy
    ],
)
def test_heads_of_missions_branch_schools_and_academies_make_place_named_bodies(text, place, name, subtype):
    start, end, method, code = place
    places = [Candidate(start, end, "Place", "AdministrativeArea", method, 2, code)]
    assert _names(text, named_after_place_candidates(text, places)) == {name}
    assert organisation_subtype(name) == subtype


def test_second_body_of_a_party_and_government_pair_is_read():
    from kg.nlp.name_grammars import abbreviated_organisation_candidates

    text = "由县委县政府统一部署,市委书记出席。"
    assert _names(text, abbreviated_organisation_candidates(text)) == {"县委", "县政府", "市委"}


def test_anaphoric_body_may_carry_a_short_name_before_its_head():
    from kg.nlp.name_grammars import organisation_candidates

    text = "据该旗农牧局局长王强介绍,该镇的文化站、该区共有的服务中心和该镇领导到县人大常委会。"
    assert _names(text, organisation_candidates(text)) == {"该旗农牧局"}


def test_place_named_body_ends_at_the_nearest_head_that_closes_a_word():
    text = "开鲁县政府办及有关单位出席。"  # jieba: 开鲁县|政府办|及, so 政府 is not where the name ends
    places = [Candidate(0, 3, "Place", "AdministrativeArea", "gazetteer:full", 2, "150523")]
    assert _names(text, named_after_place_candidates(text, places)) == {"开鲁县政府办"}


def _organisation(text, name):
    start = text.index(name)
    return Candidate(start, start + len(name), "Organisation", None, "rule:test", 2)


def test_stationed_body_is_named_with_the_body_that_sent_it():
    from kg.nlp.cues import default_cues
    from kg.nlp.entities import _with_sender

    text = "队员、兴安大学派驻扎鲁特旗帮扶工作队队长,自治区人民政府驻北京办事处主任,企业入驻园区管委会。"
    candidates = [_organisation(text, n) for n in ("兴安大学", "扎鲁特旗帮扶工作队", "北京办事处", "园区管委会")]
    names = _names(text, _with_sender(candidates, text, default_cues()))
    assert names == {"兴安大学派驻扎鲁特旗帮扶工作队", "自治区人民政府驻北京办事处"}


def test_work_team_is_an_organisation_head_without_a_subtype():
    assert organisation_subtype("扎鲁特旗乡村振兴驻村工作队") == ""


def _party_organ_names(text, names):
    from kg.nlp.cues import default_cues
    from kg.nlp.party_organs import party_organs

    return _names(text, party_organs([_organisation(text, n) for n in names], text, default_cues()))


def test_party_group_is_a_body_when_the_person_holds_only_party_posts_in_it():
    text = "兴安盟中级人民法院党组书记李明,党组成员、副院长王刚出席。"
    assert _party_organ_names(text, ["兴安盟中级人民法院"]) == {"兴安盟中级人民法院", "兴安盟中级人民法院党组"}


def test_party_group_before_a_post_of_its_body_gives_way_to_the_body():
    text = "星河乳业集团党委委员、副总经理赵刚,兴安盟中级人民法院党组书记、院长李明出席。"
    names = _party_organ_names(text, ["星河乳业集团党委", "兴安盟中级人民法院党组"])
    assert names == {"星河乳业集团", "兴安盟中级人民法院"}


def test_party_group_without_a_post_after_it_is_left_as_read():
    text = "星河乳业集团党委召开会议。"
    assert _party_organ_names(text, ["星河乳业集团党委"]) == {"星河乳业集团党委"}


def test_model_company_is_checked_after_its_legal_form_is_added():
    text = "远联资源集团股份有限公司董事长出席。"  # jieba: 远联|资源|集团股份|有限公司
    kept = typed_ner_candidate(0, 6, "远联资源集团", "ORG", text)
    assert kept is not None and text[kept.start : kept.end] == "远联资源集团股份有限公司"


def test_model_body_may_end_where_a_word_for_its_staff_goes_on():
    text = "远联公司员工表示满意。"  # jieba: 远联|公司员工
    assert typed_ner_candidate(0, 4, "远联公司", "ORG", text) is not None


def test_unit_opening_the_next_item_of_a_post_list_is_an_organisation():
    from kg.nlp.name_grammars import organisation_candidates

    text = "星河集团副总裁王强,奶业事业部副总经理李明、各管理处处长、后勤管理处的干部和审判庭出席。"
    names = {text[c.start : c.end] for c in organisation_candidates(text) if c.method == "rule:listed-unit"}
    assert names == {"奶业事业部"}


def test_party_group_of_a_place_or_before_a_clause_is_left_as_read():
    text = "自治区党委副书记、自治区主席李明讲话,星河公司党委把抓好干部作为大事。"
    assert _party_organ_names(text, ["自治区党委", "星河公司党委"]) == {"自治区党委", "星河公司党委"}


def test_name_may_end_where_a_compound_of_the_dictionary_goes_on_or_a_post_word_begins():
    from kg.nlp.cues import default_cues
    from kg.nlp.name_grammars import ends_inside_a_word

    cues = default_cues()
    text = "北京大学法律系和松山区林业局长出席。"  # jieba: 北京大学法律系 | 林业|局长
    assert not ends_inside_a_word(text, 0, 4, cues)  # 北京大学|法律系: a name and its department
    assert not ends_inside_a_word(text, 8, 13, cues)  # 松山区林业局|长: the word 局长 is a post
    assert ends_inside_a_word("奈曼旗推进集团化办学。", 0, 7, cues)
