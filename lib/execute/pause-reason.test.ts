import { describe, expect, it } from "vitest";
import { pauseReason } from "./pause-reason";

describe("pauseReason", () => {
  it("stops everything on the global pause, and only the paused service otherwise", () => {
    const global = [{ service: "*", reason: "bad deploy wave", pausedBy: "carol" }];
    expect(pauseReason(global, ["api"])).toBe("automation is paused by carol: bad deploy wave");
    const api = [{ service: "api", reason: "rolled back plan p1", pausedBy: "loop" }];
    expect(pauseReason(api, ["api"])).toMatch(/automation for api is paused by loop/);
    expect(pauseReason(api, ["db"])).toBeNull();
    expect(pauseReason(api, ["*"])).not.toBeNull();
    expect(pauseReason(api, ["a*"])).not.toBeNull();
    expect(pauseReason([], ["api"])).toBeNull();
  });
});
