/**
 * "3 minutes ago" for recent times, a date for older ones: how long ago matters for today's
 * notes, the calendar day for last month's. The full date and time is always in the tooltip.
 */
const STEPS: readonly [limitSeconds: number, unit: Intl.RelativeTimeFormatUnit, seconds: number][] =
  [
    [60, 'second', 1],
    [3600, 'minute', 60],
    [86_400, 'hour', 3600],
    [7 * 86_400, 'day', 86_400],
  ];

/** A short relative time ("now", "5 min. ago") up to a week, else a medium date. */
export function relativeTime(at: number, now: number, locale: string): string {
  const seconds = Math.round((now - at) / 1000);
  if (seconds < 45) {
    return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(0, 'second');
  }
  for (const [limit, unit, size] of STEPS) {
    if (seconds < limit) {
      const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
      return rtf.format(-Math.max(1, Math.round(seconds / size)), unit);
    }
  }
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(at);
}

/** The full date and time, for the tooltip and for `<time datetime>` readers. */
export function absoluteTime(at: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short' }).format(at);
}
