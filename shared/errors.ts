/**
 * Named domain errors. Handlers throw these; one mapper (shared/http/errors.ts) turns them into
 * HTTP answers, so no raw error text ever reaches a caller.
 */
export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
}

export class ValidationError extends DomainError {
  readonly status = 422;
  readonly code = "invalid";
  /** Which part of the request was wrong, when a route's schema said so: "path", "query" or "body". */
  constructor(
    readonly problems: FieldProblem[],
    readonly where?: string,
  ) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join("; "));
  }
}

/** The base of one named error: its HTTP status, its stable code, and its message when none is given. */
function domainError<Code extends string>(status: number, code: Code, defaultMessage?: string) {
  return class extends DomainError {
    readonly status = status;
    readonly code = code;
    constructor(message = defaultMessage) {
      super(message);
    }
  };
}

export class MalformedRequestError extends domainError(400, "malformed") {}
/** A web address whose path cannot name anything (a petition id that is not a number). */
export class MalformedAddressError extends MalformedRequestError {}
export class UnsupportedMediaTypeError extends domainError(415, "unsupported_media_type") {}
export class NotFoundError extends domainError(404, "not_found", "Not found") {}
/** The address names a format the route does not serve (`.xml`, say). */
export class NotAcceptableError extends domainError(406, "not_acceptable") {}
export class GoneError extends domainError(410, "gone") {}
export class UnauthorisedError extends domainError(401, "unauthorised", "Sign in to use this route") {}
const NO_ROLE = "Your account does not have the role this route needs";
export class ForbiddenError extends domainError(403, "forbidden", NO_ROLE) {}
/** A state change whose starting state no longer holds: somebody else acted first. */
export class StateConflictError extends domainError(409, "state_conflict") {}
export class PetitionClosedError extends domainError(409, "petition_closed", "This petition is closed") {}
const SPONSORS_FULL = "This petition already has the most supporters it can have; it is being checked";
export class SponsorsFullError extends domainError(409, "sponsors_full", SPONSORS_FULL) {}
export class DuplicateSignatureError extends domainError(422, "duplicate") {}
/** The sysadmins have paused this part of the service (signing, or starting petitions): nothing is written. */
export class PausedError extends domainError(503, "paused") {}
/** The answer is being prepared by another request and was not ready in time: try again shortly. */
export class BusyError extends domainError(503, "busy") {}
