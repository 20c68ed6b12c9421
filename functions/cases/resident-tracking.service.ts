import { and, asc, desc, eq, gte, inArray, isNotNull, lte, ne, type SQL } from 'drizzle-orm';
import {
  caseCategories,
  caseEvents,
  casePhotos,
  cases,
  departments,
  orgUnits,
  residentRequests,
} from '../../schema';
import type { ReadContext, ServiceContext } from '../auth/context';
import type { BlobStore } from '../platform/blob-store';
import { constantTimeEqualText, sha256HexOf } from '../platform/crypto';
import { type Executor, withTenant } from '../platform/db';
import { refuseUnsafeText } from '../platform/text';
import { rateLocked, reopenLocked } from './case-handling.service';
import { type CaseEventRow, lockCase } from './case-steps';
import { residentErrors } from './resident.errors';

/**
 * What the public may know of a resident's report: its number, category, place, status, timeline
 * kinds and dates, the handling department. Never the contact, never who acted (staff ids), never
 * the reasons staff wrote (they may name people); the resident's own description is shown, as
 * Open311 servers do.
 */
export interface PublicRequest {
  number: string;
  status: (typeof cases.$inferSelect)['status'];
  serviceCode: string;
  serviceName: { zh: string; en: string };
  description: string;
  address: string;
  placeCode: string;
  placeName: { zh: string; en: string };
  department: { zh: string; en: string } | null;
  lat: number | null;
  long: number | null;
  requestedAt: Date;
  updatedAt: Date;
  expectedAt: Date | null;
  closedAt: Date | null;
  satisfaction: number | null;
  satisfiedAt: Date | null;
  /** 给居民的答复 from the handler's latest report, while that report stands (handled, closed). */
  publicReply: string | null;
}

/** The statuses in which the handler's latest report stands (not sent back since). */
const REPLY_STANDS = new Set(['reported', 'closed', 'evaluated']);

/** Days after closure the satisfaction link stays open. */
export const FEEDBACK_DAYS = 14;

const columns = {
  number: cases.number,
  status: cases.status,
  serviceCode: caseCategories.code,
  nameZh: caseCategories.nameZh,
  nameEn: caseCategories.nameEn,
  description: cases.description,
  address: cases.location,
  placeCode: orgUnits.code,
  placeZh: orgUnits.nameZh,
  placeEn: orgUnits.nameEn,
  departmentZh: departments.nameZh,
  departmentEn: departments.nameEn,
  lat: residentRequests.lat,
  long: residentRequests.long,
  requestedAt: cases.createdAt,
  updatedAt: cases.updatedAt,
  expectedAt: cases.stageDueAt,
  closedAt: cases.closedAt,
  satisfaction: cases.satisfaction,
  satisfiedAt: residentRequests.satisfiedAt,
  publicReply: cases.publicReply,
  caseId: cases.id,
};

function selectPublic(tx: Executor, where: SQL | undefined) {
  return tx
    .select(columns)
    .from(residentRequests)
    .innerJoin(cases, eq(cases.id, residentRequests.caseId))
    .innerJoin(caseCategories, eq(caseCategories.id, cases.categoryId))
    .innerJoin(orgUnits, eq(orgUnits.id, cases.orgUnitId))
    .leftJoin(departments, eq(departments.id, cases.handlerDepartmentId))
    .where(where);
}

type Row = Awaited<ReturnType<typeof selectPublic>>[number];

const toPublic = (row: Row): PublicRequest => ({
  number: row.number,
  status: row.status,
  serviceCode: row.serviceCode,
  serviceName: { zh: row.nameZh, en: row.nameEn },
  description: row.description,
  address: row.address,
  placeCode: row.placeCode,
  placeName: { zh: row.placeZh, en: row.placeEn },
  department: row.departmentZh ? { zh: row.departmentZh, en: row.departmentEn ?? row.departmentZh } : null,
  lat: row.lat,
  long: row.long,
  requestedAt: row.requestedAt,
  updatedAt: row.updatedAt,
  expectedAt: row.expectedAt,
  closedAt: row.closedAt,
  satisfaction: row.satisfaction,
  satisfiedAt: row.satisfiedAt,
  publicReply: row.publicReply && REPLY_STANDS.has(row.status) ? row.publicReply : null,
});

/** Timeline entries as the public sees them: what happened and when, nothing of who or why. */
export interface PublicEvent {
  kind: string;
  at: Date;
  toLevel?: string;
  /** A report's reply to the resident (written for the public, checked for personal data). */
  reply?: string;
}

