import { toGlobalId, type NodeType } from '../../src/ids.js';
import { SIMULATOR_KEYS } from '../../src/vendors/simulators.js';
import { INTEGR8_INTEGRATION_IDS, type Integr8Dataset } from '../../src/simulators/integr8/index.js';
import type {
  Integr8Advertiser,
  Integr8Offer,
  Integr8OfferEvent,
  Integr8OfferLandingPage,
  Integr8Publisher,
  Integr8User,
} from '../../src/vendors/integr8/types.js';
import { startTestGateway, type GqlResponse, type TestGateway } from '../helpers/gateway.js';

let gw: TestGateway;
let data: Integr8Dataset;
const [integrationA, integrationB] = INTEGR8_INTEGRATION_IDS;

beforeAll(async () => {
  gw = await startTestGateway();
  data = gw.sims.integr8.dataset(SIMULATOR_KEYS.integr8);
});
afterAll(() => gw.stop());
beforeEach(() => gw.clearRequests());

// Helpers

const gid = (type: NodeType, ...key: string[]) => toGlobalId({ vendor: 'INTEGR8', type, key });
/** Every upstream call: reads with their query, writes with their body. */
const calls = () =>
  gw.requests('integr8').map(({ method, path, query, body }) => (method === 'GET' ? { method, path, query } : { method, path, body }));
/** Upstream writes only. */
const writes = () => calls().filter((call) => call.method !== 'GET');
const API = '/api/v2';
const ERRORS = 'userErrors { field message code }';
/** The per-item results of a bulk write. */
const RESULTS = 'results { targetId status message }';
/** A bulk item the write changed. */
const changed = (targetId: string) => ({ targetId, status: 'CHANGED', message: null });

/** Runs one mutation with `$input` and returns its payload; the request must have no GraphQL errors. */
async function mutate(name: string, inputType: string, selection: string, input: Record<string, unknown>): Promise<any> {
  const res = await gw.query(`mutation($input: ${inputType}!) { payload: ${name}(input: $input) { ${selection} ${ERRORS} } }`, { input });
  expect(res.errors).toBeUndefined();
  return res.data.payload;
}

/** Each input must be refused with exactly these userErrors (any message) and no upstream call at all. */
async function expectRejected(name: string, inputType: string, record: string, cases: [Record<string, unknown>, [string[], string][]][]) {
  for (const [input, expected] of cases) {
    const payload = await mutate(name, inputType, record === 'results' ? 'results { targetId }' : `${record} { id }`, input);
    expect({ input, userErrors: payload.userErrors.map((e: { field: string[]; code: string }) => [e.field, e.code]) }).toEqual({
      input,
      userErrors: expected,
    });
    if (record !== 'results') expect(payload[record]).toBeNull();
    payload.userErrors.forEach((e: { message: string }) => expect(e.message).toEqual(expect.any(String)));
  }
  expect(calls()).toEqual([]);
}

/**
 * The input must be refused by its scalars before any resolver runs: one BAD_USER_INPUT error
 * per value (`[path below input, value, the scalar's message]`), at its field, no payload, and
 * no upstream call.
 */
async function expectMalformed(name: string, inputType: string, input: Record<string, unknown>, expected: [string, string, string][]) {
  const res = await gw.query(`mutation($input: ${inputType}!) { payload: ${name}(input: $input) { ${ERRORS} } }`, { input });
  expect(res).toEqual({
    errors: expected.map(([at, value, problem]) => ({
      message: `Variable "$input" got invalid value "${value}" at "input.${at}"; ${problem}`,
      locations: [{ line: 1, column: 10 }],
      extensions: { code: 'BAD_USER_INPUT', argument: 'input', field: ['input', ...at.split(/[.[\]]+/).filter(Boolean)] },
    })),
  });
  expect(calls()).toEqual([]);
}

/** The fields of each update body, as the document's PATCH tables list them (offers: but default_payout). */
const BODY_FIELDS = {
  publisher: [
    'active',
    'address',
    'city',
    'company_name',
    'countries',
    'country',
    'description',
    'email',
    'first_name',
    'last_name',
    'manager_id',
    'messenger',
    'name',
    'phone',
    'promotional_method',
    'timezone',
    'tracking_domain_ids',
    'website',
  ],
  advertiser: [
    'active',
    'address',
    'company_name',
    'country',
    'description',
    'email',
    'first_name',
    'last_name',
    'manager_id',
    'messenger',
    'name',
    'phone',
    'website',
  ],
  offer: [
    'active',
    'advertiser_id',
    'allow_duplicate_conversions',
    'block_on_reject',
    'conversion_name',
    'currency',
    'deep_link_enabled',
    'description',
    'fallback_url',
    'hide_js_tracking',
    'impression_forwarding_enabled',
    'impression_forwarding_url',
    'manually_approve_conversions',
    'name',
    'offer_preview_enabled',
    'parallel_tracking_enabled',
    'parallel_tracking_url',
    'primary_domain',
    'restriction_note',
    'targeting_group_id',
    'targeting_simple_enabled',
    'terms_and_conditions',
    'terms_and_conditions_enabled',
    'view_through_attribution_enabled',
    'visibility',
  ],
  payout: ['payout', 'payout_percent', 'payout_type', 'revenue', 'revenue_percent', 'revenue_type'],
  event: [
    'active',
    'allow_multiple_events',
    'description',
    'manually_approve_events',
    'name',
    'payout',
    'payout_percent',
    'payout_type',
    'revenue',
    'revenue_percent',
    'revenue_type',
  ],
  landingPage: ['active', 'hide_from_publishers', 'name', 'preview_url', 'redirect_url'],
};
/**
 * What an update sends back of a record as Integr8 has it (taken before the write): every body
 * field with a value, blank text and empty lists left out (a PATCH may replace the writable fields).
 */
function sentBack(record: object, kind: keyof typeof BODY_FIELDS): Record<string, unknown> {
  const copy = structuredClone(record) as Record<string, unknown>;
  const out = Object.fromEntries(
    BODY_FIELDS[kind]
      .filter((f) => copy[f] !== undefined && copy[f] !== null && copy[f] !== '' && !(Array.isArray(copy[f]) && (copy[f] as unknown[]).length === 0))
      .map((f) => [f, copy[f]]),
  );
  if (kind === 'offer' && copy.default_payout) out.default_payout = sentBack(copy.default_payout as object, 'payout');
  return out;
}

const listQuery = (ids: string[], field = 'id') => ({ 'page[number]': '1', 'page[size]': '100', [`filter[${field}][in]`]: ids.join(',') });
const offersOf = (integrationId: string) => data.offers.filter((o) => data.offerIntegration.get(o.id) === integrationId);
const nullIfEmpty = (value: string) => (value === '' ? null : value);

const USER = 'user { id nativeId email firstName lastName role status phone city country timezone apiAccessEnabled publisherManagerAccess }';
const userView = (u: Integr8User) => ({
  id: gid('User', u.id),
  nativeId: u.id,
  email: u.email,
  firstName: nullIfEmpty(u.first_name),
  lastName: nullIfEmpty(u.last_name),
  role: u.role === 'admin' ? 'ADMIN' : 'ACCOUNT_MANAGER',
  status: u.status.toUpperCase(),
  phone: nullIfEmpty(u.phone),
  city: nullIfEmpty(u.city),
  country: nullIfEmpty(u.country),
  timezone: u.timezone,
  apiAccessEnabled: u.api_access_enabled,
  publisherManagerAccess: u.publisher_manager_access.toUpperCase(),
});

const PARTY = 'id nativeId incrementalId name nameWithId companyName email website country active manager { nativeId }';
const partyView = (type: 'Publisher' | 'Advertiser', p: Integr8Publisher | Integr8Advertiser) => ({
  id: gid(type, p.id),
  nativeId: p.id,
  incrementalId: p.incremental_id,
  name: p.name,
  nameWithId: p.name_with_id,
  companyName: nullIfEmpty(p.company_name),
  email: nullIfEmpty(p.email),
  website: p.website ? new URL(p.website).href : null,
  country: nullIfEmpty(p.country),
  active: p.active,
  manager: p.manager_id ? { nativeId: p.manager_id } : null,
});
const PUBLISHER = `publisher { ${PARTY} city countries timezone promotionalMethods trackingDomainIds }`;
const publisherView = (p: Integr8Publisher) => ({
  ...partyView('Publisher', p),
  city: nullIfEmpty(p.city),
  countries: p.countries,
  timezone: p.timezone,
  promotionalMethods: p.promotional_method.map((m) => m.toUpperCase()),
  trackingDomainIds: p.tracking_domain_ids,
});

const OFFER = `offer { id nativeId integrationId incrementalId name active currency visibility fallbackUrl previewEnabled
  defaultPayout { payout payoutType revenue revenueType } }`;
const offerView = (o: Integr8Offer, integrationId: string) => ({
  id: gid('Offer', integrationId, o.id),
  nativeId: o.id,
  integrationId,
  incrementalId: o.incremental_id,
  name: o.name,
  active: o.active,
  currency: o.currency,
  visibility: o.visibility.toUpperCase(),
  fallbackUrl: nullIfEmpty(o.fallback_url),
  previewEnabled: o.offer_preview_enabled,
  defaultPayout: {
    payout: o.default_payout.payout,
    payoutType: o.default_payout.payout_type.replace('CPAxCPS', 'CPA_X_CPS'),
    revenue: o.default_payout.revenue,
    revenueType: o.default_payout.revenue_type.replace('RPAxRPS', 'RPA_X_RPS'),
  },
});

