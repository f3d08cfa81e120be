import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  alertmanagerSignals,
  alertmanagerWebhookSchema,
  alertSeverity,
  type AlertmanagerWebhook,
} from "./alertmanager";

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../test/fixtures/alertmanager/${name}`, import.meta.url), "utf8"));

const firing = alertmanagerWebhookSchema.parse(fixture("firing.json"));
const partlyResolved = alertmanagerWebhookSchema.parse(fixture("partly-resolved.json"));

describe("Alertmanager webhook", () => {
  it("turns each firing alert into a signal on its service", () => {
    const { signals, unattributed } = alertmanagerSignals(firing);
    expect(unattributed).toEqual([]);
    expect(signals).toHaveLength(2);
    expect(signals[0]).toEqual({
      service: "checkout",
      kind: "alert",
      t: Date.parse("2026-11-27T02:12:28Z"),
      severity: "critical",
      summary: "HighErrorRate: checkout error rate above 5%",
      labels: {
        alertname: "HighErrorRate",
        instance: "checkout-0:8080",
        job: "shop",
        service: "checkout",
        severity: "critical",
      },
      resolved: false,
      fingerprint: "fe0a03c538b05c90",
      startsAt: Date.parse("2026-11-27T02:12:28Z"),
      endsAt: undefined,
    });
  });

  it("marks resolved alerts, stamps them at their end and lowers them to info", () => {
    const [stillFiring, resolved] = alertmanagerSignals(partlyResolved).signals;
    expect(stillFiring?.resolved).toBe(false);
    expect(resolved).toMatchObject({
      resolved: true,
      severity: "info",
      t: Date.parse("2026-11-27T02:12:31Z"),
      endsAt: Date.parse("2026-11-27T02:12:31Z"),
      summary: "resolved: HighErrorRate: checkout error rate above 5%",
      labels: { severity: "critical" },
    });
  });

  it("takes the service from service, then job, then app, and reports alerts with none", () => {
    const base = firing.alerts[0]!;
    const payload: AlertmanagerWebhook = {
      ...firing,
      alerts: [
        { ...base, labels: { alertname: "A", job: "shop", app: "x" } },
        { ...base, labels: { alertname: "B", service: "", app: "cart" } },
        { ...base, labels: { alertname: "C" } },
      ],
    };
    const { signals, unattributed } = alertmanagerSignals(payload);
    expect(signals.map((s) => s.service)).toEqual(["shop", "cart"]);
    expect(unattributed.map((a) => a.labels.alertname)).toEqual(["C"]);
    expect(alertmanagerSignals(payload, { serviceLabels: ["app"] }).signals.map((s) => s.service)).toEqual([
      "x",
      "cart",
    ]);
  });

  it("maps severity labels, defaulting to warning", () => {
    expect(["critical", "Page", "warning", "info", "low", undefined, "bogus"].map(alertSeverity)).toEqual([
      "critical",
      "critical",
      "warning",
      "info",
      "info",
      "warning",
      "warning",
    ]);
  });

  it("refuses payloads that are not version 4 webhooks, naming the field", () => {
    const bad = { ...(fixture("firing.json") as object), version: "3" };
    const result = alertmanagerWebhookSchema.safeParse(bad);
    expect(result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual(
      ['version: unsupported webhook version (expected "4")'],
    );
    const badTime = alertmanagerWebhookSchema.safeParse({
      ...firing,
      alerts: [{ ...firing.alerts[0], startsAt: "now" }],
    });
    expect(
      badTime.success ? [] : badTime.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
    ).toEqual(["alerts.0.startsAt: expected an RFC 3339 time"]);
  });
});
