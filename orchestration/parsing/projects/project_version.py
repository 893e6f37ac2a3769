"""The project extractor's version: a content hash of its code and its lexicons."""

from __future__ import annotations

from pathlib import Path

from orchestration.parsing.facts.version import version_of
from orchestration.parsing.projects.project_words import DIRECTORY

PACKAGE_DIR = Path(__file__).resolve().parent


def source_files() -> list[Path]:
    return [*sorted(PACKAGE_DIR.glob("*.py")), *sorted(DIRECTORY.glob("*.csv"))]


PROJECT_EXTRACTOR_VERSION = version_of(source_files())
