"""Each relation pattern family on sentences written for the test, with a negative case
(the cue word is there, the relation is not)."""

from .helpers import article, build, facts


def _facts(pipeline, text, place="通辽市", title=""):
    return facts(build(pipeline, article(text, place=place, title=title)))


def _statement(graph, predicate):
    return [s for s in graph.statements if s.predicate == predicate]


def test_post_between_organisation_and_person_gives_holds_post_with_role(pipeline):
    graph = build(pipeline, article("市农牧局局长张伟表示,今年将扩大青贮种植面积。", place="赤峰市"))
    (post,) = _statement(graph, "holdsPost")
    assert (post.subject.name, post.object.name, post.role) == ("张伟", "赤峰市农牧局", "局长")
    assert post.sentence.startswith("市农牧局局长张伟表示") and post.method.startswith("pattern:")


def test_no_post_when_the_person_is_merely_next_to_the_organisation(pipeline):
    assert not any(p == "holdsPost" for _, p, _ in _facts(pipeline, "市农牧局和张伟一起下乡调研。", place="赤峰市"))


def test_company_anaphor_before_a_post_refers_to_the_company_in_view(pipeline):
    text = "走进内蒙古远联新材料有限公司车间,机器轰鸣。企业技术负责人刘强介绍道,产品供不应求。"
    assert ("刘强", "holdsPost", "内蒙古远联新材料有限公司") in _facts(pipeline, text)


def test_supply_list_gives_one_customer_per_member(pipeline):
    text = "走进内蒙古远联新材料有限公司车间,该公司为比亚迪、宁德时代等知名企业提供电池箔。"
    found = _facts(pipeline, text)
    assert ("内蒙古远联新材料有限公司", "hasCustomer", "比亚迪") in found
    assert ("内蒙古远联新材料有限公司", "hasCustomer", "宁德时代") in found


def test_no_customer_when_the_beneficiaries_are_not_organisations(pipeline):
    found = _facts(pipeline, "市政务服务中心为群众、企业提供一站式服务。")
    assert not any(p == "hasCustomer" for _, p, _ in found)


def test_investment_with_amount_and_year(pipeline):
    graph = build(pipeline, article("赤峰远联钢铁有限责任公司2021年斥资8亿元建设内蒙古远联新材料有限公司。"))
    (investment,) = _statement(graph, "investsIn")
    assert (investment.subject.name, investment.object.name) == ("赤峰远联钢铁有限责任公司", "内蒙古远联新材料有限公司")
    assert (investment.amount, investment.year) == ("8亿元", "2021")


def test_no_investment_without_an_investor(pipeline):
    assert not any(p == "investsIn" for _, p, _ in _facts(pipeline, "全年累计投资8亿元建设道路。"))


def test_made_products_belong_to_the_company_in_view(pipeline):
    text = "内蒙古远联新材料有限公司将铝锭加工成高精度铝板带、汽车散热器铝箔等产品。"
    found = _facts(pipeline, text)
    assert ("内蒙古远联新材料有限公司", "produces", "高精度铝板带") in found
    assert ("内蒙古远联新材料有限公司", "produces", "汽车散热器铝箔") in found


def test_organisation_opening_the_clause_makes_its_products_and_stays_in_view(pipeline):
    text = ("走进内蒙古远联新材料有限公司车间,机器轰鸣。对个体工商户,赤峰远联农商银行开发“牧民贷”“草原贷”等专属产品。"
            "同时,推出“牛羊贷”等特色产品。")
    made = {(s, o) for s, p, o in _facts(pipeline, text) if p == "produces"}
    assert made == {("赤峰远联农商银行", "“牧民贷”"), ("赤峰远联农商银行", "“草原贷”"), ("赤峰远联农商银行", "“牛羊贷”")}


def test_customers_written_before_a_product_do_not_make_it(pipeline):
    text = "走进内蒙古远联新材料有限公司车间,机器轰鸣。公司为比亚迪、宁德时代等企业生产高精度铝板带。"
    made = {(s, o) for s, p, o in _facts(pipeline, text) if p == "produces"}
    assert made == {("内蒙古远联新材料有限公司", "高精度铝板带")}


