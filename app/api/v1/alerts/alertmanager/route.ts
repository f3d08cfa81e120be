import { alertmanagerSignals, alertmanagerWebhookSchema } from "@/lib/monitor/sources/alertmanager";
import { withPermission } from "@/lib/server/http/with-permission";
import { monitorHost } from "@/lib/server/monitor/monitor-host";

/** Alertmanager's webhook receiver (payload version 4). Point a receiver's
 * `webhook_configs.url` here with `http_config.authorization.credentials` set to an ingest
 * token. Firing alerts become signals on the service named by their labels. */
export const POST = withPermission("metrics.ingest", { route: "/api/v1/alerts/alertmanager", body: alertmanagerWebhookSchema }, ({ body }) => {
  const { signals, unattributed } = alertmanagerSignals(body, { serviceLabels: monitorHost().config.sources.alertmanager.serviceLabel });
  monitorHost().addSignals(signals);
  return Promise.resolve({
    accepted: signals.length,
    unattributed: unattributed.map((a) => ({ fingerprint: a.fingerprint, alertname: a.labels.alertname ?? null, reason: "no label naming the service" })),
  });
});
