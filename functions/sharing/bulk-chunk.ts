import { sql } from 'drizzle-orm';
import { todayIn } from '../platform/dates';
import type { Transaction } from '../platform/db';
import type { FieldIssue } from '../platform/errors';
import { isUuid } from '../platform/ids';
import type { ParsedLine } from './bulk.service';
import type { CatalogField } from './catalog.service';
import { facetDataIssues } from './facets.service';
import { idNumberIndex, parseIdNumber } from './id-number';
import type { SharingContext } from './residents.service';

/**
 * A chunk for a department (or the platform) in a handful of statements, whatever its size:
 * residents resolved in one query, lines checked in memory, current facets locked in one query,
 * one upsert for the facets and one insert for their change events, numbered in one step.
 * Returns the failures; the caller rolls the chunk back if there are any.
 */
export async function applyChunkSetBased(
  tx: Transaction,
  ctx: SharingContext,
  lines: ParsedLine[],
  catalog: CatalogField[],
  sourceSystem: string,
): Promise<{ line: number; errors: FieldIssue[] }[]> {
  const failures: { line: number; errors: FieldIssue[] }[] = [];
  const dataKey = ctx.dataKey ?? '';
  const indexByLine = new Map<number, string>();
  for (const entry of lines) {
    if (entry.residentId) continue;
    const id = parseIdNumber(entry.idNumber ?? '');
    if (!id.ok) failures.push({ line: entry.line, errors: [{ path: 'idNumber', message: id.reason }] });
    else indexByLine.set(entry.line, idNumberIndex(dataKey, id.value));
  }
  // Each list travels as one JSON parameter (not one parameter per line): one short statement to
  // parse and plan whatever the chunk size.
  const byId = lines.flatMap((entry) =>
    entry.residentId && isUuid(entry.residentId) ? [entry.residentId] : [],
  );
  const found = (
    (await tx.execute(sql`
      select id, id_number_index as index from residents
       where tenant_id = ${ctx.tenant.id}
         and (id_number_index in (select jsonb_array_elements_text(${JSON.stringify([...indexByLine.values()])}::jsonb))
              or id in (select jsonb_array_elements_text(${JSON.stringify(byId)}::jsonb)::uuid))`)) as unknown as {
      rows: { id: string; index: string }[];
    }
  ).rows;
  const byIndex = new Map(found.map((row) => [row.index, row.id]));
  const known = new Set(found.map((row) => row.id));
  const planned: {
    line: ParsedLine;
    residentId: string;
    domain: CatalogField['domainId'];
    domainKey: string;
  }[] = [];
  for (const entry of lines) {
    if (failures.some((failure) => failure.line === entry.line)) continue;
    const residentId = entry.residentId ?? byIndex.get(indexByLine.get(entry.line) ?? '');
    const errors: FieldIssue[] = [];
    if (!residentId || !known.has(residentId))
      errors.push({ path: 'resident', message: 'No such resident in this city.' });
    const fields = catalog.filter((field) => field.domainKey === entry.domain);
    const owner = fields[0]?.ownerDepartmentId;
    if (fields.length === 0 || entry.domain === 'person')
      errors.push({ path: 'domain', message: `no data domain "${entry.domain}"` });
    else if (ctx.actor.kind === 'api_client' && ctx.actor.departmentId !== owner) {
      errors.push({
        path: 'domain',
        message: `Only the department that owns "${entry.domain}" writes it; file a correction instead.`,
      });
    } else errors.push(...facetDataIssues(entry.domain, fields, entry.data));
    if (errors.length > 0 || !residentId || !fields[0]) failures.push({ line: entry.line, errors });
    else planned.push({ line: entry, residentId, domain: fields[0].domainId, domainKey: entry.domain });
  }
  if (failures.length > 0 || planned.length === 0) return failures;

  const current = await tx.execute(sql`
    select resident_id, domain_id, data, version from facets
     where tenant_id = ${ctx.tenant.id}
       and (resident_id, domain_id) in (
         select resident_id, domain_id from jsonb_to_recordset(${JSON.stringify(planned.map((p) => ({ resident_id: p.residentId, domain_id: p.domain })))}::jsonb)
           as r(resident_id uuid, domain_id uuid))
     for update`);
  const state = new Map<string, { data: Record<string, unknown>; version: number; exists: boolean }>();
  for (const row of (
    current as unknown as {
      rows: { resident_id: string; domain_id: string; data: Record<string, unknown>; version: number }[];
    }
  ).rows) {
    state.set(`${row.resident_id}|${row.domain_id}`, {
      data: row.data,
      version: Number(row.version),
      exists: true,
    });
  }
  const now = ctx.now();
  const today = todayIn(ctx.tenant.timezone, now);
  const events: { residentId: string; domainKey: string; fields: string[]; version: number }[] = [];
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
  if (touched.size === 0) return failures;
  const departmentOf = (domainId: string) =>
    ctx.actor.kind === 'api_client'
      ? ctx.actor.departmentId
      : (catalog.find((field) => field.domainId === domainId)?.ownerDepartmentId ?? '');
  const records = [...touched.entries()].map(([key, target]) => {
    const after = state.get(key);
    return {
      resident_id: target.residentId,
      domain_id: target.domainId,
      data: after?.data ?? {},
      version: after?.version ?? 1,
      effective_on: target.effectiveOn,
      department_id: departmentOf(target.domainId),
    };
  });
  // One statement: the facets upsert, the change-feed numbers (the tenant's sequence head, locked
  // until commit as `reserveSequence` does) and one event per changed facet, numbered in order.
  const eventRows = events.map((event, index) => ({
    idx: index + 1,
    resident_id: event.residentId,
    domain_key: event.domainKey,
    fields: event.fields,
    version: event.version,
  }));
  await tx.execute(sql`
    with upserted as (
      insert into facets (tenant_id, resident_id, domain_id, data, version, effective_on, recorded_at, department_id, source_system)
      select ${ctx.tenant.id}::uuid, resident_id, domain_id, data, version, effective_on, ${now.toISOString()}::timestamptz,
             department_id, ${sourceSystem}
        from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(
          resident_id uuid, domain_id uuid, data jsonb, version int, effective_on date, department_id uuid)
      on conflict (resident_id, domain_id) do update set
        data = excluded.data, version = excluded.version, effective_on = excluded.effective_on,
        recorded_at = excluded.recorded_at, department_id = excluded.department_id, source_system = excluded.source_system
      returning 1
    ), head as (
      insert into sequence_heads (tenant_id, name, value) values (${ctx.tenant.id}, 'change_feed', ${events.length})
      on conflict (tenant_id, name) do update set value = sequence_heads.value + ${events.length}
      returning value
    )
    insert into change_events (tenant_id, seq, resident_id, domain_key, fields, kind, version, occurred_at)
    select ${ctx.tenant.id}::uuid, head.value - ${events.length} + r.idx, r.resident_id, r.domain_key, r.fields,
           'facet.updated', r.version, ${now.toISOString()}::timestamptz
      from head, jsonb_to_recordset(${JSON.stringify(eventRows)}::jsonb) as r(
        idx bigint, resident_id uuid, domain_key text, fields text[], version int)`);
  return failures;
}
