import { RuleError } from "@/lib/server/errors";
import { monitorHost } from "./monitor-host";
import type { SimulatedFleet } from "./simulated-fleet";

/** The simulated fleet, or a 422 saying it is not the configured source. */
export function requireFleet(): SimulatedFleet {
  const fleet = monitorHost().fleet;
  if (!fleet) throw new RuleError("source", "the simulated fleet is not enabled in this configuration");
  return fleet;
}
