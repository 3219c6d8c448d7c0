/**
 * RestClient reads answers through got's stream API and parses them itself: these are the answers
 * whose reading that could get wrong, from a vendor over real HTTP.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import pLimit from 'p-limit';
import { createCache } from '../../src/cache/index.js';
import { GatewayError } from '../../src/errors.js';
import { RestClient } from '../../src/vendors/restClient.js';
import { CircuitBreaker } from '../../src/vendors/resilience.js';

const TTL = { entity: 0, list: 0, report: 0, clickStream: 0, export: 0, cursor: 0 };
const ROWS = Array.from({ length: 2000 }, (_, id) => ({ id, name: `row ${id}` }));

let server: http.Server;
let rest: RestClient;
const seen: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const json = { 'content-type': 'application/json' };
    switch (req.url) {
      case '/empty':
        return res.writeHead(200).end();
      case '/chunks': {
        // Several writes, a pause between them: the body arrives in more than one chunk.
        const text = JSON.stringify({ rows: ROWS });
        res.writeHead(200, json).write(text.slice(0, 1000));
        setTimeout(() => res.end(text.slice(1000)), 20);
        return;
      }
      case '/text-error':
        return res.writeHead(500, { 'content-type': 'text/plain' }).end('Database is down (secret-key)');
      case '/json-error':
        return res.writeHead(422, json).end(JSON.stringify({ message: 'Validation failed', errors: { name: ['is required'] } }));
      case '/bad-json':
        return res.writeHead(200, json).end('{"rows": [');
      case '/cut':
        // Headers and part of the body, then the connection is gone.
        res.writeHead(200, { ...json, 'content-length': '1000' }).write('{"rows": [');
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      default:
        return res.writeHead(404, json).end('{"message":"no such route"}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  rest = new RestClient({
    vendor: 'IREV',
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    credential: 'secret-key',
    authHeaders: () => ({}),
    timeoutMs: 2000,
    cache: createCache(TTL),
    channel: {
      limit: pLimit(4),
      breaker: new CircuitBreaker(100, 1000),
      agent: { http: new http.Agent({ keepAlive: true }), https: new https.Agent() },
    },
    retry: { retries: 0, baseDelayMs: 1, budgetMs: 5000 },
  });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen.length = 0;
});

async function failure(path: string): Promise<GatewayError> {
  const error = await rest.send({ method: 'GET', path }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
}

test('a body that arrives in several chunks is parsed whole', async () => {
  await expect(rest.send({ method: 'GET', path: '/chunks' })).resolves.toEqual({ rows: ROWS });
  expect(seen).toEqual(['GET /chunks']);
});

test('an empty 200 body reads as the empty text, as got reads it', async () => {
  await expect(rest.send({ method: 'GET', path: '/empty' })).resolves.toBe('');
});

test('an error status with a text body quotes the text, with the credential redacted', async () => {
  const error = await failure('/text-error');
  expect(error.message).toBe('iRev answered 500 to GET /text-error: Database is down ([redacted])');
  expect(error.extensions).toEqual({ code: 'UPSTREAM_ERROR', vendor: 'IREV', upstreamStatus: 500 });
});

test('an error status with a JSON body gives its message and field errors', async () => {
  const error = await failure('/json-error');
  expect(error.message).toBe('iRev answered 422 to GET /json-error: Validation failed');
  expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', vendor: 'IREV', upstreamStatus: 422 });
  expect(error.details.vendorFields).toEqual({ name: ['is required'] });
});

test('a 200 body that is not JSON is an UPSTREAM_ERROR naming the endpoint', async () => {
  const error = await failure('/bad-json');
  expect(error.message).toBe('iRev sent a response to GET /bad-json that is not valid JSON');
  expect(error.extensions).toEqual({ code: 'UPSTREAM_ERROR', vendor: 'IREV', upstreamStatus: 200 });
});

test('a connection lost in the middle of the body is an error, never a partial answer', async () => {
  const error = await failure('/cut');
  expect(error.message).toMatch(/^iRev could not be reached for GET \/cut \((ECONNRESET|ERR_GOT_REQUEST_ERROR)\)$/);
  expect(error.extensions).toEqual({ code: 'UPSTREAM_ERROR', vendor: 'IREV' });
});
