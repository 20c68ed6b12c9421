import { bilingual } from '../platform/bilingual';
import type { TenantRow } from '../platform/tenancy';
import type { OrgUnitRow, ReformRow } from './org-units.repository';

export function presentTenant(tenant: TenantRow) {
  return {
    slug: tenant.slug,
    name: bilingual(tenant),
    timezone: tenant.timezone,
    template: tenant.template,
    model: tenant.structure.name,
  };
}

export function presentUnit(unit: OrgUnitRow) {
  return {
    id: unit.id,
    code: unit.code,
    level: unit.level,
    name: bilingual(unit),
    parentId: unit.parentId,
    validFrom: unit.validFrom,
    validTo: unit.validTo,
    openedByReformId: unit.openedByReformId,
    closedByReformId: unit.closedByReformId,
    sample: unit.sample,
    attributes: unit.attributes,
  };
}

export function presentReform(
  reform: ReformRow,
  counts: { closed: Record<string, number>; opened: Record<string, number> },
) {
  return {
    id: reform.id,
    code: reform.code,
    effectiveOn: reform.effectiveOn,
    datePrecision: reform.datePrecision,
    title: bilingual(reform, 'title'),
    summary: bilingual(reform, 'summary'),
    source: reform.source,
    closed: counts.closed,
    opened: counts.opened,
  };
}

export function countByLevel(units: OrgUnitRow[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const unit of units) counts[unit.level] = (counts[unit.level] ?? 0) + 1;
  return counts;
}
