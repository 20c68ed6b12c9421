import { splitCsv } from '../platform/csv';
import { errors, type FieldIssue } from '../platform/errors';
import { readSpreadsheet, type SheetRow } from '../platform/spreadsheet';
import type { OnboardingDocumentInput } from './onboarding.schema';

/** The most units one onboarding file may hold (a city has thousands, not millions). */
export const MAX_UNIT_ROWS = 20_000;

/** Columns of a units file; each may be headed in English or in Chinese. */
export const UNIT_COLUMNS = {
  level: ['level', '层级'],
  code: ['code', '代码'],
  name_zh: ['name_zh', '中文名称'],
  name_en: ['name_en', '英文名称'],
  parent_code: ['parent_code', '上级代码'],
  valid_from: ['valid_from', '成立日期'],
} as const;
type Column = keyof typeof UNIT_COLUMNS;
const REQUIRED: Column[] = ['level', 'code', 'name_zh'];

/** The downloadable example: districts, communities and grids under the city being onboarded. */
export const EXAMPLE_UNITS_CSV = [
  'level,code,name_zh,name_en,parent_code,valid_from',
  'district,east,东区,East District,,',
  'district,west,西区,West District,,',
  'community,east-c1,东一社区,East Community 1,east,2010-02-01',
  'community,west-c1,西一社区,West Community 1,west,2010-02-01',
  'grid,east-c1-g1,东一社区第一网格,East Community 1 Grid 1,east-c1,2012-01-01',
  '',
].join('\n');

export type UnitRowInput = NonNullable<OnboardingDocumentInput['units']>[number];

export interface UnitsFile {
  /** One unit per data row, in file order. */
  units: UnitRowInput[];
  /** The file row (1 = header) each unit came from, parallel to `units`. */
  rows: number[];
  /** Problems found while reading the file, each naming its row and column. */
  issues: FieldIssue[];
}

function isXlsx(name: string, bytes: ArrayBuffer): boolean {
  const head = new Uint8Array(bytes.slice(0, 2));
  return /\.xlsx$/i.test(name) || (head[0] === 0x50 && head[1] === 0x4b); // "PK": a zip container
}

function csvRows(bytes: ArrayBuffer, issues: FieldIssue[]): SheetRow[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw errors.unprocessable(
      'units_file.unreadable',
      'The file is not UTF-8 text or an .xlsx spreadsheet.',
      [{ path: 'file', message: 'save it as CSV (UTF-8) or .xlsx' }],
    );
  }
  const rows: SheetRow[] = [];
  text.split('\n').forEach((line, index) => {
    const clean = line.replace(/\r$/, '');
    if (clean.trim() === '') return;
    const cells = splitCsv(clean);
    if (!cells) issues.push({ path: `row ${index + 1}`, message: 'unbalanced quotes' });
    else rows.push({ row: index + 1, cells: cells.map((cell) => cell.trim()) });
  });
  return rows;
}

/**
 * Reads a CSV (UTF-8) or .xlsx file of districts, communities, grids … into onboarding units.
 * A unit without `parent_code` hangs under the city itself (`rootCode`). Nothing is checked
 * against the structure here: the onboarding verb does that, and its issues are mapped back to
 * file rows with `rowIssues`.
 */
export async function readUnitsFile(
  file: { name: string; bytes: ArrayBuffer },
  rootCode: string,
): Promise<UnitsFile> {
  const issues: FieldIssue[] = [];
  if (file.bytes.byteLength === 0) {
    throw errors.unprocessable('units_file.empty', 'The file is empty.', [
      { path: 'file', message: 'empty' },
    ]);
  }
  const sheet = isXlsx(file.name, file.bytes)
    ? await readSpreadsheet(file.bytes)
    : csvRows(file.bytes, issues);
  const [header, ...data] = sheet;
  if (!header) {
    throw errors.unprocessable('units_file.empty', 'The file has no header row.', [
      { path: 'file', message: 'no header row' },
    ]);
  }
  const position = new Map<Column, number>();
  header.cells.forEach((cell, index) => {
    const name = cell.trim().toLowerCase();
    for (const [column, names] of Object.entries(UNIT_COLUMNS) as [Column, readonly string[]][]) {
      if (names.includes(name)) position.set(column, index);
    }
  });
  const missing = REQUIRED.filter((column) => !position.has(column));
  if (missing.length > 0) {
    throw errors.unprocessable(
      'units_file.columns',
      'The header row lacks required columns.',
      missing.map((column) => ({ path: `row ${header.row}, ${column}`, message: 'missing column' })),
    );
  }
  if (data.length > MAX_UNIT_ROWS) {
    throw errors.unprocessable('units_file.too_large', 'The file has too many rows.', [
      { path: 'file', message: `at most ${MAX_UNIT_ROWS} rows` },
    ]);
  }
  const units: UnitRowInput[] = [];
  const rows: number[] = [];
  for (const { row, cells } of data) {
    const cell = (column: Column) => {
      const index = position.get(column);
      return index === undefined ? '' : (cells[index] ?? '').trim();
    };
    const absent = REQUIRED.filter((column) => cell(column) === '');
    for (const column of absent) issues.push({ path: `row ${row}, ${column}`, message: 'required' });
    if (absent.length > 0) continue;
    units.push({
      code: cell('code'),
      level: cell('level') as UnitRowInput['level'],
      name: { zh: cell('name_zh'), en: cell('name_en') || cell('name_zh') },
      parent: cell('parent_code') || rootCode,
      ...(cell('valid_from') ? { validFrom: cell('valid_from') } : {}),
    });
    rows.push(row);
  }
  return { units, rows, issues };
}

const FIELD_COLUMNS: Record<string, Column> = {
  code: 'code',
  level: 'level',
  name: 'name_zh',
  'name.zh': 'name_zh',
  'name.en': 'name_en',
  parent: 'parent_code',
  validFrom: 'valid_from',
};

/**
 * Issues from the onboarding verb (`units.4.parent`) as rows of the file (`row 4, parent_code`).
 * `offset` is how many units precede the file's in the document (the city itself).
 */
export function rowIssues(issues: FieldIssue[], rows: number[], offset: number): FieldIssue[] {
  return issues.map((issue) => {
    const match = /^units\.(\d+)(?:\.(.+))?$/.exec(issue.path);
    const row = match ? rows[Number(match[1]) - offset] : undefined;
    if (!match || row === undefined) return issue;
    const column = match[2] ? (FIELD_COLUMNS[match[2]] ?? match[2]) : undefined;
    return { path: column ? `row ${row}, ${column}` : `row ${row}`, message: issue.message };
  });
}
