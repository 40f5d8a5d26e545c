// The built package: its exports (ESM and CJS), the operation table, the functional API.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as sdk from 'homecom-partner';
import { here } from './harness.mjs';

const require = createRequire(import.meta.url);
const KEY = 'xHCSAPI.20270528T120000Z.AbCdEfGhIjKlMnOpQrStUvWxYz012345';

describe('package', () => {
  it('resolves import to node.mjs and require to node.cjs, both ready without init()', async () => {
    const cjs = require('homecom-partner');
    assert.equal(cjs.version(), sdk.version());
    assert.equal(typeof cjs.HomeComClient, 'function');
    assert.ok(sdk.isReady() && cjs.isReady());
    await sdk.init();
    // Errors from the other copy are still recognised.
    try {
      cjs.buildRequest('getHealth', { baseUrl: 'ftp://x' }, {});
      assert.fail('no error');
    } catch (e) {
      assert.ok(sdk.isHomeComError(e) && sdk.isErrorKind(e, 'Config'));
      assert.ok(!(e instanceof sdk.HomeComError), 'a different class copy');
    }
  });

  it('has a package.json with conditional exports, types and sideEffects', () => {
    const manifest = JSON.parse(readFileSync(join(here, '..', 'pkg', 'package.json'), 'utf8'));
    assert.equal(manifest.name, 'homecom-partner');
    assert.equal(manifest.exports['.'].node.import.default, './node.mjs');
    assert.equal(manifest.exports['.'].node.require.default, './node.cjs');
    assert.equal(manifest.exports['.'].browser.default, './browser.mjs');
    assert.equal(manifest.types, './esm/index.d.ts');
    assert.ok(Array.isArray(manifest.sideEffects));
    const dts = readFileSync(join(here, '..', 'pkg', 'esm', 'index.d.ts'), 'utf8');
    assert.match(dts, /HomeComClient/);
  });

  it('generates one client method per operation of the core table, matching the spec', () => {
    const ops = sdk.operations();
    assert.equal(ops.length, 37);
    assert.deepEqual(ops.map((o) => o.name).sort(), [...sdk.OPERATION_NAMES].sort());
    const client = new sdk.HomeComClient({ baseUrl: 'http://127.0.0.1:1', apiKey: KEY, pacing: false });
    for (const op of ops) assert.equal(typeof client[op.name], 'function', op.name);
    assert.equal(client.mode, 'direct');
    assert.equal(new sdk.HomeComClient({ baseUrl: 'https://partner.example/api' }).mode, 'proxy');
  });
});

describe('browser guard', () => {
  it('refuses an API key when window exists, unless explicitly allowed', () => {
    globalThis.window = {};
    try {
      assert.throws(() => new sdk.HomeComClient({ baseUrl: 'http://127.0.0.1:1', apiKey: KEY }), (e) => {
        assert.ok(e instanceof sdk.ConfigError);
        assert.match(e.message, /dangerouslyAllowApiKeyInBrowser/);
        assert.ok(!e.message.includes(KEY));
        return true;
      });
      const allowed = new sdk.HomeComClient({ baseUrl: 'http://127.0.0.1:1', apiKey: KEY, dangerouslyAllowApiKeyInBrowser: true });
      assert.equal(allowed.mode, 'direct');
      const proxy = new sdk.HomeComClient({ baseUrl: 'http://127.0.0.1:1/homecom', headers: { 'x-csrf': 't' } });
      assert.equal(proxy.mode, 'proxy');
    } finally {
      delete globalThis.window;
    }
  });

  it('sends no key in proxy mode, and the extra headers', async () => {
    let seen;
    const fetch = async (url, init) => {
      seen = { url, headers: Object.fromEntries(init.headers) };
      return new Response('{"status":"UP"}', { status: 200 });
    };
    const proxy = new sdk.HomeComClient({ baseUrl: 'http://127.0.0.1:1/homecom', headers: { 'X-Csrf': 't' }, fetch });
    assert.deepEqual(await proxy.getHealth(), { status: 'UP' });
    assert.equal(seen.url, 'http://127.0.0.1:1/homecom/health');
    assert.equal(seen.headers['x-csrf'], 't');
    assert.ok(!('x-api-key' in seen.headers));
  });
});

