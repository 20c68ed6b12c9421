import { and, eq, isNull, sql } from 'drizzle-orm';
import { apiClients, apiKeys, departments, tenants } from '../../schema';
import { appendAudit } from '../audit/audit.service';
import type { CredentialRefusal } from '../auth/app-env';
import { authErrors } from '../auth/auth.errors';
import { authorize } from '../auth/authorize';
import type { ServiceContext } from '../auth/context';
import { actorOf, type RequestPrincipal } from '../auth/principal';
import type { Scope } from '../auth/roles';
import { inTransaction } from '../platform/context';
import { constantTimeEqualText, randomToken, sha256HexOf } from '../platform/crypto';
import { type Database, withTenant } from '../platform/db';
import { pgCodes, pgErrorCode } from '../platform/errors';
import { isTenantSlug, type TenantRow, tenantAtStamp, tenantStamp } from '../platform/tenancy';
import { identityIssue } from './identity.errors';

const KEY_PATTERN = /^shq_([a-z2-7]{12})_([a-z2-7]{32})$/;

/**
 * The key-and-tenant lookup, built once per database handle (per isolate on a long-lived pool) and
 * sent as a named prepared statement, so the server plans it once per connection.
 */
const keyLookups = new WeakMap<Database, ReturnType<typeof buildKeyLookup>>();
function buildKeyLookup(db: Database) {
  return db
    .select({
      key: apiKeys,
      departmentId: apiClients.departmentId,
      // The path's city by id and row version: its row comes from memory unless it changed.
      tenantId: tenants.id,
      tenantStamp,
    })
    .from(apiKeys)
    .innerJoin(apiClients, eq(apiClients.id, apiKeys.clientId))
    .leftJoin(tenants, eq(tenants.slug, sql.placeholder('slug')))
    .where(eq(apiKeys.prefix, sql.placeholder('prefix')))
    .limit(1)
    .prepare('shq_api_key_and_tenant');
}
function keyLookup(db: Database) {
  let lookup = keyLookups.get(db);
  if (!lookup) {
    lookup = buildKeyLookup(db);
    keyLookups.set(db, lookup);
  }
  return lookup;
}

const refused = (reason: CredentialRefusal['reason']): CredentialRefusal => ({ kind: 'refused', reason });

type ResolvedKey = RequestPrincipal & { tenant?: TenantRow | undefined };

/**
 * A verified key is remembered until a minute after its last-use stamp (not after the request that
 * verified it), so that a key in use is stamped again within a minute of its last stamp.
 */
const KEY_MEMORY_MS = 60_000;
const KEY_MEMORY_ENTRIES = 1000;

/**
 * Keys this isolate verified in the last minute, by the SHA-256 of the whole presented secret and
 * the city the path names. Only callers that pass `remember` read it: routes whose statement reads
 * the key's state (revoked, expired) itself, in the same statement that acts (the pull, see
 * `rememberKey` in auth/app-env.ts). What is remembered does not change for a key (its client,
 * department and scopes); what does change is read there. The city's row may be up to a minute old.
 */
const verifiedKeys = new Map<string, { at: number; found: ResolvedKey }>();

/**
 * Resolves a presented key, or says why it is refused: unknown (no key has this prefix and secret),
 * or, only to the holder of the secret, expired or revoked. Read on every request, so a revoked key
 * stops on its next call; with `remember`, a key verified in the last minute is taken from memory
 * and the caller's statement must read its state (see `verifiedKeys`). With `tenantSlug`, the
 * tenant the request names is read in the same statement (one round trip for both); it is
 * `undefined` when no tenant has that slug.
 */
