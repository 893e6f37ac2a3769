import csv
from datetime import date

import pytest

from orchestration.parsing.documents import DocumentError, ends_sentence, split_text

ALIASES = {"聊城": "371500", "聊城市": "371500", "天津市": "120000", "天津": "120000"}
TITLE_1 = "“‘十四五’发展看聊城”系列主题新闻发布会首场举行 全市经济社会发展取得开创性进展"
TITLE_2 = "全周期协同管理，项目建设提速提效"


@pytest.fixture(scope="module")
def seed_articles(seed_text):
    return split_text(seed_text, source_path="seeds/texts/000.txt", doc_prefix="000", region_aliases=ALIASES)


def test_seed_holds_two_articles_with_titles(seed_articles):
    assert [a.title for a in seed_articles] == [TITLE_1, TITLE_2]
    assert [a.doc_id for a in seed_articles] == ["000-1", "000-2"]


def test_kicker_belongs_to_second_article_not_a_section_of_the_first(seed_articles):
    first, second = seed_articles
    assert second.kicker == "建立重点项目谋划储备工作机制"
    assert first.kicker is None
    assert "建立重点项目谋划储备工作机制" not in first.sections
    assert first.sections == ("产业结构优化", "扩大有效需求", "深化改革开放", "绿色低碳转型", "城乡融合发展", "增进民生福祉")


def test_byline_speaker_role_date_and_region(seed_articles):
    first, second = seed_articles
    assert (first.reporter, first.byline_place) == ("陶春燕", "聊城")
    assert (first.speaker, first.speaker_role) == ("张娅", "市发展和改革委员会副主任")
    assert (second.speaker, second.speaker_role) == ("张凯", "市发展和改革委员会主任、国民经济综合管理科科长")
    # Month and day are in the text; the year is the document's context ("2025年是…收官之年").
    assert first.published_date == second.published_date == date(2025, 7, 24)
    assert first.region_code == second.region_code == "371500"
    assert all("报道" not in p.text for a in seed_articles for p in a.paragraphs)


def test_column_breaks_are_repaired_and_paragraph_breaks_kept(seed_articles):
    first, second = seed_articles
    assert "3个国家级产业集群以及" in first.body
    assert "聊城市知名度和美誉度" in first.body
    assert "在平撤县设区" in first.body
    assert "省市级特色高中实现县域全覆盖" in first.body
    assert "“十四五”以来，市发展改革委" in second.body
    assert "“上大压小”赋能绿色能源发展" in second.body
    assert "3条铁路专用线" in second.body
    assert sum(p.joined_breaks for a in seed_articles for p in a.paragraphs) == 8
    assert [len(a.paragraphs) for a in seed_articles] == [8, 5]
    for article in seed_articles:
        for p in article.paragraphs:
            assert "\n" not in p.text and ends_sentence(p.text)
            assert article.body[p.char_start : p.char_end] == p.text


def test_paragraph_source_lines_point_into_the_file(seed_articles, seed_text):
    lines = seed_text.split("\n")
    for article in seed_articles:
        for p in article.paragraphs:
            assert p.text.startswith(lines[p.source_line - 1].strip()[:10])


def test_a_real_paragraph_break_is_not_joined():
    text = "## 标题\n\n第一段到此结束。\n\n第二段另起一行。\n"
    (article,) = split_text(text, source_path="x.txt", doc_prefix="x")
    assert [p.text for p in article.paragraphs] == ["第一段到此结束。", "第二段另起一行。"]


def test_latin_words_broken_across_columns_get_their_space_back():
    (article,) = split_text("## T\n\nthe quick\n\nbrown fox。\n", source_path="x.txt", doc_prefix="x")
    assert article.paragraphs[0].text == "the quick brown fox。"


def test_bom_and_crlf_give_the_same_articles(seed_text):
    plain = split_text(seed_text, source_path="a", doc_prefix="a")
    windows = split_text("\ufeff" + seed_text.replace("\n", "\r\n"), source_path="a", doc_prefix="a")
    assert plain == windows


@pytest.mark.parametrize(
    ("text", "reason"),
    [("", "empty"), ("\n\n  \n", "empty"), ("下载\n打印\n全屏\n", "no recognizable article")],
)
def test_unreadable_text_names_file_and_line(text, reason):
    with pytest.raises(DocumentError) as err:
        split_text(text, source_path="seeds/texts/bad.txt", doc_prefix="bad")
    assert str(err.value).startswith("seeds/texts/bad.txt:1:") and reason in str(err.value)


