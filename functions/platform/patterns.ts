/**
 * The text formats requests use, by name. zod reports a failed `.regex()` with the pattern's source
 * and no name, so a field issue is given the code `field.format.<name>` by looking the pattern up
 * here (`patternName`): the same regular expression written anywhere is the same format.
 */
export const PATTERNS = {
  /** A city slug: `guiyang`. */
  slug: /^[a-z][a-z0-9-]{1,39}$/,
  /** A key of a level, body, department, data domain or field: `civil_affairs`. */
  key: /^[a-z][a-z0-9_]{0,62}$/,
  /** An org unit or reform code from an onboarding document: `yunyan-01`. */
  unit_code: /^[a-z0-9][a-z0-9_-]{0,79}$/,
  /** A day as the sources write it. */
  iso_date: /^[1-9]\d{3}-\d{2}-\d{2}$/,
  /** A phone number as people type it. */
  phone: /^\+?[0-9]{6,15}$/,
  /** An authenticator code. */
  totp: /^\d{6}$/,
  /** A session id (SHA-256, hex). */
  sha256_hex: /^[0-9a-f]{64}$/,
  /** An `If-Match` version. */
  version_tag: /^(W\/)?"?\d+"?$/,
  /** A host name mapped to a city. */
  host_name: /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
} as const;

export type PatternName = keyof typeof PATTERNS;

const BY_SOURCE = new Map<string, PatternName>(
  Object.entries(PATTERNS).map(([name, pattern]) => [pattern.toString(), name as PatternName]),
);

/** The name of a pattern zod reported (`pattern.toString()`), if it is one of ours. */
export function patternName(pattern: string | undefined): PatternName | undefined {
  return pattern === undefined ? undefined : BY_SOURCE.get(pattern);
}