const EVENT =
  'offerEvent { id nativeId name description active allowMultipleEvents payout { payout payoutType revenue revenueType } offer { nativeId } }';
const eventView = (e: Integr8OfferEvent, integrationId: string, offerId: string) => ({
  id: gid('OfferEvent', integrationId, offerId, e.id),
  nativeId: e.id,
  name: e.name,
  description: nullIfEmpty(e.description),
  active: e.active,
  allowMultipleEvents: e.allow_multiple_events,
  payout: {
    payout: e.payout,
    payoutType: e.payout_type.replace('CPAxCPS', 'CPA_X_CPS'),
    revenue: e.revenue,
    revenueType: e.revenue_type.replace('RPAxRPS', 'RPA_X_RPS'),
  },
  offer: { nativeId: offerId },
});

const LANDING_PAGE = 'landingPage { id nativeId name active hideFromPublishers previewUrl redirectUrl offer { nativeId } }';
const landingPageView = (p: Integr8OfferLandingPage, integrationId: string, offerId: string) => ({
  id: gid('LandingPage', integrationId, offerId, p.id),
  nativeId: p.id,
  name: p.name,
  active: p.active,
  hideFromPublishers: p.hide_from_publishers,
  previewUrl: nullIfEmpty(p.preview_url),
  redirectUrl: p.redirect_url,
  offer: { nativeId: offerId },
});

/**
 * Reads through the gateway twice (the second from the cache), runs `write`, then reads again:
 * that read must go upstream. Returns both answers (the second may have errors: a deleted record).
 */
async function readWriteRead(
  query: string,
  variables: Record<string, unknown>,
  write: () => Promise<unknown>,
): Promise<{ before: any; after: GqlResponse }> {
  const first = await gw.query(query, variables);
  expect(first.errors).toBeUndefined();
  gw.clearRequests();
  expect((await gw.query(query, variables)).data).toEqual(first.data);
  expect(calls()).toEqual([]); // served from the cache
  await write();
  gw.clearRequests();
  const second = await gw.query(query, variables);
  expect(calls().length).toBeGreaterThan(0); // the write made the cached read unreachable
  return { before: first.data, after: second };
}

// Tests

describe('users', () => {
  test('createUser posts the documented body, with the role in Integr8 spelling, and returns the user re-read', async () => {
    const payload = await mutate('createUser', 'CreateUserInput', USER, {
      email: 'nora.quinn@example.com',
      password: 'S3cur3P@ssw0rd!',
      role: 'ACCOUNT_MANAGER',
      firstName: 'Nora',
      lastName: 'Quinn',
      country: 'DE',
      timezone: 'Europe/Berlin',
    });
    const created = data.users.find((u) => u.email === 'nora.quinn@example.com')!;
    expect(calls()).toEqual([
      {
        method: 'POST',
        path: `${API}/organization/users`,
        body: {
          email: 'nora.quinn@example.com',
          password: 'S3cur3P@ssw0rd!',
          role: 'accountManager',
          first_name: 'Nora',
          last_name: 'Quinn',
          country: 'DE',
          timezone: 'Europe/Berlin',
        },
      },
      { method: 'GET', path: `${API}/organization/users/${created.id}`, query: {} },
    ]);
    expect(payload).toEqual({ user: userView(created), userErrors: [] });
  });

  test('createUser checks required fields before any call; the email is an EmailAddress, refused by its scalar', async () => {
    await expectRejected('createUser', 'CreateUserInput', 'user', [
      [{ email: 'a@example.com', password: '', role: 'ADMIN' }, [[['input', 'password'], 'REQUIRED']]],
    ]);
    await expectMalformed('createUser', 'CreateUserInput', { email: ' ', password: 'x', role: 'ADMIN' }, [
      ['email', ' ', 'Value is not a valid email address:  '],
    ]);
    await expectMalformed('createUser', 'CreateUserInput', { email: 'not-an-email', password: 'x', role: 'ADMIN' }, [
      ['email', 'not-an-email', 'Value is not a valid email address: not-an-email'],
    ]);
  });

  test('a write Integr8 refuses with 402 (an email in use) is a VENDOR_REFUSED userError', async () => {
    const taken = data.users[3].email;
    const payload = await mutate('createUser', 'CreateUserInput', 'user { id }', { email: taken, password: 'x', role: 'ADMIN' });
    expect(payload.user).toBeNull();
    expect(payload.userErrors).toEqual([
      {
        field: null,
        message: expect.stringMatching(/^Integr8 answered 402 to POST \/api\/v2\/organization\/users: .*already used/),
        code: 'VENDOR_REFUSED',
      },
    ]);
    expect(gw.requests('integr8').map((r) => r.status)).toEqual([402]);
    expect(writes()).toEqual([{ method: 'POST', path: `${API}/organization/users`, body: { email: taken, password: 'x', role: 'admin' } }]);
  });

  test('updateUser sends only the given fields and the next read sees the change', async () => {
    const user = data.users[5];
    const id = gid('User', user.id);
    const { before, after } = await readWriteRead(
      `query($id: ID!) { user(id: $id) { lastName status publisherManagerAccess } }`,
      { id },
      async () => {
        gw.clearRequests();
        const payload = await mutate('updateUser', 'UpdateUserInput', USER, {
          id,
          lastName: 'Renamed',
          status: 'DEACTIVATED',
          publisherManagerAccess: 'LIMITED',
          isPublisherManager: true,
        });
        expect(writes()).toEqual([
          {
            method: 'PATCH',
            path: `${API}/organization/users/${user.id}`,
            body: { last_name: 'Renamed', status: 'Deactivated', publisher_manager_access: 'Limited', is_publisher_manager: true },
          },
        ]);
        expect(payload).toEqual({ user: userView(user), userErrors: [] });
      },
    );
    expect(before.user.lastName).not.toBe('Renamed');
    expect(after.data).toEqual({ user: { lastName: 'Renamed', status: 'DEACTIVATED', publisherManagerAccess: 'LIMITED' } });
  });

  test('updateUser refuses bad, foreign and unknown ids, with no write', async () => {
    await expectRejected('updateUser', 'UpdateUserInput', 'user', [
      [{ id: 'nonsense' }, [[['input', 'id'], 'INVALID_VALUE']]],
      [{ id: gid('Publisher', data.publishers[0].id) }, [[['input', 'id'], 'INVALID_VALUE']]],
      [{ id: toGlobalId({ vendor: 'EVERFLOW', type: 'User', key: ['1'] }) }, [[['input', 'id'], 'INVALID_VALUE']]],
      [{ id: gid('User', data.users[0].id), password: ' ' }, [[['input', 'password'], 'REQUIRED']]],
    ]);
    await expectMalformed('updateUser', 'UpdateUserInput', { id: gid('User', data.users[0].id), email: 'bad@' }, [
      ['email', 'bad@', 'Value is not a valid email address: bad@'],
    ]);
    const payload = await mutate('updateUser', 'UpdateUserInput', 'user { id }', { id: gid('User', 'no-such-user'), firstName: 'X' });
    expect(payload).toEqual({ user: null, userErrors: [{ field: ['input', 'id'], message: expect.stringContaining('no user'), code: 'NOT_FOUND' }] });
    // The record a write is based on is read by id, from Integr8 (not the cache).
    expect(calls()).toEqual([{ method: 'GET', path: `${API}/organization/users/no-such-user`, query: {} }]);
  });
});

