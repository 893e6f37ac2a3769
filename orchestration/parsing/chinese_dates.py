"""Dates as web copies write them: 2026年1月26日, 二〇二六年一月二十七日, 2025-10-13, 2025/10/13,
2025.10.13, with or without a clock time glued to them (2025-10-1309:30, 2025年10月13日09:30)."""

from __future__ import annotations

import re
from email.utils import parsedate_tz

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "〇零○Ｏ一二三四五六七八九十"
_FULL_DATE_RE = re.compile(
    rf"(?P<y>\d{{4}}|[{_CN}]{{4}})年(?P<m>\d{{1,2}}|[{_CN}]{{1,3}})月(?P<d>\d{{1,2}}|[{_CN}]{{1,3}})[日号]"
)
# 2025-10-13, 2025/10/13, 2025.10.13; the day may be glued to a clock time (…1309:30).
_NUMERIC_DATE_RE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2}?)(?=\d{1,2}[:：]\d{2}|\D|$)"
)
_CLOCK_RE = re.compile(r"\d{1,2}[:：]\d{2}(?:[:：]\d{2})?")


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
    """(year, month, day) of the first full date written with 年月日 in ``text``, or None."""
    m = _FULL_DATE_RE.search(text)
    if m is None:
        return None
    try:
        return _year(m["y"]), _small_number(m["m"]), _small_number(m["d"])
    except KeyError:
        return None


def find_date_span(text: str) -> tuple[tuple[int, int, int], int, int] | None:
    """The first full date in any written form: ((y, m, d), start, end), a glued clock time included."""
    hits = []
    if (m := _FULL_DATE_RE.search(text)) is not None:
        try:
            hits.append(((_year(m["y"]), _small_number(m["m"]), _small_number(m["d"])), m.start(), m.end()))
        except KeyError:
            pass
    if (m := _NUMERIC_DATE_RE.search(text)) is not None:
        hits.append(((int(m["y"]), int(m["m"]), int(m["d"])), m.start(), m.end()))
    if not hits:
        return None
    parts, start, end = min(hits, key=lambda h: h[1])
    if not (1 <= parts[1] <= 12 and 1 <= parts[2] <= 31):
        return None
    clock = (_CLOCK_RE.match(text, end) or _CLOCK_RE.match(text, end + 1)) if end < len(text) else None
    if clock is not None and text[end:clock.start()].strip() == "":
        end = clock.end()
    return parts, start, end


def parse_date_parts(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) of the first date in any written form, or None."""
    hit = find_date_span(text)
    return hit[0] if hit else None


def is_date_only(text: str) -> bool:
    """A line that holds a date (and perhaps a clock time) and nothing else but punctuation."""
    hit = find_date_span(text)
    if hit is None:
        return False
    rest = text[: hit[1]] + text[hit[2]:]
    return re.fullmatch(r"[\s　:：,，.。|｜\-—()（）\[\]【】]*", rest) is not None


def parse_rfc2822_date(text: str) -> tuple[int, int, int] | None:
    """'Tue, 25 Jan 2022 10:05:13 GMT' (front matter, RSS) → (2022, 1, 25)."""
    parsed = parsedate_tz(text.strip().strip("'\""))
    return (parsed[0], parsed[1], parsed[2]) if parsed else None
