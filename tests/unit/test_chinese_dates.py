import pytest

from orchestration.parsing.chinese_dates import parse_chinese_date_parts


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
