import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { importJobs, residents } from '../../schema';
import { authorize } from '../auth/authorize';
import { todayIn } from '../platform/dates';
import { type Database, type Transaction, withTenant } from '../platform/db';
import { AppError, type FieldIssue } from '../platform/errors';
import { IsoDate } from '../tenants/onboarding.schema';
import { type CatalogField, loadCatalog } from './catalog.service';
import { facetDataIssues, pushFacet } from './facets.service';
import { idNumberIndex, parseIdNumber } from './id-number';
import { reserveSequence } from './ledger';
import type { SharingContext } from './residents.service';
import { sharingErrors } from './sharing.errors';

export type ImportJob = typeof importJobs.$inferSelect;

export interface BulkOptions {
  format: 'ndjson' | 'csv';
  domainKey?: string | undefined;
  chunkSize: number;
  sourceSystem: string;
  resumeJobId?: string | undefined;
}

interface ParsedLine {
  line: number;
  idNumber?: string | undefined;
  residentId?: string | undefined;
  domain: string;
  data: Record<string, unknown>;
  effectiveOn?: string | undefined;
}

/** Splits a byte stream into numbered text lines without holding the whole upload in memory. */
export async function* numberedLines(
  stream: ReadableStream<Uint8Array>,
): AsyncGenerator<{ line: number; text: string }> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let line = 0;
  for (;;) {
    const { value, done } = await reader.read();
    buffer += value ? decoder.decode(value, { stream: true }) : decoder.decode();
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      line += 1;
      yield { line, text: buffer.slice(0, newline).replace(/\r$/, '') };
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf('\n');
    }
    if (done) break;
  }
  if (buffer.length > 0) yield { line: line + 1, text: buffer.replace(/\r$/, '') };
}

/** One CSV record (RFC 4180 quoting; a field may not span lines). */
export function splitCsv(text: string): string[] | undefined {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"' && cell === '') quoted = true;
    else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  if (quoted) return undefined;
  cells.push(cell);
  return cells;
}

const BOOLEANS: Record<string, boolean> = {
  true: true,
  false: false,
  '1': true,
  '0': false,
  是: true,
  否: false,
};

function csvValue(field: CatalogField, raw: string): { value?: unknown; error?: string } {
  if (field.type === 'number') {
    const value = Number(raw);
    return Number.isFinite(value) ? { value } : { error: 'must be a number' };
  }
  if (field.type === 'boolean') {
    const value = BOOLEANS[raw.trim().toLowerCase()];
    return value === undefined ? { error: 'must be true/false (是/否)' } : { value };
  }
  return { value: raw };
}

function parseLine(
  format: BulkOptions['format'],
  text: string,
  line: number,
  header: string[] | undefined,
  options: BulkOptions,
  catalog: CatalogField[],
): ParsedLine | FieldIssue[] {
  if (format === 'ndjson') {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return [{ path: 'line', message: 'not valid JSON' }];
    }
    if (!value || typeof value !== 'object' || Array.isArray(value))
      return [{ path: 'line', message: 'must be a JSON object' }];
    const record = value as Record<string, unknown>;
    const domain = typeof record.domain === 'string' ? record.domain : options.domainKey;
    const issues: FieldIssue[] = [];
    if (!domain) issues.push({ path: 'domain', message: 'missing (give it per line or as ?domain=)' });
    if (typeof record.idNumber !== 'string' && typeof record.residentId !== 'string') {
      issues.push({ path: 'idNumber', message: 'give idNumber or residentId' });
    }
    if (!record.data || typeof record.data !== 'object' || Array.isArray(record.data))
      issues.push({ path: 'data', message: 'must be an object' });
    if (record.effectiveOn !== undefined && !IsoDate.safeParse(record.effectiveOn).success) {
      issues.push({ path: 'effectiveOn', message: 'a date as YYYY-MM-DD' });
    }
    if (issues.length > 0 || !domain) return issues;
    return {
      line,
      domain,
      idNumber: typeof record.idNumber === 'string' ? record.idNumber : undefined,
      residentId: typeof record.residentId === 'string' ? record.residentId : undefined,
      data: record.data as Record<string, unknown>,
      effectiveOn: typeof record.effectiveOn === 'string' ? record.effectiveOn : undefined,
    };
  }
  const cells = splitCsv(text);
  if (!cells || !header) return [{ path: 'line', message: 'unbalanced quotes' }];
  if (cells.length !== header.length)
    return [{ path: 'line', message: `${cells.length} cells, the header has ${header.length}` }];
  const domain = options.domainKey ?? '';
  const data: Record<string, unknown> = {};
  const issues: FieldIssue[] = [];
  let idNumber: string | undefined;
  let effectiveOn: string | undefined;
  header.forEach((column, index) => {
    const raw = cells[index] ?? '';
    if (column === 'id_number') idNumber = raw;
    else if (column === 'effective_on') {
      effectiveOn = raw || undefined;
      if (raw && !IsoDate.safeParse(raw).success)
        issues.push({ path: 'effective_on', message: 'a date as YYYY-MM-DD' });
    } else if (raw !== '') {
      const field = catalog.find((candidate) => candidate.domainKey === domain && candidate.key === column);
      if (!field) return;
      const parsed = csvValue(field, raw);
      if (parsed.error) issues.push({ path: column, message: parsed.error });
      else data[column] = parsed.value;
    }
  });
  if (!idNumber) issues.push({ path: 'id_number', message: 'missing' });
  return issues.length > 0 ? issues : { line, domain, idNumber, data, effectiveOn };
}

