import { z } from "zod";

// Recurring weekly windows in UTC (peak hours, maintenance windows). A window whose end is
// not after its start runs past midnight into the next day ("22:00" to "06:00").

export const weekdays = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected a 24-hour time HH:MM (UTC)");

export const weeklyWindowSchema = z.object({
  days: z.array(z.enum(weekdays)).min(1),
  start: clock,
  end: clock,
});
export type WeeklyWindow = z.infer<typeof weeklyWindowSchema>;

const minutesOf = (hhmm: string): number => {
  const [h = "0", m = "0"] = hhmm.split(":");
  return Number(h) * 60 + Number(m);
};

const week = 7 * 24 * 60;

/** Whether `now` (ms since epoch) falls inside the window; the end is exclusive. */
export function isInWeeklyWindow(window: WeeklyWindow, now: number): boolean {
  const date = new Date(now);
  const minuteOfWeek = date.getUTCDay() * 1440 + date.getUTCHours() * 60 + date.getUTCMinutes();
  const start = minutesOf(window.start);
  let length = minutesOf(window.end) - start;
  if (length <= 0) length += 1440;
  return window.days.some((day) => {
    const from = weekdays.indexOf(day) * 1440 + start;
    const offset = (((minuteOfWeek - from) % week) + week) % week;
    return offset < length;
  });
}

export const isInAnyWindow = (windows: readonly WeeklyWindow[], now: number): boolean =>
  windows.some((w) => isInWeeklyWindow(w, now));
