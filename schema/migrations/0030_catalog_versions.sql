CREATE TABLE "catalog_versions" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 1 NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "catalog_versions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "catalog_versions" ADD CONSTRAINT "catalog_versions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "catalog_versions_tenant_isolation" ON "catalog_versions" AS PERMISSIVE FOR ALL TO "shequ_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
-- hand-written: begin
-- The catalog's version is bumped in the same transaction as any change to a city's domains or
-- fields, so the pull reads one row where it used to digest every domain on every call (issue 17).
-- A counter, not a digest of the rows: concurrent changes queue on the row's lock and each adds one.
-- SECURITY DEFINER: the bump is the only thing it does, for the row's own tenant.
CREATE OR REPLACE FUNCTION bump_catalog_version() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  tid uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN
    tid := OLD.tenant_id;
  ELSE
    tid := NEW.tenant_id;
  END IF;
  INSERT INTO catalog_versions AS v (tenant_id, version, changed_at)
  SELECT tid, 1, now() WHERE EXISTS (SELECT 1 FROM tenants WHERE id = tid)
  ON CONFLICT (tenant_id) DO UPDATE SET version = v.version + 1, changed_at = now();
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER data_domains_catalog_version AFTER INSERT OR UPDATE OR DELETE ON data_domains
  FOR EACH ROW EXECUTE FUNCTION bump_catalog_version();
--> statement-breakpoint
CREATE TRIGGER data_fields_catalog_version AFTER INSERT OR UPDATE OR DELETE ON data_fields
  FOR EACH ROW EXECUTE FUNCTION bump_catalog_version();
--> statement-breakpoint
INSERT INTO catalog_versions (tenant_id, version) SELECT DISTINCT tenant_id, 1 FROM data_domains
  ON CONFLICT (tenant_id) DO NOTHING;
--> statement-breakpoint
-- Only the trigger writes the counter: the application role reading a number back that a reset let
-- recur could keep serving a catalog it cached under that number.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "catalog_versions" FROM shequ_app;
--> statement-breakpoint
-- The same two mends for the public site's version counter (migration 0011), which this one was
-- modelled on: written only by its trigger, and its trigger's search_path with pg_temp last (a
-- session's temporary table could otherwise stand in for tenants or the counter).
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "public_site_versions" FROM shequ_app;
--> statement-breakpoint
ALTER FUNCTION bump_public_site_version() SET search_path = pg_catalog, public, pg_temp;
--> statement-breakpoint
-- A unit and its ancestors, the unit first. STABLE: called from a statement, it reads under that
-- statement's snapshot.
CREATE OR REPLACE FUNCTION shequ_unit_lineage(p_tenant uuid, p_unit uuid) RETURNS uuid[]
LANGUAGE plpgsql STABLE AS $$
DECLARE
  ids uuid[];
BEGIN
  WITH RECURSIVE up AS (
    SELECT u.id, u.parent_id, 1 AS depth FROM org_units u WHERE u.tenant_id = p_tenant AND u.id = p_unit
    UNION ALL
    SELECT u.id, u.parent_id, up.depth + 1 FROM org_units u JOIN up ON u.id = up.parent_id
     WHERE u.tenant_id = p_tenant
  )
  SELECT coalesce(array_agg(up.id ORDER BY up.depth), '{}') INTO ids FROM up;
  RETURN ids;
