"""What changed under seeds/ since the sensor last looked. Pure code: the sensor wraps it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from orchestration.inputs.sources import SourceFile


@dataclass(frozen=True)
class SeedChanges:
    new_texts: tuple[str, ...]  # partition keys (file names under texts/)
    changed_texts: tuple[str, ...]
    removed_texts: tuple[str, ...]
    other_changed: tuple[str, ...]  # curated CSVs, the registry, anything else that feeds the build
    snapshot: dict[str, str]  # path → sha256 now: the next cursor

    @property
    def any(self) -> bool:
        return bool(self.new_texts or self.changed_texts or self.removed_texts or self.other_changed)


def text_key(path: str) -> str:
    """seeds/texts/000.txt → 000.txt (a partition key)."""
    return path.split("/texts/", 1)[1]


def diff_seeds(files: list[SourceFile], cursor: str | None) -> SeedChanges:
    before: Mapping[str, str] = json.loads(cursor) if cursor else {}
    now = {f.path: f.sha256 or f"refused:{f.refused_reason}" for f in files}
    kinds = {f.path: f.kind for f in files}
    new, changed, other = [], [], []
    for path, sha in sorted(now.items()):
        if before.get(path) == sha:
            continue
        if kinds[path] == "text":
            (changed if path in before else new).append(text_key(path))
        else:
            other.append(path)
    removed_texts = tuple(sorted(text_key(p) for p in before if p not in now and "/texts/" in p))
    other += [p for p in before if p not in now and "/texts/" not in p]
    return SeedChanges(tuple(new), tuple(changed), removed_texts, tuple(sorted(other)), now)
