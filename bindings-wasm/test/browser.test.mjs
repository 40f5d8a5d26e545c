// The web dashboard example in headless Chromium (Debian's, driven by playwright-core):
// the browser build of the package in proxy mode, its Node backend in direct mode, and a
// homecom-sim behind it. Skipped when no Chromium is installed (ci.sh installs it).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { root, startSim } from './harness.mjs';

const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const example = join(root, 'examples', 'web-dashboard');
const GW = '101234567';

describe('web dashboard in Chromium', { skip: existsSync(CHROMIUM) ? false : `no ${CHROMIUM}` }, () => {
  let sim;
  let server;
  let browser;
  let page;
  let url;
  const pageErrors = [];

  before(async () => {
    // The example imports the package by name: link it like `npm install` in the example would.
    const link = join(example, 'node_modules', 'homecom-partner');
    if (!existsSync(link)) {
      mkdirSync(join(example, 'node_modules'), { recursive: true });
      symlinkSync(join(root, 'bindings-wasm', 'pkg'), link, 'dir');
    }
    sim = await startSim();
    server = spawn(process.execPath, [join(example, 'server.mjs'), '--port', '0'], {
      env: { ...process.env, HOMECOM_BASE_URL: sim.baseUrl, HOMECOM_API_KEY: sim.apiKey, HOMECOM_USER_ID: sim.userId },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    url = await new Promise((resolve, reject) => {
      server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
      createInterface({ input: server.stdout }).on('line', (line) => {
        if (line.startsWith('DASHBOARD_URL=')) resolve(line.slice('DASHBOARD_URL='.length));
      });
    });
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('request', (request) => {
      const target = new URL(request.url());
      assert.equal(target.hostname, '127.0.0.1', `the page only talks to its backend: ${request.url()}`);
    });
  });

  after(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
    await sim?.stop();
  });

  it('lists the appliances with their connectivity', async () => {
    await page.goto(url);
    await page.waitForSelector('body[data-ready="1"]', { timeout: 20_000 });
    const rows = await page.$$eval('#appliances tbody tr', (trs) => trs.map((tr) => [tr.dataset.gateway, tr.cells[1].textContent]));
    assert.ok(rows.length >= 5, JSON.stringify(rows));
    assert.deepEqual(rows.find(([id]) => id === GW), [GW, 'ONLINE']);
    assert.deepEqual(rows.find(([id]) => id === '101234573'), ['101234573', 'OFFLINE']);
    assert.deepEqual(pageErrors, []);
  });

  it('refuses an invalid DHW input in the browser, with no request', async () => {
    await sim.control('/requests', { method: 'DELETE' });
    await page.fill('#start', '99');
    await page.fill('#stop', '50');
    await page.click('button[type=submit]');
    await page.waitForSelector('#violations li');
    const codes = await page.$$eval('#violations li', (lis) => lis.map((li) => li.dataset.code));
    assert.ok(codes.includes('DHW_START_RANGE'), JSON.stringify(codes));
    const patches = (await sim.control('/requests')).requests.filter((r) => r.method === 'PATCH');
    assert.equal(patches.length, 0, 'no PATCH reached the simulator');
  });

  it('saves a valid input: the simulator state changes', async () => {
    await page.fill('#start', '46');
    await page.fill('#stop', '51.5');
    await page.click('button[type=submit]');
    await page.waitForSelector('#saved:not(:empty)');
    assert.match(await page.textContent('#saved'), /46–51\.5/);
    assert.equal(await page.$$eval('#violations li', (lis) => lis.length), 0);
    const res = await fetch(`${sim.baseUrl}/hvacs/${GW}/dhwCircuits/1`, { headers: { 'x-api-key': sim.apiKey, 'x-user-id': sim.userId } });
    const dhw = await res.json();
    assert.deepEqual(dhw.ecoModeSettings, { startSetPointTemperature: 46, stopSetPointTemperature: 51.5 });
    mkdirSync(join(root, 'target'), { recursive: true });
    await page.screenshot({ path: join(root, 'target', 'web-dashboard.png'), fullPage: true });
    assert.deepEqual(pageErrors, []);
  });
});
