import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { startSimulators, type Simulators } from '../../src/vendors/simulators.js';
import { buildGateway, ROOT, simulatorEnv, spawnGateway, type GatewayProcess } from '../helpers/processes.js';

// The built gateway as production runs it, in a child process: SIGTERM makes /ready fail, lets
// the requests in flight finish within SHUTDOWN_DRAIN_MS, refuses new connections, exits 0.

const SLOW_QUERY = `{ publishers(first: 1) { totalCount } }`;

let sims: Simulators;
beforeAll(async () => {
  [sims] = await Promise.all([startSimulators(), buildGateway()]);
}, 240_000);
afterAll(() => sims?.stop());

test('SIGTERM: /ready turns 503, the request in flight completes with data, new connections are refused, exit 0', async () => {
  const gateway = await spawnGateway({ ...simulatorEnv(sims), LOG_LEVEL: 'info', SHUTDOWN_DRAIN_MS: '15000' });
  try {
    expect((await fetch(new URL('ready', gateway.url))).status).toBe(200);
    sims.integr8.clearRequests();
    sims.integr8.injectFault({ path: '/api/v2/publishers', delayMs: 2500 });
    const inFlight = post(gateway, SLOW_QUERY);
    await eventually(() => sims.integr8.requests().length > 0);
    const signalled = Date.now();
    gateway.child.kill('SIGTERM');
    await eventually(() => /SIGTERM: shutting down/.test(gateway.output()));

    // During the drain: not ready (a load balancer stops sending), but still answering.
    const ready = await fetch(new URL('ready', gateway.url));
    expect({ status: ready.status, body: await ready.json(), connection: ready.headers.get('connection') }).toMatchObject({
      status: 503,
      body: { status: 'shutting-down' },
      connection: 'close',
    });
    expect(await inFlight).toEqual({ status: 200, body: { data: { publishers: { totalCount: expect.any(Number) } } } });

    expect(await gateway.exited).toEqual({ code: 0, signal: null });
    // It waited for the request, not for the whole drain time.
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(gateway.output()).toMatch(/every request in flight finished/);
    await expect(fetch(new URL('ready', gateway.url))).rejects.toThrow();
  } finally {
    await gateway.stop();
  }
}, 60_000);

test('a request still in flight when SHUTDOWN_DRAIN_MS is over is cut, and the process still exits 0', async () => {
  const gateway = await spawnGateway({ ...simulatorEnv(sims), LOG_LEVEL: 'info', SHUTDOWN_DRAIN_MS: '300' });
  try {
    sims.integr8.clearRequests();
    sims.integr8.injectFault({ path: '/api/v2/publishers', delayMs: 3000 });
    const inFlight = post(gateway, SLOW_QUERY).catch((error: Error) => error);
    await eventually(() => sims.integr8.requests().length > 0);
    const signalled = Date.now();
    gateway.child.kill('SIGTERM');
    expect(await gateway.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalled).toBeLessThan(4000);
    expect(await inFlight).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    expect(gateway.output()).toMatch(/1 request\(s\) still in flight after 300 ms were cut/);
  } finally {
    await gateway.stop();
  }
}, 60_000);

test('npm start leaves no gateway running once npm gets SIGTERM: the start script execs node', async () => {
  const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  expect(scripts.start).toBe('exec node dist/src/index.js');
  // --ignore-scripts skips prestart (the build, done above): the start script itself is what runs.
  const npm = await spawnGateway(
    { ...simulatorEnv(sims), SHUTDOWN_DRAIN_MS: '2000' },
    { file: 'npm', args: ['start', '--ignore-scripts', '--silent'] },
  );
  try {
    const gateways = descendants(npm.child.pid!).filter((pid) => commandLine(pid).includes('dist/src/index.js'));
    expect(gateways).toHaveLength(1);
    npm.child.kill('SIGTERM');
    await npm.exited;
    await eventually(() => !alive(gateways[0]), 10_000);
    await expect(fetch(new URL('ready', npm.url))).rejects.toThrow();
  } finally {
    await npm.stop();
  }
}, 60_000);

test('the production start needs no dev dependency: the build imports only dependencies and Node built-ins', () => {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const allowed = new Set([...Object.keys(manifest.dependencies), ...builtinModules]);
  // Loaded only for LOG_FORMAT=pretty, and optional: without it the log stays JSON (src/log.ts).
  const optional = new Set(['pino-pretty']);
  const imported = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.js')) {
        const code = readFileSync(file, 'utf8');
        // Statements at the start of a line (tsc's output), `import('x')` anywhere; comments are not code.
        const statements = code.replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
        for (const match of statements.matchAll(
          /^(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|^import\s*['"]([^'"]+)['"]/gm,
        )) {
          const specifier = match[1] ?? match[2] ?? match[3];
          if (specifier.startsWith('.')) continue;
          const name = specifier.startsWith('node:')
            ? specifier.slice(5)
            : specifier
                .split('/')
                .slice(0, specifier.startsWith('@') ? 2 : 1)
                .join('/');
          imported.set(name, path.relative(ROOT, file));
        }
      }
    }
  };
  walk(path.join(ROOT, 'dist/src'));
  const outside = [...imported].filter(([name]) => !allowed.has(name) && !optional.has(name));
  expect(outside).toEqual([]);
  expect(imported.has('@apollo/server')).toBe(true);
});

// Private:

async function post(gateway: GatewayProcess, query: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return { status: response.status, body: await response.json() };
}

async function eventually(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The processes below `pid` (from /proc), children first. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // `pid (comm) state ppid ...`; comm may hold spaces and parentheses, so read after the last `)`.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of parents) {
      if (ppid !== parent) continue;
      found.push(child);
      walk(child);
    }
  };
  walk(pid);
  return found;
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