/**
 * A chunk for a department (or the platform) in a handful of statements, whatever its size:
 * residents resolved in one query, lines checked in memory, current facets locked in one query,
 * one upsert for the facets and one insert for their change events, numbered in one step.
 * Returns the failures; the caller rolls the chunk back if there are any.
 */
async function applyChunkSetBased(
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
  const found = await tx
    .select({ id: residents.id, index: residents.idNumberIndex })
    .from(residents)
    .where(
      and(
        eq(residents.tenantId, ctx.tenant.id),
        or(
          inArray(residents.idNumberIndex, [...indexByLine.values(), '']),
          inArray(
            residents.id,
            lines
              .flatMap((entry) => (entry.residentId && isUuid(entry.residentId) ? [entry.residentId] : []))
              .concat(NO_ID),
          ),
        ),
      ),
    );
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
      tenant_id: ctx.tenant.id,
      resident_id: target.residentId,
      domain_id: target.domainId,
      data: after?.data ?? {},
      version: after?.version ?? 1,
      effective_on: target.effectiveOn,
      recorded_at: now.toISOString(),
      department_id: departmentOf(target.domainId),
      source_system: sourceSystem,
    };
  });
  await tx.execute(sql`
    insert into facets (tenant_id, resident_id, domain_id, data, version, effective_on, recorded_at, department_id, source_system)
    select tenant_id, resident_id, domain_id, data, version, effective_on, recorded_at, department_id, source_system
      from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(
        tenant_id uuid, resident_id uuid, domain_id uuid, data jsonb, version int,
        effective_on date, recorded_at timestamptz, department_id uuid, source_system text)
    on conflict (resident_id, domain_id) do update set
      data = excluded.data, version = excluded.version, effective_on = excluded.effective_on,
      recorded_at = excluded.recorded_at, department_id = excluded.department_id, source_system = excluded.source_system`);
  const last = await reserveSequence(tx, ctx.tenant.id, 'change_feed', events.length);
  const first = last - events.length + 1;
  const eventRows = events.map((event, index) => ({
    tenant_id: ctx.tenant.id,
    seq: first + index,
    resident_id: event.residentId,
    domain_key: event.domainKey,
    fields: event.fields,
    kind: 'facet.updated',
    version: event.version,
    occurred_at: now.toISOString(),
  }));
  await tx.execute(sql`
    insert into change_events (tenant_id, seq, resident_id, domain_key, fields, kind, version, occurred_at)
    select tenant_id, seq, resident_id, domain_key, array(select jsonb_array_elements_text(fields)), kind, version, occurred_at
      from jsonb_to_recordset(${JSON.stringify(eventRows)}::jsonb) as r(
        tenant_id uuid, seq bigint, resident_id uuid, domain_key text, fields jsonb, kind text, version int, occurred_at timestamptz)`);
  return failures;
}

const NO_ID = ['00000000-0000-0000-0000-000000000000'];
const isUuid = (value: string) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

class ChunkRolledBack extends Error {
  constructor(readonly failures: { line: number; errors: FieldIssue[] }[]) {
    super('chunk rolled back');
  }
}

/**
 * Bulk push, streamed: lines are read as they arrive and applied in chunks, each chunk in one
 * transaction. A bad line fails its chunk (rolled back whole, every line reported) and the other
 * chunks go on. Progress is written after every chunk; `resumeJobId` skips the lines an earlier
 * upload of the same file already committed.
 */
