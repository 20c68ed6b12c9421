-- The application role that tenant work runs as (SET LOCAL ROLE inside withTenant).
-- NOLOGIN, no BYPASSRLS: row-level security applies to it. Roles are cluster-wide, so create it
-- only when missing (a second database on the same server, or Neon branches, share it).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'shequ_app') THEN
    CREATE ROLE shequ_app NOLOGIN NOBYPASSRLS;
  END IF;
END
$$;
--> statement-breakpoint
-- The migrating role must be able to SET ROLE to it (on Neon the owner is not a superuser).
DO $$
BEGIN
  EXECUTE format('GRANT shequ_app TO %I', current_user);
EXCEPTION WHEN others THEN
  NULL;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO shequ_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO shequ_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO shequ_app;
