import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
  type CategoryAttribute,
  caseCategories,
  casePhotos,
  orgUnits,
  reportThrottles,
  residentRequests,
} from '../../schema';
import { recordAudit } from '../audit/audit.service';
import { authErrors } from '../auth/auth.errors';
import type { ServiceContext } from '../auth/context';
import type { BlobStore } from '../platform/blob-store';
import { decryptText, encryptText, randomToken, sha256HexOf } from '../platform/crypto';
import { type Transaction, withTenant } from '../platform/db';
import type { FieldIssue } from '../platform/errors';
import { refuseUnsafeText } from '../platform/text';
import { checkedPhotoType } from './case-photos.service';
import type { CaseRow } from './case-steps';
import { casesErrors } from './cases.errors';
import { attributeIssues, insertCase } from './cases.service';
import { residentErrors, residentIssue } from './resident.errors';

/**
 * The residents' front door: a report from the city's site or an Open311 client becomes a case at
 * 信息采集 (channel `resident`), collected by the report itself (`resident:<request id>`), so no
 * person's account is involved. The place is a community or grid of the city named by its code
 * (Open311 `address_id`); coordinates and an address line are optional and only describe it.
 */

/** Places a resident may name: the community and the grids in it. */
export const RESIDENT_PLACE_LEVELS = ['community', 'grid'];
/** Accepted reports per address per hour, for posts without an app's api_key. */
export const REPORTS_PER_HOUR = 10;

export interface ResidentReport {
  serviceCode: string;
  placeCode?: string | undefined;
  description?: string | undefined;
  address?: string | undefined;
  lat?: number | undefined;
  long?: number | undefined;
  /** Personal data: sealed with the data key, never shown publicly. */
  contact?: string | undefined;
  /** Answers to the category's questions, as text (Open311 `attribute[code]`, a form field). */
  attributes?: Record<string, string | string[]> | undefined;
}

export interface SubmittedReport {
  row: CaseRow;
  requestId: string;
  /** Handed to the reporter once: Open311's token, and the key to the satisfaction link. */
  token: string;
}

/** A text answer as the category's type wants it (`undefined` when absent or unreadable). */
function coerce(attribute: CategoryAttribute, raw: string | string[] | undefined): unknown {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (attribute.type === 'number') return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
  if (attribute.type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  if (attribute.type === 'date') return /^\d{4}-\d{2}-\d{2}/.test(text) ? text.slice(0, 10) : text;
  return text;
}

/** What is wrong with a report's fields (the category's questions aside), all at once. */
export function residentReportIssues(input: ResidentReport): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const description = input.description?.trim() ?? '';
  if (!description) issues.push(residentIssue('description', 'report.description_required'));
  if (description.length > 4000) issues.push(residentIssue('description', 'report.too_long'));
  if ((input.address ?? '').length > 300) issues.push(residentIssue('address_string', 'report.too_long'));
  if ((input.contact ?? '').length > 200) issues.push(residentIssue('contact', 'report.too_long'));
  if (!input.placeCode?.trim()) issues.push(residentIssue('address_id', 'report.place_required'));
  if (input.lat !== undefined && !(Number.isFinite(input.lat) && Math.abs(input.lat) <= 90))
    issues.push(residentIssue('lat', 'report.coordinate'));
  if (input.long !== undefined && !(Number.isFinite(input.long) && Math.abs(input.long) <= 180))
    issues.push(residentIssue('long', 'report.coordinate'));
  return issues;
}

/** Counts an accepted report against its address; over the limit the whole report is refused. */
async function countAgainst(tx: Transaction, ctx: ServiceContext, address: string): Promise<void> {
  const key = sha256HexOf(`${ctx.tenant.id}|${address}`);
  const at = ctx.now();
  const windowStart = new Date(at.getTime() - 60 * 60 * 1000);
  const [row] = await tx
    .insert(reportThrottles)
    .values({ key, count: 1, windowStartedAt: at })
    .onConflictDoUpdate({
      target: reportThrottles.key,
      set: {
        count: sql`case when ${reportThrottles.windowStartedAt} < ${windowStart} then 1 else ${reportThrottles.count} + 1 end`,
        windowStartedAt: sql`case when ${reportThrottles.windowStartedAt} < ${windowStart} then ${at} else ${reportThrottles.windowStartedAt} end`,
      },
    })
    .returning({ count: reportThrottles.count });
  if ((row?.count ?? 0) > REPORTS_PER_HOUR) throw residentErrors.throttled();
}

