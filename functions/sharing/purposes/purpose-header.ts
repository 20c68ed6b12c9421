import { sharingErrors } from '../sharing.errors';
import { PURPOSE_NOTE_MAX } from './purposes.service';

/** What a read says it serves: a purpose code of the city and, optionally, free text beside it. */
export interface StatedPurpose {
  code: string;
  note: string | null;
  /** As the access log keeps it: `code` or `code; note`. */
  stated: string;
}

/**
 * The `X-Purpose` header: `<code>` or `<code>;<free text>`, e.g. `minimum_income_review;2026年复核`.
 * HTTP headers are Latin-1, so the value is percent-encoded UTF-8 when it holds anything else
 * (`encodeURIComponent` of the whole value works). Whether the code is one of the city's, and one
 * the caller holds a grant for, is decided by the read (it needs the database).
 */
export function parsePurpose(header: string | undefined): StatedPurpose {
  let value = header?.trim() ?? '';
  if (value.includes('%')) {
    try {
      value = decodeURIComponent(value).trim();
    } catch {
      // `%E6%A0` (cut UTF-8) or `%zz`: the access log must hold what the reader meant
      throw sharingErrors.purposeUndecodable();
    }
  }
  const split = value.indexOf(';');
  const code = (split < 0 ? value : value.slice(0, split)).trim();
  const note = split < 0 ? null : value.slice(split + 1).trim() || null;
  if (code.length < 2 || code.length > 200 || (note?.length ?? 0) > PURPOSE_NOTE_MAX)
    throw sharingErrors.purposeRequired();
  return { code, note, stated: note ? `${code}; ${note}` : code };
}

/**
 * Refuses a read whose purpose the city does not know (422 `purpose.unknown`), or that a
 * department holding grants holds none for (403 `purpose.not_granted`); both name the purposes the
 * caller holds. A caller holding no grant (staff, or a department reading its own and open fields)
 * may state any purpose of the city.
 */
export function requireHeldPurpose(purpose: StatedPurpose, known: boolean, held: readonly string[]): void {
  const heldList = [...new Set(held)].sort();
  if (!known) throw sharingErrors.purposeUnknown(purpose.code, heldList);
  if (heldList.length > 0 && !heldList.includes(purpose.code))
    throw sharingErrors.purposeNotGranted(purpose.code, heldList);
}
