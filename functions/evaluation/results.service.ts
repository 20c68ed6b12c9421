import { and, asc, eq } from 'drizzle-orm';
import { evaluationCampaigns, evaluationResults, evaluationSubjects } from '../../schema';
import { recordAudit } from '../audit/audit.service';
import { authErrors } from '../auth/auth.errors';
import type { ServiceContext } from '../auth/context';
import { findRootUnitId } from '../auth/units';
import { requireCity } from '../cases/case-access';
import { logKeyOf, type Transaction, withTenant } from '../platform/db';
import { computeResult, loadInputs } from './compute';
import { evaluationErrors } from './evaluation.errors';
import { campaignOf, holdsAnywhere, requireOverCity } from './evaluation-access';
import { resultHash, resultsGenesis, verifyChain } from './results-chain';

export type ResultRow = typeof evaluationResults.$inferSelect;

/**
 * Closes a campaign once its window has closed: every subject's result is computed, chained and
 * sealed in one transaction, and the seal (with the last hash) is written to the audit trail.
 */
export async function closeCampaign(ctx: ServiceContext, id: string) {
  requireCity(ctx);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await requireOverCity(tx, ctx, 'evaluation.manage', await findRootUnitId(tx, ctx.tenant.id));
    const campaign = await campaignOf(tx, ctx.tenant.id, id, true);
    if (campaign.status === 'sealed') throw evaluationErrors.sealed();
    const now = ctx.now();
    if (now < campaign.closesAt) throw evaluationErrors.windowOpen();
    const subjects = await subjectsOf(tx, ctx.tenant.id, id);
    const loaded = await loadInputs(tx, campaign);
    const key = logKeyOf(tx);
    let prevHash = resultsGenesis(id);
    let seq = 0;
    for (const subject of subjects) {
      const result = await computeResult(tx, campaign, ctx.tenant.timezone, loaded, subject);
      seq += 1;
      const row = {
        campaignId: id,
        subjectId: subject.id,
        seq,
        ...result,
        sealedAt: now.toISOString(),
        prevHash,
      };
      const hash = resultHash(key, row);
      await tx.insert(evaluationResults).values({ ...row, tenantId: ctx.tenant.id, sealedAt: now, hash });
      prevHash = hash;
    }
    const [sealed] = await tx
      .update(evaluationCampaigns)
      .set({ status: 'sealed', sealHash: prevHash, sealedAt: now })
      .where(eq(evaluationCampaigns.id, id))
      .returning();
    await recordAudit(
      ctx,
      tx,
      'evaluation.campaign.seal',
      { type: 'evaluation_campaign', id },
      {
        results: seq,
        sealHash: prevHash,
      },
    );
    return sealed ?? campaign;
  });
}

async function subjectsOf(tx: Transaction, tenantId: string, campaignId: string) {
  return tx
    .select()
    .from(evaluationSubjects)
    .where(and(eq(evaluationSubjects.tenantId, tenantId), eq(evaluationSubjects.campaignId, campaignId)))
    .orderBy(asc(evaluationSubjects.nameZh), asc(evaluationSubjects.id));
}

export async function resultsIn(tx: Transaction, tenantId: string, campaignId: string) {
  return tx
    .select({ result: evaluationResults, subject: evaluationSubjects })
    .from(evaluationResults)
    .innerJoin(evaluationSubjects, eq(evaluationSubjects.id, evaluationResults.subjectId))
    .where(and(eq(evaluationResults.tenantId, tenantId), eq(evaluationResults.campaignId, campaignId)))
    .orderBy(asc(evaluationResults.seq));
}

/** A sealed campaign's results, each part with the raters' count or the measure rows it came from. */
export async function readResults(ctx: ServiceContext, id: string) {
  requireCity(ctx);
  if (!holdsAnywhere(ctx, 'evaluation.read')) throw authErrors.forbidden('evaluation.read');
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const campaign = await campaignOf(tx, ctx.tenant.id, id);
    if (campaign.status !== 'sealed') throw evaluationErrors.notSealed();
    return { campaign, results: await resultsIn(tx, ctx.tenant.id, id) };
  });
}

/** Recomputes the results' chain: any result edited, removed or reordered after sealing is named. */
export async function verifyCampaign(ctx: ServiceContext, id: string) {
  requireCity(ctx);
  if (!holdsAnywhere(ctx, 'evaluation.read')) throw authErrors.forbidden('evaluation.read');
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const campaign = await campaignOf(tx, ctx.tenant.id, id);
    if (campaign.status !== 'sealed') throw evaluationErrors.notSealed();
    const rows = await tx
      .select()
      .from(evaluationResults)
      .where(and(eq(evaluationResults.tenantId, ctx.tenant.id), eq(evaluationResults.campaignId, id)))
      .orderBy(asc(evaluationResults.seq));
    const problems = verifyChain(
      logKeyOf(tx),
      id,
      rows.map((row) => ({ ...row, sealedAt: row.sealedAt.toISOString() })),
      campaign.sealHash,
    );
    return { ok: problems.length === 0, checked: rows.length, sealHash: campaign.sealHash, problems };
  });
}