def test_actor_and_implementing_verb_give_implements(pipeline):
    found = _facts(pipeline, "今年以来,开鲁县深入推行“帮办代办”服务模式,群众满意度明显提升。")
    assert ("开鲁县", "implements", "帮办代办") in found


def test_acting_subject_is_carried_to_sentences_without_a_subject(pipeline):
    text = "今年以来,开鲁县聚焦营商环境。同时,深化“一网通办”改革,常态化开展“局长走流程”活动。"
    found = _facts(pipeline, text)
    assert ("开鲁县", "implements", "一网通办") in found and ("开鲁县", "implements", "局长走流程") in found


def test_subject_after_a_purpose_clause_carries_out_the_purpose(pipeline):
    found = _facts(pipeline, "为深入推进“绿电进园”行动,2024年,开鲁县召开专题会议。")
    assert ("开鲁县", "implements", "绿电进园") in found


def test_company_after_a_clause_naming_no_one_is_the_company_in_view(pipeline):
    text = "走进内蒙古远联新材料有限公司车间,机器轰鸣。为实现开门红,赤峰远联钢铁有限责任公司加班生产,企业年产电池托盘十万套。"
    made = {(s, o) for s, p, o in _facts(pipeline, text) if p == "produces"}
    assert made == {("赤峰远联钢铁有限责任公司", "电池托盘")}


def test_two_bodies_joined_by_yu_both_carry_out_the_programme(pipeline):
    found = _facts(pipeline, "为推进“一站式”诉讼服务,科尔沁区法院与科尔沁区司法局在大林镇举行挂牌仪式。")
    assert ("科尔沁区法院", "implements", "一站式") in found and ("科尔沁区司法局", "implements", "一站式") in found


def test_signatories_listed_with_dunhao_do_not_all_carry_out_the_project(pipeline):
    text = "科尔沁区政府、内蒙古远联新材料有限公司、赤峰远联钢铁有限责任公司三方签订框架协议,共同启动“绿电园区”项目。"
    implementers = {s for s, p, _ in _facts(pipeline, text) if p == "implements"}
    assert "内蒙古远联新材料有限公司" not in implementers and "赤峰远联钢铁有限责任公司" not in implementers


def test_project_named_after_a_company_is_carried_out_by_it(pipeline):
    found = _facts(pipeline, "远联钢铁有限责任公司表示,远联钢铁短流程炼钢项目年内开工。")
    assert ("远联钢铁有限责任公司", "implements", "远联钢铁短流程炼钢项目") in found


def test_project_named_after_a_company_without_its_place_is_carried_out_by_it(pipeline):
    found = _facts(pipeline, "内蒙古远联新材料有限公司负责人介绍,远联新材料高端铝箔项目明年投产。")
    assert ("内蒙古远联新材料有限公司", "implements", "远联新材料高端铝箔项目") in found


def test_a_place_opening_both_names_makes_no_owner(pipeline):
    found = _facts(pipeline, "通辽市与通辽远联新材料有限公司签约,通辽高端铝箔项目同日开工。")
    assert not any(p == "implements" for _, p, _ in found)


def test_setting_up_a_service_carries_it_out(pipeline):
    found = _facts(pipeline, "今年以来,开鲁县在各苏木镇设立“法律明白人”服务站,群众办事更方便。")
    assert ("开鲁县", "implements", "法律明白人") in found


def test_place_written_against_a_programme_inside_a_wei_phrase_does_not_carry_it_out(pipeline):
    framed = _facts(pipeline, "截至目前,该行已为开鲁县乡村振兴重点领域投放贷款5亿元。")
    assert not any(p == "implements" for _, p, _ in framed)
    assert ("开鲁县", "implements", "乡村振兴") in _facts(pipeline, "开鲁县乡村振兴示范带建设成效显著。")


