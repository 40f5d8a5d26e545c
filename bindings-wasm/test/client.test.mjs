// HomeComClient against a homecom-sim on loopback: every operation once, every error kind,
// retries, pacing and cancellation.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import * as sdk from 'homecom-partner';
import { startSim } from './harness.mjs';

const GW = '101234567';
const SCALE = 0.05; // the simulator's limits run 20× faster; the client paces at the same scale
let sim;

before(async () => {
  sim = await startSim(['--time-scale', String(SCALE)]);
});
after(async () => {
  await sim?.stop();
});
beforeEach(async () => {
  await sim.control('/reset', { method: 'POST' });
  await sim.control('/requests', { method: 'DELETE' });
});

function client(options = {}) {
  return new sdk.HomeComClient({
    baseUrl: sim.baseUrl,
    apiKey: sim.apiKey,
    userId: sim.userId,
    pacing: { scale: SCALE },
    retry: { baseDelayMs: 5, maxDelayMs: 50 },
    ...options,
  });
}

/** The simulator's request log, of one path if given (an aborted request of an earlier test may still be logged). */
async function requestLog(path) {
  const { requests } = await sim.control('/requests');
  return path === undefined ? requests : requests.filter((r) => r.path === path);
}

/** A loopback port nothing listens on. */
async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function rejects(promise, Class, check = () => {}) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof Class, `expected ${Class.name}, got ${e?.name}: ${e?.message}`);
    assert.ok(e instanceof sdk.HomeComError && e instanceof Error);
    assert.equal(e.name, Class.name);
    check(e);
    return e;
  }
  assert.fail(`expected ${Class.name}, resolved`);
}

