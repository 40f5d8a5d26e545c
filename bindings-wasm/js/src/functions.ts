// Thin, typed wrappers of the core's functions; errors become SDK errors.
import { bindings, type RawPacer, type RawWebhookReceiver } from './bindings.js';
import { core } from './errors.js';
import type { OperationName, OperationTypes, WebhookEvent } from './generated/models.js';
import type {
  ApiKeyStatus,
  AttemptOutcome,
  Brand,
  BuiltRequest,
  CoreConfig,
  DataPointMatch,
  DecodedResponse,
  HeaderList,
  HttpMethod,
  OnboardingRedirect,
  OperationInfo,
  ReceivedWebhook,
  RetryDecision,
  RetryPolicy,
  Rule,
  UnknownEvent,
  ValidationReport,
  WebhookAuthConfig,
  WebhookBody,
} from './types.js';

/** The version of the SDK core in the WebAssembly module. */
export function version(): string {
  return bindings().version();
}

/** The core's operation table (37 operations). */
export function operations(): OperationInfo[] {
  return bindings().operations();
}

/** Validates `input` and builds the request of `op`; throws `ValidationError` or `ConfigError`. */
export function buildRequest<K extends OperationName>(op: K, config: CoreConfig, input: OperationTypes[K]['input']): BuiltRequest {
  return core(() => bindings().buildRequest(op, config, input));
}

/** Decodes a response of `op` into its typed value, or throws the typed error. */
export function decodeResponse<K extends OperationName>(
  op: K,
  status: number,
  headers: HeaderList,
  body: Uint8Array,
): DecodedResponse<OperationTypes[K]['output']> {
  return core(() => bindings().decodeResponse(op, status, headers, body)) as DecodedResponse<OperationTypes[K]['output']>;
}

/** Every violation of `input` (no network call); throws only for an input of the wrong shape. */
export function check<K extends OperationName>(op: K, input: OperationTypes[K]['input']): ValidationReport {
  return core(() => bindings().check(op, input));
}

/** Every validation rule of the core. */
export function allRules(): Rule[] {
  return bindings().allRules();
}

/** The core's retry decision after an attempt (see `RetryPolicy`). */
export function retryDecide(
  policy: RetryPolicy | undefined,
  method: HttpMethod,
  attempt: number,
  outcome: AttemptOutcome,
  elapsedMs: number,
  random: number,
): RetryDecision {
  return core(() => bindings().retryDecide(policy, method, attempt, outcome, elapsedMs, random));
}

/** The client-side pacer of the documented rate limits: one per API key. */
export class Pacer {
  readonly #raw: RawPacer;

  /** `scale` multiplies the refill intervals (1: the documented limits; 0: no pacing). */
  constructor(scale = 1, delayAllowanceMs?: number) {
    this.#raw = core(() => new (bindings().Pacer)(scale, delayAllowanceMs));
  }

  /** Books the next slot of `request`'s bucket at `nowMs` (monotonic) and returns its time. */
  reserve(request: Pick<BuiltRequest, 'operation' | 'path'>, nowMs: number): number {
    return core(() => this.#raw.reserve(request, nowMs));
  }

  /** Records a 429 for `request` at `nowMs`, with the server's `retry-after` if any. */
  onRateLimited(request: Pick<BuiltRequest, 'operation' | 'path'>, retryAfterMs: number | undefined, nowMs: number): void {
    core(() => this.#raw.onRateLimited(request, retryAfterMs, nowMs));
  }

  /** The time scale. */
  get scale(): number {
    return this.#raw.scale;
  }

  /** Frees the wasm memory now (otherwise the garbage collector does). */
  free(): void {
    this.#raw.free();
  }
}

/** A webhook event: one of the known types, or an unknown one kept as sent. */
export type AnyWebhookEvent = WebhookEvent | UnknownEvent;

/** Parses one webhook event; throws `DecodeError` for a body that is not an event. */
export function parseEvent(body: WebhookBody): AnyWebhookEvent {
  return core(() => bindings().parseEvent(body)) as AnyWebhookEvent;
}

/** Parses a JSON array of events (or one event). */
export function parseEvents(body: WebhookBody): AnyWebhookEvent[] {
  return core(() => bindings().parseEvents(body)) as AnyWebhookEvent[];
}

let eventTypes: ReadonlySet<string> | undefined;

/** Whether the event's type is one this SDK version knows. */
export function isKnownEvent(event: AnyWebhookEvent): event is WebhookEvent {
  eventTypes ??= new Set(bindings().names().eventTypes);
  return eventTypes.has(event.eventType);
}

/** The event's fingerprint, for de-duplication (same event, same fingerprint). */
export function fingerprint(event: WebhookBody): string {
  return core(() => bindings().fingerprint(event));
}

/** Checks a webhook call's headers; throws `WebhookAuthError` (or `ConfigError`). */
export function verifyWebhook(auth: WebhookAuthConfig, headers: HeaderList): void {
  core(() => bindings().verifyWebhook(auth, headers));
}

/** A webhook endpoint: authentication plus de-duplication of recent events. */
export class WebhookReceiver {
  readonly #raw: RawWebhookReceiver;

  constructor(auth: WebhookAuthConfig, capacity?: number) {
    this.#raw = core(() => new (bindings().WebhookReceiver)(auth, capacity));
  }

  /** Handles one call; answer with `status`. */
  receive(headers: HeaderList, body: Uint8Array | string): ReceivedWebhook {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    return core(() => this.#raw.receive(headers, bytes));
  }

  free(): void {
    this.#raw.free();
  }
}

/** The data point catalog's entry for `key`. */
export function lookupDataPoint(key: string): DataPointMatch {
  return bindings().lookupDataPoint(key);
}

/** What can be said about an API key at `now` without showing it. */
export function apiKeyInfo(key: string, now: number | Date = Date.now()): ApiKeyStatus {
  const nowMs = typeof now === 'number' ? now : now.getTime();
  return core(() => bindings().apiKeyInfo(key, nowMs));
}

/** A session id from the caller's random bytes (16 to 64). */
export function sessionIdFromBytes(bytes: Uint8Array): string {
  return core(() => bindings().sessionIdFromBytes(bytes));
}

/** A new random session id (32 bytes from `crypto.getRandomValues`). */
export function newSessionId(): string {
  return sessionIdFromBytes(globalThis.crypto.getRandomValues(new Uint8Array(32)));
}

/** The onboarding invite link; store `sessionId` to check the redirect. */
export function inviteLink(brand: Brand, companyId: string, redirectUri: string, sessionId: string): string {
  return core(() => bindings().inviteLink(brand, companyId, redirectUri, sessionId));
}

/** Reads the customer's return to the redirect URI; throws `ValidationError` for a forged or broken one. */
export function parseRedirect(url: string, expectedSessionId: string): OnboardingRedirect {
  return core(() => bindings().parseRedirect(url, expectedSessionId));
}