describe('publishers', () => {
  test('createPublisher sends the manager and promotional methods in Integr8 terms and returns the publisher', async () => {
    const manager = data.users[1];
    const payload = await mutate('createPublisher', 'CreatePublisherInput', PUBLISHER, {
      name: 'Blue Fox Media',
      companyName: 'Blue Fox Ltd',
      email: 'ops@bluefox.example',
      website: 'https://bluefox.example',
      country: 'GB',
      countries: ['GB', 'IE'],
      managerId: gid('User', manager.id),
      promotionalMethods: ['CONTENT', 'SMS', 'EMAIL'],
      trackingDomainIds: ['td-1'],
    });
    const created = data.publishers.find((p) => p.name === 'Blue Fox Media')!;
    expect(calls()).toEqual([
      { method: 'GET', path: `${API}/organization/users/${manager.id}`, query: {} },
      {
        method: 'POST',
        path: `${API}/publishers`,
        body: {
          name: 'Blue Fox Media',
          company_name: 'Blue Fox Ltd',
          email: 'ops@bluefox.example',
          website: 'https://bluefox.example',
          country: 'GB',
          countries: ['GB', 'IE'],
          manager_id: manager.id,
          promotional_method: ['Content', 'SMS', 'Email'],
          tracking_domain_ids: ['td-1'],
        },
      },
      { method: 'GET', path: `${API}/publishers/${created.id}`, query: {} },
      // The payload's manager, through the request's batch loader.
      { method: 'GET', path: `${API}/organization/users`, query: listQuery([manager.id]) },
    ]);
    expect(payload).toEqual({ publisher: publisherView(created), userErrors: [] });
    expect(payload.publisher.manager).toEqual({ nativeId: manager.id });
  });

  test('createPublisher checks name, email, URL and the manager id before any write', async () => {
    await expectRejected('createPublisher', 'CreatePublisherInput', 'publisher', [
      [{ name: '  ' }, [[['input', 'name'], 'REQUIRED']]],
      // A URL, but not http(s): Integr8's rule, beyond the URL scalar.
      [{ name: 'P', website: 'ftp://bluefox.example' }, [[['input', 'website'], 'INVALID_FORMAT']]],
      [{ name: 'P', managerId: gid('Advertiser', data.advertisers[0].id) }, [[['input', 'managerId'], 'INVALID_VALUE']]],
    ]);
    await expectMalformed('createPublisher', 'CreatePublisherInput', { name: 'P', email: 'nope', website: 'bluefox.example' }, [
      ['email', 'nope', 'Value is not a valid email address: nope'],
      ['website', 'bluefox.example', 'Value is not a valid URL: bluefox.example'],
    ]);
    const payload = await mutate('createPublisher', 'CreatePublisherInput', 'publisher { id }', { name: 'P', managerId: gid('User', 'ghost') });
    expect(payload.userErrors).toEqual([{ field: ['input', 'managerId'], message: expect.any(String), code: 'NOT_FOUND' }]);
    expect(writes()).toEqual([]);
  });

  test('updatePublisher sends the current name Integr8 requires, and the next read sees the change', async () => {
    const publisher = data.publishers[10];
    const name = publisher.name;
    const id = gid('Publisher', publisher.id);
    const { after } = await readWriteRead(`query($id: ID!) { publisher(id: $id) { name city promotionalMethods } }`, { id }, async () => {
      gw.clearRequests();
      const before = sentBack(publisher, 'publisher');
      const payload = await mutate('updatePublisher', 'UpdatePublisherInput', PUBLISHER, { id, city: 'Lisbon', promotionalMethods: ['PUSH'] });
      expect(writes()).toEqual([
        { method: 'PATCH', path: `${API}/publishers/${publisher.id}`, body: { ...before, name, city: 'Lisbon', promotional_method: ['Push'] } },
      ]);
      expect(payload).toEqual({ publisher: publisherView(publisher), userErrors: [] });
    });
    expect(after.data).toEqual({ publisher: { name, city: 'Lisbon', promotionalMethods: ['PUSH'] } });
  });

  test('setPublishersActive changes all in one call and reports each publisher as re-read', async () => {
    const targets = data.publishers.slice(20, 23);
    targets.forEach((p, i) => (p.active = i > 0)); // the first is already inactive: still ok
    const ids = targets.map((p) => gid('Publisher', p.id));
    const payload = await mutate('setPublishersActive', 'SetActiveInput', `${RESULTS} publishers { id active }`, { ids, active: false });
    const native = targets.map((p) => p.id);
    expect(calls()).toEqual([
      { method: 'GET', path: `${API}/publishers`, query: listQuery(native) },
      { method: 'PATCH', path: `${API}/publishers/status`, body: { active: false, data: native } },
      { method: 'GET', path: `${API}/publishers`, query: listQuery(native) },
    ]);
    // The changed publishers come from the re-read above (no call of their own), with id and the new state.
    expect(payload).toEqual({ results: ids.map(changed), publishers: ids.map((id) => ({ id, active: false })), userErrors: [] });
    expect(targets.map((p) => p.active)).toEqual([false, false, false]);
  });

  test('bulk calls with an unknown or foreign id change nothing', async () => {
    const known = gid('Publisher', data.publishers[30].id);
    await expectRejected('setPublishersActive', 'SetActiveInput', 'results', [
      [{ ids: [], active: true }, [[['input', 'ids'], 'REQUIRED']]],
      [{ ids: [known, gid('Advertiser', data.advertisers[1].id)], active: true }, [[['input', 'ids', '1'], 'INVALID_VALUE']]],
    ]);
    const ids = [known, gid('Publisher', 'gone'), gid('Publisher', 'gone-too')];
    for (const [call, records] of [
      ['setPublishersActive(input: { ids: $ids, active: false })', 'publishers { id }'],
      ['deletePublishers(input: { ids: $ids })', 'deletedIds'],
    ]) {
      const res = await gw.query(`mutation($ids: [ID!]!) { r: ${call} { results { targetId status } ${records} ${ERRORS} } }`, { ids });
      expect(res.data.r).toEqual({
        results: [],
        [records.split(' ')[0]]: [],
        userErrors: [
          { field: ['input', 'ids', '1'], message: expect.stringContaining('no publisher'), code: 'NOT_FOUND' },
          { field: ['input', 'ids', '2'], message: expect.any(String), code: 'NOT_FOUND' },
        ],
      });
    }
    expect(writes()).toEqual([]);
    expect(data.publishers.some((p) => p.id === data.publishers[30].id)).toBe(true);
  });

  test('deletePublishers deletes all in one call; the next read no longer finds them', async () => {
    const targets = data.publishers.slice(40, 42).map((p) => p.id);
    const ids = targets.map((id) => gid('Publisher', id));
    const { after } = await readWriteRead(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids }, async () => {
      gw.clearRequests();
      const payload = await mutate('deletePublishers', 'DeleteInput', `${RESULTS} deletedIds`, { ids });
      expect(writes()).toEqual([{ method: 'DELETE', path: `${API}/publishers`, body: { data: targets } }]);
      expect(payload).toEqual({ results: ids.map(changed), deletedIds: ids, userErrors: [] });
    });
    expect(after.data).toEqual({ nodes: [null, null] });
    expect(after.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['nodes', 0], 'NOT_FOUND'],
      [['nodes', 1], 'NOT_FOUND'],
    ]);
    expect(data.publishers.filter((p) => targets.includes(p.id))).toEqual([]);
  });
});

describe('advertisers', () => {
  test('createAdvertiser and updateAdvertiser: documented bodies, re-read payloads, invalidated reads', async () => {
    const manager = data.users[2];
    const created = await mutate('createAdvertiser', 'CreateAdvertiserInput', `advertiser { ${PARTY} }`, {
      name: 'Acme Brands',
      email: 'ads@acme.example',
      website: 'https://acme.example/',
      managerId: gid('User', manager.id),
      active: false,
    });
    const advertiser = data.advertisers.find((a) => a.name === 'Acme Brands')!;
    expect(writes()).toEqual([
      {
        method: 'POST',
        path: `${API}/advertisers`,
        body: { name: 'Acme Brands', email: 'ads@acme.example', website: 'https://acme.example/', manager_id: manager.id, active: false },
      },
    ]);
    expect(created).toEqual({ advertiser: partyView('Advertiser', advertiser), userErrors: [] });

    const id = created.advertiser.id;
    const { after } = await readWriteRead(`query($id: ID!) { advertiser(id: $id) { name companyName } }`, { id }, async () => {
      gw.clearRequests();
      const before = sentBack(advertiser, 'advertiser');
      const updated = await mutate('updateAdvertiser', 'UpdateAdvertiserInput', `advertiser { ${PARTY} }`, { id, companyName: 'Acme Holdings' });
      expect(writes()).toEqual([
        { method: 'PATCH', path: `${API}/advertisers/${advertiser.id}`, body: { ...before, name: 'Acme Brands', company_name: 'Acme Holdings' } },
      ]);
      // The advertiser was created with these; an update sends them back.
      expect(before).toMatchObject({ email: 'ads@acme.example', website: 'https://acme.example/', manager_id: manager.id, active: false });
      expect(updated).toEqual({ advertiser: partyView('Advertiser', advertiser), userErrors: [] });
    });
    expect(after.data).toEqual({ advertiser: { name: 'Acme Brands', companyName: 'Acme Holdings' } });
  });

  test('advertiser inputs are checked before any write', async () => {
    await expectRejected('updateAdvertiser', 'UpdateAdvertiserInput', 'advertiser', [
      [{ id: gid('Advertiser', data.advertisers[0].id), name: '' }, [[['input', 'name'], 'REQUIRED']]],
      [{ id: gid('Publisher', data.publishers[0].id) }, [[['input', 'id'], 'INVALID_VALUE']]],
    ]);
    await expectMalformed('updateAdvertiser', 'UpdateAdvertiserInput', { id: gid('Advertiser', data.advertisers[0].id), email: 'x@' }, [
      ['email', 'x@', 'Value is not a valid email address: x@'],
    ]);
    const payload = await mutate('updateAdvertiser', 'UpdateAdvertiserInput', 'advertiser { id }', {
      id: gid('Advertiser', data.advertisers[0].id),
      managerId: gid('User', 'ghost'),
    });
    expect(payload.userErrors).toEqual([{ field: ['input', 'managerId'], message: expect.any(String), code: 'NOT_FOUND' }]);
    expect(writes()).toEqual([]);
  });

  test('setAdvertisersActive and deleteAdvertisers: one call each, per-item results', async () => {
    const targets = data.advertisers.slice(50, 52);
    const ids = targets.map((a) => gid('Advertiser', a.id));
    const native = targets.map((a) => a.id);
    const status = await mutate('setAdvertisersActive', 'SetActiveInput', `${RESULTS} advertisers { id active }`, { ids, active: true });
    expect(status).toEqual({ results: ids.map(changed), advertisers: ids.map((id) => ({ id, active: true })), userErrors: [] });
    expect(targets.map((a) => a.active)).toEqual([true, true]);
    expect(writes()).toEqual([{ method: 'PATCH', path: `${API}/advertisers/status`, body: { active: true, data: native } }]);

    gw.clearRequests();
    const deleted = await mutate('deleteAdvertisers', 'DeleteInput', `${RESULTS} deletedIds`, { ids });
    expect(deleted).toEqual({ results: ids.map(changed), deletedIds: ids, userErrors: [] });
    expect(writes()).toEqual([{ method: 'DELETE', path: `${API}/advertisers`, body: { data: native } }]);
    expect(data.advertisers.filter((a) => native.includes(a.id))).toEqual([]);
  });
});