function isoDate(base, days) {
  const d = new Date(`${base.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

describe('every operation once', () => {
  it('calls all 37 operations against the simulator', async () => {
    const c = client();
    const called = new Set();
    const call = async (name, input) => {
      called.add(name);
      return c[name](input);
    };
    const gw = { gatewayId: GW };
    const hc = { ...gw, circuitId: 1 };

    assert.deepEqual(await call('getHealth'), { status: 'UP' });
    assert.ok((await call('listHvacs')).some((h) => h.gatewayId === GW));
    assert.equal((await call('getHvacStatus', gw)).connectivityStatus, 'ONLINE');
    assert.ok((await call('getComponents', gw)).length > 0);
    assert.equal(typeof (await call('startSystemDetection', gw)).detectionStatus, 'string');
    assert.ok('body' in (await call('simulateWebhookEvent', { body: { eventType: 'DATA_POINT', gatewayId: GW } })));

    assert.ok((await call('listContracts')).length >= 10);
    assert.equal((await call('getContract', gw)).status, 'ACTIVE');
    assert.equal((await call('getHvacContract', gw)).status, 'ACTIVE');
    assert.equal((await call('updateContract', { gatewayId: '101234574', body: { action: 'ACCEPT' } })).status, 'ACTIVE');
    assert.equal(await call('deleteContract', { gatewayId: '101234576' }), null);

    const created = await call('createApiKey');
    assert.match(created.apiKey, /^xHCSAPI/);
    assert.ok((await call('listApiKeys')).some((k) => k.keyId === created.keyId));
    assert.equal((await call('getCurrentApiKey')).companyId, sim.companyId);
    assert.equal(await call('deleteApiKey', { keyId: created.keyId }), null);

    assert.ok((await call('listHeatingCircuits', gw)).length >= 2);
    const hc1 = await call('getHeatingCircuit', hc);
    assert.equal(hc1.circuitId, 1);
    const updated = await call('updateHeatingCircuit', {
      ...gw, circuitId: 2, body: { manualModeSettings: { setPointTemperature: 21.5 } },
    });
    assert.equal(updated.circuit.manualModeSettings?.setPointTemperature, 21.5);
    assert.ok(Array.isArray(updated.overriddenBy));
    const curve = await call('getHeatCurve', hc);
    const distribution = await call('getHeatingDistributionType', hc);
    const newCurve = await call('updateHeatCurve', {
      ...hc, body: { maxFlowTemperature: curve.maxFlowTemperature }, current: curve, distributionType: distribution.heatingDistributionType,
    });
    assert.equal(newCurve.maxFlowTemperature, curve.maxFlowTemperature);
    const program = await call('getHeatingTimeProgram', { ...hc, timeProgramId: 1 });
    assert.equal((await call('setHeatingTimeProgram', { ...hc, timeProgramId: 1, body: program })).timeProgramId, 1);

    assert.ok((await call('listDhwCircuits', gw)).length >= 1);
    const dhw = await call('getDhwCircuit', hc);
    const dhwUpdated = await call('updateDhwCircuit', {
      ...hc, body: { ecoModeSettings: { startSetPointTemperature: 46, stopSetPointTemperature: 51 } }, current: dhw,
    });
    assert.equal(dhwUpdated.ecoModeSettings?.stopSetPointTemperature, 51);
    assert.equal(typeof (await call('getDhwCharge', hc)).chargeStatus, 'string');
    assert.equal((await call('updateDhwCharge', { ...hc, body: { enabled: true, durationMinutes: 30 } })).chargeStatus, 'ACTIVE');
    const dhwProgram = await call('getDhwTimeProgram', { ...hc, timeProgramId: 1 });
    assert.equal((await call('setDhwTimeProgram', { ...hc, timeProgramId: 1, body: dhwProgram })).timeProgramId, 1);

    const silent = await call('getSilentMode', gw);
    assert.equal((await call('updateSilentMode', { ...gw, body: { enabled: !silent.enabled }, current: silent })).enabled, !silent.enabled);
    const clock = await call('getDateTime', gw);
    assert.equal((await call('setDateTime', { ...gw, body: { dateTime: clock.dateTime } })).dateTime.slice(0, 13), clock.dateTime.slice(0, 13));
    const existing = await call('listHolidayModes', gw);
    const holiday = await call('createHolidayMode', {
      ...gw,
      body: { startDate: isoDate(clock.dateTime, 60), endDate: isoDate(clock.dateTime, 65), heatingCircuits: [1], dhwCircuits: [1], heatingMode: 'ECO', dhwMode: 'OFF' },
      existing,
      today: clock.dateTime.slice(0, 10),
    });
    assert.equal(await call('deleteHolidayMode', { ...gw, holidayModeId: holiday.holidayModeId }), null);

    assert.deepEqual([...called].sort(), [...sdk.OPERATION_NAMES].sort(), 'every operation was called');
    const log = await requestLog();
    assert.equal(log.length, 37, 'one request per operation, no retry');
    assert.ok(log.every((r) => r.status < 300), JSON.stringify(log.filter((r) => r.status >= 300)));
  });

  it('returns status, request id and API version with request()', async () => {
    const res = await client().request('getDhwCircuit', { gatewayId: GW, circuitId: 1 });
    assert.equal(res.status, 200);
    assert.match(res.requestId, /^[0-9a-f-]{36}$/);
    assert.equal(res.apiVersion, '1.35');
    assert.equal(res.value.circuitId, 1);
  });
});

describe('error kinds', () => {
  const hc = { gatewayId: GW, circuitId: 1 };

  it('ValidationError: invalid input is refused with no network call', async () => {
    const e = await rejects(client().updateDhwCircuit({ ...hc, body: { ecoModeSettings: { startSetPointTemperature: 99 } } }), sdk.ValidationError);
    assert.deepEqual(e.violations.map((v) => v.code), ['DHW_START_RANGE']);
    assert.ok(sdk.isValidationError(e) && !sdk.isApiError(e));
    await rejects(client().getDhwCircuit({ gatewayId: 'bad id!', circuitId: 1 }), sdk.ValidationError);
    assert.equal((await requestLog()).filter((r) => r.path.includes('dhwCircuits')).length, 0);
  });

  it('ConfigError: bad base URL, bad key, bad options', () => {
    assert.throws(() => client({ baseUrl: 'http://example.test' }), sdk.ConfigError);
    assert.throws(() => client({ apiKey: 'secret' }), sdk.ConfigError);
    assert.throws(() => client({ retry: { maxAttemps: 3 } }), sdk.ConfigError);
    assert.throws(() => client({ headers: { 'x-api-key': 'x' } }), sdk.ConfigError);
    assert.throws(() => client({ timeoutMs: 0 }), sdk.ConfigError);
  });

  it('ConfigError: remote control without a user id', async () => {
    await rejects(client({ userId: undefined }).getDhwCircuit(hc), sdk.ConfigError);
  });

  it('UnauthorizedError, ForbiddenError, NotFoundError, ConsentOutdatedError, GatewayOfflineError', async () => {
    const unknownKey = 'xHCSAPI.20270528T120000Z.AbCdEfGhIjKlMnOpQrStUvWxYz012345';
    const e = await rejects(client({ apiKey: unknownKey }).listHvacs(), sdk.UnauthorizedError);
    assert.equal(e.status, 401);
    assert.match(e.requestId, /^[0-9a-f-]{36}$/);
    assert.ok(sdk.isApiError(e) && e instanceof sdk.ApiError);
    await rejects(client().getHvacStatus({ gatewayId: '101234571' }), sdk.ForbiddenError, (e) => assert.equal(e.status, 403));
    await rejects(client().getHvacStatus({ gatewayId: '999999999' }), sdk.NotFoundError, (e) => assert.equal(e.status, 404));
    await rejects(client().getDhwCircuit({ gatewayId: '101234572', circuitId: 1 }), sdk.ConsentOutdatedError, (e) => assert.equal(e.status, 451));
    await rejects(client().getDhwCircuit({ gatewayId: '101234573', circuitId: 1 }), sdk.GatewayOfflineError, (e) => assert.equal(e.status, 504));
    const log = await requestLog();
    assert.equal(log.filter((r) => r.path === '/hvacs/101234573/dhwCircuits/1').length, 1, '504 is not retried');
  });

  it('BadRequestError: the server refuses an unsupported API version', async () => {
    await rejects(client({ apiMajor: 2 }).getHealth(), sdk.BadRequestError, (e) => assert.equal(e.status, 400));
  });

  it('ConflictError: an illegal contract transition', async () => {
    await rejects(client().updateContract({ gatewayId: GW, body: { action: 'ACCEPT' } }), sdk.ConflictError, (e) => assert.equal(e.status, 409));
  });

  it('RateLimitedError: a POST is never retried; retryAfter in seconds', async () => {
    await sim.control('/faults', { method: 'PUT', body: { rateLimitBurst: 3, rateLimitRetryAfter: 2 } });
    const e = await rejects(client().startSystemDetection({ gatewayId: GW }), sdk.RateLimitedError);
    assert.equal(e.status, 429);
    assert.equal(e.retryAfter, 2);
    assert.equal((await requestLog(`/hvacs/${GW}/components`)).length, 1);
  });

  it('ServerError after the retries the policy allows (GET), none for POST', async () => {
    await sim.control('/faults', { method: 'PUT', body: { errorRatio: 1, errorStatus: 503 } });
    await rejects(client({ retry: { maxAttempts: 3, baseDelayMs: 1 } }).listHvacs(), sdk.ServerError, (e) => assert.equal(e.status, 503));
    assert.equal((await requestLog('/hvacs')).length, 3);
    await rejects(client({ retry: { maxAttempts: 3, baseDelayMs: 1 } }).createApiKey(), sdk.ServerError);
    assert.equal((await requestLog('/api-keys')).length, 1);
  });

  it('a retried GET succeeds once the fault is gone', async () => {
    await sim.control('/faults', { method: 'PUT', body: { errorRatio: 0.5, errorStatus: 502 } });
    const c = client({ retry: { maxAttempts: 10, baseDelayMs: 1 } });
    for (let i = 0; i < 5; i++) assert.deepEqual(await c.getHealth(), { status: 'UP' });
  });

  it('TransportError: connection refused (retried: not sent) and reset', async () => {
    const port = await closedPort();
    const e = await rejects(client({ baseUrl: `http://127.0.0.1:${port}`, retry: { maxAttempts: 2, baseDelayMs: 1 } }).getHealth(), sdk.TransportError);
    assert.equal(e.timedOut, false);
    assert.ok(e.cause);
    assert.ok(sdk.isTransportError(e));
    await sim.control('/faults', { method: 'PUT', body: { resetRatio: 1 } });
    await rejects(client({ retry: { maxAttempts: 2, baseDelayMs: 1 } }).getHealth(), sdk.TransportError);
  });

  it('TransportError: the per-attempt timeout', async () => {
    await sim.control('/faults', { method: 'PUT', body: { latencyMs: 1000 } });
    const started = performance.now();
    const e = await rejects(client({ retry: { maxAttempts: 1 } }).getHealth({}, { timeoutMs: 100 }), sdk.TransportError);
    assert.equal(e.timedOut, true);
    assert.ok(performance.now() - started < 900);
  });

  it('DecodeError and UnexpectedStatusError from what a server answers', async () => {
    const fakeFetch = (status, body) => async () => new Response(body, { status, headers: { 'x-request-id': 'r-1' } });
    await rejects(client({ fetch: fakeFetch(200, '<html>oops</html>') }).getHealth(), sdk.DecodeError);
    const e = await rejects(client({ fetch: fakeFetch(418, 'teapot') }).getHealth(), sdk.UnexpectedStatusError);
    assert.equal(e.status, 418);
    assert.equal(e.requestId, 'r-1');
    assert.equal(e.rawBody, 'teapot');
  });

  it('WebhookAuthError from verifyWebhook', () => {
    const auth = { secretHeader: { name: 'x-webhook-secret', value: 'change-me' } };
    sdk.verifyWebhook(auth, { 'X-Webhook-Secret': 'change-me' });
    assert.throws(() => sdk.verifyWebhook(auth, { 'x-webhook-secret': 'nope' }), sdk.WebhookAuthError);
    assert.throws(() => sdk.verifyWebhook({ secretHeader: { name: 'x', value: '' } }, {}), sdk.ConfigError);
  });

  it('has one class per core error kind, with type guards', () => {
    const kinds = Object.keys(sdk.ERROR_CLASSES).sort();
    assert.equal(kinds.length, 15);
    for (const kind of kinds) {
      const e = new sdk.ERROR_CLASSES[kind]({ kind, message: 'm', status: 500 });
      assert.equal(e.kind, kind);
      assert.ok(sdk.isErrorKind(e, kind));
      assert.equal(e.name, sdk.ERROR_CLASSES[kind].name);
      assert.deepEqual(e.toJSON().kind, kind);
    }
    assert.ok(!sdk.isHomeComError(new Error('x')));
  });
});

