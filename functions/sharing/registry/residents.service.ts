import { and, asc, eq } from 'drizzle-orm';
import { dataDomains, facets, orgUnits, residents } from '../../../schema';
import { authErrors } from '../../auth/auth.errors';
import { authorize } from '../../auth/authorize';
import type { ServiceContext } from '../../auth/context';
import { decryptText, encryptText } from '../../platform/crypto';
import { todayIn } from '../../platform/dates';
import { type Transaction, withTenant } from '../../platform/db';
import { pgCodes, pgErrorCode } from '../../platform/errors';
import { loadCatalog } from '../catalog/catalog.service';
import { emitChange, logAccess } from '../ledger';
import { parsePurpose, requireHeldPurpose } from '../purposes/purpose-header';
import { purposeKnown } from '../purposes/purposes.service';
import { sharingErrors } from '../sharing.errors';
import { idNumberIndex, maskIdNumber, parseIdNumber } from './id-number';
import { fieldsFor, fieldsSomewhere, readScope } from './readable';
import { presentRead, staffMaySee } from './resident-view';

export function requireDataKey(ctx: ServiceContext): string {
  if (!ctx.dataKey) throw authErrors.noDataKey();
  return ctx.dataKey;
}

export interface NewResident {
  idNumber: string;
  name: string;
  phone?: string | undefined;
  addressUnitId: string;
  room?: string | undefined;
}

/** Registers a person once, for every department ("collect once"). */
export async function registerResident(ctx: ServiceContext, input: NewResident) {
  const dataKey = requireDataKey(ctx);
  const parsed = parseIdNumber(input.idNumber);
  if (!parsed.ok) throw sharingErrors.invalidIdNumber(parsed.reason);
  const encrypted = await encryptText(dataKey, parsed.value);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'residents.register', {
      tenantId: ctx.tenant.id,
      orgUnitId: input.addressUnitId,
    });
    let row: typeof residents.$inferSelect | undefined;
    try {
      [row] = await tx
        .insert(residents)
        .values({
          tenantId: ctx.tenant.id,
          idNumberEncrypted: encrypted,
          idNumberIndex: idNumberIndex(dataKey, parsed.value),
          name: input.name,
          sex: parsed.sex,
          birthDate: parsed.birthDate,
          phone: input.phone ?? null,
          addressUnitId: input.addressUnitId,
          room: input.room ?? null,
        })
        .onConflictDoNothing({ target: [residents.tenantId, residents.idNumberIndex] })
        .returning();
    } catch (error) {
      if (pgErrorCode(error) === pgCodes.uniqueViolation) throw sharingErrors.duplicateResident();
      throw error;
    }
    if (!row) {
      const existing = await findResidentByIdNumber(tx, ctx.tenant.id, dataKey, parsed.value);
      const known = existing && (await mayFindByIdNumber(tx, ctx, existing));
      throw sharingErrors.duplicateResident(known ? existing.id : undefined);
    }
    await emitChange(
      tx,
      ctx.tenant.id,
      {
        residentId: row.id,
        domainKey: 'person',
        fields: [
          'person.name',
          'person.sex',
          'person.birth_date',
          'person.address',
          'person.id_number',
          'person.phone',
        ],
        kind: 'resident.registered',
        version: 1,
      },
      ctx.now(),
    );
    return { id: row.id, idNumber: maskIdNumber(parsed.value), version: row.version };
  });
}

export type ResidentRow = typeof residents.$inferSelect;

/**
 * Whether the caller could have found this resident by ID number itself (a search it may make
 * under any purpose it holds): only then does a refused duplicate registration name the existing
 * resident's id. Otherwise the refusal says no more than that the number is taken.
 */
async function mayFindByIdNumber(tx: Transaction, ctx: ServiceContext, resident: ResidentRow) {
  const catalog = await loadCatalog(tx, ctx.tenant.id);
  const scope = await readScope(
    tx,
    ctx.tenant.id,
    ctx.actor,
    catalog,
    todayIn(ctx.tenant.timezone, ctx.now()),
  );
  const readable = await fieldsFor(tx, ctx.tenant.id, scope, catalog, resident.addressUnitId);
  return readable.has('person.id_number') && staffMaySee(ctx.actor, catalog, readable);
}

/** Finds a resident by ID number through the blind index; a malformed number is a 422. */
export async function findResidentByIdNumber(
  tx: Transaction,
  tenantId: string,
  dataKey: string,
  idNumber: string,
): Promise<ResidentRow | undefined> {
  const parsed = parseIdNumber(idNumber);
  if (!parsed.ok) throw sharingErrors.invalidIdNumber(parsed.reason);
  const [row] = await tx
    .select()
    .from(residents)
    .where(
      and(
        eq(residents.tenantId, tenantId),
        eq(residents.idNumberIndex, idNumberIndex(dataKey, parsed.value)),
      ),
    );
  return row;
}

