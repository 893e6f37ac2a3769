"""The published file's sha256 is read from publish()'s record while the file is the one it recorded."""

import duckdb

from orchestration.storage import files as files_module
from orchestration.storage.files import WarehouseFiles, file_sha256, prepare_build, publish, published_sha256


def test_the_recorded_digest_serves_until_the_file_changes(tmp_path, monkeypatch):
    files = WarehouseFiles(tmp_path / "w.duckdb")
    assert published_sha256(files) is None  # nothing published yet
    with duckdb.connect(str(prepare_build(files))) as con:
        con.execute("CREATE TABLE t AS SELECT 1 AS x")
    sha = publish(files)
    assert sha == file_sha256(files.published) and files.digest.exists()
    hashed = []
    monkeypatch.setattr(files_module, "file_sha256", lambda path: hashed.append(path) or "recomputed")
    assert published_sha256(files) == sha and hashed == []  # the record, not the bytes
    with duckdb.connect(str(files.published)) as con:  # changed in place, outside a refresh
        con.execute("INSERT INTO t VALUES (2)")
        con.execute("CHECKPOINT")
    assert published_sha256(files) == "recomputed" and hashed == [files.published]
    files.digest.write_text("not json", encoding="utf-8")
    assert published_sha256(files) == "recomputed"
