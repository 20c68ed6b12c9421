/** One formatter per time zone: building an Intl.DateTimeFormat costs far more than using one. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The last answer per time zone and the minute it holds for: formatting costs about 30 µs a call. */
const todays = new Map<string, { minute: number; day: string }>();

/**
 * Today's date (YYYY-MM-DD) in a tenant's time zone. Zones' offsets are whole minutes (today's;
 * only local mean times before 1901 had seconds), so a date holds for the whole UTC minute.
 */
export function todayIn(timeZone: string, now: Date): string {
  const minute = Math.floor(now.getTime() / 60_000);
  const last = todays.get(timeZone);
  if (last?.minute === minute) return last.day;
  const day = formatDay(timeZone, now);
  if (todays.size > 1000) todays.clear();
  todays.set(timeZone, { minute, day });
  return day;
}

function formatDay(timeZone: string, now: Date): string {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format.format(now);
}

const stampFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * A moment as a city reads it: `YYYY-MM-DD HH:mm` (or with seconds) in the city's time zone, and
 * the zone's offset (`UTC+8`), so a reader never has to guess whether a time is UTC.
 */
export function stampIn(
  timeZone: string,
  value: Date | string,
  precision: 'minute' | 'second' = 'minute',
): { text: string; zone: string } {
  const key = `${timeZone}|${precision}`;
  let format = stampFormatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      ...(precision === 'second' ? { second: '2-digit' } : {}),
      hourCycle: 'h23',
      timeZoneName: 'shortOffset',
    });
    stampFormatters.set(key, format);
  }
  const parts = Object.fromEntries(
    format.formatToParts(new Date(value)).map((part) => [part.type, part.value]),
  );
  const time = `${parts.hour}:${parts.minute}${precision === 'second' ? `:${parts.second}` : ''}`;
  const zone = (parts.timeZoneName ?? 'GMT').replace(/^GMT/, 'UTC') || 'UTC';
  return { text: `${parts.year}-${parts.month}-${parts.day} ${time}`, zone: zone === 'UTC' ? 'UTC' : zone };
}

/** A calendar date (YYYY-MM-DD) moved by whole days; calendar dates carry no time zone. */
export function shiftDay(day: string, by: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + by);
  return date.toISOString().slice(0, 10);
}