def test_parties_signing_an_agreement_take_part_in_what_it_starts(pipeline):
    text = "科尔沁区政府、内蒙古远联新材料有限公司、赤峰远联钢铁有限责任公司三方签订框架协议,共同启动“绿电园区”项目。"
    found = _facts(pipeline, text)
    parties = {s for s, p, o in found if p == "participatesIn" and o == "“绿电园区”项目"}
    assert parties == {"科尔沁区政府", "内蒙古远联新材料有限公司", "赤峰远联钢铁有限责任公司"}
    assert not any(p == "implements" for _, p, _ in found)


def test_what_an_agreement_pays_for_is_not_what_its_parties_take_part_in(pipeline):
    with pipeline.select_pipes(disable=["kg_relation_model"]):
        doc = pipeline("赤峰远联钢铁有限责任公司与内蒙古远联新材料有限公司签订合作协议,将为“绿电园区”项目提供资金支持。")
    assert not [h for h in doc._.relations if h.predicate == "participatesIn"]


def test_quoted_name_that_is_only_mentioned_is_not_implemented(pipeline):
    found = _facts(pipeline, "开鲁县干部群众热议“一网通办”给生活带来的变化。")
    assert not any(p == "implements" for _, p, _ in found)


def test_located_at_cue(pipeline):
    found = _facts(pipeline, "通辽市蒙医医院坐落于科尔沁区西拉木伦大街。")
    assert ("通辽市蒙医医院", "locatedIn", "科尔沁区") in found


def _partners(found):
    return {frozenset((s, o)) for s, p, o in found if p == "partnersWith"}


def test_organisations_signing_an_agreement_are_partners_each_with_each(pipeline):
    text = "赤峰市人民政府、赤峰学院、赤峰远联钢铁有限责任公司三方签署战略合作协议。"
    partners = _partners(_facts(pipeline, text, place="赤峰市"))
    assert {frozenset(("赤峰市人民政府", "赤峰学院")), frozenset(("赤峰学院", "赤峰远联钢铁有限责任公司")),
            frozenset(("赤峰市人民政府", "赤峰远联钢铁有限责任公司"))} <= partners


def test_cooperation_cue_may_follow_a_scope_phrase(pipeline):
    text = "赤峰学院与赤峰远联钢铁有限责任公司在人才培养、技术攻关等方面深度合作。"
    assert frozenset(("赤峰学院", "赤峰远联钢铁有限责任公司")) in _partners(_facts(pipeline, text, place="赤峰市"))


def test_a_conjunction_without_a_cooperation_cue_is_no_partnership(pipeline):
    text = "赤峰市科学技术协会和赤峰学院的职工参加了活动。"
    assert not _partners(_facts(pipeline, text, place="赤峰市"))
    text = "在赤峰市科学技术协会的大力支持下,赤峰学院建成科普基地。"
    assert not _partners(_facts(pipeline, text, place="赤峰市"))


def test_issuing_body_administers_its_document(pipeline):
    found = _facts(pipeline, "赤峰市人民政府《关于促进民营经济发展的实施意见》正式施行。", place="赤峰市")
    assert ("赤峰市人民政府", "administers", "关于促进民营经济发展的实施意见") in found
    text = "赤峰市妇联聚焦妇女健康。今年8月,制定下发了《赤峰市妇女健康筛查工作实施方案》。"
    found = _facts(pipeline, text, place="赤峰市")
    assert ("赤峰市妇联", "administers", "赤峰市妇女健康筛查工作实施方案") in found
    assert not any(p == "implements" and o == "赤峰市妇女健康筛查工作实施方案" for _, p, o in found)


def test_project_lead_is_linked_to_the_project(pipeline):
    text = "奈曼旗推进光伏治沙示范项目。项目负责人李强介绍,项目年底完工。"
    assert ("李强", "leads", "光伏治沙示范项目") in _facts(pipeline, text)


