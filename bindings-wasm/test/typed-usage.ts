// A typed usage sample, checked with `tsc --noEmit --strict` against the built package's
// declarations (resolved through its `exports`). `@ts-expect-error` lines prove that the
// types are precise: each must be an error.
import {
  ApiError,
  HomeComClient,
  ValidationError,
  check,
  isApiError,
  isErrorKind,
  parseEvent,
  type DhwCircuit,
  type DhwCircuitPatch,
  type HeatingCircuit,
  type UpdateDhwCircuitInput,
  type WebhookEvent,
} from 'homecom-partner';

export async function sample(signal: AbortSignal): Promise<number | undefined> {
  const client = await HomeComClient.create({ baseUrl: 'http://127.0.0.1:8080', apiKey: 'xHCSAPI…', userId: 'installer-0042' });
  const hvacs = await client.listHvacs();
  const first: string | undefined = hvacs[0]?.gatewayId;

  const dhw: DhwCircuit = await client.getDhwCircuit({ gatewayId: first ?? '101234567', circuitId: 1 }, { signal });
  const patch: DhwCircuitPatch = { ecoModeSettings: { startSetPointTemperature: 45, stopSetPointTemperature: 50 } };
  const input: UpdateDhwCircuitInput = { gatewayId: '101234567', circuitId: 1, body: patch, current: dhw };
  const report = check('updateDhwCircuit', input);
  if (report.violations.length > 0) return undefined;

  const updated = await client.updateHeatingCircuit({ gatewayId: '101234567', circuitId: 2, body: { operationMode: 'MANUAL' } });
  const circuit: HeatingCircuit = updated.circuit;
  const overridden: string[] = updated.overriddenBy;

  const raw = await client.request('getDhwCharge', { gatewayId: '101234567', circuitId: 1 });
  const requestId: string | null = raw.requestId;
  const remaining: number | undefined = raw.value.remainingTimeMinutes;

  try {
    await client.deleteHolidayMode({ gatewayId: '101234567', holidayModeId: '1' });
  } catch (e) {
    if (e instanceof ValidationError) return e.violations.length;
    if (isApiError(e)) return e.status;
    if (isErrorKind(e, 'Transport')) return -1;
    if (e instanceof ApiError) return e.retryAfter;
  }

  const event = parseEvent('{"eventType":"DATA_POINT"}');
  if (event.eventType === 'DATA_POINT') {
    const known = event as WebhookEvent;
    void known;
  }

  // @ts-expect-error gatewayId is required
  await client.getDhwCircuit({ circuitId: 1 });
  // @ts-expect-error circuitId is a number
  await client.getDhwCircuit({ gatewayId: '1', circuitId: '1' });
  // @ts-expect-error a temperature is a number
  await client.updateDhwCircuit({ gatewayId: '1', circuitId: 1, body: { ecoModeSettings: { startSetPointTemperature: '45' } } });
  // @ts-expect-error the patch has no such field
  await client.updateDhwCircuit({ gatewayId: '1', circuitId: 1, body: { turbo: true } });
  // @ts-expect-error no such operation
  await client.request('getTurbo', {});
  // @ts-expect-error the result of a DELETE is null
  const nothing: string = await client.deleteApiKey({ keyId: 'k' });

  void [circuit, overridden, requestId, remaining, nothing];
  return circuit.circuitId;
}
