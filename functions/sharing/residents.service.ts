import { and, asc, eq, sql } from 'drizzle-orm';
import { dataDomains, facets, orgUnits, residents } from '../../schema';
import type { AdminContext } from '../auth/api-keys.service';
import { authErrors } from '../auth/auth.errors';
import { authorize } from '../auth/authorize';
import { decryptText, encryptText } from '../platform/crypto';
import { todayIn } from '../platform/dates';
import { PREPARED, type Transaction, withTenant } from '../platform/db';
import { pgCodes, pgErrorCode } from '../platform/errors';
import {
  type CatalogField,
  catalogAtVersion,
  catalogVersionSql,
  loadCatalog,
  peekCatalog,
} from './catalog.service';
import { idNumberIndex, maskIdNumber, parseIdNumber } from './id-number';
import { emitChange, logAccess, readChanges } from './ledger';
import {
  fieldsFor,
  fieldsForLineage,
  fieldsSomewhere,
  readableByResident,
  readScope,
  scopeFromGrants,
} from './readable';
import { sharingErrors } from './sharing.errors';

export interface SharingContext extends AdminContext {
  dataKey: string | undefined;
}

export function requireDataKey(ctx: SharingContext): string {
  if (!ctx.dataKey) throw authErrors.noDataKey();
  return ctx.dataKey;
}

export interface NewResident {
  idNumber: string;
  name: string;
  phone?: string | undefined;
  addressUnitId: string;
  room?: string | undefined;
}

/** Registers a person once, for every department ("collect once"). */
export async function registerResident(ctx: SharingContext, input: NewResident) {
  const dataKey = requireDataKey(ctx);
  const parsed = parseIdNumber(input.idNumber);
  if (!parsed.ok) throw sharingErrors.invalidIdNumber(parsed.reason);
  const encrypted = await encryptText(dataKey, parsed.value);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'residents.register', {
      tenantId: ctx.tenant.id,
      orgUnitId: input.addressUnitId,
    });
    let row: typeof residents.$inferSelect | undefined;
    try {
      [row] = await tx
        .insert(residents)
        .values({
          tenantId: ctx.tenant.id,
          idNumberEncrypted: encrypted,
          idNumberIndex: idNumberIndex(dataKey, parsed.value),
          name: input.name,
          sex: parsed.sex,
          birthDate: parsed.birthDate,
          phone: input.phone ?? null,
          addressUnitId: input.addressUnitId,
          room: input.room ?? null,
        })
        .returning();
    } catch (error) {
      if (pgErrorCode(error) === pgCodes.uniqueViolation) throw sharingErrors.duplicateResident();
      throw error;
    }
    if (!row) throw new Error('insert returned no row');
    await emitChange(
      tx,
      ctx.tenant.id,
      {
        residentId: row.id,
        domainKey: 'person',
        fields: [
          'person.name',
          'person.sex',
          'person.birth_date',
          'person.address',
          'person.id_number',
          'person.phone',
        ],
        kind: 'resident.registered',
        version: 1,
      },
      ctx.now(),
    );
    return { id: row.id, idNumber: maskIdNumber(parsed.value), version: row.version };
  });
}

export type ResidentRow = typeof residents.$inferSelect;

/** Finds a resident by ID number through the blind index; a malformed number is a 422. */
export async function findResidentByIdNumber(
  tx: Transaction,
  tenantId: string,
  dataKey: string,
  idNumber: string,
): Promise<ResidentRow | undefined> {
  const parsed = parseIdNumber(idNumber);
  if (!parsed.ok) throw sharingErrors.invalidIdNumber(parsed.reason);
  const [row] = await tx
    .select()
    .from(residents)
    .where(
      and(
        eq(residents.tenantId, tenantId),
        eq(residents.idNumberIndex, idNumberIndex(dataKey, parsed.value)),
      ),
    );
  return row;
}