def test_place_in_a_company_name_gives_located_in_and_the_hierarchy_links_named_places(pipeline):
    text = "内蒙古远联新材料有限公司落户霍林郭勒市,通辽市为其提供用地保障。"
    found = _facts(pipeline, text)
    assert ("内蒙古远联新材料有限公司", "locatedIn", "内蒙古自治区") in found
    assert ("霍林郭勒市", "locatedIn", "通辽市") in found


def test_sub_unit_is_part_of_the_organisation_it_is_named_after(pipeline):
    found = _facts(pipeline, "市检察院第二党支部开展主题党日活动。")
    assert ("通辽市检察院第二党支部", "subOrganisationOf", "通辽市检察院") in found
    assert ("通辽市检察院", "locatedIn", "通辽市") in found


def test_located_at_cue_needs_a_place_after_it(pipeline):
    graph = build(pipeline, article("通辽市蒙医医院坐落于城市中心,交通便利。"))
    assert not [s for s in _statement(graph, "locatedIn") if s.method == "pattern:located-at"]




def test_project_lead_without_a_project_in_view_links_nothing(pipeline):
    found = _facts(pipeline, "项目负责人李强介绍,今年进展顺利。")
    assert not any(p == "leads" for _, p, _ in found)


def test_programme_project_title_gives_funds_but_a_plain_sequence_does_not(pipeline):
    funded = _facts(pipeline, "2023年启动的自治区科技“攻坚”项目——“丰宁县节水灌溉技术研发与推广”,进展顺利。")
    assert any(s == "科技攻坚" and p == "funds" for s, p, _ in funded)
    unrelated = _facts(pipeline, "开鲁县推行“帮办代办”服务模式,同时建设智慧灌溉示范项目。")
    assert not any(p == "funds" for _, p, _ in unrelated)


def test_several_posts_between_organisation_and_person(pipeline):
    graph = build(pipeline, article("县委副书记、县长王俊主持会议。", place="开鲁县"))
    posts = [(s.subject.name, s.role) for s in _statement(graph, "holdsPost")]
    assert ("王俊", "副书记、县长") in posts


def test_any_chief_title_ending_in_zhang_is_a_post(pipeline):
    found = _facts(pipeline, "满洲里海关副关长赵敏介绍,通关效率提升30%。", place="呼伦贝尔市")
    assert ("赵敏", "holdsPost", "满洲里海关") in found


def test_body_inside_a_prepositional_frame_is_not_the_actor(pipeline):
    text = "开鲁县聚焦营商环境。在县委统一部署下,深入推行“帮办代办”服务模式。"
    found = _facts(pipeline, text, place="开鲁县")
    assert ("开鲁县", "implements", "帮办代办") in found
    assert not any(p == "implements" and s.endswith("县委") for s, p, _ in found)


def test_place_framing_a_clause_is_not_its_actor(pipeline):
    text = "通辽市蒙医医院聚焦群众就医难题。在科尔沁区,该院推行“先诊疗后付费”服务模式。"
    found = _facts(pipeline, text)
    assert not ("科尔沁区", "implements", "先诊疗后付费") in found


def test_photo_credit_is_not_the_actor_of_the_article(pipeline):
    graph = build(pipeline, article("开鲁县融媒体中心 摄\n推行“帮办代办”服务模式,群众满意度明显提升。", place="开鲁县"))
    assert not any(s.predicate == "implements" and s.subject.name.endswith("融媒体中心") for s in graph.statements)


def test_company_word_at_the_end_of_an_unrecognised_name_is_not_an_anaphor(pipeline):
    text = "走进内蒙古远联新材料有限公司车间。远航新能源公司董事长刘强介绍道,合作前景广阔。"
    assert ("刘强", "holdsPost", "内蒙古远联新材料有限公司") not in _facts(pipeline, text)


def test_head_noun_anaphor_refers_to_the_body_with_that_head(pipeline):
    text = "开鲁县市场监督管理局聚焦服务质量,指导开鲁县市场监督管理局第一党支部开展主题党日活动。支部书记刘强介绍了经验。"
    found = _facts(pipeline, text, place="开鲁县")
    assert ("刘强", "holdsPost", "开鲁县市场监督管理局第一党支部") in found


