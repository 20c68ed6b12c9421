import { and, eq } from 'drizzle-orm';
import { importJobs } from '../../../schema';
import { authorize } from '../../auth/authorize';
import type { ServiceContext } from '../../auth/context';
import { type Executor, withTenant } from '../../platform/db';
import { type FieldIssue, pgCodes, pgErrorCode } from '../../platform/errors';
import type { Params } from '../../platform/messages';
import { type CatalogField, loadCatalog } from '../catalog/catalog.service';
import type { BulkOptions } from './bulk-lines';
import { importErrors, importIssue } from './imports.errors';

/** An import job's row: its progress, its lease and where it stands. */
export type ImportJob = typeof importJobs.$inferSelect;

/**
 * How long a running import's lease lasts. The import renews it with every chunk and every 30 s
 * while it waits for its upload; a `running` job not renewed for this long has lost its worker
 * (killed, or its isolate ended) and is shown — and may be resumed as — `interrupted`.
 */
export const LEASE_MS = 2 * 60 * 1000;

/** SHA-256 of no lines at all: the digest of a job whose cursor is at line 0. */
export const EMPTY_DIGEST = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** The part of a job the running import keeps in memory and writes after every chunk. */
export interface Progress {
  linesRead: number;
  linesApplied: number;
  linesFailed: number;
  chunksCommitted: number;
  chunksRolledBack: number;
  committedThroughLine: number;
  committedDigest: string;
  failures: { line: number; errors: FieldIssue[] }[];
}

/** The lines reported by number (the rest are counted); the errors kept per line; a text's length. */
export const MAX_REPORTED_LINES = 1000;
const MAX_ERRORS_PER_LINE = 20;
const MAX_TEXT = 300;
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const clean = (text: string) =>
  text.slice(0, MAX_TEXT).replace(LONE_SURROGATES, '\uFFFD').replaceAll('\u0000', '\uFFFD');

function cleanParams(params: Params): Params {
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => [
      name,
      typeof value === 'string'
        ? clean(value)
        : Array.isArray(value)
          ? value.slice(0, MAX_ERRORS_PER_LINE).map((item) => (typeof item === 'string' ? clean(item) : item))
          : value,
    ]),
  );
}

/**
 * The report as the database can hold it, and small: a message and its params may echo what a line
 * sent (a domain's name), which may hold a NUL or half a surrogate pair (refused by jsonb: the whole
 * import would fail on its report) or a megabyte of text. Codes are the catalogue's own.
 */
export function storableFailures(failures: Progress['failures']): Progress['failures'] {
  return failures.slice(0, MAX_REPORTED_LINES).map((failure) => ({
    line: failure.line,
    errors: failure.errors.slice(0, MAX_ERRORS_PER_LINE).map((issue) => ({
      path: clean(issue.path),
      code: issue.code,
      ...(issue.params ? { params: cleanParams(issue.params) } : {}),
      message: clean(issue.message),
    })),
  }));
}

/** The status to show: a running job whose lease lapsed has lost its worker. */
export function shownStatus(job: ImportJob, now: Date): ImportJob['status'] {
  if (job.status !== 'running') return job.status;
  const beat = job.heartbeatAt ?? job.createdAt;
  return now.getTime() - beat.getTime() > LEASE_MS ? 'interrupted' : 'running';
}

/**
 * Writes the import's progress and renews its lease, in the caller's transaction (a chunk's, so the
 * progress commits with what it counts). Only while the job is `running`: a job a resume claimed is
 * `interrupted`, and its old worker, if it still lives, is stopped here — its chunk rolls back.
 */
export async function writeProgress(
  db: Executor,
  jobId: string,
  state: Progress,
  status: ImportJob['status'],
  now: Date,
): Promise<ImportJob> {
  const [row] = await db
    .update(importJobs)
    .set({
      ...state,
      failures: storableFailures(state.failures),
      status,
      heartbeatAt: now,
      ...(status === 'running' ? {} : { finishedAt: now }),
    })
    .where(and(eq(importJobs.id, jobId), eq(importJobs.status, 'running')))
    .returning();
  if (!row) throw importErrors.takenOver();
  return row;
}

/** Renews the lease alone (the import is waiting for its upload), fenced as `writeProgress` is. */
export async function renewLease(db: Executor, jobId: string, now: Date): Promise<void> {
  const rows = await db
    .update(importJobs)
    .set({ heartbeatAt: now })
    .where(and(eq(importJobs.id, jobId), eq(importJobs.status, 'running')))
    .returning({ id: importJobs.id });
  if (rows.length === 0) throw importErrors.takenOver();
}

