/**
 * A gateway of the build (dist/src/index.js, next to this file's dist/bench/) in a child process,
 * for the figures that must not count the simulators' or the client's work: its memory and CPU
 * come from /proc (Linux).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface GatewayChild {
  url: string;
  pid?: number;
  /** Its resident set size now (bytes); undefined off Linux. */
  rss(): number | undefined;
  /** User plus system CPU it has used so far, in ms (10 ms ticks); undefined off Linux. */
  cpuMs(): number | undefined;
  stop(): Promise<void>;
}

/**
 * Starts a gateway process with `env` on top of this process's environment and resolves once it
 * prints its URL. Each line it writes to stderr goes to `onLog`; `nodeArgs` go to node before the
 * entry (`--cpu-prof`, which NODE_OPTIONS does not take).
 */
export function startGatewayChild(
  env: NodeJS.ProcessEnv,
  onLog: (line: string) => void = () => {},
  nodeArgs: readonly string[] = [],
): Promise<GatewayChild> {
  // Links in memory unless `env` says otherwise: PGlite serves one process, and the bench and load run several.
  return startChild(
    new URL('../src/index.js', import.meta.url),
    { PARTNER_LINKS_DIR: 'memory', ...env },
    /is ready: open (http:\/\/[^\s/]+\/)/,
    onLog,
    nodeArgs,
  );
}

/**
 * Starts the bare proxy of bench/proxy.ts, which answers each request from `plan` (a file, see
 * there) with no GraphQL at all: the transport any gateway pays, measured like the gateway.
 */
export function startProxyChild(plan: string): Promise<GatewayChild> {
  // --expose-gc: its JSON floor rounds start from a collected heap.
  return startChild(new URL('./proxy.js', import.meta.url), { PROXY_PLAN: plan }, /proxy ready: (http:\/\/[^\s/]+\/)/, undefined, ['--expose-gc']);
}

/** A process's resident set size from /proc (Linux), in bytes. */
export function processRss(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const kib = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib === undefined ? undefined : Number(kib) * 1024;
  } catch {
    return undefined;
  }
}

// Private:

/** Spawns `entry` with node and resolves with the URL it prints (the first group of `ready`). */
async function startChild(
  entry: URL,
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  onLog: (line: string) => void = () => {},
  nodeArgs: readonly string[] = [],
): Promise<GatewayChild> {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, fileURLToPath(entry)], {
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let pending = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop()!;
    for (const line of lines) if (line.trim()) onLog(line);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`a child process did not start within 60 s:\n${stdout}`)), 60_000);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const found = ready.exec(stdout)?.[1];
      if (!found) return;
      clearTimeout(timer);
      resolve(found);
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`a child process exited before it was ready (is dist/ built?):\n${stdout}`));
    });
  });
  return {
    url,
    pid: child.pid,
    rss: () => processRss(child.pid),
    cpuMs: () => processCpuMs(child.pid),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A process's user + system CPU from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 10 ms). */
function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after it are plain.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}
