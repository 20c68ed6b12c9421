import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../../auth/context';
import { todayIn } from '../../platform/dates';
import type { Transaction } from '../../platform/db';
import type { FieldIssue } from '../../platform/errors';
import { isUuid } from '../../platform/ids';
import { pgArray } from '../../platform/pg-arrays';
import type { CatalogField } from '../catalog/catalog.service';
import { facetDataIssues } from '../registry/facets.service';
import { idNumberIndex, parseIdNumber } from '../registry/id-number';
import { sharingIssue } from '../sharing.errors';
import type { ParsedLine } from './bulk-lines';
import { importIssue } from './imports.errors';

/** A chunk's lines as checked without the database: what `applyChunkSetBased` then writes. */
export interface CheckedChunk {
  failures: { line: number; errors: FieldIssue[] }[];
  lines: {
    line: ParsedLine;
    /** The blind index of the line's ID number, or the resident id it names. */
    index?: string;
    residentId?: string;
    domain: CatalogField['domainId'];
    domainKey: string;
  }[];
}

/**
 * The part of a chunk that needs no database: ID numbers checked and their blind indexes computed,
 * domains, ownership and data types checked. Pure CPU, so the import runs it for the next chunk
 * while the database works on the current one.
 */
export function checkChunkLines(
  ctx: ServiceContext,
  lines: ParsedLine[],
  catalog: CatalogField[],
  failures: { line: number; errors: FieldIssue[] }[] = [],
): CheckedChunk {
  const dataKey = ctx.dataKey ?? '';
  const checked: CheckedChunk['lines'] = [];
  for (const entry of lines) {
    const errors: FieldIssue[] = [];
    let index: string | undefined;
    if (!entry.residentId) {
      const id = parseIdNumber(entry.idNumber ?? '');
      if (!id.ok) {
        failures.push({ line: entry.line, errors: [sharingIssue('idNumber', id.reason)] });
        continue;
      }
      index = idNumberIndex(dataKey, id.value);
    }
    const fields = catalog.filter((field) => field.domainKey === entry.domain);
    const owner = fields[0]?.ownerDepartmentId;
    if (fields.length === 0 || entry.domain === 'person')
      errors.push(importIssue('domain', 'import.unknown_domain', { domain: entry.domain }));
    else if (ctx.actor.kind === 'api_client' && ctx.actor.departmentId !== owner) {
      errors.push(sharingIssue('domain', 'facet.not_owner', { domain: entry.domain }));
    } else errors.push(...facetDataIssues(entry.domain, fields, entry.data));
    if (errors.length > 0 || !fields[0]) failures.push({ line: entry.line, errors });
    else
      checked.push({
        line: entry,
        ...(index ? { index } : { residentId: entry.residentId }),
        domain: fields[0].domainId,
        domainKey: entry.domain,
      });
  }
  return { failures, lines: checked };
}

type Failures = { line: number; errors: FieldIssue[] }[];

/** A resident the chunk names, with (locked until commit) its current facet in one of the chunk's domains. */
interface TargetRow {
  id: string;
  index: string;
  domain_id: string | null;
  data: Record<string, unknown> | null;
  version: number | null;
}

/** One facet the chunk writes, as it stands after the chunk. */
interface FacetWrite {
  exists: boolean;
  residentId: string;
  domainId: string;
  data: Record<string, unknown>;
  version: number;
  effectiveOn: string;
  departmentId: string;
}

interface FacetEvent {
  residentId: string;
  domainKey: string;
  fields: string[];
  version: number;
}

/**
 * A checked chunk for a department (or the platform) in a handful of statements, whatever its
 * size: residents resolved in one query, current facets locked in one query, one upsert for the
 * facets and one insert for their change events, numbered in one step. Returns the failures; the
 * caller rolls the chunk back if there are any.
 */
export async function applyChunkSetBased(
  tx: Transaction,
  ctx: ServiceContext,
  chunk: CheckedChunk,
  catalog: CatalogField[],
  sourceSystem: string,
  /** Called once the chunk's facets are written (or it has nothing to write). */
  onFacetsWritten?: () => void,
): Promise<Failures> {
  const failures = [...chunk.failures];
  const rows = await lockTargets(tx, ctx, chunk);
  const planned = resolveResidents(chunk, rows, failures);
  if (failures.length > 0 || planned.length === 0) return failures;
  const now = ctx.now();
  const { writes, events } = planChanges(ctx, rows, planned, catalog, todayIn(ctx.tenant.timezone, now));
  if (writes.length === 0) return failures;
  await writeFacets(tx, ctx, writes, sourceSystem, now);
  // The next chunk may start now (see bulk-run): what it writes after this point waits for this
  // chunk's locks, and its change events for this chunk's commit (the sequence head below).
  onFacetsWritten?.();
  await writeEvents(tx, ctx, events, now);
  return failures;
}

