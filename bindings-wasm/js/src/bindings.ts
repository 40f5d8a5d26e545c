// The raw wasm-bindgen module, installed by the entry point (node or browser build).
import { ConfigError } from './errors.js';
import type {
  ApiKeyStatus,
  BuiltRequest,
  DataPointMatch,
  DecodedResponse,
  OnboardingRedirect,
  OperationInfo,
  ReceivedWebhook,
  RetryDecision,
  Rule,
  ValidationReport,
} from './types.js';

/** @internal */
export interface RawPacer {
  reserve(request: unknown, nowMs: number): number;
  onRateLimited(request: unknown, retryAfterMs: number | undefined, nowMs: number): void;
  readonly scale: number;
  readonly size: number;
  free(): void;
}

/** @internal */
export interface RawWebhookReceiver {
  receive(headers: unknown, body: Uint8Array): ReceivedWebhook;
  free(): void;
}

/** @internal The functions the wasm module exports (see bindings-wasm/src/lib.rs). */
export interface RawBindings {
  version(): string;
  operations(): OperationInfo[];
  names(): { errorKinds: string[]; eventTypes: string[]; brands: string[] };
  buildRequest(op: string, config: unknown, input: unknown): BuiltRequest;
  decodeResponse(op: string, status: number, headers: unknown, body: Uint8Array): DecodedResponse<unknown>;
  check(op: string, input: unknown): ValidationReport;
  allRules(): Rule[];
  Pacer: new (scale?: number, delayAllowanceMs?: number) => RawPacer;
  retryDecide(policy: unknown, method: string, attempt: number, outcome: unknown, elapsedMs: number, random: number): RetryDecision;
  parseEvent(body: unknown): unknown;
  parseEvents(body: unknown): unknown[];
  fingerprint(event: unknown): string;
  verifyWebhook(auth: unknown, headers: unknown): void;
  WebhookReceiver: new (auth: unknown, capacity?: number) => RawWebhookReceiver;
  lookupDataPoint(key: string): DataPointMatch;
  apiKeyInfo(key: string, nowMs: number): ApiKeyStatus;
  sessionIdFromBytes(bytes: Uint8Array): string;
  inviteLink(brand: string, companyId: string, redirectUri: string, sessionId: string): string;
  parseRedirect(url: string, expectedSessionId: string): OnboardingRedirect;
}

let raw: RawBindings | undefined;
let pending: { module: RawBindings; init: (input?: unknown) => Promise<unknown> } | undefined;
let initializing: Promise<void> | undefined;

/**
 * @internal Called by the entry points: `init` is given when the module must be
 * instantiated asynchronously first (the browser build).
 */
export function _installBindings(module: RawBindings, init?: (input?: unknown) => Promise<unknown>): void {
  if (init) {
    pending = { module, init };
  } else {
    raw = module;
  }
}

/**
 * Loads the WebAssembly module. Needed once in browsers before any synchronous function
 * (client methods call it themselves); a no-op in Node. `input` is what wasm-bindgen's
 * `init` accepts: a URL, a `Response`, bytes or a `WebAssembly.Module` (default: the
 * `.wasm` file next to the package's JavaScript).
 */
export function init(input?: unknown): Promise<void> {
  if (raw) return Promise.resolve();
  if (!pending) {
    return Promise.reject(new ConfigError({ kind: 'Config', message: 'homecom-partner: no WebAssembly module was installed' }));
  }
  const { module, init: load } = pending;
  initializing ??= load(input).then(() => {
    raw = module;
  });
  return initializing;
}

/** Whether the WebAssembly module is ready (always in Node; after `init()` in browsers). */
export function isReady(): boolean {
  return raw !== undefined;
}

/** @internal The raw module; throws when `init()` has not finished. */
export function bindings(): RawBindings {
  if (!raw) {
    throw new ConfigError({
      kind: 'Config',
      message: 'homecom-partner: call `await init()` before using the SDK in a browser',
    });
  }
  return raw;
}
