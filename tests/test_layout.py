from kg.layout import is_terminated, split_page

TITLES = [
    "激发科技『向新力』打造闪亮『铝程碑』",
    "开发区多维度发力 为群众增便利为企业添活力",
    "奈曼旗融媒体中心 开放共享资源厚植为民情怀",
    "“小马扎”微宣讲: 巾帼力量绘就民族团结新画卷",
    "科区创新“1+1+1”托育模式 织密“幼有善育”民生网",
    "市法院第八党支部:秉持能动司法理念 打造“和合无讼”品牌",
]


def test_bundled_page_splits_into_its_six_articles_with_headlines(sample_page):
    articles = split_page(sample_page, "page.txt", "page")
    assert [a.title for a in articles] == TITLES


def test_bundled_page_articles_carry_their_authors(sample_page):
    articles = split_page(sample_page, "page.txt", "page")
    authors = [[name for name, _ in a.authors] for a in articles]
    assert authors == [["包雷晶", "卢显艳"], ["王樱润"], ["王阳"], ["刘宏杰"], ["吕玉坤"], ["田琦竹"]]


def test_article_offsets_point_back_into_the_page(sample_page):
    for article in split_page(sample_page, "page.txt", "page"):
        for offset, char in enumerate(article.text):
            if char != "\n":
                assert sample_page[article.text_map.to_source(offset)] == char


def test_headline_printed_inside_its_article_titles_it_and_the_sentence_is_rejoined():
    page = "\n".join([
        "今年以来,本市多家企业加快技术改造,新建的车间已经",
        "",
        "# 技改提速 企业焕新",
        "",
        "本报记者 张明",
        "",
        "全面投产。",
        "",
        "## 另一篇文章",
        "",
        "本报讯 这是第二篇文章的正文。",
    ])
    first, second = split_page(page, "p.txt", "p")
    assert first.title == "技改提速 企业焕新"
    assert "新建的车间已经全面投产。" in first.text
    assert first.authors == [("张明", "本报记者")]
    assert second.title == "另一篇文章"


def test_word_broken_across_blank_lines_is_joined():
    page = "## 标题\n\n我们联合了多家科研单\n\n位,共同攻关。\n"
    (article,) = split_page(page, "p.txt", "p")
    assert "科研单位,共同攻关。" in article.text


def test_fragment_printed_out_of_order_completes_the_last_sentence():
    page = "## 标题\n\n本报记者 李华\n\n体意识。每月开展学习活动。\n\n支部加强理论学习,铸牢中华民族共同\n"
    (article,) = split_page(page, "p.txt", "p")
    assert article.text.endswith("铸牢中华民族共同体意识。每月开展学习活动。")


def test_column_banner_and_captions_are_not_articles():
    page = "\n".join([
        "## 头条新闻", "", "### 栏目名称", "", "本报讯(记者 赵强) 正文第一段。", "", "", "", "工人在车间作业。", "",
        "正文第二段。", "", "", "", "### 下一篇的栏目", "", "## 第二条新闻", "", "(孙丽)",
    ])
    articles = split_page(page, "p.txt", "p")
    assert [a.title for a in articles] == ["头条新闻", "第二条新闻"]
    assert articles[0].banners == ["栏目名称"]
    assert articles[0].captions == ["工人在车间作业。"]
    assert articles[1].banners == ["下一篇的栏目"]
    assert articles[0].authors == [("赵强", "记者")]
    assert articles[1].authors == [("孙丽", "")]


def test_sentence_final_punctuation_inside_closing_quotes_terminates():
    assert is_terminated("他说:“我们会继续努力。”")
    assert not is_terminated("工厂已建成了完整的物流体系,")
    assert not is_terminated("打造“和合无讼”")


def test_plain_text_page_finds_headlines_by_the_bylines_under_them():
    page = "\n".join([
        "草原牧区发展新产业", "", "本报记者 张明", "", "今年以来,牧民收入持续增长。", "", "合作社带动增收", "",
        "合作社吸纳牧民入股,年底分红。", "", "乡村道路全面硬化", "", "本报讯(记者 赵强) 全旗新建道路120公里。",
    ])
    first, second = split_page(page, "p.txt", "p")
    assert (first.title, second.title) == ("草原牧区发展新产业", "乡村道路全面硬化")
    assert "合作社带动增收" in first.text  # a subheading stays in its article
    assert second.authors == [("赵强", "记者")]


