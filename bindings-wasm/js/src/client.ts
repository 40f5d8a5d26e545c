// HomeComClient: the 37 operations over `fetch`, paced and retried by the core's decisions.
import { bindings, init, isReady } from './bindings.js';
import { ConfigError, HomeComError, TransportError, core } from './errors.js';
import { Pacer } from './functions.js';
import type { CallOptions, HomeComOperations, OperationName, OperationTypes } from './generated/models.js';
import type { AttemptOutcome, BuiltRequest, CoreConfig, DecodedResponse, RetryPolicy } from './types.js';

/** Options of a client. */
export interface HomeComClientOptions {
  /**
   * Direct mode (Node): the API's base URL (`https://…`; `http://` only on loopback, for the
   * simulator). Proxy mode (browsers): the base URL of the partner's backend, which adds the
   * key; a relative URL is resolved against the page.
   */
  baseUrl: string;
  /** The API key (direct mode). Refused in a browser unless `dangerouslyAllowApiKeyInBrowser`. */
  apiKey?: string;
  /** The partner user on whose behalf remote-control requests are made (`x-user-id`). */
  userId?: string;
  /** The API major version sent in `x-api-version` (default 1). */
  apiMajor?: number;
  /** Extra headers sent with every request (e.g. the proxy's session or CSRF header). */
  headers?: Record<string, string>;
  /**
   * Lets a browser page hold an API key. Anyone who opens the page can read it: use a
   * proxy instead, except for local experiments.
   */
  dangerouslyAllowApiKeyInBrowser?: boolean;
  /** The core's retry policy (default: 4 attempts, 200 ms base, 10 s cap, 60 s deadline). */
  retry?: RetryPolicy;
  /** Client-side pacing of the documented rate limits (`false`: none). */
  pacing?: false | { scale?: number; delayAllowanceMs?: number };
  /** Timeout of each attempt in milliseconds (default 30,000). */
  timeoutMs?: number;
  /** The `fetch` to use (default: the global one). */
  fetch?: typeof globalThis.fetch;
  /** Random numbers in [0, 1) for the retry jitter (default `Math.random`). */
  random?: () => number;
}

type Attempt =
  | { response: { status: number; headers: Array<[string, string]>; body: Uint8Array } }
  | { error: TransportError; outcome: AttemptOutcome };

/** Error codes (Node's undici) of a request that never reached the server. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

const now = (): number => performance.now();

function isBrowser(): boolean {
  return typeof window !== 'undefined';
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { message?: unknown } } | undefined)?.cause;
  const detail = typeof cause?.message === 'string' && cause.message ? `: ${cause.message}` : '';
  return `${error instanceof Error ? error.message : String(error)}${detail}`;
}

let methodsInstalled = false;

/** Defines one method per operation of the core's table on the prototype. */
function installMethods(): void {
  if (methodsInstalled) return;
  for (const op of bindings().operations()) {
    const name = op.name as OperationName;
    Object.defineProperty(HomeComClient.prototype, name, {
      configurable: true,
      writable: true,
      value: function (this: HomeComClient, input?: unknown, options?: CallOptions) {
        return this.call(name, (input ?? {}) as OperationTypes[typeof name]['input'], options);
      },
    });
  }
  methodsInstalled = true;
}

