import type { IncidentDto } from "@/lib/validations/incident";

/** The incident this one was merged into, as record-effects stores it in the row's
 * `summary` JSON; null when it was not merged (or the summary predates merging). */
export function mergedIntoOf(summary: unknown): IncidentDto["mergedInto"] {
  const m = (summary as { mergedInto?: { id?: unknown; number?: unknown } } | null)?.mergedInto;
  return typeof m?.id === "string" && typeof m.number === "number" ? { id: m.id, number: m.number } : null;
}
