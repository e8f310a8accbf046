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
    assert not is_terminated("公司已构建了完整的生产体系,")
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
