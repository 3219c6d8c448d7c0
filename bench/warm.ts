/**
 * Bench section: throughput of a repeated query (issue 11, target 3). For each operation, in one
 * run: (a) a bare `node:http` server that answers the gateway's own response bytes, (b) the
 * gateway with a warm response cache, (c) the gateway with every cache off (TTLs 0), each under
 * the same load: `CONCURRENCY` keep-alive clients sending a fixed number of requests. The load
 * runs in a worker thread (the other core), so that the server side is what is measured; the
 * simulators run in this process, as in the rest of the bench. Called from run.ts; also runs on
 * its own (`node dist/bench/warm.js`). Asserts nothing but that every answer is the expected one.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { loadConfig } from '../src/config.js';
import { configureLog } from '../src/log.js';
import { startGateway, type Endpoints, type GatewayServer } from '../src/server.js';
import { INTEGR8_INTEGRATION_IDS } from '../src/simulators/integr8/index.js';
import { simulatorEndpoints, startSimulators, type Simulators } from '../src/vendors/simulators.js';
import { median, ratio, table } from './stats.js';
import { NO_CACHE_ENV } from './env.js';

/** Keep-alive clients sending at once. */
const CONCURRENCY = 32;
/** Requests per measured round, by variant: the cache-off gateway is two orders of magnitude slower. */
const REQUESTS = { bare: 6000, warm: 6000, off: 128 } as const;
/** Measured rounds per variant, interleaved; the median is reported. */
const ROUNDS = 3;

interface Operation {
  label: string;
  body: string;
}

/** What one round of load measured. */
interface LoadResult {
  requestsPerSecond: number;
  /** Answers whose status or bytes differed from the expected ones. */
  wrong: number;
}

/**
 * The section, numbered `number`: prints requests/s of the bare server, the warm gateway and the
 * cache-off gateway per operation, and the ratios warm/bare (target >= 0.5) and warm/off
 * (target >= 10). `gateways` collects the gateways started here, for the caller to stop.
 */
export async function benchWarm(sims: Simulators, endpoints: Endpoints, gateways: GatewayServer[], number: number): Promise<void> {
  const now = Math.floor(Date.now() / 1000) * 1000;
  const iso = (daysBack: number) => new Date(now - daysBack * 86_400_000).toISOString();
  const operations: Operation[] = [
    {
      label: '100 Integr8 publishers',
      body: JSON.stringify({ query: '{ publishers(first: 100) { totalCount nodes { id nativeId name country active timezone } } }' }),
    },
    {
      label: '100 Integr8 report clicks + offer/publisher',
      body: JSON.stringify({
        query:
          'query($q: ReportQuery!) { clicks(source: { integr8: $q }, first: 100) { totalCount nodes { nativeId status offer { name } publisher { name } } } }',
        variables: { q: { integrationId: INTEGR8_INTEGRATION_IDS[0], from: iso(30), to: iso(0) } },
      }),
    },
  ];
  const warm = await startGateway(loadConfig({ LOG_LEVEL: 'warn' }), endpoints, { port: 0 });
  gateways.push(warm);
  const off = await startGateway(loadConfig({ LOG_LEVEL: 'warn', ...NO_CACHE_ENV }), endpoints, { port: 0 });
  gateways.push(off);
  const rows: string[][] = [];
  for (const op of operations) {
    // The bytes every variant must answer: the cache-off gateway's, which are computed afresh.
    const expected = await post(off.url, op.body);
    if (expected.status !== 200 || expected.body.includes('"errors"'))
      throw new Error(`bench warm: ${op.label} failed: ${expected.body.slice(0, 300)}`);
    const bare = await bareServer(expected.body, expected.contentType);
    try {
      const variants = [
        { label: 'bare', url: bare.url, requests: REQUESTS.bare, results: [] as LoadResult[] },
        { label: 'warm', url: warm.url, requests: REQUESTS.warm, results: [] as LoadResult[] },
        { label: 'off', url: off.url, requests: REQUESTS.off, results: [] as LoadResult[] },
      ];
      // Warms the caches and the JIT of every variant before anything is timed.
      for (const variant of variants) await load(variant.url, op.body, expected.body, Math.min(variant.requests, 64));
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 === 0 ? variants : [...variants].reverse();
        for (const variant of order) variant.results.push(await load(variant.url, op.body, expected.body, variant.requests));
      }
      const [a, b, c] = variants.map((variant) => median(variant.results.map((result) => result.requestsPerSecond)));
      const wrong = variants.reduce((sum, variant) => sum + variant.results.reduce((n, result) => n + result.wrong, 0), 0);
      rows.push([
        op.label,
        String(expected.body.length),
        a.toFixed(0),
        b.toFixed(0),
        c.toFixed(0),
        ratio(b, a),
        b / a >= 0.5 ? 'yes' : 'NO',
        ratio(b, c),
        b / c >= 10 ? 'yes' : 'NO',
        String(wrong),
      ]);
    } finally {
      await bare.stop();
    }
  }
  console.log(
    `\n${number}. Warm path: requests/s of a repeated query, ${CONCURRENCY} keep-alive clients (a worker thread), median of ${ROUNDS} rounds interleaved`,
  );
  console.log(
    table(['operation', 'bytes', '(a) bare rps', '(b) warm rps', '(c) cache off rps', 'b/a', '>= 0.5', 'b/c', '>= 10', 'wrong answers'], rows),
  );
  console.log(
    `(a) node:http answering the same bytes, (b) the gateway answering from its response cache, (c) the gateway with every cache TTL 0;\n` +
      `requests per round: ${REQUESTS.bare} (a), ${REQUESTS.warm} (b), ${REQUESTS.off} (c). Server, gateways and simulators share this thread.`,
  );
}

