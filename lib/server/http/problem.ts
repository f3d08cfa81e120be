import type { z } from "zod";

// Error bodies follow one shape: { error: <short code>, message: <sentence>, issues?: [...] }.

export type Issue = { path: string; message: string; line?: number; column?: number };

/** "line 3, rules[0].match: …" — how an issue reads in a message. */
export function formatIssues(issues: readonly Issue[]): string {
  return issues.map((i) => `${i.line ? `line ${i.line}, ` : ""}${i.path || "(body)"}: ${i.message}`).join("; ");
}

export function problem(status: number, error: string, message: string, extra: Record<string, unknown> = {}, headers?: HeadersInit): Response {
  return Response.json({ error, message, ...extra }, { status, headers });
}

export function zodIssues(error: z.ZodError, prefix = ""): Issue[] {
  return error.issues.map((i) => ({
    path: [prefix, ...i.path.map((p) => (typeof p === "number" ? `[${p}]` : String(p)))]
      .filter(Boolean)
      .join(".")
      .replace(/\.\[/g, "["),
    message: i.message,
  }));
}

export function unprocessable(issues: Issue[]): Response {
  return problem(422, "invalid_input", formatIssues(issues), { issues });
}
