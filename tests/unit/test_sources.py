import pytest

from orchestration.sources import UndecodableText, classify, decode_text, scan
from pathlib import Path

TEXT = "“十四五”以来，全市新增高新技术企业651家。\n"


def test_utf8_with_and_without_bom():
    assert decode_text(TEXT.encode("utf-8"), "a.txt") == (TEXT, "utf-8")
    assert decode_text("\ufeff".encode() + TEXT.encode("utf-8"), "a.txt") == (TEXT, "utf-8")


def test_gb18030_is_detected():
    assert decode_text(TEXT.encode("gb18030"), "a.txt") == (TEXT, "gb18030")


def test_binary_is_refused_with_its_line():
    with pytest.raises(UndecodableText, match=r"^a.txt:2: binary data"):
        decode_text(b"line one\nline\x00two", "a.txt")


def test_scan_classifies_and_hashes(tmp_path):
    seeds = tmp_path / "seeds"
    (seeds / "texts").mkdir(parents=True)
    (seeds / "curated").mkdir()
    (seeds / "texts" / "报告 one.txt").write_text(TEXT, encoding="utf-8")
    (seeds / "curated" / "regions.csv").write_text("code\n", encoding="utf-8")
    (seeds / ".hidden").write_text("x", encoding="utf-8")
    files = scan(seeds)
    assert [(f.path, f.kind) for f in files] == [("seeds/curated/regions.csv", "curated"), ("seeds/texts/报告 one.txt", "text")]
    assert len(files[1].sha256) == 64 and files[1].size_bytes == len(TEXT.encode())
    assert classify(Path("schema.csv")) == "schema"
