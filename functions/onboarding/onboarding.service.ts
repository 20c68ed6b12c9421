import { roleGrants, users } from '../../schema';
import { seedAdmissionSteps } from '../admission/admission-steps.service';
import { appendAudit } from '../audit/audit.service';
import { actorOf, type Principal } from '../auth/principal';
import { seedCaseCatalog } from '../cases/case-catalog.service';
import { canonicalJson, sha256Hex } from '../platform/canonical';
import { inTransaction, systemActor } from '../platform/context';
import { type Database, enterTenant, withTransaction } from '../platform/db';
import { errors } from '../platform/errors';
import { findTenantBySlug, type TenantRow } from '../platform/tenancy';
import { issuesFromZod } from '../platform/zod-issues';
import { seedCatalog } from '../sharing/catalog/catalog.service';
import { seedPurposes } from '../sharing/purposes/purposes.service';
import { seedDepartments } from '../tenants/departments.service';
import { OnboardingDocument } from '../tenants/onboarding.schema';
import { addUnits, applyReform, TreeModel } from '../tenants/org-tree.service';
import { resolveStructure } from '../tenants/structure.service';
import { tenantErrors, tenantsIssue } from '../tenants/tenants.errors';
import { insertTenant } from '../tenants/tenants.repository';

export interface OnboardingResult {
  created: boolean;
  tenant: TenantRow;
  units: number;
  reforms: number;
}

/**
 * Onboards a city from one document, all or nothing. The same document twice is a no-op (its digest
 * is stored); a different document for a taken slug is refused.
 */
export async function onboardTenant(
  ctx: {
    db: Database;
    actor?: Principal;
    now?: () => Date;
    /**
     * The first administrator's initial password, already hashed (the console's wizard makes a
     * one-time one and shows it once). Kept out of the document, so it is neither in the digest nor
     * in the audit row. Without it the administrator is invited with no password (set from the CLI).
     */
    administratorPasswordHash?: string;
  },
  raw: unknown,
): Promise<OnboardingResult> {
  const now = ctx.now ?? (() => new Date());
  const parsed = OnboardingDocument.safeParse(raw);
  if (!parsed.success) {
    throw errors.invalidRequest(issuesFromZod(parsed.error.issues, { input: raw }));
  }
  const doc = parsed.data;
  const resolved = resolveStructure(doc.template, doc.structure);
  if (!resolved.structure) throw tenantErrors.onboardingInvalid(resolved.issues);
  const structure = resolved.structure;
  const digest = sha256Hex(canonicalJson(doc));

  const existing = await findTenantBySlug(ctx.db, doc.tenant.slug);
  if (existing) {
    if (existing.onboardingDigest !== digest) throw tenantErrors.slugTaken(doc.tenant.slug);
    return { created: false, tenant: existing, units: 0, reforms: 0 };
  }

  return withTransaction(ctx.db, async (tx) => {
    const tenant = await insertTenant(tx, {
      slug: doc.tenant.slug,
      nameZh: doc.tenant.name.zh,
      nameEn: doc.tenant.name.en,
      timezone: doc.tenant.timezone,
      template: doc.template,
      structure,
      settings: doc.tenant.settings,
      onboardingDigest: digest,
    });
    // From here on the rows are tenant-owned: write them as the application role, under RLS.
    await enterTenant(tx, tenant.id);
    const model = new TreeModel(structure);
    const initial = await addUnits(tx, tenant.id, model, doc.units, 'units', tenantErrors.onboardingInvalid);
    const ordered = doc.reforms
      .map((reform, index) => ({ reform, index }))
      .sort((a, b) => a.reform.effectiveOn.localeCompare(b.reform.effectiveOn) || a.index - b.index);
    let opened = 0;
    for (const { reform, index } of ordered) {
      await applyReform(tx, tenant.id, model, reform, `reforms.${index}`, tenantErrors.onboardingInvalid);
      opened += reform.opens.length;
    }
    const rootLevel = structure.levels.find((level) => level.parents.length === 0)?.key;
    const root = initial.find((unit) => unit.level === rootLevel);
    if (!root)
      throw tenantErrors.onboardingInvalid([
        tenantsIssue('units', 'onboarding.no_root_unit', { level: rootLevel ?? '' }),
      ]);
    const [administrator] = await tx
      .insert(users)
      .values({
        tenantId: tenant.id,
        email: doc.administrator.email,
        displayName: doc.administrator.name,
        passwordHash: ctx.administratorPasswordHash ?? null,
      })
      .returning();
    if (!administrator) throw new Error('insert returned no row');
    await tx.insert(roleGrants).values({
      tenantId: tenant.id,
      userId: administrator.id,
      role: 'city_administrator',
      orgUnitId: root.id,
    });
    await seedDepartments(tx, tenant.id, structure);
    await seedCatalog(tx, tenant.id, structure);
    await seedPurposes(tx, tenant.id);
    await seedCaseCatalog(tx, tenant.id);
    await seedAdmissionSteps(tx, tenant.id, structure);
    await appendAudit(
      tx,
      tenant.id,
      {
        actor: actorOf(ctx.actor ?? systemActor('onboarding-file')),
        action: 'tenant.onboard',
        targetType: 'tenant',
        targetId: tenant.id,
        details: { slug: tenant.slug, digest, administrator: doc.administrator.email },
      },
      now(),
    );
    return { created: true, tenant, units: initial.length + opened, reforms: doc.reforms.length };
  });
}

class DryRun extends Error {
  constructor(readonly result: OnboardingResult) {
    super('dry run rolled back');
  }
}

/**
 * What `onboardTenant` would do with this document, checked by the same code in a transaction
 * that is then rolled back: the same errors, and nothing written.
 */
export async function previewOnboarding(
  ctx: { db: Database; actor?: Principal; now?: () => Date },
  raw: unknown,
): Promise<OnboardingResult> {
  try {
    await ctx.db.transaction(async (tx) => {
      throw new DryRun(await onboardTenant(inTransaction(ctx, tx), raw));
    });
  } catch (error) {
    if (error instanceof DryRun) return error.result;
    throw error;
  }
  throw new Error('dry run did not roll back');
}