END
$$;
--> statement-breakpoint
-- The pull statement as in migration 0029, but for two things: the catalog's version is read from
-- catalog_versions, and the resident's lineage is walked by shequ_unit_lineage, called only when a
-- grant limited to part of the tree or staff units need it (the usual pull then starts a plan of
-- about fifty nodes where it started seventy). Same arguments, same answer.
CREATE OR REPLACE FUNCTION shequ_pull_resident(
  p_tenant uuid,
  p_resident uuid,
  p_department uuid,
  p_actor_kind text,
  p_actor_id text,
  p_today date,
  p_now timestamptz,
  p_purpose text,
  -- The code of the purpose the read serves: only grants made for it count, and nothing is logged
  -- (nor may be answered) when the city has no such purpose, or when the department holds current
  -- grants but none for it.
  p_purpose_code text,
  -- The version of the catalog the caller's arguments below were worked out from (catalog_versions):
  -- the access-log row is written only if it is still the current one.
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
  p_fields_key_out bytea,
  -- The API key the caller presented (NULL for people): its state is read here, in the statement
  -- that reads and logs, so a key revoked or expired since the guard last read it (see
  -- resolveApiKey's memory of verified keys) reads nothing and logs nothing.
  -- Defaulted, so that a caller from before this migration (twenty arguments) still reaches it.
  p_key uuid DEFAULT NULL
) RETURNS json
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
  prev_role text := current_setting('role');
  prev_tenant text := coalesce(current_setting('app.tenant_id', true), '');
  answer json;
  key_refusal text;
BEGIN
  -- Inside a transaction already scoped to a tenant, only that tenant: the function must not be a
  -- way around row-level security for code running as the application role.
  IF prev_tenant <> '' AND prev_tenant <> p_tenant::text THEN
    RAISE EXCEPTION 'shequ_pull_resident: the transaction is scoped to another tenant'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM set_config('role', 'shequ_app', true), set_config('app.tenant_id', p_tenant::text, true);
  IF p_key IS NOT NULL THEN
    -- The same rules and order as resolveApiKey: a key this city does not have, then revoked, then expired.
    SELECT CASE WHEN k.id IS NULL THEN 'unknown' WHEN k.revoked_at <= p_now THEN 'revoked'
                WHEN k.expires_at <= p_now THEN 'expired' END
      INTO key_refusal
      FROM (SELECT 1) one LEFT JOIN api_keys k ON k.id = p_key AND k.tenant_id = p_tenant;
    IF key_refusal IS NOT NULL THEN
      PERFORM set_config('role', prev_role, true), set_config('app.tenant_id', prev_tenant, true);
      RETURN json_build_object('keyRefused', key_refusal);
    END IF;
  END IF;
  -- The sealer waits for every writer holding this lock before it seals up to the sequence's
  -- current value (access-seal.service.ts), so a row numbered below a seal cannot commit after it.
  PERFORM pg_advisory_xact_lock_shared(hashtextextended('access-log-insert|' || p_tenant::text, 0));
  WITH r AS (
    SELECT r.id, r.id_number_encrypted, r.name, r.sex, r.birth_date, r.phone, r.address_unit_id, r.room,
           u.name_zh AS unit_name
      FROM residents r LEFT JOIN org_units u ON u.id = r.address_unit_id
     WHERE r.tenant_id = p_tenant AND r.id = p_resident
  ), held AS (
    -- The department's current read grants with something readable, for any purpose.
    SELECT g.readable_fields AS fields, g.org_unit_id, g.purpose_code FROM data_grants g
     WHERE g.tenant_id = p_tenant AND g.department_id = p_department AND g.kind = 'read'
       AND g.status IN ('approved', 'pending') AND cardinality(g.readable_fields) > 0
       AND g.purpose_code IS NOT NULL AND g.valid_from <= p_today AND g.valid_to >= p_today
  ), g AS (
    SELECT held.fields, held.org_unit_id FROM held WHERE held.purpose_code = p_purpose_code
  ), allowed AS (
    SELECT EXISTS (SELECT 1 FROM purposes p WHERE p.tenant_id = p_tenant AND p.code = p_purpose_code)
       AND (NOT EXISTS (SELECT 1 FROM held) OR EXISTS (SELECT 1 FROM g)) AS ok
  ), lin AS (
    -- The resident's unit and its ancestors, walked only when something depends on where they live
    -- (staff units, or a grant for this purpose limited to part of the tree); otherwise empty. The
    -- walk is a function of its own: its plan starts only when it is called, and, being STABLE, it
    -- reads under this statement's snapshot (the same resident, units and grants as the rest).
    SELECT CASE WHEN cardinality(p_staff_units) > 0 OR EXISTS (SELECT 1 FROM g WHERE g.org_unit_id IS NOT NULL)
                THEN shequ_unit_lineage(p_tenant, (SELECT r.address_unit_id FROM r))
                ELSE '{}'::uuid[] END AS ids
  ), f AS (
    SELECT d.key AS domain, f.version, f.effective_on, f.data
      FROM facets f JOIN data_domains d ON d.id = f.domain_id
     WHERE f.tenant_id = p_tenant AND f.resident_id = p_resident
  ), v AS (
    -- The catalog's version (see catalog.service.ts), bumped with every change to its domains and fields.
    SELECT coalesce((SELECT c.version::text FROM catalog_versions c WHERE c.tenant_id = p_tenant), '0') AS version
  ), readable AS (
    SELECT unnest(p_everywhere) AS name
    UNION
    SELECT x FROM g CROSS JOIN unnest(g.fields) AS x
     WHERE x = ANY(p_grantable) AND (g.org_unit_id IS NULL OR EXISTS (SELECT 1 FROM lin WHERE g.org_unit_id = ANY(lin.ids)))
    UNION
    SELECT unnest(p_staff_fields)
     WHERE EXISTS (SELECT 1 FROM lin WHERE lin.ids::text[] && p_staff_units)
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
                            fields, purpose, purpose_code, unmasked_id_number, operation, nonce, mac, fields_mac)
    SELECT p_tenant, p_now, p_actor_kind, p_actor_id, p_department,
           r.id, logged.fields, p_purpose, p_purpose_code, logged.unmasked, 'read', p_nonce, p_mac,
           -- NMAC-SHA256 (the two keys independent): sha256(out || sha256(in || message)).
           encode(sha256(p_fields_key_out || sha256(p_fields_key_in ||
             convert_to(array_to_json(logged.fields)::text || '|' || logged.unmasked::text, 'UTF8'))), 'hex')
      FROM r, logged, v, allowed
     WHERE v.version = p_catalog_version AND allowed.ok
       AND (p_actor_kind <> 'user' OR EXISTS (SELECT 1 FROM readable WHERE name = ANY(p_person_closed)))
    RETURNING fields
  )
  SELECT json_build_object(
    'resident', (SELECT row_to_json(r) FROM r),
    'lineage', (SELECT to_json(ids) FROM lin),
    'facets', (SELECT coalesce(json_agg(json_build_object('domain', f.domain, 'version', f.version,
                 'effectiveOn', f.effective_on, 'data', f.data) ORDER BY f.domain), '[]'::json) FROM f),
    'grants', (SELECT coalesce(json_agg(json_build_object('fields', g.fields, 'orgUnitId', g.org_unit_id)), '[]'::json)
                 FROM g),
    'catalogVersion', (SELECT version FROM v),
    'purposeKnown', EXISTS (SELECT 1 FROM purposes p WHERE p.tenant_id = p_tenant AND p.code = p_purpose_code),
    'heldPurposes', (SELECT coalesce(json_agg(DISTINCT purpose_code), '[]'::json) FROM held),
    'logged', (SELECT to_json(fields) FROM ins))
    INTO answer;
  PERFORM set_config('role', prev_role, true), set_config('app.tenant_id', prev_tenant, true);
  RETURN answer;
END
$$;
-- hand-written: end
