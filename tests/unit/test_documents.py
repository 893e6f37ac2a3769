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
