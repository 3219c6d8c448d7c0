/**
 * Integr8 contract: every example response of integr8-api.txt (fixtures/integr8/, recovered by
 * extract.ts) served as the vendor's answer to the gateway's real client, then mapped. Each test
 * asserts the request the client sent and the whole mapped model, with the fixture's values.
 *
 * The document's examples use placeholders ("string", 0). Where a placeholder is not a valid
 * value of the model field's scalar ("string" is no URL, e-mail, country code, time zone or
 * time), the model field is null by the normaliser's design and the value is asserted in `raw`.
 */
import { readFileSync } from 'node:fs';
import { type Integr8Client } from '../../src/vendors/integr8/client.js';
import {
  mapAdvertiser,
  mapClickRow,
  mapConversionRow,
  mapExport,
  mapImpressionRow,
  mapLandingPage,
  mapOffer,
  mapOfferEvent,
  mapPublisher,
  mapUser,
} from '../../src/vendors/integr8/mappers.js';
import type { Integr8Export, Integr8ReportQuery } from '../../src/vendors/integr8/types.js';
import { CONTRACT_CREDENTIAL, clientFor, serveFixture } from './helpers.js';

// Helpers: a fixture as the answer to one client call.

/** A fixture file's JSON. */
function fixture(file: string): any {
  return JSON.parse(readFileSync(new URL(`./fixtures/integr8/${file}`, import.meta.url), 'utf8'));
}

/**
 * Serves `file` to a fresh Integr8Client, runs `call`, checks the API-KEY header of every request,
 * and returns the fixture, the call's result and the requests the server saw.
 */
async function callWith<T>(file: string, call: (client: Integr8Client) => Promise<T>) {
  const body = fixture(file);
  const server = await serveFixture(body);
  try {
    const client = clientFor('integr8', server.url);
    const result = await call(client);
    const requests = server.requests.map(({ method, path, query, body: sent }) => ({ method, path, query, body: sent }));
    // Every call carries the documented auth header.
    expect(server.requests.map((request) => request.headers['api-key'])).toEqual(requests.map(() => CONTRACT_CREDENTIAL));
    return { body, result, requests };
  } finally {
    await server.close();
  }
}

const INTEGRATION = 'int-7';
const OFFER = 'off-3';
/** The document's one time value. */
const T = new Date('2019-08-24T14:15:22Z');
const LIST = { page: 2, size: 25 };
const LIST_QUERY = { 'page[number]': '2', 'page[size]': '25' };
const get = (path: string) => [{ method: 'GET', path: `/api/v2${path}`, query: {}, body: undefined }];
const list = (path: string) => [{ method: 'GET', path: `/api/v2${path}`, query: LIST_QUERY, body: undefined }];
const write = (method: string, path: string, body: unknown) => [{ method, path: `/api/v2${path}`, query: {}, body }];
const ref = (type: string, ...key: string[]) => ({ ref: { vendor: 'INTEGR8', type, key } });

// Expected models of the documented records.

const user = (raw: unknown) => ({
  type: 'User',
  vendor: 'INTEGR8',
  key: ['abc123'],
  nativeId: 'abc123',
  email: 'jane.doe@example.com',
  firstName: 'Jane',
  lastName: 'Doe',
  role: 'ACCOUNT_MANAGER',
  status: 'ACTIVE',
  phone: '+1-555-0100',
  city: 'New York',
  country: 'US',
  timezone: 'America/New_York',
  apiAccessEnabled: true,
  isAdvertiserManager: false,
  isPublisherManager: false,
  publisherManagerAccess: 'GLOBAL',
  lastLoginAt: T,
  createdAt: T,
  updatedAt: T,
  raw,
});

