import { and, eq } from 'drizzle-orm';
import { importJobs } from '../../schema';
import { authorize } from '../auth/authorize';
import { splitCsv } from '../platform/csv';
import { type Database, type Executor, withTenant } from '../platform/db';
import { AppError, errors, type FieldIssue, pgCodes, pgErrorCode } from '../platform/errors';
import { columnName, MAX_SPREADSHEET_BYTES, readSpreadsheetRows } from '../platform/spreadsheet';
import { IsoDate } from '../tenants/onboarding.schema';
import { applyChunkSetBased, checkChunkLines } from './bulk-chunk';
import { type CatalogField, loadCatalog } from './catalog.service';
import { pushFacet } from './facets.service';
import { findResidentByIdNumber, type SharingContext } from './residents.service';
import { sharingErrors } from './sharing.errors';

export type ImportJob = typeof importJobs.$inferSelect;

export interface BulkOptions {
  format: 'ndjson' | 'csv' | 'xlsx';
  domainKey?: string | undefined;
  chunkSize: number;
  sourceSystem: string;
  resumeJobId?: string | undefined;
  /** The job's id, when the caller must know it before the import ends (the console's progress page). */
  jobId?: string | undefined;
}

export interface ParsedLine {
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
  entry: Entry,
  header: string[] | undefined,
  options: BulkOptions,
  catalog: CatalogField[],
): ParsedLine | FieldIssue[] {
  const { line, text } = entry;
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
  if (entry.problems && entry.problems.length > 0) {
    return entry.problems.map((problem) => ({
      path: header?.[problem.column] || `column ${columnName(problem.column)}`,
      message: problem.message,
    }));
  }
  const cells = entry.cells ?? splitCsv(text);
  if (!cells || !header) return [{ path: 'line', message: 'unbalanced quotes' }];
  // A spreadsheet row stops at its last filled cell; the missing cells are empty.
  if (entry.cells) while (cells.length < header.length) cells.push('');
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

/** A line of the upload: text (NDJSON, CSV) or a spreadsheet row's cells, numbered as the user sees it. */
interface Entry {
  line: number;
  text: string;
  cells?: string[] | undefined;
  problems?: { column: number; message: string }[] | undefined;
}

/** Reads a whole body, refusing more than `limit` bytes without reading past it. */
async function readLimited(stream: ReadableStream<Uint8Array>, limit: number): Promise<ArrayBuffer> {
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw errors.unprocessable('spreadsheet.too_large', 'The spreadsheet is too large.', [
        { path: 'file', message: `at most ${limit / 1024 / 1024} MB` },
      ]);
    }
    parts.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return bytes.buffer;
}

