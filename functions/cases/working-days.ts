import national from 'chinese-days/dist/chinese-days.json';
import { shiftDay, todayIn } from '../platform/dates';

/**
 * Working days as the State Council's holiday notices define them: weekends and public holidays
 * off, make-up working days (调休, a Saturday or Sunday worked instead) on. The national days come
 * from the `chinese-days` data package (pinned; a new release adds the next year once the notice is
 * out, usually in November). The platform can add a year the package does not cover yet, and a
 * city its own days off or working days (`calendar_days`); those win over the package.
 */

const holidays = new Set(Object.keys(national.holidays));
const makeUpDays = new Set(Object.keys(national.workdays));
const packageYears = new Set([...holidays].map((day) => Number(day.slice(0, 4))));

/** The years the data package covers (any holiday listed). */
export const NATIONAL_YEARS: readonly number[] = [...packageYears].sort((a, b) => a - b);

export interface CalendarOverrides {
  /** Day → its kind, platform-wide days first, then the city's (which win). */
  days: Map<string, 'day_off' | 'working_day'>;
  /** Years the platform added for every city (a published notice the package lacks). */
  addedYears: Set<number>;
}

export const NO_OVERRIDES: CalendarOverrides = { days: new Map(), addedYears: new Set() };

export function isCoveredYear(year: number, overrides: CalendarOverrides): boolean {
  return packageYears.has(year) || overrides.addedYears.has(year);
}

/** Whether a calendar date (YYYY-MM-DD) is a working day. */
export function isWorkingDay(day: string, overrides: CalendarOverrides = NO_OVERRIDES): boolean {
  const own = overrides.days.get(day);
  if (own) return own === 'working_day';
  if (holidays.has(day)) return false;
  if (makeUpDays.has(day)) return true;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The n-th working day after `day` (not counting `day` itself), and whether an uncovered year was crossed. */
export function nthWorkingDayAfter(
  day: string,
  n: number,
  overrides: CalendarOverrides = NO_OVERRIDES,
): { day: string; provisional: boolean } {
  let current = day;
  let counted = 0;
  let provisional = !isCoveredYear(Number(day.slice(0, 4)), overrides);
  while (counted < n) {
    current = shiftDay(current, 1);
    if (!isCoveredYear(Number(current.slice(0, 4)), overrides)) provisional = true;
    if (isWorkingDay(current, overrides)) counted += 1;
  }
  return { day: current, provisional };
}

/** Working days from `from` to `to`: those after `from`, through `to` (0 within one day). */
export function workingDaysBetween(
  from: string,
  to: string,
  overrides: CalendarOverrides = NO_OVERRIDES,
): number {
  let count = 0;
  for (let day = from; day < to; ) {
    day = shiftDay(day, 1);
    if (isWorkingDay(day, overrides)) count += 1;
  }
  return count;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at a moment, in milliseconds (Asia/Shanghai: +8 h all year). */
function offsetAt(zone: string, at: number): number {
  let format = offsetFormatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    offsetFormatters.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(at)).map((part) => [part.type, part.value]));
  const local = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return local - Math.floor(at / 1000) * 1000;
}

/** The moment a calendar date begins (00:00) in a time zone. */
export function startOfDayIn(zone: string, day: string): Date {
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  const first = utcMidnight - offsetAt(zone, utcMidnight);
  return new Date(utcMidnight - offsetAt(zone, first));
}

export interface StageClock {
  startedAt: Date;
  warnAt: Date;
  dueAt: Date;
  secondDueAt: Date;
  provisional: boolean;
}

/**
 * A stage of `limit` working days started at `startedAt`: due at the end (24:00, city time) of the
 * `limit`-th working day after the start day; the warning at the end of the working day that
 * completes `warnShare` of it (or at that share of the time when the limit is a single day); the
 * second breach at twice the limit.
 */
export function stageClock(
  startedAt: Date,
  limit: number,
  warnShare: number,
  zone: string,
  overrides: CalendarOverrides = NO_OVERRIDES,
): StageClock {
  const startDay = todayIn(zone, startedAt);
  const endOf = (n: number) => {
    const found = nthWorkingDayAfter(startDay, n, overrides);
    return { at: startOfDayIn(zone, shiftDay(found.day, 1)), provisional: found.provisional };
  };
  const due = endOf(limit);
  const second = endOf(limit * 2);
  const warnDays = Math.floor(limit * warnShare);
  const warnAt =
    warnDays >= 1 && warnDays < limit
      ? endOf(warnDays).at
      : new Date(startedAt.getTime() + (due.at.getTime() - startedAt.getTime()) * warnShare);
  return {
    startedAt,
    warnAt,
    dueAt: due.at,
    secondDueAt: second.at,
    provisional: due.provisional || second.provisional,
  };
}
