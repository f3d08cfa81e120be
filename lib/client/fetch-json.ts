// The one way the browser calls the API: JSON in, JSON out, and an ApiError carrying the
// server's message and field issues for anything that is not 2xx.

/** One problem with one field; `line` when the field is a document (a policy's YAML). */
export type FieldIssue = { path: string; message: string; line?: number };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
  }
}

export async function fetchJson<T>(url: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(url, {
    method: init.method ?? "GET",
    headers: init.body === undefined ? undefined : { "Content-Type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: "same-origin",
  });
  const payload = (await res.json().catch(() => null)) as { message?: string; issues?: FieldIssue[] } | null;
  if (!res.ok) throw new ApiError(res.status, payload?.message ?? `request failed with status ${res.status}`, payload?.issues ?? []);
  return payload as T;
}