def _posts(graph):
    return {(s.subject.name, s.object.name) for s in _statement(graph, "holdsPost")}


def test_post_chain_gives_one_post_per_body(pipeline):
    graph = build(pipeline, article("赤峰市委常委、宁城县委书记王俊主持会议。", place="赤峰市"))
    assert {("王俊", "赤峰市委"), ("王俊", "宁城县委")} <= _posts(graph)


def test_post_shared_by_coordinated_bodies_gives_one_post_per_body(pipeline):
    graph = build(pipeline, article("赤峰市总工会、赤峰市妇联负责人王芳出席活动。", place="赤峰市"))
    assert {("王芳", "赤峰市总工会"), ("王芳", "赤峰市妇联")} <= _posts(graph)


def test_next_person_of_a_list_keeps_the_body_unless_another_body_is_named(pipeline):
    text = "赤峰远联钢铁有限责任公司董事长王俊、副总经理李强,远航物流公司经理张伟出席签约仪式。"
    posts = _posts(build(pipeline, article(text, place="赤峰市")))
    assert ("李强", "赤峰远联钢铁有限责任公司") in posts
    assert ("张伟", "赤峰远联钢铁有限责任公司") not in posts


def test_head_title_links_to_the_government_only_when_it_is_named(pipeline):
    named = "宁城县人民政府与企业签约。宁城县委副书记、县长王俊,宁城县副县长李强,出席了签约仪式。"
    posts = _posts(build(pipeline, article(named, place="赤峰市")))
    assert {("王俊", "宁城县人民政府"), ("李强", "宁城县人民政府"), ("王俊", "宁城县委")} <= posts
    unnamed = "宁城县委副书记、县长王俊,宁城县副县长李强,出席了签约仪式。"
    posts = _posts(build(pipeline, article(unnamed, place="赤峰市")))
    assert not any("政府" in body for _, body in posts)


def test_post_in_a_party_committee_is_a_post_in_its_body(pipeline):
    text = "赤峰远联钢铁有限责任公司举行签约仪式。赤峰远联钢铁有限责任公司党委副书记王俊表示,合作前景广阔。"
    assert ("王俊", "赤峰远联钢铁有限责任公司") in _posts(build(pipeline, article(text, place="赤峰市")))


def _extraction_with_post(text: str, names, person: str, body: str, role: str):
    """An extraction written out by hand (no NER): Organisation mentions of ``names``, the person, and one
    holdsPost from the person to ``body``, as the post pattern would give it."""
    from kg.extract import Extraction
    from kg.model import Evidence, Mention, Relation

    def mention(name, kind, subtype=None):
        start = text.index(name)
        return Mention(start, start + len(name), name, kind, subtype)

    mentions = [mention(n, "Organisation", subtype) for n, subtype in names] + [mention(person, "Person")]
    by_text = {m.text: m for m in mentions}
    extraction = Extraction(article(text), mentions=mentions, sentences=[(0, len(text))])
    evidence = Evidence(extraction.article.id, text, 0, len(text))
    extraction.relations.append(Relation(by_text[person], "holdsPost", by_text[body], evidence, "pattern:org-post-person", 0.9, role))
    return extraction


def test_post_in_the_party_committee_of_a_company_named_by_its_short_form_is_a_post_in_the_company():
    from kg.resolve import resolve

    text = "远联新材料科技有限公司签约。远联新材料表示满意。远联新材料党委书记、董事长王俊出席。"
    names = [("远联新材料科技有限公司", "Company"), ("远联新材料", None), ("远联新材料党委", "PartyOrganisation")]
    graph = resolve([_extraction_with_post(text, names, "王俊", "远联新材料党委", "书记、董事长")])
    found = facts(graph)
    assert ("王俊", "holdsPost", "远联新材料科技有限公司") in found
    assert ("远联新材料党委", "subOrganisationOf", "远联新材料科技有限公司") in found


