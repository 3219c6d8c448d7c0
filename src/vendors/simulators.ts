import { parseIrevDate } from '../simulators/irev/data.js';
import type { TrackedClick } from '../simulators/integr8/index.js';
import type { Endpoints } from './index.js';
import { perVendor, VENDORS, vendorKeys, type ReadingsOf, type SimulatorOf, type VendorKey } from './registry.js';

/**
 * The built-in simulators, started for the vendors the configuration leaves out (`npm start`),
 * and by the tests and the benchmarks: one per registry entry, each on a free port of 127.0.0.1.
 */

/** The credentials the simulators accept by default (not secrets: local fakes only). */
export const SIMULATOR_KEYS = perVendor((key) => VENDORS[key].simulator.key);

/** Every reading of every simulator with the values it can take, for tests that try them all. */
export const READING_VALUES = perVendor((key) => VENDORS[key].simulator.readingValues);

/** The readings each simulator serves where a document is ambiguous (src/simulators/README.md). */
export type SimulatorReadings = { [K in VendorKey]?: Partial<ReadingsOf<K>> };

/** Running simulators, by vendor key. */
export type Simulators = { [K in VendorKey]: SimulatorOf<K> } & { stop(): Promise<void> };

/**
 * Starts one simulator per vendor. Each accepts its default key plus any `extraKeys` (each key
 * is a tenant with its own data), runs its clock from `now` and serves `readings`.
 */
export async function startSimulators(
  options: { extraKeys?: Partial<Record<VendorKey, string[]>>; now?: number; readings?: SimulatorReadings } = {},
): Promise<Simulators> {
  const sims = perVendor((key) =>
    (VENDORS[key].simulator.create as (options: { keys: string[]; now?: number; readings?: unknown }) => SimulatorOf<VendorKey>)({
      keys: [SIMULATOR_KEYS[key], ...(options.extraKeys?.[key] ?? [])],
      now: options.now,
      readings: options.readings?.[key],
    }),
  );
  linkTrackedClicks(sims as { [K in VendorKey]: SimulatorOf<K> }, (key) => [SIMULATOR_KEYS[key], ...(options.extraKeys?.[key] ?? [])]);
  await Promise.all(vendorKeys().map((key) => sims[key].start()));
  return {
    ...(sims as { [K in VendorKey]: SimulatorOf<K> }),
    async stop() {
      await Promise.all(vendorKeys().map((key) => sims[key].stop()));
    },
  };
}

/** Endpoints that point every vendor at its simulator, with the simulator's key or the given credential. */
export function simulatorEndpoints(sims: Simulators, credentials: Partial<Record<VendorKey, string>> = {}): Endpoints {
  return perVendor((key) => ({ baseUrl: sims[key].url, credential: credentials[key] ?? SIMULATOR_KEYS[key] }));
}

// Private:

/**
 * Makes the Integr8 simulator score the clicks of the Everflow and iRev simulators: tenant i of
 * Integr8 (its i-th key, the default key first, then `extraKeys` in order) integrates tenant i of
 * Everflow and of iRev. The simulators stay independent of each other and of the gateway: each
 * is given data here, by the code that starts them all, and reads none of the others.
 */
function linkTrackedClicks(sims: { [K in VendorKey]: SimulatorOf<K> }, keysOf: (key: VendorKey) => string[]): void {
  const integr8Keys = keysOf('integr8');
  sims.integr8.trackClicks((key) => {
    const tenant = integr8Keys.indexOf(key);
    const everflowKey = keysOf('everflow')[tenant];
    const irevKey = keysOf('irev')[tenant];
    const tracked: TrackedClick[] = [];
    if (everflowKey !== undefined) {
      for (const click of sims.everflow.dataset(everflowKey).clicks) {
        tracked.push({ integrationType: 'everflow', transactionId: click.transaction_id, time: click.unix_timestamp });
      }
    }
    if (irevKey !== undefined) {
      for (const click of sims.irev.dataset(irevKey).clicks) {
        const ms = parseIrevDate(click.created_at);
        if (ms !== null) tracked.push({ integrationType: 'irev', transactionId: String(click.id), time: Math.floor(ms / 1000) });
      }
    }
    return tracked;
  });
}
