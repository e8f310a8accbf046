"""One node per real-world thing: merging across articles, and the near misses that must not merge."""

from .helpers import article, build, entities, entity, facts


def test_same_company_in_two_articles_is_one_entity_mentioned_in_both(pipeline):
    first = article("内蒙古伊利实业集团股份有限公司今年扩建生产线。", "a-1")
    second = article("记者走访了内蒙古伊利实业集团股份有限公司。", "a-2")
    graph = build(pipeline, first, second)
    company = entity(graph, "Organisation", "内蒙古伊利实业集团股份有限公司")
    assert set(company.mentions) == {"a-1", "a-2"}


def test_short_form_in_an_article_resolves_to_the_full_name_introduced_there(pipeline):
    text = "内蒙古远联新材料有限公司投产。远联新建了两条生产线。"
    graph = build(pipeline, article(text))
    assert ("Organisation", "远联") not in entities(graph)


def test_same_abbreviation_in_papers_of_different_cities_does_not_merge(pipeline):
    tongliao = article("市科技局召开座谈会。", "a-1", place="通辽市")
    chifeng = article("市科技局召开座谈会。", "a-2", place="赤峰市")
    graph = build(pipeline, tongliao, chifeng)
    names = {name for kind, name in entities(graph) if kind == "Organisation"}
    assert {"通辽市科技局", "赤峰市科技局"} <= names


def test_head_noun_alone_refers_back_to_the_named_organisation(pipeline):
    text = "今年5月,该苏木妇联成立宣讲团。妇联干部李梅担任团长。"
    graph = build(pipeline, article(text, place="通辽市", title="巴彦毛都苏木开展宣讲"))
    organisations = [e for e in graph.entities.values() if e.type == "Organisation" and e.name.endswith("妇联")]
    assert len(organisations) == 1 and organisations[0].name == "巴彦毛都苏木妇联"


def test_court_named_without_renmin_is_the_full_court_of_the_address_chain(pipeline):
    graph = build(pipeline, article("内蒙古自治区赤峰市松山区人民法院召开会议。会后,松山区法院开展巡回审判。", place="赤峰市"))
    court = entity(graph, "Organisation", "内蒙古自治区赤峰市松山区人民法院")
    assert "松山区法院" in court.aliases
    assert ("Place", "松山区") in entities(graph)


def test_autonomous_region_abbreviation_after_any_character_resolves_to_the_region(pipeline):
    graph = build(pipeline, article("鄂尔多斯市认真贯彻自治区党委的部署。", place="鄂尔多斯市"))
    assert "自治区党委" in entity(graph, "Organisation", "内蒙古自治区党委").aliases


def test_a_districts_own_committee_is_not_an_abbreviation_of_its_political_legal_committee(pipeline):
    text = "会议感谢元宝山区委、区政法委的大力支持。元宝山区政法委还将继续推进调解工作。"
    graph = build(pipeline, article(text, place="赤峰市"))
    organisations = {name for kind, name in entities(graph) if kind == "Organisation"}
    assert {"元宝山区委", "元宝山区政法委"} <= organisations
    assert "元宝山区委" not in entity(graph, "Organisation", "元宝山区政法委").aliases


def test_department_after_a_standing_membership_is_the_committees_department(pipeline):
    text = "揭牌仪式在东风镇举行,开鲁县委常委、宣传部部长王强出席并讲话。"
    graph = build(pipeline, article(text, place="通辽市"))
    department = entity(graph, "Organisation", "开鲁县委宣传部")
    assert "宣传部" in department.aliases
    assert (department.name, "locatedIn", "开鲁县") in facts(graph)


def test_body_with_its_own_place_after_a_standing_membership_keeps_its_name(pipeline):
    text = "通辽市委常委、科尔沁区委书记王强出席仪式。"
    organisations = {name for kind, name in entities(build(pipeline, article(text))) if kind == "Organisation"}
    assert "科尔沁区委" in organisations and "通辽市委科尔沁区委" not in organisations
