import type { ServiceContext } from '../../auth/context';
import { EMPTY_DIGEST, findOwnJob, type ImportJob, resumableJob, startJob, type Verified } from './bulk-jobs';
import { type BulkOptions, type Entry, readHeader } from './bulk-lines';
import {
  LineDigest,
  numberedLines,
  prefetch,
  refuseDeclaredSize,
  spreadsheetEntries,
  UploadBody,
} from './bulk-read';
import { ImportRun } from './bulk-run';
import { importErrors, importIssue } from './imports.errors';

export type { ImportJob } from './bulk-jobs';

/** What a resume reads of its upload before its job is recorded: anything wrong there writes nothing. */
interface Start {
  header: string[] | undefined;
  resume: Verified | undefined;
  /** Lines (not blank, not the header) among those the resume skips: they count as read. */
  skippedLines: number;
  /** The first line after the skipped ones, already read. */
  first: Entry | undefined;
}

/**
 * For a resume, the lines the resumed job already applied (the header among them): hashed and
 * compared with the digest stored with its cursor, so a resume continues the same file. A new
 * import reads nothing here: its job is recorded first, so that even an upload that breaks on its
 * first line leaves a job that says so.
 */
async function readStart(
  ctx: ServiceContext,
  options: BulkOptions,
  entries: AsyncIterator<Entry>,
  digest: LineDigest,
): Promise<Start> {
  const start: Start = { header: undefined, resume: undefined, skippedLines: 0, first: undefined };
  if (!options.resumeJobId) return start;
  // Refused before a byte is read if it cannot be resumed at all.
  const previous = await resumableJob(ctx, options, options.resumeJobId);
  const through = previous.committedThroughLine;
  for (
    let next = through > 0 ? await entries.next() : undefined;
    next && !next.done;
    next = await entries.next()
  ) {
    const entry = next.value;
    if (entry.line > through) {
      start.first = entry;
      break;
    }
    digest.add(entry);
    if (options.format !== 'ndjson' && !start.header) start.header = readHeader(entry);
    else if (entry.tooLong || entry.cells || entry.text.trim() !== '') start.skippedLines += 1;
  }
  start.resume = verify(previous, digest);
  return start;
}

function verify(previous: ImportJob, digest: LineDigest): Verified {
  const through = previous.committedThroughLine;
  const value = digest.value();
  // A job from before digests were kept can be resumed only from its start.
  const stored = previous.committedDigest ?? (through === 0 ? EMPTY_DIGEST : undefined);
  if (value !== stored)
    throw importErrors.resumeMismatch([
      importIssue('file', 'import.resume_lines_differ', { through, job: previous.id }),
    ]);
  return { previous, throughLine: through, digest: value };
}

/**
 * Bulk push, streamed: lines are read as they arrive and applied in chunks, each chunk in one
 * transaction (see `ImportRun`). Bounded: the body by its format's limit (413), a line by 1 MB (its
 * error), and the work by the client (`options.signal`: it stops and shows `interrupted`).
 * `resumeJobId` continues a job that stopped — interrupted, failed, or running with its lease lapsed
 * — once, and only with the same file: the lines it skips must be those the job applied.
 */
export async function bulkPush(
  ctx: ServiceContext,
  options: BulkOptions,
  stream: ReadableStream<Uint8Array>,
): Promise<ImportJob> {
  refuseDeclaredSize(options.format, options.contentLength);
  const body = new UploadBody(stream, options.format, options.signal);
  try {
    // A spreadsheet is read whole (and refused if unreadable) before any job is recorded.
    const entries =
      options.format === 'xlsx'
        ? await prefetch(spreadsheetEntries(body))
        : numberedLines(body)[Symbol.asyncIterator]();
    const digest = new LineDigest();
    const start = await readStart(ctx, options, entries, digest);
    const { job, catalog } = await startJob(ctx, options, start.resume);
    const progress = {
      linesRead: start.skippedLines,
      linesApplied: 0,
      linesFailed: 0,
      chunksCommitted: 0,
      chunksRolledBack: 0,
      committedThroughLine: job.committedThroughLine,
      committedDigest: job.committedDigest ?? EMPTY_DIGEST,
      failures: [],
    };
    const run = new ImportRun(ctx, options, job, catalog, start.header, digest, progress);
    return await run.run(entries, start.first);
  } catch (error) {
    await body.finish();
    throw error;
  }
}

export async function getImportJob(ctx: ServiceContext, id: string): Promise<ImportJob> {
  return findOwnJob(ctx, id);
}
