/**
 * One client of bench section 11b in a process of its own (run by bench/httpClient.ts): `node
 * clientLoop.js <got|http> <base URL> <calls>` warms up, then makes `calls` sequential GETs of
 * one small JSON body and prints one JSON line: CPU per call, and the young-generation
 * collections (scavenges) the calls ran into. Alone in its process, a client's scavenges are
 * its own garbage's: their pause grows with what survives them.
 */
import http from 'node:http';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import Keyv from 'keyv';
import { GatewayCache } from '../src/cache/index.js';
import { RestClient } from '../src/vendors/restClient.js';
import { createChannel } from '../src/vendors/resilience.js';

/** What one run measured. */
export interface ClientLoopResult {
  cpuMsPerCall: number;
  scavenges: number;
  scavengeMs: number;
}

const [kind, base, callsText] = process.argv.slice(2);
const calls = Number(callsText);
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
const call =
  kind === 'got'
    ? () => client.send({ method: 'GET', path: '/publishers/5', searchParams: { include: 'manager' } })
    : () => plainGet(`${base}/api/v2/publishers/5?include=manager`, channel.agent.http);

for (let i = 0; i < 1000; i++) await call();
let scavenges = 0;
let scavengeMs = 0;
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if ((entry as { detail?: { kind?: number } }).detail?.kind !== constants.NODE_PERFORMANCE_GC_MINOR) continue;
    scavenges++;
    scavengeMs += entry.duration;
  }
});
observer.observe({ entryTypes: ['gc'] });
const before = process.cpuUsage();
for (let i = 0; i < calls; i++) await call();
const used = process.cpuUsage(before);
// GC entries are delivered after the collection: give the last ones a turn.
await new Promise((resolve) => setImmediate(resolve));
observer.disconnect();
const result: ClientLoopResult = { cpuMsPerCall: (used.user + used.system) / 1000 / calls, scavenges, scavengeMs };
console.log(JSON.stringify(result));
process.exit(0);

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
