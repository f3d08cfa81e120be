import { z } from "zod";

export const incidentQuerySchema = z.object({
  status: z.enum(["open", "resolved"]).optional(),
  service: z.string().max(200).optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const incidentSchema = z.object({
  id: z.string(),
  number: z.number(),
  status: z.enum(["open", "resolved"]),
  title: z.string(),
  rootService: z.string().nullable(),
  services: z.array(z.string()),
  failureClass: z.string().nullable(),
  openedAt: z.string(),
  updatedAt: z.string(),
  resolvedAt: z.string().nullable(),
  plans: z.array(z.object({ id: z.string(), number: z.number(), status: z.string(), strategy: z.string() })),
});
export type IncidentDto = z.infer<typeof incidentSchema>;

export const cycleEntrySchema = z.object({ tickAt: z.string(), anomalous: z.boolean(), record: z.unknown() });
export type CycleEntry = z.infer<typeof cycleEntrySchema>;