export async function resolveApiKey(
  db: Database,
  presented: string,
  now: Date,
  tenantSlug?: string,
  options: { remember?: boolean } = {},
): Promise<ResolvedKey | CredentialRefusal> {
  const match = KEY_PATTERN.exec(presented);
  if (!match?.[1]) return refused('unknown');
  // A path segment that cannot be a slug names no city (and must not reach the database as text).
  const slug = tenantSlug && isTenantSlug(tenantSlug) ? tenantSlug : '';
  const secretHash = sha256HexOf(presented);
  const memoryKey = `${secretHash}|${slug}`;
  if (options.remember) {
    const known = verifiedKeys.get(memoryKey);
    const age = known ? now.getTime() - known.at : Number.NaN;
    if (known && age >= 0 && age < KEY_MEMORY_MS) return known.found;
  }
  const [row] = await keyLookup(db).execute({ prefix: match[1], slug });
  if (!row || !constantTimeEqualText(row.key.secretHash, secretHash)) return refused('unknown');
  if (row.key.revokedAt && row.key.revokedAt <= now) return refused('revoked');
  if (row.key.expiresAt && row.key.expiresAt <= now) return refused('expired');
  // When the stamp was written: now, or within the last minute. The memory ends a minute after it,
  // so a key in use is stamped again within a minute of its last stamp.
  let stampedAt = now.getTime();
  if (!row.key.lastUsedAt || now.getTime() - row.key.lastUsedAt.getTime() > KEY_MEMORY_MS) {
    await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.key.id));
  } else {
    stampedAt = Math.min(stampedAt, row.key.lastUsedAt.getTime());
  }
  const found: ResolvedKey = {
    kind: 'api_client',
    id: row.key.clientId,
    tenantId: row.key.tenantId,
    keyId: row.key.id,
    departmentId: row.departmentId,
    scopes: row.key.scopes as Scope[],
    ...(tenantSlug
      ? {
          tenant:
            row.tenantId && row.tenantStamp
              ? await tenantAtStamp(db, row.tenantId, row.tenantStamp)
              : undefined,
        }
      : {}),
  };
  // A path naming no city is answered 404 by the guard; nothing to remember.
  if (options.remember && (!tenantSlug || found.tenant)) {
    if (verifiedKeys.size >= KEY_MEMORY_ENTRIES) verifiedKeys.clear();
    verifiedKeys.set(memoryKey, { at: stampedAt, found });
  }
  return found;
}

/** The key's principal, or `undefined` whatever the reason it is refused (the CLI and benches). */
export async function principalForApiKey(db: Database, presented: string, now: Date, tenantSlug?: string) {
  const found = await resolveApiKey(db, presented, now, tenantSlug);
  return found.kind === 'refused' ? undefined : found;
}

export async function createApiClient(ctx: ServiceContext, input: { departmentId: string; name: string }) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'api_keys.manage', { tenantId: ctx.tenant.id });
    const [department] = await tx
      .select({ id: departments.id })
      .from(departments)
      .where(and(eq(departments.tenantId, ctx.tenant.id), eq(departments.id, input.departmentId)));
    if (!department) throw authErrors.departmentNotFound();
    try {
      const [client] = await tx
        .insert(apiClients)
        .values({ tenantId: ctx.tenant.id, departmentId: input.departmentId, name: input.name })
        .returning();
      if (!client) throw new Error('insert returned no row');
      await appendAudit(
        tx,
        ctx.tenant.id,
        {
          actor: actorOf(ctx.actor),
          action: 'api_client.create',
          targetType: 'api_client',
          targetId: client.id,
          details: { name: input.name },
        },
        ctx.now(),
      );
      return client;
    } catch (error) {
      if (pgErrorCode(error) === pgCodes.uniqueViolation) {
        throw authErrors.invalidInput([identityIssue('name', 'api_client.name_taken')]);
      }
      throw error;
    }
  });
}

export async function listApiClients(ctx: ServiceContext) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'api_keys.manage', { tenantId: ctx.tenant.id });
    const clients = await tx.select().from(apiClients).where(eq(apiClients.tenantId, ctx.tenant.id));
    const keys = await tx.select().from(apiKeys).where(eq(apiKeys.tenantId, ctx.tenant.id));
    return clients.map((client) => ({ client, keys: keys.filter((key) => key.clientId === client.id) }));
  });
}

