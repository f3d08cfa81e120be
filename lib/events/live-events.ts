import { z } from "zod";
import { fleetViewSchema } from "@/lib/validations/fleet";

// The one live channel (Server-Sent Events at /api/stream). The fleet's latest view travels
// whole (it is small); other changes travel as hints naming what to refetch.

export const liveEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("fleet"), view: fleetViewSchema }),
  z.object({ type: z.literal("changed"), topics: z.array(z.enum(["plans", "incidents", "faults"])) }),
]);
export type LiveEvent = z.infer<typeof liveEventSchema>;
