// The partner's backend of the web dashboard: serves the page and the homecom-partner
// browser build, and forwards the page's API calls to the Partner API with the key, which
// never reaches the browser. Only the 37 operations of the SDK's table are forwarded.
//
//   HOMECOM_BASE_URL=… HOMECOM_API_KEY=… HOMECOM_USER_ID=… node server.mjs [--port N]
//
// Prints DASHBOARD_URL=http://127.0.0.1:PORT/ when it listens (loopback only).
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HomeComClient, operations } from 'homecom-partner';

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = join(here, '..', '..', 'bindings-wasm', 'pkg');
const { HOMECOM_BASE_URL: apiBase, HOMECOM_API_KEY: apiKey, HOMECOM_USER_ID: userId } = process.env;
if (!apiBase || !apiKey || !userId) {
  console.error('set HOMECOM_BASE_URL, HOMECOM_API_KEY and HOMECOM_USER_ID (e.g. from homecom-sim)');
  process.exit(2);
}
const portArg = process.argv.indexOf('--port');
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 8090;

// Direct mode: the backend holds the key. The core checks it (and the URL) at construction.
const api = new HomeComClient({ baseUrl: apiBase, apiKey, userId });
const company = await api.getCurrentApiKey();

// The operation table as route patterns: what the page may call through the proxy.
const routes = operations().map((op) => ({
  method: op.method,
  pattern: new RegExp(`^${op.path.replace(/\{[A-Za-z]+\}/g, '[^/]+')}$`),
}));

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };

async function serveFile(res, root, relative) {
  const path = normalize(join(root, relative));
  if (!path.startsWith(root)) return void res.writeHead(403).end();
  try {
    const body = await readFile(path);
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
}

async function forward(req, res, path) {
  if (!routes.some((r) => r.method === req.method && r.pattern.test(path.split('?')[0]))) {
    return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"status":404,"error":"Not Found","message":"not an operation"}');
  }
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const headers = { 'x-api-key': apiKey, 'x-user-id': userId, accept: 'application/json' };
  for (const name of ['content-type', 'x-api-version']) if (req.headers[name]) headers[name] = req.headers[name];
  const upstream = await fetch(`${apiBase}${path}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
  const out = {};
  for (const name of ['content-type', 'x-request-id', 'x-api-version', 'retry-after']) {
    const value = upstream.headers.get(name);
    if (value) out[name] = value;
  }
  res.writeHead(upstream.status, out).end(Buffer.from(await upstream.arrayBuffer()));
}

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname.startsWith('/homecom/')) return await forward(req, res, url.pathname.slice('/homecom'.length) + url.search);
    if (url.pathname.startsWith('/pkg/')) return await serveFile(res, pkgDir, url.pathname.slice('/pkg/'.length));
    // Who is logged in (a real backend takes it from its session). The page sends it as
    // x-user-id because the core requires one for remote control; the proxy sets its own.
    if (url.pathname === '/config.json') {
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ companyId: company.companyId, userId }));
    }
    return await serveFile(res, join(here, 'public'), url.pathname === '/' ? 'index.html' : url.pathname);
  } catch (error) {
    res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 502, error: 'Bad Gateway', message: String(error) }));
  }
});
server.listen(port, '127.0.0.1', () => {
  console.log(`DASHBOARD_URL=http://127.0.0.1:${server.address().port}/`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
