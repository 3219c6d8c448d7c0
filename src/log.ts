/**
 * Structured logs: one JSON line per event on stderr. Callers pass facts, never credentials;
 * vendor identities appear only as credential hashes. Quiet under jest unless LOG_LEVEL is set.
 */
type Level = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: Infinity };

let threshold = ORDER[(process.env.LOG_LEVEL as Level) ?? (process.env.JEST_WORKER_ID ? 'silent' : 'info')] ?? ORDER.info;
let sink: (line: string) => void = (line) => void process.stderr.write(line);

/** Changes the level and, for tests, where lines go. */
export function configureLog(options: { level?: Level; sink?: (line: string) => void }): void {
  if (options.level) threshold = ORDER[options.level];
  if (options.sink) sink = options.sink;
}

function write(level: Exclude<Level, 'silent'>, message: string, fields: Record<string, unknown> = {}): void {
  if (ORDER[level] < threshold) return;
  sink(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
}

export const log = {
  debug: (message: string, fields?: Record<string, unknown>) => write('debug', message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write('info', message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write('warn', message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write('error', message, fields),
};
