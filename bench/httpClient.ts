/**
 * Bench section: what one upstream call costs in the gateway's HTTP client (src/vendors/restClient.ts,
 * on got) against node:http making the same call, against a local server here that answers a small
 * fixed JSON body. Each client runs alone in a child process (bench/clientLoop.ts), rounds of the
 * two interleaved: its CPU per call, and the young-generation collections its own garbage caused,
 * whose pauses reach every request as latency. Called from run.ts; asserts nothing.
 */
import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ClientLoopResult } from './clientLoop.js';
import { median, ratio, table } from './stats.js';

/** Rounds per client (a process each), interleaved; the median round counts. */
const ROUNDS = 5;
const CALLS = 4000;
const BODY = JSON.stringify({ data: { id: 1, name: 'Harborline Digital', email: 'ops@harborline.example', status: 'active' } });
const CLIENTS = { got: 'the gateway (RestClient on got)', http: 'node:http, keep-alive' } as const;

export async function benchHttpClient(section: (title: string) => void): Promise<void> {
  const server = http.createServer((req, res) => {
    req.resume();
    res.setHeader('content-type', 'application/json');
    res.end(BODY);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const loop = fileURLToPath(new URL('./clientLoop.js', import.meta.url));
  const run = promisify(execFile);
  try {
    const rounds: Record<keyof typeof CLIENTS, ClientLoopResult[]> = { got: [], http: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const kind of Object.keys(CLIENTS) as (keyof typeof CLIENTS)[]) {
        const { stdout } = await run(process.execPath, [loop, kind, base, String(CALLS)]);
        rounds[kind].push(JSON.parse(stdout) as ClientLoopResult);
      }
    }
    const cpu = (kind: keyof typeof CLIENTS) => median(rounds[kind].map((r) => r.cpuMsPerCall));
    const pause = (kind: keyof typeof CLIENTS) => median(rounds[kind].map((r) => (r.scavenges ? r.scavengeMs / r.scavenges : 0)));
    const per1000 = (kind: keyof typeof CLIENTS) => median(rounds[kind].map((r) => (r.scavenges * 1000) / CALLS));
    const gcPerCall = (kind: keyof typeof CLIENTS) => median(rounds[kind].map((r) => r.scavengeMs / CALLS));
    section(`11b. One upstream call's CPU and garbage, each client alone in a process, ${ROUNDS} rounds of ${CALLS} calls, interleaved`);
    console.log(
      table(
        ['client', 'CPU per call ms', 'vs node:http', 'scavenges per 1000 calls', 'mean scavenge pause ms', 'scavenge ms per call', 'vs node:http'],
        (Object.keys(CLIENTS) as (keyof typeof CLIENTS)[]).map((kind) => [
          CLIENTS[kind],
          cpu(kind).toFixed(3),
          ratio(cpu(kind), cpu('http')),
          per1000(kind).toFixed(1),
          pause(kind).toFixed(2),
          gcPerCall(kind).toFixed(4),
          ratio(gcPerCall(kind), gcPerCall('http')),
        ]),
      ),
    );
    console.log(
      `The gateway's client adds ${(cpu('got') - cpu('http')).toFixed(3)} ms of CPU to every upstream call (got's options, hooks and streams),\n` +
        `and its scavenges pause ${ratio(pause('got'), pause('http'))} as long as node:http's: a pause grows with what survives it, and got's\n` +
        'per-call objects outlive several calls. A request that meets such a pause waits for it: they are the p99 of section 11.',
    );
  } finally {
    server.close();
  }
}