/** The rows of an .xlsx upload (first sheet), numbered as in Excel; the header is the first row. */
async function* spreadsheetEntries(stream: ReadableStream<Uint8Array>): AsyncGenerator<Entry> {
  const rows = await readSpreadsheetRows(await readLimited(stream, MAX_SPREADSHEET_BYTES));
  for (const row of rows) yield { line: row.row, text: '', cells: row.cells, problems: row.problems };
}

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
  // A spreadsheet is read whole (and refused if unreadable) before any job is recorded.
  const entries: AsyncIterable<Entry> =
    options.format === 'xlsx' ? await prefetch(spreadsheetEntries(body)) : numberedLines(body);
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
          ...(options.jobId ? { id: options.jobId } : {}),
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
  let chunk: Entry[] = [];

  const writeProgress = (db: Executor, state: typeof progress, status: ImportJob['status']) =>
    db
      .update(importJobs)
      .set({
        ...state,
        failures: state.failures.slice(0, 1000),
        status,
        ...(status === 'running' ? {} : { finishedAt: ctx.now() }),
      })
      .where(eq(importJobs.id, job.id))
      .returning();
  const save = (status: ImportJob['status'] = 'running') =>
    withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, (tx) => writeProgress(tx, progress, status));

  /** The part of a chunk that needs no database (see `checkChunkLines`). */
  const checkChunk = (lines: Entry[]) => {
    const failures: { line: number; errors: FieldIssue[] }[] = [];
    const parsedLines: ParsedLine[] = [];
    for (const entry of lines) {
      const parsed = parseLine(options.format, entry, header, options, catalog);
      if (Array.isArray(parsed)) failures.push({ line: entry.line, errors: parsed });
      else parsedLines.push(parsed);
    }
    return ctx.actor.kind !== 'user'
      ? { checked: checkChunkLines(ctx, parsedLines, catalog, failures) }
      : { failures, parsedLines };
  };

  /**
   * One chunk in one transaction. `previous` is the chunk before it, possibly still in flight: this
   * one commits (and counts its progress) only after that one has committed or rolled back, so
   * chunks commit in file order. `facetsWritten` lets the next chunk start.
   */
  const applyChunk = async (
    lines: Entry[],
    prepared: ReturnType<typeof checkChunk>,
    previous: Promise<void>,
    facetsWritten: () => void,
  ) => {
    // What this chunk adds when it commits (`linesRead` belongs to the reader, which runs ahead);
    // worked out once the previous chunk has settled.
    let after = { linesApplied: 0, chunksCommitted: 0, committedThroughLine: 0 };
    // Once this chunk has let the next one start, it must not run again: the next one may already
    // hold the sequence head and be waiting for this one in JavaScript, where no deadlock detector
    // sees it. A retry is safe only before that point.
    let letNextStart = false;
    const facetsDone = () => {
      letNextStart = true;
      facetsWritten();
    };
    const write = () =>
      withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
        let failures: { line: number; errors: FieldIssue[] }[];
        if (prepared.checked) {
          failures = await applyChunkSetBased(
            tx,
            ctx,
            prepared.checked,
            catalog,
            options.sourceSystem,
            facetsDone,
          );
        } else {
          // People (community staff) are checked line by line against their part of the tree.
          failures = [...prepared.failures];
          const scoped = { ...ctx, db: tx as unknown as Database };
          for (const parsed of prepared.parsedLines) {
            try {
              let residentId = parsed.residentId;
              if (!residentId && parsed.idNumber) {
                const row = await findResidentByIdNumber(
                  tx,
                  ctx.tenant.id,
                  ctx.dataKey ?? '',
                  parsed.idNumber,
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
        await previous;
        after = {
          linesApplied: progress.linesApplied + lines.length,
          chunksCommitted: progress.chunksCommitted + 1,
          committedThroughLine: prefixIntact
            ? (lines.at(-1)?.line ?? progress.committedThroughLine)
            : progress.committedThroughLine,
        };
        // The job's progress is committed with the chunk it counts (no transaction of its own).
        await writeProgress(tx, { ...progress, ...after }, 'running');
      });
    try {
      // A new facet the chunk inserts may have been inserted meanwhile by another transaction (the
      // chunk before this one, or another import): a unique violation rolls the chunk back whole;
      // run it again, once or twice. The same for a deadlock, as long as the next chunk has not
      // started (see `letNextStart`); after that, the import fails instead.
      for (let attempt = 1; ; attempt++) {
        try {
          await write();
          break;
        } catch (error) {
          const code = pgErrorCode(error);
          const retryable = code === pgCodes.uniqueViolation || code === pgCodes.deadlock;
          if (attempt >= 3 || !retryable || letNextStart) throw error;
        }
      }
      Object.assign(progress, after);
      return;
    } catch (error) {
      if (!(error instanceof ChunkRolledBack)) {
        // Settle after the chunk before this one, whatever happens: the import's last word
        // (`failed`) must come after every chunk's own.
        await previous.catch(() => {});
        throw error;
      }
      await previous;
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

  // Chunks commit one after another, in file order. The next chunk is read and checked while the
  // database works on the current one, and starts its own transaction once the current one has
  // written its facets: on a server with two cores, two chunks are in the database at once. (On the
  // embedded database, one session, the second simply waits for the first.)
  let inflight: Promise<void> = Promise.resolve();
  let started: Promise<void> = Promise.resolve();
  let failed = false;
  const flush = async () => {
    if (chunk.length === 0) return;
    const lines = chunk;
    chunk = [];
    const prepared = checkChunk(lines);
    await started;
    // A chunk that failed (not a bad line: the database) fails the import: start no other.
    if (failed) await inflight;
    const previous = inflight;
    let facetsWritten: () => void = () => {};
    started = new Promise<void>((resolve) => {
      facetsWritten = resolve;
    });
    inflight = applyChunk(lines, prepared, previous, facetsWritten);
    // Handled when awaited (next flush, or the end); noted here so that it does not count as
    // unhandled meanwhile, and so that the next chunk can start even if this one never wrote.
    inflight
      .catch(() => {
        failed = true;
      })
      .finally(facetsWritten);
  };

  try {
    for await (const entry of entries) {
      if (options.format !== 'ndjson' && !header) {
        header = (entry.cells ?? splitCsv(entry.text.replace(/^\uFEFF/, '')))?.map((cell) => cell.trim());
        continue;
      }
      if (!entry.cells && entry.text.trim() === '') continue;
      progress.linesRead += 1;
      if (entry.line <= skipThrough) continue;
      chunk.push(entry);
      if (chunk.length >= options.chunkSize) await flush();
    }
    await flush();
    await inflight;
  } catch (error) {
    // A chunk may still be in flight (the upload broke while it was being written): let it finish
    // first, so the job's last word is this one.
    await inflight.catch(() => {});
    await save('failed');
    throw error;
  }
  const [finished] = await save(progress.linesFailed > 0 ? 'completed_with_errors' : 'completed');
  if (!finished) throw new Error('import job vanished');
  return finished;
}

/** Runs an async generator up to its first value, so its errors surface here; then replays it. */
async function prefetch<T>(source: AsyncGenerator<T>): Promise<AsyncIterable<T>> {
  const first = await source.next();
  return (async function* () {
    if (first.done) return;
    yield first.value;
    yield* source;
  })();
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
