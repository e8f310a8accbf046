"""Each entity mechanism on sentences written for the test."""

import pytest

from kg.gazetteer import default_gazetteer
from kg.nlp.cues import HeadIndex
from kg.nlp.grammars import organisation_subtype, programme_candidates, project_candidates

from .helpers import article, build, entities, entity


@pytest.mark.parametrize(
    "name, subtype",
    [
        ("赤峰远联钢铁有限责任公司", "Company"),
        ("蒙牛乳业集团", "Company"),
        ("通辽市发展和改革委员会", "GovernmentBody"),
        ("开鲁县人民法院", "GovernmentBody"),
        ("扎鲁特旗委第三党支部", "PartyOrganisation"),
        ("库伦旗融媒体中心", "MediaOrganisation"),
        ("内蒙古民族大学", "ResearchInstitution"),
    ],
)
def test_organisations_are_typed_by_their_head_noun(name, subtype):
    assert organisation_subtype(name) == subtype


def test_the_longest_head_a_name_ends_with_gives_its_subtype_and_a_head_listed_twice_keeps_its_first():
    heads = HeadIndex([("PartyOrganisation", ("党委", "委")), ("GovernmentBody", ("委", "局")), (None, ("中心",))])
    assert heads.subtype("某县党委") == "PartyOrganisation"
    assert heads.subtype("某县纪委") == "PartyOrganisation"  # 委 is listed first under the party
    assert heads.subtype("某县局") == "GovernmentBody"
    assert heads.subtype("某服务中心") == ""  # a head without a subtype
    assert heads.subtype("委") == "PartyOrganisation" and heads.subtype("某县") is None


def test_quoted_name_with_programme_cue_is_a_programme_without_its_quotes(pipeline):
    graph = build(pipeline, article("开鲁县全面推行“帮办代办”服务模式,群众办事更方便。"))
    programme = entity(graph, "Programme", "帮办代办")
    assert "“帮办代办”服务模式" in programme.aliases


def test_quoted_list_gives_one_programme_per_member():
    text = "推动“一窗受理、一次办结”政务服务模式。"
    names = {text[c.start : c.end] for c in programme_candidates(text)}
    assert names == {"一窗受理", "一次办结"}


def test_quoted_phrase_without_cue_or_verb_is_not_a_programme():
    assert list(programme_candidates("他笑着说“真不错”,大家都很高兴。")) == []


def test_project_name_keeps_its_qualifiers_and_generic_projects_are_skipped():
    text = "推进年产10万吨高端铝合金项目建设,各类重点项目进展顺利。"
    names = {text[c.start : c.end] for c in project_candidates(text)}
    assert "年产10万吨高端铝合金项目" in names
    assert not any(n.startswith(("各类", "重点")) for n in names)


def test_product_needs_a_maker_in_view(pipeline):
    made = build(pipeline, article("走进赤峰远联钢铁有限责任公司车间,工人将钢坯加工成高强度螺纹钢。"))
    assert ("Product", "高强度螺纹钢") in entities(made)
    talk = build(pipeline, article("宣讲员把深奥的理论转化为群众听得懂的家常话。"))
    assert not [e for e in talk.entities.values() if e.type == "Product"]


def test_gazetteer_places_carry_official_names_and_codes(pipeline):
    graph = build(pipeline, article("科左中旗今年新建牧民合作社12家。"))
    place = entity(graph, "Place", "科尔沁左翼中旗")
    assert place.code == "150521" and "科左中旗" in place.aliases


def test_local_abbreviation_resolves_only_under_the_papers_place(pipeline):
    tongliao = build(pipeline, article("今年以来,科区新建托育机构12家。", place="通辽市"))
    assert entity(tongliao, "Place", "科尔沁区").code == "150502"
    elsewhere = build(pipeline, article("今年以来,科区新建托育机构12家。", place="呼和浩特市"))
    assert ("Place", "科尔沁区") not in entities(elsewhere)


