import type { ResultPart } from '../../schema/evaluation';
import { csvDocument } from '../platform/csv';
import { spreadsheetMl } from '../platform/spreadsheet';

/** One row of the export for the city's performance-pay process. */
export interface ExportRow {
  subject: string;
  kind: string;
  score: number | null;
  complete: boolean;
  award: boolean;
  vetoed: boolean;
  parts: ResultPart[];
}

const PART_ORDER = ['from_above', 'from_below', 'host', 'department', 'measured', 'survey'] as const;

function table(rows: ExportRow[]): (string | number | boolean | null)[][] {
  const head = [
    'subject',
    'kind',
    'score',
    'complete',
    'award',
    'vetoed',
    ...PART_ORDER.map((part) => `${part}_score`),
  ];
  return [
    head,
    ...rows.map((row) => [
      row.subject,
      row.kind,
      row.score,
      row.complete,
      row.award,
      row.vetoed,
      ...PART_ORDER.map((part) => row.parts.find((p) => p.part === part)?.score ?? null),
    ]),
  ];
}

/** CSV in UTF-8 with a byte-order mark, so Excel opens the Chinese names correctly. */
export function resultsCsv(rows: ExportRow[]): string {
  return csvDocument(table(rows));
}

/** The same table as an Excel workbook (SpreadsheetML 2003, which Excel and LibreOffice open). */
export function resultsWorkbook(rows: ExportRow[], sheet: string): string {
  return spreadsheetMl(sheet, table(rows));
}
