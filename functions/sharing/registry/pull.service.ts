import { sql } from 'drizzle-orm';
import { authErrors } from '../../auth/auth.errors';
import { authorize } from '../../auth/authorize';
import type { ServiceContext } from '../../auth/context';
import { decryptText } from '../../platform/crypto';
import { todayIn } from '../../platform/dates';
import { type Executor, logKeyOf, PREPARED, type Transaction, withTenant } from '../../platform/db';
import { pgArray } from '../../platform/pg-arrays';
import { type CatalogField, catalogAtVersion, peekCatalog } from '../catalog/catalog.service';
import { accessNonce, accessRowMac, fieldsKeys, logAccess } from '../ledger';
import { parsePurpose, requireHeldPurpose, type StatedPurpose } from '../purposes/purpose-header';
import { sharingErrors } from '../sharing.errors';
import { catalogSets, fieldsForLineage, scopeFromGrants } from './readable';
import { type FacetRow, PERSON_ORDER, presentRead, staffMaySee } from './resident-view';
import { requireDataKey } from './residents.service';

/**
 * Pull: one resident, only the fields granted for the stated purpose (`X-Purpose`, see
 * purposes/purpose-header.ts), with an access-log row in the same transaction.
 *
 * One statement, `shequ_pull_resident` (migrations 0014, 0029, 0030), does the work: as the application
 * role in the caller's tenant (row-level security), it reads everything the answer depends on,
 * fresh for this request (the presented API key's state, as the guard may have taken the key from
 * memory: a key revoked or expired since is refused before anything is read or logged; the
 * resident with their unit (and its ancestors, when a grant limited to part of the tree or staff
 * units need them), their facets, the caller's current read grants for the stated purpose, the
 * purposes it holds, the catalog's version), and, when the catalog cached in this isolate is still
 * current, writes the access-log row, the fields it records worked out in SQL from the same rows.
 *
 * With a current cached catalog (the usual case) that statement runs on its own, outside any
 * transaction: a statement is its own transaction, so the reads and the log row commit together,
 * in one round trip. The answer is then built here from what was read and must name exactly the
 * fields logged: if it did not (a bug), the pull fails rather than answer, and the row stays,
 * recording more than was sent, never less. Without a current catalog (first pull in an isolate, or
 * the catalog just changed), the statement runs in a transaction with the catalog load, and the
 * row is written by a second statement there.
 */
export async function getResident(
  ctx: ServiceContext,
  residentId: string,
  purposeHeader: string | undefined,
) {
  const purpose = parsePurpose(purposeHeader);
  const dataKey = requireDataKey(ctx);
  const tenantId = ctx.tenant.id;
  await authorize(ctx.db, ctx.actor, 'residents.read', { tenantId });
  const cached = peekCatalog(tenantId);
  if (cached) {
    const read = await pullStatement(ctx.db, ctx, residentId, purpose, cached);
    if (read.catalogVersion === cached.version) {
      return (await present(ctx, dataKey, read, cached.catalog, purpose, undefined)).body;
    }
    // The catalog changed since it was cached: nothing was logged; pull again with the new one.
  }
  return withTenant({ db: ctx.db, tenantId }, async (tx) => {
    const read = await pullStatement(tx, ctx, residentId, purpose, undefined);
    const catalog = await catalogAtVersion(tx, tenantId, read.catalogVersion);
    return (await present(ctx, dataKey, read, catalog, purpose, tx)).body;
  });
}

/**
 * The answer from what the statement read. When the statement wrote the log row, the answer must
 * name exactly the fields it logged; when it did not, the row is written here, in `tx`.
 */
async function present(
  ctx: ServiceContext,
  dataKey: string,
  read: PullRow,
  catalog: CatalogField[],
  purpose: StatedPurpose,
  tx: Transaction | undefined,
) {
  // The statement logs nothing for a purpose the city does not know or the department does not hold.
  requireHeldPurpose(purpose, read.purposeKnown, read.heldPurposes);
  if (!read.resident) throw sharingErrors.residentNotFound();
  const resident = read.resident;
  const scope = scopeFromGrants(ctx.actor, catalog, read.grants);
  const readable = fieldsForLineage(scope, catalog, read.lineage);
  if (!staffMaySee(ctx.actor, catalog, readable)) {
    // Staff outside the resident's units see nothing of them: answer as if there were no such person.
    throw sharingErrors.residentNotFound();
  }
  const view = presentRead(
    readable,
    {
      id: resident.id,
      idNumber: await decryptText(dataKey, resident.id_number_encrypted),
      name: resident.name,
      sex: resident.sex,
      birthDate: resident.birth_date,
      phone: resident.phone,
      addressUnitId: resident.address_unit_id,
      unitName: resident.unit_name,
      room: resident.room,
    },
    read.facets,
  );
  if (read.logged) {
    // The statement's record and the answer must agree field for field; if not, nothing is sent.
    if (read.logged.join(',') !== view.shown.join(',')) {
      throw new Error(`access log ${read.logged.join(',')} differs from the answer ${view.shown.join(',')}`);
    }
  } else if (tx) {
    await logAccess(
      tx,
      ctx.tenant.id,
      {
        actor: ctx.actor,
        residentId: resident.id,
        fields: view.shown,
        purpose: purpose.stated,
        purposeCode: purpose.code,
        unmaskedIdNumber: view.unmasked,
        operation: 'read',
      },
      ctx.now(),
    );
  } else {
    // Read under a current catalog yet not logged: the statement and this code disagree on who may
    // see the person. Never answer without the row.
    throw new Error('pull: the statement wrote no access-log row for a resident it let the caller read');
  }
  return view;
}

