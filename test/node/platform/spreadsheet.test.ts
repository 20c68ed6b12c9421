import { describe, expect, it } from 'vitest';
import writeXlsxFile, { type SheetData } from 'write-excel-file/universal';
import { AppError } from '../../../functions/platform/errors';
import { columnName, readSpreadsheet } from '../../../functions/platform/spreadsheet';

async function xlsx(rows: SheetData): Promise<ArrayBuffer> {
  return (await writeXlsxFile(rows).toBlob()).arrayBuffer();
}

describe('readSpreadsheet', () => {
  it('reads text, dates and numbers as a person typed them, numbering rows as Excel does', async () => {
    const bytes = await xlsx([
      [{ value: '身份证号' }, { value: '日期' }, { value: '人数' }],
      [
        { value: '52010219900307001X', type: String },
        { value: new Date('2020-01-02T00:00:00Z'), type: Date, format: 'yyyy-mm-dd' },
        { value: 12, type: Number },
      ],
      [null, null, null],
      [{ value: ' 云岩区 ' }, null, { value: true, type: Boolean }],
    ]);
    const rows = await readSpreadsheet(bytes);
    expect(rows).toEqual([
      { row: 1, cells: ['身份证号', '日期', '人数'] },
      { row: 2, cells: ['52010219900307001X', '2020-01-02', '12'] },
      { row: 4, cells: ['云岩区', '', 'true'] },
    ]);
  });

  it('refuses an 18-digit number Excel has already rounded, naming the cell', async () => {
    const bytes = await xlsx([[{ value: 'id' }], [{ value: Number('520102199003070012'), type: Number }]]);
    const error = await readSpreadsheet(bytes).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(422);
    expect((error as AppError).details).toEqual([
      { path: 'row 2, column A', code: 'field.inexact_number', message: expect.stringMatching(/text/) },
    ]);
  });

  it('refuses bytes that are not a spreadsheet with a 422 on the file field', async () => {
    const error = await readSpreadsheet(new TextEncoder().encode('id,name\n1,2').buffer as ArrayBuffer).catch(
      (caught: unknown) => caught,
    );
    expect((error as AppError).code).toBe('spreadsheet.unreadable');
    expect((error as AppError).details?.[0]?.path).toBe('file');
  });

  it('names columns as Excel does', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });
});
