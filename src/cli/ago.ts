// Dates on a terminal, in gh's words ("about 2 days ago"); piped, csv and json keep ISO 8601.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const about = (n: number, unit: string) => `about ${n} ${unit}${n === 1 ? "" : "s"} ago`;

/** How long before `now` the ISO time `iso` was, as gh says it; `iso` itself when it is not a time. */
export function fuzzyAgo(iso: string, now: number): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const ago = now - at;
  if (ago < MINUTE) return "less than a minute ago";
  if (ago < HOUR) return about(Math.floor(ago / MINUTE), "minute");
  if (ago < DAY) return about(Math.floor(ago / HOUR), "hour");
  if (ago < 30 * DAY) return about(Math.floor(ago / DAY), "day");
  if (ago < 365 * DAY) return about(Math.floor(ago / DAY / 30), "month");
  return about(Math.floor(ago / DAY / 365), "year");
}