describe('pacing', () => {
  it('paces concurrent requests to the documented limits: no 429', async () => {
    const c = client();
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 8 }, () => c.getDhwCircuit({ gatewayId: GW, circuitId: 1 })));
    const elapsed = performance.now() - started;
    assert.equal(results.length, 8);
    const log = await requestLog(`/hvacs/${GW}/dhwCircuits/1`);
    assert.equal(log.length, 8, JSON.stringify(log.map((r) => [r.at, r.status, r.path])));
    assert.ok(log.every((r) => r.status === 200), JSON.stringify(log.map((r) => r.status)));
    // Burst 3, then one per 2 s × 0.05 = 100 ms: the last of 8 goes out ≥ 500 ms later.
    assert.ok(elapsed >= 450, `elapsed ${elapsed} ms`);
  });

  it('without pacing the simulator refuses the excess, and the core retries it', async () => {
    const c = client({ pacing: false, retry: { maxAttempts: 10, baseDelayMs: 1 } });
    await Promise.all(Array.from({ length: 6 }, () => c.getDhwCircuit({ gatewayId: GW, circuitId: 1 })));
    const statuses = (await requestLog(`/hvacs/${GW}/dhwCircuits/1`)).map((r) => r.status);
    assert.ok(statuses.includes(429), JSON.stringify(statuses));
    assert.equal(statuses.filter((s) => s === 200).length, 6);
  });
});