# ---- pages saved from the web (invented text in the shapes of real news sites) ----

WEB_PAGE = "\n".join([
    "河西切换",
    "新闻",
    "北川县委书记周明",
    "一行赴工业园区调研",
    "",
    "北川日报 2021-05-06 08:30",
    "",
    "5月5日,北川县委书记周明一行赴北川工业园区调研。",
    "",
    "(资料图片)",
    "",
    "调研组查看了园区企业的生产情况。",
    "",
    "文字|赵一鸣",
    "本期编辑|北川融媒体中心 钱多多",
    "审核|孙小红",
    "",
    "免责声明:本站信息仅供参考。",
    "[举报邮箱:someone@example.com]",
])


def test_web_page_drops_chrome_and_footer_and_joins_a_headline_printed_over_two_lines():
    (article,) = split_page(WEB_PAGE, "w.txt", "w")
    assert article.title == "北川县委书记周明一行赴工业园区调研"
    assert article.text == (
        "北川县委书记周明一行赴工业园区调研\n5月5日,北川县委书记周明一行赴北川工业园区调研。\n调研组查看了园区企业的生产情况。"
        "\n北川日报"  # the outlet's name, kept as a last line of its own to be read like any text
    )
    for offset, char in enumerate(article.text):
        if char != "\n":
            assert WEB_PAGE[article.text_map.to_source(offset)] == char


def test_source_time_line_gives_date_and_outlet_and_is_not_glued_to_the_first_sentence():
    (article,) = split_page(WEB_PAGE, "w.txt", "w")
    assert article.date == "2021-05-06"
    assert article.outlets == ["北川日报"]
    assert "08:30" not in article.text
    assert article.text.splitlines()[1] == "5月5日,北川县委书记周明一行赴北川工业园区调研。"


def test_writer_credit_is_an_author_and_editors_are_contributors():
    (article,) = split_page(WEB_PAGE, "w.txt", "w")
    assert article.authors == [("赵一鸣", "文字")]
    assert article.contributors == [("钱多多", "本期编辑"), ("孙小红", "审核")]


def test_dateline_before_the_headline_with_an_author_after_the_time():
    page = "2022-07-08 09:10:11 周敏\n山区茶园迎来丰收季\n7日,记者走进茶园,茶农正忙着采摘。\n"
    (article,) = split_page(page, "w.txt", "w")
    assert article.title == "山区茶园迎来丰收季"
    assert article.authors == [("周敏", "")]
    assert article.date == "2022-07-08"
    assert article.text.splitlines()[1].startswith("7日,记者走进茶园")


def test_title_repeated_with_its_site_on_a_dateline_names_the_site_as_outlet():
    page = "山区茶园迎来丰收季\n\n茶事观察2022-07-08 09:10:11 山区茶园迎来丰收季-青山新闻网微信分享\n\n7日,茶农正忙着采摘。\n"
    (article,) = split_page(page, "w.txt", "w")
    assert (article.title, article.date, article.outlets) == ("山区茶园迎来丰收季", "2022-07-08", ["青山新闻网"])


def test_date_printed_over_lines_of_numbers_is_read_and_dropped():
    page = "园区签约五个项目\n2021\n05/06\n08:30\n\n6日,园区与五家企业签约。\n\n来源:北川日报\n"
    (article,) = split_page(page, "w.txt", "w")
    assert (article.title, article.date, article.outlets) == ("园区签约五个项目", "2021-05-06", ["北川日报"])
    assert article.text == "园区签约五个项目\n6日,园区与五家企业签约。\n北川日报"


def test_bracketed_source_line_names_every_outlet():
    page = "园区签约五个项目\n\n6日,园区与五家企业签约。\n\n(文章来源:北川日报·青山新闻网)\n"
    (article,) = split_page(page, "w.txt", "w")
    assert article.outlets == ["北川日报", "青山新闻网"]
    assert article.text.splitlines()[1:] == ["6日,园区与五家企业签约。", "北川日报·青山新闻网"]


