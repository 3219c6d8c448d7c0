/**
 * The Integr8 simulator scores the Everflow and iRev simulators' clicks of the same tenant when
 * startSimulators links them (src/simulators/README.md, "Linked data across simulators").
 */
import { createIntegr8Simulator, INTEGR8_INTEGRATION_IDS } from '../../src/simulators/integr8/index.js';
import { TRACKED_DAYS } from '../../src/simulators/integr8/data.js';
import { parseIrevDate } from '../../src/simulators/irev/data.js';
import { SIMULATOR_KEYS, startSimulators, type Simulators } from '../../src/vendors/simulators.js';

const EXTRA = { everflow: ['ef-tenant-2'], irev: ['irev-tenant-2'], integr8: ['i8-tenant-2'] };
let sims: Simulators;

beforeAll(async () => {
  sims = await startSimulators({ extraKeys: EXTRA });
});
afterAll(() => sims.stop());

test('tracked rows carry real click ids of the same tenant, 0 to 2 s after the click, within the tracked days', () => {
  for (const [i8Key, efKey, irevKey] of [
    [SIMULATOR_KEYS.integr8, SIMULATOR_KEYS.everflow, SIMULATOR_KEYS.irev],
    [EXTRA.integr8[0], EXTRA.everflow[0], EXTRA.irev[0]],
  ]) {
    const i8 = sims.integr8.dataset(i8Key);
    const everflow = sims.everflow.dataset(efKey);
    const irev = new Map(sims.irev.dataset(irevKey).clicks.map((c) => [String(c.id), c]));
    const tracked = i8.clicks.entries.filter((e) => e.externalTxId);
    const toEverflow = tracked.filter((e) => e.integrationId === INTEGR8_INTEGRATION_IDS[0]);
    const toIrev = tracked.filter((e) => e.integrationId === INTEGR8_INTEGRATION_IDS[2]);
    expect(toEverflow.length).toBeGreaterThan(1000);
    expect(toIrev.length).toBeGreaterThan(1000);
    expect(toEverflow.length + toIrev.length).toBe(tracked.length);
    const oldest = (i8.now - TRACKED_DAYS * 86_400_000) / 1000;
    for (const e of toEverflow) {
      const click = everflow.clicksById.get(e.externalTxId!)!;
      expect(e.time - click.unix_timestamp).toBeGreaterThanOrEqual(0);
      expect(e.time - click.unix_timestamp).toBeLessThanOrEqual(2);
      expect(e.time).toBeGreaterThanOrEqual(oldest);
    }
    for (const e of toIrev) {
      const click = irev.get(e.externalTxId!)!;
      const lag = e.time - parseIrevDate(click.created_at)! / 1000;
      expect(lag).toBeGreaterThanOrEqual(0);
      expect(lag).toBeLessThanOrEqual(2);
    }
    const row = i8.clicks.row(toIrev[0]);
    expect([row.integration_type, row.external_transaction_id]).toEqual(['irev', toIrev[0].externalTxId]);
    expect(i8.clicks.row(toEverflow[0]).integration_type).toBe('everflow');
  }
  // Tenants are kept apart: tenant 2's Everflow rows name tenant 2's clicks only.
  const own = sims.everflow.dataset(EXTRA.everflow[0]).clicksById;
  const other = sims.everflow.dataset(SIMULATOR_KEYS.everflow).clicksById;
  const ids = sims.integr8
    .dataset(EXTRA.integr8[0])
    .clicks.entries.flatMap((e) => (e.externalTxId && e.integrationId === INTEGR8_INTEGRATION_IDS[0] ? [e.externalTxId] : []));
  expect(ids.every((id) => own.has(id) && !other.has(id))).toBe(true);
});

test('a simulator started alone has no tracked rows, and the same tracked clicks always give the same rows', () => {
  const alone = createIntegr8Simulator({ keys: ['k'], now: sims.integr8.clock() });
  expect(alone.dataset('k').clicks.entries.some((e) => e.externalTxId)).toBe(false);
  const tracked = [{ integrationType: 'everflow', transactionId: 'a'.repeat(32), time: Math.floor(sims.integr8.clock() / 1000) - 3600 }];
  const make = () => {
    const sim = createIntegr8Simulator({ keys: ['k'], now: alone.dataset('k').now, trackedClicks: () => tracked.concat(tracked, tracked, tracked) });
    return sim
      .dataset('k')
      .clicks.entries.filter((e) => e.externalTxId)
      .map((e) => sim.dataset('k').clicks.row(e));
  };
  const rows = make();
  expect(rows.length).toBeGreaterThan(0);
  expect(make()).toEqual(rows);
  // The generated rows are unchanged by the tracked ones.
  const base = alone.dataset('k').clicks.entries;
  const withTracked = createIntegr8Simulator({ keys: ['k'], now: alone.dataset('k').now, trackedClicks: () => tracked }).dataset('k');
  expect(withTracked.clicks.entries.filter((e) => !e.externalTxId).map((e) => e.txId)).toEqual(base.map((e) => e.txId));
});