/** A resident as this caller may see them: only readable fields; the ID number masked unless granted. */
async function present(tx: Transaction, ctx: SharingContext, readable: Set<string>, resident: ResidentRow) {
  const dataKey = requireDataKey(ctx);
  const [unit] = await tx
    .select({ nameZh: orgUnits.nameZh })
    .from(orgUnits)
    .where(eq(orgUnits.id, resident.addressUnitId));
  const rows = await tx
    .select({
      domain: dataDomains.key,
      version: facets.version,
      effectiveOn: facets.effectiveOn,
      data: facets.data,
    })
    .from(facets)
    .innerJoin(dataDomains, eq(dataDomains.id, facets.domainId))
    .where(and(eq(facets.tenantId, ctx.tenant.id), eq(facets.residentId, resident.id)))
    .orderBy(asc(dataDomains.key));
  return presentRead(
    readable,
    {
      ...resident,
      idNumber: await decryptText(dataKey, resident.idNumberEncrypted),
      unitName: unit?.nameZh ?? null,
    },
    rows,
  );
}

/** The stated purpose; HTTP headers are Latin-1, so Chinese text arrives percent-encoded (UTF-8). */
export function requirePurpose(purpose: string | undefined): string {
  let value = purpose?.trim() ?? '';
  if (value.includes('%')) {
    try {
      value = decodeURIComponent(value).trim();
    } catch {
      // `%E6%A0` (cut UTF-8) or `%zz`: the access log must hold what the reader meant
      throw sharingErrors.purposeUndecodable();
    }
  }
  if (value.length < 2 || value.length > 200) throw sharingErrors.purposeRequired();
  return value;
}

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
  facets: { domain: string; version: number; effectiveOn: string; data: Record<string, unknown> }[];
  grants: { fields: string[]; orgUnitId: string | null }[];
  catalogVersion: string;
  /** The fields the access-log row records, when the statement wrote it. */
  logged: string[] | null;
}

const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

/** The person fields in the order an answer shows them (see `presentRead`). */
const PERSON_ORDER = ['name', 'sex', 'birth_date', 'address', 'phone', 'id_number'].map(
  (key) => `person.${key}`,
);

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

/** A resident as this caller may see them, from rows already read. */
function presentRead(
  readable: Set<string>,
  resident: {
    id: string;
    idNumber: string;
    name: string;
    sex: string;
    birthDate: string;
    phone: string | null;
    addressUnitId: string;
    unitName: string | null;
    room: string | null;
  },
  facetRows: PullRow['facets'],
) {
  const person: Record<string, unknown> = {};
  const unmasked = readable.has('person.id_number');
  if (readable.has('person.name')) person.name = resident.name;
  if (readable.has('person.sex')) person.sex = resident.sex;
  if (readable.has('person.birth_date')) person.birth_date = resident.birthDate;
  if (readable.has('person.address'))
    person.address = { unitId: resident.addressUnitId, unit: resident.unitName, room: resident.room };
  if (readable.has('person.phone')) person.phone = resident.phone;
  person.id_number = unmasked ? resident.idNumber : maskIdNumber(resident.idNumber);
  const domains: Record<string, { version: number; effectiveOn: string; data: Record<string, unknown> }> = {};
  const shown = Object.keys(person)
    .filter((key) => key !== 'id_number' || unmasked)
    .map((key) => `person.${key}`);
  for (const facet of facetRows) {
    const data: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(facet.data)) {
      if (readable.has(`${facet.domain}.${key}`)) {
        data[key] = value;
        shown.push(`${facet.domain}.${key}`);
      }
    }
    if (Object.keys(data).length > 0)
      domains[facet.domain] = { version: facet.version, effectiveOn: facet.effectiveOn, data };
  }
  return { body: { id: resident.id, person, idNumberMasked: !unmasked, domains }, shown, unmasked };
}

function isOpen(catalog: CatalogField[], name: string) {
  return catalog.find((field) => field.qualified === name)?.sharingClass === 'open';
}

export interface ResidentSearch {
  idNumber?: string | undefined;
  name?: string | undefined;
  birthDate?: string | undefined;
  addressUnitId?: string | undefined;
}

/**
 * Search, bounded to 20, authorized on the question as well as the answer: a predicate on a field
 * the caller cannot read is refused, so it cannot be used to learn that field's values.
 */