def test_photo_credit_inside_a_paragraph_closes_a_caption_and_is_not_an_author():
    page = "园区签约五个项目\n\n工人在车间里组装设备。本报记者 李明 摄今年以来,园区新签约五个项目。\n"
    (article,) = split_page(page, "w.txt", "w")
    assert article.authors == []
    assert article.contributors == [("李明", "摄")]
    assert article.captions == ["工人在车间里组装设备。"]
    assert article.text.splitlines()[1] == "今年以来,园区新签约五个项目。"


def test_photo_credit_line_is_a_contributor_and_a_reporter_line_an_author():
    page = "园区签约五个项目\n\n本报记者 李明 摄\n\n今年以来,园区新签约五个项目。\n\n记者 王芳 通讯员 刘强\n"
    (article,) = split_page(page, "w.txt", "w")
    assert article.contributors == [("李明", "摄")]
    assert article.authors == [("王芳", "记者"), ("刘强", "通讯员")]


def test_credit_closing_a_paragraph_is_an_author_and_leaves_the_text():
    page = "园区签约五个项目\n\n今年以来,园区新签约五个项目。(王小红)\n\n下一步将加快建设。(记者 陈东 文/图 林西)\n"
    (article,) = split_page(page, "w.txt", "w")
    assert article.authors == [("王小红", ""), ("陈东", "记者"), ("林西", "文/图")]
    assert article.text == "园区签约五个项目\n今年以来,园区新签约五个项目。\n下一步将加快建设。"


def test_bracketed_word_that_is_no_name_is_not_an_author():
    page = "园区签约五个项目\n\n今年以来,园区新签约五个项目。\n\n(资料图片)\n\n下一步将加快建设。(图片)\n"
    (article,) = split_page(page, "w.txt", "w")
    assert article.authors == []
    assert "资料图片" not in article.text


def test_slash_credit_names_the_writer():
    page = "园区签约五个项目\n\n文/赵一\n\n今年以来,园区新签约五个项目。\n"
    (article,) = split_page(page, "w.txt", "w")
    assert article.authors == [("赵一", "文")]


def test_plain_web_text_keeps_subheadings_and_captions_apart_but_rejoins_a_visibly_broken_sentence():
    page = "\n".join([
        "园区签约五个项目", "", "今年以来,园区新签约五个项目。", "", "小配件撬动大产业", "", "走进园区,机器轰鸣。",
        "", "双方商定,", "", "尽快开工建设", "", ",早日建成投产。",
    ])
    (article,) = split_page(page, "w.txt", "w")
    assert article.text.splitlines()[1:] == [
        "今年以来,园区新签约五个项目。", "小配件撬动大产业", "走进园区,机器轰鸣。", "双方商定,尽快开工建设,早日建成投产。",
    ]


def test_contributors_and_outlets_become_entities_but_only_writers_author_the_article():
    from kg.extract import Extraction
    from kg.resolve import resolve

    (article,) = split_page(WEB_PAGE, "w.txt", "w")
    graph = resolve([Extraction(article)])
    people = {e.name for e in graph.entities.values() if e.type == "Person"}
    assert people == {"赵一鸣", "钱多多", "孙小红"}
    outlet = graph.entities[("Organisation", "北川日报")]
    assert outlet.subtype == "MediaOrganisation"
    assert [(s.subject.name, s.predicate) for s in graph.statements] == [("赵一鸣", "authorOf")]


def test_short_headline_over_a_lead_is_kept_and_the_lead_names_its_outlet():
    page = "园区签约\n\n北川新闻网讯 6日,园区与五家企业签约。\n"
    (article,) = split_page(page, "w.txt", "w")
    assert article.title == "园区签约"
    assert article.outlets == ["北川新闻网"]
    assert article.text.splitlines()[1] == "6日,园区与五家企业签约。"


def test_editor_in_brackets_is_a_contributor_and_a_copyright_line_opens_the_footer():
    page = "\n".join([
        "园区签约五个项目", "", "6日,园区与五家企业签约。", "", "(责任编辑:钱多多)", "", "微信", "微博", "",
        "版权所有 北川日报社", "关于我们 | 联系方式", "地址:北川县人民路1号",
    ])
    (article,) = split_page(page, "w.txt", "w")
    assert article.contributors == [("钱多多", "责任编辑")] and article.authors == []
    assert article.text == "园区签约五个项目\n6日,园区与五家企业签约。"