def test_plain_web_page_text(corpus_files):
    tianjin = next(f for f in corpus_files if "tianjin" in f.name)
    (article,) = split_text(tianjin.read_text(encoding="utf-8"), source_path=str(tianjin), doc_prefix=tianjin.stem, region_aliases=ALIASES)
    assert article.title == "2026年天津市政府工作报告"
    assert article.subtitle.startswith("2026年1月26日在天津市第十八届人民代表大会")
    assert (article.speaker, article.speaker_role, article.source_name) == ("张工", "天津市市长", "天津日报")
    assert article.published_date == date(2026, 2, 3)
    assert article.region_code == "120000"
    body = article.body
    assert not body.startswith("下载") and "相关报道" not in body and "【字号" not in body
    # A web-copy break after a comma is joined back into its sentence.
    assert "中国电子增资麒麟软件，协和天津基地建设顺利推进" in body
    assert "（一）圆满完成上合天津峰会筹备和服务保障任务" in article.sections


def test_every_corpus_report_parses(corpus_files):
    manifest = {r["file"]: r for r in csv.DictReader((corpus_files[0].parent / "manifest.csv").open(encoding="utf-8"))}
    for path in corpus_files:
        (article,) = split_text(path.read_text(encoding="utf-8"), source_path=path.name, doc_prefix=path.stem)
        assert "政府工作报告" in article.title, path.name
        assert article.published_date is not None and article.published_date.year == 2026, path.name
        # The page date where the page shows one, else the date the report was delivered.
        assert article.published_date <= date.fromisoformat(manifest[path.name]["publish_date"]), path.name
        assert len(article.paragraphs) >= 40, path.name
        assert all(ends_sentence(p.text) and "\n" not in p.text for p in article.paragraphs), path.name


# ------------------------------------------------------------------- rules on made-up texts
from collections import Counter  # noqa: E402

from orchestration.parsing.documents import LINE_KINDS, has_figure, heading_number  # noqa: E402

PROSE = "全年某某指标完成情况良好，各项工作稳步推进，成效明显。"


def _one(text, name="texts/x.txt"):
    (article,) = split_text(text, source_path=name, doc_prefix="x")
    return article


def _kinds(article):
    return {ln.number: ln.kind for ln in article.lines}


def test_every_line_gets_exactly_one_decision():
    text = "某某市工作简报\n\n来源：某某日报\n" + PROSE + "\n\n二、下一步安排\n下载\n"
    article = _one(text)
    numbers = [ln.number for ln in article.lines]
    assert numbers == list(range(1, len(text.split("\n")) + 1))
    assert {ln.kind for ln in article.lines} <= set(LINE_KINDS)


def test_a_text_that_opens_with_prose_is_read_and_titled_by_its_file_name():
    article = _one(PROSE + "\n第二句话也是正文内容，同样以句号结束了。\n", name="texts/briefing_7.txt")
    assert (article.title, article.title_source) == ("briefing_7", "file_name")
    assert [p.text for p in article.paragraphs][0] == PROSE
    assert _kinds(article)[1] == "paragraph"


def test_no_title_in_the_header_gives_the_first_line_marked_as_such():
    article = _one("第2期\n" + PROSE)
    assert (article.title, article.title_source) == ("第2期", "first_line")
    assert _kinds(article)[1] == "title"


def test_a_headline_with_a_bar_is_a_title_but_a_breadcrumb_is_navigation():
    article = _one("首页 > 新闻 > 要闻\n某某发布 | 某某市召开经济形势分析会议\n" + PROSE)
    assert article.title == "某某发布 | 某某市召开经济形势分析会议" and article.title_source == "header"
    assert _kinds(article)[1] == "clutter"


def test_provenance_and_url_lines_are_metadata_not_markdown_titles():
    text = "# source: https://example.org/a/1.html\nhttps://example.org/a/1.html\n某某县农业生产情况通报\n" + PROSE
    article = _one(text)
    assert article.title == "某某县农业生产情况通报"
    assert [_kinds(article)[n] for n in (1, 2, 3, 4)] == ["metadata", "metadata", "title", "paragraph"]


