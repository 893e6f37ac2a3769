"""What the splitter decided for each text of ../shared/corpus: refused or read, title, date, line kinds."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from orchestration.inputs.sources import decode_text
from orchestration.parsing.documents import DocumentError, split_text

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
KINDS = ("title", "metadata", "heading", "paragraph", "clutter", "blank")


def splitter_decisions() -> list[dict[str, Any]]:
    out = []
    for path in sorted(CORPUS.glob("*/*.txt")):
        text, _ = decode_text(path.read_bytes(), path.name)
        row: dict[str, Any] = {"file": f"{path.parent.name}/{path.name}"}
        try:
            articles = split_text(text, source_path=path.name, doc_prefix=path.stem)
        except DocumentError as err:
            row["refused"] = f"line {err.line}: {err.reason}"
            out.append(row)
            continue
        first = articles[0]
        lines = [line for a in articles for line in getattr(a, "lines", ())]
        # Lines shared by sibling articles (none today) are counted once.
        kinds = Counter({ln.number: ln.kind for ln in lines}.values())
        row.update({
            "refused": None, "articles": len(articles), "title": first.title,
            "title_source": getattr(first, "title_source", None),
            "published_date": first.published_date.isoformat() if first.published_date else None,
            "date_basis": first.date_basis, "paragraphs": sum(len(a.paragraphs) for a in articles),
            "headings": sum(len(getattr(a, "headings", ())) for a in articles),
            "line_kinds": {k: kinds.get(k, 0) for k in KINDS},
        })
        out.append(row)
    return out


def render_splitter_md(rows: list[dict[str, Any]]) -> str:
    lines = ["## Splitter decisions per text (all of ../shared/corpus)", "",
             "| text | read? | title (source) | date (basis) | paragraphs | headings | " + " | ".join(KINDS) + " |",
             "|" + "---|" * (6 + len(KINDS))]
    for r in rows:
        if r.get("refused"):
            lines.append(f"| {r['file']} | **refused** {r['refused']} |" + " |" * (4 + len(KINDS)))
            continue
        kinds = r["line_kinds"]
        lines.append(f"| {r['file']} | read | {r['title'][:40]} ({r['title_source'] or '-'}) | "
                     f"{r['published_date'] or 'none'} ({r['date_basis'] or '-'}) | {r['paragraphs']} | {r['headings']} | "
                     + " | ".join(str(kinds[k]) for k in KINDS) + " |")
    return "\n".join(lines) + "\n"