const publicEvent = (event: CaseEventRow): PublicEvent => ({
  kind: event.kind,
  at: event.at,
  ...publicDetails(event.kind, event.details),
});

/** What of a step's details the public reads: where an escalation went, a report's reply. */
export function publicDetails(
  kind: string,
  details: Record<string, unknown>,
): Pick<PublicEvent, 'toLevel' | 'reply'> {
  if (kind === 'escalate' && typeof details.toLevel === 'string') return { toLevel: details.toLevel };
  if (kind === 'report' && typeof details.publicReply === 'string') return { reply: details.publicReply };
  return {};
}

/** A resident's report by its number, with its public timeline. */
export async function publicRequest(
  ctx: ReadContext,
  number: string,
): Promise<{ request: PublicRequest; events: PublicEvent[] }> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const [row] = await selectPublic(
      tx,
      and(eq(residentRequests.tenantId, ctx.tenant.id), eq(cases.number, number)),
    );
    if (!row) throw residentErrors.requestNotFound();
    const events = await tx
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.tenantId, ctx.tenant.id), eq(caseEvents.caseId, row.caseId)))
      .orderBy(asc(caseEvents.seq));
    return { request: toPublic(row), events: events.map(publicEvent) };
  });
}

export interface RequestFilter {
  numbers?: string[] | undefined;
  serviceCodes?: string[] | undefined;
  status?: 'open' | 'closed' | undefined;
  start?: Date | undefined;
  end?: Date | undefined;
}

const CLOSED = ['closed', 'evaluated', 'refused'] as const;
const OPEN = ['collected', 'registered', 'dispatched', 'handling', 'reported'] as const;

/**
 * Residents' reports, newest first. As the spec's default: the last 90 days, at most 1000, unless
 * numbers are asked for.
 */
export async function listPublicRequests(ctx: ReadContext, filter: RequestFilter): Promise<PublicRequest[]> {
  const end = filter.end ?? ctx.now();
  const start = filter.start ?? new Date(end.getTime() - 90 * 24 * 60 * 60 * 1000);
  const conditions = [eq(residentRequests.tenantId, ctx.tenant.id)];
  if (filter.numbers?.length) conditions.push(inArray(cases.number, filter.numbers));
  else conditions.push(gte(cases.createdAt, start), lte(cases.createdAt, end));
  if (filter.serviceCodes?.length) conditions.push(inArray(caseCategories.code, filter.serviceCodes));
  if (filter.status)
    conditions.push(inArray(cases.status, filter.status === 'open' ? [...OPEN] : [...CLOSED]));
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const rows = await selectPublic(tx, and(...conditions))
      .orderBy(desc(cases.createdAt))
      .limit(1000);
    return rows.map(toPublic);
  });
}

/**
 * Other open residents' reports of the same category in the same community or grid (the duplicate
 * hint on the form's answer: "3 open reports in this grid look similar"), newest first, at most 10.
 */
export async function similarOpenReports(ctx: ReadContext, number: string): Promise<string[]> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const [self] = await tx
      .select({ id: cases.id, categoryId: cases.categoryId, orgUnitId: cases.orgUnitId })
      .from(cases)
      .where(and(eq(cases.tenantId, ctx.tenant.id), eq(cases.number, number)));
    if (!self) return [];
    const rows = await tx
      .select({ number: cases.number })
      .from(residentRequests)
      .innerJoin(cases, eq(cases.id, residentRequests.caseId))
      .where(
        and(
          eq(residentRequests.tenantId, ctx.tenant.id),
          eq(cases.orgUnitId, self.orgUnitId),
          eq(cases.categoryId, self.categoryId),
          ne(cases.id, self.id),
          inArray(cases.status, [...OPEN]),
        ),
      )
      .orderBy(desc(cases.createdAt))
      .limit(10);
    return rows.map((row) => row.number);
  });
}

/** Open311 `tokens/{token}`: the number of the report the token was handed out for. */
export async function numberForToken(ctx: ReadContext, token: string): Promise<string> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const [row] = await tx
      .select({ number: cases.number })
      .from(residentRequests)
      .innerJoin(cases, eq(cases.id, residentRequests.caseId))
      .where(
        and(eq(residentRequests.tenantId, ctx.tenant.id), eq(residentRequests.tokenHash, sha256HexOf(token))),
      );
    if (!row) throw residentErrors.tokenUnknown();
    return row.number;
  });
}

/**
 * The resident answers after closure, with the token they were given: `satisfied` closes the report
 * for good (satisfaction 5 in the case's evaluation); `not_solved` reopens the case to its handler
 * with their words. Open for `FEEDBACK_DAYS` days after each closure.
 */
