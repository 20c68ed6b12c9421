import { and, asc, eq } from 'drizzle-orm';
import { purposes } from '../../../schema';
import { appendAudit } from '../../audit/audit.service';
import { authorize } from '../../auth/authorize';
import type { ReadContext, ServiceContext } from '../../auth/context';
import { actorOf } from '../../auth/principal';
import { type Executor, type Transaction, withTenant } from '../../platform/db';
import { pgCodes, pgErrorCode } from '../../platform/errors';
import { sharingErrors } from '../sharing.errors';
import { DEFAULT_PURPOSES } from './purposes.defaults';

export type PurposeRow = typeof purposes.$inferSelect;

/** A purpose code: lower-case letters, digits and `_`, starting with a letter. */
export const PURPOSE_CODE = /^[a-z][a-z0-9_]{1,62}$/;
/** The longest free text beside a purpose code. */
export const PURPOSE_NOTE_MAX = 200;

/** Gives a city the default purposes it lacks; returns how many were added. */
export async function seedPurposes(tx: Transaction, tenantId: string): Promise<number> {
  const inserted = await tx
    .insert(purposes)
    .values(
      DEFAULT_PURPOSES.map((purpose) => ({
        tenantId,
        code: purpose.code,
        nameZh: purpose.name.zh,
        nameEn: purpose.name.en,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: purposes.id });
  return inserted.length;
}

export async function purposesOf(db: Executor, tenantId: string): Promise<PurposeRow[]> {
  return db.select().from(purposes).where(eq(purposes.tenantId, tenantId)).orderBy(asc(purposes.code));
}

/** The city's purposes (public: which purposes data may be shared for is no secret). */
export async function listPurposes(ctx: ReadContext): Promise<PurposeRow[]> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, (tx) => purposesOf(tx, ctx.tenant.id));
}

export async function purposeKnown(db: Executor, tenantId: string, code: string): Promise<boolean> {
  const [row] = await db
    .select({ id: purposes.id })
    .from(purposes)
    .where(and(eq(purposes.tenantId, tenantId), eq(purposes.code, code)));
  return row !== undefined;
}

/** City administrators add a purpose; a code the city has already is 409 `purpose.exists`. */
export async function addPurpose(
  ctx: ServiceContext,
  input: { code: string; name: { zh: string; en: string } },
): Promise<PurposeRow> {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'catalog.manage', { tenantId: ctx.tenant.id });
    let row: PurposeRow | undefined;
    try {
      [row] = await tx
        .insert(purposes)
        .values({ tenantId: ctx.tenant.id, code: input.code, nameZh: input.name.zh, nameEn: input.name.en })
        .returning();
    } catch (error) {
      if (pgErrorCode(error) === pgCodes.uniqueViolation) throw sharingErrors.purposeExists(input.code);
      throw error;
    }
    if (!row) throw new Error('insert returned no row');
    await appendAudit(
      tx,
      ctx.tenant.id,
      {
        actor: actorOf(ctx.actor),
        action: 'purpose.add',
        targetType: 'purpose',
        targetId: row.id,
        details: { code: row.code, name: input.name },
      },
      ctx.now(),
    );
    return row;
  });
}
