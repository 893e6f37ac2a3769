"""Which texts' facts are relinked (orchestration.inputs.fact_links.stale_sources): pure code."""

from orchestration.inputs.fact_links import catalog_fingerprint, link_stamp, stale_sources

CATALOG = catalog_fingerprint([{"indicator_code": "ind_a", "aliases": ["甲"]}], [])


def test_only_new_or_reparsed_texts_are_relinked():
    parsed = {"t/a.txt": "sha-a|v1", "t/b.txt": "sha-b|v1", "t/new.txt": "sha-n|v1"}
    stored = {"t/a.txt": link_stamp("sha-a|v1", CATALOG), "t/b.txt": link_stamp("sha-b-old|v1", CATALOG),
              "t/gone.txt": link_stamp("sha-g|v1", CATALOG)}
    relink, dropped = stale_sources(parsed, stored, CATALOG)
    assert relink == ["t/b.txt", "t/new.txt"] and dropped == ["t/gone.txt"]


def test_a_catalog_or_override_change_relinks_every_text():
    parsed = {"t/a.txt": "sha-a|v1", "t/b.txt": "sha-b|v1"}
    stored = {f: link_stamp(p, CATALOG) for f, p in parsed.items()}
    assert stale_sources(parsed, stored, CATALOG) == ([], [])
    changed = catalog_fingerprint([{"indicator_code": "ind_a", "aliases": ["甲", "乙"]}], [])
    overridden = catalog_fingerprint([{"indicator_code": "ind_a", "aliases": ["甲"]}], [{"doc_id": "d", "quote": "1个"}])
    assert len({CATALOG, changed, overridden}) == 3
    assert stale_sources(parsed, stored, changed)[0] == ["t/a.txt", "t/b.txt"]