export async function answerSatisfaction(
  ctx: ServiceContext,
  number: string,
  input: { token: string; answer: 'satisfied' | 'not_solved'; words?: string | undefined },
) {
  const words = (input.words ?? '').trim().slice(0, 2000);
  refuseUnsafeText({ words }, { multiline: ['words'] });
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const [found] = await tx
      .select({ request: residentRequests, caseId: cases.id })
      .from(residentRequests)
      .innerJoin(cases, eq(cases.id, residentRequests.caseId))
      .where(and(eq(residentRequests.tenantId, ctx.tenant.id), eq(cases.number, number)));
    if (!found) throw residentErrors.requestNotFound();
    if (found.request.tokenHash !== sha256HexOf(input.token)) throw residentErrors.feedbackToken();
    if (found.request.satisfiedAt) throw residentErrors.feedbackFinal();
    const [current] = await tx.select({ status: cases.status }).from(cases).where(eq(cases.id, found.caseId));
    if (current?.status !== 'closed' && current?.status !== 'evaluated')
      throw residentErrors.feedbackNotClosed();
    const row = await lockCase(tx, ctx.tenant.id, found.caseId, ['closed', 'evaluated']);
    if (!row.closedAt || ctx.now().getTime() - row.closedAt.getTime() > FEEDBACK_DAYS * 86_400_000)
      throw residentErrors.feedbackExpired();
    if (input.answer === 'satisfied') {
      await tx
        .update(residentRequests)
        .set({ satisfiedAt: ctx.now() })
        .where(eq(residentRequests.id, found.request.id));
      return rateLocked(ctx, tx, row, words);
    }
    await tx
      .update(residentRequests)
      .set({ reopened: found.request.reopened + 1 })
      .where(eq(residentRequests.id, found.request.id));
    return reopenLocked(ctx, tx, row, words || '—');
  });
}

/**
 * Whether `token` is the one handed out for this request, and whether the satisfaction answer is
 * open to its holder now (closed, not yet rated satisfied, within `FEEDBACK_DAYS` of the closure).
 */
export async function feedbackFor(
  ctx: ReadContext,
  number: string,
  token: string,
): Promise<{ holds: boolean; open: boolean }> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const [row] = await tx
      .select({
        tokenHash: residentRequests.tokenHash,
        satisfiedAt: residentRequests.satisfiedAt,
        status: cases.status,
        closedAt: cases.closedAt,
      })
      .from(residentRequests)
      .innerJoin(cases, eq(cases.id, residentRequests.caseId))
      .where(and(eq(residentRequests.tenantId, ctx.tenant.id), eq(cases.number, number)));
    if (!row || !constantTimeEqualText(row.tokenHash, sha256HexOf(token)))
      return { holds: false, open: false };
    const open =
      (row.status === 'closed' || row.status === 'evaluated') &&
      !row.satisfiedAt &&
      row.closedAt !== null &&
      ctx.now().getTime() - row.closedAt.getTime() <= FEEDBACK_DAYS * 86_400_000;
    return { holds: true, open };
  });
}

/** The photos of a resident's request that staff published, oldest first (ids only). */
export async function publishedPhotoIds(ctx: ReadContext, number: string): Promise<string[]> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const rows = await tx
      .select({ id: casePhotos.id })
      .from(casePhotos)
      .innerJoin(cases, eq(cases.id, casePhotos.caseId))
      .innerJoin(residentRequests, eq(residentRequests.caseId, cases.id))
      .where(
        and(
          eq(casePhotos.tenantId, ctx.tenant.id),
          eq(cases.number, number),
          isNotNull(casePhotos.publishedAt),
        ),
      )
      .orderBy(asc(casePhotos.createdAt));
    return rows.map((row) => row.id);
  });
}

/** A published photo's bytes for the public page; unpublished or unknown: 404. */
export async function publishedPhoto(
  ctx: ReadContext,
  blobs: BlobStore | undefined,
  number: string,
  photoId: string,
): Promise<{ body: Uint8Array; contentType: string }> {
  const ids = await publishedPhotoIds(ctx, number);
  if (!blobs || !ids.includes(photoId)) throw residentErrors.requestNotFound();
  const [photo] = await withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, (tx) =>
    tx
      .select({ key: casePhotos.key, contentType: casePhotos.contentType })
      .from(casePhotos)
      .where(and(eq(casePhotos.tenantId, ctx.tenant.id), eq(casePhotos.id, photoId))),
  );
  const stored = photo ? await blobs.get(photo.key) : undefined;
  if (!photo || !stored) throw residentErrors.requestNotFound();
  return { body: stored.body, contentType: photo.contentType };
}
