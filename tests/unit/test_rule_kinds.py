"""One registry per rule kind (orchestration.quality.rules.RULE_KINDS): everything else a kind needs
is checked against it here, and a failure names what is missing where."""

import re
from pathlib import Path

import yaml

from orchestration.quality.rules import KINDS, RULE_COLUMNS, RULE_KINDS

ROOT = Path(__file__).resolve().parents[2]
QUALITY = ROOT / "dbt_project" / "models" / "quality"
RULES_FILE = ROOT / "expectations" / "rules.yml"


def test_every_kind_has_its_evidence_model_and_yml():
    missing = []
    for kind in RULE_KINDS:
        sql, yml = QUALITY / f"{kind.evidence_model}.sql", QUALITY / f"{kind.evidence_model}.yml"
        if not sql.exists():
            missing.append(f"{sql.relative_to(ROOT)} (the evidence model of kind {kind.name})")
        if not yml.exists():
            missing.append(f"{yml.relative_to(ROOT)} (its descriptions and data_tests)")
        elif kind.evidence_model not in {m["name"] for m in yaml.safe_load(yml.read_text(encoding="utf-8"))["models"]}:
            missing.append(f"{yml.relative_to(ROOT)}: no model named {kind.evidence_model}")
    assert not missing, "missing for declared rule kinds:\n" + "\n".join(missing)


def test_every_evidence_model_is_a_declared_kind():
    models = {p.stem for p in QUALITY.glob("qa_*.sql")} - {"qa_evidence"}
    undeclared = sorted(models - {k.evidence_model for k in RULE_KINDS})
    assert not undeclared, f"evidence models with no kind in orchestration.quality.rules.RULE_KINDS: {undeclared}"


def test_qa_evidence_unions_exactly_the_declared_kinds():
    sql = (QUALITY / "qa_evidence.sql").read_text(encoding="utf-8")
    listed = set(re.findall(r"'(\w+)'", re.search(r"set kinds = \[(.*?)\]", sql).group(1)))
    declared = set(KINDS)
    assert not declared - listed, f"qa_evidence.sql's kinds list lacks {sorted(declared - listed)}"
    assert not listed - declared, f"qa_evidence.sql lists kinds not in RULE_KINDS: {sorted(listed - declared)}"


def test_rules_file_documents_every_kind_and_its_inputs():
    header = RULES_FILE.read_text(encoding="utf-8").split("\nrules:", 1)[0]
    section = header.split("Kinds and their inputs:", 1)[1].split("\n#\n", 1)[0]
    blocks = re.split(r"\n#   (?=\w)", "\n" + section)
    documented = {b.split()[0]: b for b in blocks if b.strip()}
    missing = [f"kind {k.name}" for k in RULE_KINDS if k.name not in documented]
    missing += [f"input {name} of kind {k.name}" for k in RULE_KINDS if k.name in documented
                for name in k.inputs if not re.search(rf"\b{name}\b", documented[k.name])]
    assert not missing, f"{RULES_FILE.relative_to(ROOT)}'s header (Kinds and their inputs) lacks: {missing}"


def test_every_input_has_its_rule_column():
    assert all(name in RULE_COLUMNS for kind in RULE_KINDS for name in kind.inputs)