const offer = (raw: unknown) => ({
  type: 'Offer',
  vendor: 'INTEGR8',
  key: [INTEGRATION, 'abc123'],
  nativeId: 'abc123',
  fetchable: true,
  integrationId: INTEGRATION,
  incrementalId: 1,
  name: 'string',
  nameWithId: 'Summer Campaign 2025 [1]',
  // archived: true wins over active: true
  status: 'ARCHIVED',
  active: true,
  archived: true,
  // advertiser_id 0 (raw): advertisers' incremental ids start at 1 (`incremental_id: 1`), so 0 names none.
  advertiserRef: null,
  currency: 'USD',
  description: 'string',
  defaultPayout: { payout: 10, payoutPercent: 0, payoutType: 'CPA', revenue: 15, revenuePercent: 0, revenueType: 'RPA', currency: 'USD' },
  visibility: 'PUBLIC',
  conversionName: 'string',
  fallbackUrl: null, // "string" (raw) is no URL
  primaryDomain: 'string',
  previewEnabled: true,
  allowDuplicateConversions: true,
  blockOnReject: true,
  deepLinkEnabled: true,
  hideJsTracking: true,
  impressionForwardingEnabled: true,
  impressionForwardingUrl: null, // "string" (raw) is no URL
  manuallyApproveConversions: true,
  parallelTrackingEnabled: true,
  parallelTrackingUrl: null, // "string" (raw) is no URL
  restrictionNote: 'string',
  targetingGroupId: 'string',
  targetingSimpleEnabled: true,
  termsAndConditions: 'string',
  termsAndConditionsEnabled: true,
  viewThroughAttributionEnabled: true,
  trackingDomainId: null, // not an Integr8 offer field
  createdAt: T,
  updatedAt: T,
  raw,
});

const offerEvent = (raw: unknown) => ({
  type: 'OfferEvent',
  vendor: 'INTEGR8',
  key: [INTEGRATION, OFFER, 'abc123'],
  nativeId: 'abc123',
  offerRef: ref('Offer', INTEGRATION, OFFER),
  name: 'Lead Signup',
  description: 'string',
  active: true,
  archived: true,
  allowMultipleEvents: true,
  manuallyApproveEvents: true,
  currency: 'USD',
  payout: { payout: 0, payoutPercent: 0, payoutType: 'CPA', revenue: 0, revenuePercent: 0, revenueType: 'RPA', currency: 'USD' },
  raw,
});

const landingPage = (raw: unknown) => ({
  type: 'LandingPage',
  vendor: 'INTEGR8',
  key: [INTEGRATION, OFFER, 'abc123'],
  nativeId: 'abc123',
  offerRef: ref('Offer', INTEGRATION, OFFER),
  name: 'Homepage',
  active: true,
  archived: true,
  hideFromPublishers: true,
  previewUrl: null, // "string" (raw) is no URL
  redirectUrl: null, // "string" (raw) is no URL
  raw,
});

/** What the document shows alike for publishers and advertisers. */
const party = {
  key: ['abc123'],
  nativeId: 'abc123',
  incrementalId: 1,
  name: 'string',
  companyName: 'string',
  firstName: 'string',
  lastName: 'string',
  email: null, // "string" (raw) is no e-mail address
  phone: 'string',
  messenger: 'string',
  website: null, // "string" (raw) is no URL
  address: 'string',
  country: null, // "string" (raw) is no country code
  description: 'string',
  active: true,
  archived: true,
  managerRef: ref('User', 'string'),
  createdAt: T,
  updatedAt: T,
};

const publisher = (raw: unknown) => ({
  type: 'Publisher',
  vendor: 'INTEGR8',
  ...party,
  nameWithId: 'Acme Media [1]',
  city: 'string',
  countries: [], // ["string"] (raw): no country code
  timezone: null, // "string" (raw) is no IANA zone
  pending: true,
  promotionalMethods: [], // ["string"] (raw): not one of the documented methods
  trackingDomainIds: ['string'],
  raw,
});

const advertiser = (raw: unknown) => ({
  type: 'Advertiser',
  vendor: 'INTEGR8',
  fetchable: true,
  ...party,
  nameWithId: 'Acme Corp [1]',
  raw,
});