describe('offers', () => {
  test('createOffer sends the advertiser incremental id and Integr8 enum spellings, and returns the offer', async () => {
    const advertiser = data.advertisers[4];
    const payload = await mutate('createOffer', 'CreateOfferInput', `${OFFER.slice(0, -1)} advertiser { nativeId } }`, {
      integrationId: integrationA,
      name: 'Spring Sale',
      advertiserId: gid('Advertiser', advertiser.id),
      currency: 'EUR',
      visibility: 'REQUIRES_APPROVAL',
      fallbackUrl: 'https://shop.example/fallback',
      previewEnabled: true,
      defaultPayout: { payout: 12.5, payoutType: 'CPA_X_CPS', revenue: 20, revenueType: 'RPA_X_RPS' },
    });
    const offer = data.offers.find((o) => o.name === 'Spring Sale')!;
    expect(writes()).toEqual([
      {
        method: 'POST',
        path: `${API}/integrations/${integrationA}/offers`,
        body: {
          name: 'Spring Sale',
          advertiser_id: advertiser.incremental_id,
          currency: 'EUR',
          visibility: 'Requires_Approval',
          fallback_url: 'https://shop.example/fallback',
          offer_preview_enabled: true,
          default_payout: { payout: 12.5, payout_type: 'CPAxCPS', revenue: 20, revenue_type: 'RPAxRPS' },
        },
      },
    ]);
    expect(calls()).toContainEqual({ method: 'GET', path: `${API}/integrations/${integrationA}/offers/${offer.id}`, query: {} });
    expect(payload).toEqual({ offer: { ...offerView(offer, integrationA), advertiser: { nativeId: advertiser.id } }, userErrors: [] });
    expect(data.offerIntegration.get(offer.id)).toBe(integrationA);
  });

  test('createOffer checks currency, URLs, required fields and the advertiser before any write', async () => {
    const advertiserId = gid('Advertiser', data.advertisers[4].id);
    const base = { integrationId: integrationA, name: 'X', advertiserId };
    await expectRejected('createOffer', 'CreateOfferInput', 'offer', [
      // A currency, but not one Integr8 offers take: Integr8's rule, beyond the Currency scalar.
      [{ ...base, currency: 'GBP' }, [[['input', 'currency'], 'INVALID_VALUE']]],
      // A URL, but not http(s).
      [
        { ...base, impressionForwardingUrl: 'https://ok.example', parallelTrackingUrl: 'javascript:alert(1)' },
        [[['input', 'parallelTrackingUrl'], 'INVALID_FORMAT']],
      ],
      [
        { ...base, integrationId: ' ', name: '' },
        [
          [['input', 'integrationId'], 'REQUIRED'],
          [['input', 'name'], 'REQUIRED'],
        ],
      ],
      [{ ...base, advertiserId: gid('Offer', integrationA, offersOf(integrationA)[0].id) }, [[['input', 'advertiserId'], 'INVALID_VALUE']]],
    ]);
    await expectMalformed('createOffer', 'CreateOfferInput', { ...base, currency: 'dollars', fallbackUrl: 'shop.example' }, [
      ['currency', 'dollars', 'Value is not a valid currency value: dollars'],
      ['fallbackUrl', 'shop.example', 'Value is not a valid URL: shop.example'],
    ]);
    const unknown = await mutate('createOffer', 'CreateOfferInput', 'offer { id }', { ...base, advertiserId: gid('Advertiser', 'ghost') });
    expect(unknown.userErrors).toEqual([{ field: ['input', 'advertiserId'], message: expect.stringContaining('no advertiser'), code: 'NOT_FOUND' }]);
    expect(writes()).toEqual([]);

    // A value outside a GraphQL enum (here Integr8's own spelling) is refused by GraphQL itself.
    const res = await gw.query(
      `mutation($a: ID!) { createOffer(input: { integrationId: "${integrationA}", name: "X", advertiserId: $a, visibility: Requires_Approval }) { offer { id } } }`,
      {
        a: advertiserId,
      },
    );
    expect(res.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('"OfferVisibility"') })]);
    expect(writes()).toEqual([]);
  });

  test('createOffer in an unknown integration is a NOT_FOUND userError on integrationId', async () => {
    const payload = await mutate('createOffer', 'CreateOfferInput', 'offer { id }', {
      integrationId: 'no-such-integration',
      name: 'X',
      advertiserId: gid('Advertiser', data.advertisers[4].id),
    });
    expect(payload).toEqual({ offer: null, userErrors: [{ field: ['input', 'integrationId'], message: expect.any(String), code: 'NOT_FOUND' }] });
  });

  test('updateOffer sends the current name and advertiser Integr8 requires; the next read sees the change', async () => {
    const offer = offersOf(integrationA)[5];
    const id = gid('Offer', integrationA, offer.id);
    const { name, advertiser_id: advertiserId } = offer;
    const { after } = await readWriteRead(
      `query($id: ID!) { offer(id: $id) { name visibility defaultPayout { payout payoutType } } }`,
      { id },
      async () => {
        gw.clearRequests();
        const before = sentBack(offer, 'offer');
        const payload = await mutate('updateOffer', 'UpdateOfferInput', OFFER, {
          id,
          visibility: 'PRIVATE',
          defaultPayout: { payout: 7, payoutType: 'CPS' },
        });
        expect(writes()).toEqual([
          {
            method: 'PATCH',
            path: `${API}/integrations/${integrationA}/offers/${offer.id}`,
            body: {
              ...before,
              name,
              advertiser_id: advertiserId,
              visibility: 'Private',
              default_payout: { ...(before.default_payout as object), payout: 7, payout_type: 'CPS' },
            },
          },
        ]);
        expect(payload).toEqual({ offer: offerView(offer, integrationA), userErrors: [] });
      },
    );
    expect(after.data).toEqual({ offer: { name, visibility: 'PRIVATE', defaultPayout: { payout: 7, payoutType: 'CPS' } } });
  });

  test('updateOffer with another advertiser sends its incremental id', async () => {
    const offer = offersOf(integrationA)[6];
    const advertiser = data.advertisers.find((a) => a.incremental_id !== offer.advertiser_id)!;
    const before = sentBack(offer, 'offer');
    const payload = await mutate('updateOffer', 'UpdateOfferInput', 'offer { advertiser { nativeId } }', {
      id: gid('Offer', integrationA, offer.id),
      advertiserId: gid('Advertiser', advertiser.id),
      name: 'Renamed offer',
    });
    expect(writes()).toEqual([
      {
        method: 'PATCH',
        path: `${API}/integrations/${integrationA}/offers/${offer.id}`,
        body: { ...before, name: 'Renamed offer', advertiser_id: advertiser.incremental_id },
      },
    ]);
    expect(payload).toEqual({ offer: { advertiser: { nativeId: advertiser.id } }, userErrors: [] });
  });

  test('setOffersActive makes one call per integration and reports each offer', async () => {
    const [a1, a2] = offersOf(integrationA).slice(10, 12);
    const [b1] = offersOf(integrationB).slice(10, 11);
    a1.active = true;
    a2.active = true;
    b1.active = true;
    const ids = [gid('Offer', integrationA, a1.id), gid('Offer', integrationB, b1.id), gid('Offer', integrationA, a2.id)];
    const payload = await mutate('setOffersActive', 'SetActiveInput', `${RESULTS} offers { id active }`, { ids, active: false });
    expect(writes()).toEqual([
      { method: 'PATCH', path: `${API}/integrations/${integrationA}/offers/status`, body: { active: false, data: [a1.id, a2.id] } },
      { method: 'PATCH', path: `${API}/integrations/${integrationB}/offers/status`, body: { active: false, data: [b1.id] } },
    ]);
    expect(payload).toEqual({ results: ids.map(changed), offers: ids.map((id) => ({ id, active: false })), userErrors: [] });
    expect([a1, a2, b1].map((o) => o.active)).toEqual([false, false, false]);
    expect(
      calls()
        .filter((c) => c.method === 'GET')
        .slice(-2),
    ).toEqual([
      { method: 'GET', path: `${API}/integrations/${integrationA}/offers`, query: listQuery([a1.id, a2.id]) },
      { method: 'GET', path: `${API}/integrations/${integrationB}/offers`, query: listQuery([b1.id]) },
    ]);

    gw.clearRequests();
    const unknown = await mutate('setOffersActive', 'SetActiveInput', 'results { targetId } offers { id }', {
      ids: [ids[0], gid('Offer', integrationB, 'ghost')],
      active: true,
    });
    expect(unknown).toEqual({
      results: [],
      offers: [],
      userErrors: [{ field: ['input', 'ids', '1'], message: expect.stringContaining('no offer'), code: 'NOT_FOUND' }],
    });
    expect(writes()).toEqual([]);
  });

  test('deleteOffers makes one call per integration; the offers and their events are gone from the next read', async () => {
    const a = offersOf(integrationA)[20];
    const b = offersOf(integrationB)[20];
    const ids = [gid('Offer', integrationA, a.id), gid('Offer', integrationB, b.id)];
    const { after } = await readWriteRead(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids }, async () => {
      gw.clearRequests();
      const payload = await mutate('deleteOffers', 'DeleteInput', `${RESULTS} deletedIds`, { ids });
      expect(writes()).toEqual([
        { method: 'DELETE', path: `${API}/integrations/${integrationA}/offers`, body: { data: [a.id] } },
        { method: 'DELETE', path: `${API}/integrations/${integrationB}/offers`, body: { data: [b.id] } },
      ]);
      expect(payload).toEqual({ results: ids.map(changed), deletedIds: ids, userErrors: [] });
    });
    expect(after.data).toEqual({ nodes: [null, null] });
    expect(after.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['nodes', 0], 'NOT_FOUND'],
      [['nodes', 1], 'NOT_FOUND'],
    ]);
    expect(data.events.has(a.id)).toBe(false);
  });
});