export async function searchResidents(
  ctx: SharingContext,
  query: ResidentSearch,
  purposeHeader: string | undefined,
) {
  const purpose = requirePurpose(purposeHeader);
  const dataKey = requireDataKey(ctx);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'residents.read', { tenantId: ctx.tenant.id });
    const catalog = await loadCatalog(tx, ctx.tenant.id);
    const scope = await readScope(
      tx,
      ctx.tenant.id,
      ctx.actor,
      catalog,
      todayIn(ctx.tenant.timezone, ctx.now()),
    );
    const askable = fieldsSomewhere(scope, catalog);
    const asked = [
      ...(query.idNumber ? ['person.id_number'] : []),
      ...(query.name ? ['person.name'] : []),
      ...(query.birthDate ? ['person.birth_date'] : []),
      ...(query.addressUnitId ? ['person.address'] : []),
    ];
    const refused = asked.filter((name) => !askable.has(name));
    if (refused.length > 0) throw sharingErrors.searchNotAllowed(refused);
    const conditions = [eq(residents.tenantId, ctx.tenant.id)];
    if (query.idNumber) {
      const parsed = parseIdNumber(query.idNumber);
      if (!parsed.ok) throw sharingErrors.invalidIdNumber(parsed.reason);
      conditions.push(eq(residents.idNumberIndex, idNumberIndex(dataKey, parsed.value)));
    }
    if (query.name) conditions.push(eq(residents.name, query.name));
    if (query.birthDate) conditions.push(eq(residents.birthDate, query.birthDate));
    if (query.addressUnitId) conditions.push(eq(residents.addressUnitId, query.addressUnitId));
    const rows = await tx
      .select()
      .from(residents)
      .where(and(...conditions))
      .limit(20);
    const results = [];
    for (const resident of rows) {
      const readable = await fieldsFor(tx, ctx.tenant.id, scope, catalog, resident.addressUnitId);
      // Each asked field must be readable for this resident too, or the match itself would leak it.
      if (!asked.every((name) => readable.has(name))) continue;
      // Staff see only residents of their own units, as a single pull does.
      if (
        ctx.actor.kind === 'user' &&
        ![...readable].some((name) => name.startsWith('person.') && !isOpen(catalog, name))
      ) {
        continue;
      }
      const view = await present(tx, ctx, readable, resident);
      await logAccess(
        tx,
        ctx.tenant.id,
        {
          actor: ctx.actor,
          residentId: resident.id,
          fields: view.shown,
          purpose,
          unmaskedIdNumber: view.unmasked,
          operation: 'search',
        },
        ctx.now(),
      );
      results.push(view.body);
    }
    return results;
  });
}

/** The change feed: events after the cursor, showing only fields the caller may read. */
export async function readFeed(ctx: SharingContext, after: number, limit: number) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'feed.read', { tenantId: ctx.tenant.id });
    const catalog = await loadCatalog(tx, ctx.tenant.id);
    const scope = await readScope(
      tx,
      ctx.tenant.id,
      ctx.actor,
      catalog,
      todayIn(ctx.tenant.timezone, ctx.now()),
    );
    const rows = await readChanges(tx, ctx.tenant.id, after, limit);
    const visibleFor = await readableByResident(
      tx,
      ctx.tenant.id,
      scope,
      catalog,
      rows.map((row) => row.residentId),
    );
    const items = rows
      .map((row) => ({ ...row, fields: row.fields.filter((name) => visibleFor(row.residentId).has(name)) }))
      .filter((row) => row.fields.length > 0)
      .map((row) => ({
        seq: row.seq,
        kind: row.kind,
        residentId: row.residentId,
        domain: row.domainKey,
        fields: row.fields,
        version: row.version,
        occurredAt: row.occurredAt.toISOString(),
      }));
    // The cursor moves past filtered events too, so nobody re-reads what they may not see.
    return { items, nextCursor: rows.at(-1)?.seq ?? after };
  });
}

export async function domainByKey(tx: Transaction, tenantId: string, key: string) {
  const [domain] = await tx
    .select()
    .from(dataDomains)
    .where(and(eq(dataDomains.tenantId, tenantId), eq(dataDomains.key, key)));
  if (!domain) throw sharingErrors.domainNotFound();
  return domain;
}