/** The fields the three report rows share, mapped (every placeholder "string" of the document). */
const rowKey = ['string', T.toISOString(), 'string'];
const rowRefs = { offerRef: ref('Offer', 'string', 'string'), publisherRef: ref('Publisher', 'string'), advertiserRef: ref('Advertiser', 'string') };
const sixSubIds = [1, 2, 3, 4, 5, 6].map((position) => ({ position, value: 'string' }));
const trafficDetails = {
  integrationId: 'string',
  realTxId: 'string',
  score: 0,
  risk: 'string',
  rejections: ['string'],
  rejectionType: 'string',
  rejectedReason: 'string',
  isBot: false,
  fingerprint: 'string',
  tags: ['string'],
  smartLinkId: 'string',
  targetingGroupId: 'string',
  extraParams: { string: 'string' },
  integrationType: 'string',
  externalTransactionId: 'string',
};

const exportModel = (raw: any) => ({
  type: 'Export',
  vendor: 'INTEGR8',
  key: ['string'],
  nativeId: 'string',
  exportType: 'string',
  status: 'PENDING',
  query: {
    startDate: 'string',
    endDate: 'string',
    relativeDate: 'string',
    fields: ['string'],
    extraParameters: ['string'],
    filters: {
      property1: { equal_values: ['string'], greater_than_values: [0], less_than_values: [0], like_values: ['string'], not_equal_values: ['string'] },
      property2: { equal_values: ['string'], greater_than_values: [0], less_than_values: [0], like_values: ['string'], not_equal_values: ['string'] },
    },
    sortBy: [{ is_descending: true, name: 'string' }],
  },
  // results_meta {duration_seconds: 0, range_truncated: true, total: 0} and artifact.size 0 (raw):
  // an export's results only count once it is done, and this one is PENDING.
  rowCount: null,
  durationSeconds: null,
  rangeTruncated: null,
  size: null,
  artifactName: 'string',
  delimiter: 'string',
  integrationId: 'string',
  requestedBy: 'string',
  lastUpdatedBy: 'string',
  error: 'string',
  createdAt: null, // "string" (raw) is no time
  updatedAt: null, // "string" (raw) is no time
  raw,
});

/** The documented `meta` of every list example. */
const LIST_META = {
  links: {
    next: { 'page[after]': 'string', 'page[before]': 'string', 'page[number]': 0, 'page[size]': 0 },
    prev: { 'page[after]': 'string', 'page[before]': 'string', 'page[number]': 0, 'page[size]': 0 },
  },
  total_count: 0,
  total_page: 0,
};

describe('pagination', () => {
  test('every list example carries the meta fields the pagination section documents', () => {
    const fragment = fixture('pagination.meta.json');
    expect(fragment).toEqual({ meta: { total_count: 1000, total_page: 50 } });
    const lists = ['users', 'offers', 'publishers', 'advertisers', 'offer-events', 'landing-pages', 'download-center.exports'].map((name) =>
      fixture(`${name}.list.json`),
    );
    for (const answer of lists) {
      expect(Object.keys(answer.meta)).toEqual(expect.arrayContaining(Object.keys(fragment.meta)));
      expect(answer.meta).toEqual(LIST_META);
    }
  });
});

describe('organization users', () => {
  test('GET /organization/users: the page and its user, field for field', async () => {
    const { body, result, requests } = await callWith('users.list.json', (c) => c.users(LIST));
    expect(requests).toEqual(list('/organization/users'));
    expect(result).toEqual(body);
    expect(result.meta).toEqual(LIST_META);
    expect(result.data.map(mapUser)).toEqual([user(body.data[0])]);
  });

  test('GET /organization/users/:userID: the user inside `data`', async () => {
    const { body, result, requests } = await callWith('users.get.json', (c) => c.user('abc123'));
    expect(requests).toEqual(get('/organization/users/abc123'));
    expect(result).toEqual(body.data);
    expect(mapUser(result)).toEqual(user(body.data));
  });

  test('POST /organization/users answers the new id', async () => {
    const sent = { email: 'jane.doe@example.com', password: 'S3cur3P@ssw0rd!', role: 'accountManager' as const };
    const { result, requests } = await callWith('users.create.json', (c) => c.createUser(sent));
    expect(requests).toEqual(write('POST', '/organization/users', sent));
    expect(result).toEqual({ created_item_id: 'string' });
  });

  test('PATCH /organization/users/:userID answers {}', async () => {
    const sent = { status: 'Deactivated' as const };
    const { result, requests } = await callWith('users.update.json', (c) => c.updateUser('abc123', sent));
    expect(requests).toEqual(write('PATCH', '/organization/users/abc123', sent));
    expect(result).toEqual({});
  });
});

