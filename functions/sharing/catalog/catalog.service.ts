import { and, asc, eq } from 'drizzle-orm';
import { dataDomains, dataFields, departments } from '../../../schema';
import { bilingual } from '../../platform/bilingual';
import type { Executor, Transaction } from '../../platform/db';
import type { StructureConfig } from '../../tenants/structure.schema';
import {
  DOMAIN_FIELDS,
  FALLBACK_FIELDS,
  legalBasisFor,
  PERSON_DOMAIN,
  PERSON_FIELDS,
} from './catalog.defaults';

export interface CatalogField {
  domainKey: string;
  domainId: string;
  ownerDepartmentId: string;
  key: string;
  /** `domain.field`, the name grants and responses use. */
  qualified: string;
  type: 'string' | 'number' | 'boolean' | 'date';
  sensitivity: 'low' | 'medium' | 'high';
  sharingClass: 'open' | 'conditional' | 'none';
  legalBasis: string;
  name: { zh: string; en: string };
}

/** Creates the catalog from the structure's departments and their data domains (at onboarding). */
export async function seedCatalog(
  tx: Transaction,
  tenantId: string,
  structure: StructureConfig,
): Promise<void> {
  const rows = await tx.select().from(departments).where(eq(departments.tenantId, tenantId));
  const idByKey = new Map(rows.map((row) => [row.key, row.id]));
  const community = idByKey.get('community') ?? rows[0]?.id;
  if (!community) return;
  const domains: { key: string; owner: string; name: { zh: string; en: string } }[] = [
    { key: PERSON_DOMAIN, owner: community, name: { zh: '人员基本信息', en: 'Person' } },
  ];
  for (const department of structure.departments) {
    const owner = idByKey.get(department.key);
    if (!owner) continue;
    for (const domain of department.dataDomains) {
      if (!domains.some((existing) => existing.key === domain.key))
        domains.push({ key: domain.key, owner, name: domain.name });
    }
  }
  for (const domain of domains) {
    const [row] = await tx
      .insert(dataDomains)
      .values({
        tenantId,
        key: domain.key,
        ownerDepartmentId: domain.owner,
        nameZh: domain.name.zh,
        nameEn: domain.name.en,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) continue;
    const fields =
      domain.key === PERSON_DOMAIN ? PERSON_FIELDS : (DOMAIN_FIELDS[domain.key] ?? FALLBACK_FIELDS);
    await tx.insert(dataFields).values(
      fields.map((field) => ({
        tenantId,
        domainId: row.id,
        key: field.key,
        type: field.type,
        sensitivity: field.sensitivity,
        sharingClass: field.sharingClass,
        legalBasis: legalBasisFor(domain.key, field.sharingClass),
        nameZh: field.name.zh,
        nameEn: field.name.en,
      })),
    );
  }
}

/** The whole catalog of a tenant, field by field. */
export async function loadCatalog(db: Executor, tenantId: string): Promise<CatalogField[]> {
  const rows = await db
    .select({ domain: dataDomains, field: dataFields })
    .from(dataFields)
    .innerJoin(dataDomains, eq(dataDomains.id, dataFields.domainId))
    .where(and(eq(dataFields.tenantId, tenantId)))
    .orderBy(asc(dataDomains.key), asc(dataFields.key));
  return rows.map(({ domain, field }) => ({
    domainKey: domain.key,
    domainId: domain.id,
    ownerDepartmentId: domain.ownerDepartmentId,
    key: field.key,
    qualified: `${domain.key}.${field.key}`,
    type: field.type,
    sensitivity: field.sensitivity,
    sharingClass: field.sharingClass,
    legalBasis: field.legalBasis,
    name: bilingual(field),
  }));
}

export interface FieldChange {
  name?: { zh: string; en: string } | undefined;
  sensitivity?: 'low' | 'medium' | 'high' | undefined;
  sharingClass?: 'open' | 'conditional' | 'none' | undefined;
  legalBasis?: string | undefined;
}

export interface NewField extends Required<Omit<FieldChange, 'legalBasis'>> {
  key: string;
  type: 'string' | 'number' | 'boolean' | 'date';
  legalBasis?: string | undefined;
  /** Community staff fill it in: only under an admitted work item of the domain's department. */
  collectedBy?: 'department' | 'community' | undefined;
  workItemId?: string | undefined;
}

/**
 * Catalogs per tenant, per isolate, kept only while their version is current. The version is a
 * number bumped by a trigger in the same transaction as any change to the city's domains or fields
 * (`catalog_versions`, migration 0030), read fresh on each pull by the pull's statement
 * (`shequ_pull_resident`), so equal versions mean equal catalogs.
 */
const cachedCatalogs = new Map<string, { version: string; catalog: CatalogField[] }>();

/**
 * The catalog for a version the caller just read in this transaction: from the per-isolate cache
 * when the version matches, otherwise loaded (and cached under that version).
 */
export async function catalogAtVersion(
  db: Executor,
  tenantId: string,
  version: string,
): Promise<CatalogField[]> {
  const cached = cachedCatalogs.get(tenantId);
  if (cached?.version === version) return cached.catalog;
  const catalog = await loadCatalog(db, tenantId);
  if (cachedCatalogs.size >= 1000) cachedCatalogs.clear();
  cachedCatalogs.set(tenantId, { version, catalog });
  return catalog;
}

/** The cached catalog of a tenant, if any, with its version (the caller checks it is current). */
export function peekCatalog(tenantId: string): { version: string; catalog: CatalogField[] } | undefined {
  return cachedCatalogs.get(tenantId);
}