// Private:

/** A bare node:http server that answers every request with `body`, once the request is read. */
async function bareServer(body: string, contentType: string): Promise<{ url: string; stop(): Promise<void> }> {
  const bytes = Buffer.from(body);
  const server = http.createServer((req, res) => {
    req.on('end', () => {
      res.writeHead(200, { 'content-type': contentType, 'content-length': bytes.length });
      res.end(bytes);
    });
    req.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One POST, with its status, content type and body. */
async function post(url: string, body: string): Promise<{ status: number; contentType: string; body: string }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: response.status, contentType: response.headers.get('content-type') ?? 'application/json', body: await response.text() };
}

/**
 * The load client, run in a worker thread: `concurrency` loops on a keep-alive agent, each
 * sending its next request when the last answer has been read, until `requests` have been sent.
 */
const CLIENT = `
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const { url, body, expected, requests, concurrency } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const target = new URL(url);
const length = Buffer.byteLength(body);
let sent = 0;
let wrong = 0;
function one() {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent,
        headers: { 'content-type': 'application/json', 'content-length': length } },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => {
          if (res.statusCode !== 200 || Buffer.concat(chunks).toString('utf8') !== expected) wrong++;
          resolve();
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
async function loop() {
  while (sent < requests) {
    sent++;
    await one();
  }
}
const started = performance.now();
Promise.all(Array.from({ length: concurrency }, loop)).then(
  () => {
    const seconds = (performance.now() - started) / 1000;
    agent.destroy();
    parentPort.postMessage({ requestsPerSecond: requests / seconds, wrong });
  },
  (error) => parentPort.postMessage({ error: String(error) }),
);
`;

function load(url: string, body: string, expected: string, requests: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(CLIENT, { eval: true, workerData: { url, body, expected, requests, concurrency: CONCURRENCY } });
    worker.once('message', (message: LoadResult & { error?: string }) => {
      void worker.terminate();
      if (message.error) reject(new Error(`bench warm: load failed: ${message.error}`));
      else resolve(message);
    });
    worker.once('error', reject);
  });
}

/** On its own: simulators and the section, nothing else. */
async function standalone(): Promise<void> {
  configureLog({ level: 'warn' });
  const sims = await startSimulators();
  const gateways: GatewayServer[] = [];
  try {
    await benchWarm(sims, simulatorEndpoints(sims), gateways, 1);
  } finally {
    await Promise.all(gateways.map((gateway) => gateway.stop()));
    await sims.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  standalone().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