/** The public, active category a resident may report, by its code (Open311 `service_code`). */
export async function publicCategory(tx: Transaction, tenantId: string, code: string) {
  const [category] = await tx
    .select()
    .from(caseCategories)
    .where(and(eq(caseCategories.tenantId, tenantId), eq(caseCategories.code, code)));
  if (!category?.public || !category.active) throw residentErrors.serviceUnknown();
  return category;
}

/** A public category for readers (Open311 service definition, the report form). */
export async function readPublicCategory(ctx: Pick<ServiceContext, 'db' | 'tenant'>, code: string) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, (tx) => publicCategory(tx, ctx.tenant.id, code));
}

/** The communities and grids a resident may pick, in tree order (the report form's place list). */
export async function residentPlaces(ctx: Pick<ServiceContext, 'db' | 'tenant'>) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, (tx) =>
    tx
      .select({
        code: orgUnits.code,
        level: orgUnits.level,
        nameZh: orgUnits.nameZh,
        nameEn: orgUnits.nameEn,
      })
      .from(orgUnits)
      .where(
        and(
          eq(orgUnits.tenantId, ctx.tenant.id),
          isNull(orgUnits.validTo),
          inArray(orgUnits.level, RESIDENT_PLACE_LEVELS),
        ),
      )
      .orderBy(asc(orgUnits.code)),
  );
}

/**
 * A resident reports a problem (the form, or Open311 `POST requests`). Posted by an app, the actor is
 * its API client (scope `open311:post`); otherwise the system actor `resident`, and the report counts
 * against `from` (the caller's address) — at most `REPORTS_PER_HOUR` accepted an hour.
 */
export async function submitResidentReport(
  ctx: ServiceContext,
  input: ResidentReport,
  from: {
    address?: string | undefined;
    /** A photo from the report form: kept at collection, shown publicly only once staff publish it. */
    photo?: { bytes: Uint8Array; contentType: string } | undefined;
    blobs?: BlobStore | undefined;
  } = {},
): Promise<SubmittedReport> {
  if (ctx.actor.kind === 'api_client' && !ctx.actor.scopes.includes('open311:post'))
    throw residentErrors.apiKeyInvalid();
  if (ctx.actor.kind === 'api_client' && ctx.actor.tenantId !== ctx.tenant.id)
    throw residentErrors.apiKeyInvalid();
  const issues = residentReportIssues(input);
  if (issues.length > 0) throw residentErrors.invalid(issues);
  refuseUnsafeText(
    {
      description: input.description ?? '',
      address_string: input.address ?? '',
      contact: input.contact ?? '',
    },
    { multiline: ['description'] },
  );
  const contact = input.contact?.trim();
  if (contact && !ctx.dataKey) throw authErrors.noDataKey();
  const photoType = from.photo ? checkedPhotoType(from.photo) : undefined;
  if (from.photo && !from.blobs) throw casesErrors.photoStoreMissing();
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const category = await publicCategory(tx, ctx.tenant.id, input.serviceCode);
    const [place] = await tx
      .select({ id: orgUnits.id, level: orgUnits.level, validTo: orgUnits.validTo })
      .from(orgUnits)
      .where(and(eq(orgUnits.tenantId, ctx.tenant.id), eq(orgUnits.code, input.placeCode ?? '')));
    if (!place || place.validTo !== null || !RESIDENT_PLACE_LEVELS.includes(place.level))
      throw residentErrors.invalid([residentIssue('address_id', 'report.place_unknown')]);
    const attributes = Object.fromEntries(
      category.attributes.flatMap((attribute) => {
        const value = coerce(attribute, input.attributes?.[attribute.code]);
        return value === undefined ? [] : [[attribute.code, value]];
      }),
    );
    const wrong = attributeIssues(category.attributes, attributes);
    if (wrong.length > 0)
      throw residentErrors.invalid(
        wrong.map((issue) => ({ ...issue, path: issue.path.replace(/^attributes\.(.*)$/, 'attribute[$1]') })),
      );
    if (ctx.actor.kind !== 'api_client') await countAgainst(tx, ctx, from.address ?? 'unknown');
    const requestId = crypto.randomUUID();
    const description = (input.description ?? '').trim();
    const row = await insertCase(
      tx,
      ctx,
      {
        categoryId: category.id,
        orgUnitId: place.id,
        title: `${category.nameZh}：${[...description].slice(0, 40).join('')}`,
        description,
        location: input.address?.trim() ?? '',
        attributes,
      },
      { category, channel: 'resident', collectedBy: `resident:${requestId}` },
    );
    const token = randomToken(20);
    await tx.insert(residentRequests).values({
      id: requestId,
      tenantId: ctx.tenant.id,
      caseId: row.id,
      tokenHash: sha256HexOf(token),
      contactSealed: contact && ctx.dataKey ? await encryptText(ctx.dataKey, contact) : null,
      apiClientId: ctx.actor.kind === 'api_client' ? ctx.actor.id : null,
      lat: input.lat ?? null,
      long: input.long ?? null,
      createdAt: ctx.now(),
    });
    if (from.photo && from.blobs && photoType)
      await keepResidentPhoto(tx, ctx, from.blobs, row.id, requestId, { ...from.photo, type: photoType });
    return { row, requestId, token };
  });
}

