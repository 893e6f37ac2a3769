"""Full dates written in Arabic or Chinese numerals: 2026年1月26日, 二〇二六年一月二十七日."""

from __future__ import annotations

import re

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "〇零○Ｏ一二三四五六七八九十"
_FULL_DATE_RE = re.compile(
    rf"(?P<y>\d{{4}}|[{_CN}]{{4}})年(?P<m>\d{{1,2}}|[{_CN}]{{1,3}})月(?P<d>\d{{1,2}}|[{_CN}]{{1,3}})[日号]"
)


def _small_number(text: str) -> int:
    """1–31 in Arabic or Chinese numerals (十, 十二, 二十七, 三十一)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CN_DIGITS.get(tens, 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    return _CN_DIGITS[text]


def _year(text: str) -> int:
    return int(text) if text.isdigit() else int("".join(str(_CN_DIGITS[c]) for c in text))


def parse_chinese_date_parts(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) of the first full date in ``text``, or None."""
    m = _FULL_DATE_RE.search(text)
    if m is None:
        return None
    try:
        return _year(m["y"]), _small_number(m["m"]), _small_number(m["d"])
    except KeyError:
        return None
