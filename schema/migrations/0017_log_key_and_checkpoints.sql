CREATE TABLE "log_checkpoints" (
	"tenant_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"made_at" timestamp with time zone NOT NULL,
	"audit_seq" bigint NOT NULL,
	"audit_hash" text NOT NULL,
	"seal_seq" bigint NOT NULL,
	"seal_hash" text NOT NULL,
	"mac" text NOT NULL,
	CONSTRAINT "log_checkpoints_tenant_id_seq_pk" PRIMARY KEY("tenant_id","seq")
);
--> statement-breakpoint
ALTER TABLE "log_checkpoints" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "log_legacy_ends" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"audit_through" bigint NOT NULL,
	"seals_through" bigint NOT NULL,
	"reads_through" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "log_legacy_ends" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "access_log" ADD COLUMN "nonce" text;--> statement-breakpoint
ALTER TABLE "access_log" ADD COLUMN "mac" text;--> statement-breakpoint
ALTER TABLE "access_log" ADD COLUMN "fields_mac" text;--> statement-breakpoint
-- hand-edited: added empty, filled from the existing seals below, then made NOT NULL.
ALTER TABLE "access_log_seals" ADD COLUMN "through_seq" bigint;--> statement-breakpoint
ALTER TABLE "log_checkpoints" ADD CONSTRAINT "log_checkpoints_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "log_legacy_ends" ADD CONSTRAINT "log_legacy_ends_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "log_checkpoints_tenant_isolation" ON "log_checkpoints" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "log_legacy_ends_tenant_isolation" ON "log_legacy_ends" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
-- hand-written: begin
-- Seals made before this migration: the highest access-log row sealed so far, seal by seal.
UPDATE "access_log_seals" s SET "through_seq" = r.through
  FROM (SELECT x.tenant_id, x.seq, coalesce(max(x.top) OVER (PARTITION BY x.tenant_id ORDER BY x.seq), 0) AS through
          FROM (SELECT s.tenant_id, s.seq,
                       (SELECT max(m.log_seq) FROM access_log_sealed m
                         WHERE m.tenant_id = s.tenant_id AND m.seal_seq = s.seq) AS top
                  FROM access_log_seals s) x) r
 WHERE r.tenant_id = s.tenant_id AND r.seq = s.seq;
--> statement-breakpoint
ALTER TABLE "access_log_seals" ALTER COLUMN "through_seq" SET NOT NULL;
--> statement-breakpoint
-- The switch-over point: what each existing city's logs hold now was written without the log key
-- (plain SHA-256 chains, access-log rows without MACs); verification accepts exactly that much so.
INSERT INTO log_legacy_ends (tenant_id, audit_through, seals_through, reads_through)
SELECT t.id,
       coalesce((SELECT h.seq FROM audit_heads h WHERE h.tenant_id = t.id), 0),
       coalesce((SELECT max(s.seq) FROM access_log_seals s WHERE s.tenant_id = t.id), 0),
       coalesce((SELECT max(a.seq) FROM access_log a WHERE a.tenant_id = t.id), 0)
  FROM tenants t;
