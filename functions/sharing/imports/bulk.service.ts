import { and, eq } from 'drizzle-orm';
import { importJobs } from '../../../schema';
import { authorize } from '../../auth/authorize';
import type { ServiceContext } from '../../auth/context';
import { inTransaction } from '../../platform/context';
import { splitCsv } from '../../platform/csv';
import { type Executor, withTenant } from '../../platform/db';
import { AppError, type FieldIssue, issueOf, pgCodes, pgErrorCode } from '../../platform/errors';
import { loadCatalog } from '../catalog/catalog.service';
import { pushFacet } from '../registry/facets.service';
import { findResidentByIdNumber } from '../registry/residents.service';
import { sharingErrors, sharingIssue } from '../sharing.errors';
import { applyChunkSetBased, checkChunkLines } from './bulk-chunk';
import {
  type BulkOptions,
  type Entry,
  numberedLines,
  type ParsedLine,
  parseLine,
  prefetch,
  spreadsheetEntries,
} from './bulk-lines';

export type ImportJob = typeof importJobs.$inferSelect;

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
  ctx: ServiceContext,
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
          const scoped = inTransaction(ctx, tx);
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
                errors: error.details ?? [issueOf(error, 'line')],
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
            errors: [sharingIssue('chunk', 'import.chunk_not_applied')],
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

export async function getImportJob(ctx: ServiceContext, id: string): Promise<ImportJob> {
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