describe('offer events and landing pages', () => {
  /** The nth offer with events and landing pages (each test its own: an offer read is cached). */
  const offerWithChildren = (n: number) =>
    offersOf(integrationA).filter((o) => (data.events.get(o.id)?.length ?? 0) > 0 && (data.landingPages.get(o.id)?.length ?? 0) > 0)[n];

  test("createOfferEvent flattens the payout into the event body; the offer's events read again shows it", async () => {
    const offer = offerWithChildren(0);
    const offerId = gid('Offer', integrationA, offer.id);
    let created: any;
    const { before, after } = await readWriteRead(
      `query($id: ID!) { offer(id: $id) { events(first: 100) { totalCount } } }`,
      { id: offerId },
      async () => {
        gw.clearRequests();
        created = await mutate('createOfferEvent', 'CreateOfferEventInput', EVENT, {
          offerId,
          name: 'Deposit',
          allowMultipleEvents: true,
          payout: { payout: 3, payoutType: 'CPA_X_CPS', revenue: 5, revenueType: 'RPS' },
        });
      },
    );
    const event = data.events.get(offer.id)!.find((e) => e.name === 'Deposit')!;
    expect(created).toEqual({ offerEvent: eventView(event, integrationA, offer.id), userErrors: [] });
    expect(event).toMatchObject({ allow_multiple_events: true, payout: 3, payout_type: 'CPAxCPS', revenue: 5, revenue_type: 'RPS' });
    expect(after.data.offer.events.totalCount).toBe(before.offer.events.totalCount + 1);
  });

  test('createOfferEvent and updateOfferEvent: exact requests, current name filled in, inputs checked', async () => {
    const offer = offerWithChildren(1);
    const offerId = gid('Offer', integrationA, offer.id);
    await mutate('createOfferEvent', 'CreateOfferEventInput', 'offerEvent { id }', { offerId, name: 'Signup', description: 'First step' });
    const created = data.events.get(offer.id)!.find((e) => e.name === 'Signup')!;
    expect(calls()).toEqual([
      { method: 'GET', path: `${API}/integrations/${integrationA}/offers/${offer.id}`, query: {} },
      { method: 'POST', path: `${API}/integrations/${integrationA}/offers/${offer.id}/events`, body: { name: 'Signup', description: 'First step' } },
      { method: 'GET', path: `${API}/integrations/${integrationA}/offers/${offer.id}/events/${created.id}`, query: {} },
    ]);

    const event = data.events.get(offer.id)![0];
    const name = event.name;
    const before = sentBack(event, 'event');
    gw.clearRequests();
    const updated = await mutate('updateOfferEvent', 'UpdateOfferEventInput', EVENT, {
      id: gid('OfferEvent', integrationA, offer.id, event.id),
      active: false,
      payout: { revenueType: 'RPA_X_RPS' },
    });
    expect(writes()).toEqual([
      {
        method: 'PATCH',
        path: `${API}/integrations/${integrationA}/offers/${offer.id}/events/${event.id}`,
        body: { ...before, name, active: false, revenue_type: 'RPAxRPS' },
      },
    ]);
    expect(updated).toEqual({ offerEvent: eventView(event, integrationA, offer.id), userErrors: [] });
    expect(event.active).toBe(false);

    gw.clearRequests();
    await expectRejected('createOfferEvent', 'CreateOfferEventInput', 'offerEvent', [
      [{ offerId, name: ' ' }, [[['input', 'name'], 'REQUIRED']]],
      [{ offerId: gid('Publisher', data.publishers[0].id), name: 'E' }, [[['input', 'offerId'], 'INVALID_VALUE']]],
      [{ offerId: gid('OfferEvent', integrationA, offer.id, event.id), name: 'E' }, [[['input', 'offerId'], 'INVALID_VALUE']]],
    ]);
    const missing = await mutate('updateOfferEvent', 'UpdateOfferEventInput', 'offerEvent { id }', {
      id: gid('OfferEvent', integrationA, offer.id, 'ghost'),
    });
    expect(missing.userErrors).toEqual([{ field: ['input', 'id'], message: expect.stringContaining('no offer event'), code: 'NOT_FOUND' }]);
    const noOffer = await mutate('createOfferEvent', 'CreateOfferEventInput', 'offerEvent { id }', {
      offerId: gid('Offer', integrationA, 'ghost'),
      name: 'E',
    });
    expect(noOffer.userErrors).toEqual([{ field: ['input', 'offerId'], message: expect.any(String), code: 'NOT_FOUND' }]);
    expect(writes()).toEqual([]);
  });

  test('createLandingPage and updateLandingPage: exact bodies, current name and redirect URL filled in, next read sees the change', async () => {
    const offer = offerWithChildren(2);
    const offerId = gid('Offer', integrationA, offer.id);
    const created = await mutate('createLandingPage', 'CreateLandingPageInput', LANDING_PAGE, {
      offerId,
      name: 'Summer LP',
      redirectUrl: 'https://shop.example/summer?src={sub_id}',
      hideFromPublishers: true,
    });
    const page = data.landingPages.get(offer.id)!.find((p) => p.name === 'Summer LP')!;
    expect(writes()).toEqual([
      {
        method: 'POST',
        path: `${API}/integrations/${integrationA}/offers/${offer.id}/landing-pages`,
        body: { name: 'Summer LP', redirect_url: 'https://shop.example/summer?src={sub_id}', hide_from_publishers: true },
      },
    ]);
    expect(created).toEqual({ landingPage: landingPageView(page, integrationA, offer.id), userErrors: [] });

    // The offer's landing pages (a list read) go upstream again after the update.
    const id = created.landingPage.id;
    const list = `query($id: ID!) { offer(id: $id) { landingPages(first: 100) { nodes { nativeId previewUrl } } } }`;
    const { after } = await readWriteRead(list, { id: offerId }, async () => {
      gw.clearRequests();
      const before = sentBack(page, 'landingPage');
      const updated = await mutate('updateLandingPage', 'UpdateLandingPageInput', LANDING_PAGE, { id, previewUrl: 'https://shop.example/preview' });
      expect(writes()).toEqual([
        {
          method: 'PATCH',
          path: `${API}/integrations/${integrationA}/offers/${offer.id}/landing-pages/${page.id}`,
          body: {
            ...before,
            name: 'Summer LP',
            redirect_url: 'https://shop.example/summer?src={sub_id}',
            preview_url: 'https://shop.example/preview',
          },
        },
      ]);
      expect(before).toMatchObject({ hide_from_publishers: true });
      expect(updated).toEqual({ landingPage: landingPageView(page, integrationA, offer.id), userErrors: [] });
    });
    expect(after.data.offer.landingPages.nodes).toContainEqual({ nativeId: page.id, previewUrl: 'https://shop.example/preview' });

    // A read by id is the same list call the payload's re-read made, so it gets that fresh answer.
    const one = await gw.query(`query($id: ID!) { node(id: $id) { ... on LandingPage { name previewUrl redirectUrl } } }`, { id });
    expect(one.data).toEqual({
      node: { name: 'Summer LP', previewUrl: 'https://shop.example/preview', redirectUrl: 'https://shop.example/summer?src={sub_id}' },
    });
  });

  test('landing page inputs are checked before any write', async () => {
    const offer = offerWithChildren(3);
    const offerId = gid('Offer', integrationA, offer.id);
    const pageId = gid('LandingPage', integrationA, offer.id, data.landingPages.get(offer.id)![0].id);
    await expectRejected('createLandingPage', 'CreateLandingPageInput', 'landingPage', [
      [{ offerId, name: '', redirectUrl: 'https://shop.example/lp' }, [[['input', 'name'], 'REQUIRED']]],
      // URLs, but not http(s): Integr8's rule, beyond the URL scalar.
      [
        { offerId, name: 'LP', redirectUrl: 'ftp://shop.example/lp', previewUrl: 'mailto:lp@shop.example' },
        [
          [['input', 'redirectUrl'], 'INVALID_FORMAT'],
          [['input', 'previewUrl'], 'INVALID_FORMAT'],
        ],
      ],
    ]);
    await expectMalformed(
      'createLandingPage',
      'CreateLandingPageInput',
      { offerId, name: 'LP', redirectUrl: 'shop.example/lp', previewUrl: 'nope' },
      [
        ['redirectUrl', 'shop.example/lp', 'Value is not a valid URL: shop.example/lp'],
        ['previewUrl', 'nope', 'Value is not a valid URL: nope'],
      ],
    );
    await expectRejected('updateLandingPage', 'UpdateLandingPageInput', 'landingPage', [[{ id: offerId }, [[['input', 'id'], 'INVALID_VALUE']]]]);
    await expectMalformed('updateLandingPage', 'UpdateLandingPageInput', { id: pageId, redirectUrl: '' }, [
      ['redirectUrl', '', 'Value is not a valid URL: '],
    ]);
    const missing = await mutate('updateLandingPage', 'UpdateLandingPageInput', 'landingPage { id }', {
      id: gid('LandingPage', integrationA, offer.id, 'ghost'),
    });
    expect(missing.userErrors).toEqual([{ field: ['input', 'id'], message: expect.stringContaining('no landing page'), code: 'NOT_FOUND' }]);
    expect(writes()).toEqual([]);
  });
});