/** A resident as this caller may see them: only readable fields; the ID number masked unless granted. */
async function present(tx: Transaction, ctx: ServiceContext, readable: Set<string>, resident: ResidentRow) {
  const dataKey = requireDataKey(ctx);
  const [unit] = await tx
    .select({ nameZh: orgUnits.nameZh })
    .from(orgUnits)
    .where(eq(orgUnits.id, resident.addressUnitId));
  const rows = await tx
    .select({
      domain: dataDomains.key,
      version: facets.version,
      effectiveOn: facets.effectiveOn,
      data: facets.data,
    })
    .from(facets)
    .innerJoin(dataDomains, eq(dataDomains.id, facets.domainId))
    .where(and(eq(facets.tenantId, ctx.tenant.id), eq(facets.residentId, resident.id)))
    .orderBy(asc(dataDomains.key));
  return presentRead(
    readable,
    {
      ...resident,
      idNumber: await decryptText(dataKey, resident.idNumberEncrypted),
      unitName: unit?.nameZh ?? null,
    },
    rows,
  );
}

export interface ResidentSearch {
  idNumber?: string | undefined;
  name?: string | undefined;
  birthDate?: string | undefined;
  addressUnitId?: string | undefined;
}

/**
 * Search, bounded to 20, for a stated purpose (fields only from grants made for it, see
 * `requireHeldPurpose`), authorized on the question as well as the answer: a predicate on a field
 * the caller cannot read is refused, so it cannot be used to learn that field's values.
 */
export async function searchResidents(
  ctx: ServiceContext,
  query: ResidentSearch,
  purposeHeader: string | undefined,
) {
  const purpose = parsePurpose(purposeHeader);
  const dataKey = requireDataKey(ctx);
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'residents.read', { tenantId: ctx.tenant.id });
    const catalog = await loadCatalog(tx, ctx.tenant.id);
    const scope = await readScope(
      tx,
      ctx.tenant.id,
      ctx.actor,
      catalog,
      todayIn(ctx.tenant.timezone, ctx.now()),
      { code: purpose.code, kinds: ['read'] },
    );
    requireHeldPurpose(purpose, await purposeKnown(tx, ctx.tenant.id, purpose.code), scope.heldPurposes);
    const askable = fieldsSomewhere(scope, catalog);
    const asked = [
      ...(query.idNumber ? ['person.id_number'] : []),
      ...(query.name ? ['person.name'] : []),
      ...(query.birthDate ? ['person.birth_date'] : []),
      ...(query.addressUnitId ? ['person.address'] : []),
    ];
    const refused = asked.filter((name) => !askable.has(name));
    if (refused.length > 0) throw sharingErrors.searchNotAllowed(refused);
    const conditions = [eq(residents.tenantId, ctx.tenant.id)];
    if (query.idNumber) {
      const parsed = parseIdNumber(query.idNumber);
      if (!parsed.ok) throw sharingErrors.invalidIdNumber(parsed.reason);
      conditions.push(eq(residents.idNumberIndex, idNumberIndex(dataKey, parsed.value)));
    }
    if (query.name) conditions.push(eq(residents.name, query.name));
    if (query.birthDate) conditions.push(eq(residents.birthDate, query.birthDate));
    if (query.addressUnitId) conditions.push(eq(residents.addressUnitId, query.addressUnitId));
    const rows = await tx
      .select()
      .from(residents)
      .where(and(...conditions))
      .limit(20);
    const results = [];
    for (const resident of rows) {
      const readable = await fieldsFor(tx, ctx.tenant.id, scope, catalog, resident.addressUnitId);
      // Each asked field must be readable for this resident too, or the match itself would leak it.
      if (!asked.every((name) => readable.has(name))) continue;
      // Staff see only residents of their own units, as a single pull does.
      if (!staffMaySee(ctx.actor, catalog, readable)) continue;
      const view = await present(tx, ctx, readable, resident);
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
          operation: 'search',
        },
        ctx.now(),
      );
      results.push(view.body);
    }
    return results;
  });
}

export async function domainByKey(tx: Transaction, tenantId: string, key: string) {
  const [domain] = await tx
    .select()
    .from(dataDomains)
    .where(and(eq(dataDomains.tenantId, tenantId), eq(dataDomains.key, key)));
  if (!domain) throw sharingErrors.domainNotFound();
  return domain;
}