def test_post_in_the_party_group_of_a_court_named_only_there_is_a_post_in_the_court():
    from kg.resolve import resolve

    text = "昨日,兴安盟中级人民法院党组成员、副院长王俊到乌兰浩特市调研。"
    graph = resolve([_extraction_with_post(text, [("兴安盟中级人民法院党组", "PartyOrganisation")], "王俊",
                                           "兴安盟中级人民法院党组", "成员、副院长")])
    assert ("王俊", "holdsPost", "兴安盟中级人民法院") in facts(graph)


def test_company_named_by_a_groups_name_and_more_is_its_subsidiary(pipeline):
    found = _facts(pipeline, "内蒙古远联集团与内蒙古远联钢铁有限公司签约。")
    assert ("内蒙古远联钢铁有限公司", "subOrganisationOf", "内蒙古远联集团") in found


def test_a_group_written_with_its_legal_form_is_not_its_own_subsidiary(pipeline):
    found = _facts(pipeline, "内蒙古远联集团有限公司举行年会。内蒙古远联集团董事长王强致辞。")
    assert not any(p == "subOrganisationOf" for _, p, _ in found)


def test_name_containing_a_site_of_the_article_is_located_in_the_site(pipeline):
    text = "开鲁县工业园区聚焦新能源产业,推进开鲁县工业园区光伏制氢示范项目。"
    found = _facts(pipeline, text, place="通辽市")
    assert ("开鲁县工业园区光伏制氢示范项目", "locatedIn", "开鲁县工业园区") in found
    assert ("开鲁县工业园区光伏制氢示范项目", "locatedIn", "开鲁县") not in found


def test_name_with_a_site_then_a_county_is_located_in_both(pipeline):
    text = "草原牧业产业园落户开鲁县。草原牧业产业园开鲁5000头肉牛养殖项目今年开工。"
    found = _facts(pipeline, text, place="通辽市")
    assert ("草原牧业产业园开鲁5000头肉牛养殖项目", "locatedIn", "开鲁县") in found
    assert ("草原牧业产业园开鲁5000头肉牛养殖项目", "locatedIn", "草原牧业产业园") in found


def test_outlet_credited_as_the_source_is_located_in_the_place_its_name_contains(pipeline):
    page = article("赤峰市推进工业园区建设,新签约项目12个。", place="赤峰市")
    page.outlets = ["赤峰日报"]
    page.source_text = page.text + "\n(来源:赤峰日报)"
    (statement,) = [s for s in build(pipeline, page).statements if s.subject.name == "赤峰日报"]
    assert (statement.predicate, statement.object.name) == ("locatedIn", "赤峰市")
    assert page.source_text[statement.source_start : statement.source_end] == "赤峰日报"


def test_river_in_a_company_name_is_not_its_location(pipeline):
    text = "西辽河水量回升。开鲁西辽河农业有限公司扩大种植面积。"
    found = _facts(pipeline, text, place="通辽市")
    assert not any(s == "开鲁西辽河农业有限公司" and p == "locatedIn" and o.endswith("河") for s, p, o in found)


def test_country_named_on_its_own_is_the_nearest_ancestor_of_a_province(pipeline):
    text = "福建省与澳门签署合作协议,助力中国与葡语国家经贸往来。"
    found = _facts(pipeline, text, place="福州市")
    assert ("福建省", "locatedIn", "中国") in found


def test_our_country_is_the_nearest_ancestor_of_a_province_named_with_it(pipeline):
    text = "甘肃省加快新能源建设,为我国能源转型作出贡献。"
    found = _facts(pipeline, text, place="兰州市")
    assert ("甘肃省", "locatedIn", "中国") in found


def test_region_named_only_through_an_abbreviated_body_is_the_ancestor_of_its_city(pipeline):
    text = "赤峰市召开会议,传达学习自治区党委全会精神。"
    found = _facts(pipeline, text, place="赤峰市")
    assert ("赤峰市", "locatedIn", "内蒙古自治区") in found