describe('functions', () => {
  it('check reports violations and unchecked rules without IO', () => {
    const report = sdk.check('updateDhwCircuit', { gatewayId: '1', circuitId: 1, body: { ecoModeSettings: { startSetPointTemperature: 99 } } });
    assert.deepEqual(report.violations.map((v) => v.code), ['DHW_START_RANGE']);
    assert.ok(report.uncheckedRules.includes('DHW_START_BELOW_STOP'));
    assert.throws(() => sdk.check('updateDhwCircuit', { gatewayId: '1', circuitId: 1, body: { nope: 1 } }), sdk.ValidationError);
    assert.throws(() => sdk.check('noSuchOperation', {}), sdk.ConfigError);
    assert.ok(sdk.allRules().some((r) => r.code === 'DHW_START_RANGE' && r.min === 30));
  });

  it('Pacer books slots per bucket', () => {
    // Gateway paths: burst 3, then one per 2 s (no delay allowance, to see the exact slots).
    const pacer = new sdk.Pacer(1, 0);
    const req = { operation: 'getDhwCircuit', path: '/hvacs/1/dhwCircuits/1' };
    assert.deepEqual(Array.from({ length: 5 }, () => pacer.reserve(req, 1000)), [1000, 1000, 1000, 3000, 5000]);
    // The default allowance books later slots a little later (requests may arrive late).
    const lenient = new sdk.Pacer();
    const slots = Array.from({ length: 4 }, () => lenient.reserve(req, 1000));
    assert.equal(slots[0], 1000);
    assert.ok(slots[3] >= 3000);
    assert.equal(pacer.reserve({ operation: 'getDhwCircuit', path: '/hvacs/2/dhwCircuits/1' }, 1000), 1000, 'another path, another bucket');
    pacer.onRateLimited(req, 10_000, 2000);
    assert.ok(pacer.reserve(req, 2000) >= 12_000);
    assert.throws(() => new sdk.Pacer(-1), sdk.ConfigError);
    assert.throws(() => pacer.reserve({ operation: 'nope', path: '/' }, 0), sdk.ValidationError);
  });

  it('retryDecide follows the core table', () => {
    assert.deepEqual(sdk.retryDecide(undefined, 'GET', 1, { kind: 'status', status: 200 }, 0, 0.5), { retry: false, reason: 'Success' });
    assert.deepEqual(sdk.retryDecide(undefined, 'GET', 1, { kind: 'status', status: 429, retryAfterMs: 1500 }, 0, 0.5), { retry: true, delayMs: 1500 });
    assert.deepEqual(sdk.retryDecide(undefined, 'GET', 1, { kind: 'status', status: 429, retryAfterMs: 120_000 }, 0, 0.5), { retry: false, reason: 'RetryAfterTooLong' });
    assert.deepEqual(sdk.retryDecide(undefined, 'PATCH', 1, { kind: 'failed' }, 0, 0.5), { retry: false, reason: 'NotRetryable' });
    assert.equal(sdk.retryDecide(undefined, 'PATCH', 1, { kind: 'notSent' }, 0, 0.5).retry, true);
    assert.deepEqual(sdk.retryDecide({ maxAttempts: 2 }, 'GET', 2, { kind: 'failed' }, 0, 0.5), { retry: false, reason: 'AttemptsExhausted' });
    assert.deepEqual(sdk.retryDecide({ deadlineMs: 100 }, 'GET', 1, { kind: 'status', status: 429, retryAfterMs: 200 }, 0, 0.5), { retry: false, reason: 'DeadlineExceeded' });
  });

  it('WebhookReceiver authenticates, parses and de-duplicates', () => {
    const receiver = new sdk.WebhookReceiver({ basic: { user: 'u', password: 'p' } }, 100);
    const body = '{"eventType":"CONTRACT_STATUS","gatewayId":"101234567","contractStatus":"CLOSED","previousContractStatus":"ACTIVE","statusDate":"2026-05-05T12:00:00Z"}';
    const auth = { authorization: `Basic ${btoa('u:p')}` };
    const first = receiver.receive(auth, body);
    assert.equal(first.status, 200);
    assert.equal(first.duplicate, false);
    assert.equal(first.event.contractStatus, 'CLOSED');
    assert.equal(receiver.receive(auth, body).duplicate, true);
    assert.equal(receiver.receive({}, body).status, 401);
    assert.equal(receiver.receive(auth, '{').status, 400);
  });

  it('onboarding round trip with a random session id', () => {
    const session = sdk.newSessionId();
    const link = sdk.inviteLink('BOSCH', 'c-1', 'https://partner.example/back', session);
    assert.ok(link.includes(`sessionId=${session}`));
    const back = sdk.parseRedirect(`https://partner.example/back?gatewayId=101234567&contractStatus=ACTIVE&sessionId=${session}`, session);
    assert.deepEqual(back, { gatewayId: '101234567', contractStatus: 'ACTIVE', sessionId: session });
    assert.throws(() => sdk.parseRedirect(`?gatewayId=1&contractStatus=ACTIVE&sessionId=${sdk.newSessionId()}`, session), (e) =>
      e instanceof sdk.ValidationError && e.violations.some((v) => v.code === 'ONBOARDING_SESSION_MISMATCH'));
  });

  it('apiKeyInfo never shows the key', () => {
    const info = sdk.apiKeyInfo(KEY, new Date('2027-05-01T12:00:00Z'));
    assert.equal(info.expired, false);
    assert.equal(info.daysLeft, 27);
    assert.ok(!JSON.stringify(info).includes(KEY));
  });
});