/**
 * The residents the lines name and, locked until commit, their current facets in the chunk's
 * domains: one statement, each list one array parameter.
 */
async function lockTargets(tx: Transaction, ctx: ServiceContext, chunk: CheckedChunk): Promise<TargetRow[]> {
  const indexes = chunk.lines.flatMap((entry) => (entry.index ? [entry.index] : []));
  const byId = chunk.lines.flatMap((entry) =>
    entry.residentId && isUuid(entry.residentId) ? [entry.residentId] : [],
  );
  const domains = [...new Set(chunk.lines.map((entry) => entry.domain))];
  return (
    (await tx.execute(sql`
      with found as (
        select id, id_number_index from residents
         where tenant_id = ${ctx.tenant.id}
           and (id_number_index = any(${pgArray(indexes)}::text[]) or id = any(${pgArray(byId)}::uuid[]))
      )
      select f.id, f.id_number_index as index, fa.domain_id, fa.data, fa.version
        from found f left join lateral (
          select domain_id, data, version from facets fa
           where fa.tenant_id = ${ctx.tenant.id} and fa.resident_id = f.id and fa.domain_id = any(${pgArray(domains)}::uuid[])
             for update
        ) fa on true`)) as unknown as { rows: TargetRow[] }
  ).rows;
}

/** Each line's resident, or the line's failure (added to `failures`). */
function resolveResidents(chunk: CheckedChunk, rows: TargetRow[], failures: Failures) {
  const byIndex = new Map(rows.map((row) => [row.index, row.id]));
  const known = new Set(rows.map((row) => row.id));
  const planned: {
    line: ParsedLine;
    residentId: string;
    domain: CatalogField['domainId'];
    domainKey: string;
  }[] = [];
  for (const entry of chunk.lines) {
    const residentId = entry.residentId ?? byIndex.get(entry.index ?? '');
    if (!residentId || !known.has(residentId)) {
      failures.push({
        line: entry.line.line,
        errors: [sharingIssue('resident', 'resident.not_found')],
      });
    } else planned.push({ line: entry.line, residentId, domain: entry.domain, domainKey: entry.domainKey });
  }
  return planned;
}

/**
 * The lines applied in order in memory, from the locked facets: each facet's data and version
 * after the chunk, and one event per line that changed something (none for a line that changes
 * nothing in an existing facet).
 */
function planChanges(
  ctx: ServiceContext,
  rows: TargetRow[],
  planned: ReturnType<typeof resolveResidents>,
  catalog: CatalogField[],
  today: string,
): { writes: FacetWrite[]; events: FacetEvent[] } {
  const state = new Map<string, { data: Record<string, unknown>; version: number; exists: boolean }>();
  /** Facets that existed (and are locked now): updated; the others are inserted. */
  const existing = new Set<string>();
  for (const row of rows) {
    if (!row.domain_id) continue;
    existing.add(`${row.id}|${row.domain_id}`);
    state.set(`${row.id}|${row.domain_id}`, {
      data: row.data ?? {},
      version: Number(row.version),
      exists: true,
    });
  }
  const events: FacetEvent[] = [];
  const touched = new Map<string, { residentId: string; domainId: string; effectiveOn: string }>();
  for (const plan of planned) {
    const key = `${plan.residentId}|${plan.domain}`;
    const before = state.get(key) ?? { data: {}, version: 0, exists: false };
    const changed = Object.keys(plan.line.data).filter(
      (field) => JSON.stringify(before.data[field] ?? null) !== JSON.stringify(plan.line.data[field] ?? null),
    );
    if (before.exists && changed.length === 0) continue;
    const after = { data: { ...before.data, ...plan.line.data }, version: before.version + 1, exists: true };
    state.set(key, after);
    touched.set(key, {
      residentId: plan.residentId,
      domainId: plan.domain,
      effectiveOn: plan.line.effectiveOn ?? today,
    });
    events.push({
      residentId: plan.residentId,
      domainKey: plan.domainKey,
      fields: changed.map((field) => `${plan.domainKey}.${field}`),
      version: after.version,
    });
  }
  const departmentOf = (domainId: string) =>
    ctx.actor.kind === 'api_client'
      ? ctx.actor.departmentId
      : (catalog.find((field) => field.domainId === domainId)?.ownerDepartmentId ?? '');
  const writes = [...touched.entries()].map(([key, target]) => {
    const after = state.get(key);
    return {
      exists: existing.has(key),
      residentId: target.residentId,
      domainId: target.domainId,
      data: after?.data ?? {},
      version: after?.version ?? 1,
      effectiveOn: target.effectiveOn,
      departmentId: departmentOf(target.domainId),
    };
  });
  return { writes, events };
}

