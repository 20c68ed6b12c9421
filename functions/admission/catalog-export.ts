import { csvDocument } from '../platform/csv';
import { spreadsheetMl } from '../platform/spreadsheet';
import type { WorkItemRow } from './work-items.service';

const LIST_ZH: Record<string, string> = { statutory: '依法履职', assisted: '依法协助', negative: '负面清单' };

/** The columns of the downloadable catalog (zh-CN headers, English after a slash). */
const HEADERS = [
  '清单/list',
  '编号/code',
  '事项/item',
  'Item',
  '责任部门/department',
  '法律依据/legal basis',
  '到达层级/levels',
  '每社区每年经费（元）/yuan per community per year',
  '每社区人员/staff per community',
  '表单台账/forms and ledgers',
  '生效日期/valid from',
  '失效日期/valid until',
  '示例/sample',
];

function rowsOf(items: WorkItemRow[], departmentName: (id: string | null) => string): string[][] {
  return items.map((item) => [
    `${LIST_ZH[item.list] ?? item.list}/${item.list}`,
    item.code,
    item.nameZh,
    item.nameEn,
    departmentName(item.departmentId),
    item.legalBasis,
    item.levels.join(' '),
    String(item.fundingPerCommunity),
    String(item.staffPerCommunity),
    item.forms.join('；'),
    item.validFrom,
    item.validUntil ?? '',
    item.sample ? 'yes' : '',
  ]);
}

/** The catalog as CSV with a byte-order mark, so Excel opens the Chinese as UTF-8. */
export function catalogCsv(items: WorkItemRow[], departmentName: (id: string | null) => string): string {
  return csvDocument([HEADERS, ...rowsOf(items, departmentName)]);
}

/** The catalog as an Excel workbook in SpreadsheetML 2003 (XML Excel opens natively). */
export function catalogSpreadsheet(
  items: WorkItemRow[],
  departmentName: (id: string | null) => string,
): string {
  return spreadsheetMl('work-items', [HEADERS, ...rowsOf(items, departmentName)]);
}
