import { createEverflowSimulator, EVERFLOW_READING_VALUES, type EverflowReadings, type EverflowSimulator } from './everflow/index.js';
import { createIntegr8Simulator, INTEGR8_READING_VALUES, type Integr8Readings, type Integr8Simulator } from './integr8/index.js';
import { createIrevSimulator, IREV_READING_VALUES, type IrevReadings, type IrevSimulator } from './irev/index.js';

export type { EverflowReadings, Integr8Readings, IrevReadings };

/** Every reading of every simulator with the values it can take, for tests that try them all. */
export const READING_VALUES = { everflow: EVERFLOW_READING_VALUES, irev: IREV_READING_VALUES, integr8: INTEGR8_READING_VALUES } as const;

/** The readings each simulator serves where a document is ambiguous (see README.md here). */
export interface SimulatorReadings {
  everflow?: Partial<EverflowReadings>;
  irev?: Partial<IrevReadings>;
  integr8?: Partial<Integr8Readings>;
}

/** The credentials the built-in simulators accept by default (not secrets: local fakes only). */
export const SIMULATOR_KEYS = { everflow: 'sim-everflow-key', irev: 'sim-irev-token', integr8: 'sim-integr8-key' } as const;

export interface Simulators {
  everflow: EverflowSimulator;
  irev: IrevSimulator;
  integr8: Integr8Simulator;
  stop(): Promise<void>;
}

/**
 * Starts the three vendor simulators on free ports of 127.0.0.1. Each accepts its default key
 * plus any `extraKeys` (each key is a tenant with its own data), and serves `readings`.
 */
export async function startSimulators(
  options: { extraKeys?: Partial<Record<keyof typeof SIMULATOR_KEYS, string[]>>; now?: number; readings?: SimulatorReadings } = {},
): Promise<Simulators> {
  const keys = (vendor: keyof typeof SIMULATOR_KEYS) => [SIMULATOR_KEYS[vendor], ...(options.extraKeys?.[vendor] ?? [])];
  const { readings = {} } = options;
  const everflow = createEverflowSimulator({ keys: keys('everflow'), now: options.now, readings: readings.everflow });
  const irev = createIrevSimulator({ keys: keys('irev'), now: options.now, readings: readings.irev });
  const integr8 = createIntegr8Simulator({ keys: keys('integr8'), now: options.now, readings: readings.integr8 });
  await Promise.all([everflow.start(), irev.start(), integr8.start()]);
  return {
    everflow,
    irev,
    integr8,
    async stop() {
      await Promise.all([everflow.stop(), irev.stop(), integr8.stop()]);
    },
  };
}
