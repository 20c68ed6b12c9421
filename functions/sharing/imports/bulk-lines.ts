import { splitCsv } from '../../platform/csv';
import { type FieldIssue, fieldIssue } from '../../platform/errors';
import { isUuid } from '../../platform/ids';
import { columnName } from '../../platform/spreadsheet';
import { hasLoneSurrogate } from '../../platform/text';
import { IsoDate } from '../../tenants/onboarding.schema';
import type { CatalogField } from '../catalog/catalog.service';
import { importErrors, importIssue } from './imports.errors';

/** How an upload is read and applied (`POST /v1/t/{tenant}/imports` and the console). */
export interface BulkOptions {
  format: 'ndjson' | 'csv' | 'xlsx';
  domainKey?: string | undefined;
  chunkSize: number;
  sourceSystem: string;
  resumeJobId?: string | undefined;
  /** The job's id, when the caller must know it before the import ends (the console's progress page). */
  jobId?: string | undefined;
  /** The body's declared size (Content-Length): over the format's limit, refused before reading. */
  contentLength?: number | undefined;
  /** Aborted when the client goes (the request's signal): the import stops and shows interrupted. */
  signal?: AbortSignal | undefined;
}

/** The lines of a bulk upload (NDJSON, CSV, a spreadsheet's rows), parsed; nothing here touches the database. */
export interface ParsedLine {
  line: number;
  idNumber?: string | undefined;
  residentId?: string | undefined;
  domain: string;
  data: Record<string, unknown>;
  effectiveOn?: string | undefined;
}

const BOOLEANS: Record<string, boolean> = {
  true: true,
  false: false,
  '1': true,
  '0': false,
  是: true,
  否: false,
};

function csvValue(
  field: CatalogField,
  raw: string,
): { value?: unknown; error?: 'import.not_a_number' | 'import.not_a_boolean' } {
  if (field.type === 'number') {
    const value = Number(raw);
    return Number.isFinite(value) ? { value } : { error: 'import.not_a_number' };
  }
  if (field.type === 'boolean') {
    const value = BOOLEANS[raw.trim().toLowerCase()];
    return value === undefined ? { error: 'import.not_a_boolean' } : { value };
  }
  return { value: raw };
}

export function parseLine(
  format: BulkOptions['format'],
  entry: Entry,
  header: string[] | undefined,
  options: BulkOptions,
  catalog: CatalogField[],
): ParsedLine | FieldIssue[] {
  if (entry.tooLong)
    return [importIssue('line', 'import.line_too_long', { megabytes: MAX_LINE_BYTES / 1024 / 1024 })];
  return format === 'ndjson'
    ? parseJsonLine(entry, options)
    : parseCellsLine(entry, header, options, catalog);
}

/** The longest line taken, newline excluded. A record is a few hundred bytes; a longer line is its error. */
export const MAX_LINE_BYTES = 1024 * 1024;
/** Deeper than a line needs (`{"data": {"field": value}}` is 3) and shallow enough for any recursion. */
export const MAX_JSON_DEPTH = 16;
/** Keys in one object: a domain has a handful of fields. */
export const MAX_JSON_KEYS = 1000;

/**
 * What makes a parsed line unfit to go further, or undefined: nesting past `MAX_JSON_DEPTH` (later
 * steps recurse, and PostgreSQL refuses deep jsonb with an error that would fail the whole chunk's
 * transaction rather than the line), objects past `MAX_JSON_KEYS`, and lone surrogates in any text
 * or key (valid in JSON, refused by PostgreSQL's jsonb), or a NUL in a key (it would reach the
 * report's own jsonb through the field's name). Iterative: the walk itself must not overflow. The
 * path names the line's field (two levels at most, so it stays short and echoes no bad key).
 */
export function jsonShapeProblem(value: unknown): FieldIssue | undefined {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 1, path: 'line' }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { value, depth, path } = next;
    if (typeof value === 'string') {
      if (hasLoneSurrogate(value)) return fieldIssue(path, 'field.text.lone_surrogate');
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    if (depth > MAX_JSON_DEPTH) return importIssue(path, 'import.json_too_deep', { depth: MAX_JSON_DEPTH });
    const keys = Array.isArray(value) ? undefined : Object.keys(value);
    if (keys && keys.length > MAX_JSON_KEYS)
      return importIssue(path, 'import.too_many_keys', { keys: MAX_JSON_KEYS });
    for (const key of keys ?? (value as unknown[]).keys()) {
      if (typeof key === 'string' && hasLoneSurrogate(key))
        return importIssue(path, 'import.key_lone_surrogate');
      if (typeof key === 'string' && key.includes('\u0000'))
        return importIssue(path, 'import.key_nul_character');
      const child = (value as Record<string | number, unknown>)[key];
      const childPath = depth <= 2 ? `${depth === 1 ? '' : `${path}.`}${key}` : path;
      stack.push({ value: child, depth: depth + 1, path: childPath });
    }
  }
  return undefined;
}

