/** One formatter per time zone: building an Intl.DateTimeFormat costs far more than using one. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Today's date (YYYY-MM-DD) in a tenant's time zone. */
export function todayIn(timeZone: string, now: Date): string {
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