describe('an update sends the fields Integr8 requires as Integr8 has them now', () => {
  /** Reads through the gateway twice, so the record is in the cache (the second read makes no call). */
  async function cache(query: string, id: string) {
    expect((await gw.query(query, { id })).errors).toBeUndefined();
    gw.clearRequests();
    await gw.query(query, { id });
    expect(calls()).toEqual([]);
  }
  const NODE = `query($id: ID!) { node(id: $id) { id } }`;

  test('updatePublisher: a name changed in Integr8 after a cached read is the name the PATCH carries', async () => {
    const publisher = data.publishers[12];
    const id = gid('Publisher', publisher.id);
    await cache(NODE, id);
    publisher.name = 'Renamed in Integr8';
    const now = sentBack(publisher, 'publisher');
    gw.clearRequests();
    const payload = await mutate('updatePublisher', 'UpdatePublisherInput', 'publisher { name city }', { id, city: 'Porto' });
    expect(calls()).toEqual([
      { method: 'GET', path: `${API}/publishers/${publisher.id}`, query: {} },
      { method: 'PATCH', path: `${API}/publishers/${publisher.id}`, body: { ...now, name: 'Renamed in Integr8', city: 'Porto' } },
      { method: 'GET', path: `${API}/publishers/${publisher.id}`, query: {} },
    ]);
    expect(payload).toEqual({ publisher: { name: 'Renamed in Integr8', city: 'Porto' }, userErrors: [] });
  });

  test('updateAdvertiser: the name Integr8 has now', async () => {
    const advertiser = data.advertisers[14];
    const id = gid('Advertiser', advertiser.id);
    await cache(NODE, id);
    advertiser.name = 'Advertiser renamed in Integr8';
    const now = sentBack(advertiser, 'advertiser');
    gw.clearRequests();
    const payload = await mutate('updateAdvertiser', 'UpdateAdvertiserInput', 'advertiser { name phone }', { id, phone: '+1-555-0199' });
    expect(writes()).toEqual([
      { method: 'PATCH', path: `${API}/advertisers/${advertiser.id}`, body: { ...now, name: 'Advertiser renamed in Integr8', phone: '+1-555-0199' } },
    ]);
    expect(calls()[0]).toEqual({ method: 'GET', path: `${API}/advertisers/${advertiser.id}`, query: {} });
    expect(payload).toEqual({ advertiser: { name: 'Advertiser renamed in Integr8', phone: '+1-555-0199' }, userErrors: [] });
  });

  test('updateOffer: the name and advertiser Integr8 has now', async () => {
    const offer = offersOf(integrationA)[30];
    const id = gid('Offer', integrationA, offer.id);
    await cache(NODE, id);
    const other = data.advertisers.find((a) => a.incremental_id !== offer.advertiser_id)!;
    offer.name = 'Offer renamed in Integr8';
    offer.advertiser_id = other.incremental_id;
    const now = sentBack(offer, 'offer');
    gw.clearRequests();
    const payload = await mutate('updateOffer', 'UpdateOfferInput', 'offer { name description advertiser { nativeId } }', {
      id,
      description: 'New copy',
    });
    expect(calls().slice(0, 2)).toEqual([
      { method: 'GET', path: `${API}/integrations/${integrationA}/offers/${offer.id}`, query: {} },
      {
        method: 'PATCH',
        path: `${API}/integrations/${integrationA}/offers/${offer.id}`,
        body: { ...now, name: 'Offer renamed in Integr8', advertiser_id: other.incremental_id, description: 'New copy' },
      },
    ]);
    expect(payload).toEqual({
      offer: { name: 'Offer renamed in Integr8', description: 'New copy', advertiser: { nativeId: other.id } },
      userErrors: [],
    });
  });

  test('updateOfferEvent: the name Integr8 has now, read by id', async () => {
    const offer = offersOf(integrationA).filter((o) => (data.events.get(o.id)?.length ?? 0) > 0)[8];
    const event = data.events.get(offer.id)![0];
    const id = gid('OfferEvent', integrationA, offer.id, event.id);
    await cache(NODE, id);
    event.name = 'Event renamed in Integr8';
    const now = sentBack(event, 'event');
    gw.clearRequests();
    const payload = await mutate('updateOfferEvent', 'UpdateOfferEventInput', 'offerEvent { name description }', { id, description: 'Second step' });
    const path = `${API}/integrations/${integrationA}/offers/${offer.id}/events/${event.id}`;
    expect(calls()).toEqual([
      { method: 'GET', path, query: {} },
      { method: 'PATCH', path, body: { ...now, name: 'Event renamed in Integr8', description: 'Second step' } },
      { method: 'GET', path, query: {} },
    ]);
    expect(payload).toEqual({ offerEvent: { name: 'Event renamed in Integr8', description: 'Second step' }, userErrors: [] });
  });

  test('updateLandingPage: the name and redirect URL another client just PATCHed straight to Integr8', async () => {
    const offer = offersOf(integrationA).filter((o) => (data.landingPages.get(o.id)?.length ?? 0) > 0)[8];
    const page = data.landingPages.get(offer.id)![0];
    const id = gid('LandingPage', integrationA, offer.id, page.id);
    await cache(NODE, id);
    const path = `${API}/integrations/${integrationA}/offers/${offer.id}/landing-pages/${page.id}`;
    const direct = await fetch(gw.sims.integr8.url + path, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'api-key': SIMULATOR_KEYS.integr8 },
      body: JSON.stringify({ name: 'Moved LP', redirect_url: 'https://shop.example/moved' }),
    });
    expect(direct.status).toBe(200);
    const now = sentBack(page, 'landingPage');
    expect(now).toMatchObject({ name: 'Moved LP', redirect_url: 'https://shop.example/moved' });
    gw.clearRequests();
    const payload = await mutate('updateLandingPage', 'UpdateLandingPageInput', 'landingPage { name redirectUrl hideFromPublishers }', {
      id,
      hideFromPublishers: true,
    });
    expect(calls()).toEqual([
      { method: 'GET', path, query: {} },
      { method: 'PATCH', path, body: { ...now, hide_from_publishers: true } },
      { method: 'GET', path, query: {} },
    ]);
    expect(payload).toEqual({
      landingPage: { name: 'Moved LP', redirectUrl: 'https://shop.example/moved', hideFromPublishers: true },
      userErrors: [],
    });
  });

  test('a required field Integr8 does not send back is a REQUIRED userError, and nothing is written', async () => {
    const publisher = data.publishers[13];
    const offer = offersOf(integrationA)[31];
    const offerWithPages = offersOf(integrationA).filter((o) => (data.landingPages.get(o.id)?.length ?? 0) > 0)[9];
    const page = data.landingPages.get(offerWithPages.id)![0];
    const { advertiser_id: _dropped, ...offerWithoutAdvertiser } = offer;
    const { redirect_url: _gone, ...pageWithoutUrl } = page;
    const sim = gw.sims.integr8;
    sim.injectFault({ method: 'GET', path: `${API}/publishers/${publisher.id}`, status: 200, body: { data: { ...publisher, name: '' } } });
    sim.injectFault({
      method: 'GET',
      path: `${API}/integrations/${integrationA}/offers/${offer.id}`,
      status: 200,
      body: { data: offerWithoutAdvertiser },
    });
    sim.injectFault({
      method: 'GET',
      path: `${API}/integrations/${integrationA}/offers/${offerWithPages.id}/landing-pages/${page.id}`,
      status: 200,
      body: { data: pageWithoutUrl },
    });
    const required = (field: string, what: string, vendorField: string) => ({
      field: ['input', field],
      message: `Integr8 sent this ${what} without its ${vendorField}, which every update must carry; give ${field} to set it.`,
      code: 'REQUIRED',
    });
    expect(await mutate('updatePublisher', 'UpdatePublisherInput', 'publisher { id }', { id: gid('Publisher', publisher.id), city: 'Faro' })).toEqual(
      {
        publisher: null,
        userErrors: [required('name', 'publisher', 'name')],
      },
    );
    expect(await mutate('updateOffer', 'UpdateOfferInput', 'offer { id }', { id: gid('Offer', integrationA, offer.id), name: 'Given name' })).toEqual(
      {
        offer: null,
        userErrors: [required('advertiserId', 'offer', 'advertiser_id')],
      },
    );
    expect(
      await mutate('updateLandingPage', 'UpdateLandingPageInput', 'landingPage { id }', {
        id: gid('LandingPage', integrationA, offerWithPages.id, page.id),
        active: false,
      }),
    ).toEqual({ landingPage: null, userErrors: [required('redirectUrl', 'landing page', 'redirect_url')] });
    expect(calls().map((c) => c.method)).toEqual(['GET', 'GET', 'GET']);
    expect(writes()).toEqual([]);
  });
});

