import { and, asc, desc, eq, or } from 'drizzle-orm';
import { correctionRequests, residents } from '../../../schema';
import { recordAudit } from '../../audit/audit.service';
import { authorize } from '../../auth/authorize';
import type { ServiceContext } from '../../auth/context';
import { inTransaction } from '../../platform/context';
import { todayIn } from '../../platform/dates';
import { withTenant } from '../../platform/db';
import { loadCatalog } from '../catalog/catalog.service';
import { pushFacet } from '../registry/facets.service';
import { fieldsFor, readScope } from '../registry/readable';
import { sharingErrors, sharingIssue } from '../sharing.errors';

export const CORRECTION_REPLY_DAYS = 15;
export type CorrectionRow = typeof correctionRequests.$inferSelect;

/**
 * Anyone who can see a department's field may ask its owner to correct it (one field, one
 * source: they never write it themselves). The owner has fifteen days to answer.
 */
export async function fileCorrection(
  ctx: ServiceContext,
  residentId: string,
  input: { field: string; proposedValue: unknown; reason: string },
): Promise<CorrectionRow> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'residents.read', { tenantId: ctx.tenant.id });
    const [resident] = await tx
      .select()
      .from(residents)
      .where(and(eq(residents.tenantId, ctx.tenant.id), eq(residents.id, residentId)));
    if (!resident) throw sharingErrors.residentNotFound();
    const catalog = await loadCatalog(tx, ctx.tenant.id);
    const field = catalog.find((candidate) => candidate.qualified === input.field);
    if (!field || field.domainKey === 'person') {
      throw sharingErrors.invalidFacet([
        sharingIssue('field', 'correction.field_not_correctable', { field: input.field }),
      ]);
    }
    const scope = await readScope(
      tx,
      ctx.tenant.id,
      ctx.actor,
      catalog,
      todayIn(ctx.tenant.timezone, ctx.now()),
    );
    const readable = await fieldsFor(tx, ctx.tenant.id, scope, catalog, resident.addressUnitId);
    if (!readable.has(input.field)) throw sharingErrors.correctionNotAllowed(input.field);
    const [row] = await tx
      .insert(correctionRequests)
      .values({
        tenantId: ctx.tenant.id,
        residentId,
        field: input.field,
        proposedValue: input.proposedValue ?? null,
        reason: input.reason,
        filedByKind: ctx.actor.kind,
        filedById: ctx.actor.id,
        ownerDepartmentId: field.ownerDepartmentId,
        replyBy: new Date(ctx.now().getTime() + CORRECTION_REPLY_DAYS * 24 * 3600 * 1000),
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    await recordAudit(
      ctx,
      tx,
      'correction.file',
      { type: 'correction', id: row.id },
      {
        residentId,
        field: input.field,
      },
    );
    return row;
  });
}

/** The owner department's queue and the filer's own requests. */
export async function listCorrections(ctx: ServiceContext, status?: CorrectionRow['status']) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const mine = and(
      eq(correctionRequests.filedByKind, ctx.actor.kind),
      eq(correctionRequests.filedById, ctx.actor.id),
    );
    const visible =
      ctx.actor.kind === 'api_client'
        ? or(eq(correctionRequests.ownerDepartmentId, ctx.actor.departmentId), mine)
        : ctx.actor.kind === 'platform'
          ? undefined
          : mine;
    return tx
      .select()
      .from(correctionRequests)
      .where(
        and(
          eq(correctionRequests.tenantId, ctx.tenant.id),
          visible,
          status ? eq(correctionRequests.status, status) : undefined,
        ),
      )
      .orderBy(desc(correctionRequests.createdAt));
  });
}

/**
 * The city's view of every correction request: which owner department must answer, by when, and
 * what became of it — for a city administrator chasing late answers (`catalog.manage`, the city's
 * say over who owns which field). The values and reasons are left out: the city may not read the
 * field; the owner department decides, never the city (one field, one source).
 */
export async function listCityCorrections(ctx: ServiceContext) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'catalog.manage', { tenantId: ctx.tenant.id });
    return tx
      .select({
        id: correctionRequests.id,
        field: correctionRequests.field,
        ownerDepartmentId: correctionRequests.ownerDepartmentId,
        filedByKind: correctionRequests.filedByKind,
        status: correctionRequests.status,
        replyBy: correctionRequests.replyBy,
        decidedAt: correctionRequests.decidedAt,
        createdAt: correctionRequests.createdAt,
      })
      .from(correctionRequests)
      .where(eq(correctionRequests.tenantId, ctx.tenant.id))
      .orderBy(asc(correctionRequests.replyBy))
      .limit(500);
  });
}

/** The owner accepts (the change is written and emitted as an event, in the same transaction) or rejects with a reason. */
export async function decideCorrection(
  ctx: ServiceContext,
  correctionId: string,
  decision: { accept: boolean; reason?: string | undefined },
): Promise<CorrectionRow> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const [row] = await tx
      .select()
      .from(correctionRequests)
      .where(and(eq(correctionRequests.tenantId, ctx.tenant.id), eq(correctionRequests.id, correctionId)))
      .for('update');
    if (!row) throw sharingErrors.correctionNotFound();
    const isOwner =
      ctx.actor.kind === 'platform' ||
      (ctx.actor.kind === 'api_client' && ctx.actor.departmentId === row.ownerDepartmentId);
    if (!isOwner) throw sharingErrors.correctionDecideNotOwner(row.field);
    if (row.status !== 'open') throw sharingErrors.correctionDecided();
    if (!decision.accept && !decision.reason?.trim()) {
      throw sharingErrors.invalidFacet([sharingIssue('reason', 'correction.reason_required')]);
    }
    if (decision.accept) {
      const [domainKey, key] = row.field.split('.') as [string, string];
      await pushFacet(
        inTransaction(ctx, tx),
        row.residentId,
        domainKey,
        { data: { [key]: row.proposedValue }, sourceSystem: `correction:${row.id}` },
        {},
      );
    }
    const [updated] = await tx
      .update(correctionRequests)
      .set({
        status: decision.accept ? 'accepted' : 'rejected',
        decidedAt: ctx.now(),
        decisionReason: decision.reason?.trim() ?? null,
      })
      .where(eq(correctionRequests.id, row.id))
      .returning();
    if (!updated) throw new Error('update returned no row');
    await recordAudit(
      ctx,
      tx,
      decision.accept ? 'correction.accept' : 'correction.reject',
      {
        type: 'correction',
        id: row.id,
      },
      { field: row.field, ...(updated.decisionReason ? { reason: updated.decisionReason } : {}) },
    );
    return updated;
  });
}
