import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

describe("parseEnv", () => {
  it("defaults to the embedded database on port 3000", () => {
    const e = parseEnv({});
    expect(e.PORT).toBe(3000);
    expect(e.DATABASE_URL).toBeUndefined();
  });

  it("names the variable that is wrong", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: must be a postgres/);
    expect(() => parseEnv({ PORT: "99999" })).toThrow(/PORT/);
    expect(() => parseEnv({ HOMEOSTAT_ADMIN_PASSWORD: "short" })).toThrow(/HOMEOSTAT_ADMIN_PASSWORD/);
    expect(() => parseEnv({ HOMEOSTAT_EXECUTOR: "kubernetes", HOMEOSTAT_KUBE_NAMESPACE: "Shop_1" })).toThrow(/HOMEOSTAT_KUBE_NAMESPACE: must be a Kubernetes namespace/);
  });

  it("needs the webhook's address and secret when plans run through a webhook", () => {
    expect(() => parseEnv({ HOMEOSTAT_EXECUTOR: "webhook" })).toThrow(/HOMEOSTAT_EXECUTOR_WEBHOOK_URL/);
    expect(parseEnv({ HOMEOSTAT_EXECUTOR: "webhook", HOMEOSTAT_EXECUTOR_WEBHOOK_URL: "https://runbooks.internal/hook", HOMEOSTAT_EXECUTOR_WEBHOOK_SECRET: "0123456789abcdef" }).HOMEOSTAT_EXECUTOR).toBe("webhook");
  });
});
