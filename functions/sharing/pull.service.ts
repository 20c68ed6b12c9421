import { sql } from 'drizzle-orm';
import { authorize } from '../auth/authorize';
import { decryptText } from '../platform/crypto';
import { todayIn } from '../platform/dates';
import { PREPARED, type Transaction, withTenant } from '../platform/db';
import { type CatalogField, catalogAtVersion, catalogVersionSql, peekCatalog } from './catalog.service';
import { logAccess } from './ledger';
import { fieldsForLineage, scopeFromGrants } from './readable';
import { type FacetRow, isOpen, PERSON_ORDER, presentRead } from './resident-view';
import { requireDataKey, requirePurpose, type SharingContext } from './residents.service';
import { sharingErrors } from './sharing.errors';

/**
 * Pull: one resident, only the granted fields, with an access-log row in the same transaction.
 *
 * One statement reads everything the answer depends on, fresh for this request (the resident with
 * their unit and its ancestors, their facets, the caller's approved current grants, the catalog's
 * version) and, when the catalog cached in this isolate is still current, also writes the
 * access-log row: the fields it records are worked out in SQL from the same rows. The answer is
 * then built here from what was read, and must name exactly the fields logged, or the whole pull
 * fails and rolls back. With no current cached catalog, the row is written by a second statement.
 */
export async function getResident(
  ctx: SharingContext,
  residentId: string,
  purposeHeader: string | undefined,
) {
  const purpose = requirePurpose(purposeHeader);
  const dataKey = requireDataKey(ctx);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'residents.read', { tenantId: ctx.tenant.id });
    const cached = peekCatalog(ctx.tenant.id);
    const read = await pullRead(tx, ctx, residentId, purpose, cached);
    if (!read.resident) throw sharingErrors.residentNotFound();
    const resident = read.resident;
    const catalog =
      cached?.version === read.catalogVersion
        ? cached.catalog
        : await catalogAtVersion(tx, ctx.tenant.id, read.catalogVersion);
    const scope = scopeFromGrants(ctx.actor, catalog, read.grants);
    const readable = fieldsForLineage(scope, catalog, read.lineage);
    if (
      ctx.actor.kind === 'user' &&
      ![...readable].some((name) => name.startsWith('person.') && !isOpen(catalog, name))
    ) {
      // Staff outside the resident's units see nothing of them: answer as if there were no such person.
      throw sharingErrors.residentNotFound();
    }
    const view = presentRead(
      readable,
      {
        id: resident.id,
        idNumber: await decryptText(dataKey, resident.id_number_encrypted),
        name: resident.name,
        sex: resident.sex,
        birthDate: resident.birth_date,
        phone: resident.phone,
        addressUnitId: resident.address_unit_id,
        unitName: resident.unit_name,
        room: resident.room,
      },
      read.facets,
    );
    if (read.logged) {
      // The statement's record and the answer must agree field for field; if not, nothing is sent.
      if (read.logged.join(',') !== view.shown.join(',')) {
        throw new Error(
          `access log ${read.logged.join(',')} differs from the answer ${view.shown.join(',')}`,
        );
      }
    } else {
      await logAccess(
        tx,
        ctx.tenant.id,
        {
          actor: ctx.actor,
          residentId,
          fields: view.shown,
          purpose,
          unmaskedIdNumber: view.unmasked,
          operation: 'read',
        },
        ctx.now(),
      );
    }
    return view.body;
  });
}

interface PullRow {
  resident: {
    id: string;
    id_number_encrypted: string;
    name: string;
    sex: string;
    birth_date: string;
    phone: string | null;
    address_unit_id: string;
    room: string | null;
    unit_name: string | null;
  } | null;
  lineage: string[];
  facets: FacetRow[];
  grants: { fields: string[]; orgUnitId: string | null }[];
  catalogVersion: string;
  /** The fields the access-log row records, when the statement wrote it. */
  logged: string[] | null;
}

const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

