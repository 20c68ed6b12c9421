import { errors, type FieldIssue, fieldIssue } from './errors';

/**
 * Characters no public text may carry: C0 and C1 controls (tab and line breaks allowed where the
 * text is multi-line), and the bidirectional controls that make text display in another order
 * than it is stored (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) — in an incident's name
 * they let a city's page or feed show words the administrator did not type in that order.
 */
const DIRECTION_CONTROLS = new Set([
  0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
]);
const LINE_BREAKS = new Set([0x09, 0x0a, 0x0d]);

/** C0 and C1 controls and direction controls, by code unit (a scan, not a pattern of control characters). */
function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || DIRECTION_CONTROLS.has(code);
}

/** Whether a text holds half a UTF-16 surrogate pair (valid in a JS string and in JSON, not text). */
export function hasLoneSurrogate(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return true;
    } else if (code >= 0xdc00 && code <= 0xdfff) return true;
  }
  return false;
}

/** What is wrong with a text, or undefined; lone surrogates (not text at all) included. */
export function unsafeTextProblem(
  value: string,
  options: { multiline?: boolean } = {},
): 'field.text.lone_surrogate' | 'field.text.control' | 'field.text.line_break' | undefined {
  if (hasLoneSurrogate(value)) return 'field.text.lone_surrogate';
  let lineBreak = false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (LINE_BREAKS.has(code)) lineBreak = true;
    else if (isControl(code)) return 'field.text.control';
  }
  if (lineBreak && !options.multiline) return 'field.text.line_break';
  return undefined;
}

/** A text, or a text in both languages (checked as `<field>.zh` and `<field>.en`). */
type Checked = string | { zh?: string | null | undefined; en?: string | null | undefined } | undefined | null;

/**
 * Refuses, with 422 `text.unsafe_characters` naming every field, texts that will be shown to the
 * public. `fields` maps a field's path to its value (undefined: not sent); a bilingual value is
 * checked in each language, as `<path>.zh` and `<path>.en`. `multiline` names fields by their path
 * (a bilingual field's languages are multi-line with it).
 */
export function refuseUnsafeText(
  fields: Record<string, Checked>,
  options: { multiline?: readonly string[] } = {},
): void {
  const issues: FieldIssue[] = [];
  const check = (path: string, value: string | null | undefined, multiline: boolean) => {
    if (value == null) return;
    const problem = unsafeTextProblem(value, { multiline });
    if (problem) issues.push(fieldIssue(path, problem));
  };
  for (const [path, value] of Object.entries(fields)) {
    const multiline = options.multiline?.includes(path) ?? false;
    if (typeof value === 'object' && value !== null) {
      check(`${path}.zh`, value.zh, multiline);
      check(`${path}.en`, value.en, multiline);
    } else check(path, value, multiline);
  }
  if (issues.length > 0) throw errors.unprocessable('text.unsafe_characters', { details: issues });
}

/**
 * What the edge refuses in any text of any request, before a handler sees it: lone surrogates and
 * control characters other than tab and line breaks (NUL, the rest of C0, DEL, C1). Postgres cannot
 * store NUL in text at all, and none of them is something a person typed. Tab and line breaks are
 * legitimate in multi-line fields; the fields that must stay on one line, and the public texts that
 * must not carry direction controls, keep their own check (`refuseUnsafeText`).
 */
export function edgeTextProblem(
  value: string,
): 'field.text.lone_surrogate' | 'field.text.control' | undefined {
  if (hasLoneSurrogate(value)) return 'field.text.lone_surrogate';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if ((code < 0x20 && !LINE_BREAKS.has(code)) || (code >= 0x7f && code <= 0x9f))
      return 'field.text.control';
  }
  return undefined;
}

/**
 * Every text in a value (strings, and the keys and members of objects and arrays, at any depth)
 * that the edge refuses, as issues naming its path (`units.3.name.zh`; a bad key is named by its
 * object's path).
 */
export function unsafeInputIssues(value: unknown, path: string, issues: FieldIssue[] = []): FieldIssue[] {
  if (typeof value === 'string') {
    const problem = edgeTextProblem(value);
    if (problem) issues.push(fieldIssue(path || '(root)', problem));
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries())
      unsafeInputIssues(item, path ? `${path}.${index}` : String(index), issues);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const problem = edgeTextProblem(key);
      if (problem) issues.push(fieldIssue(path || '(root)', problem));
      else unsafeInputIssues(item, path ? `${path}.${key}` : key, issues);
    }
  }
  return issues;
}

/** Refuses (422 `text.unsafe_characters`, every field by path) a request part holding such text. */
export function refuseUnsafeInput(parts: Record<string, unknown>): void {
  const issues: FieldIssue[] = [];
  for (const [path, value] of Object.entries(parts)) unsafeInputIssues(value, path, issues);
  if (issues.length > 0) throw errors.unprocessable('text.unsafe_characters', { details: issues });
}
