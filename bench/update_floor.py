"""Write bench/eval_floor.json from the current eval: every overall figure, rounded down to 0.1 %."""

from __future__ import annotations

import json
import math

from bench.eval import FIELDS, ROOT, run_eval

FLOOR = ROOT / "bench" / "eval_floor.json"


def main() -> None:
    overall = run_eval()["overall"]
    keys = ("recall", "precision", *FIELDS)
    project_keys = ("recall", "precision", "stage", "value_kind")  # the projects section has no figure fields

    def floor_keys(o: dict) -> tuple[str, ...]:
        if "gold" not in o:
            return ("linked_share",)
        return keys if all(k in o for k in keys) else project_keys

    floor = {label: {k: math.floor(o[k] * 1000) / 1000 for k in floor_keys(o)} for label, o in overall.items()}
    FLOOR.write_text(json.dumps(floor, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {FLOOR.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
