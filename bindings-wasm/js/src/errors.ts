// The SDK's errors: one class per kind of the core's error, all `HomeComError`s.
import type { CoreErrorData, ErrorKind, Violation } from './types.js';

const BRAND = Symbol.for('homecom-partner.error');

/** Options of an error's constructor. */
export interface HomeComErrorOptions {
  cause?: unknown;
}

/** The base class of every error the SDK throws (except an `AbortSignal`'s own reason). */
export class HomeComError extends Error {
  /** What went wrong; stable across versions and languages. */
  readonly kind: ErrorKind;
  /** The HTTP status, for API errors. */
  readonly status: number | undefined;
  /** The request id of the response (for support cases). */
  readonly requestId: string | undefined;
  /** The `MAJOR.MINOR` API version the server reported. */
  readonly apiVersion: string | undefined;
  /** Every broken rule (validation errors and 400s that list violations). */
  readonly violations: readonly Violation[];
  /** Rules that could not be checked for lack of state. */
  readonly uncheckedRules: readonly string[];
  /** On 429: seconds until the limit frees a token. */
  readonly retryAfter: number | undefined;
  /** The start of a body that was not the documented JSON error. */
  readonly rawBody: string | undefined;

  constructor(data: CoreErrorData, options?: HomeComErrorOptions) {
    super(data.message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.kind = data.kind;
    this.status = data.status;
    this.requestId = data.requestId;
    this.apiVersion = data.apiVersion;
    this.violations = Object.freeze([...(data.violations ?? [])]);
    this.uncheckedRules = Object.freeze([...(data.uncheckedRules ?? [])]);
    this.retryAfter = data.retryAfter;
    this.rawBody = data.rawBody;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** The error as the core's JSON (for logs and support cases; never holds a secret). */
  toJSON(): CoreErrorData {
    const data: CoreErrorData = { kind: this.kind, message: this.message };
    if (this.status !== undefined) data.status = this.status;
    if (this.requestId !== undefined) data.requestId = this.requestId;
    if (this.apiVersion !== undefined) data.apiVersion = this.apiVersion;
    if (this.violations.length) data.violations = [...this.violations];
    if (this.uncheckedRules.length) data.uncheckedRules = [...this.uncheckedRules];
    if (this.retryAfter !== undefined) data.retryAfter = this.retryAfter;
    if (this.rawBody !== undefined) data.rawBody = this.rawBody;
    return data;
  }
}

/** An HTTP error answer of the API; `status` is always set. */
export class ApiError extends HomeComError {
  declare readonly status: number;
}
/** 400: invalid gatewayId, body or `x-api-version`; `violations` lists the server's findings. */
export class BadRequestError extends ApiError {}
/** 401: missing, unknown or expired API key. */
export class UnauthorizedError extends ApiError {}
/** 403: the owner has not given the partner access to this appliance. */
export class ForbiddenError extends ApiError {}
/** 404: unknown gateway, circuit, time program, holiday mode, contract or key. */
export class NotFoundError extends ApiError {}
/** 409: illegal contract transition, or an 11th valid API key. */
export class ConflictError extends ApiError {}
/** 429: a rate limit is exhausted (after the retries the policy allows); see `retryAfter`. */
export class RateLimitedError extends ApiError {}
/** 451: remote control with a consent older than July 2024. */
export class ConsentOutdatedError extends ApiError {}
/** 504: the gateway is offline. */
export class GatewayOfflineError extends ApiError {}
/** Any other 5xx. */
export class ServerError extends ApiError {}
/** A status the API does not document. */
export class UnexpectedStatusError extends ApiError {}
/** Input broke a documented rule; detected before any network call. */
export class ValidationError extends HomeComError {}
/** A response body that does not match the documented shape. */
export class DecodeError extends HomeComError {}
/** A configuration the SDK refuses (URL, key, missing user id, ...), before any network call. */
export class ConfigError extends HomeComError {}
/** The transport failed: connection refused or reset, DNS, a per-attempt timeout. */
export class TransportError extends HomeComError {
  /** Whether the attempt ran out of time (the per-attempt timeout). */
  readonly timedOut: boolean;
  constructor(data: CoreErrorData, options?: HomeComErrorOptions & { timedOut?: boolean }) {
    super(data, options);
    this.timedOut = options?.timedOut ?? false;
  }
}
/** A webhook call failed authentication. */
export class WebhookAuthError extends HomeComError {}

const CLASSES: Record<ErrorKind, new (data: CoreErrorData, options?: HomeComErrorOptions) => HomeComError> = {
  BadRequest: BadRequestError,
  Unauthorized: UnauthorizedError,
  Forbidden: ForbiddenError,
  NotFound: NotFoundError,
  Conflict: ConflictError,
  RateLimited: RateLimitedError,
  ConsentOutdated: ConsentOutdatedError,
  GatewayOffline: GatewayOfflineError,
  Server: ServerError,
  UnexpectedStatus: UnexpectedStatusError,
  Validation: ValidationError,
  Decode: DecodeError,
  Config: ConfigError,
  Transport: TransportError,
  WebhookAuth: WebhookAuthError,
};

/** The error class of every kind. */
export const ERROR_CLASSES: Readonly<Record<ErrorKind, new (data: CoreErrorData, options?: HomeComErrorOptions) => HomeComError>> =
  Object.freeze(CLASSES);

function isCoreErrorData(value: unknown): value is CoreErrorData {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { kind?: unknown }).kind === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/**
 * The SDK error for what the core threw (a plain object with `kind`); anything else (a bug,
 * e.g. a wasm trap) is returned unchanged.
 */
export function fromCore(thrown: unknown): unknown {
  if (thrown instanceof HomeComError || !isCoreErrorData(thrown)) return thrown;
  const Class = CLASSES[thrown.kind] ?? (thrown.status !== undefined ? UnexpectedStatusError : HomeComError);
  return new Class(thrown);
}

/** Runs a call into the core, turning what it throws into SDK errors. */
export function core<T>(call: () => T): T {
  try {
    return call();
  } catch (thrown) {
    throw fromCore(thrown);
  }
}

/** Whether `value` is an SDK error (also one from another copy of the package, ESM vs CJS). */
export function isHomeComError(value: unknown): value is HomeComError {
  return value instanceof HomeComError || (typeof value === 'object' && value !== null && BRAND in value);
}

const API_KINDS: ReadonlySet<ErrorKind> = new Set([
  'BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict', 'RateLimited',
  'ConsentOutdated', 'GatewayOffline', 'Server', 'UnexpectedStatus',
]);

/** Whether `value` is an HTTP error answer of the API. */
export function isApiError(value: unknown): value is ApiError {
  return isHomeComError(value) && API_KINDS.has(value.kind);
}

/** Whether `value` is an SDK error of `kind`. */
export function isErrorKind<K extends ErrorKind>(value: unknown, kind: K): value is HomeComError & { kind: K } {
  return isHomeComError(value) && value.kind === kind;
}

/** Whether `value` is a validation error (input refused before any network call). */
export function isValidationError(value: unknown): value is ValidationError {
  return isErrorKind(value, 'Validation');
}

/** Whether `value` is a transport failure. */
export function isTransportError(value: unknown): value is TransportError {
  return isErrorKind(value, 'Transport');
}