async function ownJob(tx: Executor, ctx: ServiceContext, id: string, lock: boolean): Promise<ImportJob> {
  const query = tx
    .select()
    .from(importJobs)
    .where(and(eq(importJobs.tenantId, ctx.tenant.id), eq(importJobs.id, id)));
  const [job] = lock ? await query.for('update') : await query;
  if (!job || job.principal !== `${ctx.actor.kind}:${ctx.actor.id}`) throw importErrors.notFound();
  return job;
}

/** Refuses to resume a job that is running, finished, already resumed, or of another kind. */
async function refuseResume(tx: Executor, job: ImportJob, options: BulkOptions, now: Date): Promise<void> {
  const [resumer] = await tx
    .select({ id: importJobs.id })
    .from(importJobs)
    .where(eq(importJobs.resumedFromId, job.id));
  if (resumer) throw importErrors.alreadyResumed(resumer.id);
  if (job.status === 'completed' || job.status === 'completed_with_errors')
    throw importErrors.finished(job.status);
  if (shownStatus(job, now) === 'running') throw importErrors.running();
  const issues: FieldIssue[] = [];
  if (job.format !== options.format)
    issues.push(importIssue('format', 'import.resume_format', { was: job.format, now: options.format }));
  if ((job.domainKey ?? undefined) !== options.domainKey)
    issues.push(importIssue('domain', 'import.resume_domain', { domain: job.domainKey }));
  if (issues.length > 0) throw importErrors.resumeMismatch(issues);
}

/**
 * The job a resume asks for, if it may be resumed: checked before the upload is read, so a refusal
 * costs nothing and writes nothing. (Checked again, under lock, when the resume claims it.)
 */
export async function resumableJob(
  ctx: ServiceContext,
  options: BulkOptions,
  id: string,
): Promise<ImportJob> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'facets.write', { tenantId: ctx.tenant.id });
    const job = await ownJob(tx, ctx, id, false);
    await refuseResume(tx, job, options, ctx.now());
    return job;
  });
}

/** What the upload showed before the job started: the lines a resume skips, with their digest. */
export interface Verified {
  previous: ImportJob;
  throughLine: number;
  digest: string;
}

/**
 * Records the job, in one transaction with its claim on the job it resumes: that job is locked,
 * checked again (a concurrent resume waits here, then finds it resumed), marked `interrupted` if
 * it was still `running` (its lapsed worker is fenced off from then on), and named as this one's
 * `resumedFromId` (unique: a job is resumed once). Its cursor must still be where the upload was
 * checked against: if it moved, its worker is alive.
 */
export async function startJob(
  ctx: ServiceContext,
  options: BulkOptions,
  resume: Verified | undefined,
): Promise<{ job: ImportJob; catalog: CatalogField[] }> {
  try {
    return await withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
      await authorize(tx, ctx.actor, 'facets.write', { tenantId: ctx.tenant.id });
      const now = ctx.now();
      if (resume) {
        const previous = await ownJob(tx, ctx, resume.previous.id, true);
        await refuseResume(tx, previous, options, now);
        if (previous.committedThroughLine !== resume.throughLine) throw importErrors.running();
        if (previous.status === 'running')
          await tx
            .update(importJobs)
            .set({ status: 'interrupted', finishedAt: now })
            .where(eq(importJobs.id, previous.id));
      }
      const [created] = await tx
        .insert(importJobs)
        .values({
          ...(options.jobId ? { id: options.jobId } : {}),
          tenantId: ctx.tenant.id,
          principal: `${ctx.actor.kind}:${ctx.actor.id}`,
          format: options.format,
          domainKey: options.domainKey ?? null,
          status: 'running',
          chunkSize: options.chunkSize,
          resumedFromId: resume?.previous.id ?? null,
          committedThroughLine: resume?.throughLine ?? 0,
          committedDigest: resume?.digest ?? EMPTY_DIGEST,
          heartbeatAt: now,
        })
        .returning();
      if (!created) throw new Error('insert returned no row');
      return { job: created, catalog: await loadCatalog(tx, ctx.tenant.id) };
    });
  } catch (error) {
    // Two resumes of one job past each other's checks: the index lets one through.
    if (resume && pgErrorCode(error) === pgCodes.uniqueViolation) throw importErrors.alreadyResumed();
    throw error;
  }
}

/** One of the caller's own jobs, its status as shown (a lapsed lease shows `interrupted`). */
export async function findOwnJob(ctx: ServiceContext, id: string): Promise<ImportJob> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'facets.write', { tenantId: ctx.tenant.id });
    const job = await ownJob(tx, ctx, id, false);
    return { ...job, status: shownStatus(job, ctx.now()) };
  });
}