describe('bulk writes: checked first, and a failure midway says exactly what changed', () => {
  const integrationC = INTEGR8_INTEGRATION_IDS[2];
  const OFFERS = `${RESULTS} offers { id active }`;
  const statusPath = (integrationId: string) => `${API}/integrations/${integrationId}/offers/status`;

  test('setOffersActive: the second integration fails (500); the first stays changed, the third is not called, PARTIAL_FAILURE', async () => {
    const [a] = offersOf(integrationA).slice(40, 41);
    const [b] = offersOf(integrationB).slice(40, 41);
    const [c] = offersOf(integrationC).slice(40, 41);
    [a, b, c].forEach((o) => (o.active = true));
    const ids = [gid('Offer', integrationA, a.id), gid('Offer', integrationB, b.id), gid('Offer', integrationC, c.id)];
    gw.sims.integr8.injectFault({ method: 'PATCH', path: statusPath(integrationB), status: 500 });
    const payload = await mutate('setOffersActive', 'SetActiveInput', OFFERS, { ids, active: false });
    const failed = `Integr8 answered 500 to PATCH ${statusPath(integrationB)}: Injected fault`;
    expect(calls()).toEqual([
      // Every offer exists, read from Integr8 (not the cache), before any write.
      { method: 'GET', path: `${API}/integrations/${integrationA}/offers`, query: listQuery([a.id]) },
      { method: 'GET', path: `${API}/integrations/${integrationB}/offers`, query: listQuery([b.id]) },
      { method: 'GET', path: `${API}/integrations/${integrationC}/offers`, query: listQuery([c.id]) },
      { method: 'PATCH', path: statusPath(integrationA), body: { active: false, data: [a.id] } },
      { method: 'PATCH', path: statusPath(integrationB), body: { active: false, data: [b.id] } },
      // Re-read: the first call's offers, and the failed call's (its outcome is not known from a 500).
      { method: 'GET', path: `${API}/integrations/${integrationA}/offers`, query: listQuery([a.id]) },
      { method: 'GET', path: `${API}/integrations/${integrationB}/offers`, query: listQuery([b.id]) },
    ]);
    expect(payload).toEqual({
      results: [
        changed(ids[0]),
        { targetId: ids[1], status: 'UNCHANGED', message: `Not changed: ${failed}` },
        { targetId: ids[2], status: 'UNCHANGED', message: `Not changed: an earlier call failed (${failed}), so this offer's call was not made.` },
      ],
      offers: [{ id: ids[0], active: false }],
      userErrors: [
        {
          field: null,
          message: `A call failed partway (${failed}): 1 of 3 offers were changed, the results say which. The calls after the failed one were not made.`,
          code: 'PARTIAL_FAILURE',
        },
      ],
    });
    expect([a.active, b.active, c.active]).toEqual([false, true, true]);
  });

  test('a failed call whose change Integr8 shows after all (the answer was lost) is reported as changed', async () => {
    const [a] = offersOf(integrationA).slice(48, 49);
    const [b] = offersOf(integrationB).slice(48, 49);
    a.active = true;
    // Integr8 carried out the second call but its answer was a 500.
    b.active = false;
    const ids = [gid('Offer', integrationA, a.id), gid('Offer', integrationB, b.id)];
    gw.sims.integr8.injectFault({ method: 'PATCH', path: statusPath(integrationB), status: 500 });
    const payload = await mutate('setOffersActive', 'SetActiveInput', OFFERS, { ids, active: false });
    expect(payload).toEqual({
      results: [changed(ids[0]), changed(ids[1])],
      offers: [
        { id: ids[0], active: false },
        { id: ids[1], active: false },
      ],
      userErrors: [
        {
          field: null,
          message: `A call failed partway (Integr8 answered 500 to PATCH ${statusPath(integrationB)}: Injected fault): 2 of 2 offers were changed, the results say which.`,
          code: 'PARTIAL_FAILURE',
        },
      ],
    });
  });

  test('deleteOffers: the second integration refuses (400); the first is deleted, PARTIAL_FAILURE and the refusal', async () => {
    const [a] = offersOf(integrationA).slice(42, 43);
    const [b] = offersOf(integrationB).slice(42, 43);
    const ids = [gid('Offer', integrationA, a.id), gid('Offer', integrationB, b.id)];
    const path = `${API}/integrations/${integrationB}/offers`;
    gw.sims.integr8.injectFault({ method: 'DELETE', path, status: 400, body: { error: 'offers in use cannot be deleted' } });
    const payload = await mutate('deleteOffers', 'DeleteInput', `${RESULTS} deletedIds`, { ids });
    const refused = `Integr8 answered 400 to DELETE ${path}: offers in use cannot be deleted`;
    expect(writes()).toEqual([
      { method: 'DELETE', path: `${API}/integrations/${integrationA}/offers`, body: { data: [a.id] } },
      { method: 'DELETE', path, body: { data: [b.id] } },
    ]);
    expect(payload).toEqual({
      results: [changed(ids[0]), { targetId: ids[1], status: 'UNCHANGED', message: `Not changed: ${refused}` }],
      deletedIds: [ids[0]],
      userErrors: [
        { field: null, message: `A call failed partway (${refused}): 1 of 2 offers were changed, the results say which.`, code: 'PARTIAL_FAILURE' },
        { field: null, message: refused, code: 'VENDOR_REJECTED' },
      ],
    });
    expect(data.offers.some((o) => o.id === a.id)).toBe(false);
    expect(data.offers.some((o) => o.id === b.id)).toBe(true);
  });

  test('when the first call is refused nothing changed: its userErrors, and no further call', async () => {
    const [a] = offersOf(integrationA).slice(44, 45);
    const [b] = offersOf(integrationB).slice(44, 45);
    a.active = true;
    b.active = true;
    const ids = [gid('Offer', integrationA, a.id), gid('Offer', integrationB, b.id)];
    gw.sims.integr8.injectFault({ method: 'PATCH', path: statusPath(integrationA), status: 402, body: { error: 'integration is locked' } });
    const payload = await mutate('setOffersActive', 'SetActiveInput', OFFERS, { ids, active: false });
    const refused = `Integr8 answered 402 to PATCH ${statusPath(integrationA)}: integration is locked`;
    expect(writes()).toEqual([{ method: 'PATCH', path: statusPath(integrationA), body: { active: false, data: [a.id] } }]);
    expect(payload).toEqual({
      results: [
        { targetId: ids[0], status: 'UNCHANGED', message: `Not changed: ${refused}` },
        { targetId: ids[1], status: 'UNCHANGED', message: `Not changed: an earlier call failed (${refused}), so this offer's call was not made.` },
      ],
      offers: [],
      userErrors: [{ field: null, message: refused, code: 'VENDOR_REFUSED' }],
    });
    expect([a.active, b.active]).toEqual([true, true]);
  });

  test('a status change Integr8 cannot be read back after is UNKNOWN per item, with no record it could not read', async () => {
    const targets = data.publishers.slice(60, 62);
    targets.forEach((p) => (p.active = true));
    const ids = targets.map((p) => gid('Publisher', p.id));
    const list = `${API}/publishers`;
    // The PATCH is held back long enough to make the re-read after it fail (the check before it reads the same list).
    gw.sims.integr8.injectFault({ method: 'PATCH', path: `${list}/status`, delayMs: 300 });
    const pending = mutate('setPublishersActive', 'SetActiveInput', `${RESULTS} publishers { id active }`, { ids, active: false });
    for (let waited = 0; !gw.requests('integr8').some((r) => r.method === 'PATCH'); waited += 10) {
      if (waited > 2000) throw new Error('the PATCH was not sent');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    gw.sims.integr8.injectFault({ method: 'GET', path: list, status: 500, body: { error: 'Temporary failure' } });
    const payload = await pending;
    const unknown = 'The call went through, but Integr8 could not be read back to check this publisher.';
    expect(payload).toEqual({ results: ids.map((targetId) => ({ targetId, status: 'UNKNOWN', message: unknown })), publishers: [], userErrors: [] });
    expect(gw.requests('integr8').map((r) => [r.method, r.path, r.status])).toEqual([
      ['GET', list, 200],
      ['PATCH', `${list}/status`, 200],
      ['GET', list, 500],
    ]);
    expect(targets.map((p) => p.active)).toEqual([false, false]);
  });

  test('an id given twice is one result per input and one record in the payload', async () => {
    const [p, q] = data.publishers.slice(64, 66);
    const ids = [gid('Publisher', p.id), gid('Publisher', q.id), gid('Publisher', p.id)];
    const active = await mutate('setPublishersActive', 'SetActiveInput', `${RESULTS} publishers { id active }`, { ids, active: true });
    expect(active).toEqual({
      results: ids.map(changed),
      publishers: [
        { id: ids[0], active: true },
        { id: ids[1], active: true },
      ],
      userErrors: [],
    });
    expect(writes()).toEqual([{ method: 'PATCH', path: `${API}/publishers/status`, body: { active: true, data: [p.id, q.id] } }]);
    gw.clearRequests();
    const deleted = await mutate('deletePublishers', 'DeleteInput', `${RESULTS} deletedIds`, { ids });
    expect(deleted).toEqual({ results: ids.map(changed), deletedIds: [ids[0], ids[1]], userErrors: [] });
    expect(writes()).toEqual([{ method: 'DELETE', path: `${API}/publishers`, body: { data: [p.id, q.id] } }]);
  });

  test('an offer deleted in Integr8 after a cached read is found missing before any write', async () => {
    const [gone, kept] = offersOf(integrationB).slice(46, 48);
    const ids = [gid('Offer', integrationB, kept.id), gid('Offer', integrationB, gone.id)];
    expect((await gw.query(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids })).errors).toBeUndefined();
    data.offers = data.offers.filter((o) => o !== gone);
    data.offerIntegration.delete(gone.id);
    gw.clearRequests();
    for (const call of ['setOffersActive(input: { ids: $ids, active: false })', 'deleteOffers(input: { ids: $ids })']) {
      const res = await gw.query(`mutation($ids: [ID!]!) { r: ${call} { results { targetId } ${ERRORS} } }`, { ids });
      expect(res).toEqual({
        data: {
          r: { results: [], userErrors: [{ field: ['input', 'ids', '1'], message: `Integr8 has no offer with ID "${ids[1]}".`, code: 'NOT_FOUND' }] },
        },
      });
    }
    expect(calls()).toEqual([
      { method: 'GET', path: `${API}/integrations/${integrationB}/offers`, query: listQuery([kept.id, gone.id]) },
      { method: 'GET', path: `${API}/integrations/${integrationB}/offers`, query: listQuery([kept.id, gone.id]) },
    ]);
  });
});