def test_country_as_the_first_word_of_a_name_places_nothing(pipeline):
    text = "福建省举办第三届中国福州·数字经济论坛。"
    found = _facts(pipeline, text, place="福州市")
    assert not any(p == "locatedIn" and o == "中国" for _, p, o in found)


def test_address_written_out_places_a_village_the_gazetteer_lacks(pipeline):
    found = _facts(pipeline, "开鲁县东风镇向阳村发展设施农业,种植面积扩大。", place="通辽市")
    assert ("向阳村", "locatedIn", "东风镇") in found and ("东风镇", "locatedIn", "开鲁县") in found


def test_address_written_out_places_a_region_in_its_foreign_country(pipeline):
    found = _facts(pipeline, "企业产品远销加拿大魁北克,订单持续增长。", place="赤峰市")
    assert ("魁北克", "locatedIn", "加拿大") in found


def test_park_written_after_its_zone_is_in_the_zone_and_in_the_district_its_name_gives(pipeline):
    found = _facts(pipeline, "赤峰高新区红山园今年新引进项目8个。红山园工委书记王强介绍了情况。", place="赤峰市")
    assert ("红山园", "locatedIn", "赤峰高新区") in found
    assert ("红山园", "locatedIn", "红山区") in found


def test_building_in_a_place_states_the_location_of_what_is_built(pipeline):
    text = "内蒙古远联新材料有限公司计划投资20亿元在霍林郭勒市建设高纯铝深加工项目。"
    found = _facts(pipeline, text)
    assert ("高纯铝深加工项目", "locatedIn", "霍林郭勒市") in found
    assert ("内蒙古远联新材料有限公司", "investsIn", "高纯铝深加工项目") in found


def test_unit_named_after_its_body_belongs_to_it(pipeline):
    found = _facts(pipeline, "中国建设银行赤峰分行推出“惠农贷”服务模式。", place="赤峰市")
    assert ("中国建设银行赤峰分行", "subOrganisationOf", "中国建设银行") in found


def test_legal_form_is_not_a_unit_of_the_company(pipeline):
    found = _facts(pipeline, "赤峰远联钢铁股份有限公司扩大产能。", place="赤峰市")
    assert not any(p == "subOrganisationOf" for _, p, _ in found)


def test_units_listed_after_a_body_belong_to_it(pipeline):
    text = "赤峰学院附属中学教育集团的红山分校、松山分校同步开展课后服务。"
    found = _facts(pipeline, text, place="赤峰市")
    assert ("红山分校", "subOrganisationOf", "赤峰学院附属中学教育集团") in found
    assert ("松山分校", "subOrganisationOf", "赤峰学院附属中学教育集团") in found


def test_people_led_to_a_programme_take_part_in_it(pipeline):
    text = "赤峰学院院长王俊带领李强、张伟等专家一行前往宁城县参加“红山文化节”系列活动。"
    found = _facts(pipeline, text, place="赤峰市")
    assert {("王俊", "participatesIn", "红山文化节"), ("李强", "participatesIn", "红山文化节"), ("张伟", "participatesIn", "红山文化节")} <= found


def test_body_inside_a_frame_does_not_take_part(pipeline):
    text = "在赤峰市科学技术协会的指导下,群众踊跃参加“红山文化节”系列活动。"
    assert not any(p == "participatesIn" for _, p, _ in _facts(pipeline, text, place="赤峰市"))


def test_supplier_of_a_named_company_has_it_as_customer(pipeline):
    text = "如今,赤峰远联钢铁有限责任公司格外忙碌,该公司是比亚迪集团核心供应商,宁德时代公司A级供应商。"
    found = _facts(pipeline, text, place="赤峰市")
    assert ("赤峰远联钢铁有限责任公司", "hasCustomer", "比亚迪集团") in found
    assert ("赤峰远联钢铁有限责任公司", "hasCustomer", "宁德时代公司") in found


def test_supplying_to_a_company_makes_it_a_customer(pipeline):
    text = "2020年以来,赤峰远联钢铁有限责任公司先后向内蒙古远联新材料有限公司提供了高纯铝锭。"
    found = _facts(pipeline, text, place="赤峰市")
    assert ("赤峰远联钢铁有限责任公司", "hasCustomer", "内蒙古远联新材料有限公司") in found


