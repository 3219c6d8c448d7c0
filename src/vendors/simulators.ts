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
