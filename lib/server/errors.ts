/** A request that conflicts with the current state (duplicate name, stale version): 409. */
export class ConflictError extends Error {}

/** The thing named in the request does not exist: 404. */
export class NotFoundError extends Error {}

/** Input that passed its schema but breaks a rule that needs the database to check: 422. */
export class RuleError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}
