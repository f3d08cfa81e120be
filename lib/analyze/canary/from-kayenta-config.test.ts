import { describe, expect, it } from "vitest";
import { fromKayentaConfig } from "./from-kayenta-config";
import { judgeCanary } from "./judge-canary";

// Shaped like a canary config saved by Spinnaker's Deck for Kayenta (fields trimmed).
const kayentaConfig = {
  name: "checkout-canary",
  applications: ["shop"],
  judge: { name: "NetflixACAJudge-v1.0", judgeConfigurations: {} },
  metrics: [
    {
      name: "error_rate",
      query: { type: "prometheus", metricName: "http_errors_ratio" },
      groups: ["errors"],
      analysisConfigurations: {
        canary: {
          direction: "increase",
          critical: true,
          nanStrategy: "replace",
          effectSize: { allowedIncrease: 1.1 },
        },
      },
      scopeName: "default",
    },
    {
      name: "latency_p99",
      query: { type: "prometheus", metricName: "latency_p99" },
      groups: ["latency"],
      analysisConfigurations: {
        canary: {
          direction: "increase",
          outliers: { strategy: "remove", outlierFactor: 2.5 },
          mustHaveData: true,
        },
      },
      scopeName: "default",
    },
    { name: "cpu", query: { type: "prometheus" }, groups: [], scopeName: "default" },
  ],
  classifier: { groupWeights: { errors: 60, latency: 30 } },
};

describe("fromKayentaConfig", () => {
  it("maps every canary setting onto the judge's config", () => {
    const cfg = fromKayentaConfig(kayentaConfig, { pass: 90, marginal: 70 });
    expect(cfg.metrics[0]).toMatchObject({
      name: "error_rate",
      groups: ["errors"],
      direction: "increase",
      critical: true,
      nanStrategy: "replace",
      effectSize: { measure: "meanRatio", allowedIncrease: 1.1 },
    });
    expect(cfg.metrics[1]).toMatchObject({
      mustHaveData: true,
      outliers: { strategy: "remove", factor: 2.5 },
    });
    expect(cfg.metrics[2]).toMatchObject({ groups: ["default"], direction: "either", critical: false });
    expect(cfg).toMatchObject({
      groupWeights: { errors: 60, latency: 30 },
      thresholds: { pass: 90, marginal: 70 },
      confLevel: 0.98,
    });
  });

  it("judges with the converted config", () => {
    const steady = [10, 11, 12, 10, 11, 13, 12, 11, 10, 12];
    const j = judgeCanary(fromKayentaConfig(kayentaConfig), {
      metrics: [
        { name: "error_rate", experiment: [0, 0, null, 0], control: [0, 0, 0, 0] },
        { name: "latency_p99", experiment: steady, control: steady },
        { name: "cpu", experiment: steady, control: steady },
      ],
    });
    expect(j).toMatchObject({ score: 100, verdict: "pass" });
  });

  it("rejects a config without metrics", () => {
    expect(() => fromKayentaConfig({ metrics: [] })).toThrow();
  });
});