function parseJsonLine(entry: Entry, options: BulkOptions): ParsedLine | FieldIssue[] {
  let value: unknown;
  try {
    value = JSON.parse(entry.text);
  } catch {
    return [fieldIssue('line', 'field.json')];
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return [fieldIssue('line', 'field.json_object')];
  const shape = jsonShapeProblem(value);
  if (shape) return [shape];
  const record = value as Record<string, unknown>;
  const domain = typeof record.domain === 'string' ? record.domain : options.domainKey;
  const issues: FieldIssue[] = [];
  if (!domain) issues.push(importIssue('domain', 'import.domain_missing'));
  if (typeof record.idNumber !== 'string' && typeof record.residentId !== 'string') {
    issues.push(importIssue('idNumber', 'import.resident_missing'));
  }
  // Checked here: a malformed id reaching a query fails the statement, and with it the chunk.
  if (typeof record.residentId === 'string' && !isUuid(record.residentId))
    issues.push(fieldIssue('residentId', 'field.uuid'));
  if (!record.data || typeof record.data !== 'object' || Array.isArray(record.data))
    issues.push(importIssue('data', 'import.data_not_object'));
  if (record.effectiveOn !== undefined && !IsoDate.safeParse(record.effectiveOn).success) {
    issues.push(fieldIssue('effectiveOn', 'field.format.iso_date'));
  }
  if (issues.length > 0 || !domain) return issues;
  return {
    line: entry.line,
    domain,
    idNumber: typeof record.idNumber === 'string' ? record.idNumber : undefined,
    residentId: typeof record.residentId === 'string' ? record.residentId : undefined,
    data: record.data as Record<string, unknown>,
    effectiveOn: typeof record.effectiveOn === 'string' ? record.effectiveOn : undefined,
  };
}

/** A CSV line or a spreadsheet row, read against the header's columns. */
function parseCellsLine(
  entry: Entry,
  header: string[] | undefined,
  options: BulkOptions,
  catalog: CatalogField[],
): ParsedLine | FieldIssue[] {
  const { line, text } = entry;
  if (entry.problems && entry.problems.length > 0) {
    return entry.problems.map((problem) => ({
      ...problem.issue,
      path: header?.[problem.column] || `column ${columnName(problem.column)}`,
    }));
  }
  const cells = entry.cells ?? splitCsv(text);
  if (!cells || !header) return [fieldIssue('line', 'field.unbalanced_quotes')];
  // A spreadsheet row stops at its last filled cell; the missing cells are empty.
  if (entry.cells) while (cells.length < header.length) cells.push('');
  if (cells.length !== header.length)
    return [importIssue('line', 'import.cell_count', { cells: cells.length, header: header.length })];
  const domain = options.domainKey ?? '';
  const data: Record<string, unknown> = {};
  const issues: FieldIssue[] = [];
  let idNumber: string | undefined;
  let effectiveOn: string | undefined;
  header.forEach((column, index) => {
    const raw = cells[index] ?? '';
    // A decoded text line cannot hold one; a spreadsheet's XML might.
    if (hasLoneSurrogate(raw)) issues.push(fieldIssue(column, 'field.text.lone_surrogate'));
    else if (column === 'id_number') idNumber = raw;
    else if (column === 'effective_on') {
      effectiveOn = raw || undefined;
      if (raw && !IsoDate.safeParse(raw).success)
        issues.push(fieldIssue('effective_on', 'field.format.iso_date'));
    } else if (raw !== '') {
      const field = catalog.find((candidate) => candidate.domainKey === domain && candidate.key === column);
      if (!field) return;
      const parsed = csvValue(field, raw);
      if (parsed.error) issues.push(importIssue(column, parsed.error));
      else data[column] = parsed.value;
    }
  });
  if (!idNumber) issues.push(fieldIssue('id_number', 'field.required'));
  return issues.length > 0 ? issues : { line, domain, idNumber, data, effectiveOn };
}

/** The columns named by the first line of a CSV file or a spreadsheet. */
export function readHeader(entry: Entry): string[] {
  if (entry.tooLong)
    throw importErrors.headerInvalid(
      importIssue('line 1', 'import.line_too_long', { megabytes: MAX_LINE_BYTES / 1024 / 1024 }),
    );
  const cells = entry.cells ?? splitCsv(entry.text.replace(/^\uFEFF/, ''));
  if (!cells) throw importErrors.headerInvalid(fieldIssue('line 1', 'field.unbalanced_quotes'));
  return cells.map((cell) => cell.trim());
}

/**
 * A CSV or spreadsheet header whose columns are all fields of the import's domain (or `id_number`,
 * `effective_on`): a column that is no field would have its values dropped without a word, so the
 * file is refused at its header, naming the first such column. An unknown domain is left to each
 * line's own error.
 */
export function checkHeaderColumns(header: string[], options: BulkOptions, catalog: CatalogField[]): void {
  const domain = options.domainKey ?? '';
  const keys = new Set(catalog.filter((field) => field.domainKey === domain).map((field) => field.key));
  if (keys.size === 0) return;
  const unknown = header.find(
    (column) => column !== 'id_number' && column !== 'effective_on' && !keys.has(column),
  );
  if (unknown !== undefined)
    throw importErrors.headerInvalid(
      importIssue(unknown || 'line 1', 'import.unknown_column', { column: unknown, domain }),
    );
}

/** A line of the upload: text (NDJSON, CSV) or a spreadsheet row's cells, numbered as the user sees it. */
export interface Entry {
  line: number;
  text: string;
  cells?: string[] | undefined;
  problems?: { column: number; issue: FieldIssue }[] | undefined;
  /** Longer than `MAX_LINE_BYTES`: its text was not kept (`text` is empty). */
  tooLong?: boolean | undefined;
}
