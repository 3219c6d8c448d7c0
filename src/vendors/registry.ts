/**
 * The vendors, one entry each: everything that differs between them as data. Configuration,
 * the HTTP core, the tenant headers, the request context, the simulators and the start-up all
 * derive from this table; adding a vendor is a folder under `vendors/`, one under
 * `simulators/`, an entry here, its SDL and its resolvers (see CONTRIBUTING.md).
 *
 * Deep modules (errors, ids, the HTTP core) read this table only inside functions: it imports
 * every vendor's code, so reading it while modules are still loading would see it unfinished.
 */
import type { GatewayCache } from '../cache/index.js';
import type { Config } from '../config.js';
import type { RouteTable } from '../observability/routes.js';
import { createEverflowSimulator, EVERFLOW_READING_VALUES } from '../simulators/everflow/index.js';
import { createIntegr8Simulator, INTEGR8_READING_VALUES } from '../simulators/integr8/index.js';
import { createIrevSimulator, IREV_READING_VALUES } from '../simulators/irev/index.js';
import { EVERFLOW_LIMITS, EVERFLOW_ROUTES, EverflowClient } from './everflow/client.js';
import { CLICK_PAGES as EVERFLOW_CLICK_PAGES, EverflowReads } from './everflow/reads.js';
import type { RestClient } from './restClient.js';
import { INTEGR8_LIMITS, INTEGR8_ROUTES, Integr8Client } from './integr8/client.js';
import { Integr8Reads } from './integr8/reads.js';
import { IREV_LIMITS, IREV_ROUTES, IrevClient } from './irev/client.js';
import { IrevReads } from './irev/reads.js';

/** What a simulator factory takes: the keys it accepts (each a tenant), its clock, its readings. */
export interface SimulatorOptions<Readings> {
  keys: string[];
  now?: number;
  readings?: Partial<Readings>;
}

/** What the gateway needs of a simulator: start it, stop it, and where it listens. */
export interface SimulatorHandle {
  readonly url: string;
  start(): Promise<unknown>;
  stop(): Promise<unknown>;
}

/** One vendor: its identity, how it is configured and reached, its code and its simulator. */
export interface VendorEntry<
  Name extends string = string,
  Client = unknown,
  Reads = unknown,
  Sim extends SimulatorHandle = SimulatorHandle,
  Readings = unknown,
> {
  /** The schema's spelling: `enum Vendor`, global IDs, `extensions.vendor`. */
  name: Name;
  /** For people: messages and logs. */
  label: string;
  /** Environment variables of its endpoint and its per-call timeout. */
  env: { credential: string; baseUrl: string; timeoutMs: string };
  /** The production base URL, used when only a credential is configured; none when each customer has its own host. */
  defaultBaseUrl?: string;
  /** Prepended to every path (Integr8's `/api/v2`). */
  pathPrefix: string;
  /** The vendor's auth headers for a credential. */
  authHeaders(credential: string): Record<string, string>;
  /** The request header a tenant sends its own credential for this vendor in (lower case). */
  tenantHeader: string;
  /** The documented limits the gateway checks before calling. */
  limits: Readonly<Record<string, number>>;
  /** The largest page of its clicks (`clicks(source:)`'s `first`). */
  maxClickPage: number;
  /** The client's route table (paths, and functions of ids that build them): metrics and traces name routes by its templates. */
  routes: RouteTable;
  /** The vendor's REST client over the shared HTTP core. */
  createClient(rest: RestClient): Client;
  /** The vendor's reads for one GraphQL request (fresh DataLoaders): what resolvers call, as `ctx.<key>`. */
  createReads(client: Client, shared: { cache: GatewayCache; config: Config }): Reads;
  /** The built-in simulator: its default key, factory and readings. */
  simulator: {
    key: string;
    create(options: SimulatorOptions<Readings>): Sim;
    readingValues: Readonly<Record<string, readonly unknown[]>>;
  };
}

/** Checks an entry's types while keeping its literal name and concrete classes. */
function vendor<Name extends string, Client, Reads, Sim extends SimulatorHandle, Readings>(
  entry: VendorEntry<Name, Client, Reads, Sim, Readings>,
): VendorEntry<Name, Client, Reads, Sim, Readings> {
  return entry;
}

