/**
 * The bench's bare proxy (run by bench/processes.ts): node:http in, node:http out, no GraphQL.
 * For request `/<n>` it makes the upstream calls of entry n of the plan (the JSON file
 * PROXY_PLAN names: the calls the gateway made for that operation, and the gateway's answer),
 * one after another over keep-alive connections, reads each body whole, then sends the
 * gateway's answer bytes. Its CPU and added latency are what the transport alone costs any
 * HTTP-to-HTTP gateway on this machine, measured next to the gateway's in the same run.
 *
 * `/floor/<n>?rounds=<r>` times entry n's JSON floor here: JSON.parse of the bodies its upstream
 * calls answer plus JSON.stringify of the parsed answer, each round after a full GC (the proxy runs
 * with --expose-gc); it answers `{"ms": [...], "bytesIn": n}` (the bodies' length). Timed in a
 * process as lean as the gateway's: the bench's own, which holds the simulators' data, parses the
 * same bodies slower.
 */
import http from 'node:http';
import { readFileSync } from 'node:fs';

/** One entry of the plan. */
export interface ProxyPlanEntry {
  calls: { url: string; method: string; headers: Record<string, string>; body?: string }[];
  response: string;
}

const plan = JSON.parse(readFileSync(process.env.PROXY_PLAN!, 'utf8')) as ProxyPlanEntry[];
const agent = new http.Agent({ keepAlive: true });

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const floor = /^\/floor\/(\d+)\?rounds=(\d+)$/.exec(req.url!);
    if (floor) void timeFloor(plan[Number(floor[1])], Number(floor[2]), res);
    else void answer(plan[Number(req.url!.slice(1))], res);
  });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  console.log(`proxy ready: http://127.0.0.1:${port}/`);
});
process.on('SIGTERM', () => process.exit(0));

async function answer(entry: ProxyPlanEntry, res: http.ServerResponse): Promise<void> {
  for (const call of entry.calls) await fetchBody(call);
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(entry.response) });
  res.end(entry.response);
}

async function timeFloor(entry: ProxyPlanEntry, rounds: number, res: http.ServerResponse): Promise<void> {
  const bodies: string[] = [];
  for (const call of entry.calls) bodies.push((await fetchBody(call)).toString('utf8'));
  const answer: unknown = JSON.parse(entry.response);
  const gc = (globalThis as { gc?: () => void }).gc;
  const ms: number[] = [];
  for (let round = 0; round < rounds; round++) {
    gc?.();
    const started = performance.now();
    for (const text of bodies) JSON.parse(text);
    JSON.stringify(answer);
    ms.push(performance.now() - started);
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ ms, bytesIn: bodies.reduce((sum, text) => sum + text.length, 0) }));
}

function fetchBody(call: ProxyPlanEntry['calls'][number]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = http.request(call.url, { method: call.method, headers: call.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve(Buffer.concat(chunks)));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(call.body);
  });
}