def test_deictic_place_resolves_to_the_papers_place(pipeline):
    graph = build(pipeline, article("我市新建5G基站300个。", place="赤峰市"))
    assert "我市" in entity(graph, "Place", "赤峰市").aliases


def test_place_prefixed_abbreviation_resolves_against_the_papers_place(pipeline):
    graph = build(pipeline, article("市科技局局长张伟出席会议。", place="赤峰市"))
    assert ("Organisation", "赤峰市科技局") in entities(graph)


def test_gazetteer_hierarchy_and_lookup():
    gazetteer = default_gazetteer()
    banner = gazetteer.find("科左后旗")
    assert banner.name == "科尔沁左翼后旗" and [a.name for a in gazetteer.ancestors(banner)] == ["通辽市", "内蒙古自治区"]
    assert gazetteer.find("大镇", gazetteer.find("奈曼旗")).name == "大沁他拉镇"
    assert gazetteer.scan("江南水乡风景好,城区人多") == []


def test_project_name_is_cut_after_its_governing_verb_but_keeps_a_final_one():
    text = "开鲁县扎实推进高标准农田建设项目,奈曼旗推进光伏治沙示范项目。"
    names = {text[c.start : c.end] for c in project_candidates(text)}
    assert {"高标准农田建设项目", "光伏治沙示范项目"} <= names


def test_company_name_keeps_the_place_the_model_left_out(pipeline):
    graph = build(pipeline, article("内蒙古蒙佳粮油工业集团有限公司董事长李春生介绍,企业年加工玉米50万吨。"))
    names = {name for kind, name in entities(graph) if kind == "Organisation"}
    assert "内蒙古蒙佳粮油工业集团有限公司" in names


def test_company_name_keeps_a_brand_word_that_opens_the_clause(pipeline):
    graph = build(pipeline, article("据悉,华能呼伦贝尔能源开发有限公司投资1.2亿元建设光伏发电项目。", place="呼伦贝尔市"))
    assert ("Organisation", "华能呼伦贝尔能源开发有限公司") in entities(graph)


def test_every_lexicon_says_why_and_holds_only_non_empty_word_lists():
    from kg import lexicon

    for name in lexicon.available():
        table = lexicon.load(name)
        assert isinstance(table.get("why"), str) and table["why"], name
        for key, value in table.items():
            if key != "why":
                assert lexicon.words(name, key), (name, key)


def test_a_lexicon_written_again_is_read_again_and_a_malformed_list_is_refused(extra_lexicon):
    from kg import lexicon

    extra_lexicon("tasting_verbs", verbs=["品尝"])
    assert lexicon.words("tasting_verbs", "verbs") == ("品尝",)
    extra_lexicon("tasting_verbs", verbs=["品尝", "试吃"])
    assert lexicon.words("tasting_verbs", "verbs") == ("品尝", "试吃")
    extra_lexicon("tasting_verbs", verbs=["品尝", ""])
    with pytest.raises(lexicon.LexiconError):
        lexicon.words("tasting_verbs", "verbs")


def test_grammars_read_the_lexicon_the_config_names(extra_lexicon):
    from kg.nlp.cues import Cues

    extra_lexicon("tasting_verbs", verbs=["品尝"])
    text = "游客品尝“草原之味”,赞不绝口。"
    assert list(programme_candidates(text, Cues())) == []
    custom = Cues({"programme_verbs": "tasting_verbs"})
    assert {text[c.start : c.end] for c in programme_candidates(text, custom)} == {"“草原之味”"}


def test_a_config_naming_an_unknown_lexicon_concept_is_refused():
    from kg.lexicon import LexiconError
    from kg.nlp.cues import Cues

    with pytest.raises(LexiconError, match="colour_words"):
        Cues({"colour_words": "colours"})


def test_quoted_name_with_a_long_programme_tail_keeps_the_tail():
    from kg.nlp.grammars import programme_candidates

    text = "大力推进“一窗式”多元调解和法律援助服务体系建设。"
    names = {text[c.start : c.end] for c in programme_candidates(text)}
    assert "“一窗式”多元调解和法律援助服务体系" in names