/**
 * The facets: new ones inserted (a plain insert: if another transaction inserted one of them since
 * the lock, it fails with a unique violation and the import runs the chunk again), existing ones
 * (locked) updated. Each column travels as one array parameter.
 */
async function writeFacets(
  tx: Transaction,
  ctx: ServiceContext,
  writes: FacetWrite[],
  sourceSystem: string,
  now: Date,
): Promise<void> {
  const columns = (rows: FacetWrite[]) => ({
    residents: pgArray(rows.map((row) => row.residentId)),
    domains: pgArray(rows.map((row) => row.domainId)),
    // The data as one JSON array (one native stringify, nothing to escape), paired by position.
    data: JSON.stringify(rows.map((row) => row.data)),
    versions: pgArray(rows.map((row) => row.version)),
    effective: pgArray(rows.map((row) => row.effectiveOn)),
    departments: pgArray(rows.map((row) => row.departmentId)),
  });
  const inserts = columns(writes.filter((row) => !row.exists));
  const updates = columns(writes.filter((row) => row.exists));
  const stamp = now.toISOString();
  await tx.execute(sql`
    with inserted as (
      insert into facets (tenant_id, resident_id, domain_id, data, version, effective_on, recorded_at, department_id, source_system)
      select ${ctx.tenant.id}::uuid, r, d, data, v, e, ${stamp}::timestamptz, dep, ${sourceSystem}
        from unnest(${inserts.residents}::uuid[], ${inserts.domains}::uuid[], ${inserts.versions}::int[],
                    ${inserts.effective}::date[], ${inserts.departments}::uuid[]) with ordinality as u(r, d, v, e, dep, i)
        join jsonb_array_elements(${inserts.data}::jsonb) with ordinality as j(data, i) using (i)
      returning 1
    ), updated as (
      update facets f set data = j.data, version = u.v, effective_on = u.e, recorded_at = ${stamp}::timestamptz,
             department_id = u.dep, source_system = ${sourceSystem}
        from unnest(${updates.residents}::uuid[], ${updates.domains}::uuid[], ${updates.versions}::int[],
                    ${updates.effective}::date[], ${updates.departments}::uuid[]) with ordinality as u(r, d, v, e, dep, i)
        join jsonb_array_elements(${updates.data}::jsonb) with ordinality as j(data, i) using (i)
       where f.resident_id = u.r and f.domain_id = u.d and f.tenant_id = ${ctx.tenant.id}
      returning 1
    )
    select (select count(*) from inserted) + (select count(*) from updated) as written`);
}

/**
 * The change-feed numbers (the tenant's sequence head, locked until commit as `reserveSequence`
 * does) and one event per changed facet, numbered in order.
 */
async function writeEvents(
  tx: Transaction,
  ctx: ServiceContext,
  events: FacetEvent[],
  now: Date,
): Promise<void> {
  const stamp = now.toISOString();
  await tx.execute(sql`
    with head as (
      insert into sequence_heads (tenant_id, name, value) values (${ctx.tenant.id}, 'change_feed', ${events.length})
      on conflict (tenant_id, name) do update set value = sequence_heads.value + ${events.length}
      returning value
    )
    insert into change_events (tenant_id, seq, resident_id, domain_key, fields, kind, version, occurred_at)
    select ${ctx.tenant.id}::uuid, head.value - ${events.length} + u.i, u.r, u.k, u.f::text[],
           'facet.updated', u.v, ${stamp}::timestamptz
      from head, unnest(${pgArray(events.map((event) => event.residentId))}::uuid[],
                        ${pgArray(events.map((event) => event.domainKey))}::text[],
                        ${pgArray(events.map((event) => pgArray(event.fields)))}::text[],
                        ${pgArray(events.map((event) => event.version))}::int[])
        with ordinality as u(r, k, f, v, i)`);
}
