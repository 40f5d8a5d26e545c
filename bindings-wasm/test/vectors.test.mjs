// The shared conformance vectors of tests/vectors, with the expectations of core/tests/vectors.rs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as sdk from 'homecom-partner';
import { vectors } from './harness.mjs';

/** Runs every case, collecting failures so that one run lists every broken case. */
function runAll(t, file, groups) {
  let run = 0;
  const failures = [];
  for (const [cases, fn] of groups) {
    for (const c of cases ?? []) {
      run++;
      try {
        fn(c);
      } catch (e) {
        failures.push(`${c.name ?? '<unnamed>'}: ${e.message}`);
      }
    }
  }
  assert.ok(run > 0, `${file}: no cases ran`);
  assert.deepEqual(failures, [], `${failures.length} of ${run} cases in ${file} failed`);
  t.diagnostic(`${file}: ${run} cases`);
  return run;
}

const sortedUnique = (values) => [...new Set(values ?? [])].sort();

/** Calls `fn`; with `expectError` the SDK error must match, else `onOk` checks the value. */
function outcome(c, fn, onOk) {
  let value;
  try {
    value = fn();
  } catch (e) {
    if (!c.expectError) throw new Error(`unexpected error ${e?.name}: ${e?.message}`);
    return expectError(e, c.expectError);
  }
  if (!c.expect) throw new Error(`expected an error, got ${JSON.stringify(value)}`);
  onOk(value, c.expect);
}

function expectError(err, expected) {
  assert.ok(sdk.isHomeComError(err), `not an SDK error: ${err}`);
  assert.ok(err instanceof Error && err instanceof sdk.ERROR_CLASSES[err.kind], `${err.name} is not the class of ${err.kind}`);
  assert.equal(err.kind, expected.kind, `kind (${err.message})`);
  if (typeof expected.status === 'number') assert.equal(err.status, expected.status, 'status');
  if ('requestId' in expected) assert.equal(err.requestId ?? null, expected.requestId, 'request id');
  if ('retryAfter' in expected) assert.equal(err.retryAfter ?? null, expected.retryAfter, 'retry after');
  if (typeof expected.message === 'string') assert.equal(err.message, expected.message, 'message');
  const codes = expected.codes ?? expected.violationCodes;
  if (codes) assert.deepEqual(sortedUnique(err.violations.map((v) => v.code)), sortedUnique(codes), `violation codes (${err.message})`);
  if (typeof expected.hasRawBody === 'boolean') assert.equal(err.rawBody !== undefined, expected.hasRawBody, 'raw body');
}

function bodyText(c) {
  if (typeof c.bodyText === 'string') return c.bodyText;
  if ('body' in c) return JSON.stringify(c.body);
  return '';
}

/** Whether every field of `want` is in `got` with the same value (recursively for objects). */
function containsSubset(got, want) {
  if (want !== null && typeof want === 'object' && !Array.isArray(want)) {
    return got !== null && typeof got === 'object' && Object.entries(want).every(([k, v]) => k in got && containsSubset(got[k], v));
  }
  try {
    assert.deepStrictEqual(got, want);
    return true;
  } catch {
    return false;
  }
}

test('requests.json', (t) => {
  const doc = vectors('requests.json');
  const n = runAll(t, 'requests.json', [[doc.cases, (c) => {
    const merged = { ...doc.config, ...(c.config ?? {}) };
    const config = Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== null));
    outcome(c, () => sdk.buildRequest(c.operation, config, c.input), (req, expect) => {
      assert.equal(req.method, expect.method, 'method');
      assert.equal(req.url, expect.url, 'url');
      assert.deepEqual(Object.fromEntries(req.headers), expect.headers, 'headers');
      assert.deepEqual(req.body === null ? null : JSON.parse(req.body), expect.body, 'body');
    });
  }]]);
  assert.equal(n, doc.cases.length);
});

test('validation.json', (t) => {
  const doc = vectors('validation.json');
  runAll(t, 'validation.json', [[doc.cases, (c) => {
    const report = sdk.check(c.operation, c.input);
    assert.deepEqual(sortedUnique(report.violations.map((v) => v.code)), sortedUnique(c.expect.codes), 'codes');
    if ('unchecked' in c.expect) assert.deepEqual([...report.uncheckedRules].sort(), sortedUnique(c.expect.unchecked), 'unchecked');
  }]]);
});

