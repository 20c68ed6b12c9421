import { and, eq, sql } from 'drizzle-orm';
import { dataFields, facets, idempotencyKeys, residents } from '../../../schema';
import { authorize } from '../../auth/authorize';
import type { ServiceContext } from '../../auth/context';
import { canonicalJson, sha256Hex } from '../../platform/canonical';
import { todayIn } from '../../platform/dates';
import { type Transaction, withTenant } from '../../platform/db';
import type { FieldIssue } from '../../platform/errors';
import { emitChange } from '../ledger';
import { sharingErrors, sharingIssue } from '../sharing.errors';
import { domainByKey } from './residents.service';

/** The one domain people (community staff, grid workers) write; departments own all the others. */
export const COMMUNITY_DOMAIN = 'community_basics';
export interface FacetPush {
  data: Record<string, unknown>;
  effectiveOn?: string | undefined;
  sourceSystem: string;
}

export interface FacetResult {
  residentId: string;
  domain: string;
  version: number;
  effectiveOn: string;
  changed: string[];
  data: Record<string, unknown>;
}

const typeChecks: Record<string, (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string' && value.length <= 2000,
  number: (value) => typeof value === 'number' && Number.isFinite(value),
  boolean: (value) => typeof value === 'boolean',
  date: (value) =>
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)),
};

/** Every field named must belong to the domain and carry a value of its type (null clears it). */
export function facetDataIssues(
  domainKey: string,
  fields: readonly { key: string; type: string }[],
  data: Record<string, unknown>,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const [key, value] of Object.entries(data)) {
    const field = fields.find((candidate) => candidate.key === key);
    if (!field) issues.push(sharingIssue(`data.${key}`, 'facet.unknown_field', { domain: domainKey }));
    else if (value !== null && !typeChecks[field.type]?.(value))
      issues.push(sharingIssue(`data.${key}`, 'facet.wrong_type', { type: field.type }));
    else if (typeof value === 'string' && value.includes('\u0000'))
      // PostgreSQL's jsonb cannot hold it: refused here, as the line's error, not the database's.
      issues.push(sharingIssue(`data.${key}`, 'facet.nul_character'));
  }
  if (Object.keys(data).length === 0) issues.push(sharingIssue('data', 'facet.no_fields'));
  return issues;
}

/**
 * The answer already given under an idempotency key, or undefined on its first use. Two first uses
 * of one key at once: the second waits on the lock until the first commits (or rolls back), then
 * finds its record and answers with it. The lock ends with the transaction.
 */
