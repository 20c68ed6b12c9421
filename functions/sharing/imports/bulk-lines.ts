import { splitCsv } from '../../platform/csv';
import { errors, type FieldIssue, fieldIssue } from '../../platform/errors';
import { columnName, MAX_SPREADSHEET_BYTES, readSpreadsheetRows } from '../../platform/spreadsheet';
import { IsoDate } from '../../tenants/onboarding.schema';
import type { CatalogField } from '../catalog/catalog.service';
import { sharingIssue } from '../sharing.errors';

/** How an upload is read and applied (`POST /v1/t/{tenant}/imports` and the console). */
export interface BulkOptions {
  format: 'ndjson' | 'csv' | 'xlsx';
  domainKey?: string | undefined;
  chunkSize: number;
  sourceSystem: string;
  resumeJobId?: string | undefined;
  /** The job's id, when the caller must know it before the import ends (the console's progress page). */
  jobId?: string | undefined;
}

/** The lines of a bulk upload (NDJSON, CSV, a spreadsheet's rows), numbered and parsed; nothing here touches the database. */

export interface ParsedLine {
  line: number;
  idNumber?: string | undefined;
  residentId?: string | undefined;
  domain: string;
  data: Record<string, unknown>;
  effectiveOn?: string | undefined;
}

/** Splits a byte stream into numbered text lines without holding the whole upload in memory. */
export async function* numberedLines(
  stream: ReadableStream<Uint8Array>,
): AsyncGenerator<{ line: number; text: string }> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let line = 0;
  for (;;) {
    const { value, done } = await reader.read();
    buffer += value ? decoder.decode(value, { stream: true }) : decoder.decode();
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      line += 1;
      yield { line, text: buffer.slice(0, newline).replace(/\r$/, '') };
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf('\n');
    }
    if (done) break;
  }
  if (buffer.length > 0) yield { line: line + 1, text: buffer.replace(/\r$/, '') };
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
  const { line, text } = entry;
  if (format === 'ndjson') {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return [fieldIssue('line', 'field.json')];
    }
    if (!value || typeof value !== 'object' || Array.isArray(value))
      return [fieldIssue('line', 'field.json_object')];
    const record = value as Record<string, unknown>;
    const domain = typeof record.domain === 'string' ? record.domain : options.domainKey;
    const issues: FieldIssue[] = [];
    if (!domain) issues.push(sharingIssue('domain', 'import.domain_missing'));
    if (typeof record.idNumber !== 'string' && typeof record.residentId !== 'string') {
      issues.push(sharingIssue('idNumber', 'import.resident_missing'));
    }
    if (!record.data || typeof record.data !== 'object' || Array.isArray(record.data))
      issues.push(sharingIssue('data', 'import.data_not_object'));
    if (record.effectiveOn !== undefined && !IsoDate.safeParse(record.effectiveOn).success) {
      issues.push(fieldIssue('effectiveOn', 'field.format.iso_date'));
    }
    if (issues.length > 0 || !domain) return issues;
    return {
      line,
      domain,
      idNumber: typeof record.idNumber === 'string' ? record.idNumber : undefined,
      residentId: typeof record.residentId === 'string' ? record.residentId : undefined,
      data: record.data as Record<string, unknown>,
      effectiveOn: typeof record.effectiveOn === 'string' ? record.effectiveOn : undefined,
    };
  }
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
    return [sharingIssue('line', 'import.cell_count', { cells: cells.length, header: header.length })];
  const domain = options.domainKey ?? '';
  const data: Record<string, unknown> = {};
  const issues: FieldIssue[] = [];
  let idNumber: string | undefined;
  let effectiveOn: string | undefined;
  header.forEach((column, index) => {
    const raw = cells[index] ?? '';
    if (column === 'id_number') idNumber = raw;
    else if (column === 'effective_on') {
      effectiveOn = raw || undefined;
      if (raw && !IsoDate.safeParse(raw).success)
        issues.push(fieldIssue('effective_on', 'field.format.iso_date'));
    } else if (raw !== '') {
      const field = catalog.find((candidate) => candidate.domainKey === domain && candidate.key === column);
      if (!field) return;
      const parsed = csvValue(field, raw);
      if (parsed.error) issues.push(sharingIssue(column, parsed.error));
      else data[column] = parsed.value;
    }
  });
  if (!idNumber) issues.push(fieldIssue('id_number', 'field.required'));
  return issues.length > 0 ? issues : { line, domain, idNumber, data, effectiveOn };
}

/** A line of the upload: text (NDJSON, CSV) or a spreadsheet row's cells, numbered as the user sees it. */
export interface Entry {
  line: number;
  text: string;
  cells?: string[] | undefined;
  problems?: { column: number; issue: FieldIssue }[] | undefined;
}

/** Reads a whole body, refusing more than `limit` bytes without reading past it. */
async function readLimited(stream: ReadableStream<Uint8Array>, limit: number): Promise<ArrayBuffer> {
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw errors.unprocessable('spreadsheet.too_large', {
        details: [fieldIssue('file', 'field.file_too_large', { megabytes: limit / 1024 / 1024 })],
      });
    }
    parts.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return bytes.buffer;
}

/** The rows of an .xlsx upload (first sheet), numbered as in Excel; the header is the first row. */
export async function* spreadsheetEntries(stream: ReadableStream<Uint8Array>): AsyncGenerator<Entry> {
  const rows = await readSpreadsheetRows(await readLimited(stream, MAX_SPREADSHEET_BYTES));
  for (const row of rows) yield { line: row.row, text: '', cells: row.cells, problems: row.problems };
}

/** Runs an async generator up to its first value, so its errors surface here; then replays it. */
export async function prefetch<T>(source: AsyncGenerator<T>): Promise<AsyncIterable<T>> {
  const first = await source.next();
  return (async function* () {
    if (first.done) return;
    yield first.value;
    yield* source;
  })();
}
