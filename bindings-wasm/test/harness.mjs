// Test harness: the built package (through its `exports`) and a homecom-sim on loopback.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..', '..');

/** A conformance vector file of tests/vectors. */
export function vectors(name) {
  return JSON.parse(readFileSync(join(root, 'tests', 'vectors', name), 'utf8'));
}

/** The simulator binary: $HOMECOM_SIM_BIN, else target/{debug,release}/homecom-sim. */
export function simBinary() {
  const candidates = [process.env.HOMECOM_SIM_BIN, join(root, 'target', 'debug', 'homecom-sim'), join(root, 'target', 'release', 'homecom-sim')];
  const found = candidates.find((p) => p && existsSync(p));
  if (!found) throw new Error('homecom-sim is not built: cargo build -p homecom-sim');
  return found;
}

/**
 * Starts homecom-sim on a free loopback port and reads its machine-readable stdout lines
 * up to HOMECOM_READY=1. Returns {baseUrl, apiKey, userId, companyId, control(path, init), stop()}.
 */
export async function startSim(args = []) {
  const child = spawn(simBinary(), ['--port', '0', '--seed', '1', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'warn' },
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const env = {};
  const lines = createInterface({ input: child.stdout });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`homecom-sim not ready in 20 s: ${stderr}`)), 20_000);
    child.once('exit', (code) => reject(new Error(`homecom-sim exited with ${code}: ${stderr}`)));
    lines.on('line', (line) => {
      const eq = line.indexOf('=');
      if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1);
      if (line === 'HOMECOM_READY=1') {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const baseUrl = env.HOMECOM_BASE_URL;
  if (!/^http:\/\/(127\.|\[::1\]|localhost)/.test(baseUrl)) throw new Error(`not a loopback URL: ${baseUrl}`);
  return {
    baseUrl,
    apiKey: env.HOMECOM_API_KEY,
    userId: env.HOMECOM_USER_ID,
    companyId: env.HOMECOM_COMPANY_ID,
    /** Calls the simulator's control API (/_sim/...), JSON in and out. */
    async control(path, { method = 'GET', body } = {}) {
      const res = await fetch(`${baseUrl}/_sim${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} /_sim${path}: ${res.status} ${text}`);
      return text ? JSON.parse(text) : null;
    },
    stop() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}
