// Types of the values the core hands to JavaScript (besides the API models of generated/).
import type { WebhookEvent } from './generated/models.js';

/** The stable name of what went wrong; every kind has its own error class. */
export type ErrorKind =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'Conflict'
  | 'RateLimited'
  | 'ConsentOutdated'
  | 'GatewayOffline'
  | 'Server'
  | 'UnexpectedStatus'
  | 'Validation'
  | 'Decode'
  | 'Config'
  | 'Transport'
  | 'WebhookAuth';

/** One broken rule. */
export interface Violation {
  /** Stable rule code, e.g. `DHW_START_BELOW_STOP`. */
  code: string;
  /** Field paths in the request body. */
  fields: string[];
  /** The limit, in words, when the rule has one. */
  limit?: string;
  /** What is wrong, for people. */
  message: string;
}

/** The core's error as it crosses the wasm boundary. */
export interface CoreErrorData {
  kind: ErrorKind;
  status?: number;
  requestId?: string;
  apiVersion?: string;
  message: string;
  violations?: Violation[];
  uncheckedRules?: string[];
  /** Seconds. */
  retryAfter?: number;
  rawBody?: string;
}

/** The result of validating an input without building a request. */
export interface ValidationReport {
  violations: Violation[];
  /** Codes of rules that could not be checked for lack of state (pass `current` to check them). */
  uncheckedRules: string[];
}

/** One row of the core's rule tables. */
export interface Rule {
  code: string;
  fields: string[];
  limit: string;
  message: string;
  min?: number;
  max?: number;
  step?: number;
  provenance: 'seed' | 'docs' | 'assumed';
}

/** What the core's operation table says about an operation. */
export interface OperationInfo {
  name: string;
  method: HttpMethod;
  path: string;
  pathParams: string[];
  successStatus: number;
  deprecated: boolean;
  remoteControl: boolean;
  idempotent: boolean;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The configuration of the core's request builder. */
export interface CoreConfig {
  baseUrl: string;
  apiKey?: string;
  userId?: string;
  apiMajor?: number;
  /** Extra headers sent with every request (not the SDK's own). */
  headers?: Record<string, string>;
}

/** A request the core built: what a transport sends. `headers` hold the API key in clear. */
export interface BuiltRequest {
  operation: string;
  method: HttpMethod;
  url: string;
  path: string;
  headers: Array<[string, string]>;
  body: string | null;
}

/** A decoded success. */
export interface DecodedResponse<T> {
  value: T;
  status: number;
  requestId: string | null;
  apiVersion: string | null;
}

/** The core's retry policy (every field optional; `deadlineMs: null`: no deadline). */
export interface RetryPolicy {
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  maxRetryAfterMs?: number;
  deadlineMs?: number | null;
}

/** What became of one attempt. */
export type AttemptOutcome =
  | { kind: 'status'; status: number; retryAfterMs?: number }
  /** The request never reached the server (connection refused, DNS failure). */
  | { kind: 'notSent' }
  /** The request may have reached the server but no answer came (timeout, reset). */
  | { kind: 'failed' };

export type GiveUpReason = 'Success' | 'NotRetryable' | 'AttemptsExhausted' | 'DeadlineExceeded' | 'RetryAfterTooLong';

/** The core's retry decision. */
export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: GiveUpReason };

/** How incoming webhook calls are authenticated. */
export interface WebhookAuthConfig {
  secretHeader?: { name: string; value: string };
  basic?: { user: string; password: string };
}

/** A webhook body: text, bytes, or an object already parsed. */
export type WebhookBody = string | Uint8Array | object;

/** Headers as pairs or as an object. */
export type HeaderList = Array<[string, string]> | Record<string, string>;

/** What a webhook receiver makes of one call. */
export interface ReceivedWebhook {
  /** The HTTP status to answer: 200 (also for a duplicate), 400, 401 or 500. */
  status: number;
  event?: WebhookEvent | UnknownEvent;
  fingerprint?: string;
  duplicate?: boolean;
  error?: CoreErrorData;
}

/** An event whose `eventType` this SDK version does not know, kept as sent. */
export interface UnknownEvent {
  eventType: string;
  gatewayId: string;
  [field: string]: unknown;
}

/** A catalog entry of a data point. */
export interface DataPointEntry {
  pattern: string;
  event: 'DATA_POINT' | 'DAILY_AGGREGATE';
  kind: 'COUNTER' | 'NUMBER' | 'ENUM' | 'COUNT';
  unit: string;
  resolution: number | null;
  threshold: number | null;
  controlUnits: string[];
  since: string;
  enumValues: string[];
  provenance: string;
}

/** The result of `lookupDataPoint`. */
export interface DataPointMatch {
  key: string;
  known: boolean;
  entry: DataPointEntry | null;
  circuit: number | null;
  heatSource: number | null;
  holidayModeId: string | null;
}

/** What can be said about an API key without showing it. */
export interface ApiKeyStatus {
  redacted: string;
  expiresAt: string | null;
  daysLeft: number | null;
  expired: boolean;
}

export type Brand = 'BOSCH' | 'BUDERUS' | 'IVT';

/** What the customer's return to the redirect URI says. */
export interface OnboardingRedirect {
  gatewayId: string;
  contractStatus: string;
  sessionId: string;
}
