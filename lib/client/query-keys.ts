// One query-key factory: every cache entry the console uses is named here, so live events
// and mutations invalidate exactly what they change.
export const queryKeys = {
  users: () => ["users"] as const,
  tokens: () => ["tokens"] as const,
  /** "live": the pushed 10-minute view; a time range: the overview's sparklines. */
  fleet: (span: string = "live") => ["fleet", span] as const,
  faults: () => ["faults"] as const,
  automation: () => ["automation"] as const,
  policies: () => ["policies"] as const,
  plans: (status: string) => ["plans", status] as const,
  incidents: () => ["incidents"] as const,
  kpis: (range: string) => ["kpis", range] as const,
  cascade: () => ["cascade"] as const,
  service: (name: string) => ["service", name] as const,
  incident: (id: string) => ["incident", id] as const,
  audit: (page: string) => ["audit", page] as const,
};
