import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { and, asc, count, eq } from 'drizzle-orm';
import { casePhotos, cases, type PhotoStage } from '../../schema';
import { recordAudit } from '../audit/audit.service';
import { authErrors } from '../auth/auth.errors';
import type { ServiceContext } from '../auth/context';
import type { BlobStore } from '../platform/blob-store';
import { withTenant } from '../platform/db';
import { actorRef, actsForDepartment, holdsOverUnit, mayReadCase, requireCity } from './case-access';
import { type CaseRow, lockCase } from './case-steps';
import { casesErrors } from './cases.errors';

export type PhotoRow = typeof casePhotos.$inferSelect;

/** 5 MB a photo (a phone's JPEG is 2–4 MB), nine a case. */
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
const PHOTOS_PER_CASE = 9;

/** The formats we keep, known by their first bytes (a declared type alone is the client's word). */
const SIGNATURES: Record<string, (bytes: Uint8Array) => boolean> = {
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) =>
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((value, index) => b[index] === value),
  'image/webp': (b) =>
    String.fromCharCode(...b.slice(0, 4)) === 'RIFF' && String.fromCharCode(...b.slice(8, 12)) === 'WEBP',
};
export const PHOTO_TYPES = Object.keys(SIGNATURES);

/** The photo's type when its bytes are one we keep and it is small enough; refused otherwise. */
export function checkedPhotoType(upload: { bytes: Uint8Array; contentType: string }): string {
  const type = upload.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  const check = SIGNATURES[type];
  if (!check) throw casesErrors.photoType();
  if (upload.bytes.byteLength > PHOTO_MAX_BYTES) throw casesErrors.photoTooLarge();
  if (upload.bytes.byteLength < 12 || !check(upload.bytes)) throw casesErrors.photoType();
  return type;
}

/** The stage a photo belongs to, from the case's status: collection, handling or verification. */
function stageFor(row: CaseRow): PhotoStage | undefined {
  if (row.status === 'collected' || row.status === 'registered') return 'collection';
  if (row.status === 'dispatched' || row.status === 'handling') return 'handling';
  if (row.status === 'reported') return 'verification';
  return undefined;
}

/**
 * Adds a photo to the case's current stage: at collection by whoever collected it or manages it,
 * while handling by its handler, at verification by whoever may verify. Checked for type (by its
 * bytes) and size before anything is stored; the row and its audit entry share one transaction.
 */
export async function addCasePhoto(
  ctx: ServiceContext,
  blobs: BlobStore | undefined,
  caseId: string,
  upload: { bytes: Uint8Array; contentType: string },
): Promise<PhotoRow> {
  requireCity(ctx);
  if (!blobs) throw casesErrors.photoStoreMissing();
  const type = checkedPhotoType(upload);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const row = await lockCase(tx, ctx.tenant.id, caseId, [
      'collected',
      'registered',
      'dispatched',
      'handling',
      'reported',
    ]);
    if (!(await mayReadCase(tx, ctx, row))) throw casesErrors.notFound();
    const stage = stageFor(row);
    if (!stage)
      throw casesErrors.wrongStatus(row.status, [
        'collected',
        'registered',
        'dispatched',
        'handling',
        'reported',
      ]);
    const acting =
      stage === 'handling'
        ? actsForDepartment(ctx.actor, 'cases.handle', row.handlerDepartmentId) ||
          (row.handlerOrgUnitId !== null &&
            (await holdsOverUnit(tx, ctx, 'cases.handle', row.handlerOrgUnitId)))
        : row.collectedBy === actorRef(ctx.actor) ||
          (await holdsOverUnit(tx, ctx, 'cases.manage', row.orgUnitId));
    if (!acting) throw authErrors.forbidden('cases.report');
    const [existing] = await tx
      .select({ n: count() })
      .from(casePhotos)
      .where(and(eq(casePhotos.tenantId, ctx.tenant.id), eq(casePhotos.caseId, caseId)));
    if ((existing?.n ?? 0) >= PHOTOS_PER_CASE) throw casesErrors.photoLimit();
    const id = crypto.randomUUID();
    const key = `${ctx.tenant.id}/cases/${caseId}/${id}`;
    await blobs.put(key, upload.bytes, type);
    const [photo] = await tx
      .insert(casePhotos)
      .values({
        id,
        tenantId: ctx.tenant.id,
        caseId,
        stage,
        key,
        contentType: type,
        bytes: upload.bytes.byteLength,
        sha256: encodeHexLowerCase(sha256(upload.bytes)),
        uploadedBy: actorRef(ctx.actor),
        createdAt: ctx.now(),
      })
      .returning();
    if (!photo) throw new Error('insert returned no row');
    await recordAudit(
      ctx,
      tx,
      'case.photo_add',
      { type: 'case', id: caseId },
      { photoId: id, stage, bytes: photo.bytes },
    );
    return photo;
  });
}