export const VENDORS = {
  everflow: vendor({
    name: 'EVERFLOW',
    label: 'Everflow',
    env: { credential: 'EVERFLOW_API_KEY', baseUrl: 'EVERFLOW_BASE_URL', timeoutMs: 'EVERFLOW_TIMEOUT_MS' },
    defaultBaseUrl: 'https://api.eflow.team',
    pathPrefix: '',
    authHeaders: (key) => ({ 'X-Eflow-API-Key': key }),
    tenantHeader: 'x-everflow-api-key',
    limits: EVERFLOW_LIMITS,
    maxClickPage: EVERFLOW_CLICK_PAGES.maxSize,
    routes: EVERFLOW_ROUTES,
    createClient: (rest) => new EverflowClient(rest),
    createReads: (client: EverflowClient, { cache, config }) => new EverflowReads(client, cache, config.everflowClicks),
    simulator: { key: 'sim-everflow-key', create: createEverflowSimulator, readingValues: EVERFLOW_READING_VALUES },
  }),
  irev: vendor({
    name: 'IREV',
    label: 'iRev',
    env: { credential: 'IREV_API_TOKEN', baseUrl: 'IREV_BASE_URL', timeoutMs: 'IREV_TIMEOUT_MS' },
    // Each iRev network runs on its own host.
    defaultBaseUrl: undefined,
    pathPrefix: '',
    authHeaders: (token) => ({ Authorization: `Bearer ${token}` }),
    tenantHeader: 'x-irev-api-token',
    limits: IREV_LIMITS,
    maxClickPage: IREV_LIMITS.maxPageSize,
    routes: IREV_ROUTES,
    createClient: (rest) => new IrevClient(rest),
    createReads: (client: IrevClient, { config }) => new IrevReads(client, config.irevTimezone),
    simulator: { key: 'sim-irev-token', create: createIrevSimulator, readingValues: IREV_READING_VALUES },
  }),
  integr8: vendor({
    name: 'INTEGR8',
    label: 'Integr8',
    env: { credential: 'INTEGR8_API_KEY', baseUrl: 'INTEGR8_BASE_URL', timeoutMs: 'INTEGR8_TIMEOUT_MS' },
    defaultBaseUrl: 'https://api.integr8.co',
    pathPrefix: '/api/v2',
    authHeaders: (key) => ({ 'API-KEY': key }),
    tenantHeader: 'x-integr8-api-key',
    limits: INTEGR8_LIMITS,
    maxClickPage: INTEGR8_LIMITS.maxPageSize,
    routes: INTEGR8_ROUTES,
    createClient: (rest) => new Integr8Client(rest),
    createReads: (client: Integr8Client, { cache, config }) => new Integr8Reads(client, cache, { reportWalkBudget: config.reportWalkBudget }),
    simulator: { key: 'sim-integr8-key', create: createIntegr8Simulator, readingValues: INTEGR8_READING_VALUES },
  }),
};

type Registry = typeof VENDORS;

/** A vendor's key in configuration, tenant headers, the context and the simulators: `everflow`. */
export type VendorKey = keyof Registry;
/** A vendor's name as the schema spells it: `EVERFLOW`. */
export type VendorName = Registry[VendorKey]['name'];
/** Each vendor's client, reads and simulator class, by key. */
export type ClientOf<K extends VendorKey> = ReturnType<Registry[K]['createClient']>;
export type ReadsOf<K extends VendorKey> = ReturnType<Registry[K]['createReads']>;
export type SimulatorOf<K extends VendorKey> = ReturnType<Registry[K]['simulator']['create']>;
export type ReadingsOf<K extends VendorKey> = NonNullable<Parameters<Registry[K]['simulator']['create']>[0]['readings']>;

/** Every vendor key, in the table's order. */
export function vendorKeys(): VendorKey[] {
  return Object.keys(VENDORS) as VendorKey[];
}

/** Schema name -> key, made on first use (see the note at the top). */
let keysByName: Map<string, VendorKey> | undefined;

/** A vendor's key by its schema name: `EVERFLOW` -> `everflow`. */
export function vendorKeyOf(name: VendorName): VendorKey {
  keysByName ??= new Map(vendorKeys().map((key) => [VENDORS[key].name, key]));
  const key = keysByName.get(name);
  if (!key) throw new Error(`unknown vendor ${name}`);
  return key;
}

/** A vendor's label for messages ("Everflow"), by its schema name. */
export function vendorLabel(name: VendorName): string {
  return VENDORS[vendorKeyOf(name)].label;
}

/** Whether a string is a vendor's schema name. */
export function isVendorName(value: unknown): value is VendorName {
  return vendorKeys().some((key) => VENDORS[key].name === value);
}

/** Builds an object with one value per vendor key. */
export function perVendor<T>(make: <K extends VendorKey>(key: K) => T): Record<VendorKey, T> {
  return Object.fromEntries(vendorKeys().map((key) => [key, make(key)])) as Record<VendorKey, T>;
}
