/**
 * Structured logs through real HTTP: the access-log line of a request, the request id from
 * `X-Request-Id` to the response and every line of the request, and no credential in any line.
 */
import { applyLogConfig, configureLog, credentialHeaders, log } from '../../src/log.js';
import { SIMULATOR_KEYS, startSimulators, type Simulators } from '../../src/vendors/simulators.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

/** A tenant's own credentials, sent in the tenant headers. */
const TENANT = { everflow: 'tenant-everflow-key-1', irev: 'tenant-irev-token-1', integr8: 'tenant-integr8-key-1' };
const GATEWAY_KEY = 'gateway-key-0123456789abcdef';
const SECRETS = [...Object.values(SIMULATOR_KEYS), ...Object.values(TENANT), GATEWAY_KEY];
const PUBLISHERS = `query Publishers { publishers(first: 3) { nodes { nativeId } } }`;

let sims: Simulators;
let gw: TestGateway;
let lines: string[] = [];

beforeAll(async () => {
  sims = await startSimulators({ extraKeys: { everflow: [TENANT.everflow], irev: [TENANT.irev], integr8: [TENANT.integr8] } });
  gw = await startTestGateway({ sims, env: { GATEWAY_API_KEYS: GATEWAY_KEY } });
});
afterAll(async () => {
  await gw.stop();
  await sims.stop();
});
beforeEach(() => {
  lines = [];
  configureLog({ level: 'debug', sink: (line) => void lines.push(line) });
});
afterEach(() => configureLog({ level: 'silent', sink: (line) => void process.stderr.write(line) }));

/** The lines written, parsed, each without its time (checked to be an ISO instant). */
function logged(): Record<string, unknown>[] {
  return lines.map((line) => {
    expect(line.endsWith('\n')).toBe(true);
    const { time, ...rest } = JSON.parse(line);
    expect(new Date(time).toISOString()).toBe(time);
    return rest;
  });
}

