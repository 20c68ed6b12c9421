import type { ServiceContext } from '../../auth/context';
import { inTransaction } from '../../platform/context';
import { type Transaction, withTenant } from '../../platform/db';
import { AppError, type FieldIssue, issueOf, pgCodes, pgErrorCode } from '../../platform/errors';
import type { CatalogField } from '../catalog/catalog.service';
import { pushFacet } from '../registry/facets.service';
import { findResidentByIdNumber } from '../registry/residents.service';
import { sharingErrors } from '../sharing.errors';
import { applyChunkSetBased, type CheckedChunk, checkChunkLines } from './bulk-chunk';
import {
  type ImportJob,
  LEASE_MS,
  MAX_REPORTED_LINES,
  type Progress,
  renewLease,
  writeProgress,
} from './bulk-jobs';
import {
  type BulkOptions,
  checkHeaderColumns,
  type Entry,
  type ParsedLine,
  parseLine,
  readHeader,
} from './bulk-lines';
import type { LineDigest } from './bulk-read';
import { importIssue } from './imports.errors';

type Failures = { line: number; errors: FieldIssue[] }[];

class ChunkRolledBack extends Error {
  constructor(readonly failures: Failures) {
    super('chunk rolled back');
  }
}

/** A chunk after the checks that need no database: set-based for departments, line by line for people. */
type Prepared =
  | { checked: CheckedChunk }
  | { checked?: undefined; failures: Failures; parsedLines: ParsedLine[] };