def test_front_matter_gives_title_and_date_and_markup_is_removed():
    text = ("---\ntitle: '某某市一季度经济运行情况'\nauthor: 某某网\ndate: Wed, 06 Mar 2024 02:10:00 GMT\n---\n\n<div>\n"
            "<p>　　" + PROSE + "</p>\n<p>　　一季度全市生产总值增长5.1%。</p>\n</div>\n")
    article = _one(text)
    assert (article.title, article.title_source) == ("某某市一季度经济运行情况", "front_matter")
    assert (article.published_date, article.date_basis) == (date(2024, 3, 6), "front_matter")
    assert article.source_name == "某某网"
    assert [p.text for p in article.paragraphs] == [PROSE, "一季度全市生产总值增长5.1%。"]
    kinds = _kinds(article)
    assert [kinds[n] for n in range(1, 6)] == ["metadata", "title", "metadata", "metadata", "metadata"]
    assert kinds[7] == "clutter"


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ("发布时间：2024-03-07 08:15", date(2024, 3, 7)),
        ("发布时间：2024-03-0708:15", date(2024, 3, 7)),
        ("来源：某某日报  2024/03/07", date(2024, 3, 7)),
        ("日期：2024年3月7日：", date(2024, 3, 7)),
        ("2024-03-07 08:15  来源：某某日报", date(2024, 3, 7)),  # a web page's byline: the date first
        ("2024年03月07日 08:15:30 | 来源：某某网", date(2024, 3, 7)),
    ],
)
def test_publication_date_from_metadata_lines(meta, expected):
    article = _one("某某市工作动态\n" + meta + "\n" + PROSE)
    assert (article.published_date, article.date_basis) == (expected, "metadata_line")
    assert _kinds(article)[2] == "metadata"


def test_source_name_without_its_date():
    article = _one("某某市工作动态\n来源：某某日报 2024-03-07\n" + PROSE)
    assert article.source_name == "某某日报"


def test_a_byline_starting_with_its_date_keeps_its_source():
    article = _one("某某市工作动态\n2024-03-07 08:15  来源：某某日报\n" + PROSE)
    assert article.source_name == "某某日报"
    # a line that starts with a date but is prose (no label after it) stays prose
    assert _kinds(_one("某某市工作动态\n2024年3月7日，某某市召开会议，研究部署工作。\n" + PROSE))[2] == "paragraph"


def test_a_value_on_the_line_after_its_label():
    article = _one("某某市工作动态\n发布时间：\n2024-03-07\n" + PROSE)
    assert article.published_date == date(2024, 3, 7) and _kinds(article)[3] == "metadata"


def test_a_date_line_and_a_title_year_as_scope():
    article = _one("2023年某某市统计公报\n某某市统计局\n2024年4月1日\n" + PROSE)
    assert (article.published_date, article.date_basis, article.scope_year) == (date(2024, 4, 1), "date_line", 2023)


def test_no_date_is_none_not_guessed():
    article = _one("某某市工作动态\n" + PROSE)
    assert (article.published_date, article.date_basis) == (None, "none")


def test_a_line_with_a_figure_but_no_full_stop_is_a_paragraph_not_a_heading():
    text = "某某市工作动态\n" + PROSE + "\n一是新建道路12公里\n二、重点任务\n全力推动项目建设，完成投资3亿元。\n"
    article = _one(text)
    assert "一是新建道路12公里" in [p.text for p in article.paragraphs]
    kinds = _kinds(article)
    assert (kinds[3], kinds[4]) == ("paragraph", "heading")


def test_a_repeated_page_header_is_clutter():
    header = "某某市2023年统计公报"
    article = _one("2023年某某市统计公报\n" + PROSE + "\n" + header + "\n第二段正文内容完整，结束于句号。\n" + header + "\n最后一段正文同样完整。\n")
    kinds = _kinds(article)
    assert kinds[3] == kinds[5] == "clutter"
    assert all(header not in p.text for p in article.paragraphs)


def test_heading_tree_levels_numbers_and_paths():
    text = ("某某省工作报告\n" + PROSE + "\n一、过去一年工作回顾\n（一）经济运行稳中有进。全年经济增长5%。\n"
            "第二段在（一）之下，也有句号。\n（二）改革开放持续深化\n改革事项全面完成。\n二、今年工作安排\n1.稳增长\n投资增长6%。\n")
    article = _one(text)
    tree = [(h.level, h.number, h.text, h.inline) for h in article.headings]
    assert tree == [
        (1, "一、", "一、过去一年工作回顾", False),
        (2, "（一）", "（一）经济运行稳中有进", True),
        (2, "（二）", "（二）改革开放持续深化", False),
        (1, "二、", "二、今年工作安排", False),
        (3, "1.", "1.稳增长", False),
    ]
    parents = [h.parent_ordinal for h in article.headings]
    assert parents == [None, 1, 1, None, 4]
    paths = {p.text[:6]: p.heading_path for p in article.paragraphs}
    assert paths["（一）经济运"] == "一、过去一年工作回顾"  # an inline title heads the paragraphs after it
    assert paths["第二段在（一"] == "一、过去一年工作回顾 > （一）经济运行稳中有进"
    assert paths["改革事项全面"] == "一、过去一年工作回顾 > （二）改革开放持续深化"
    assert paths["投资增长6%"] == "二、今年工作安排 > 1.稳增长"
    for h in article.headings:
        assert 0 <= h.body_offset <= len(article.body)