--> statement-breakpoint
-- Append-only for the application, also against its own mistakes or injected SQL: it reads these
-- tables, adds access-log rows (each carries the app's MAC), and writes the rest only through the
-- functions below, which check that what is written follows the current head.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "audit_events", "audit_heads", "access_log_seals",
  "access_log_sealed", "log_checkpoints", "log_legacy_ends" FROM shequ_app;
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON "access_log" FROM shequ_app;
--> statement-breakpoint
-- Inside a transaction scoped to a tenant (withTenant), only that tenant: the functions below run
-- as their owner, past row-level security, so they check the scope themselves. Their search_path
-- ends with pg_temp (searched first when left out), so a temporary table the caller made cannot
-- stand in for one of the tables they check or write.
CREATE FUNCTION shequ_log_scope(p_tenant uuid) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF coalesce(current_setting('app.tenant_id', true), '') NOT IN ('', p_tenant::text) THEN
    RAISE EXCEPTION 'the transaction is scoped to another tenant' USING ERRCODE = 'insufficient_privilege';
  END IF;
END
$$;
--> statement-breakpoint
-- The head of a tenant's audit chain, after taking the tenant's append lock (held until the
-- transaction ends): the caller computes the next event's HMAC from it, then appends.
CREATE FUNCTION shequ_audit_head(p_tenant uuid, OUT head_seq bigint, OUT head_hash text)
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  PERFORM shequ_log_scope(p_tenant);
  PERFORM pg_advisory_xact_lock(hashtextextended('audit-head|' || p_tenant::text, 0));
  -- A statement of its own, so it reads what the lock's previous holder committed.
  SELECT h.seq, h.hash INTO head_seq, head_hash FROM audit_heads h WHERE h.tenant_id = p_tenant;
END
$$;
--> statement-breakpoint
-- The only way to add an audit event: it must be the next one after the head, linked to the head's
-- hash (or to the genesis for a first event). The HMAC itself is the app's; verification checks it.
CREATE FUNCTION shequ_audit_append(
  p_tenant uuid, p_seq bigint, p_occurred_at timestamptz, p_actor_kind text, p_actor_id text,
  p_action text, p_target_type text, p_target_id text, p_details jsonb, p_prev_hash text, p_hash text
) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  head audit_heads%ROWTYPE;
BEGIN
  PERFORM shequ_log_scope(p_tenant);
  PERFORM pg_advisory_xact_lock(hashtextextended('audit-head|' || p_tenant::text, 0));
  SELECT * INTO head FROM audit_heads h WHERE h.tenant_id = p_tenant;
  -- (The CASE in parentheses: plpgsql's IF would end at its THEN.)
  IF (CASE WHEN head.tenant_id IS NULL
          THEN p_seq <> 1 OR p_prev_hash <> encode(sha256(convert_to('shequ-audit-genesis:' || p_tenant::text, 'UTF8')), 'hex')
          ELSE p_seq <> head.seq + 1 OR p_prev_hash <> head.hash END)
     OR p_hash !~ '^[0-9a-f]{64}$' THEN
    RAISE EXCEPTION 'shequ_audit_append: event % does not follow the head of the chain', p_seq
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  INSERT INTO audit_events (tenant_id, seq, occurred_at, actor_kind, actor_id, action, target_type,
                            target_id, details, prev_hash, hash)
  VALUES (p_tenant, p_seq, p_occurred_at, p_actor_kind, p_actor_id, p_action, p_target_type,
          p_target_id, p_details, p_prev_hash, p_hash);
  INSERT INTO audit_heads (tenant_id, seq, hash) VALUES (p_tenant, p_seq, p_hash)
    ON CONFLICT (tenant_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash;
END
$$;
--> statement-breakpoint
-- The only way to add a seal: the next one after the last, linked to its hash, covering only rows
-- of this tenant above every row sealed before (rows at or below are never sealed again: a seal
-- that went missing stays missing). Rows written before the log key may still be taken below
-- that line, once, by the first keyed seal.
CREATE FUNCTION shequ_access_seal(
  p_tenant uuid, p_seq bigint, p_sealed_at timestamptz, p_row_count integer, p_rows_hash text,
  p_prev_hash text, p_through_seq bigint, p_hash text, p_members jsonb
) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  last access_log_seals%ROWTYPE;
  legacy log_legacy_ends%ROWTYPE;
  legacy_below bigint;
BEGIN
  PERFORM shequ_log_scope(p_tenant);
  PERFORM pg_advisory_xact_lock(hashtextextended('access-log-seal|' || p_tenant::text, 0));
  SELECT * INTO last FROM access_log_seals s WHERE s.tenant_id = p_tenant ORDER BY s.seq DESC LIMIT 1;
  SELECT * INTO legacy FROM log_legacy_ends e WHERE e.tenant_id = p_tenant;
  -- Rows from before the key that no seal took yet: the first keyed seal may take them.
  legacy_below := CASE WHEN coalesce(last.seq, 0) <= coalesce(legacy.seals_through, 0)
                       THEN coalesce(legacy.reads_through, 0) ELSE 0 END;
  IF (CASE WHEN last.tenant_id IS NULL
          THEN p_seq <> 1 OR p_prev_hash <> encode(sha256(convert_to('shequ-access-log-genesis:' || p_tenant::text, 'UTF8')), 'hex')
          ELSE p_seq <> last.seq + 1 OR p_prev_hash <> last.hash OR p_through_seq < last.through_seq END)
     OR p_hash !~ '^[0-9a-f]{64}$' OR p_row_count <> jsonb_array_length(p_members) OR p_row_count < 1
     OR EXISTS (SELECT 1 FROM jsonb_to_recordset(p_members) AS m(log_seq bigint, row_hash text)
                 WHERE m.log_seq > p_through_seq
                    OR (m.log_seq <= coalesce(last.through_seq, 0) AND m.log_seq > legacy_below)
                    OR NOT EXISTS (SELECT 1 FROM access_log a WHERE a.tenant_id = p_tenant AND a.seq = m.log_seq)) THEN
    RAISE EXCEPTION 'shequ_access_seal: seal % does not follow the last seal', p_seq
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  INSERT INTO access_log_seals (tenant_id, seq, sealed_at, row_count, rows_hash, prev_hash, through_seq, hash)
  VALUES (p_tenant, p_seq, p_sealed_at, p_row_count, p_rows_hash, p_prev_hash, p_through_seq, p_hash);
  INSERT INTO access_log_sealed (tenant_id, log_seq, seal_seq, row_hash)
  SELECT p_tenant, m.log_seq, p_seq, m.row_hash FROM jsonb_to_recordset(p_members) AS m(log_seq bigint, row_hash text);
END
$$;
--> statement-breakpoint
-- The only way to add a checkpoint: it must name the heads as they are (the caller holds both head
-- locks, see checkpoints.service.ts), so a checkpoint never vouches for a chain that does not exist.
CREATE FUNCTION shequ_log_checkpoint(
  p_tenant uuid, p_made_at timestamptz, p_audit_seq bigint, p_audit_hash text, p_seal_seq bigint,
  p_seal_hash text, p_mac text
) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  next_seq bigint;
  audit_head audit_heads%ROWTYPE;
  seal_head access_log_seals%ROWTYPE;
BEGIN
  PERFORM shequ_log_scope(p_tenant);
  PERFORM pg_advisory_xact_lock(hashtextextended('log-checkpoint|' || p_tenant::text, 0));
  SELECT * INTO audit_head FROM audit_heads h WHERE h.tenant_id = p_tenant;
  SELECT * INTO seal_head FROM access_log_seals s WHERE s.tenant_id = p_tenant ORDER BY s.seq DESC LIMIT 1;
  IF p_audit_seq <> coalesce(audit_head.seq, 0) OR p_audit_hash <> coalesce(audit_head.hash, '')
     OR p_seal_seq <> coalesce(seal_head.seq, 0) OR p_seal_hash <> coalesce(seal_head.hash, '')
     OR p_mac !~ '^[0-9a-f]{64}$' THEN
    RAISE EXCEPTION 'shequ_log_checkpoint: the checkpoint does not name the current heads'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  SELECT coalesce(max(c.seq), 0) + 1 INTO next_seq FROM log_checkpoints c WHERE c.tenant_id = p_tenant;
  INSERT INTO log_checkpoints (tenant_id, seq, made_at, audit_seq, audit_hash, seal_seq, seal_hash, mac)
  VALUES (p_tenant, next_seq, p_made_at, p_audit_seq, p_audit_hash, p_seal_seq, p_seal_hash, p_mac);
  RETURN next_seq;
END
$$;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION shequ_audit_append(uuid, bigint, timestamptz, text, text, text, text, text, jsonb, text, text),
  shequ_access_seal(uuid, bigint, timestamptz, integer, text, text, bigint, text, jsonb),
  shequ_log_checkpoint(uuid, timestamptz, bigint, text, bigint, text, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION shequ_audit_append(uuid, bigint, timestamptz, text, text, text, text, text, jsonb, text, text),
  shequ_access_seal(uuid, bigint, timestamptz, integer, text, text, bigint, text, jsonb),
  shequ_log_checkpoint(uuid, timestamptz, bigint, text, bigint, text, text) TO shequ_app;
--> statement-breakpoint
-- The pull (migration 0014) now writes the access-log row's MACs; the old signature goes, so that
-- nothing can write a read without them.
DROP FUNCTION shequ_pull_resident(uuid, uuid, uuid, text, text, date, timestamptz, text, text, text[],
  text[], text[], text[], text[], text[]);
--> statement-breakpoint
CREATE FUNCTION shequ_pull_resident(
  p_tenant uuid,
  p_resident uuid,
  p_department uuid,
  p_actor_kind text,
  p_actor_id text,
  p_today date,
  p_now timestamptz,
  p_purpose text,
  -- The version of the catalog the caller's arguments below were worked out from: the access-log
  -- row is written only if it is still the current one.
  p_catalog_version text,
  -- Fields the caller reads everywhere without a grant (open fields; the owner's own domains).
  p_everywhere text[],
  -- Fields a grant may name (sharing class other than none).
  p_grantable text[],
  -- Staff: the fields community staff read, and the units whose subtrees they work in.
  p_staff_fields text[],
  p_staff_units text[],
  -- Staff see nobody unless at least one of these (non-open person fields) is readable.
  p_person_closed text[],
  -- The order of the person fields in the answer (and so in the log row).
  p_person_order text[],
  -- The access-log row's MACs (see accessRowMacs in functions/sharing/ledger.ts): the app's HMAC
  -- over who, whom, when, why and the nonce; and the two halves of the key derived for this row
  -- alone, under which the fields read are MACed here, where they are worked out.
  p_nonce text,
  p_mac text,
  p_fields_key_in bytea,
  p_fields_key_out bytea
) RETURNS json
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
  prev_role text := current_setting('role');
  prev_tenant text := coalesce(current_setting('app.tenant_id', true), '');
  answer json;
BEGIN
  -- Inside a transaction already scoped to a tenant, only that tenant: the function must not be a
  -- way around row-level security for code running as the application role.
  IF prev_tenant <> '' AND prev_tenant <> p_tenant::text THEN
    RAISE EXCEPTION 'shequ_pull_resident: the transaction is scoped to another tenant'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM set_config('role', 'shequ_app', true), set_config('app.tenant_id', p_tenant::text, true);
  -- The sealer waits for every writer holding this lock before it seals up to the sequence's
  -- current value (access-seal.service.ts), so a row numbered below a seal cannot commit after it.
  PERFORM pg_advisory_xact_lock_shared(hashtextextended('access-log-insert|' || p_tenant::text, 0));
  WITH RECURSIVE r AS (
    SELECT r.id, r.id_number_encrypted, r.name, r.sex, r.birth_date, r.phone, r.address_unit_id, r.room,
           u.name_zh AS unit_name
      FROM residents r LEFT JOIN org_units u ON u.id = r.address_unit_id
     WHERE r.tenant_id = p_tenant AND r.id = p_resident
  ), g AS (
    SELECT g.fields, g.org_unit_id FROM data_grants g
     WHERE g.tenant_id = p_tenant AND g.department_id = p_department AND g.status = 'approved'
       AND g.valid_from <= p_today AND g.valid_to >= p_today
  ), up AS (
    -- The resident's unit and its ancestors, walked only when something depends on where they
    -- live (a grant limited to part of the tree, or staff units); otherwise empty.
    SELECT u.id, u.parent_id FROM org_units u JOIN r ON u.id = r.address_unit_id
     WHERE u.tenant_id = p_tenant
       AND (cardinality(p_staff_units) > 0 OR EXISTS (SELECT 1 FROM g WHERE g.org_unit_id IS NOT NULL))
    UNION ALL
    SELECT u.id, u.parent_id FROM org_units u JOIN up ON u.id = up.parent_id WHERE u.tenant_id = p_tenant
  ), f AS (
    SELECT d.key AS domain, f.version, f.effective_on, f.data
      FROM facets f JOIN data_domains d ON d.id = f.domain_id
     WHERE f.tenant_id = p_tenant AND f.resident_id = p_resident
  ), v AS (
    -- The catalog's version (see catalog.service.ts): a digest of the domains, their versions and owners.
    SELECT md5(coalesce(string_agg(d.id::text || ':' || d.version || ':' || d.owner_department_id::text, ','
                                   ORDER BY d.id), '')) AS version
      FROM data_domains d WHERE d.tenant_id = p_tenant
  ), readable AS (
    SELECT unnest(p_everywhere) AS name
    UNION
    SELECT x FROM g CROSS JOIN unnest(g.fields) AS x
     WHERE x = ANY(p_grantable) AND (g.org_unit_id IS NULL OR g.org_unit_id IN (SELECT id FROM up))
    UNION
    SELECT unnest(p_staff_fields)
     WHERE EXISTS (SELECT 1 FROM up WHERE up.id::text = ANY(p_staff_units))
  ), shown AS (
    SELECT coalesce(array_agg(s.name ORDER BY s.o1, s.o2, s.o3), '{}'::text[]) AS fields FROM (
      SELECT p.name, p.i AS o1, ''::text AS o2, 0::bigint AS o3
        FROM unnest(p_person_order) WITH ORDINALITY AS p(name, i)
       WHERE p.name IN (SELECT name FROM readable)
      UNION ALL
      SELECT f.domain || '.' || k.key, 100, f.domain, k.i
        FROM f CROSS JOIN LATERAL jsonb_object_keys(f.data) WITH ORDINALITY AS k(key, i)
       WHERE f.domain || '.' || k.key IN (SELECT name FROM readable)
    ) s
  ), logged AS (
    SELECT shown.fields, 'person.id_number' IN (SELECT name FROM readable) AS unmasked FROM shown
  ), ins AS (
    INSERT INTO access_log (tenant_id, occurred_at, actor_kind, actor_id, department_id, resident_id,
                            fields, purpose, unmasked_id_number, operation, nonce, mac, fields_mac)
    SELECT p_tenant, p_now, p_actor_kind, p_actor_id, p_department,
           r.id, logged.fields, p_purpose, logged.unmasked, 'read', p_nonce, p_mac,
           -- NMAC-SHA256 (the two keys independent): sha256(out || sha256(in || message)).
           encode(sha256(p_fields_key_out || sha256(p_fields_key_in ||
             convert_to(array_to_json(logged.fields)::text || '|' || logged.unmasked::text, 'UTF8'))), 'hex')
      FROM r, logged, v
     WHERE v.version = p_catalog_version
       AND (p_actor_kind <> 'user' OR EXISTS (SELECT 1 FROM readable WHERE name = ANY(p_person_closed)))
    RETURNING fields
  )
  SELECT json_build_object(
    'resident', (SELECT row_to_json(r) FROM r),
    'lineage', (SELECT coalesce(json_agg(id), '[]'::json) FROM up),
    'facets', (SELECT coalesce(json_agg(json_build_object('domain', f.domain, 'version', f.version,
                 'effectiveOn', f.effective_on, 'data', f.data) ORDER BY f.domain), '[]'::json) FROM f),
    'grants', (SELECT coalesce(json_agg(json_build_object('fields', g.fields, 'orgUnitId', g.org_unit_id)), '[]'::json)
                 FROM g),
    'catalogVersion', (SELECT version FROM v),
    'logged', (SELECT to_json(fields) FROM ins))
    INTO answer;
  PERFORM set_config('role', prev_role, true), set_config('app.tenant_id', prev_tenant, true);
  RETURN answer;
END
$$;
-- hand-written: end