/** People (community staff) are checked line by line against their part of the tree. */
async function writeLineByLine(
  tx: Transaction,
  ctx: ServiceContext,
  prepared: { failures: Failures; parsedLines: ParsedLine[] },
  sourceSystem: string,
): Promise<Failures> {
  const failures = [...prepared.failures];
  const scoped = inTransaction(ctx, tx);
  for (const parsed of prepared.parsedLines) {
    try {
      let residentId = parsed.residentId;
      if (!residentId && parsed.idNumber) {
        const row = await findResidentByIdNumber(tx, ctx.tenant.id, ctx.dataKey ?? '', parsed.idNumber);
        if (!row) throw sharingErrors.residentNotFound();
        residentId = row.id;
      }
      await pushFacet(
        scoped,
        residentId ?? '',
        parsed.domain,
        { data: parsed.data, effectiveOn: parsed.effectiveOn, sourceSystem },
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
  return failures;
}

/**
 * The lines of one upload after its start (header read, resumed lines skipped), applied in chunks,
 * each in one transaction with the job's progress. A bad line fails its chunk (rolled back whole,
 * every line reported) and the other chunks go on. Chunks commit in file order; the next one is
 * read and checked while the database works on the current one, and starts its own transaction once
 * the current one has written its facets: on a server with two cores, two chunks are in the
 * database at once. (On the embedded database, one session, the second simply waits for the first.)
 */
export class ImportRun {
  private prefixIntact = true;
  private chunk: Entry[] = [];
  /** The digest through the last line put in `chunk`, taken when a line not in it is hashed, or at the flush. */
  private chunkDigest: string;
  private digestDue = false;
  private inflight: Promise<void> = Promise.resolve();
  private started: Promise<void> = Promise.resolve();
  private failed = false;
  private renewedAt: number;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly options: BulkOptions,
    private readonly job: ImportJob,
    private readonly catalog: CatalogField[],
    /** Read from the first line (CSV, a spreadsheet) unless a resume has read it already. */
    private header: string[] | undefined,
    private readonly digest: LineDigest,
    private readonly progress: Progress,
  ) {
    this.chunkDigest = progress.committedDigest;
    this.renewedAt = ctx.now().getTime();
  }

  /** Reads the rest of the upload (`first`, then `entries`) and applies it; the finished job. */
  async run(entries: AsyncIterator<Entry>, first: Entry | undefined): Promise<ImportJob> {
    try {
      if (first) await this.take(first);
      for (let next = await entries.next(); !next.done; next = await entries.next())
        await this.take(next.value);
      await this.flush();
      await this.inflight;
    } catch (error) {
      // A chunk may still be in flight (the upload broke while it was being written): let it finish
      // first, so the job's last word is this one.
      await this.inflight.catch(() => {});
      const code = error instanceof AppError ? error.code : '';
      const stopped = code === 'import.client_gone' || code === 'import.upload_broken';
      try {
        await this.save(stopped ? 'interrupted' : 'failed');
      } catch (saveError) {
        // Fenced off: another upload resumed this job; say so rather than what stopped this one.
        if (saveError instanceof AppError && saveError.code === 'import.taken_over') throw saveError;
      }
      throw this.withResumeHint(error);
    }
    return this.save(this.progress.linesFailed > 0 ? 'completed_with_errors' : 'completed');
  }

  /** A refusal that stopped the import part way names the job and how far it got, to resume it. */
  private withResumeHint(error: unknown): unknown {
    if (!(error instanceof AppError) || error.status >= 500 || error.code === 'import.taken_over')
      return error;
    const { committedThroughLine } = this.progress;
    return new AppError(
      error.code,
      error.status,
      error.message,
      [
        ...(error.details ?? []),
        importIssue('job', 'import.resume_hint', { job: this.job.id, line: committedThroughLine }),
      ],
      error.params,
    );
  }

  private async take(entry: Entry): Promise<void> {
    if (this.options.format !== 'ndjson' && !this.header) {
      this.digest.add(entry);
      this.header = readHeader(entry);
      checkHeaderColumns(this.header, this.options, this.catalog);
      return;
    }
    const blank = !entry.tooLong && !entry.cells && entry.text.trim() === '';
    if (blank && this.digestDue) this.takeDigest();
    this.digest.add(entry);
    if (blank) return;
    this.progress.linesRead += 1;
    this.chunk.push(entry);
    this.digestDue = true;
    if (this.chunk.length >= this.options.chunkSize) await this.flush();
    else if (this.ctx.now().getTime() - this.renewedAt > LEASE_MS / 4) await this.renew();
  }

  private takeDigest() {
    this.chunkDigest = this.digest.value();
    this.digestDue = false;
  }

  /** The upload is slow (no chunk for a while): the worker is alive, its lease says so. */
  private async renew() {
    const now = this.ctx.now();
    await withTenant({ db: this.ctx.db, tenantId: this.ctx.tenant.id }, (tx) =>
      renewLease(tx, this.job.id, now),
    );
    this.renewedAt = now.getTime();
  }

  private async flush(): Promise<void> {
    if (this.chunk.length === 0) return;
    if (this.digestDue) this.takeDigest();
    const lines = this.chunk;
    const digest = this.chunkDigest;
    this.chunk = [];
    const prepared = this.check(lines);
    await this.started;
    // A chunk that failed (not a bad line: the database) fails the import: start no other.
    if (this.failed) await this.inflight;
    const previous = this.inflight;
    let facetsWritten: () => void = () => {};
    this.started = new Promise<void>((resolve) => {
      facetsWritten = resolve;
    });
    this.inflight = this.apply(lines, digest, prepared, previous, facetsWritten);
    // Handled when awaited (next flush, or the end); noted here so that it does not count as
    // unhandled meanwhile, and so that the next chunk can start even if this one never wrote.
    this.inflight
      .catch(() => {
        this.failed = true;
      })
      .finally(facetsWritten);
  }

  /** The part of a chunk that needs no database (see `checkChunkLines`). */
  private check(lines: Entry[]): Prepared {
    const failures: Failures = [];
    const parsedLines: ParsedLine[] = [];
    for (const entry of lines) {
      const parsed = parseLine(this.options.format, entry, this.header, this.options, this.catalog);
      if (Array.isArray(parsed)) failures.push({ line: entry.line, errors: parsed });
      else parsedLines.push(parsed);
    }
    return this.ctx.actor.kind !== 'user'
      ? { checked: checkChunkLines(this.ctx, parsedLines, this.catalog, failures) }
      : { failures, parsedLines };
  }

  /**
   * One chunk in one transaction. `previous` is the chunk before it, possibly still in flight: this
   * one commits (and counts its progress) only after that one has committed or rolled back, so
   * chunks commit in file order. `facetsWritten` lets the next chunk start.
   */
  private async apply(
    lines: Entry[],
    digest: string,
    prepared: Prepared,
    previous: Promise<void>,
    facetsWritten: () => void,
  ): Promise<void> {
    // Once this chunk has let the next one start, it must not run again: the next one may already
    // hold the sequence head and be waiting for this one in JavaScript, where no deadlock detector
    // sees it. A retry is safe only before that point.
    let letNextStart = false;
    const facetsDone = () => {
      letNextStart = true;
      facetsWritten();
    };
    try {
      // A new facet the chunk inserts may have been inserted meanwhile by another transaction (the
      // chunk before this one, or another import): a unique violation rolls the chunk back whole;
      // run it again, once or twice. The same for a deadlock, as long as the next chunk has not
      // started (see `letNextStart`); after that, the import fails instead.
      for (let attempt = 1; ; attempt++) {
        try {
          Object.assign(this.progress, await this.write(lines, digest, prepared, previous, facetsDone));
          this.renewedAt = this.ctx.now().getTime();
          return;
        } catch (error) {
          const code = pgErrorCode(error);
          const retryable = code === pgCodes.uniqueViolation || code === pgCodes.deadlock;
          if (attempt >= 3 || !retryable || letNextStart) throw error;
        }
      }
    } catch (error) {
      if (!(error instanceof ChunkRolledBack)) {
        // Settle after the chunk before this one, whatever happens: the import's last word
        // (`failed`) must come after every chunk's own.
        await previous.catch(() => {});
        throw error;
      }
      await previous;
      this.recordRollback(lines, error.failures);
    }
    await this.save();
  }

  /** The chunk's transaction; what it adds to the progress, once the chunk before it has settled. */
  private write(
    lines: Entry[],
    digest: string,
    prepared: Prepared,
    previous: Promise<void>,
    facetsDone: () => void,
  ): Promise<Partial<Progress>> {
    const { ctx, options, progress } = this;
    return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
      const failures = prepared.checked
        ? await applyChunkSetBased(tx, ctx, prepared.checked, this.catalog, options.sourceSystem, facetsDone)
        : await writeLineByLine(tx, ctx, prepared, options.sourceSystem);
      failures.sort((a, b) => a.line - b.line);
      if (failures.length > 0) throw new ChunkRolledBack(failures);
      await previous;
      // `linesRead` belongs to the reader, which runs ahead; the cursor (and the digest of the
      // lines up to it) moves only while no chunk before has rolled back.
      const after = {
        linesApplied: progress.linesApplied + lines.length,
        chunksCommitted: progress.chunksCommitted + 1,
        ...(this.prefixIntact
          ? {
              committedThroughLine: lines.at(-1)?.line ?? progress.committedThroughLine,
              committedDigest: digest,
            }
          : {}),
      };
      // The job's progress is committed with the chunk it counts (no transaction of its own), and
      // only while this worker still holds the job (else the chunk rolls back: see writeProgress).
      await writeProgress(tx, this.job.id, { ...progress, ...after }, 'running', ctx.now());
      return after;
    });
  }

  private recordRollback(lines: Entry[], failures: Failures) {
    const { progress } = this;
    this.prefixIntact = false;
    progress.chunksRolledBack += 1;
    progress.linesFailed += lines.length;
    const failed = new Set(failures.map((failure) => failure.line));
    progress.failures.push(
      ...failures,
      ...lines
        .filter((entry) => !failed.has(entry.line))
        .map((entry) => ({
          line: entry.line,
          errors: [importIssue('chunk', 'import.chunk_not_applied')],
        })),
    );
    progress.failures.sort((a, b) => a.line - b.line);
    // Only the first lines are reported by number; the rest are counted.
    progress.failures.length = Math.min(progress.failures.length, MAX_REPORTED_LINES);
  }

  private save(status: ImportJob['status'] = 'running'): Promise<ImportJob> {
    return withTenant({ db: this.ctx.db, tenantId: this.ctx.tenant.id }, (tx) =>
      writeProgress(tx, this.job.id, this.progress, status, this.ctx.now()),
    );
  }
}
