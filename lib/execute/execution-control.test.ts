import { describe, expect, it } from "vitest";
import { decideControl, pauseReason, runningControl, type Actor } from "./execution-control";

const admin: Actor = { kind: "user", userId: "carol", role: "admin" };
const approver: Actor = { kind: "user", userId: "alice", role: "approver" };
const loop: Actor = { kind: "loop" };

describe("decideControl", () => {
  it("pauses everything at once with a reason, and resumes; both only for an admin", () => {
    expect(
      decideControl(runningControl, { type: "pause", actor: approver, reason: "x" }, 1).outcome,
    ).toMatchObject({ httpStatus: 403 });
    expect(
      decideControl(runningControl, { type: "pause", actor: loop, reason: "x" }, 1).outcome,
    ).toMatchObject({ httpStatus: 403 });
    expect(
      decideControl(runningControl, { type: "pause", actor: admin, reason: " " }, 1).outcome,
    ).toMatchObject({ httpStatus: 422 });
    const paused = decideControl(
      runningControl,
      { type: "pause", actor: admin, reason: "bad deploy wave" },
      1,
    );
    expect(paused.outcome).toEqual({ kind: "accepted", effect: "paused" });
    expect(pauseReason(paused.control, ["api"])).toMatch(/paused by carol: bad deploy wave/);
    expect(
      decideControl(paused.control, { type: "pause", actor: admin, reason: "again" }, 2).outcome,
    ).toMatchObject({ httpStatus: 409 });
    const resumed = decideControl(paused.control, { type: "resume", actor: admin }, 3);
    expect(resumed.control).toEqual(runningControl);
    expect(decideControl(resumed.control, { type: "resume", actor: admin }, 4).outcome).toMatchObject({
      httpStatus: 409,
    });
  });

  it("lets the loop pause a service after a rollback; only a person resumes it", () => {
    const paused = decideControl(
      runningControl,
      { type: "pause-service", actor: loop, service: "api", reason: "rolled back plan p1" },
      1,
    );
    expect(paused.outcome).toEqual({ kind: "accepted", effect: "service-paused" });
    expect(pauseReason(paused.control, ["api"])).toMatch(/api is paused by loop/);
    expect(pauseReason(paused.control, ["db"])).toBeNull();
    expect(pauseReason(paused.control, ["*"])).not.toBeNull();
    expect(
      decideControl(paused.control, { type: "resume-service", actor: loop, service: "api" }, 2).outcome,
    ).toMatchObject({ httpStatus: 403 });
    const resumed = decideControl(
      paused.control,
      { type: "resume-service", actor: admin, service: "api" },
      2,
    );
    expect(resumed.control.servicePauses).toEqual({});
    expect(
      decideControl(runningControl, { type: "resume-service", actor: admin, service: "constructor" }, 2)
        .outcome,
    ).toMatchObject({ httpStatus: 409 });
  });
});
