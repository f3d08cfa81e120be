// Streaming state of one resource series for the exhaustion forecast: samples fold into fixed
// time buckets, a bounded window of buckets is kept (memory O(maxBuckets)), and a restart of
// the resource (a large fall that does not recover) starts a new segment so the old life's
// trend stops counting. State in, state out; the input state is never mutated. A sample costs
// O(1): only the open bucket is replaced, and the closed ones are copied once per bucket.

import type { Bucket, ExhaustionConfig, ExhaustionState } from "./exhaustion-schemas";

export function initialExhaustionState(): ExhaustionState {
  return { buckets: [], open: null, segmentStart: null, pendingRestart: null, lastT: null, rejected: 0 };
}

/** Closed buckets and the open one, oldest first. */
export function allBuckets(state: ExhaustionState): Bucket[] {
  return state.open === null ? state.buckets : [...state.buckets, state.open];
}

const bucketMean = (b: Bucket): number => b.sum / b.count;

/** Fold one sample (t in ms, v in the resource's units). Non-finite values and samples older
 * than the bucket being filled are counted as rejected and otherwise ignored. */
export function updateExhaustion(
  state: ExhaustionState,
  sample: { t: number; v: number },
  config: ExhaustionConfig,
): ExhaustionState {
  const { t, v } = sample;
  if (!Number.isFinite(t) || !Number.isFinite(v)) return { ...state, rejected: state.rejected + 1 };
  const start = Math.floor(t / config.bucketMs) * config.bucketMs;
  const open = state.open;
  if (open !== null && start < open.t) return { ...state, rejected: state.rejected + 1 };
  const lastT = state.lastT === null ? t : Math.max(state.lastT, t);

  if (open !== null && start === open.t) {
    const merged: Bucket = {
      t: open.t,
      tOffsetSum: open.tOffsetSum + (t - open.t),
      sum: open.sum + v,
      count: open.count + 1,
      max: Math.max(open.max, v),
    };
    return { ...state, open: merged, lastT };
  }

  const fresh: Bucket = { t: start, tOffsetSum: t - start, sum: v, count: 1, max: v };
  if (open === null) return { ...state, open: fresh, lastT };
  // The window holds maxBuckets in all: maxBuckets - 1 closed and the open one.
  const buckets = [...state.buckets, open];
  const closed = closeBucket(
    { ...state, buckets: buckets.slice(-(config.maxBuckets - 1)), open: null },
    config,
  );
  return { ...closed, open: fresh, lastT };
}

/** An explicit restart signal (a deploy, a restart action): forget everything before `at`. */
export function resetExhaustion(state: ExhaustionState, at: number): ExhaustionState {
  return {
    ...state,
    buckets: state.buckets.filter((b) => b.t >= at),
    open: state.open !== null && state.open.t >= at ? state.open : null,
    segmentStart: at,
    pendingRestart: null,
  };
}

// Runs when the last bucket is complete: resolve a pending restart, then look for a new drop.
function closeBucket(state: ExhaustionState, config: ExhaustionConfig): ExhaustionState {
  const n = state.buckets.length;
  const last = state.buckets[n - 1]!;
  const lastMean = bucketMean(last);
  let next = state;

  const pending = state.pendingRestart;
  if (pending !== null) {
    if (lastMean >= pending.recoverLevel) {
      next = { ...next, segmentStart: pending.previousSegmentStart, pendingRestart: null };
    } else if (last.t + config.bucketMs - pending.at >= config.restartConfirmMs) {
      next = { ...next, buckets: next.buckets.filter((b) => b.t >= pending.at), pendingRestart: null };
    }
    if (next.pendingRestart !== null) return next;
  }

  // Compare with the higher of the two buckets before: a restart in the middle of a bucket
  // splits its fall over two bucket boundaries.
  const inSegment = (b: Bucket | undefined): b is Bucket =>
    b !== undefined && (next.segmentStart === null || b.t >= next.segmentStart);
  const before = [state.buckets[n - 2], state.buckets[n - 3]].filter(inSegment);
  if (before.length === 0) return next;
  const reference = Math.max(...before.map(bucketMean));
  const drop = reference - lastMean;
  if (drop < config.restartDrop * config.limit) return next;
  return {
    ...next,
    segmentStart: last.t,
    pendingRestart: {
      at: last.t,
      previousSegmentStart: next.segmentStart,
      recoverLevel: reference - drop / 2,
    },
  };
}
