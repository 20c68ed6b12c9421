import type { CatalogField } from '../catalog/catalog.service';
import { maskIdNumber } from './id-number';

/** One of a resident's facets as read: the domain's fields, its version and effective date. */
export interface FacetRow {
  domain: string;
  version: number;
  effectiveOn: string;
  data: Record<string, unknown>;
}

/** The person fields in the order an answer shows them (see `presentRead`). */
export const PERSON_ORDER = ['name', 'sex', 'birth_date', 'address', 'phone', 'id_number'].map(
  (key) => `person.${key}`,
);

/** A resident as this caller may see them, from rows already read. */
export function presentRead(
  readable: Set<string>,
  resident: {
    id: string;
    idNumber: string;
    name: string;
    sex: string;
    birthDate: string;
    phone: string | null;
    addressUnitId: string;
    unitName: string | null;
    room: string | null;
  },
  facetRows: FacetRow[],
) {
  const person: Record<string, unknown> = {};
  const unmasked = readable.has('person.id_number');
  if (readable.has('person.name')) person.name = resident.name;
  if (readable.has('person.sex')) person.sex = resident.sex;
  if (readable.has('person.birth_date')) person.birth_date = resident.birthDate;
  if (readable.has('person.address'))
    person.address = { unitId: resident.addressUnitId, unit: resident.unitName, room: resident.room };
  if (readable.has('person.phone')) person.phone = resident.phone;
  person.id_number = unmasked ? resident.idNumber : maskIdNumber(resident.idNumber);
  const domains: Record<string, { version: number; effectiveOn: string; data: Record<string, unknown> }> = {};
  const shown = Object.keys(person)
    .filter((key) => key !== 'id_number' || unmasked)
    .map((key) => `person.${key}`);
  for (const facet of facetRows) {
    const data: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(facet.data)) {
      if (readable.has(`${facet.domain}.${key}`)) {
        data[key] = value;
        shown.push(`${facet.domain}.${key}`);
      }
    }
    if (Object.keys(data).length > 0)
      domains[facet.domain] = { version: facet.version, effectiveOn: facet.effectiveOn, data };
  }
  return { body: { id: resident.id, person, idNumberMasked: !unmasked, domains }, shown, unmasked };
}

/** Whether a qualified field (`domain.field`) is open-class in this catalog. */
export function isOpen(catalog: CatalogField[], name: string) {
  return catalog.find((field) => field.qualified === name)?.sharingClass === 'open';
}

/**
 * Community staff see a resident only when person fields beyond the open ones are readable for
 * them (the resident lives in their units). For anyone else this holds, and what they see is
 * decided field by field. One rule for pulls and searches.
 */
export function staffMaySee(actor: { kind: string }, catalog: CatalogField[], readable: Set<string>) {
  return (
    actor.kind !== 'user' ||
    [...readable].some((name) => name.startsWith('person.') && !isOpen(catalog, name))
  );
}