/** The methods are generated from the core's operation table. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface HomeComClient extends HomeComOperations {}

/**
 * A Partner API client: one method per operation (`getDhwCircuit`, `updateDhwCircuit`, …),
 * each validating its input in the core before any network call, pacing requests to the
 * documented rate limits and retrying what the core's policy allows.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class HomeComClient {
  /** Loads the WebAssembly module if needed (browsers), then makes a client. */
  static async create(options: HomeComClientOptions): Promise<HomeComClient> {
    await init();
    return new HomeComClient(options);
  }

  /** `direct` with an API key, `proxy` without. */
  readonly mode: 'direct' | 'proxy';
  readonly #config: CoreConfig;
  readonly #pacer: Pacer | undefined;
  readonly #retry: RetryPolicy | undefined;
  readonly #timeoutMs: number;
  readonly #fetch: typeof globalThis.fetch;
  readonly #random: () => number;

  constructor(options: HomeComClientOptions) {
    if (!isReady()) {
      throw new ConfigError({ kind: 'Config', message: 'call `await init()` first, or use `await HomeComClient.create(options)`' });
    }
    installMethods();
    if (isBrowser() && options.apiKey !== undefined && options.dangerouslyAllowApiKeyInBrowser !== true) {
      throw new ConfigError({
        kind: 'Config',
        message:
          'an API key in a browser is readable by anyone who opens the page: use proxy mode (the base URL of ' +
          'your backend, no apiKey), or pass dangerouslyAllowApiKeyInBrowser: true for a local experiment',
      });
    }
    let baseUrl = options.baseUrl;
    if (isBrowser() && typeof location !== 'undefined') baseUrl = new URL(baseUrl, location.href).href;
    const config: CoreConfig = { baseUrl };
    if (options.apiKey !== undefined) config.apiKey = options.apiKey;
    if (options.userId !== undefined) config.userId = options.userId;
    if (options.apiMajor !== undefined) config.apiMajor = options.apiMajor;
    if (options.headers !== undefined) config.headers = { ...options.headers };
    // The core checks the configuration (URL, key, headers) once, now.
    core(() => bindings().buildRequest('getHealth', config, {}));
    this.#config = config;
    this.mode = config.apiKey === undefined ? 'proxy' : 'direct';
    this.#pacer = options.pacing === false ? undefined : new Pacer(options.pacing?.scale ?? 1, options.pacing?.delayAllowanceMs);
    this.#retry = options.retry;
    if (options.retry !== undefined) core(() => bindings().retryDecide(options.retry, 'GET', 1, { kind: 'status', status: 200 }, 0, 0));
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    if (!(this.#timeoutMs > 0)) throw new ConfigError({ kind: 'Config', message: 'timeoutMs must be a positive number' });
    const fetchImpl = options.fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== 'function') throw new ConfigError({ kind: 'Config', message: 'no fetch: pass options.fetch' });
    this.#fetch = fetchImpl.bind(globalThis);
    this.#random = options.random ?? Math.random;
  }

  /** Calls `op` and returns its decoded value. */
  async call<K extends OperationName>(op: K, input: OperationTypes[K]['input'], options?: CallOptions): Promise<OperationTypes[K]['output']> {
    return (await this.request(op, input, options)).value;
  }

  /** Calls `op` and returns its decoded value with the status, request id and API version. */
  async request<K extends OperationName>(
    op: K,
    input: OperationTypes[K]['input'],
    options: CallOptions = {},
  ): Promise<DecodedResponse<OperationTypes[K]['output']>> {
    const { signal } = options;
    signal?.throwIfAborted();
    const timeoutMs = options.timeoutMs ?? this.#timeoutMs;
    const request = core(() => bindings().buildRequest(op, this.#config, input ?? {}));
    const paced = { operation: request.operation, path: request.path };
    const started = now();
    for (let attempt = 1; ; attempt++) {
      if (this.#pacer) {
        const slot = this.#pacer.reserve(paced, now());
        const wait = slot - now();
        if (wait > 0) await sleep(wait, signal);
      }
      const result = await this.#attempt(request, timeoutMs, signal);
      let failure: HomeComError;
      let outcome: AttemptOutcome;
      if ('response' in result) {
        const { status, headers, body } = result.response;
        try {
          return core(() => bindings().decodeResponse(op, status, headers, body)) as DecodedResponse<OperationTypes[K]['output']>;
        } catch (error) {
          if (!(error instanceof HomeComError)) throw error;
          failure = error;
        }
        const retryAfterMs = failure.retryAfter === undefined ? undefined : failure.retryAfter * 1000;
        if (status === 429) this.#pacer?.onRateLimited(paced, retryAfterMs, now());
        outcome = retryAfterMs === undefined ? { kind: 'status', status } : { kind: 'status', status, retryAfterMs };
      } else {
        failure = result.error;
        outcome = result.outcome;
      }
      const elapsed = now() - started;
      const decision = core(() => bindings().retryDecide(this.#retry, request.method, attempt, outcome, elapsed, this.#random()));
      if (!decision.retry) throw failure;
      await sleep(decision.delayMs, signal);
    }
  }

  async #attempt(request: BuiltRequest, timeoutMs: number, signal: AbortSignal | undefined): Promise<Attempt> {
    const controller = new AbortController();
    let timedOut = false;
    const onAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      const init: RequestInit = { method: request.method, headers: request.headers, signal: controller.signal, redirect: 'manual' };
      if (request.body !== null) init.body = request.body;
      const response = await this.#fetch(request.url, init);
      const body = new Uint8Array(await response.arrayBuffer());
      const headers: Array<[string, string]> = [];
      response.headers.forEach((value, name) => headers.push([name, value]));
      return { response: { status: response.status, headers, body } };
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const what = `${request.method} ${request.path}`;
      if (timedOut) {
        return {
          error: new TransportError({ kind: 'Transport', message: `${what}: no answer within ${timeoutMs} ms` }, { cause: error, timedOut: true }),
          outcome: { kind: 'failed' },
        };
      }
      const code = errorCode(error);
      return {
        error: new TransportError({ kind: 'Transport', message: `${what}: ${describe(error)}` }, { cause: error }),
        outcome: code !== undefined && NOT_SENT.has(code) ? { kind: 'notSent' } : { kind: 'failed' },
      };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
