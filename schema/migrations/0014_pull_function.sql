-- The single-resident pull in one statement, so that it needs no transaction of its own (see
-- functions/sharing/pull.service.ts). Outside an explicit transaction a statement is its own
-- transaction: the reads and the access-log row commit together or not at all.
--
-- The function switches to the application role and the tenant first (both transaction-local, as
-- `withTenant` does), so row-level security holds for every row it reads or writes; then reads the
-- resident with their unit and its ancestors, their facets, the caller's current grants and the
-- catalog version, and writes the access-log row when the caller's cached catalog is current;
-- finally it puts the caller's role and tenant back (nothing leaks into an enclosing transaction).
CREATE OR REPLACE FUNCTION shequ_pull_resident(
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
  p_person_order text[]
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
  ), ins AS (
    INSERT INTO access_log (tenant_id, occurred_at, actor_kind, actor_id, department_id, resident_id,
                            fields, purpose, unmasked_id_number, operation)
    SELECT p_tenant, p_now, p_actor_kind, p_actor_id, p_department,
           r.id, shown.fields, p_purpose, 'person.id_number' IN (SELECT name FROM readable), 'read'
      FROM r, shown, v
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
