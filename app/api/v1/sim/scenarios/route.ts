import { actorOf } from "@/lib/server/auth/caller";
import { appendAudit } from "@/lib/server/audit/append-audit";
import { RuleError } from "@/lib/server/errors";
import { withPermission } from "@/lib/server/http/with-permission";
import { requireFleet } from "@/lib/server/monitor/require-fleet";
import { parseScenarioText } from "@/lib/sim/scenario-schema";
import { runScenarioSchema } from "@/lib/validations/sim";

/** Plays a scenario's events against the live fleet, at their offsets from now. */
export const POST = withPermission("faults.inject", { route: "/api/v1/sim/scenarios", body: runScenarioSchema }, async ({ body, now, prisma, caller }) => {
  let scenario;
  try {
    scenario = parseScenarioText(body.scenario);
  } catch (error) {
    throw new RuleError("scenario", (error as Error).message);
  }
  const scheduled = requireFleet().schedule(scenario, now.getTime());
  await prisma.$transaction((tx) => appendAudit(tx, { actor: actorOf(caller), action: "sim.scenario-run", target: scenario.name, data: { events: scheduled } }));
  return Response.json({ scenario: scenario.name, scheduled, startsAt: now.toISOString() }, { status: 202 });
});
