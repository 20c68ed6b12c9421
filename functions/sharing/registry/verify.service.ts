import { and, eq } from 'drizzle-orm';
import { facets, residents } from '../../../schema';
import { authorize } from '../../auth/authorize';
import type { ServiceContext } from '../../auth/context';
import { unitAndAncestors } from '../../auth/units';
import { todayIn } from '../../platform/dates';
import { withTenant } from '../../platform/db';
import { loadCatalog } from '../catalog/catalog.service';
import { logAccess } from '../ledger';
import { parsePurpose, requireHeldPurpose } from '../purposes/purpose-header';
import { purposeKnown } from '../purposes/purposes.service';
import { sharingErrors, sharingIssue } from '../sharing.errors';
import { fieldsFor, fieldsSomewhere, readScope } from './readable';
import { domainByKey, findResidentByIdNumber, type ResidentRow, requireDataKey } from './residents.service';

export interface VerificationInput {
  residentId?: string | undefined;
  idNumber?: string | undefined;
  livesIn?: string | undefined;
  field?: string | undefined;
  equals?: unknown;
}

/**
 * Yes/no questions answered without transferring the record ("does this person live in community
 * X?", "is this person registered as 低保?") for a stated purpose. The caller must be able to read
 * what it asks about, or hold a verification-only grant on it (kind `verify`: yes/no answers, never
 * the value), made for that purpose; the question is logged as a verification of that one field.
 * An unknown person answers no.
 */
export async function verifyResident(
  ctx: ServiceContext,
  input: VerificationInput,
  purposeHeader: string | undefined,
) {
  const purpose = parsePurpose(purposeHeader);
  const dataKey = requireDataKey(ctx);
  const asked = input.livesIn ? 'person.address' : (input.field ?? '');
  return withTenant({ db: ctx.db, tenantId: ctx.tenant.id }, async (tx) => {
    await authorize(tx, ctx.actor, 'residents.read', { tenantId: ctx.tenant.id });
    const catalog = await loadCatalog(tx, ctx.tenant.id);
    if (!catalog.some((field) => field.qualified === asked)) {
      throw sharingErrors.invalidFacet([sharingIssue('field', 'verify.no_such_field', { field: asked })]);
    }
    if (asked.startsWith('person.') && asked !== 'person.address') {
      throw sharingErrors.invalidFacet([sharingIssue('field', 'verify.department_field')]);
    }
    const scope = await readScope(
      tx,
      ctx.tenant.id,
      ctx.actor,
      catalog,
      todayIn(ctx.tenant.timezone, ctx.now()),
      { code: purpose.code, kinds: ['read', 'verify'] },
    );
    requireHeldPurpose(purpose, await purposeKnown(tx, ctx.tenant.id, purpose.code), scope.heldPurposes);
    // Identifying the person by ID number is itself a question about the ID number.
    const askedFields = input.idNumber ? [asked, 'person.id_number'] : [asked];
    const somewhere = fieldsSomewhere(scope, catalog);
    const refused = askedFields.filter((name) => !somewhere.has(name));
    if (refused.length > 0) throw sharingErrors.verifyNotAllowed(refused);
    let resident: ResidentRow | undefined;
    if (input.residentId) {
      [resident] = await tx
        .select()
        .from(residents)
        .where(and(eq(residents.tenantId, ctx.tenant.id), eq(residents.id, input.residentId)));
    } else if (input.idNumber) {
      resident = await findResidentByIdNumber(tx, ctx.tenant.id, dataKey, input.idNumber);
    }
    if (!resident) return { answer: false };
    const readable = await fieldsFor(tx, ctx.tenant.id, scope, catalog, resident.addressUnitId);
    if (!askedFields.every((name) => readable.has(name))) return { answer: false };
    let answer: boolean;
    if (input.livesIn) {
      const lineage = (await unitAndAncestors(tx, ctx.tenant.id, resident.addressUnitId)) ?? [];
      answer = lineage.includes(input.livesIn);
    } else {
      const [domainKey, key] = asked.split('.') as [string, string];
      const domain = await domainByKey(tx, ctx.tenant.id, domainKey);
      const [facet] = await tx
        .select({ data: facets.data })
        .from(facets)
        .where(and(eq(facets.residentId, resident.id), eq(facets.domainId, domain.id)));
      answer =
        facet !== undefined &&
        JSON.stringify(facet.data[key] ?? null) === JSON.stringify(input.equals ?? null);
    }
    await logAccess(
      tx,
      ctx.tenant.id,
      {
        actor: ctx.actor,
        residentId: resident.id,
        fields: [asked],
        purpose: purpose.stated,
        purposeCode: purpose.code,
        unmaskedIdNumber: false,
        operation: 'verify',
      },
      ctx.now(),
    );
    return { answer };
  });
}
