import type { GatewayCache } from '../../src/cache/index.js';
import { loadConfig } from '../../src/config.js';
import { startGateway, type GatewayServer } from '../../src/server.js';
import { vendorKeys, type VendorKey } from '../../src/vendors/registry.js';
import { simulatorEndpoints, startSimulators, type SimulatorReadings, type Simulators } from '../../src/vendors/simulators.js';
import type { LoggedRequest } from '../../src/simulators/server.js';

/** A GraphQL error as the gateway sends it. */
export interface GqlError {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: { code?: string; vendor?: string; upstreamStatus?: number; argument?: string; field?: string[]; [key: string]: unknown };
}

/** A GraphQL response body. */
export interface GqlResponse<T = any> {
  data?: T;
  errors?: GqlError[];
  extensions?: { warnings?: { code: string; vendor?: string; ageSeconds?: number; message: string }[] };
}

export type { VendorKey };

/** A gateway on free ports in front of its own simulators, for tests through real HTTP. */
export interface TestGateway {
  url: string;
  sims: Simulators;
  server: GatewayServer;
  /** Posts a GraphQL request and returns the parsed body. */
  query<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GqlResponse<T>>;
  /** Requests the simulators received (of one vendor, or all), oldest first. */
  requests(vendor?: VendorKey): LoggedRequest[];
  /** Empties every simulator's request log. */
  clearRequests(): void;
  stop(): Promise<void>;
}

export interface TestGatewayOptions {
  /** Environment for loadConfig (budgets, TTLs, ...); vendor endpoints come from the simulators. */
  env?: NodeJS.ProcessEnv;
  /** Credentials the gateway uses instead of the simulators' default keys. */
  credentials?: Partial<Record<VendorKey, string>>;
  /** Simulators to reuse (else new ones, stopped with the gateway). */
  sims?: Simulators;
  /** Extra tenant keys the new simulators accept. */
  extraKeys?: Partial<Record<VendorKey, string[]>>;
  /** A cache to share between gateways. */
  cache?: GatewayCache;
  /** The readings new simulators serve where a document is ambiguous. */
  readings?: SimulatorReadings;
}

export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const sims = options.sims ?? (await startSimulators({ extraKeys: options.extraKeys, readings: options.readings }));
  // Links in memory unless a test names a store: the default data directory is the working tree's.
  const config = loadConfig({ PARTNER_LINKS_DIR: 'memory', ...options.env });
  const server = await startGateway(config, simulatorEndpoints(sims, options.credentials), { port: 0, cache: options.cache });
  const vendors = vendorKeys();
  return {
    url: server.url,
    sims,
    server,
    async query(query, variables, headers = {}) {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GqlResponse;
    },
    requests: (vendor) => (vendor ? sims[vendor].requests() : vendors.flatMap((v) => sims[v].requests())),
    clearRequests: () => vendors.forEach((v) => sims[v].clearRequests()),
    async stop() {
      await server.stop();
      if (!options.sims) await sims.stop();
    },
  };
}

/** An ISO instant `days` before now (negative: after), whole seconds. */
export function daysAgo(days: number, from = Date.now()): string {
  return new Date(Math.floor((from - days * 86_400_000) / 1000) * 1000).toISOString();
}