describe('offers', () => {
  test('GET /integrations/:integrationID/offers: the page and its offer, field for field', async () => {
    const { body, result, requests } = await callWith('offers.list.json', (c) => c.offers(INTEGRATION, LIST));
    expect(requests).toEqual(list(`/integrations/${INTEGRATION}/offers`));
    expect(result).toEqual(body);
    expect(result.meta).toEqual(LIST_META);
    expect(result.data.map((o) => mapOffer(o, INTEGRATION))).toEqual([offer(body.data[0])]);
    expect(body.data[0].advertiser_id).toBe(0);
  });

  test('GET /integrations/:integrationID/offers/:offerID: the offer inside `data`', async () => {
    const { body, result, requests } = await callWith('offers.get.json', (c) => c.offer(INTEGRATION, 'abc123'));
    expect(requests).toEqual(get(`/integrations/${INTEGRATION}/offers/abc123`));
    expect(result).toEqual(body.data);
    expect(mapOffer(result, INTEGRATION)).toEqual(offer(body.data));
  });

  test('POST /integrations/:integrationID/offers answers the new id', async () => {
    const sent = { advertiser_id: 42, name: 'Summer Campaign 2025' };
    const { result, requests } = await callWith('offers.create.json', (c) => c.createOffer(INTEGRATION, sent));
    expect(requests).toEqual(write('POST', `/integrations/${INTEGRATION}/offers`, sent));
    expect(result).toEqual({ created_item_id: 'string' });
  });

  test('PATCH /integrations/:integrationID/offers/:offerID answers {}', async () => {
    const sent = { advertiser_id: 42, name: 'Summer Campaign 2025' };
    const { result, requests } = await callWith('offers.update.json', (c) => c.updateOffer(INTEGRATION, 'abc123', sent));
    expect(requests).toEqual(write('PATCH', `/integrations/${INTEGRATION}/offers/abc123`, sent));
    expect(result).toEqual({});
  });

  test('PATCH /integrations/:integrationID/offers/status answers {}', async () => {
    const sent = { active: true, data: ['id1', 'id2'] };
    const { result, requests } = await callWith('offers.status.json', (c) => c.setOffersStatus(INTEGRATION, sent));
    expect(requests).toEqual(write('PATCH', `/integrations/${INTEGRATION}/offers/status`, sent));
    expect(result).toEqual({});
  });

  test('DELETE /integrations/:integrationID/offers answers {}', async () => {
    const sent = { data: ['id1', 'id2'] };
    const { result, requests } = await callWith('offers.delete.json', (c) => c.deleteOffers(INTEGRATION, sent));
    expect(requests).toEqual(write('DELETE', `/integrations/${INTEGRATION}/offers`, sent));
    expect(result).toEqual({});
  });
});

describe('offer events', () => {
  const path = `/integrations/${INTEGRATION}/offers/${OFFER}/events`;

  test('GET .../offers/:offerID/events: the page and its event, field for field', async () => {
    const { body, result, requests } = await callWith('offer-events.list.json', (c) => c.events(INTEGRATION, OFFER, LIST));
    expect(requests).toEqual(list(path));
    expect(result).toEqual(body);
    expect(result.meta).toEqual(LIST_META);
    expect(result.data.map((e) => mapOfferEvent(e, INTEGRATION, OFFER))).toEqual([offerEvent(body.data[0])]);
  });

  test('GET .../events/:offerEventID: the event inside `data`', async () => {
    const { body, result, requests } = await callWith('offer-events.get.json', (c) => c.event(INTEGRATION, OFFER, 'abc123'));
    expect(requests).toEqual(get(`${path}/abc123`));
    expect(result).toEqual(body.data);
    expect(mapOfferEvent(result, INTEGRATION, OFFER)).toEqual(offerEvent(body.data));
  });

  test('POST .../offers/:offerID/events answers the new id', async () => {
    const sent = { name: 'Lead Signup', payout: 5, payout_type: 'CPA' as const };
    const { result, requests } = await callWith('offer-events.create.json', (c) => c.createEvent(INTEGRATION, OFFER, sent));
    expect(requests).toEqual(write('POST', path, sent));
    expect(result).toEqual({ created_item_id: 'string' });
  });

  test('PATCH .../events/:offerEventID answers {}', async () => {
    const sent = { name: 'Lead Signup' };
    const { result, requests } = await callWith('offer-events.update.json', (c) => c.updateEvent(INTEGRATION, OFFER, 'abc123', sent));
    expect(requests).toEqual(write('PATCH', `${path}/abc123`, sent));
    expect(result).toEqual({});
  });
});

