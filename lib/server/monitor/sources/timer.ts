/** The clock and timers a polling adapter uses; tests pass a manual one and drive it. */
export type Timer = {
  now: () => number;
  set: (fn: () => void, ms: number) => unknown;
  clear: (handle: unknown) => void;
};

/** Wall-clock timers that do not keep the process alive on their own. */
export const realTimer: Timer = {
  now: () => Date.now(),
  set: (fn, ms) => setTimeout(fn, ms).unref(),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
