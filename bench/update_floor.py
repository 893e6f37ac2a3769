"""Write bench/eval_floor.json from the current eval: every overall figure, rounded down to 0.1 %."""

from __future__ import annotations

import json
import math

from bench.eval import FIELDS, ROOT, run_eval

FLOOR = ROOT / "bench" / "eval_floor.json"


def main() -> None:
    overall = run_eval()["overall"]
    keys = ("recall", "precision", *FIELDS)
    old = json.loads(FLOOR.read_text(encoding="utf-8")) if FLOOR.exists() else {}
    # the project mentions have their own figures (bench/eval_projects.py): their floor is kept as written
    floor = {label: old[label] if label == "projects" and label in old else
             {k: math.floor(o[k] * 1000) / 1000 for k in (keys if "gold" in o else ("linked_share",))}
             for label, o in overall.items() if label != "projects" or label in old}
    FLOOR.write_text(json.dumps(floor, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {FLOOR.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