async function idempotentReplay(
  tx: Transaction,
  ctx: ServiceContext,
  key: string,
  requestHash: string,
): Promise<{ status: 200 | 201; body: FacetResult; replayed: true } | undefined> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`idempotency|${ctx.tenant.id}|${ctx.actor.kind}:${ctx.actor.id}|${key}`}, 0))`,
  );
  const [previous] = await tx
    .select()
    .from(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.tenantId, ctx.tenant.id),
        eq(idempotencyKeys.principalId, `${ctx.actor.kind}:${ctx.actor.id}`),
        eq(idempotencyKeys.key, key),
      ),
    );
  if (!previous) return undefined;
  if (previous.requestHash !== requestHash) throw sharingErrors.idempotencyReused();
  return { status: previous.status as 200 | 201, body: previous.response as FacetResult, replayed: true };
}

/** One field, one source: only the owning department writes a domain (community staff: theirs). */
async function checkWriter(
  tx: Transaction,
  ctx: ServiceContext,
  domainKey: string,
  ownerDepartmentId: string,
  addressUnitId: string,
): Promise<void> {
  if (ctx.actor.kind === 'api_client') {
    await authorize(tx, ctx.actor, 'facets.write', { tenantId: ctx.tenant.id });
    if (ctx.actor.departmentId !== ownerDepartmentId) throw sharingErrors.notOwner(domainKey);
  } else if (ctx.actor.kind === 'user') {
    if (domainKey !== COMMUNITY_DOMAIN) throw sharingErrors.notOwner(domainKey);
    await authorize(tx, ctx.actor, 'residents.register', {
      tenantId: ctx.tenant.id,
      orgUnitId: addressUnitId,
    });
  }
}

/**
 * Push: the owning department creates or updates its facet of a resident. One transaction holds
 * the facet, its change event and the idempotency record: committed together or not at all.
 * `ifMatch` (the version last read) refuses a stale write; `idempotencyKey` makes retries safe.
 */
export async function pushFacet(
  ctx: ServiceContext,
  residentId: string,
  domainKey: string,
  input: FacetPush,
  options: { ifMatch?: number | undefined; idempotencyKey?: string | undefined },
): Promise<{ status: 200 | 201; body: FacetResult; replayed: boolean }> {
  const requestHash = sha256Hex(canonicalJson({ residentId, domainKey, input }));
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    if (options.idempotencyKey) {
      const replay = await idempotentReplay(tx, ctx, options.idempotencyKey, requestHash);
      if (replay) return replay;
    }
    const domain = await domainByKey(tx, ctx.tenant.id, domainKey);
    const [resident] = await tx
      .select({ id: residents.id, addressUnitId: residents.addressUnitId })
      .from(residents)
      .where(and(eq(residents.tenantId, ctx.tenant.id), eq(residents.id, residentId)));
    if (!resident) throw sharingErrors.residentNotFound();

    await checkWriter(tx, ctx, domainKey, domain.ownerDepartmentId, resident.addressUnitId);

    const fields = await tx.select().from(dataFields).where(eq(dataFields.domainId, domain.id));
    const issues = facetDataIssues(domainKey, fields, input.data);
    if (issues.length > 0) throw sharingErrors.invalidFacet(issues);

    const [current] = await tx
      .select()
      .from(facets)
      .where(and(eq(facets.residentId, residentId), eq(facets.domainId, domain.id)))
      .for('update');
    const currentVersion = current?.version ?? 0;
    if (options.ifMatch !== undefined && options.ifMatch !== currentVersion)
      throw sharingErrors.staleVersion(currentVersion);

    const merged = { ...(current?.data ?? {}), ...input.data };
    const changed = Object.keys(input.data).filter(
      (key) => JSON.stringify(current?.data?.[key] ?? null) !== JSON.stringify(input.data[key] ?? null),
    );
    const now = ctx.now();
    const effectiveOn = input.effectiveOn ?? todayIn(ctx.tenant.timezone, now);
    const departmentId = ctx.actor.kind === 'api_client' ? ctx.actor.departmentId : domain.ownerDepartmentId;
    let version = currentVersion;
    if (!current || changed.length > 0) {
      version = currentVersion + 1;
      const values = {
        data: merged,
        version,
        effectiveOn,
        recordedAt: now,
        departmentId,
        sourceSystem: input.sourceSystem,
      };
      if (current) {
        await tx
          .update(facets)
          .set(values)
          .where(and(eq(facets.residentId, residentId), eq(facets.domainId, domain.id)));
      } else {
        await tx
          .insert(facets)
          .values({ tenantId: ctx.tenant.id, residentId, domainId: domain.id, ...values });
      }
      await emitChange(
        tx,
        ctx.tenant.id,
        {
          residentId,
          domainKey,
          fields: changed.map((key) => `${domainKey}.${key}`),
          kind: 'facet.updated',
          version,
        },
        now,
      );
    }
    const status: 200 | 201 = current ? 200 : 201;
    const body: FacetResult = { residentId, domain: domainKey, version, effectiveOn, changed, data: merged };
    if (options.idempotencyKey) {
      await tx.insert(idempotencyKeys).values({
        tenantId: ctx.tenant.id,
        principalId: `${ctx.actor.kind}:${ctx.actor.id}`,
        key: options.idempotencyKey,
        requestHash,
        status,
        response: body,
      });
    }
    return { status, body, replayed: false };
  });
}