async function post(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(gw.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${GATEWAY_KEY}`, ...headers },
    body: JSON.stringify(body),
  });
}

/** The access-log line is written when the response closes, a moment after the client has it. */
async function accessLines(): Promise<Record<string, unknown>[]> {
  for (let i = 0; i < 50 && !logged().some((line) => line.message === 'request'); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  return logged().filter((line) => line.message === 'request');
}

test('one access-log line per request: operation, status, duration, upstream calls, cache hits and misses', async () => {
  const first = await post({ query: PUBLISHERS }, { 'x-request-id': 'req-first-1' });
  expect(first.status).toBe(200);
  expect(await accessLines()).toEqual([
    {
      level: 'info',
      requestId: 'req-first-1',
      method: 'POST',
      path: '/',
      status: 200,
      operation: 'Publishers',
      durationMs: expect.any(Number),
      upstreamCalls: 1,
      cacheHits: 0,
      cacheMisses: 1,
      message: 'request',
    },
  ]);
  lines = [];
  await (await post([{ query: PUBLISHERS }, { query: '{ __typename }' }], { 'x-request-id': 'req-batch-2' })).text();
  expect(await accessLines()).toEqual([
    expect.objectContaining({ requestId: 'req-batch-2', operation: expect.stringMatching(/^(Publishers,anonymous|anonymous,Publishers)$/) }),
  ]);
  expect((await accessLines())[0]).toMatchObject({ upstreamCalls: 0, cacheHits: 1, cacheMisses: 0 });
  // A request refused before GraphQL has its line too.
  lines = [];
  const refused = await fetch(gw.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': 'req-refused-3' },
    body: '{}',
  });
  expect(refused.status).toBe(401);
  expect(await accessLines()).toEqual([
    {
      level: 'info',
      requestId: 'req-refused-3',
      method: 'POST',
      path: '/',
      status: 401,
      operation: null,
      durationMs: expect.any(Number),
      upstreamCalls: 0,
      cacheHits: 0,
      cacheMisses: 0,
      message: 'request',
    },
  ]);
});

test('the X-Request-Id round trip: kept when valid, made when absent or invalid, in the answer and every line of the request', async () => {
  const given = await post({ query: `query Users { users(first: 2) { totalCount } }` }, { 'x-request-id': 'trace me/42' });
  expect(given.headers.get('x-request-id')).toBe('trace me/42');
  await accessLines();
  const lineIds = logged().map((line) => line.requestId);
  // At debug level: the upstream call's line and the access-log line, both with the id.
  expect(logged().map((line) => line.message)).toEqual(['upstream call', 'request']);
  expect(lineIds).toEqual(['trace me/42', 'trace me/42']);

  // Too long, a control character, not ASCII, or absent: a new UUID.
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  for (const bad of ['x'.repeat(129), 'tab\there', 'ünïcode']) {
    const response = await fetch(new URL('/health', gw.url), { headers: { 'x-request-id': bad } });
    expect(response.headers.get('x-request-id')).toMatch(uuid);
  }
  expect((await post({ query: '{ __typename }' })).headers.get('x-request-id')).toMatch(uuid);
  // Operational endpoints are logged at debug level, with their id too.
  lines = [];
  const health = await fetch(new URL('/health', gw.url), { headers: { 'x-request-id': 'probe-1' } });
  expect(health.headers.get('x-request-id')).toBe('probe-1');
  expect(await accessLines()).toEqual([
    expect.objectContaining({ level: 'debug', requestId: 'probe-1', path: '/health', status: 200, operation: null }),
  ]);
});

test('no credential in any line, and credential headers are redacted wherever a caller logs them', async () => {
  const tenantHeaders = { 'x-everflow-api-key': TENANT.everflow, 'x-irev-api-token': TENANT.irev, 'x-integr8-api-key': TENANT.integr8 };
  await (await post({ query: PUBLISHERS }, tenantHeaders)).text();
  await (await post({ query: `{ clicks(source: { irev: {} }, first: 1) { totalCount } }` }, tenantHeaders)).text();
  await (await post({ query: PUBLISHERS }, { 'x-integr8-api-key': 'unknown-tenant-key-9' })).text();
  await accessLines();
  // Every header that can carry a credential, as a caller might log it.
  const headers = Object.fromEntries(credentialHeaders().map((name) => [name, `secret-${name}`]));
  log.warn('headers seen', { headers, request: { headers } });
  const text = lines.join('');
  expect(lines.length).toBeGreaterThanOrEqual(6);
  for (const secret of [...SECRETS, 'unknown-tenant-key-9', ...Object.values(headers)]) expect(text).not.toContain(secret);
  const warned = logged().find((line) => line.message === 'headers seen')!;
  expect(warned.headers).toEqual(Object.fromEntries(credentialHeaders().map((name) => [name, '[redacted]'])));
  expect(credentialHeaders()).toEqual(
    expect.arrayContaining([
      'authorization',
      'x-api-key',
      'api-key',
      'x-eflow-api-key',
      'x-everflow-api-key',
      'x-irev-api-token',
      'x-integr8-api-key',
    ]),
  );
});

test('LOG_FORMAT=pretty writes pino-pretty lines, and falls back to JSON with a warning when pino-pretty is missing', async () => {
  const written: string[] = [];
  try {
    await applyLogConfig({ level: 'info', format: 'pretty' }, { write: (text) => void written.push(text) });
    log.info('pretty line', { vendor: 'irev' });
    expect(written.join('')).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: pretty line\n {4}vendor: "irev"\n$/);

    configureLog({ sink: (line) => void lines.push(line) });
    lines = [];
    await applyLogConfig(
      { level: 'info', format: 'pretty' },
      { write: (text) => void written.push(text), loadPretty: () => Promise.reject(new Error("Cannot find package 'pino-pretty'")) },
    );
    log.info('still json');
    expect(logged()).toEqual([
      {
        level: 'warn',
        message: 'LOG_FORMAT=pretty needs pino-pretty (a dev dependency), which is not installed; logging JSON lines',
        error: "Cannot find package 'pino-pretty'",
      },
      { level: 'info', message: 'still json' },
    ]);
  } finally {
    configureLog({ level: 'silent', sink: (line) => void process.stderr.write(line) });
  }
});
