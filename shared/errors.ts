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

export class MalformedRequestError extends DomainError {
  readonly status = 400;
  readonly code = "malformed";
}

export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  readonly code = "unsupported_media_type";
}

/** The address names a format the route does not serve (`.xml`, say). */
export class NotAcceptableError extends DomainError {
  readonly status = 406;
  readonly code = "not_acceptable";
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly code = "not_found";
  constructor(message = "Not found") {
    super(message);
  }
}

export class GoneError extends DomainError {
  readonly status = 410;
  readonly code = "gone";
}

export class UnauthorisedError extends DomainError {
  readonly status = 401;
  readonly code = "unauthorised";
  constructor(message = "Sign in to use this route") {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly code = "forbidden";
  constructor(message = "Your account does not have the role this route needs") {
    super(message);
  }
}

/** A state change whose starting state no longer holds: somebody else acted first. */
export class StateConflictError extends DomainError {
  readonly status = 409;
  readonly code = "state_conflict";
}

export class PetitionClosedError extends DomainError {
  readonly status = 409;
  readonly code = "petition_closed";
  constructor(message = "This petition is closed") {
    super(message);
  }
}

export class SponsorsFullError extends DomainError {
  readonly status = 409;
  readonly code = "sponsors_full";
  constructor(message = "This petition already has the most supporters it can have; it is being checked") {
    super(message);
  }
}

export class DuplicateSignatureError extends DomainError {
  readonly status = 422;
  readonly code = "duplicate";
}

/** The answer is being prepared by another request and was not ready in time: try again shortly. */
export class BusyError extends DomainError {
  readonly status = 503;
  readonly code = "busy";
}