def test_unquoted_programme_needs_a_verb_and_a_specific_name_before_its_head():
    from kg.nlp.grammars import programme_candidates

    text = "县里建立企业信用修复提醒机制,同时建立协调机制。"
    names = {text[c.start : c.end] for c in programme_candidates(text)}
    assert names == {"企业信用修复提醒机制"}


def test_national_strategy_is_a_programme_without_quotes(pipeline):
    graph = build(pipeline, article("该行加大信贷投放,助力乡村振兴。"))
    assert ("Programme", "乡村振兴") in entities(graph)


def test_policy_agreement_title_is_a_programme():
    from kg.nlp.grammars import policy_document_candidates

    text = "双方签署《草原畜牧业高质量发展合作协议》。"
    assert [text[c.start : c.end] for c in policy_document_candidates(text)] == ["《草原畜牧业高质量发展合作协议》"]


def test_our_country_is_china(pipeline):
    graph = build(pipeline, article("这项技术填补了我国在该领域的空白。"))
    assert "我国" in entity(graph, "Place", "中国").aliases


def test_company_name_with_a_bracketed_place_or_form_is_one_name():
    from kg.nlp.name_grammars import organisation_candidates

    text = "兴安大学与北辰(锡林郭勒)新材料有限公司签约,草原乳业(集团)有限公司也参加。"
    names = {text[c.start : c.end] for c in organisation_candidates(text)}
    assert {"北辰(锡林郭勒)新材料有限公司", "草原乳业(集团)有限公司"} <= names


def test_bank_branch_named_by_its_place_keeps_the_bank(pipeline):
    graph = build(pipeline, article("今年以来,农发行赤峰市分行累计投放贷款12亿元。"))
    assert ("Organisation", "农发行赤峰市分行") in entities(graph)


def test_media_credited_as_source_are_organisations():
    from kg.nlp.name_grammars import media_credit_candidates

    text = "(文章来源:北疆晨报·草原新闻网)\n来源:锡林郭勒日报免责声明:本文仅供参考"
    names = [text[c.start : c.end] for c in media_credit_candidates(text)]
    assert names == ["北疆晨报", "草原新闻网", "锡林郭勒日报"]


def test_products_are_read_off_making_verbs_and_quoted_product_lists():
    from kg.nlp.grammars import product_candidates

    text = "该厂年产羊绒围巾二十万条。农商行推出“牧民贷”“草场贷”等特色产品。工厂生产线上工人正在忙碌。"
    names = {text[c.start : c.end] for c in product_candidates(text)}
    assert names == {"羊绒围巾", "“牧民贷”", "“草场贷”"}


def test_projects_made_of_scope_and_generic_words_are_not_names():
    text = "全市签约重大项目18个,阿鲁科尔沁旗年度重点项目进展顺利,还有7个项目开工。"
    assert [text[c.start : c.end] for c in project_candidates(text)] == []


def test_role_name_closed_by_a_conjunction_or_a_new_post():
    from kg.nlp.name_grammars import person_candidates

    text = "旗政协主席巴特尔以及各界代表出席,县妇联主席乌云任副组长,庭长孟和等参加。"
    names = {text[c.start : c.end] for c in person_candidates(text)}
    assert {"巴特尔", "乌云", "孟和"} <= names


def test_macro_regions_and_parks_named_without_a_place_are_places():
    from kg.nlp.name_grammars import macro_region_candidates, park_candidates

    text = "该区依托青山绿色食品产业园区,面向长三角招商。"
    assert [text[c.start : c.end] for c in macro_region_candidates(text)] == ["长三角"]
    assert [text[c.start : c.end] for c in park_candidates(text)] == ["青山绿色食品产业园区"]