interface PullRow {
  resident: {
    id: string;
    id_number_encrypted: string;
    name: string;
    sex: string;
    birth_date: string;
    phone: string | null;
    address_unit_id: string;
    room: string | null;
    unit_name: string | null;
  } | null;
  /** The unit and its ancestors, when a grant limited to part of the tree or staff units need them; else empty. */
  lineage: string[];
  facets: FacetRow[];
  grants: { fields: string[]; orgUnitId: string | null }[];
  catalogVersion: string;
  /** Whether the city has the stated purpose, and the purposes of the department's current read grants. */
  purposeKnown: boolean;
  heldPurposes: string[];
  /** The fields the access-log row records, when the statement wrote it. */
  logged: string[] | null;
}

const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

/** The statement's arguments that depend only on the catalog and the caller, worked out once per catalog. */
interface CatalogArguments {
  everywhere: string;
  grantable: string;
  staffFields: string;
  personClosed: string;
}
const argumentsByCatalog = new WeakMap<CatalogField[], Map<string, CatalogArguments>>();

const PERSON_ORDER_ARRAY = pgArray(PERSON_ORDER);
/** One empty catalog for every staff pull, so the per-catalog caches keep one entry for it. */
const NO_FIELDS: CatalogField[] = [];

function catalogArguments(actor: ServiceContext['actor'], catalog: CatalogField[]): CatalogArguments {
  // Users' scopes depend on their role grants (the units come separately); the rest on who they are.
  const key = actor.kind === 'api_client' ? `d:${actor.departmentId}` : actor.kind;
  let byActor = argumentsByCatalog.get(catalog);
  if (!byActor) {
    byActor = new Map();
    argumentsByCatalog.set(catalog, byActor);
  }
  let args = byActor.get(key);
  if (!args) {
    const unscoped = scopeFromGrants(actor.kind === 'user' ? { ...actor, grants: [] } : actor, catalog, []);
    const sets = catalogSets(catalog);
    args = {
      everywhere: pgArray([...unscoped.everywhere]),
      grantable: pgArray([...sets.grantable]),
      staffFields: pgArray(sets.staff),
      personClosed: pgArray(
        catalog
          .filter((field) => field.domainKey === 'person' && field.sharingClass !== 'open')
          .map((field) => field.qualified),
      ),
    };
    if (byActor.size >= 1000) byActor.clear();
    byActor.set(key, args);
  }
  return args;
}

/**
 * `shequ_pull_resident`, on `db` (the database: the statement is its own transaction; or an open
 * transaction). `cached` is the catalog the caller will answer with: the statement writes the log
 * row only if it is still current; without one, it writes none.
 */
async function pullStatement(
  db: Executor,
  ctx: ServiceContext,
  residentId: string,
  purpose: StatedPurpose,
  cached: { version: string; catalog: CatalogField[] } | undefined,
): Promise<PullRow> {
  const actor = ctx.actor;
  const departmentId = actor.kind === 'api_client' ? actor.departmentId : null;
  // The key's state is read in the statement: the guard may have taken the key from memory.
  const keyId = actor.kind === 'api_client' ? actor.keyId || null : null;
  const now = ctx.now();
  const args = catalogArguments(actor, cached?.catalog ?? []);
  const staffUnits = actor.kind === 'user' ? scopeFromGrants(actor, NO_FIELDS, []).staffUnits : [];
  // The row's MACs (see accessRowMacs in ../ledger): the app's over all it knows now, and the keys
  // for the fields' MAC, which the statement computes once it has worked the fields out.
  const key = logKeyOf(db);
  const nonce = accessNonce();
  const mac = accessRowMac(key, {
    tenantId: ctx.tenant.id,
    nonce,
    occurredUs: `${now.getTime()}000`,
    actorKind: actor.kind,
    actorId: actor.id,
    departmentId,
    residentId,
    purpose: purpose.stated,
    operation: 'read',
  });
  const fields = fieldsKeys(key, nonce);
  const result = await db.execute(sql`${sql.raw(PREPARED)}
    select shequ_pull_resident(${ctx.tenant.id}::uuid, ${residentId}::uuid, ${departmentId}::uuid,
      ${actor.kind}, ${actor.id}, ${todayIn(ctx.tenant.timezone, now)}::date, ${now.toISOString()}::timestamptz,
      ${purpose.stated}, ${purpose.code}, ${cached?.version ?? ''}, ${args.everywhere}::text[], ${args.grantable}::text[],
      ${args.staffFields}::text[], ${pgArray(staffUnits)}::text[], ${args.personClosed}::text[],
      ${PERSON_ORDER_ARRAY}::text[], ${nonce}, ${mac}, decode(${fields.inner.toString('hex')}, 'hex'),
      decode(${fields.outer.toString('hex')}, 'hex'), ${keyId}::uuid) as pull`);
  const row = json<Record<string, unknown>>(
    (result as unknown as { rows: { pull: unknown }[] }).rows[0]?.pull ?? {},
  );
  // Revoked or expired since the guard verified it (nothing was read or logged): as the guard says it.
  if (row.keyRefused === 'revoked') throw authErrors.keyRevoked();
  if (row.keyRefused === 'expired') throw authErrors.keyExpired();
  if (row.keyRefused) throw authErrors.unknownKey();
  return {
    resident: (row.resident ?? null) as PullRow['resident'],
    lineage: (row.lineage ?? []) as string[],
    facets: (row.facets ?? []) as FacetRow[],
    grants: (row.grants ?? []) as PullRow['grants'],
    catalogVersion: String(row.catalogVersion),
    purposeKnown: row.purposeKnown === true,
    heldPurposes: (row.heldPurposes ?? []) as string[],
    logged: (row.logged ?? null) as string[] | null,
  };
}