describe('offer landing pages', () => {
  const path = `/integrations/${INTEGRATION}/offers/${OFFER}/landing-pages`;

  test('GET .../offers/:offerID/landing-pages: the page and its landing page, field for field', async () => {
    const { body, result, requests } = await callWith('landing-pages.list.json', (c) => c.landingPages(INTEGRATION, OFFER, LIST));
    expect(requests).toEqual(list(path));
    expect(result).toEqual(body);
    expect(result.meta).toEqual(LIST_META);
    expect(result.data.map((p) => mapLandingPage(p, INTEGRATION, OFFER))).toEqual([landingPage(body.data[0])]);
  });

  test('GET .../landing-pages/:offerLandingPageID: the landing page inside `data`', async () => {
    const { body, result, requests } = await callWith('landing-pages.get.json', (c) => c.landingPage(INTEGRATION, OFFER, 'abc123'));
    expect(requests).toEqual(get(`${path}/abc123`));
    expect(result).toEqual(body.data);
    expect(mapLandingPage(result, INTEGRATION, OFFER)).toEqual(landingPage(body.data));
  });

  test('POST .../offers/:offerID/landing-pages answers the new id', async () => {
    const sent = { name: 'Homepage', redirect_url: 'https://example.com/' };
    const { result, requests } = await callWith('landing-pages.create.json', (c) => c.createLandingPage(INTEGRATION, OFFER, sent));
    expect(requests).toEqual(write('POST', path, sent));
    expect(result).toEqual({ created_item_id: 'string' });
  });

  test('PATCH .../landing-pages/:offerLandingPageID answers {}', async () => {
    const sent = { name: 'Homepage', redirect_url: 'https://example.com/' };
    const { result, requests } = await callWith('landing-pages.update.json', (c) => c.updateLandingPage(INTEGRATION, OFFER, 'abc123', sent));
    expect(requests).toEqual(write('PATCH', `${path}/abc123`, sent));
    expect(result).toEqual({});
  });
});

describe('publishers', () => {
  test('GET /publishers: the page and its publisher, field for field', async () => {
    const { body, result, requests } = await callWith('publishers.list.json', (c) => c.publishers(LIST));
    expect(requests).toEqual(list('/publishers'));
    expect(result).toEqual(body);
    expect(result.meta).toEqual(LIST_META);
    expect(result.data.map(mapPublisher)).toEqual([publisher(body.data[0])]);
  });

  test('GET /publishers/:publisherID: the publisher inside `data`', async () => {
    const { body, result, requests } = await callWith('publishers.get.json', (c) => c.publisher('abc123'));
    expect(requests).toEqual(get('/publishers/abc123'));
    expect(result).toEqual(body.data);
    expect(mapPublisher(result)).toEqual(publisher(body.data));
  });

  test('POST /publishers answers the new id', async () => {
    const sent = { name: 'Acme Media', promotional_method: ['Content' as const] };
    const { result, requests } = await callWith('publishers.create.json', (c) => c.createPublisher(sent));
    expect(requests).toEqual(write('POST', '/publishers', sent));
    expect(result).toEqual({ created_item_id: 'string' });
  });

  test('PATCH /publishers/:publisherID answers {}', async () => {
    const sent = { name: 'Acme Media' };
    const { result, requests } = await callWith('publishers.update.json', (c) => c.updatePublisher('abc123', sent));
    expect(requests).toEqual(write('PATCH', '/publishers/abc123', sent));
    expect(result).toEqual({});
  });

  test('PATCH /publishers/status answers {}', async () => {
    const sent = { active: false, data: ['id1', 'id2'] };
    const { result, requests } = await callWith('publishers.status.json', (c) => c.setPublishersStatus(sent));
    expect(requests).toEqual(write('PATCH', '/publishers/status', sent));
    expect(result).toEqual({});
  });

  test('DELETE /publishers answers {}', async () => {
    const sent = { data: ['id1', 'id2'] };
    const { result, requests } = await callWith('publishers.delete.json', (c) => c.deletePublishers(sent));
    expect(requests).toEqual(write('DELETE', '/publishers', sent));
    expect(result).toEqual({});
  });
});

