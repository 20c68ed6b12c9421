import { readSheet } from 'read-excel-file/universal';
import { errors, type FieldIssue, fieldIssue } from './errors';

/** The largest spreadsheet we parse in one request (Excel files are read whole, not streamed). */
export const MAX_SPREADSHEET_BYTES = 10 * 1024 * 1024;

/** One row of a sheet as text, numbered as Excel numbers it (the header is row 1). */
export interface SheetRow {
  row: number;
  cells: string[];
}

/**
 * Text of one cell as a person typed it. Dates become ISO dates (YYYY-MM-DD); numbers keep their
 * digits. A number too long to be exact (an 18-digit ID number typed as a number) is refused rather
 * than silently rounded: Excel keeps only 15 significant digits.
 */
export function cellText(value: unknown): { text: string } | { error: 'field.inexact_number' } {
  if (value === null || value === undefined) return { text: '' };
  if (value instanceof Date) return { text: value.toISOString().slice(0, 10) };
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) && Number.isInteger(value)) {
      return { error: 'field.inexact_number' };
    }
    return { text: String(value) };
  }
  if (typeof value === 'boolean') return { text: value ? 'true' : 'false' };
  return { text: String(value).trim() };
}

/**
 * Reads the first sheet of an .xlsx file into text rows, skipping empty ones. A file that is not a
 * spreadsheet, or too large, is a 422 naming the `file` field; a cell that cannot be read exactly
 * is a 422 naming its row and column.
 */
export async function readSpreadsheet(bytes: ArrayBuffer): Promise<SheetRow[]> {
  const rows = await readSpreadsheetRows(bytes);
  const problems = rows.flatMap((row) =>
    row.problems.map((problem) => ({
      ...problem.issue,
      path: `row ${row.row}, column ${columnName(problem.column)}`,
    })),
  );
  if (problems.length > 0) throw errors.unprocessable('spreadsheet.inexact_cells', { details: problems });
  return rows.map(({ row, cells }) => ({ row, cells }));
}

/**
 * As `readSpreadsheet`, but a cell that cannot be read exactly is reported on its row (its text
 * left empty) instead of refusing the file: for uploads that report line by line.
 */
export async function readSpreadsheetRows(
  bytes: ArrayBuffer,
): Promise<(SheetRow & { problems: { column: number; issue: FieldIssue }[] })[]> {
  if (bytes.byteLength > MAX_SPREADSHEET_BYTES) {
    throw errors.unprocessable('spreadsheet.too_large', {
      details: [
        fieldIssue('file', 'field.file_too_large', { megabytes: MAX_SPREADSHEET_BYTES / 1024 / 1024 }),
      ],
    });
  }
  let sheet: unknown[][];
  try {
    sheet = (await readSheet(bytes)) as unknown[][];
  } catch {
    throw errors.unprocessable('spreadsheet.unreadable', { details: [fieldIssue('file', 'field.not_xlsx')] });
  }
  const rows: (SheetRow & { problems: { column: number; issue: FieldIssue }[] })[] = [];
  sheet.forEach((values, index) => {
    const cells: string[] = [];
    const problems: { column: number; issue: FieldIssue }[] = [];
    values.forEach((value, column) => {
      const cell = cellText(value);
      if ('error' in cell) {
        problems.push({ column, issue: fieldIssue('', cell.error) });
        cells.push('');
      } else cells.push(cell.text);
    });
    if (cells.some((cell) => cell !== '') || problems.length > 0)
      rows.push({ row: index + 1, cells, problems });
  });
  return rows;
}

/** Excel's column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}

const xmlText = (value: string) =>
  value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/**
 * A one-sheet Excel workbook in SpreadsheetML 2003 (XML that Excel and LibreOffice open; no library
 * writes .xlsx in a Worker here): numbers as numbers, everything else as text.
 */
export function spreadsheetMl(
  sheet: string,
  rows: readonly (readonly (string | number | boolean | null)[])[],
): string {
  const cell = (value: string | number | boolean | null) =>
    typeof value === 'number'
      ? `<Cell><Data ss:Type="Number">${value}</Data></Cell>`
      : `<Cell><Data ss:Type="String">${xmlText(value === null ? '' : String(value))}</Data></Cell>`;
  const body = rows.map((row) => `<Row>${row.map(cell).join('')}</Row>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">\n<Worksheet ss:Name="${xmlText(sheet.slice(0, 31))}"><Table>\n${body}\n</Table></Worksheet></Workbook>\n`;
}
