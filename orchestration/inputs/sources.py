"""The input folder: which files there are, what kind each is, and how a text is decoded."""

from __future__ import annotations

import hashlib
import os
import stat
import threading
import time
from dataclasses import dataclass
from pathlib import Path

TEXT_SUFFIXES = {".txt", ".md"}
# UTF-8 (with or without BOM) first; GB18030 covers GBK and GB2312, common on Chinese government sites.
ENCODINGS = ("utf-8-sig", "gb18030")
UTF16_BOMS = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}
# Share of a decoding's characters that must be plain text (ASCII, CJK, CJK and full-width
# punctuation) for bytes with NULs and no byte-order mark to be taken as UTF-16.
UTF16_TEXT_SHARE = 0.9


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


def link_refusal(path: Path, seeds: Path) -> str | None:
    """Why a file under ``seeds`` is not read, or None.

    Refused: a path that resolves outside ``seeds`` (a symbolic link), and a hard link — a regular
    file with more than one name (st_nlink > 1). A hard link looks like any file, and its other
    names cannot be listed without searching every folder of its file system, so the rule is
    simply: a file under seeds/ has one name; copy a file in rather than linking it.
    """
    return _resolved(path, seeds.resolve())[2]


def _resolved(path: Path, seeds: Path) -> tuple[Path, os.stat_result | None, str | None]:
    """``path``'s target, the target's stat (None: gone) and link_refusal's reason; ``seeds`` resolved."""
    target = path.resolve()
    if not target.is_relative_to(seeds):
        return target, None, f"leads outside {seeds.name}/ (to {target})"
    try:
        info = target.stat()
    except FileNotFoundError:
        return target, None, None
    if stat.S_ISREG(info.st_mode) and info.st_nlink > 1:
        return target, info, (f"a hard link ({info.st_nlink} names for one file, inode {info.st_ino}): its other "
                              f"names may lie outside {seeds.name}/, so it is not read; copy the file in instead")
    return target, info, None


# A file's size and sha256 by its identity and stat: a refresh scans the input folder several times
# (partition sync, staleness, raw.source_files, text_ingest), and at 1,000 texts reading and hashing
# ~19 MB each time was ~0.25 s per scan. As git's index does, a digest is reused only while the
# file's inode, size, mtime and ctime are all unchanged, and only for a file whose mtime is older
# than RACY_S at hashing time: a write within the same clock tick as the hash (same size, same
# mtime) could otherwise go unseen. Per process; a changed file is read again.
RACY_S = 2.0
_DIGESTS: dict[tuple, tuple[int, str]] = {}
_DIGESTS_LOCK = threading.Lock()


def _stat_key(target: Path, info: os.stat_result) -> tuple:
    return (str(target), info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def file_digest(target: Path, info: os.stat_result) -> tuple[int, str]:
    """(size in bytes, sha256 hex) of the regular file ``target`` whose stat is ``info``."""
    key = _stat_key(target, info)
    with _DIGESTS_LOCK:
        known = _DIGESTS.get(key)
    if known is not None:
        return known
    now = time.time_ns()
    data = target.read_bytes()
    digest = (len(data), hashlib.sha256(data).hexdigest())
    if len(data) == info.st_size and now - info.st_mtime_ns > RACY_S * 1e9:
        with _DIGESTS_LOCK:
            _DIGESTS[key] = digest
    return digest


def scan(seeds: Path) -> list[SourceFile]:
    """Every file under ``seeds`` (sorted), hidden files excluded.

    A path that leads outside ``seeds`` (a symlink to elsewhere) or a hard link is listed as
    refused, unread (link_refusal). Size and sha256 come from the bytes (file_digest: reused
    while the file's stat is unchanged).
    """
    seeds = seeds.resolve()
    out = []
    for path in sorted(seeds.rglob("*")):
        rel = path.relative_to(seeds)
        if any(part.startswith(".") for part in rel.parts) or not (path.is_file() or path.is_symlink()):
            continue
        shown = str(Path(seeds.name) / rel)
        target, info, refusal = _resolved(path, seeds)
        if refusal:
            out.append(SourceFile(shown, "refused", None, None, refusal))
            continue
        if info is None or not stat.S_ISREG(info.st_mode):
            continue
        size, sha = file_digest(target, info)
        out.append(SourceFile(shown, classify(rel), size, sha))
    return out


class UndecodableText(ValueError):
    def __init__(self, path: str, line: int, reason: str):
        super().__init__(f"{path}:{line}: {reason}")
        self.path, self.line, self.reason = path, line, reason


def _plain_share(text: str) -> float:
    def plain(ch: str) -> bool:
        o = ord(ch)
        return (0x20 <= o < 0x7F or ch in "\t\n\r" or 0x4E00 <= o <= 0x9FFF or 0x3000 <= o <= 0x303F
                or 0xFF00 <= o <= 0xFFEF or 0x2000 <= o <= 0x206F or o == 0xFEFF)
    return sum(map(plain, text)) / max(len(text), 1)


def utf16_encoding(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the bytes are UTF-16 text, else None.

    With a byte-order mark, the mark decides. Without one, bytes holding NULs (every ASCII
    character, line breaks included, has a zero byte in UTF-16) are UTF-16 when one byte order
    decodes cleanly to at least UTF16_TEXT_SHARE plain text and no NUL character.
    """
    for bom, encoding in UTF16_BOMS.items():
        if data.startswith(bom):
            return encoding
    if len(data) % 2 or b"\x00" not in data:
        return None
    best, best_share = None, 0.0
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        share = 0.0 if "\x00" in text else _plain_share(text)
        if share > best_share:
            best, best_share = encoding, share
    return best if best_share >= UTF16_TEXT_SHARE else None


def describe_encoding(data: bytes) -> str | None:
    """What bytes that are not UTF-8 decode as, for an error message: 'UTF-16-LE (byte-order mark)',
    'GB18030 (GBK/GB2312)', or None."""
    utf16 = utf16_encoding(data)
    if utf16:
        marked = any(data.startswith(b) for b in UTF16_BOMS)
        return f"{utf16.upper()}" + (" (byte-order mark)" if marked else "")
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return "GB18030 (GBK/GB2312)"


def _decode_utf16(data: bytes, encoding: str, path: str) -> tuple[str, str]:
    body = data[2:] if data[:2] in UTF16_BOMS else data
    try:
        return body.decode(encoding), encoding
    except UnicodeDecodeError as err:
        line = body[: err.start].decode(encoding, errors="replace").count("\n") + 1
        raise UndecodableText(path, line, f"not valid {encoding.upper()} (bad bytes at offset {err.start})") from None


def decode_text(data: bytes, path: str) -> tuple[str, str]:
    """(text, encoding). Raises UndecodableText naming the line of the first bad byte."""
    if not data.strip():
        raise UndecodableText(path, 1, "empty file")
    utf16 = utf16_encoding(data)
    if utf16:
        return _decode_utf16(data, utf16, path)
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
