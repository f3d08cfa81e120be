export { analyzeIncident } from "./analyze-incident";
export { parseRcaInput, rcaInputSchema, formatIssuePath } from "./rca-input";
export type { RcaInput, RcaInputDocument, RcaInputError, ParsedRcaInput } from "./rca-input";
export { rcaResultSchema, evidenceSchema, cascadeSchema, rankedServiceSchema } from "./rca-result";
export type { RcaResult, Evidence, Cascade, RankedService } from "./rca-result";
export { dependencyGraphSchema, graphEdgeSchema } from "./dependency-graph";
export type { DependencyGraph, GraphEdge } from "./dependency-graph";
