import os
from pathlib import Path

import pytest

from orchestration.inputs.sources import UndecodableText, classify, decode_text, scan

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


@pytest.mark.parametrize(("data", "encoding"), [
    (TEXT.encode("utf-16"), "utf-16-le"),  # Python writes a little-endian byte-order mark
    (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16-be"),
    (TEXT.encode("utf-16-le"), "utf-16-le"),  # no mark: told by its zero bytes
    (TEXT.encode("utf-16-be"), "utf-16-be"),
], ids=["bom-le", "bom-be", "le", "be"])
def test_utf16_is_decoded_not_called_binary(data, encoding):
    assert decode_text(data, "a.txt") == (TEXT, encoding)


def test_binary_with_nul_bytes_is_still_binary():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00\x5c\x72\xa8\x66"
    with pytest.raises(UndecodableText, match="binary data"):
        decode_text(png, "a.png")


def test_a_hard_link_is_refused_unread(tmp_path):
    seeds = tmp_path / "seeds"
    (seeds / "texts").mkdir(parents=True)
    outside = tmp_path / "outside.txt"
    outside.write_text(TEXT, encoding="utf-8")
    os.link(outside, seeds / "texts" / "linked.txt")
    (seeds / "texts" / "own.txt").write_text(TEXT, encoding="utf-8")
    files = {f.path: f for f in scan(seeds)}
    linked = files["seeds/texts/linked.txt"]
    assert linked.kind == "refused" and linked.sha256 is None and "hard link (2 names" in linked.refused_reason
    assert files["seeds/texts/own.txt"].kind == "text"


def _reads(monkeypatch) -> list[Path]:
    """Record every file whose bytes are read through Path.read_bytes."""
    seen: list[Path] = []
    original = Path.read_bytes

    def counting(self):
        seen.append(self)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    return seen


def test_a_digest_is_reused_while_the_files_stat_is_unchanged(tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    (seeds / "texts").mkdir(parents=True)
    path = seeds / "texts" / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    old = path.stat().st_mtime_ns - 10 * 10**9  # written "ten seconds ago": past the racy window
    os.utime(path, ns=(old, old))
    reads = _reads(monkeypatch)
    first = scan(seeds)
    assert scan(seeds) == first and len(reads) == 1  # the second scan hashed nothing
    # the same size, another content, an older mtime again: a new ctime and mtime, so read again
    path.write_text(TEXT.replace("651", "652"), encoding="utf-8")
    os.utime(path, ns=(old + 1, old + 1))
    changed = scan(seeds)
    assert len(reads) == 2 and changed[0].sha256 != first[0].sha256 and changed[0].size_bytes == first[0].size_bytes


def test_a_file_written_just_now_is_hashed_every_time(tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    (seeds / "texts").mkdir(parents=True)
    (seeds / "texts" / "a.txt").write_text(TEXT, encoding="utf-8")  # mtime: now, within RACY_S
    reads = _reads(monkeypatch)
    scan(seeds)
    scan(seeds)
    assert len(reads) == 2
