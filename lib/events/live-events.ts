import { z } from "zod";
import { fleetViewSchema } from "@/lib/validations/fleet";

// The one live channel (Server-Sent Events at /api/stream). The fleet's latest view travels
// whole (it is small); other changes travel as hints naming what to refetch. With several
// replicas, `stale` says this server lost its link to the others (changes made through them
// may not arrive) and `resync` says to refetch everything (the link is back).

export const liveEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("fleet"), view: fleetViewSchema }),
  z.object({ type: z.literal("changed"), topics: z.array(z.enum(["plans", "incidents", "faults", "automation"])) }),
  z.object({ type: z.literal("stale") }),
  z.object({ type: z.literal("resync") }),
]);
export type LiveEvent = z.infer<typeof liveEventSchema>;