def test_one_hash_title_over_sections_is_one_article_with_marked_headings():
    text = "# 2023年某某市统计公报\n\n某某市统计局\n\n" + PROSE + "\n\n## 一、综合\n\n## （一）生产总值\n\n全年生产总值增长\n\n<!-- Page 2 -->\n\n5.0%。\n"
    article = _one(text)
    assert (article.title, article.title_source) == ("2023年某某市统计公报", "markdown_heading")
    assert [h.text for h in article.headings] == ["一、综合", "（一）生产总值"]
    # An OCR page marker cutting a sentence is clutter, and the sentence is joined back.
    assert article.paragraphs[-1].text == "全年生产总值增长5.0%。"
    assert article.paragraphs[-1].heading_path == "一、综合 > （一）生产总值"


def test_html_table_rows_stay_apart():
    text = "某某市统计公报\n" + PROSE + "\n<table><tr><td>指标</td><td>数值</td></tr><tr><td>产量</td><td>12.5</td></tr></table>\n"
    article = _one(text)
    assert article.paragraphs[-1].text == "指标，数值；产量，12.5；"


def test_only_short_lines_is_still_refused_with_file_and_line():
    with pytest.raises(DocumentError) as err:
        split_text("# source: https://example.org\n标题\n下载\n", source_path="texts/nav.txt", doc_prefix="nav")
    assert str(err.value).startswith("texts/nav.txt:") and "no line of prose" in str(err.value)


@pytest.mark.parametrize(
    ("text", "number", "level"),
    [("一、总体情况", "一、", 1), ("（三）重点任务", "（三）", 2), ("2.稳就业", "2.", 3), ("（4）补短板", "（4）", 4),
     ("第二章 发展目标", "第二章", 1), ("2023年总体情况", None, None), ("3.5%的增长", None, None)],
)
def test_heading_numbers(text, number, level):
    assert heading_number(text) == (number, level)


@pytest.mark.parametrize(
    ("text", "figure"),
    [("二、2026年重点工作", False), ("01", False), ("新建道路12公里", True), ("2021—2025年发展回顾", False), ("（一）增长6%", True)],
)
def test_what_counts_as_a_figure_in_a_line(text, figure):
    assert has_figure(text) is figure


def test_every_corpus_text_is_read_with_its_decisions(corpus_files):
    for path in [*corpus_files, *sorted((corpus_files[0].parent.parent / "dev_texts").glob("*.txt"))]:
        articles = split_text(path.read_text(encoding="utf-8"), source_path=path.name, doc_prefix=path.stem)
        lines = [ln for a in articles for ln in a.lines]
        assert len(lines) == len(path.read_text(encoding="utf-8").split("\n")), path.name
        kinds = Counter(ln.kind for ln in lines)
        assert kinds["paragraph"] >= 20 and kinds["title"] >= 1, (path.name, kinds)


def test_an_inline_title_closes_its_sibling_and_an_address_closes_sub_sections():
    text = ("某某省工作报告\n" + PROSE + "\n一、工作回顾\n（一）稳增长\n投资增长5%。\n（二）促改革。改革全面深化。\n"
            "各位代表！五年来成绩显著。\n总量迈上新台阶。\n")
    paths = {p.text[:4]: p.heading_path for p in _one(text).paragraphs}
    assert paths["投资增长"] == "一、工作回顾 > （一）稳增长"
    assert paths["（二）促"] == "一、工作回顾"  # its own title is not above it, and （一） is closed
    assert paths["各位代表"] == paths["总量迈上"] == "一、工作回顾"


def test_a_number_only_heading_takes_its_title_from_the_next_line():
    text = "某某新闻\n" + PROSE + "\n01\n走向5万亿之路\n下文是正文，自然以句号结束。\n02\n这意味着什么？\n再一段正文。\n"
    article = _one(text)
    assert [h.text for h in article.headings] == ["01 走向5万亿之路", "02 这意味着什么？"]
    assert _kinds(article)[4] == "heading" and article.paragraphs[1].heading_path == "01 走向5万亿之路"


