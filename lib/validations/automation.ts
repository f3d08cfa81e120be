import { z } from "zod";

/** "*" is the global pause (the kill switch); any other value pauses one service. */
export const pauseSchema = z.object({
  service: z.string().trim().min(1).max(200).default("*"),
  reason: z.string().trim().min(3, "say why (at least 3 characters)").max(500),
});
export type PauseInput = z.infer<typeof pauseSchema>;

export const resumeSchema = z.object({
  service: z.string().trim().min(1).max(200).default("*"),
  reason: z.string().trim().max(500).optional(),
});
export type ResumeInput = z.infer<typeof resumeSchema>;

export const automationStateSchema = z.object({
  paused: z.boolean(),
  global: z.object({ reason: z.string(), pausedBy: z.string(), at: z.string() }).nullable(),
  services: z.array(z.object({ service: z.string(), reason: z.string(), pausedBy: z.string(), at: z.string() })),
});
export type AutomationState = z.infer<typeof automationStateSchema>;
