import type { $ZodIssue } from 'zod/v4/core';
import { type FieldIssue, platformIssue } from './errors';
import type { Params } from './messages';
import { patternName } from './patterns';

/**
 * zod's issues as field issues with codes. The code comes from zod's own issue code and its
 * parameters (`too_small` with `minimum`, `invalid_format` with `format`/`pattern`, …), never from
 * zod's English wording, which changes between releases. A refinement names its own code and
 * English with `refinement(code, params)` from its domain's `errorsOf`; one that does not is
 * `field.invalid` and keeps its own words as the message.
 */
export function issuesFromZod(
  issues: readonly $ZodIssue[],
  options: {
    /** Where the parsed value sits in the request (`['query']`, `['units', 3]`). */
    prefix?: readonly PropertyKey[];
    /** The value that was parsed: tells a missing field (`field.required`) from a wrong type. */
    input?: unknown;
  } = {},
): FieldIssue[] {
  return issues.map((issue) => {
    const path = [...(options.prefix ?? []), ...issue.path].map(String).join('.') || '(root)';
    if (issue.code === 'custom') {
      // The refinement wrote its English from its own domain's messages (or its own words).
      const { code, ...params } = (issue.params ?? {}) as { code?: unknown } & Params;
      if (typeof code === 'string') return { path, code, ...paramsOf(params), message: issue.message };
      return { path, code: 'field.invalid', message: issue.message };
    }
    const sent = 'input' in options ? { value: valueAt(options.input, issue.path) } : undefined;
    const coded = codeOf(issue, sent);
    return platformIssue(path, coded.code, paramsOf(coded.params).params);
  });
}

/** What was sent at a path, when it was sent. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

type Coded = { code: string; params?: Params };

function codeOf(issue: $ZodIssue, sent: { value: unknown } | undefined): Coded {
  switch (issue.code) {
    case 'invalid_type':
      if (sent && (sent.value === undefined || sent.value === null)) return { code: 'field.required' };
      return { code: 'field.invalid_type', params: { expected: issue.expected } };
    case 'too_small': {
      const minimum = Number(issue.minimum);
      if (issue.origin === 'string')
        return minimum <= 1 ? { code: 'field.required' } : { code: 'field.too_short', params: { minimum } };
      if (issue.origin === 'array' || issue.origin === 'set')
        return { code: 'field.too_few', params: { minimum } };
      return { code: 'field.too_small', params: { minimum, inclusive: issue.inclusive !== false } };
    }
    case 'too_big': {
      const maximum = Number(issue.maximum);
      if (issue.origin === 'string') return { code: 'field.too_long', params: { maximum } };
      if (issue.origin === 'array' || issue.origin === 'set')
        return { code: 'field.too_many', params: { maximum } };
      return { code: 'field.too_big', params: { maximum, inclusive: issue.inclusive !== false } };
    }
    case 'invalid_format':
      return formatCode(issue.format, issue.pattern);
    case 'invalid_value':
      return {
        code: 'field.not_one_of',
        params: { values: issue.values.filter((v) => typeof v === 'string' || typeof v === 'number') },
      };
    case 'unrecognized_keys':
      return { code: 'field.unrecognized_keys', params: { keys: issue.keys } };
    case 'not_multiple_of':
      return { code: 'field.not_multiple_of', params: { divisor: Number(issue.divisor) } };
    default:
      // invalid_union, invalid_key, invalid_element: the value is wrong as a whole.
      return { code: 'field.invalid' };
  }
}

function formatCode(format: string, pattern: string | undefined): Coded {
  if (format === 'regex') {
    const name = patternName(pattern);
    return name
      ? { code: `field.format.${name}` }
      : { code: 'field.pattern', params: { pattern: pattern ?? '' } };
  }
  if (format === 'email') return { code: 'field.email' };
  if (format === 'uuid' || format === 'guid') return { code: 'field.uuid' };
  if (format === 'url') return { code: 'field.url' };
  if (format === 'datetime' || format === 'date' || format === 'time') return { code: 'field.date' };
  return { code: 'field.format', params: { format } };
}

function paramsOf(params: Params | undefined) {
  return params && Object.keys(params).length > 0 ? { params } : {};
}