describe('advertisers', () => {
  test('GET /advertisers: the page and its advertiser, field for field', async () => {
    const { body, result, requests } = await callWith('advertisers.list.json', (c) => c.advertisers(LIST));
    expect(requests).toEqual(list('/advertisers'));
    expect(result).toEqual(body);
    expect(result.meta).toEqual(LIST_META);
    expect(result.data.map(mapAdvertiser)).toEqual([advertiser(body.data[0])]);
  });

  test('GET /advertisers/:advertiserID: the advertiser inside `data`', async () => {
    const { body, result, requests } = await callWith('advertisers.get.json', (c) => c.advertiser('abc123'));
    expect(requests).toEqual(get('/advertisers/abc123'));
    expect(result).toEqual(body.data);
    expect(mapAdvertiser(result)).toEqual(advertiser(body.data));
  });

  test('POST /advertisers answers the new id', async () => {
    const sent = { name: 'Acme Corp', email: 'john.smith@acmecorp.com' };
    const { result, requests } = await callWith('advertisers.create.json', (c) => c.createAdvertiser(sent));
    expect(requests).toEqual(write('POST', '/advertisers', sent));
    expect(result).toEqual({ created_item_id: 'string' });
  });

  test('PATCH /advertisers/:advertiserID answers {}', async () => {
    const sent = { name: 'Acme Corp' };
    const { result, requests } = await callWith('advertisers.update.json', (c) => c.updateAdvertiser('abc123', sent));
    expect(requests).toEqual(write('PATCH', '/advertisers/abc123', sent));
    expect(result).toEqual({});
  });

  test('PATCH /advertisers/status answers {}', async () => {
    const sent = { active: true, data: ['id1', 'id2'] };
    const { result, requests } = await callWith('advertisers.status.json', (c) => c.setAdvertisersStatus(sent));
    expect(requests).toEqual(write('PATCH', '/advertisers/status', sent));
    expect(result).toEqual({});
  });

  test('DELETE /advertisers answers {}', async () => {
    const sent = { data: ['id1', 'id2'] };
    const { result, requests } = await callWith('advertisers.delete.json', (c) => c.deleteAdvertisers(sent));
    expect(requests).toEqual(write('DELETE', '/advertisers', sent));
    expect(result).toEqual({});
  });
});

