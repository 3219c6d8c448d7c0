/** Route templates from the vendors' route tables, and the circuit transitions metrics count. */
import { normalizePath, routeTemplater } from '../../src/observability/routes.js';
import { VENDORS } from '../../src/vendors/registry.js';
import { CircuitBreaker, type CircuitState } from '../../src/vendors/resilience.js';

test('every path a route table builds maps to its template, literal routes first, with the path prefix', () => {
  const integr8 = routeTemplater(VENDORS.integr8.routes, VENDORS.integr8.pathPrefix);
  const everflow = routeTemplater(VENDORS.everflow.routes);
  const irev = routeTemplater(VENDORS.irev.routes);
  expect([
    integr8('/publishers/65f0c0ffee'),
    integr8('/publishers'),
    integr8('/publishers/status'),
    integr8('/integrations/int-1/offers/status'),
    integr8('/integrations/int-1/offers/off-2'),
    integr8('/integrations/int-1/offers/off-2/landing-pages/lp-3'),
    integr8('/integrations/int-1/download-center/clicks'),
    integr8('/reports/v2/click-table'),
    everflow('/v1/affiliates/reporting/clicks/stream'),
    everflow('/v1/affiliates/reporting/clicks/abc123'),
    everflow('/v1/networks/affiliates/7'),
    irev('/backend/open-api/v1/users/clicks/991'),
    irev('/backend/open-api/v1/users/clicks'),
  ]).toEqual([
    '/api/v2/publishers/:id',
    '/api/v2/publishers',
    '/api/v2/publishers/status',
    '/api/v2/integrations/:id/offers/status',
    '/api/v2/integrations/:id/offers/:id',
    '/api/v2/integrations/:id/offers/:id/landing-pages/:id',
    '/api/v2/integrations/:id/download-center/:id',
    '/api/v2/reports/v2/click-table',
    '/v1/affiliates/reporting/clicks/stream',
    '/v1/affiliates/reporting/clicks/:id',
    '/v1/networks/affiliates/:id',
    '/backend/open-api/v1/users/clicks/:id',
    '/backend/open-api/v1/users/clicks',
  ]);
  // An id with a slash in it is encoded by the route function, so it stays one segment.
  expect(integr8(`/publishers/${encodeURIComponent('a/b')}`)).toBe('/api/v2/publishers/:id');
});

test('a path no table names is normalised: segments with digits (but v1, v2) or over 24 characters become :id', () => {
  expect(normalizePath('/v2/things/123/sub/abcdefabcdefabcdefabcdefab/x-y')).toBe('/v2/things/:id/sub/:id/x-y');
  expect(routeTemplater(VENDORS.irev.routes)('/backend/open-api/v1/unknown/42')).toBe('/backend/open-api/v1/unknown/:id');
});

test('a circuit reports each change of state once: closed -> open -> half-open -> open -> half-open -> closed', () => {
  const clock = { now: 0 };
  const breaker = new CircuitBreaker(2, 1000, () => clock.now);
  const seen: [CircuitState, CircuitState][] = [];
  breaker.onTransition((from, to) => seen.push([from, to]));
  breaker.failure();
  breaker.failure();
  // Failures of calls already in flight keep it open: no new transition.
  breaker.failure();
  clock.now += 1001;
  breaker.release(breaker.acquire()!);
  breaker.failure();
  clock.now += 1001;
  expect(breaker.acquire()).toMatchObject({ probe: true });
  breaker.success();
  breaker.success();
  expect(seen).toEqual([
    ['closed', 'open'],
    ['open', 'half-open'],
    ['half-open', 'open'],
    ['open', 'half-open'],
    ['half-open', 'closed'],
  ]);
});
