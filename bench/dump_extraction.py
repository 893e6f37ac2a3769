"""Dump the extractor's output on the seed texts and the provincial corpus, for refactor checks.

Every fact and time reference (all fields), as sorted JSON lines, through both entry points:
``texts.parse_text_file`` (split + extract, as the ingest asset runs it, with the curated
region aliases) and ``facts.extract`` directly on each corpus report (as the throughput bench
runs it). The extractor version is written once on the first line and replaced by ``<version>``
in the records, so a refactor that only changes the version shows one differing line.

Usage: ``uv run python bench/dump_extraction.py OUT.jsonl``
(corpus from ``$CORPUS_DIR`` or the shared path).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import sys
from pathlib import Path

from orchestration.inputs.curated import load_curated, load_registry, region_aliases
from orchestration.inputs.texts import ParsedText, parse_text_file
from orchestration.parsing.facts import EXTRACTOR_VERSION, extract

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = Path("/work/shared/corpus/provincial_work_reports_2026")


def _rows(kind: str, entry: str, records) -> list[str]:
    out = []
    for r in records:
        r = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in r.items()}
        if "extractor_version" in r:
            r["extractor_version"] = "<version>"
        out.append(json.dumps({"entry": entry, "kind": kind, **r}, ensure_ascii=False, sort_keys=True))
    return out


def main(argv: list[str]) -> int:
    out_path = Path(argv[1])
    corpus = Path(os.environ.get("CORPUS_DIR", DEFAULT_CORPUS))
    seeds = ROOT / "seeds"
    tables = load_curated(seeds / "curated", load_registry(seeds / "schema.csv"), root=ROOT)
    regions = tables["regions"].rows
    aliases, fact_aliases = region_aliases(regions), region_aliases(regions, with_misspellings=True)
    files = sorted((seeds / "texts").glob("*.txt")) + sorted(corpus.glob("*.txt"))
    lines: list[str] = []
    for path in files:
        data = path.read_bytes()
        parsed = parse_text_file(data, source_file=path.name, sha256=hashlib.sha256(data).hexdigest(),
                                 region_aliases=aliases, fact_region_aliases=fact_aliases)
        if not isinstance(parsed, ParsedText):
            lines.append(json.dumps({"entry": "texts", "kind": "rejected", "file": path.name, "reason": parsed.reason}, ensure_ascii=False))
            continue
        lines += _rows("fact", "texts", parsed.facts) + _rows("time_ref", "texts", parsed.time_refs)
    with (corpus / "manifest.csv").open(encoding="utf-8") as fh:
        manifest = list(csv.DictReader(fh))
    for r in manifest:
        body = (corpus / r["file"]).read_text(encoding="utf-8")
        result = extract(body, doc_id=Path(r["file"]).stem, doc_date=dt.date.fromisoformat(r["publish_date"]),
                         default_region=r["region_code"], region_aliases=fact_aliases)
        lines += _rows("fact", "extract", [f.as_dict() for f in result.facts])
        lines += _rows("time_ref", "extract", [t.as_dict() for t in result.time_refs])
        lines.append(json.dumps({"entry": "extract", "kind": "reference_period", "doc_id": result.doc_id,
                                 "value": result.reference_period}, ensure_ascii=False))
    lines.sort()
    facts = sum('"kind": "fact"' in ln for ln in lines)
    out_path.write_text(f"extractor_version {EXTRACTOR_VERSION}\n" + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{out_path}: {len(files)} files, {len(lines)} records ({facts} facts), extractor {EXTRACTOR_VERSION}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
