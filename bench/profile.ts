/**
 * Bench section: where the gateway's CPU goes. A gateway child runs under V8's sampling profiler
 * (`--cpu-prof`) while this process sends each operation's requests; every sample taken in an
 * operation's time window is charged to one share by the frames on its stack. It says why a
 * CPU / floor ratio is what it is: how much is the floor itself (JSON.parse of the vendor bodies,
 * JSON.stringify of the response), how much Node's HTTP, got, GraphQL, the gateway's own code, GC.
 * Called from overhead.ts; asserts nothing.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startGatewayChild } from './processes.js';
import { table } from './stats.js';

/** The shares, in the order they are printed. */
export const SHARES = ['parse', 'stringify', 'node', 'got', 'graphql', 'gateway', 'libraries', 'gc', 'v8'] as const;
export type Share = (typeof SHARES)[number];

const SHARE_HEADERS: Record<Share, string> = {
  parse: 'JSON.parse in',
  stringify: 'JSON.stringify out',
  node: 'Node HTTP + I/O',
  got: 'got',
  graphql: 'Apollo + GraphQL',
  gateway: 'gateway src/',
  libraries: 'other libs',
  gc: 'GC',
  v8: 'V8 other',
};

/** The parts of a V8 `.cpuprofile` read here. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A span of the profiled process's monotonic clock, in µs (V8's profile clock; `process.hrtime` reads the same one). */
export interface Window {
  from: number;
  to: number;
}

/** Busy µs in `window` and how they split into shares (idle samples are left out). */
export interface Breakdown {
  busyUs: number;
  us: Record<Share, number>;
}

/** Packages whose frames are got's own work (got and the packages it calls). */
const GOT_PACKAGES = new Set([
  'got',
  '@sindresorhus',
  '@szmarczak',
  'p-cancelable',
  'cacheable-request',
  'cacheable-lookup',
  'http2-wrapper',
  'lowercase-keys',
  'responselike',
  'decompress-response',
  'mimic-response',
  'defer-to-connect',
  'form-data-encoder',
  'get-stream',
  'normalize-url',
  'byte-counter',
  'chunk-data',
  'uint8array-extras',
]);
/** Packages that parse, validate, execute and answer GraphQL requests. */
const GRAPHQL_PACKAGES = new Set(['@apollo', 'graphql', 'graphql-jit', 'negotiator', '@graphql-tools', '@escape.tech', 'graphql-query-complexity']);

/**
 * Charges every sample inside `window` to a share. The floor's two shares go by the stack: a sample
 * under the RestClient's `jsonBody` or got's `parseBody` (each decodes the bytes and calls
 * JSON.parse, inlined into it) is `parse`, one under Apollo's `prettyJSONStringify` is `stringify`.
 * Every other sample goes by its own frame, or for a built-in by its nearest caller with a script.
 */
export function breakdown(profile: CpuProfile, window: Window): Breakdown {
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const frameOf = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const shareOf = new Map<number, Share | 'idle'>();
  const classify = (id: number): Share | 'idle' => {
    let share = shareOf.get(id);
    if (share) return share;
    for (let at: number | undefined = id; at !== undefined && !share; at = parentOf.get(at)) share = floorShare(frameOf.get(at)!);
    if (!share) {
      // A built-in or binding (no script: a regular expression, a socket write) is charged to its caller's script.
      let frame = id;
      while (frameOf.get(frame)!.url === '' && parentOf.has(frame) && !SPECIAL.has(frameOf.get(frame)!.functionName)) frame = parentOf.get(frame)!;
      share = frameShare(frameOf.get(frame)!);
    }
    shareOf.set(id, share);
    return share;
  };
  const us = Object.fromEntries(SHARES.map((share) => [share, 0])) as Record<Share, number>;
  let busyUs = 0;
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    if (at < window.from || at > window.to) continue;
    // A sample's time is the delta to the next one, V8's own attribution.
    const delta = profile.timeDeltas[i + 1] ?? 0;
    const share = classify(profile.samples[i]);
    if (share === 'idle') continue;
    us[share] += delta;
    busyUs += delta;
  }
  return { busyUs, us };
}