/** The case's photos (their rows), for whoever may read the case. */
export async function listCasePhotos(ctx: ServiceContext, row: CaseRow): Promise<PhotoRow[]> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, (tx) =>
    tx
      .select()
      .from(casePhotos)
      .where(and(eq(casePhotos.tenantId, ctx.tenant.id), eq(casePhotos.caseId, row.id)))
      .orderBy(asc(casePhotos.createdAt)),
  );
}

/** A photo's bytes, only for those who may read its case (others: 404, as if it did not exist). */
export async function readCasePhoto(
  ctx: ServiceContext,
  blobs: BlobStore | undefined,
  caseId: string,
  photoId: string,
): Promise<{ photo: PhotoRow; body: Uint8Array }> {
  requireCity(ctx);
  if (!blobs) throw casesErrors.photoStoreMissing();
  const photo = await withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const [row] = await tx
      .select()
      .from(cases)
      .where(and(eq(cases.tenantId, ctx.tenant.id), eq(cases.id, caseId)));
    if (!row || !(await mayReadCase(tx, ctx, row))) throw casesErrors.photoNotFound();
    const [found] = await tx
      .select()
      .from(casePhotos)
      .where(
        and(
          eq(casePhotos.tenantId, ctx.tenant.id),
          eq(casePhotos.caseId, caseId),
          eq(casePhotos.id, photoId),
        ),
      );
    if (!found) throw casesErrors.photoNotFound();
    return found;
  });
  const stored = await blobs.get(photo.key);
  if (!stored) throw casesErrors.photoNotFound();
  return { photo, body: stored.body };
}

/** A case manager publishes a photo for public views (after checking it shows no face or plate). */
export async function publishCasePhoto(
  ctx: ServiceContext,
  caseId: string,
  photoId: string,
): Promise<PhotoRow> {
  requireCity(ctx);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const [row] = await tx
      .select()
      .from(cases)
      .where(and(eq(cases.tenantId, ctx.tenant.id), eq(cases.id, caseId)));
    if (!row) throw casesErrors.photoNotFound();
    if (!(await holdsOverUnit(tx, ctx, 'cases.manage', row.orgUnitId))) {
      if (!(await mayReadCase(tx, ctx, row))) throw casesErrors.photoNotFound();
      throw authErrors.forbidden('cases.manage');
    }
    const [photo] = await tx
      .update(casePhotos)
      .set({ publishedAt: ctx.now(), publishedBy: actorRef(ctx.actor) })
      .where(
        and(
          eq(casePhotos.tenantId, ctx.tenant.id),
          eq(casePhotos.caseId, caseId),
          eq(casePhotos.id, photoId),
        ),
      )
      .returning();
    if (!photo) throw casesErrors.photoNotFound();
    await recordAudit(ctx, tx, 'case.photo_publish', { type: 'case', id: caseId }, { photoId });
    return photo;
  });
}
