"""The throwaway PostgreSQL server the team profile's tests run against."""

import psycopg2


def test_the_throwaway_server_listens_on_loopback_only_and_takes_sql(pg_server):
    assert pg_server.psql("show listen_addresses").strip() == "127.0.0.1"
    with psycopg2.connect(pg_server.dsn) as conn, conn.cursor() as cur:
        cur.execute("create table t (x int); insert into t values (1), (2); select sum(x) from t")
        assert cur.fetchone()[0] == 3
        cur.execute("show fsync")
        assert cur.fetchone()[0] == "off"  # a test server: nothing in it outlives it
