"""The extractor version: a hash of the extractor's code and its lexicon files.

It is stored with every fact and, through ``texts.PARSER_VERSION``, in ``raw.parse_log``; a
text whose stored version differs is re-parsed. So any edit to the extractor package, to
``numbers.py`` or to a word list re-parses the texts, and nothing else does (no version number
to remember to bump). Line endings are normalised, so a checkout with CRLF gives the same hash.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from orchestration.parsing import lexicons

PACKAGE_DIR = Path(__file__).resolve().parent
NUMBERS_FILE = PACKAGE_DIR.parent / "numbers.py"


REGIONS_FILE = PACKAGE_DIR.parents[1] / "inputs" / "regions.py"


def _region_data() -> list[Path]:
    """The package's division table (a new release re-resolves every figure's region)."""
    from orchestration.inputs.regions import ADCODES, _package_file

    try:
        return [_package_file(ADCODES)]
    except Exception:  # pragma: no cover - package missing: the catalog fails loudly on its own
        return []


def source_files(lexicon_dir: Path | None = None) -> list[Path]:
    """Every file the extractor's output depends on: its modules, numbers.py, the lexicons and their
    loader, the region catalog (regions.py and the package's data file)."""
    lexicon_dir = lexicon_dir or lexicons.DIRECTORY
    return [*sorted(PACKAGE_DIR.glob("*.py")), NUMBERS_FILE,
            *sorted(lexicon_dir.glob("*.csv")), lexicons.DIRECTORY / "__init__.py",
            REGIONS_FILE, *_region_data()]


def version_of(files: Iterable[Path]) -> str:
    """Twelve hex digits of a SHA-256 over each file's folder/name and its text."""
    digest = hashlib.sha256()
    for path in files:
        text = path.read_bytes().replace(b"\r\n", b"\n")
        digest.update(f"{path.parent.name}/{path.name}\0".encode())
        digest.update(hashlib.sha256(text).digest())
    return digest.hexdigest()[:12]


EXTRACTOR_VERSION = version_of(source_files())