const textArray = (values: string[]) =>
  sql`array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;

async function pullRead(
  tx: Transaction,
  ctx: SharingContext,
  residentId: string,
  purpose: string,
  cached: { version: string; catalog: CatalogField[] } | undefined,
): Promise<PullRow> {
  const departmentId = ctx.actor.kind === 'api_client' ? ctx.actor.departmentId : null;
  const now = ctx.now();
  const today = todayIn(ctx.tenant.timezone, now);
  const tenantId = ctx.tenant.id;
  // What the cached catalog says, for the statement to work out the logged fields as `readScope`,
  // `fieldsForLineage` and `presentRead` do; the row is written only if that catalog is current.
  const catalog = cached?.catalog ?? [];
  const unscoped = scopeFromGrants(ctx.actor, catalog, []);
  const grantable = catalog.filter((field) => field.sharingClass !== 'none').map((field) => field.qualified);
  const staffFields = catalog
    .filter((field) => field.domainKey === 'person' || field.domainKey === 'community_basics')
    .map((field) => field.qualified);
  const personClosed = catalog
    .filter((field) => field.domainKey === 'person' && field.sharingClass !== 'open')
    .map((field) => field.qualified);
  const result = await tx.execute(sql`${sql.raw(PREPARED)}
    with recursive r as (
      select r.id, r.id_number_encrypted, r.name, r.sex, r.birth_date, r.phone, r.address_unit_id, r.room,
             u.name_zh as unit_name
        from residents r left join org_units u on u.id = r.address_unit_id
       where r.tenant_id = ${tenantId} and r.id = ${residentId}
    ), up as (
      select u.id, u.parent_id from org_units u join r on u.id = r.address_unit_id where u.tenant_id = ${tenantId}
      union all
      select u.id, u.parent_id from org_units u join up on u.id = up.parent_id where u.tenant_id = ${tenantId}
    ), f as (
      select d.key as domain, f.version, f.effective_on, f.data
        from facets f join data_domains d on d.id = f.domain_id
       where f.tenant_id = ${tenantId} and f.resident_id = ${residentId}
    ), g as (
      select g.fields, g.org_unit_id from data_grants g
       where g.tenant_id = ${tenantId} and g.department_id = ${departmentId}::uuid and g.status = 'approved'
         and g.valid_from <= ${today}::date and g.valid_to >= ${today}::date
    ), v as (
      select ${catalogVersionSql(tenantId)} as version
    ), readable as (
      select unnest(${textArray([...unscoped.everywhere])}) as name
      union
      select x from g cross join unnest(g.fields) as x
       where x = any(${textArray(grantable)}) and (g.org_unit_id is null or g.org_unit_id in (select id from up))
      union
      select unnest(${textArray(staffFields)})
       where exists (select 1 from up where up.id::text = any(${textArray(unscoped.staffUnits)}))
    ), shown as (
      select coalesce(array_agg(s.name order by s.o1, s.o2, s.o3), '{}'::text[]) as fields from (
        select p.name, p.i as o1, ''::text as o2, 0::bigint as o3
          from unnest(${textArray(PERSON_ORDER)}) with ordinality as p(name, i)
         where p.name in (select name from readable)
        union all
        select f.domain || '.' || k.key, 100, f.domain, k.i
          from f cross join lateral jsonb_object_keys(f.data) with ordinality as k(key, i)
         where f.domain || '.' || k.key in (select name from readable)
      ) s
    ), ins as (
      insert into access_log (tenant_id, occurred_at, actor_kind, actor_id, department_id, resident_id,
                              fields, purpose, unmasked_id_number, operation)
      select ${tenantId}, ${now.toISOString()}::timestamptz, ${ctx.actor.kind}, ${ctx.actor.id}, ${departmentId}::uuid,
             r.id, shown.fields, ${purpose}, 'person.id_number' in (select name from readable), 'read'
        from r, shown, v
       where v.version = ${cached?.version ?? ''}
         and (${ctx.actor.kind !== 'user'} or exists (select 1 from readable where name = any(${textArray(personClosed)})))
      returning fields
    )
    select
      (select row_to_json(r) from r) as resident,
      (select coalesce(json_agg(id), '[]'::json) from up) as lineage,
      (select coalesce(json_agg(json_build_object('domain', f.domain, 'version', f.version,
                'effectiveOn', f.effective_on, 'data', f.data) order by f.domain), '[]'::json) from f) as facets,
      (select coalesce(json_agg(json_build_object('fields', g.fields, 'orgUnitId', g.org_unit_id)), '[]'::json)
         from g) as grants,
      (select version from v) as catalog_version,
      (select to_json(fields) from ins) as logged`);
  const row = (result as unknown as { rows: Record<string, unknown>[] }).rows[0] ?? {};
  return {
    resident: json<PullRow['resident']>(row.resident),
    lineage: json<string[]>(row.lineage),
    facets: json<PullRow['facets']>(row.facets),
    grants: json<PullRow['grants']>(row.grants),
    catalogVersion: String(row.catalog_version),
    logged: json<string[] | null>(row.logged),
  };
}
