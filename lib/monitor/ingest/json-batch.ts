import { z } from "zod";
import type { Sample } from "@/lib/monitor/types";

// JSON push batches. Two shapes, either or both in one body:
//   { "samples": [{ "service": "cart", "metric": "latency_p99", "t": 1764208800000, "v": 41.5 }] }
//   { "series":  [{ "service": "cart", "metric": "latency_p99", "points": [[1764208800000, 41.5], ...] }] }
// `t` is milliseconds since the epoch (a number ≥ 0, fractions allowed) or an RFC 3339 string
// with a zone ("2026-11-27T01:00:00Z", "2026-11-27T02:00:00.250+01:00"). The columnar
// `series` form names each series once, so it is the one to use for big batches. Unknown keys
// are ignored. The batch is validated as a whole: one bad element refuses the whole body.

export const maxNameLength = 200;

const messages = {
  object: "expected an object",
  array: "expected an array",
  string: "expected a string",
  empty: "must not be empty",
  tooLong: `must be at most ${maxNameLength} characters`,
  time: "expected a time: milliseconds since the epoch (a number ≥ 0) or an RFC 3339 string with a zone",
  value: "expected a finite number",
  pair: "expected a [t, v] pair",
  neither: 'expected "samples" or "series"',
} as const;

const nameSchema = z
  .string({ error: messages.string })
  .min(1, { error: messages.empty })
  .max(maxNameLength, { error: messages.tooLong });

const isoTimeSchema = z.iso.datetime({ offset: true, error: messages.time });

export const sampleTimeSchema = z
  .union([z.number({ error: messages.time }).nonnegative({ error: messages.time }), isoTimeSchema], {
    error: messages.time,
  })
  .transform((t) => (typeof t === "number" ? t : Date.parse(t)));

const valueSchema = z.number({ error: messages.value });

export const batchSampleSchema = z.object(
  { service: nameSchema, metric: nameSchema, t: sampleTimeSchema, v: valueSchema },
  { error: messages.object },
);

export const batchSeriesSchema = z.object(
  {
    service: nameSchema,
    metric: nameSchema,
    points: z.array(z.tuple([sampleTimeSchema, valueSchema], { error: messages.pair }), {
      error: messages.array,
    }),
  },
  { error: messages.object },
);

export const jsonBatchSchema = z
  .object(
    {
      samples: z.array(batchSampleSchema, { error: messages.array }).optional(),
      series: z.array(batchSeriesSchema, { error: messages.array }).optional(),
    },
    { error: messages.object },
  )
  .refine((b) => b.samples !== undefined || b.series !== undefined, { error: messages.neither });

export type JsonBatch = z.infer<typeof jsonBatchSchema>;

export type BatchIssue = { path: string; message: string };

/** `samples[12].v: expected a finite number` */
export function formatBatchIssue(issue: BatchIssue): string {
  return `${issue.path}: ${issue.message}`;
}

/** A zod path as `samples[12].v`; the body itself is `body`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += `${out === "" ? "" : "."}${String(key)}`;
  }
  return out === "" ? "body" : out;
}

/** The samples of a batch parsed by `jsonBatchSchema`, `samples` first, then each series. */
export function jsonBatchToSamples(batch: JsonBatch): Sample[] {
  const out: Sample[] = batch.samples ? [...batch.samples] : [];
  for (const s of batch.series ?? [])
    for (const [t, v] of s.points) out.push({ service: s.service, metric: s.metric, t, v });
  return out;
}

export { messages as jsonBatchMessages };
