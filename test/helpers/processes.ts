import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VENDORS, vendorKeys } from '../../src/vendors/registry.js';
import { SIMULATOR_KEYS, type Simulators } from '../../src/vendors/simulators.js';

/** The project's root directory. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The built gateway's entry point, as `npm start` runs it. */
export const BUILT_ENTRY = path.join(ROOT, 'dist/src/index.js');

/**
 * Makes sure dist/ holds a build of the current sources (`tsc -p tsconfig.build.json`, what `npm
 * run build` does) and returns the entry point. dist/ is reused when its stamp is newer than
 * every source; test files that call this at once build once (a lock directory; the others wait).
 */
export async function buildGateway(): Promise<string> {
  const stamp = path.join(ROOT, 'dist/.test-build-stamp');
  const lock = path.join(ROOT, 'dist/.test-build-lock');
  const fresh = () => existsSync(stamp) && existsSync(BUILT_ENTRY) && statSync(stamp).mtimeMs >= newestSource();
  const deadline = Date.now() + 180_000;
  while (!fresh()) {
    mkdirSync(path.dirname(lock), { recursive: true });
    let locked = false;
    try {
      mkdirSync(lock);
      locked = true;
    } catch {
      // Another test file is building; a lock left by a killed run is taken over after 3 minutes.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 180_000) rmSync(lock, { recursive: true, force: true });
    }
    if (locked) {
      try {
        const started = Date.now();
        const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
          cwd: ROOT,
          encoding: 'utf8',
        });
        if (!existsSync(BUILT_ENTRY)) throw new Error(`The build made no ${BUILT_ENTRY}:\n${tsc.stdout}${tsc.stderr}`);
        // A type error is npm test's typecheck to report; the emitted build still runs.
        if (tsc.status !== 0) console.log(`tsc reported errors (the build is used anyway):\n${tsc.stdout}`);
        writeFileSync(stamp, `built in ${Date.now() - started} ms\n`);
        // Dated from the build's start: a source saved during the build makes it stale.
        utimesSync(stamp, new Date(started), new Date(started));
        return BUILT_ENTRY;
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
    }
    if (Date.now() > deadline) throw new Error('Timed out waiting for another test file to build dist/');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return BUILT_ENTRY;
}

/** The environment that points every vendor of a gateway process at `sims` (their default keys), on 127.0.0.1 and a free port. */
export function simulatorEnv(sims: Simulators): NodeJS.ProcessEnv {
  // Links in memory: PGlite serves one process, and tests start several beside a developer's own gateway.
  const env: NodeJS.ProcessEnv = { HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', PARTNER_LINKS_DIR: 'memory' };
  for (const key of vendorKeys()) {
    env[VENDORS[key].env.baseUrl] = sims[key].url;
    env[VENDORS[key].env.credential] = SIMULATOR_KEYS[key];
  }
  return env;
}

/** A gateway running in a child process. */
export interface GatewayProcess {
  /** `http://127.0.0.1:<port>/`. */
  url: string;
  child: ChildProcess;
  /** Everything it wrote so far, stdout and stderr. */
  output(): string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL if it is still there after `graceMs`; resolves once it has ended. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Spawns `command` (by default node on the built entry) with `env` on top of this process's
 * environment, and resolves once it prints that it is ready (its URL), or rejects with its output.
 */
export function spawnGateway(
  env: NodeJS.ProcessEnv,
  command: { file: string; args: string[] } = { file: process.execPath, args: [BUILT_ENTRY] },
): Promise<GatewayProcess> {
  // Jest's own variables would make the child's log quiet and its config think it is a test.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('JEST') && name !== 'NODE_OPTIONS'));
  const child = spawn(command.file, command.args, { cwd: ROOT, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const stop = async (graceMs = 5000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => fail(new Error('did not get ready within 60 s')), 60_000);
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}; its output:\n${output}`));
    };
    const onData = () => {
      const url = /is ready: open (http:\/\/[^\s/]+\/)/.exec(output)?.[1];
      if (!url || settled) return;
      settled = true;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve({ url, child, output: () => output, exited, stop });
    };
    child.stdout!.on('data', onData);
    void exited.then(({ code, signal }) => fail(new Error(`exited (${code ?? signal}) before it was ready`)));
  });
}

// Private:

/** The newest modification time of what the build reads: src/, bench/, schema/, the tsconfigs and package.json. */
function newestSource(): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of ['src', 'bench', 'schema']) walk(path.join(ROOT, dir));
  for (const file of ['tsconfig.json', 'tsconfig.build.json', 'package.json']) newest = Math.max(newest, statSync(path.join(ROOT, file)).mtimeMs);
  return newest;
}
