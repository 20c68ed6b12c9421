import { csvCell, splitCsv } from '../platform/csv';
import { type FieldIssue, fieldIssue } from '../platform/errors';
import { readSpreadsheet, type SheetRow } from '../platform/spreadsheet';
import type { OnboardingDocumentInput } from './onboarding.schema';
import type { StructureConfig } from './structure.schema';
import { tenantsError as e } from './tenants.errors';

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

/** Level keys an example walks down first, when a level may hold more than one kind of unit. */
const EXAMPLE_PREFERENCE = ['district', 'street', 'community', 'grid', 'courtyard', 'building'];
const CODE_STEM: Record<string, string> = {
  street: 's',
  community: 'c',
  residents_committee: 'r',
  grid: 'g',
  courtyard: 'y',
  building: 'b',
};

/**
 * The downloadable example for a structure: one line of levels from the city down (the levels a city
 * uses today, never a historical one), two units at the top and a unit under each below, so the
 * example previews cleanly for the template it was downloaded for.
 */
export function exampleUnitsCsv(structure: Pick<StructureConfig, 'levels'>): string {
  const levels = structure.levels.filter((level) => !level.historical);
  const root = levels.find((level) => level.parents.length === 0);
  const chain: (typeof levels)[number][] = [];
  let current = root;
  while (current) {
    const above = current.key;
    const candidates = levels
      .filter((level) => level.parents.includes(above) && !chain.includes(level) && level !== root)
      .sort((a, b) => rank(a.key) - rank(b.key));
    current = candidates[0];
    if (current) chain.push(current);
  }
  const lines = ['level,code,name_zh,name_en,parent_code,valid_from'];
  let parents: { code: string; zh: string; en: string }[] = [];
  chain.forEach((level, depth) => {
    const made =
      depth === 0
        ? [
            { code: 'east', zh: `东${level.name.zh}`, en: `East ${level.name.en}`, parent: '' },
            { code: 'west', zh: `西${level.name.zh}`, en: `West ${level.name.en}`, parent: '' },
          ]
        : (depth === 1 ? parents : parents.slice(0, 1)).map((parent) => ({
            code: `${parent.code}-${CODE_STEM[level.key] ?? level.key}1`,
            zh: `${parent.zh}第一${level.name.zh}`,
            en: `${parent.en} ${level.name.en} 1`,
            parent: parent.code,
          }));
    for (const unit of made)
      lines.push([level.key, unit.code, unit.zh, unit.en, unit.parent, ''].map(csvCell).join(','));
    parents = made;
  });
  return `${lines.join('\n')}\n`;
}

function rank(key: string): number {
  const index = EXAMPLE_PREFERENCE.indexOf(key);
  return index === -1 ? EXAMPLE_PREFERENCE.length : index;
}

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
    throw e.unprocessable('units_file.unreadable', { details: [e.issue('file', 'units_file.save_as')] });
  }
  const rows: SheetRow[] = [];
  text.split('\n').forEach((line, index) => {
    const clean = line.replace(/\r$/, '');
    if (clean.trim() === '') return;
    const cells = splitCsv(clean);
    if (!cells) issues.push(fieldIssue(`row ${index + 1}`, 'field.unbalanced_quotes'));
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
    throw e.unprocessable('units_file.empty', { details: [e.issue('file', 'units_file.no_rows')] });
  }
  const sheet = isXlsx(file.name, file.bytes)
    ? await readSpreadsheet(file.bytes)
    : csvRows(file.bytes, issues);
  const [header, ...data] = sheet;
  if (!header) {
    throw e.unprocessable('units_file.empty', { details: [e.issue('file', 'units_file.no_header')] });
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
    throw e.unprocessable('units_file.columns', {
      details: missing.map((column) => fieldIssue(`row ${header.row}, ${column}`, 'field.missing_column')),
    });
  }
  if (data.length > MAX_UNIT_ROWS) {
    throw e.unprocessable('units_file.too_large', {
      details: [e.issue('file', 'units_file.too_many_rows', { maximum: MAX_UNIT_ROWS })],
    });
  }
  const units: UnitRowInput[] = [];
  const rows: number[] = [];
  for (const { row, cells } of data) {
    const cell = (column: Column) => {
      const index = position.get(column);
      return index === undefined ? '' : (cells[index] ?? '').trim();
    };
    const absent = REQUIRED.filter((column) => cell(column) === '');
    for (const column of absent) issues.push(fieldIssue(`row ${row}, ${column}`, 'field.required'));
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
    return { ...issue, path: column ? `row ${row}, ${column}` : `row ${row}` };
  });
}