def test_coordinated_programmes_are_all_taken_part_in(pipeline):
    text = "赤峰学院积极参与“红山文化节”、“草原读书月”等活动。"
    found = _facts(pipeline, text, place="赤峰市")
    assert {("赤峰学院", "participatesIn", "红山文化节"), ("赤峰学院", "participatesIn", "草原读书月")} <= found


def test_each_relation_names_the_rule_that_made_it(pipeline):
    graph = build(pipeline, article("赤峰市委常委、宁城县委书记王俊主持会议。", place="赤峰市"))
    methods = {(s.subject.name, s.object.name): s.method for s in _statement(graph, "holdsPost")}
    assert methods[("王俊", "宁城县委")] == "pattern:org-post-person"
    assert methods[("王俊", "赤峰市委")] == "pattern:post-chain"


def test_party_branch_word_refers_to_the_branch_named_in_the_article(pipeline):
    text = "开鲁县市场监督管理局聚焦服务质量。活动现场,党支部书记刘强表示,将持续服务群众。开鲁县市场监督管理局第一党支部将持续推进品牌建设。"
    found = _facts(pipeline, text, place="开鲁县")
    assert ("刘强", "holdsPost", "开鲁县市场监督管理局第一党支部") in found


def test_country_as_the_first_word_of_a_headline_name_is_not_the_actor(pipeline):
    graph = build(pipeline, article("持续推进“牧场联农”服务模式。", place="呼和浩特市", title="中国乳业产业园建设提速"))
    assert not any(s.predicate == "implements" and s.subject.name == "中国" for s in graph.statements)


def test_body_implied_by_a_unit_name_is_placed_by_its_own_name(pipeline):
    found = _facts(pipeline, "赤峰学院数学学院开展“数学文化周”活动。", place="赤峰市")
    assert ("赤峰学院数学学院", "subOrganisationOf", "赤峰学院") in found
    assert ("赤峰学院", "locatedIn", "赤峰市") in found


def test_actor_of_the_clause_holding_the_programme_wins_over_an_earlier_one(pipeline):
    text = "赤峰市聚焦营商环境,赤峰市政务服务局推行“帮办代办”服务模式。"
    found = _facts(pipeline, text, place="赤峰市")
    assert ("赤峰市政务服务局", "implements", "帮办代办") in found
    assert ("赤峰市", "implements", "帮办代办") not in found


def test_providing_money_funds_the_project_and_makes_no_customer(pipeline):
    text = "中国建设银行赤峰分行与赤峰远联钢铁有限责任公司签订合作协议,将为远联高纯铝深加工项目提供资金支持。"
    found = _facts(pipeline, text, place="赤峰市")
    assert ("中国建设银行赤峰分行", "funds", "远联高纯铝深加工项目") in found
    assert not any(p == "hasCustomer" for _, p, _ in found)


def test_relation_patterns_read_the_lexicon_the_config_names(pipeline, extra_lexicon):
    from kg.nlp.relations import RelationPatterns

    extra_lexicon("tasting_verbs", verbs=["筹备"])
    doc = pipeline("远山县文旅局今年筹备“草原之味”系列活动。")
    names = [ent.text for ent in doc.ents]

    def implemented(lexicons):
        hits = RelationPatterns(pipeline, "test", ["implements"], lexicons)(doc)._.relations
        return {(names[h.subject], names[h.object]) for h in hits if h.predicate == "implements"}

    assert implemented({}) == set()
    assert implemented({"implement_verbs": "tasting_verbs"}) == {("远山县文旅局", "“草原之味”系列活动")}


def test_a_relation_config_naming_an_unknown_lexicon_concept_is_refused():
    import pytest

    from kg.lexicon import LexiconError
    from kg.nlp.relation_cues import RelationCues

    with pytest.raises(LexiconError, match="colour_words"):
        RelationCues({"colour_words": "colours"})
