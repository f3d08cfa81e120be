import { actorOf } from "@/lib/server/auth/caller";
import { appendAudit } from "@/lib/server/audit/append-audit";
import { RuleError } from "@/lib/server/errors";
import { publish } from "@/lib/server/events/event-bus";
import { withPermission } from "@/lib/server/http/with-permission";
import { requireFleet } from "@/lib/server/monitor/require-fleet";
import { injectFaultSchema } from "@/lib/validations/sim";

export const dynamic = "force-dynamic";

/** Every fault injected so far with its ground truth (simulated fleet only). */
export const GET = withPermission("fleet.read", { route: "/api/v1/sim/faults" }, () => Promise.resolve(requireFleet().current.faults));

/** Injects a fault from the catalog now. */
export const POST = withPermission("faults.inject", { route: "/api/v1/sim/faults", body: injectFaultSchema }, async ({ body, now, prisma, caller }) => {
  const fleet = requireFleet();
  fleet.advanceTo(now.getTime());
  let fault;
  try {
    fault = fleet.inject(body, now.getTime());
  } catch (error) {
    throw new RuleError("service", (error as Error).message);
  }
  await prisma.$transaction((tx) => appendAudit(tx, { actor: actorOf(caller), action: "sim.fault-inject", target: fault.service ?? fault.zone ?? null, data: { id: fault.id, kind: fault.kind } }));
  publish({ type: "changed", topics: ["faults"] });
  return Response.json(fault, { status: 201 });
});
