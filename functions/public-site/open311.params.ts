import { residentErrors, residentIssue } from '../cases/resident.errors';
import { type ResidentReport, residentReportIssues } from '../cases/resident-reports.service';
import type { RequestFilter } from '../cases/resident-tracking.service';
import type { FieldIssue } from '../platform/errors';

/** Open311 arguments (text) to the verbs' inputs; empty optional arguments count as absent. */
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

const present = (value: string | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

function dateArg(name: string, value: string | undefined, issues: FieldIssue[]): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (!W3C.test(value) || Number.isNaN(date.getTime())) {
    issues.push(residentIssue(name, 'report.date_time_zone'));
    return undefined;
  }
  return date;
}

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .slice(0, 200);

export function parseRequestFilter(get: (name: string) => string | undefined): RequestFilter {
  const issues: FieldIssue[] = [];
  const status = get('status');
  if (status !== undefined && status !== 'open' && status !== 'closed')
    issues.push(residentIssue('status', 'report.status_value'));
  const filter: RequestFilter = {
    numbers: list(get('service_request_id')),
    serviceCodes: list(get('service_code')),
    status: status === 'open' || status === 'closed' ? status : undefined,
    start: dateArg('start_date', get('start_date'), issues),
    end: dateArg('end_date', get('end_date'), issues),
  };
  if (issues.length > 0) throw residentErrors.invalid(issues);
  return filter;
}

/** `servicerequestupdates`' window: `start_date` and `end_date`, W3C date-times with their zone. */
export function parseUpdateWindow(get: (name: string) => string | undefined) {
  const issues: FieldIssue[] = [];
  const window = {
    start: dateArg('start_date', get('start_date'), issues),
    end: dateArg('end_date', get('end_date'), issues),
  };
  if (issues.length > 0) throw residentErrors.invalid(issues);
  return window;
}

function coordinate(name: string, value: string | undefined, issues: FieldIssue[]): number | undefined {
  if (value === undefined) return undefined;
  const number = /^-?\d{1,3}(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (Number.isNaN(number)) issues.push(residentIssue(name, 'report.coordinate'));
  return Number.isNaN(number) ? undefined : number;
}

/** An Open311 POST's fields (or the report form's) as a report. */
export function parseReport(fields: Record<string, string>): ResidentReport {
  const issues: FieldIssue[] = [];
  const field = (name: string) => present(fields[name]);
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) {
    const match = /^attribute\[([A-Za-z0-9_.-]{1,63})\]$/.exec(key);
    if (match?.[1] && present(value)) attributes[match[1]] = value;
  }
  const contact = ['first_name', 'last_name', 'phone', 'email', 'contact']
    .map(field)
    .filter(Boolean)
    .join(' ');
  const report: ResidentReport = {
    serviceCode: field('service_code') ?? '',
    placeCode: field('address_id'),
    description: field('description'),
    address: field('address_string'),
    lat: coordinate('lat', field('lat'), issues),
    long: coordinate('long', field('long'), issues),
    contact: contact || undefined,
    attributes,
  };
  if (!report.serviceCode) issues.push(residentIssue('service_code', 'report.service_required'));
  // Refused here: name everything else that is wrong too, so the form is put right in one go.
  if (issues.length > 0) throw residentErrors.invalid([...issues, ...residentReportIssues(report)]);
  return report;
}
