import pytest

from orchestration.parsing.chinese_dates import (
    find_date_span,
    is_date_only,
    parse_chinese_date_parts,
    parse_date_parts,
    parse_rfc2822_date,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("——2026年1月26日在天津市", (2026, 1, 26)),
        ("二〇二六年一月二十七日在甘肃省", (2026, 1, 27)),
        ("二〇二五年十二月三十一日", (2025, 12, 31)),
        ("2025年10月1号", (2025, 10, 1)),
        ("7月24日，该系列首场举行", None),
        ("“十四五”时期", None),
    ],
)
def test_full_dates(text, expected):
    assert parse_chinese_date_parts(text) == expected



@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("发布时间：2024-03-07 08:15", (2024, 3, 7)),
        ("2024/3/7", (2024, 3, 7)),
        ("2024.03.07", (2024, 3, 7)),
        ("更新于2024-03-0708:15:00", (2024, 3, 7)),  # the day glued to a clock time
        ("2024年3月7日10:20", (2024, 3, 7)),
        ("时间：2024年3月7日：", (2024, 3, 7)),
        ("来源：某某日报 2024-03-07", (2024, 3, 7)),
        ("二〇二四年三月七日", (2024, 3, 7)),
        ("增长2024-13-01", None),  # no month 13
        ("编号12-3-4", None),
        ("3月7日", None),  # no year: not a full date
    ],
)
def test_dates_in_every_written_form(text, expected):
    assert parse_date_parts(text) == expected


def test_a_glued_clock_time_belongs_to_the_date_span():
    text = "2024-03-0708:15 某某网"
    parts, start, end = find_date_span(text)
    assert parts == (2024, 3, 7) and text[start:end] == "2024-03-0708:15"


@pytest.mark.parametrize(
    ("text", "only"),
    [("2024-03-07", True), ("2024年3月7日 10:20", True), ("（2024/03/07）", True), ("2024年3月7日召开会议", False)],
)
def test_date_only_lines(text, only):
    assert is_date_only(text) is only


def test_front_matter_dates():
    assert parse_rfc2822_date("Wed, 06 Mar 2024 23:10:00 GMT") == (2024, 3, 6)
    assert parse_rfc2822_date("'Wed, 06 Mar 2024 23:10:00 GMT'") == (2024, 3, 6)
    assert parse_rfc2822_date("soon") is None
