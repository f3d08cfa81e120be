import { z } from "zod";
import type { ServiceSignal } from "@/lib/monitor/types";

// The Alertmanager webhook payload, version 4 (Alertmanager 0.16 onwards; the fixtures in
// test/fixtures/alertmanager were sent by Debian's Alertmanager 0.25). Times are Go
// RFC 3339 strings; an alert still firing has `endsAt` at Go's zero time
// "0001-01-01T00:00:00Z". Unknown keys are ignored so newer senders still pass.

const time = z.iso.datetime({ offset: true, error: "expected an RFC 3339 time" });
const labelSet = z.record(z.string(), z.string());
const status = z.enum(["firing", "resolved"]);

export const alertmanagerAlertSchema = z.object({
  status,
  labels: labelSet,
  annotations: labelSet,
  startsAt: time,
  endsAt: time,
  generatorURL: z.string(),
  fingerprint: z.string(),
});

export const alertmanagerWebhookSchema = z.object({
  version: z.literal("4", { error: 'unsupported webhook version (expected "4")' }),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().nonnegative(),
  status,
  receiver: z.string(),
  groupLabels: labelSet,
  commonLabels: labelSet,
  commonAnnotations: labelSet,
  externalURL: z.string(),
  alerts: z.array(alertmanagerAlertSchema),
});

export type AlertmanagerAlert = z.infer<typeof alertmanagerAlertSchema>;
export type AlertmanagerWebhook = z.infer<typeof alertmanagerWebhookSchema>;

/** A ServiceSignal for one alert. A resolved alert has `resolved: true`, severity "info"
 * (so a consumer that knows only ServiceSignal does not raise it) and `t` at its end; its
 * original severity stays in `labels.severity`. */
export type AlertSignal = ServiceSignal & {
  kind: "alert";
  resolved: boolean;
  fingerprint: string;
  /** ms since the epoch */
  startsAt: number;
  /** ms since the epoch; undefined while the alert fires with no known end */
  endsAt: number | undefined;
};

export type AlertmanagerOptions = {
  /** Labels tried in order for the service; the first one present and non-empty wins. */
  serviceLabels: readonly string[];
};

export const defaultAlertmanagerOptions: AlertmanagerOptions = { serviceLabels: ["service", "job", "app"] };

/** Turns a webhook payload into signals. Alerts with none of the service labels cannot be put
 * on a service and come back in `unattributed` for the caller to report. */
export function alertmanagerSignals(
  payload: AlertmanagerWebhook,
  options: AlertmanagerOptions = defaultAlertmanagerOptions,
): { signals: AlertSignal[]; unattributed: AlertmanagerAlert[] } {
  const signals: AlertSignal[] = [];
  const unattributed: AlertmanagerAlert[] = [];
  for (const alert of payload.alerts) {
    const service = options.serviceLabels
      .map((l) => alert.labels[l])
      .find((v) => v !== undefined && v !== "");
    if (service === undefined) {
      unattributed.push(alert);
      continue;
    }
    const startsAt = Date.parse(alert.startsAt);
    const end = Date.parse(alert.endsAt);
    // Go's zero time (year 1) and any end before the start mean "no end known".
    const endsAt = end >= startsAt ? end : undefined;
    const resolved = alert.status === "resolved";
    const name = alert.labels.alertname ?? "alert";
    const text = alert.annotations.summary ?? alert.annotations.description ?? "";
    const summary = `${resolved ? "resolved: " : ""}${name}${text === "" ? "" : `: ${text}`}`;
    signals.push({
      service,
      kind: "alert",
      t: resolved && endsAt !== undefined ? endsAt : startsAt,
      severity: resolved ? "info" : alertSeverity(alert.labels.severity),
      summary,
      labels: { ...alert.labels },
      resolved,
      fingerprint: alert.fingerprint,
      startsAt,
      endsAt,
    });
  }
  return { signals, unattributed };
}

/** Maps the conventional `severity` label values; anything else (or none) is a warning. */
export function alertSeverity(label: string | undefined): ServiceSignal["severity"] {
  switch (label?.toLowerCase()) {
    case "critical":
    case "page":
    case "error":
    case "high":
      return "critical";
    case "info":
    case "informational":
    case "none":
    case "low":
      return "info";
    default:
      return "warning";
  }
}
