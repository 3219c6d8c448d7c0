/**
 * The gateway works with every reading of the documents the simulators serve: for each value
 * of each reading, the main reads answer without errors, and an update changes exactly the field
 * it was asked to change in the vendor's own record (nothing reset, nothing reverted). The
 * per-vendor suites test each reading's details; this one makes sure no reading is left out.
 */
import { toGlobalId } from '../src/ids.js';
import { affiliateStateErrors } from '../src/simulators/everflow/index.js';
import { READING_VALUES, SIMULATOR_KEYS, startSimulators, type Simulators } from '../src/vendors/simulators.js';
import { daysAgo, startTestGateway, type GqlResponse } from './helpers/gateway.js';

let sims: Simulators;
beforeAll(async () => {
  sims = await startSimulators();
});
afterAll(() => sims.stop());

type Vendor = keyof typeof READING_VALUES;

/** Every (vendor, reading, value) the simulators serve, defaults included. */
const CASES: [Vendor, string, string][] = (Object.entries(READING_VALUES) as [Vendor, Record<string, readonly string[]>][]).flatMap(
  ([vendor, readings]) =>
    Object.entries(readings).flatMap(([name, values]) => values.map((value): [Vendor, string, string] => [vendor, name, value])),
);

/** Runs `check` with one reading switched on, on a gateway with an empty cache, then restores the reading. */
async function withReading(
  vendor: Vendor,
  name: string,
  value: string,
  check: (query: (q: string, v?: Record<string, unknown>) => Promise<GqlResponse>) => Promise<void>,
) {
  const readings = sims[vendor].readings as unknown as Record<string, string>;
  const before = readings[name];
  readings[name] = value;
  const gw = await startTestGateway({ sims, env: { RETRY_BASE_DELAY_MS: '1' } });
  try {
    await check((q, v) => gw.query(q, v));
  } finally {
    readings[name] = before;
    await gw.stop();
  }
}

const EVERFLOW_READS = `query($from: DateTime!, $to: DateTime!) {
  affiliates(first: 3) { totalCount nodes { id name status } }
  clicks(source: { everflow: { from: $from, to: $to, exclusions: [{ resourceType: COUNTRY, values: ["Germany"] }] } }, first: 5) { nodes { id time countryCode } }
  conversions(source: { everflow: { from: $from, to: $to } }, first: 3) { nodes { id time } }
}`;
const IREV_READS = `{ clicks(source: { irev: {} }, first: 3) { totalCount nodes { id nativeId time } } }`;
const INTEGR8_READS = `query($integration: ID!, $from: DateTime!, $to: DateTime!) {
  publishers(first: 3) { totalCount nodes { id name manager { email } } }
  advertisers(first: 2) { nodes { id name } }
  users(first: 2) { nodes { id email lastLoginAt } }
  offers(integrationId: $integration, first: 2) { nodes { id name events { nodes { id name } } landingPages { nodes { id name } } } }
  clicks(source: { integr8: { integrationId: $integration, from: $from, to: $to } }, first: 5) { totalCount pageInfo { hasNextPage } nodes { id time } }
  conversions(source: { integr8: { integrationId: $integration, from: $from, to: $to } }, first: 5) { nodes { id click { id } } }
  exports(first: 3) { nodes { id status } }
}`;

/** Where the gateway knowingly does not follow a reading: the reading, and the error every report then gets. */
const KNOWN_UNSUPPORTED: Record<string, { paths: string[]; code: string }> = {
  // start_date/end_date: the prose example's names; the gateway sends the tables' start_time/end_time.
  'integr8.reportRange.date': { paths: ['clicks', 'conversions'], code: 'BAD_USER_INPUT' },
};

describe.each(CASES)('%s reading %s = %s', (vendor, name, value) => {
  const unsupported = KNOWN_UNSUPPORTED[`${vendor}.${name}.${value}`];

  test('the main reads answer with data and no errors', async () => {
    await withReading(vendor, name, value, async (query) => {
      const from = daysAgo(2);
      const to = daysAgo(0);
      const res =
        vendor === 'everflow'
          ? await query(EVERFLOW_READS, { from, to })
          : vendor === 'irev'
            ? await query(IREV_READS)
            : await query(INTEGR8_READS, { integration: '64b7f0c2a1e4d3b2c1a00001', from, to });
      if (unsupported) {
        expect(res.errors?.map((e) => [e.path?.[0], e.extensions?.code]).sort()).toEqual(unsupported.paths.map((p) => [p, unsupported.code]).sort());
        return;
      }
      expect(res.errors).toBeUndefined();
      for (const [field, connection] of Object.entries(res.data as Record<string, { nodes: unknown[] }>)) {
        expect([field, connection.nodes.length > 0]).toEqual([field, true]);
      }
      if (vendor === 'irev') {
        // By id, in whichever shape the reading answers.
        const first = res.data.clicks.nodes[0];
        const byId = await query(`query($id: ID!) { node(id: $id) { id ... on Click { nativeId time } } }`, { id: first.id });
        expect(byId).toEqual({ data: { node: first } });
      }
    });
  });

  if (vendor === 'irev') return;

  test('an update changes exactly the field it names in the vendor record', async () => {
    await withReading(vendor, name, value, async (query) => {
      if (vendor === 'everflow') {
        const data = sims.everflow.dataset(SIMULATOR_KEYS.everflow);
        const target = data.affiliates.find(
          (a) => affiliateStateErrors(a).length === 0 && a.account_status === 'active' && !a.is_contact_address_enabled && a.adress_id === 0,
        )!;
        const before = structuredClone(target);
        const notes = `reading ${name}=${value}`;
        const res = await query(
          `mutation($input: UpdateAffiliateInput!) { updateAffiliate(input: $input) { affiliate { internalNotes } userErrors { field code } } }`,
          {
            input: { id: toGlobalId({ vendor: 'EVERFLOW', type: 'Affiliate', key: [String(target.network_affiliate_id)] }), internalNotes: notes },
          },
        );
        expect(res).toEqual({ data: { updateAffiliate: { affiliate: { internalNotes: notes }, userErrors: [] } } });
        // Everything but the bookkeeping of a save: its time and the audit entry it adds.
        const kept = ({ time_saved, audits, billing: { time_saved: billingSaved, ...billing }, ...rest }: typeof target) => ({ ...rest, billing });
        expect(kept(target)).toEqual(kept({ ...before, internal_notes: notes }));
        expect(target.audits).toHaveLength(before.audits.length + 1);
      } else {
        const data = sims.integr8.dataset(SIMULATOR_KEYS.integr8);
        const target = data.publishers.find((p) => !p.archived && p.city !== '')!;
        const before = structuredClone(target);
        const city = `City ${name} ${value}`.slice(0, 40);
        const res = await query(
          `mutation($input: UpdatePublisherInput!) { updatePublisher(input: $input) { publisher { city } userErrors { field code } } }`,
          {
            input: { id: toGlobalId({ vendor: 'INTEGR8', type: 'Publisher', key: [target.id] }), city },
          },
        );
        expect(res).toEqual({ data: { updatePublisher: { publisher: { city }, userErrors: [] } } });
        const { updated_at: _a, ...after } = target as typeof target & { updated_at?: unknown };
        const { updated_at: _b, ...expected } = { ...before, city } as typeof before & { updated_at?: unknown };
        expect(after).toEqual(expected);
      }
    });
  });
});