test('a create answered without created_item_id is an UPSTREAM_ERROR naming the endpoint', async () => {
  gw.sims.integr8.injectFault({ method: 'POST', path: `${API}/advertisers`, status: 200, body: { id: 'somewhere' } });
  const res = await gw.query(`mutation { createAdvertiser(input: { name: "No id" }) { advertiser { id } userErrors { code } } }`);
  expect(res.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
    ['Integr8 answered POST /api/v2/advertisers with an unexpected shape: created_item_id is missing, expected an id', 'UPSTREAM_ERROR'],
  ]);
});

describe('an update changes only the given fields, whether Integr8 merges a PATCH or replaces the writable fields', () => {
  afterEach(() => {
    gw.sims.integr8.readings.patchSemantics = 'merge';
  });

  test.each(['merge', 'replace'] as const)('%s', async (reading) => {
    gw.sims.integr8.readings.patchSemantics = reading;
    const n = reading === 'merge' ? 0 : 1;
    const publisher = data.publishers.filter((p) => p.manager_id && p.company_name && p.countries.length > 0)[n];
    const offer = offersOf(integrationA).filter((o) => o.description && o.default_payout.revenue > 0)[60 + n];
    const withChildren = offersOf(integrationB).filter(
      (o) => (data.events.get(o.id)?.length ?? 0) > 0 && (data.landingPages.get(o.id)?.length ?? 0) > 0,
    )[n];
    const event = data.events.get(withChildren.id)![0];
    const page = data.landingPages.get(withChildren.id)![0];
    const before = structuredClone({ publisher, offer, event, page });

    const ok = { userErrors: [] };
    expect(
      await mutate('updatePublisher', 'UpdatePublisherInput', 'publisher { id }', { id: gid('Publisher', publisher.id), city: 'Braga' }),
    ).toMatchObject(ok);
    expect(
      await mutate('updateOffer', 'UpdateOfferInput', 'offer { id }', { id: gid('Offer', integrationA, offer.id), defaultPayout: { payout: 9 } }),
    ).toMatchObject(ok);
    expect(
      await mutate('updateOfferEvent', 'UpdateOfferEventInput', 'offerEvent { id }', {
        id: gid('OfferEvent', integrationB, withChildren.id, event.id),
        payout: { revenue: 4 },
      }),
    ).toMatchObject(ok);
    expect(
      await mutate('updateLandingPage', 'UpdateLandingPageInput', 'landingPage { id }', {
        id: gid('LandingPage', integrationB, withChildren.id, page.id),
        previewUrl: 'https://shop.example/p',
      }),
    ).toMatchObject(ok);

    expect({ publisher, offer, event, page }).toEqual({
      publisher: { ...before.publisher, city: 'Braga', updated_at: expect.any(String) },
      offer: { ...before.offer, default_payout: { ...before.offer.default_payout, payout: 9 }, updated_at: expect.any(String) },
      event: { ...before.event, revenue: 4 },
      page: { ...before.page, preview_url: 'https://shop.example/p' },
    });
  });
});

describe('the invalidation rule: a write that may have happened drops the cached reads, a refusal keeps them', () => {
  const READ = `query($id: ID!) { publisher(id: $id) { name active } }`;

  /** Reads the publisher twice, so that it is cached (the second read makes no call). */
  async function cached(id: string) {
    expect((await gw.query(READ, { id })).errors).toBeUndefined();
    gw.clearRequests();
    await gw.query(READ, { id });
    expect(calls()).toEqual([]);
  }

  test.each<[string, number, (path: string) => { errors?: unknown[]; data: unknown }, number, number]>([
    [
      'updatePublisher answered 5xx: dropped, the next read goes to Integr8',
      500,
      (path) => ({
        data: { payload: null },
        errors: [
          expect.objectContaining({
            message: `Integr8 answered 500 to PATCH ${path}: Temporary failure`,
            extensions: { code: 'UPSTREAM_ERROR', vendor: 'INTEGR8', upstreamStatus: 500 },
          }),
        ],
      }),
      1,
      80,
    ],
    [
      'updatePublisher refused (400): kept, the next read is the cached one',
      400,
      (path) => ({
        data: {
          payload: {
            publisher: null,
            userErrors: [{ field: null, message: `Integr8 answered 400 to PATCH ${path}: Temporary failure`, code: 'VENDOR_REJECTED' }],
          },
        },
      }),
      0,
      81,
    ],
  ])('%s', async (_, status, expected, upstreamReads, n) => {
    const publisher = data.publishers[n];
    const id = gid('Publisher', publisher.id);
    const path = `${API}/publishers/${publisher.id}`;
    await cached(id);
    gw.sims.integr8.injectFault({ method: 'PATCH', path, status, body: { error: 'Temporary failure' } });
    const res = await gw.query(`mutation($input: UpdatePublisherInput!) { payload: updatePublisher(input: $input) { publisher { id } ${ERRORS} } }`, {
      input: { id, city: 'Never Stored' },
    });
    expect(res).toEqual(expected(path));
    // The update read the publisher fresh, then sent the PATCH, once.
    expect(gw.requests('integr8').map((r) => [r.method, r.path, r.status])).toEqual([
      ['GET', path, 200],
      ['PATCH', path, status],
    ]);
    gw.clearRequests();
    await gw.query(READ, { id });
    expect(calls()).toHaveLength(upstreamReads);
  });

  test('a bulk write whose only call is refused keeps them; one that went through drops them', async () => {
    const publisher = data.publishers[82];
    publisher.active = true;
    const id = gid('Publisher', publisher.id);
    const path = `${API}/publishers/status`;
    await cached(id);
    gw.sims.integr8.injectFault({ method: 'PATCH', path, status: 402, body: { error: 'account is locked' } });
    const refused = `Integr8 answered 402 to PATCH ${path}: account is locked`;
    expect(await mutate('setPublishersActive', 'SetActiveInput', `${RESULTS} publishers { id active }`, { ids: [id], active: false })).toEqual({
      results: [{ targetId: id, status: 'UNCHANGED', message: `Not changed: ${refused}` }],
      publishers: [],
      userErrors: [{ field: null, message: refused, code: 'VENDOR_REFUSED' }],
    });
    gw.clearRequests();
    expect((await gw.query(READ, { id })).data.publisher.active).toBe(true);
    expect(calls()).toEqual([]);

    expect(await mutate('setPublishersActive', 'SetActiveInput', `${RESULTS} publishers { id active }`, { ids: [id], active: false })).toEqual({
      results: [changed(id)],
      publishers: [{ id, active: false }],
      userErrors: [],
    });
    // The cached copy (active) is gone: the read sees the change (from the bulk write's own re-read).
    expect((await gw.query(READ, { id })).data.publisher.active).toBe(false);
  });
});
