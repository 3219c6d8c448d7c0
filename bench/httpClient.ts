/**
 * Bench section: what one upstream call costs in the gateway's HTTP client (src/vendors/restClient.ts,
 * on got) against node:http making the same call, in this process, against a local server that
 * answers a small fixed JSON body. Both sides' CPU is counted (the server's is the same for both), so
 * the difference is the client's own. Called from run.ts; asserts nothing.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Keyv from 'keyv';
import { GatewayCache } from '../src/cache/index.js';
import { RestClient } from '../src/vendors/restClient.js';
import { createChannel } from '../src/vendors/resilience.js';
import { median, ratio, table } from './stats.js';

/** Rounds of CALLS calls per client, interleaved; the median round counts. */
const ROUNDS = 30;
const CALLS = 300;
const BODY = JSON.stringify({ data: { id: 1, name: 'Harborline Digital', email: 'ops@harborline.example', status: 'active' } });

export async function benchHttpClient(section: (title: string) => void): Promise<void> {
  const server = http.createServer((req, res) => {
    req.resume();
    res.setHeader('content-type', 'application/json');
    res.end(BODY);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const channel = createChannel({ concurrency: 10, failures: 1000, cooldownMs: 1000 });
    const client = new RestClient({
      vendor: 'INTEGR8',
      baseUrl: base,
      pathPrefix: '/api/v2',
      credential: 'bench-key',
      authHeaders: (key) => ({ authorization: `Bearer ${key}` }),
      timeoutMs: 10_000,
      cache: new GatewayCache(new Keyv(), { entity: 0, list: 0, report: 0, clickStream: 0, export: 0, cursor: 0 }),
      channel,
      retry: { retries: 0, baseDelayMs: 100, budgetMs: 10_000 },
    });
    const clients: Record<string, () => Promise<unknown>> = {
      'the gateway (RestClient on got)': () => client.send({ method: 'GET', path: '/publishers/5', searchParams: { include: 'manager' } }),
      'node:http, keep-alive': () => plainGet(`${base}/api/v2/publishers/5?include=manager`, channel.agent.http),
    };
    const rounds: Record<string, number[]> = Object.fromEntries(Object.keys(clients).map((name) => [name, []]));
    for (const call of Object.values(clients)) for (let i = 0; i < 1000; i++) await call();
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, call] of Object.entries(clients)) {
        const before = process.cpuUsage();
        for (let i = 0; i < CALLS; i++) await call();
        const used = process.cpuUsage(before);
        rounds[name].push((used.user + used.system) / 1000 / CALLS);
      }
    }
    const [ours, plain] = Object.values(rounds).map(median);
    section(`11b. One upstream call's CPU (client and a local server, in this process), ${ROUNDS} rounds of ${CALLS} calls, interleaved`);
    console.log(
      table(
        ['client', 'CPU per call ms', 'vs node:http'],
        Object.entries(rounds).map(([name, values]) => [name, median(values).toFixed(3), ratio(median(values), plain)]),
      ),
    );
    console.log(`The gateway's client adds ${(ours - plain).toFixed(3)} ms of CPU to every upstream call (got's options, hooks and streams).`);
  } finally {
    server.close();
  }
}

function plainGet(url: string, agent: http.Agent): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { agent, headers: { authorization: 'Bearer bench-key', 'user-agent': 'affiliate-gateway/0.1' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
