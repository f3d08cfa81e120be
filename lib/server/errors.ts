import { formatIssues, type Issue } from "@/lib/server/http/problem";

/** A request that conflicts with the current state (duplicate name, stale version): 409. */
export class ConflictError extends Error {}

/** Allowed to call the route, but not to do this to this thing (e.g. approve one's own plan): 403. */
export class ForbiddenError extends Error {}

/** The thing named in the request does not exist: 404. */
export class NotFoundError extends Error {}

export type ErrorIssue = Issue;

/** Input that passed its schema but is still wrong (a document with errors on given lines,
 * a rule that needs the database to check): 422 with each issue. */
export class UnprocessableError extends Error {
  constructor(readonly issues: ErrorIssue[]) {
    super(formatIssues(issues));
  }
}

export class RuleError extends UnprocessableError {
  constructor(path: string, message: string) {
    super([{ path, message }]);
  }
}
