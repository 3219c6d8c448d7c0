import { timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import type { CacheStats } from '../cache/index.js';
import { perVendor, type VendorKey } from '../vendors/registry.js';
import type { CircuitState } from '../vendors/resilience.js';
import type { GatewayMetrics } from './metrics.js';

/** What `GET /ready` answers. */
export interface Readiness {
  /**
   * `ready`; `degraded` while the cache's Redis is failing (the in-memory store stands in) or a
   * configured vendor's circuit is not closed: the gateway still answers, with less; then
   * `shutting-down` once shutdown began (503, so that load balancers stop sending requests).
   */
  status: 'ready' | 'degraded' | 'shutting-down';
  /** Where the cache keeps entries now (`CacheStats.store`). */
  cache: CacheStats['store'];
  /** Each vendor's circuit, and whether it has an endpoint (a real one or a simulator); an unconfigured vendor answers VENDOR_NOT_CONFIGURED. */
  vendors: Record<VendorKey, { circuit: CircuitState; configured: boolean }>;
}

/** What the operational endpoints read. */
export interface OperationalState {
  metrics: GatewayMetrics;
  /** `METRICS_TOKEN`: `/metrics` then needs `Authorization: Bearer <token>`. */
  metricsToken?: string;
  shuttingDown(): boolean;
  cacheStore(): CacheStats['store'];
  circuit(vendor: VendorKey): CircuitState;
  configured(vendor: VendorKey): boolean;
}

/** A handler of one operational path. */
export type OperationalRoute = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

/** The gateway's readiness now (see Readiness). */
function readiness(state: OperationalState): Readiness {
  const vendors = perVendor((vendor) => ({ circuit: state.circuit(vendor), configured: state.configured(vendor) }));
  const cache = state.cacheStore();
  const degraded = cache === 'degraded' || Object.values(vendors).some((vendor) => vendor.configured && vendor.circuit !== 'closed');
  return { status: state.shuttingDown() ? 'shutting-down' : degraded ? 'degraded' : 'ready', cache, vendors };
}

/**
 * `/health` (liveness: 200 `{"status":"ok"}` while the process answers), `/ready` (readiness:
 * 200, or 503 once shutting down, with a Readiness body) and `/metrics` (Prometheus text, behind
 * METRICS_TOKEN when set). None needs a gateway API key or a GraphQL preflight header.
 */
export function operationalRoutes(state: OperationalState): Record<string, OperationalRoute> {
  const token = state.metricsToken === undefined ? undefined : Buffer.from(state.metricsToken);
  return {
    '/health': (_req, res) => json(res, 200, { status: 'ok' }),
    '/ready': (_req, res) => {
      const body = readiness(state);
      json(res, body.status === 'shutting-down' ? 503 : 200, body);
    },
    '/metrics': async (req, res) => {
      if (token && !bearerMatches(req, token)) {
        res.setHeader('www-authenticate', 'Bearer realm="metrics"');
        return json(res, 401, {
          errors: [{ message: 'Send the metrics token: Authorization: Bearer <METRICS_TOKEN>.', extensions: { code: 'UNAUTHENTICATED' } }],
        });
      }
      const text = await state.metrics.exposition();
      res.writeHead(200, { 'content-type': state.metrics.contentType, 'cache-control': 'no-store' });
      res.end(text);
    },
  };
}

// Private:

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function bearerMatches(req: http.IncomingMessage, token: Buffer): boolean {
  const given = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
  if (!given) return false;
  const candidate = Buffer.from(given);
  // Constant time, so timing does not reveal how much of the token matched.
  return candidate.length === token.length && timingSafeEqual(candidate, token);
}
