/**
 * Structured logs: pino, one JSON line per event on stderr (`{"level":"info","time":"...",
 * "requestId":"...",...fields,"message":"..."}`), or human-readable lines with LOG_FORMAT=pretty.
 * Callers pass facts, never credentials; vendor identities appear only as credential hashes, and
 * the headers that carry credentials are redacted by configuration wherever a caller logs them.
 * A line written while a request runs carries its `requestId`. Quiet under jest unless LOG_LEVEL
 * is set.
 */
import { pino, type Logger } from 'pino';
import type { prettyFactory } from 'pino-pretty';
import { LOG_LEVELS, type LogLevel } from './config.js';
import { requestScope } from './requestScope.js';
import { VENDORS, vendorKeys } from './vendors/registry.js';

type Level = LogLevel;
type Sink = (line: string) => void;

const LEVELS: readonly Level[] = LOG_LEVELS;

/** What replaces a redacted value. */
export const REDACTED = '[redacted]';

let level: Level = initialLevel(process.env.LOG_LEVEL);
let sink: Sink = (line) => void process.stderr.write(line);
/** Made on first use: the redaction paths read the vendor registry, which is not loaded yet when this module is. */
let logger: Logger | undefined;

/** Changes the level and, for tests, where lines go (one JSON line per call of `sink`). */
export function configureLog(options: { level?: Level; sink?: Sink }): void {
  if (options.level) {
    level = options.level;
    if (logger) logger.level = level;
  }
  if (options.sink) sink = options.sink;
}

/**
 * Applies the configuration's LOG_LEVEL and LOG_FORMAT (at start-up). `pretty` formats lines with
 * pino-pretty, a dev dependency loaded only then: when a production install lacks it, lines stay
 * JSON and one warning says so. `io` is for tests: where pretty text goes (stderr) and how
 * pino-pretty is loaded.
 */
export async function applyLogConfig(
  options: { level: Level; format: 'json' | 'pretty' },
  io: { write?: (text: string) => void; loadPretty?: () => Promise<{ prettyFactory: typeof prettyFactory }> } = {},
): Promise<void> {
  const { write = (text) => void process.stderr.write(text), loadPretty = () => import('pino-pretty') } = io;
  configureLog({ level: options.level });
  if (options.format !== 'pretty') return;
  let prettify: (line: string) => string;
  try {
    const { prettyFactory } = await loadPretty();
    prettify = prettyFactory({ messageKey: 'message', colorize: io.write ? false : process.stderr.isTTY, translateTime: 'SYS:HH:MM:ss.l' });
  } catch (error) {
    log.warn('LOG_FORMAT=pretty needs pino-pretty (a dev dependency), which is not installed; logging JSON lines', {
      error: error instanceof Error ? error.message : String(error),
    });
    return;
  }
  configureLog({ sink: (line) => write(prettify(line)) });
}

/**
 * The header names that carry credentials, lower case and as the vendors spell them: the
 * gateway's own keys, each vendor's auth headers and its tenant header.
 */
export function credentialHeaders(): string[] {
  const names = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'api-key', 'x-eflow-api-key']);
  for (const key of vendorKeys()) {
    const entry = VENDORS[key];
    names.add(entry.tenantHeader);
    for (const header of Object.keys(entry.authHeaders('x'))) names.add(header).add(header.toLowerCase());
  }
  return [...names];
}

export const log = {
  debug: (message: string, fields?: Record<string, unknown>) => write('debug', message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write('info', message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write('warn', message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write('error', message, fields),
};

// Private:

function write(at: Exclude<Level, 'silent'>, message: string, fields: Record<string, unknown> = {}): void {
  if (level === 'silent') return;
  (logger ??= createLogger())[at](fields, message);
}

function createLogger(): Logger {
  // Headers as a caller might log them: `headers`, or one level down (`request.headers`).
  const paths = credentialHeaders().flatMap((name) => [`headers[${JSON.stringify(name)}]`, `*.headers[${JSON.stringify(name)}]`]);
  return pino(
    {
      level,
      base: null,
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...paths, 'credential', '*.credential', 'password', '*.password'], censor: REDACTED },
      mixin: () => {
        const requestId = requestScope.getStore()?.requestId;
        return requestId ? { requestId } : {};
      },
    },
    // Through `sink`, looked up per line, so that tests can swap it.
    { write: (line: string) => sink(line) },
  );
}

function initialLevel(env: string | undefined): Level {
  if (env && (LEVELS as readonly string[]).includes(env)) return env as Level;
  return process.env.JEST_WORKER_ID ? 'silent' : 'info';
}
