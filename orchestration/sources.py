"""The input folder: which files there are, what kind each is, and how a text is decoded."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

TEXT_SUFFIXES = {".txt", ".md"}
# UTF-8 (with or without BOM) first; GB18030 covers GBK and GB2312, common on Chinese government sites.
ENCODINGS = ("utf-8-sig", "gb18030")


@dataclass(frozen=True)
class SourceFile:
    path: str  # relative to the seeds folder's parent, e.g. seeds/texts/000.txt
    kind: str  # text | curated | schema | other | refused
    size_bytes: int | None
    sha256: str | None
    refused_reason: str | None = None


def classify(rel: Path) -> str:
    parts = rel.parts
    if len(parts) >= 2 and parts[-2] == "texts" and rel.suffix.lower() in TEXT_SUFFIXES:
        return "text"
    if len(parts) >= 2 and parts[-2] == "curated" and rel.suffix.lower() == ".csv":
        return "curated"
    if rel.name == "schema.csv":
        return "schema"
    return "other"


def scan(seeds: Path) -> list[SourceFile]:
    """Every file under ``seeds`` (sorted), hidden files excluded.

    A path that leads outside ``seeds`` (a symlink to elsewhere) is listed as refused, unread.
    """
    seeds = seeds.resolve()
    out = []
    for path in sorted(seeds.rglob("*")):
        rel = path.relative_to(seeds)
        if any(part.startswith(".") for part in rel.parts) or not (path.is_file() or path.is_symlink()):
            continue
        shown = str(Path(seeds.name) / rel)
        target = path.resolve()
        if not target.is_relative_to(seeds):
            out.append(SourceFile(shown, "refused", None, None, f"leads outside {seeds.name}/ (to {target})"))
            continue
        if not target.is_file():
            continue
        data = target.read_bytes()
        out.append(SourceFile(shown, classify(rel), len(data), hashlib.sha256(data).hexdigest()))
    return out


class UndecodableText(ValueError):
    def __init__(self, path: str, line: int, reason: str):
        super().__init__(f"{path}:{line}: {reason}")
        self.path, self.line, self.reason = path, line, reason


def decode_text(data: bytes, path: str) -> tuple[str, str]:
    """(text, encoding). Raises UndecodableText naming the line of the first bad byte."""
    if not data.strip():
        raise UndecodableText(path, 1, "empty file")
    if b"\x00" in data:
        raise UndecodableText(path, data[: data.index(b"\x00")].count(b"\n") + 1, "binary data (NUL byte)")
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding.replace("-sig", "")
        except UnicodeDecodeError:
            continue
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise UndecodableText(path, line, f"not UTF-8 or GB18030 (bad byte at offset {err.start})") from None
    raise AssertionError("unreachable")