def test_a_unit_written_after_its_parent_is_one_organisation(pipeline):
    graph = build(pipeline, article("赤峰市中级人民法院立案庭开通网上立案。"))
    assert ("Organisation", "赤峰市中级人民法院立案庭") in entities(graph)


def test_quoted_name_after_a_verb_before_xiangmu_is_a_project_but_after_a_possessive_a_programme():
    from kg.nlp.grammars import programme_candidates

    built = "旗里争取到“绿野1号”高产示范项目,完成了“沙地治理技术研究”等多个项目。"
    assert {built[c.start : c.end] for c in project_candidates(built)} == {"“绿野1号”高产示范项目", "“沙地治理技术研究”"}
    assert list(programme_candidates(built)) == []
    funded = "在科技“攻坚”的“赛马”项目中投入资金。"
    assert "“赛马”" in {funded[c.start : c.end] for c in programme_candidates(funded)}


def test_quoted_lists_of_qualities_are_not_programmes_and_a_comma_keeps_one_name():
    from kg.nlp.grammars import programme_candidates

    qualities = "打造“绿色、优质、高效”的牛奶产业链。"
    assert list(programme_candidates(qualities)) == []
    slogan = "围绕打造“生态之城,活力新区”发展定位。"
    assert [slogan[c.start : c.end] for c in programme_candidates(slogan)] == ["“生态之城,活力新区”"]


def test_zone_built_or_carried_out_is_a_programme():
    from kg.nlp.grammars import programme_candidates

    text = "全力推进国家农业绿色发展先行区建设。"
    assert [text[c.start : c.end] for c in programme_candidates(text)] == ["国家农业绿色发展先行区"]


def test_enumerated_companies_start_after_the_clause_verb():
    from kg.nlp.name_grammars import organisation_candidates

    text = "该厂成为伊利、蒙牛等乳品企业的供应商。2020年以来,鹿城科技、草原钢构等骨干企业相继入驻。"
    names = {text[c.start : c.end] for c in organisation_candidates(text)}
    assert names == {"伊利", "蒙牛", "鹿城科技", "草原钢构"}


def test_supplied_and_exported_objects_near_a_company_are_products():
    from kg.nlp.grammars import product_candidates

    text = "北疆机械公司出口的履带拖拉机广受好评,公司还提供了甲型、乙型播种机,每30秒下线一台收割机。"
    names = {text[c.start : c.end] for c in product_candidates(text)}
    assert names == {"履带拖拉机", "甲型", "乙型播种机", "收割机"}


def test_model_person_made_of_common_words_is_dropped():
    from kg.nlp.entities import typed_ner_candidate

    assert typed_ner_candidate(0, 4, "参加会议", "PER") is None
    assert typed_ner_candidate(0, 2, "名册", "PER") is None
    assert typed_ner_candidate(0, 3, "乌云娜", "PER") is not None


def test_numbered_service_hotlines_are_programmes():
    from kg.nlp.grammars import programme_candidates

    text = "居民可拨打12345市民服务热线反映诉求,12366热线全天接听。"
    assert {text[c.start : c.end] for c in programme_candidates(text)} == {"12345市民服务热线", "12366热线"}



def test_an_address_chain_gives_each_of_its_places():
    from kg.nlp.entities import Candidate, _address_chain

    chain = Candidate(0, 6, "Place", "AdministrativeArea", "ner", 1)
    city = Candidate(0, 3, "Place", "AdministrativeArea", "gazetteer:name", 2, kb_id="c")
    county = Candidate(3, 6, "Place", "AdministrativeArea", "gazetteer:name", 2, kb_id="d")
    assert _address_chain(chain, [city, county])
    assert not _address_chain(chain, [city])


def test_he_opening_a_place_name_does_not_cut_a_project_name():
    text = "签约草原乳业园和林格尔万头牧场项目,推进光伏和储能示范项目。"
    names = {text[c.start : c.end] for c in project_candidates(text)}
    assert names == {"草原乳业园和林格尔万头牧场项目", "储能示范项目"}