/** Issues a key; the secret is returned once and only its hash is kept. */
export async function issueApiKey(
  ctx: ServiceContext,
  clientId: string,
  input: { scopes: Scope[]; expiresAt?: Date | undefined },
  rotatedFromId?: string,
) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'api_keys.manage', { tenantId: ctx.tenant.id });
    const [client] = await tx
      .select()
      .from(apiClients)
      .where(and(eq(apiClients.tenantId, ctx.tenant.id), eq(apiClients.id, clientId)));
    if (!client) throw authErrors.clientNotFound();
    if (input.expiresAt && input.expiresAt <= ctx.now()) {
      throw authErrors.invalidInput([identityIssue('expiresAt', 'api_key.expiry_past')]);
    }
    const prefix = randomToken(8).slice(0, 12);
    const secret = `shq_${prefix}_${randomToken(20).slice(0, 32)}`;
    const [key] = await tx
      .insert(apiKeys)
      .values({
        tenantId: ctx.tenant.id,
        clientId,
        prefix,
        secretHash: sha256HexOf(secret),
        scopes: input.scopes,
        expiresAt: input.expiresAt ?? null,
        rotatedFromId: rotatedFromId ?? null,
      })
      .returning();
    if (!key) throw new Error('insert returned no row');
    await appendAudit(
      tx,
      ctx.tenant.id,
      {
        actor: actorOf(ctx.actor),
        action: rotatedFromId ? 'api_key.rotate' : 'api_key.issue',
        targetType: 'api_key',
        targetId: key.id,
        details: { prefix, scopes: input.scopes, ...(rotatedFromId ? { replaces: rotatedFromId } : {}) },
      },
      ctx.now(),
    );
    return { key, secret };
  });
}

async function findKey(ctx: ServiceContext, keyId: string) {
  const [key] = await ctx.db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.tenantId, ctx.tenant.id), eq(apiKeys.id, keyId)));
  if (!key) throw authErrors.keyNotFound();
  return key;
}

/** A new key with the same scopes; the old one keeps working for the overlap, then expires. */
export async function rotateApiKey(ctx: ServiceContext, keyId: string, overlapSeconds: number) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    const scoped = inTransaction(ctx, tx);
    await authorize(tx, ctx.actor, 'api_keys.manage', { tenantId: ctx.tenant.id });
    const old = await findKey(scoped, keyId);
    if (old.revokedAt) throw authErrors.invalidInput([identityIssue('keyId', 'api_key.revoked')]);
    if (old.expiresAt && old.expiresAt <= ctx.now()) {
      throw authErrors.invalidInput([identityIssue('keyId', 'api_key.expired')]);
    }
    const until = new Date(ctx.now().getTime() + overlapSeconds * 1000);
    const expiresAt = old.expiresAt && old.expiresAt < until ? old.expiresAt : until;
    await tx.update(apiKeys).set({ expiresAt }).where(eq(apiKeys.id, old.id));
    const issued = await issueApiKey(
      scoped,
      old.clientId,
      {
        scopes: old.scopes as Scope[],
        // The new key keeps the old one's end date: rotation never extends a key's life.
        expiresAt: old.expiresAt ?? undefined,
      },
      old.id,
    );
    return { ...issued, previousExpiresAt: expiresAt };
  });
}

export async function revokeApiKey(ctx: ServiceContext, keyId: string) {
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'api_keys.manage', { tenantId: ctx.tenant.id });
    const key = await findKey(inTransaction(ctx, tx), keyId);
    if (!key.revokedAt) {
      await tx
        .update(apiKeys)
        .set({ revokedAt: ctx.now() })
        .where(and(eq(apiKeys.id, key.id), isNull(apiKeys.revokedAt)));
      await appendAudit(
        tx,
        ctx.tenant.id,
        {
          actor: actorOf(ctx.actor),
          action: 'api_key.revoke',
          targetType: 'api_key',
          targetId: key.id,
          details: { prefix: key.prefix },
        },
        ctx.now(),
      );
    }
    return { ...key, revokedAt: key.revokedAt ?? ctx.now() };
  });
}