describe('reports', () => {
  const query: Integr8ReportQuery = {
    integration_id: INTEGRATION,
    start_time: '2025-02-01 00:00:00',
    end_time: '2025-02-27 23:59:59',
    'page[size]': 25,
  };
  const sentQuery = { integration_id: INTEGRATION, start_time: '2025-02-01 00:00:00', end_time: '2025-02-27 23:59:59', 'page[size]': '25' };
  const pageInfo = { endCursor: 'string', hasNextPage: true, hasPreviousPage: true, startCursor: 'string' };

  test('GET /reports/v2/click-table: the page, its cursors and its click, field for field', async () => {
    const { body, result, requests } = await callWith('reports.click-table.json', (c) => c.report('click', query));
    expect(requests).toEqual([{ method: 'GET', path: '/api/v2/reports/v2/click-table', query: sentQuery, body: undefined }]);
    expect(result).toEqual(body);
    expect(result.data.count).toBe(0);
    expect(result.data.pageInfo).toEqual(pageInfo);
    expect(result.data.data.map(mapClickRow)).toEqual([
      {
        type: 'Click',
        vendor: 'INTEGR8',
        key: rowKey,
        nativeId: 'string',
        time: T,
        ip: null, // click_ip "string" (raw) is no IP address
        country: null, // country "string" (raw) is no country code
        countryName: null,
        regionName: null,
        regionCode: null,
        city: 'string',
        postalCode: 'string',
        userAgent: 'string',
        browser: 'string',
        browserVersion: 'string',
        os: 'string',
        osVersion: 'string',
        deviceType: 'string',
        deviceBrand: null,
        deviceModel: null,
        isMobile: null,
        carrier: null,
        isp: 'string',
        language: 'string',
        isUnique: null,
        subIds: sixSubIds,
        revenue: 0,
        payout: 0,
        currency: null,
        status: 'APPROVED',
        referer: 'string',
        affiliateRef: null,
        ...rowRefs,
        everflow: null,
        irev: null,
        integr8: trafficDetails,
        raw: body.data.data[0],
      },
    ]);
  });

  test('GET /reports/v2/conversion-table: the page, its cursors and its conversion, field for field', async () => {
    const { body, result, requests } = await callWith('reports.conversion-table.json', (c) => c.report('conversion', query));
    expect(requests).toEqual([{ method: 'GET', path: '/api/v2/reports/v2/conversion-table', query: sentQuery, body: undefined }]);
    expect(result).toEqual(body);
    expect(result.data.count).toBe(0);
    expect(result.data.pageInfo).toEqual(pageInfo);
    expect(result.data.data.map(mapConversionRow)).toEqual([
      {
        type: 'Conversion',
        vendor: 'INTEGR8',
        key: rowKey,
        nativeId: 'string',
        time: T,
        status: 'APPROVED',
        state: 'APPROVED',
        vendorStatus: 'Approved',
        isEvent: true,
        eventName: 'string',
        revenue: 0,
        payout: 0,
        currency: null,
        clickTime: T,
        ip: null, // conversion_ip and click_ip "string" (raw) are no IP addresses
        country: null, // country "string" (raw) is no country code
        countryName: null,
        regionName: null,
        city: 'string',
        os: 'string',
        osVersion: 'string',
        deviceType: 'string',
        browser: 'string',
        language: 'string',
        isp: 'string',
        carrier: null,
        userAgent: 'string',
        subIds: sixSubIds,
        advertiserSubIds: [],
        orderId: 'string',
        couponCode: 'string',
        holdingPeriodEndsAt: null,
        // The reference's key encoding is the mapper's; what the document gives it is checked below.
        clickRef: { ref: { vendor: 'INTEGR8', type: 'Click', key: expect.any(Array) } },
        ...rowRefs,
        integr8: trafficDetails,
        raw: body.data.data[0],
      },
    ]);
    // The click it converts: integration_id, click_time and click_tx_id of the row.
    const clickRef = mapConversionRow(result.data.data[0]).clickRef as { ref: { key: string[] } };
    expect(clickRef.ref.key.slice(0, 3)).toEqual(['string', T.toISOString(), 'string']);
  });

  test('GET /reports/v2/impression-table: the page, its cursors and its impression, field for field', async () => {
    const { body, result, requests } = await callWith('reports.impression-table.json', (c) => c.report('impression', query));
    expect(requests).toEqual([{ method: 'GET', path: '/api/v2/reports/v2/impression-table', query: sentQuery, body: undefined }]);
    expect(result).toEqual(body);
    expect(result.data.count).toBe(0);
    expect(result.data.pageInfo).toEqual(pageInfo);
    expect(result.data.data.map(mapImpressionRow)).toEqual([
      {
        type: 'Impression',
        vendor: 'INTEGR8',
        key: rowKey,
        nativeId: 'string',
        time: T,
        ip: null, // click_ip "string" (raw) is no IP address
        country: null, // country "string" (raw) is no country code
        city: 'string',
        userAgent: 'string',
        browser: 'string',
        os: 'string',
        osVersion: 'string',
        deviceType: 'string',
        isp: 'string',
        subIds: sixSubIds,
        revenue: 0,
        payout: 0,
        status: 'string',
        siteUrl: 'string',
        ...rowRefs,
        // the impression table has no smart_link_id
        // Impression rows have neither a smart link nor an external transaction id.
        integr8: { ...trafficDetails, smartLinkId: null, externalTransactionId: null },
        raw: body.data.data[0],
      },
    ]);
  });

  test('the cursor example: the first page names its rows by real_tx_id and its cursors', async () => {
    const { body, result, requests } = await callWith('reports.conversion-table.cursor-first-page.json', (c) => c.report('conversion', query));
    expect(requests).toEqual([{ method: 'GET', path: '/api/v2/reports/v2/conversion-table', query: sentQuery, body: undefined }]);
    expect(result).toEqual(body);
    expect(result.data.pageInfo).toEqual({ startCursor: 'ABC', endCursor: 'XYZ', hasPreviousPage: true, hasNextPage: true });
    const rows = result.data.data.map(mapConversionRow);
    expect(rows.map((row) => [row.nativeId, row.integr8?.realTxId])).toEqual([
      ['ABC', 'ABC'],
      ['............', '............'],
      ['XYZ', 'XYZ'],
    ]);
  });

  test('the cursor example: the next page is asked for with page[after] = the endCursor', async () => {
    const { body, result, requests } = await callWith('reports.conversion-table.cursor-next-page.json', (c) =>
      c.report('conversion', { ...query, 'page[after]': 'XYZ' }),
    );
    expect(requests).toEqual([
      { method: 'GET', path: '/api/v2/reports/v2/conversion-table', query: { ...sentQuery, 'page[after]': 'XYZ' }, body: undefined },
    ]);
    expect(result).toEqual(body);
    expect(result.data.pageInfo).toEqual({ startCursor: '{startCursor}', endCursor: '{endCursor}', hasPreviousPage: true, hasNextPage: true });
    expect(result.data.data.map(mapConversionRow).map((row) => row.nativeId)).toEqual(['{startCursor}', '............', '{endCursor}']);
  });
});