/** The resident's photo at collection, unpublished (staff publish it after checking it). */
async function keepResidentPhoto(
  tx: Transaction,
  ctx: ServiceContext,
  blobs: BlobStore,
  caseId: string,
  requestId: string,
  photo: { bytes: Uint8Array; type: string },
) {
  const id = crypto.randomUUID();
  const key = `${ctx.tenant.id}/cases/${caseId}/${id}`;
  await blobs.put(key, photo.bytes, photo.type);
  await tx.insert(casePhotos).values({
    id,
    tenantId: ctx.tenant.id,
    caseId,
    stage: 'collection',
    key,
    contentType: photo.type,
    bytes: photo.bytes.byteLength,
    sha256: encodeHexLowerCase(sha256(photo.bytes)),
    uploadedBy: `resident:${requestId}`,
    createdAt: ctx.now(),
  });
  await recordAudit(
    ctx,
    tx,
    'case.photo_add',
    { type: 'case', id: caseId },
    { photoId: id, stage: 'collection', bytes: photo.bytes.byteLength },
  );
}

/** Shows the middle of a contact as stars: `138****5678`, `a***@example.org`. */
export function maskContact(contact: string): string {
  const chars = [...contact];
  if (chars.length <= 4) return '*'.repeat(chars.length);
  const keep = chars.length >= 11 ? 3 : 1;
  return chars.slice(0, keep).join('') + '*'.repeat(chars.length - keep - 4) + chars.slice(-4).join('');
}

/**
 * The reporter of a resident's case as staff see it: the contact masked (the case is already
 * readable to them; the full contact is shown to no one by the API).
 */
export async function residentReporter(
  ctx: Pick<ServiceContext, 'db' | 'tenant' | 'dataKey'>,
  row: CaseRow,
): Promise<ResidentReporter | null> {
  if (row.channel !== 'resident') return null;
  const [request] = await withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, (tx) =>
    tx
      .select({
        contactSealed: residentRequests.contactSealed,
        lat: residentRequests.lat,
        long: residentRequests.long,
      })
      .from(residentRequests)
      .where(and(eq(residentRequests.tenantId, ctx.tenant.id), eq(residentRequests.caseId, row.id))),
  );
  const point =
    request && request.lat !== null && request.long !== null
      ? { lat: request.lat, long: request.long }
      : null;
  if (!request?.contactSealed || !ctx.dataKey) return { contact: null, point };
  return { contact: maskContact(await decryptText(ctx.dataKey, request.contactSealed)), point };
}

/**
 * What staff see of a resident's report beside the case: the contact masked, and the point the
 * resident marked (WGS-84, as Open311 `lat`/`long` take it), if they marked one.
 */
export interface ResidentReporter {
  contact: string | null;
  point: { lat: number; long: number } | null;
}