def test_a_bold_subheading_with_figures_is_a_heading_whose_figures_stay_in_the_body():
    text = ("---\ntitle: 某某新闻\n---\n<p>　　" + PROSE + "</p>\n<p><strong>全年安排项目120个</strong></p>\n"
            "<p>　　其中新开工项目40个。</p>\n")
    article = _one(text)
    assert [h.text for h in article.headings] == ["全年安排项目120个"]
    assert "全年安排项目120个" in [p.text for p in article.paragraphs]
    assert _kinds(article)[5] == "heading"


def test_reporter_from_a_credit_line_stops_at_the_next_label():
    article = _one("某某市工作动态\n记者|张三 编辑|李四\n" + PROSE)
    assert article.reporter == "张三"


def test_a_markdown_title_with_nothing_under_it_is_kept_as_a_heading_line():
    text = "## 第一篇\n\n## 第二篇\n\n正文一段，结束于句号。\n"
    (article,) = split_text(text, source_path="x.txt", doc_prefix="x")
    assert article.title == "第二篇"
    assert {ln.number: ln.kind for ln in article.lines}[1] == "heading"


def test_a_markdown_image_line_is_markup_and_its_caption_stands_alone():
    text = ("# 某市2024年统计公报\n\n全年全市生产总值1200亿元，比上年增长5.0%。\n\n"
            "![](images_公报/image_1.jpg)\n\n<center>图1：2020—2024年生产总值</center>\n\n全年粮食产量80万吨。\n")
    articles = split_text(text, source_path="seeds/texts/bulletin.txt", doc_prefix="bulletin")
    kinds = {ln.number: ln.kind for a in articles for ln in a.lines}
    assert kinds[5] == "clutter"  # the image alone: markup only
    assert kinds[7] == "clutter"  # its caption: the chart is not in the text
    paragraphs = [p for a in articles for p in a.paragraphs]
    assert not any("jpg" in p.text for p in paragraphs)
    # nothing was joined across the image: the caption is not glued to its neighbours
    assert all(p.joined_breaks == 0 for p in paragraphs)


def test_front_matter_date_title_and_source_reach_every_markdown_article():
    text = ("---\ntitle: 某市经济运行情况汇编\ndate: 2025-03-18\nauthor: 某市统计局\n---\n"
            "## 工业生产稳中有进\n全市规模以上工业增加值增长6.1%。\n"
            "## 消费市场持续回暖\n社会消费品零售总额增长4.2%。\n")
    articles = split_text(text, source_path="x/front.md", doc_prefix="front", region_aliases=ALIASES)
    assert [a.title for a in articles] == ["工业生产稳中有进", "消费市场持续回暖"]
    assert all(a.published_date == date(2025, 3, 18) and a.date_basis == "front_matter" for a in articles)
    assert all(a.source_name == "某市统计局" and a.kicker == "某市经济运行情况汇编" for a in articles)


def test_lone_markdown_title_keeps_plain_text_headings():
    text = ("# 2024年某市国民经济和社会发展统计公报\n某市统计局\n2025年3月20日\n"
            "一、综合\n初步核算，全年全市地区生产总值3200亿元，比上年增长5.1%。\n"
            "二、农业\n全年粮食总产量520万吨，比上年增长1.2%。\n")
    (article,) = split_text(text, source_path="x/b.txt", doc_prefix="b", region_aliases=ALIASES)
    assert [p.heading_path for p in article.paragraphs] == ["一、综合", "二、农业"]
    assert article.paragraphs[1].text == "全年粮食总产量520万吨，比上年增长1.2%。"
    kinds = {d.text: d.kind for d in article.lines}
    assert kinds["一、综合"] == kinds["二、农业"] == "heading"
    assert kinds["某市统计局"] == "metadata"


def test_numbered_unmarked_line_is_a_heading_under_markdown_sections():
    text = ("# 某市工作总结\n## 主要工作\n一、综合\n全市地区生产总值增长5.1%。\n二、农业\n粮食总产量520万吨。\n")
    (article,) = split_text(text, source_path="x/c.txt", doc_prefix="c", region_aliases=ALIASES)
    assert [p.heading_path.split(" > ")[-1] for p in article.paragraphs] == ["一、综合", "二、农业"]
    assert [p.text for p in article.paragraphs] == ["全市地区生产总值增长5.1%。", "粮食总产量520万吨。"]