/** The floor share a frame's samples (and its callees') belong to, if any. */
function floorShare({ functionName, url }: { functionName: string; url: string }): Share | undefined {
  if (functionName === 'jsonBody' && url.endsWith('/vendors/restClient.js')) return 'parse';
  if (functionName === 'parseBody' && url.includes('/node_modules/got/')) return 'parse';
  return functionName === 'prettyJSONStringify' ? 'stringify' : undefined;
}

/** V8's own pseudo-frames, which have no caller to charge. */
const SPECIAL = new Set(['(idle)', '(garbage collector)', '(program)', '(root)']);

/** The share of one frame, by its function and script. */
export function frameShare({ functionName, url }: { functionName: string; url: string }): Share | 'idle' {
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(garbage collector)') return 'gc';
  if (functionName === '(program)' || url.startsWith('wasm://')) return 'v8';
  // Node's own modules (sockets, HTTP parsing, streams, buffers), and built-ins no script called.
  if (url === '' || url.startsWith('node:')) return 'node';
  const inModules = url.lastIndexOf('/node_modules/');
  if (inModules >= 0) {
    const [scope, name] = url.slice(inModules + '/node_modules/'.length).split('/');
    const pkg = scope.startsWith('@') && !GOT_PACKAGES.has(scope) && !GRAPHQL_PACKAGES.has(scope) ? `${scope}/${name}` : scope;
    if (GOT_PACKAGES.has(pkg)) return 'got';
    if (GRAPHQL_PACKAGES.has(pkg)) return 'graphql';
    return 'libraries';
  }
  return 'gateway';
}

/** One operation to profile: `warm` requests outside its window, then `requests` inside it, one at a time. */
export interface ProfiledOperation {
  label: string;
  /** Sends one request to the gateway at `url`. */
  send(url: string): Promise<unknown>;
  warm: number;
  requests: number;
}

/**
 * Runs a gateway child with `env` under the profiler, sends each operation's requests in turn and
 * returns each operation's breakdown per request.
 */
export async function profileGateway(env: NodeJS.ProcessEnv, operations: readonly ProfiledOperation[]): Promise<Breakdown[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gateway-profile-'));
  try {
    const gateway = await startGatewayChild(env, undefined, ['--cpu-prof', '--cpu-prof-interval=250', `--cpu-prof-dir=${dir}`]);
    const windows: Window[] = [];
    try {
      for (const op of operations) {
        for (let i = 0; i < op.warm; i++) await op.send(gateway.url);
        const from = nowUs();
        for (let i = 0; i < op.requests; i++) await op.send(gateway.url);
        windows.push({ from, to: nowUs() });
      }
    } finally {
      // The profile is written when the process exits.
      await gateway.stop();
    }
    const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
    if (!file) throw new Error('the profiled gateway wrote no .cpuprofile');
    const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
    return windows.map((window, index) => {
      const { busyUs, us } = breakdown(profile, window);
      const requests = operations[index].requests;
      return { busyUs: busyUs / requests, us: Object.fromEntries(SHARES.map((share) => [share, us[share] / requests])) as Record<Share, number> };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The breakdowns as a table: CPU per request, then each share in % of it. */
export function breakdownTable(labels: readonly string[], breakdowns: readonly Breakdown[]): string {
  return table(
    ['operation', 'profiled CPU ms', ...SHARES.map((share) => SHARE_HEADERS[share]), 'floor share', 'CPU / floor without src/'],
    breakdowns.map(({ busyUs, us }, index) => {
      const floor = us.parse + us.stringify;
      return [
        labels[index],
        (busyUs / 1000).toFixed(2),
        ...SHARES.map((share) => percent(us[share], busyUs)),
        percent(floor, busyUs),
        floor > 0 ? `${((busyUs - us.gateway) / floor).toFixed(1)}x` : '-',
      ];
    }),
  );
}

function percent(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '-';
}

function nowUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}