describe('cancellation', () => {
  it('an aborted signal refuses the call before any request', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(client().listContracts({}, { signal: controller.signal }), { name: 'AbortError' });
    assert.equal((await requestLog('/contracts')).length, 0);
  });

  it('aborting cancels the request in flight', async () => {
    await sim.control('/faults', { method: 'PUT', body: { latencyMs: 2000 } });
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(new Error('user gave up')), 50);
    await assert.rejects(client().getHealth({}, { signal: controller.signal }), /user gave up/);
    assert.ok(performance.now() - started < 1000);
  });

  it('aborting cancels a retry wait', async () => {
    await sim.control('/faults', { method: 'PUT', body: { errorRatio: 1, errorStatus: 503 } });
    const controller = new AbortController();
    const c = client({ retry: { maxAttempts: 5, baseDelayMs: 5000, maxDelayMs: 5000 }, random: () => 0.99 });
    const started = performance.now();
    setTimeout(() => controller.abort(), 200);
    await assert.rejects(c.listHvacs({}, { signal: controller.signal }), { name: 'AbortError' });
    assert.ok(performance.now() - started < 1500);
    assert.equal((await requestLog('/hvacs')).length, 1);
  });

  it('aborting cancels a pacing wait', async () => {
    const c = client({ pacing: { scale: 1 } });
    const controller = new AbortController();
    // Burst 3; the 4th waits 2 s for its slot.
    await Promise.all(Array.from({ length: 3 }, () => c.getDhwCircuit({ gatewayId: GW, circuitId: 1 })));
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    await assert.rejects(c.getDhwCircuit({ gatewayId: GW, circuitId: 1 }, { signal: controller.signal }), { name: 'AbortError' });
    assert.ok(performance.now() - started < 1000);
    assert.equal((await requestLog(`/hvacs/${GW}/dhwCircuits/1`)).length, 3);
  });
});
