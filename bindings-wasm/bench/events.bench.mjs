// Parses 10,000 mixed webhook events (the valid samples of tests/vectors/events.json,
// cycled with varied gateway ids and values) with homecom-partner's parseEvent (WebAssembly
// core: JSON parse, shape checks, typed values, unknown types kept) and with JSON.parse +
// zod schemas of the same shapes. Prints events/s of each and the ratio.
//   node bench/events.bench.mjs [count]
import { parseEvent, parseEvents } from 'homecom-partner';
import { z } from 'zod';
import { vectors } from '../test/harness.mjs';

const count = Number(process.argv[2] ?? 10_000);
const samples = vectors('events.json').cases.filter((c) => c.expect).map((c) => c.bodyText ?? JSON.stringify(c.body));
const bodies = Array.from({ length: count }, (_, i) => {
  const event = JSON.parse(samples[i % samples.length]);
  event.gatewayId = String(101_000_000 + (i % 997));
  if (typeof event.value === 'number') event.value = Math.round(event.value * 100 + i) / 100;
  return JSON.stringify(event);
});

const timestamp = z.string().datetime({ offset: true });
const gatewayId = z.string();
const schemas = {
  CONNECTIVITY_STATUS: z.object({ eventType: z.literal('CONNECTIVITY_STATUS'), gatewayId, connectivityStatus: z.string(), timestamp }).passthrough(),
  APPLIANCE_STATUS: z.object({
    eventType: z.literal('APPLIANCE_STATUS'), gatewayId, createdAt: timestamp, applianceStatus: z.string(),
    errorCode: z.string().nullish(), faultClass: z.number().int(), causeCode: z.number().int(),
    descriptions: z.array(z.object({ language: z.string(), text: z.string() }).passthrough()),
  }).passthrough(),
  DATA_POINT: z.object({ eventType: z.literal('DATA_POINT'), gatewayId, dataPoint: z.string(), value: z.union([z.number(), z.string()]), unit: z.string().nullish(), timestamp }).passthrough(),
  DAILY_AGGREGATE: z.object({
    eventType: z.literal('DAILY_AGGREGATE'), gatewayId, date: z.string().date(),
    properties: z.array(z.object({ key: z.string(), value: z.union([z.number(), z.string()]), unit: z.string().nullish() }).passthrough()),
  }).passthrough(),
  CONTRACT_STATUS: z.object({
    eventType: z.literal('CONTRACT_STATUS'), gatewayId, contractStatus: z.string(), previousContractStatus: z.string().nullish(),
    statusDate: timestamp, partnerUserId: z.string().nullish(),
  }).passthrough(),
};
const unknownEvent = z.object({ eventType: z.string(), gatewayId }).passthrough();
const zodParse = (text) => {
  const value = JSON.parse(text);
  return (schemas[value?.eventType] ?? unknownEvent).parse(value);
};

// Both must accept every body.
for (const body of bodies.slice(0, samples.length * 2)) {
  parseEvent(body);
  zodParse(body);
}

function measure(name, fn, rounds = 5) {
  fn(); // warm up
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  const perSecond = (count / best) * 1000;
  console.log(`${name.padEnd(44)} ${best.toFixed(1).padStart(8)} ms  ${Math.round(perSecond).toLocaleString('en').padStart(10)} events/s`);
  return perSecond;
}

console.log(`${count} events (${samples.length} shapes incl. unknown types), best of 5, node ${process.version}`);
const wasm = measure('homecom-partner parseEvent (one per body)', () => bodies.forEach((b) => parseEvent(b)));
const wasmBytes = (() => {
  const encoded = bodies.map((b) => new TextEncoder().encode(b));
  return measure('homecom-partner parseEvent (Uint8Array bodies)', () => encoded.forEach((b) => parseEvent(b)));
})();
const batch = (() => {
  // Webhook bodies are limited to 1 MiB: arrays of 1,000 events.
  const arrays = [];
  for (let i = 0; i < bodies.length; i += 1000) arrays.push(`[${bodies.slice(i, i + 1000).join(',')}]`);
  return measure('homecom-partner parseEvents (arrays of 1,000)', () => arrays.forEach((a) => parseEvents(a)));
})();
const zod = measure('JSON.parse + zod (one per body)', () => bodies.forEach((b) => zodParse(b)));
console.log(`ratio parseEvent / zod: ${(wasm / zod).toFixed(2)}×  (bytes: ${(wasmBytes / zod).toFixed(2)}×, batch: ${(batch / zod).toFixed(2)}×)`);
