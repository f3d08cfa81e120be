// datetime-local inputs hold no zone; the console reads and writes them as UTC, like every
// time it shows. "2026-11-20T08:00" ⇄ "2026-11-20T08:00:00.000Z".

/** A datetime-local value as an RFC 3339 time, or null when it is not one. */
export function utcInputToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const ms = Date.parse(`${value}Z`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** A time (ms or RFC 3339) as a datetime-local value; "" for an unreadable one. */
export function toUtcInput(time: number | string): string {
  const ms = typeof time === "number" ? time : Date.parse(time);
  return Number.isNaN(ms) ? "" : new Date(ms).toISOString().slice(0, 16);
}
