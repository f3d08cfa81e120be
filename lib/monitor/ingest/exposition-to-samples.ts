import type { Sample } from "@/lib/monitor/types";
import { scanExposition, type ExpositionError } from "./parse-prometheus-text";

/** How exposition labels become Homeostat's `{service, metric}`. */
export type ExpositionMapping = {
  /** Labels tried in order for the service; the first one present wins. */
  serviceLabels: readonly string[];
  /** Service for lines carrying none of `serviceLabels` (e.g. from the push URL); without it
   * such a line is an error. */
  defaultService?: string;
  /** Labels appended to the metric name when present, in this order:
   * `http_request_duration_seconds_bucket{le="0.5"}`. Without `le` and `quantile` every bucket
   * and quantile of a histogram or summary would land on the same series. */
  appendLabels: readonly string[];
};

export const defaultExpositionMapping: ExpositionMapping = {
  serviceLabels: ["service", "job"],
  appendLabels: ["quantile", "le"],
};

export type ExpositionSamples =
  | { ok: true; samples: Sample[]; /** 1-based source line of each sample */ lines: number[] }
  | { ok: false; errors: ExpositionError[] };

/** Parses an exposition straight into samples, without building a label record per line.
 * Lines without a timestamp are stamped `nowMs`. All or nothing: any malformed or
 * unattributable line makes the result an error listing up to `maxErrors` lines. */
export function expositionToSamples(
  text: string,
  mapping: ExpositionMapping,
  nowMs: number,
  options: { maxErrors?: number } = {},
): ExpositionSamples {
  const samples: Sample[] = [];
  const lines: number[] = [];
  const maxErrors = options.maxErrors ?? 10;
  const unattributed: ExpositionError[] = [];
  const { serviceLabels, appendLabels, defaultService } = mapping;
  const missingService = `no ${serviceLabels.map((l) => `"${l}"`).join(" or ")} label to name the service`;
  const { errors } = scanExposition(
    text,
    {
      sample(s, line) {
        let service = defaultService;
        let servicePriority = serviceLabels.length;
        let metric = s.name;
        let appended = "";
        for (let a = 0; a < appendLabels.length; a++) {
          const wanted = appendLabels[a];
          for (let k = 0; k < s.labelCount; k++) {
            if (s.labelNames[k] === wanted) {
              appended += `${appended === "" ? "" : ","}${wanted}=${JSON.stringify(s.labelValues[k])}`;
              break;
            }
          }
        }
        if (appended !== "") metric = `${metric}{${appended}}`;
        for (let k = 0; k < s.labelCount; k++) {
          const p = serviceLabels.indexOf(s.labelNames[k]!);
          if (p >= 0 && p < servicePriority && s.labelValues[k] !== "") {
            servicePriority = p;
            service = s.labelValues[k];
          }
        }
        if (service === undefined) {
          if (unattributed.length < maxErrors) unattributed.push({ line, reason: missingService });
          return;
        }
        samples.push({ service, metric, t: s.timestampMs ?? nowMs, v: s.value });
        lines.push(line);
      },
    },
    maxErrors,
  );
  if (errors.length > 0 || unattributed.length > 0) {
    const all = [...errors, ...unattributed].sort((a, b) => a.line - b.line).slice(0, maxErrors);
    return { ok: false, errors: all };
  }
  return { ok: true, samples, lines };
}
