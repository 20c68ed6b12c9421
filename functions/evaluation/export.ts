import type { ResultPart } from '../../schema/evaluation';

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

/** A cell safe to open in a spreadsheet: text that starts like a formula is quoted. */
function cell(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

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
  return `\ufeff${table(rows)
    .map((line) => line.map(cell).join(','))
    .join('\r\n')}\r\n`;
}

const xml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** The same table as an Excel workbook (SpreadsheetML 2003, which Excel and LibreOffice open). */
export function resultsWorkbook(rows: ExportRow[], sheet: string): string {
  const body = table(rows)
    .map(
      (line) =>
        `<Row>${line
          .map((value) =>
            typeof value === 'number'
              ? `<Cell><Data ss:Type="Number">${value}</Data></Cell>`
              : `<Cell><Data ss:Type="String">${xml(value === null ? '' : String(value))}</Data></Cell>`,
          )
          .join('')}</Row>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><?mso-application progid="Excel.Sheet"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="${xml(sheet.slice(0, 31))}"><Table>${body}</Table></Worksheet></Workbook>`;
}
