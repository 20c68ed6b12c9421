import { errors, type FieldIssue } from './errors';

/**
 * Characters no public text may carry: C0 and C1 controls (tab and line breaks allowed where the
 * text is multi-line), and the bidirectional controls that make text display in another order
 * than it is stored (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) — in an incident's name
 * they let a city's page or feed show words the administrator did not type in that order.
 */
// Built from a string: the control characters it names are what it matches.
const CONTROLS =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const LINE_BREAKS = /[\t\n\r]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with a text, or undefined; lone surrogates (not text at all) included. */
export function unsafeTextProblem(value: string, options: { multiline?: boolean } = {}): string | undefined {
  if (LONE_SURROGATE.test(value)) return 'contains a broken character (a lone UTF-16 surrogate)';
  if (CONTROLS.test(value)) return 'contains a control or text-direction character';
  if (!options.multiline && LINE_BREAKS.test(value)) return 'contains a tab or line break';
  return undefined;
}

/**
 * Refuses, with 422 `text.unsafe_characters` naming every field, texts that will be shown to the
 * public. `fields` maps a field's path to its value (undefined: not sent).
 */
export function refuseUnsafeText(
  fields: Record<string, string | undefined | null>,
  options: { multiline?: readonly string[] } = {},
): void {
  const issues: FieldIssue[] = [];
  for (const [path, value] of Object.entries(fields)) {
    if (value == null) continue;
    const problem = unsafeTextProblem(value, { multiline: options.multiline?.includes(path) ?? false });
    if (problem) issues.push({ path, message: problem });
  }
  if (issues.length > 0)
    throw errors.unprocessable(
      'text.unsafe_characters',
      'Some texts contain characters that cannot be published.',
      issues,
    );
}