export async function bulkPush(
  ctx: SharingContext,
  options: BulkOptions,
  body: ReadableStream<Uint8Array>,
): Promise<ImportJob> {
  const principal = `${ctx.actor.kind}:${ctx.actor.id}`;
  const { job, skipThrough, catalog } = await withTenant(
    { db: ctx.db, tenantId: ctx.tenant.id },
    async (tx) => {
      await authorize(tx, ctx.actor, 'facets.write', { tenantId: ctx.tenant.id });
      let skip = 0;
      if (options.resumeJobId) {
        const [previous] = await tx
          .select()
          .from(importJobs)
          .where(and(eq(importJobs.tenantId, ctx.tenant.id), eq(importJobs.id, options.resumeJobId)));
        if (!previous || previous.principal !== principal) throw sharingErrors.importNotFound();
        skip = previous.committedThroughLine;
      }
      const [created] = await tx
        .insert(importJobs)
        .values({
          tenantId: ctx.tenant.id,
          principal,
          format: options.format,
          domainKey: options.domainKey ?? null,
          status: 'running',
          chunkSize: options.chunkSize,
          resumedFromId: options.resumeJobId ?? null,
          committedThroughLine: skip,
        })
        .returning();
      if (!created) throw new Error('insert returned no row');
      return { job: created, skipThrough: skip, catalog: await loadCatalog(tx, ctx.tenant.id) };
    },
  );

  const progress = {
    linesRead: 0,
    linesApplied: 0,
    linesFailed: 0,
    chunksCommitted: 0,
    chunksRolledBack: 0,
    committedThroughLine: skipThrough,
    failures: [] as { line: number; errors: FieldIssue[] }[],
  };
  let prefixIntact = true;
  let header: string[] | undefined;
  let chunk: { line: number; text: string }[] = [];

  const save = (status: ImportJob['status'] = 'running') =>
    withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, (tx) =>
      tx
        .update(importJobs)
        .set({
          ...progress,
          failures: progress.failures.slice(0, 1000),
          status,
          ...(status === 'running' ? {} : { finishedAt: ctx.now() }),
        })
        .where(eq(importJobs.id, job.id))
        .returning(),
    );

  const applyChunk = async () => {
    if (chunk.length === 0) return;
    const lines = chunk;
    chunk = [];
    try {
      await withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
        const failures: { line: number; errors: FieldIssue[] }[] = [];
        const parsedLines: ParsedLine[] = [];
        for (const { line, text } of lines) {
          const parsed = parseLine(options.format, text, line, header, options, catalog);
          if (Array.isArray(parsed)) failures.push({ line, errors: parsed });
          else parsedLines.push(parsed);
        }
        if (ctx.actor.kind !== 'user') {
          failures.push(...(await applyChunkSetBased(tx, ctx, parsedLines, catalog, options.sourceSystem)));
        } else {
          // People (community staff) are checked line by line against their part of the tree.
          const scoped = { ...ctx, db: tx as unknown as Database };
          for (const parsed of parsedLines) {
            try {
              let residentId = parsed.residentId;
              if (!residentId && parsed.idNumber) {
                const id = parseIdNumber(parsed.idNumber);
                if (!id.ok) throw sharingErrors.invalidIdNumber(id.reason);
                const [row] = await tx
                  .select({ id: residents.id })
                  .from(residents)
                  .where(
                    and(
                      eq(residents.tenantId, ctx.tenant.id),
                      eq(residents.idNumberIndex, idNumberIndex(ctx.dataKey ?? '', id.value)),
                    ),
                  );
                if (!row) throw sharingErrors.residentNotFound();
                residentId = row.id;
              }
              await pushFacet(
                scoped,
                residentId ?? '',
                parsed.domain,
                { data: parsed.data, effectiveOn: parsed.effectiveOn, sourceSystem: options.sourceSystem },
                {},
              );
            } catch (error) {
              if (!(error instanceof AppError)) throw error;
              failures.push({
                line: parsed.line,
                errors: error.details ?? [{ path: 'line', message: error.message }],
              });
            }
          }
        }
        failures.sort((a, b) => a.line - b.line);
        if (failures.length > 0) throw new ChunkRolledBack(failures);
      });
      progress.linesApplied += lines.length;
      progress.chunksCommitted += 1;
      if (prefixIntact) progress.committedThroughLine = lines.at(-1)?.line ?? progress.committedThroughLine;
    } catch (error) {
      if (!(error instanceof ChunkRolledBack)) throw error;
      prefixIntact = false;
      progress.chunksRolledBack += 1;
      progress.linesFailed += lines.length;
      const failed = new Set(error.failures.map((failure) => failure.line));
      progress.failures.push(
        ...error.failures,
        ...lines
          .filter((entry) => !failed.has(entry.line))
          .map((entry) => ({
            line: entry.line,
            errors: [{ path: 'chunk', message: 'not applied: another line of its chunk failed' }],
          })),
      );
      progress.failures.sort((a, b) => a.line - b.line);
    }
    await save();
  };

  try {
    for await (const entry of numberedLines(body)) {
      if (options.format === 'csv' && !header) {
        header = splitCsv(entry.text.replace(/^\uFEFF/, ''))?.map((cell) => cell.trim());
        continue;
      }
      if (entry.text.trim() === '') continue;
      progress.linesRead += 1;
      if (entry.line <= skipThrough) continue;
      chunk.push(entry);
      if (chunk.length >= options.chunkSize) await applyChunk();
    }
    await applyChunk();
  } catch (error) {
    await save('failed');
    throw error;
  }
  const [finished] = await save(progress.linesFailed > 0 ? 'completed_with_errors' : 'completed');
  if (!finished) throw new Error('import job vanished');
  return finished;
}

export async function getImportJob(ctx: SharingContext, id: string): Promise<ImportJob> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'facets.write', { tenantId: ctx.tenant.id });
    const [job] = await tx
      .select()
      .from(importJobs)
      .where(
        and(
          eq(importJobs.tenantId, ctx.tenant.id),
          eq(importJobs.id, id),
          eq(importJobs.principal, `${ctx.actor.kind}:${ctx.actor.id}`),
        ),
      );
    if (!job) throw sharingErrors.importNotFound();
    return job;
  });
}