test('responses.json', (t) => {
  const doc = vectors('responses.json');
  runAll(t, 'responses.json', [[doc.cases, (c) => {
    const headers = Object.fromEntries(Object.entries(c.headers ?? {}).map(([n, v]) => [n, typeof v === 'string' ? v : '']));
    const body = new TextEncoder().encode(bodyText(c));
    outcome(c, () => sdk.decodeResponse(c.operation, c.status ?? 0, headers, body), (res, expect) => {
      if ('value' in expect) assert.deepEqual(res.value, expect.value, 'value');
      if ('requestId' in expect) assert.equal(res.requestId ?? null, expect.requestId, 'request id');
      if ('apiVersion' in expect) assert.equal(res.apiVersion ?? null, expect.apiVersion, 'api version');
    });
  }]]);
});

test('api_keys.json', (t) => {
  const doc = vectors('api_keys.json');
  runAll(t, 'api_keys.json', [[doc.cases, (c) => {
    const now = Date.parse(c.now);
    assert.ok(Number.isFinite(now), 'bad now');
    outcome(c, () => sdk.apiKeyInfo(c.key, now), (info, expect) => {
      for (const field of ['redacted', 'expiresAt', 'daysLeft', 'expired']) {
        if (field in expect) assert.deepEqual(info[field], expect[field], field);
      }
      assert.ok(!JSON.stringify(info).includes(c.key), 'the info shows the key');
    });
  }]]);
});

test('events.json', (t) => {
  const doc = vectors('events.json');
  runAll(t, 'events.json', [
    [doc.cases, (c) => {
      outcome(c, () => sdk.parseEvent(bodyText(c)), (event, expect) => {
        assert.equal(event.eventType, expect.eventType, 'event type');
        assert.equal(event.gatewayId ?? null, expect.gatewayId, 'gateway id');
        if (typeof expect.known === 'boolean') assert.equal(sdk.isKnownEvent(event), expect.known, 'known');
        if (expect.fields) assert.ok(containsSubset(event, expect.fields), `${JSON.stringify(event)} does not contain ${JSON.stringify(expect.fields)}`);
      });
    }],
    [doc.fingerprintCases, (c) => {
      const same = sdk.fingerprint(c.a) === sdk.fingerprint(c.b);
      assert.equal(same, c.same, 'same fingerprint');
      // A parsed object fingerprints like its body.
      assert.equal(sdk.fingerprint(sdk.parseEvent(c.a)), sdk.fingerprint(c.a), 'object vs body');
    }],
    [doc.batchCases, (c) => {
      outcome(c, () => sdk.parseEvents(bodyText(c)), (events, expect) => assert.equal(events.length, expect.count, 'count'));
    }],
  ]);
});

test('data_points.json', (t) => {
  const doc = vectors('data_points.json');
  runAll(t, 'data_points.json', [[doc.cases, (c) => {
    const found = sdk.lookupDataPoint(c.key);
    const got = {
      known: found.known,
      pattern: found.entry?.pattern ?? null,
      circuit: found.circuit,
      heatSource: found.heatSource,
      holidayModeId: found.holidayModeId,
      unit: found.entry?.unit ?? null,
      event: found.entry?.event ?? null,
    };
    for (const [field, want] of Object.entries(c.expect)) assert.deepEqual(got[field], want, field);
  }]]);
});

function hexBytes(text) {
  if (text.length % 2 !== 0 || /[^0-9a-fA-F]/.test(text)) {
    throw new sdk.ConfigError({ kind: 'Config', message: 'invalid hex' });
  }
  return Uint8Array.from(text.match(/../g) ?? [], (h) => parseInt(h, 16));
}

test('onboarding.json', (t) => {
  const doc = vectors('onboarding.json');
  runAll(t, 'onboarding.json', [
    [doc.inviteCases, (c) => {
      outcome(c, () => {
        const session = sdk.sessionIdFromBytes(hexBytes(c.sessionBytesHex ?? ''));
        return { session, url: sdk.inviteLink(c.brand ?? '', c.companyId ?? '', c.redirectUri ?? '', session) };
      }, ({ session, url }, expect) => {
        if ('sessionId' in expect) assert.equal(session, expect.sessionId, 'session id');
        assert.equal(url, expect.url, 'url');
      });
    }],
    [doc.redirectCases, (c) => {
      outcome(c, () => sdk.parseRedirect(c.url ?? '', c.expectedSessionId ?? ''), (redirect, expect) => {
        assert.ok(containsSubset(redirect, expect), `${JSON.stringify(redirect)} ≠ ${JSON.stringify(expect)}`);
      });
    }],
  ]);
});
