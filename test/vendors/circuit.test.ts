import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit from 'p-limit';
import { createCache } from '../../src/cache/index.js';
import { requestScope } from '../../src/requestScope.js';
import { RestClient } from '../../src/vendors/restClient.js';
import { CircuitBreaker, type VendorChannel } from '../../src/vendors/resilience.js';

/** A vendor that answers 200 `{ok: true}` and counts what it received. */
async function vendor(): Promise<{ url: string; calls: () => number; close: () => Promise<void> }> {
  let calls = 0;
  const server = http.createServer((_req, res) => {
    calls++;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls: () => calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const TTL = { entity: 0, list: 0, report: 0, clickStream: 0, export: 0, cursor: 0 };

/** A client whose circuit (threshold 2, cooldown 1000 ms) runs on a fake clock, behind a bulkhead of one. */
function client(url: string, clock: { now: number }) {
  const breaker = new CircuitBreaker(2, 1000, () => clock.now);
  const channel: VendorChannel = { limit: pLimit(1), breaker, agent: { http: new http.Agent(), https: new https.Agent() } };
  const rest = new RestClient({
    vendor: 'IREV',
    baseUrl: url,
    credential: 'secret',
    authHeaders: () => ({}),
    timeoutMs: 1000,
    cache: createCache(TTL),
    channel,
    retry: { retries: 0, baseDelayMs: 1, budgetMs: 5000 },
  });
  return { rest, breaker, channel };
}

/** Opens the circuit and lets the cooldown pass, so the next call is the half-open probe. */
function halfOpen(breaker: CircuitBreaker, clock: { now: number }): void {
  breaker.failure();
  breaker.failure();
  expect(breaker.state).toBe('open');
  clock.now += 1001;
  expect(breaker.state).toBe('half-open');
}

describe('circuit breaker probes', () => {
  test('a half-open circuit lets exactly one probe through until it reports', () => {
    const clock = { now: 0 };
    const breaker = new CircuitBreaker(2, 1000, () => clock.now);
    halfOpen(breaker, clock);
    const probe = breaker.acquire();
    expect(probe).toEqual({ probe: true, ticket: 1 });
    expect(breaker.acquire()).toBeNull();
    breaker.success();
    expect(breaker.state).toBe('closed');
    expect(breaker.acquire()).toEqual({ probe: false, ticket: 0 });
  });

  test('a released probe lets the next call probe; a stale release does not free a newer probe', () => {
    const clock = { now: 0 };
    const breaker = new CircuitBreaker(2, 1000, () => clock.now);
    halfOpen(breaker, clock);
    const first = breaker.acquire()!;
    breaker.release(first);
    const second = breaker.acquire()!;
    expect(second).toEqual({ probe: true, ticket: 2 });
    breaker.release(first);
    expect(breaker.acquire()).toBeNull();
  });

  test('a probe that is not sent because the request budget is spent releases the half-open state', async () => {
    const clock = { now: 0 };
    const server = await vendor();
    const { rest, breaker } = client(server.url, clock);
    try {
      halfOpen(breaker, clock);
      const spent = requestScope.run({ deadline: Date.now() - 1, warnings: [] }, () => rest.send({ method: 'GET', path: '/clicks' }));
      await expect(spent).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', message: expect.stringMatching(/time budget/) });
      expect(server.calls()).toBe(0);
      expect(breaker.state).toBe('half-open');
      await expect(rest.send({ method: 'GET', path: '/clicks' })).resolves.toEqual({ ok: true });
      expect(server.calls()).toBe(1);
      expect(breaker.state).toBe('closed');
    } finally {
      await server.close();
    }
  });

  test('a probe dropped from the bulkhead queue unsent releases the half-open state', async () => {
    const clock = { now: 0 };
    const server = await vendor();
    const { rest, breaker, channel } = client(server.url, clock);
    try {
      halfOpen(breaker, clock);
      // The only bulkhead slot is busy for longer than the probe's request may wait.
      const busy = channel.limit(() => sleep(150));
      const queued = requestScope.run({ deadline: Date.now() + 50, warnings: [] }, () => rest.send({ method: 'GET', path: '/clicks' }));
      await expect(queued).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', message: expect.stringMatching(/time budget/) });
      await busy;
      expect(server.calls()).toBe(0);
      await expect(rest.send({ method: 'GET', path: '/clicks' })).resolves.toEqual({ ok: true });
      expect(server.calls()).toBe(1);
      expect(breaker.state).toBe('closed');
    } finally {
      await server.close();
    }
  });
});
