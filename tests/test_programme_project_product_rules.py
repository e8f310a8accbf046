"""Boundaries and generic checks of the programme, project and product grammars, on sentences written for the test."""

from kg.nlp.grammars import product_candidates, programme_candidates, project_candidates


def names(grammar, text):
    return {text[c.start : c.end] for c in grammar(text)}


def test_project_counted_after_its_head_is_a_class_not_a_name():
    text = "今年全旗签约乳业加工项目12个,其中央企合作投资项目20余个。"
    assert names(project_candidates, text) == set()


def test_industry_and_chanye_before_xiangmu_is_a_class_of_projects():
    text = "赤峰有色产业项目建设提速,推进青山光伏治沙产业项目。"
    assert names(project_candidates, text) == {"青山光伏治沙产业项目"}


def test_a_park_coordinated_before_a_project_is_cut_off_at_ji():
    text = "加快建设风电装备产业园及储能电站示范项目,推进高纯硅及深加工项目。"
    assert names(project_candidates, text) == {"储能电站示范项目", "高纯硅及深加工项目"}


def test_a_bare_base_with_its_phase_is_not_a_project_name_but_a_named_base_is():
    text = "双方推动基地二期项目开工,加快赤峰基地项目建设。"
    assert names(project_candidates, text) == {"赤峰基地项目"}


def test_a_retrofit_carried_out_as_gongcheng_is_a_project_not_a_programme():
    text = "旗政府计划实施东河水库除险加固改造工程。"
    assert names(programme_candidates, text) == set()
    assert "东河水库除险加固改造工程" in names(project_candidates, text)


def test_a_quoted_number_with_a_programme_head_is_a_programme_but_a_bare_one_is_not():
    text = "该镇实施“2345”工程,全年走访“365”次。"
    assert names(programme_candidates, text) == {"“2345”工程"}


def test_a_governed_quote_that_goes_on_to_its_head_keeps_the_verbs_short_object():
    text = "旗妇联开展牧民“暖心”帮扶行动,创建绿色“无废”示范嘎查(村)试点工作。"
    assert names(programme_candidates, text) == {"牧民“暖心”帮扶行动", "绿色“无废”示范嘎查(村)试点工作"}


def test_a_particle_after_the_verb_stays_out_of_the_name():
    text = "支部最终形成了“1+3+N”品牌体系。"
    assert names(programme_candidates, text) == {"“1+3+N”品牌体系"}


def test_a_quote_describing_a_measure_is_not_a_programme():
    text = "窗口为群众提供12小时“不停歇”服务。"
    assert names(programme_candidates, text) == set()


def test_a_numbered_slogan_in_quotes_is_a_programme_and_a_bare_count_takes_its_noun():
    text = "全旗落实“三项清单”,打好“八大”保卫战的同时,培育“6个特色产业”。"
    assert names(programme_candidates, text) == {"“三项清单”", "“八大”保卫战", "“6个特色产业”"}


def test_a_quoted_count_without_a_classifier_is_not_a_slogan():
    text = "他全年走访“365”次,降低“两病”发生率。"
    assert names(programme_candidates, text) == set()


def test_a_list_opening_its_sentence_and_closed_by_deng_xiangmu_gives_each_project():
    text = "今年开工项目30个。草原云谷数据中心、北疆绿氢示范园等一批重点项目进展顺利。会上,甲公司、乙公司等企业签约。"
    assert names(project_candidates, text) == {"草原云谷数据中心", "北疆绿氢示范园"}


def test_a_single_name_opening_its_sentence_before_deng_xiangmu_is_no_list():
    text = "今年开工项目30个。全旗上下齐心协力推进等各类项目。"
    assert names(project_candidates, text) == set()


def test_the_noun_phrase_a_maker_noun_closes_is_a_product():
    text = "北疆重工是区内领先的风电齿轮箱制造商,也是最大的矿用卡车生产基地。"
    assert names(product_candidates, text) == {"风电齿轮箱", "矿用卡车"}


def test_a_maker_noun_after_a_quality_or_a_short_word_gives_no_product():
    text = "打造“高产、优质”的生鲜乳生产基地,建设钢材生产基地。"
    assert names(product_candidates, text) == set()


def test_an_event_numbered_by_its_edition_is_a_programme_but_an_unnumbered_one_is_not():
    text = "第六届中国赤峰·草原文化旅游节开幕,去年的七届乳业论坛上签约,旗里召开特色产业论坛。"
    assert names(programme_candidates, text) == {"第六届中国赤峰·草原文化旅游节", "七届乳业论坛"}


def test_a_reform_named_after_a_verbs_le_is_a_programme_but_a_reform_commission_is_not():
    text = "院长汇报了草原生态案件异地审理改革以来的成效,旗发展改革委参加。"
    assert names(programme_candidates, text) == {"草原生态案件异地审理改革"}


def test_a_rank_word_opening_the_phrase_makes_a_description_not_a_project_name():
    text = "该工程是集灌溉、发电于一体的重大综合性灌溉工程项目,推进年产5万吨乳粉项目。"
    assert names(project_candidates, text) == {"年产5万吨乳粉项目"}


def test_a_rate_unit_slash_stays_in_a_project_name_and_an_earlier_xiangmu_closes_another():
    text = "目前,该项目二期30万吨/年项目已获批复。图/文项目"
    assert names(project_candidates, text) == {"二期30万吨/年项目"}


def test_a_researched_technique_ending_in_a_verb_is_a_process_not_a_product():
    text = "北疆机械公司采用自主研发的激光焊接技术,正在攻关新型碳纤维叶片技术。"
    assert names(product_candidates, text) == {"新型碳纤维叶片"}


def test_a_platform_named_after_a_preposition_of_means_is_a_programme():
    text = "群众可通过草原法院诉调对接平台申请,发挥赤峰作为中国与蒙古国商贸合作服务平台的作用,借助新媒体平台宣传。"
    assert names(programme_candidates, text) == {"草原法院诉调对接平台", "中国与蒙古国商贸合作服务平台"}


def test_a_service_station_set_up_built_or_unveiled_is_a_programme():
    text = "各苏木设立调解服务站。调研组察看了嘎查的法律服务站建设情况,镇里举行普法服务站挂牌仪式,服务站挂牌。"
    assert names(programme_candidates, text) == {"调解服务站", "法律服务站", "普法服务站"}


def test_a_project_sought_by_investment_attraction_is_a_kind_not_a_name():
    text = "全旗积极引进乳制品精深加工项目,开展园区用地招商项目对接。会上,甲地招商、乙地用地招商项目以及丙公司等20个项目签约。"
    assert names(project_candidates, text) == set()
