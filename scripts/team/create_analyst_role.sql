-- The analyst role of the team profile's warehouse (README "Team deployment"): SELECT on the published
-- schemas, nothing else. Run once per database as the warehouse's owner (the role of PLAN_WAREHOUSE_URL),
-- then add people as login roles in it:
--
--   psql "$PLAN_WAREHOUSE_URL" -v ON_ERROR_STOP=1 -f scripts/team/create_analyst_role.sql
--   psql "$PLAN_WAREHOUSE_URL" -c "CREATE ROLE alice LOGIN PASSWORD '…' IN ROLE plan_analyst"
--   psql "$PLAN_WAREHOUSE_URL" -v ON_ERROR_STOP=1 -f scripts/team/create_analyst_role.sql   # again: see below
--
-- A role's settings are not inherited by its members: running the script again after adding logins makes
-- read-only transactions their default too (or: ALTER ROLE alice SET default_transaction_read_only = on).
-- Their privileges refuse every write either way.
--
-- Idempotent. What it guarantees:
--   * plan_analyst can connect and read: USAGE on the published schemas (raw, staging, intermediate, marts,
--     quality, reports) and SELECT on their tables and views; never on a run's private build_<run>_* schemas;
--   * every transaction of its members is READ ONLY by default (members when the script ran), it owns nothing, may create nothing
--     (no CREATE on the database or on schema public) and is in none of pg_read_server_files,
--     pg_write_server_files, pg_execute_server_program: COPY to or from a file or a program is refused;
--   * the grants survive every refresh: the publish (orchestration/storage/server.py) re-grants USAGE and
--     SELECT on the schemas it swaps in, inside the swap's transaction, and the default privileges below
--     give SELECT on every table the writer creates.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'plan_analyst') THEN
        CREATE ROLE plan_analyst NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
    END IF;
END
$$;

ALTER ROLE plan_analyst SET default_transaction_read_only = on;
ALTER ROLE plan_analyst SET statement_timeout = '5min';

-- Its members (the analysts' logins): the same session defaults.
DO $$
DECLARE member text;
BEGIN
    FOR member IN SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member
                  JOIN pg_roles g ON g.oid = m.roleid WHERE g.rolname = 'plan_analyst' LOOP
        EXECUTE format('ALTER ROLE %I SET default_transaction_read_only = on', member);
        EXECUTE format('ALTER ROLE %I SET statement_timeout = %L', member, '5min');
    END LOOP;
END
$$;

DO $$
BEGIN
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', current_database(), current_user);
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO plan_analyst', current_database());
END
$$;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- Tables and views the writer creates later (each refresh's build) are readable once their schema is
-- published (USAGE is granted by the swap, on published schemas only).
ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO plan_analyst;

-- The schemas published now.
DO $$
DECLARE layer text;
BEGIN
    FOREACH layer IN ARRAY ARRAY['raw', 'staging', 'intermediate', 'marts', 'quality', 'reports'] LOOP
        IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = layer) THEN
            EXECUTE format('GRANT USAGE ON SCHEMA %I TO plan_analyst', layer);
            EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO plan_analyst', layer);
        END IF;
    END LOOP;
END
$$;