describe('download center', () => {
  const params = { start_time: '2025-02-01 00:00:00', end_time: '2025-02-27 23:59:59', fields: 'tx_id,request_time', extra_parameters: 'sub1' };

  test.each(['clicks', 'conversions', 'impressions', 'postback-logs'] as const)(
    'POST /integrations/:integrationID/download-center/%s answers the new export, field for field',
    async (kind) => {
      const { body, result, requests } = await callWith(`download-center.${kind}.json`, (c) => c.createExport(INTEGRATION, kind, params));
      expect(requests.map(({ method, path }) => ({ method, path }))).toEqual([
        { method: 'POST', path: `/api/v2/integrations/${INTEGRATION}/download-center/${kind}` },
      ]);
      // The document lists the parameters without saying query or body; they must arrive in one of them.
      expect({ ...requests[0].query, ...(requests[0].body as object) }).toMatchObject(params);
      expect(result).toEqual(body);
      // The client may also read a `{created_item_id}` answer; this one is the documented export itself (checked just above).
      expect(mapExport(result as Integr8Export)).toEqual(exportModel(body));
    },
  );

  test('GET /download-center/exports: the page and its export, field for field', async () => {
    const { body, result, requests } = await callWith('download-center.exports.list.json', (c) => c.exports(LIST));
    expect(requests).toEqual(list('/download-center/exports'));
    expect(result).toEqual(body);
    expect(result.meta).toEqual(LIST_META);
    expect(result.data.map(mapExport)).toEqual([exportModel(body.data[0])]);
  });

  test('GET /download-center/exports/:exportID: the export inside `data`', async () => {
    const { body, result, requests } = await callWith('download-center.exports.get.json', (c) => c.export('exp-9'));
    expect(requests).toEqual(get('/download-center/exports/exp-9'));
    expect(result).toEqual(body.data);
    expect(mapExport(result)).toEqual(exportModel(body.data));
  });

  test('GET /download-center/signed-url?artifact_name= answers the url', async () => {
    const { result, requests } = await callWith('download-center.signed-url.json', (c) => c.signedUrl('exports/exp-9.csv'));
    expect(requests).toEqual([
      { method: 'GET', path: '/api/v2/download-center/signed-url', query: { artifact_name: 'exports/exp-9.csv' }, body: undefined },
    ]);
    expect(result).toBe('string');
  });
});
