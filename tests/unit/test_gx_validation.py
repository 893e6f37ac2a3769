import pandas as pd

from orchestration.quality.gx_validation import load_suites, validate_frame
from orchestration.storage.paths import EXPECTATIONS_DIR


def _suite(name):
    return next(s for s in load_suites(EXPECTATIONS_DIR / "suites") if s.name == name)


def test_paragraph_suite_catches_column_break_artifacts():
    frame = pd.DataFrame({"paragraph_text": ["修好的段落。", "断在\n中间的段落。", "被分栏截断的产", "一是新建道路12公里"],
                          "column_breaks_repaired": [1, 0, 2, 0]})
    result = validate_frame(frame, _suite("staging_paragraphs"))
    assert not result.success and result.failed == 2
    failing = {d["expectation"]: d["unexpected_count"] for d in result.details if not d["success"]}
    assert failing == {"expect_column_values_to_not_match_regex": 1, "expect_column_values_to_match_regex": 1}


def test_paragraph_suite_passes_clean_paragraphs():
    # A single line kept without a full stop (a list item) is the splitter's decision, not a column break.
    frame = pd.DataFrame({"paragraph_text": ["一段。", "“引号里的话。”", "各位代表：", "二是新建学校3所"],
                          "column_breaks_repaired": [2, 0, 0, 0]})
    assert validate_frame(frame, _suite("staging_paragraphs")).success
