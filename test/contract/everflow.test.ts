/**
 * Everflow's own example answers (fixtures/everflow/, taken from vendor-docs/everflow-*.txt; see
 * the README there) served as the vendor's answer, read by the gateway's real Everflow client
 * and mapped: every documented field arrives in the model, or in `raw` where the model has no
 * place for it, so a shape the documents show can never map to nulls.
 */
import { clientFor } from './helpers.js';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { toGlobalId } from '../../src/ids.js';
import { partialOffer } from '../../src/models/partial.js';
import { type EverflowClient } from '../../src/vendors/everflow/client.js';
import { mapAffiliate, mapAffiliateRow, mapClick, mapOnHoldConversion } from '../../src/vendors/everflow/mappers.js';
import { EverflowWrites } from '../../src/vendors/everflow/writes.js';

const KEY = 'contract-everflow-key';

/** A fixture's text exactly as stored, and parsed. */
function fixture(name: string): { text: string; json: any } {
  const text = readFileSync(new URL(`./fixtures/everflow/${name}`, import.meta.url), 'utf8');
  return { text, json: JSON.parse(text) };
}

interface Recorded {
  method: string;
  path: string;
  query: Record<string, string[]>;
  key: string | undefined;
  body: unknown;
}

/**
 * Serves the fixture `name` (its text as stored) to every request from a local server, and gives
 * the gateway's Everflow client pointed at it, built as createVendorClients builds it (without
 * caching or retries, so that each call is one request).
 */
async function everflowServing(name: string): Promise<{ client: EverflowClient; requests: Recorded[]; close(): Promise<void> }> {
  const { text } = fixture(name);
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fixture');
      const query: Record<string, string[]> = {};
      for (const key of new Set(url.searchParams.keys())) query[key] = url.searchParams.getAll(key);
      const raw = Buffer.concat(chunks).toString('utf8');
      requests.push({
        method: req.method ?? '',
        path: url.pathname,
        query,
        key: req.headers['x-eflow-api-key'] as string | undefined,
        body: raw ? JSON.parse(raw) : undefined,
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = clientFor('everflow', `http://127.0.0.1:${port}`, {
    credential: KEY,
    env: {
      RETRY_LIMIT: '0',
      CACHE_TTL_ENTITY_SECONDS: '0',
      CACHE_TTL_LIST_SECONDS: '0',
      CACHE_TTL_REPORT_SECONDS: '0',
      CACHE_TTL_CLICK_STREAM_SECONDS: '0',
    },
  });
  return {
    client,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Runs `use` against a server of the fixture, then stops it. */
async function withFixture<T>(name: string, use: (client: EverflowClient, requests: Recorded[]) => Promise<T>): Promise<T> {
  const server = await everflowServing(name);
  try {
    return await use(server.client, server.requests);
  } finally {
    await server.close();
  }
}

const at = (seconds: number) => new Date(seconds * 1000);
const noEmployee = { firstName: null, lastName: null, email: null, workPhone: null, cellPhone: null };

describe('affiliates (everflow-affiliates.txt)', () => {
  test('the table example maps every row field', async () => {
    const { json } = fixture('affiliates.table.json');
    await withFixture('affiliates.table.json', async (client, requests) => {
      const response = await client.affiliatesTable({ filters: { account_status: 'active' } }, { page: 1, pageSize: 50, relationships: [] });
      expect(requests).toEqual([
        {
          method: 'POST',
          path: '/v1/networks/affiliatestable',
          query: { page: ['1'], page_size: ['50'] },
          key: KEY,
          body: { filters: { account_status: 'active' } },
        },
      ]);
      expect(response.paging).toEqual({ page: 1, page_size: 50, total_count: 1 });
      expect(response.affiliates.map(mapAffiliateRow)).toEqual([
        {
          type: 'Affiliate',
          vendor: 'EVERFLOW',
          key: ['7'],
          nativeId: '7',
          fetchable: true,
          name: 'Some Agency Inc.',
          status: 'ACTIVE',
          accountManager: { id: 1, name: 'John Doe', ...noEmployee },
          // account_executive_id 0 and "": none.
          accountExecutive: null,
          labels: ['media_buyer'],
          balance: 0,
          todayRevenue: 7.32,
          defaultCurrency: null,
          paymentType: 'NONE',
          isPayable: false,
          // network_country_code and global_tracking_domain_url are "" in the example.
          country: null,
          trackingDomainUrl: null,
          internalNotes: null,
          hasNotifications: null,
          contactAddressEnabled: null,
          mediaCostTrackingLinks: null,
          encodedValue: null,
          referrerRef: null,
          createdAt: at(1664825245),
          updatedAt: at(1664825245),
          lastLoginAt: at(1664985191),
          relationships: {},
          // network_id, the account names and everything else as sent.
          raw: json.affiliates[0],
        },
      ]);
    });
  });

  test('the find-by-id example maps the affiliate and its relationship block', async () => {
    const { json } = fixture('affiliates.get.json');
    await withFixture('affiliates.get.json', async (client, requests) => {
      const affiliate = await client.affiliate('1', []);
      expect(requests).toEqual([{ method: 'GET', path: '/v1/networks/affiliates/1', query: {}, key: KEY, body: undefined }]);
      expect(mapAffiliate(affiliate)).toEqual({
        type: 'Affiliate',
        vendor: 'EVERFLOW',
        key: ['1'],
        nativeId: '1',
        fetchable: true,
        name: 'Google',
        status: 'ACTIVE',
        accountManager: {
          id: 6,
          name: 'Bob Smith',
          firstName: 'Bob',
          lastName: 'Smith',
          email: 'my.everflow@gmail.com',
          workPhone: null,
          cellPhone: null,
        },
        accountExecutive: null,
        labels: ['Direct'],
        balance: null,
        todayRevenue: null,
        defaultCurrency: 'USD',
        paymentType: null,
        isPayable: null,
        country: null,
        trackingDomainUrl: null,
        internalNotes: null,
        hasNotifications: true,
        contactAddressEnabled: false,
        mediaCostTrackingLinks: true,
        encodedValue: '28KL6',
        referrerRef: null,
        createdAt: at(1554517251),
        updatedAt: at(1560453624),
        lastLoginAt: null,
        relationships: {},
        raw: json,
      });
    });
  });

  test('an update over the find-by-id example asks for the tier and billing the example does not show, and writes nothing', async () => {
    await withFixture('affiliates.get.json', async (client, requests) => {
      const payload = await new EverflowWrites(client).updateAffiliate({
        id: toGlobalId({ vendor: 'EVERFLOW', type: 'Affiliate', key: ['1'] }),
        name: 'Google Ads',
      });
      const asking = (key: string, fields: string) => ({
        field: ['input', key],
        message: `Everflow's answer for affiliate 1 does not show its current ${fields}, and Everflow's update replaces the whole affiliate: give ${key}, so that the update does not reset it.`,
        code: 'REQUIRED',
      });
      expect(payload).toEqual({
        affiliate: null,
        userErrors: [asking('tierId', 'network_affiliate_tier_id'), asking('billing', 'relationship.billing')],
      });
      expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/networks/affiliates/1']);
    });
  });

  test('the bulk edit example answers {result: true}', async () => {
    await withFixture('affiliates.patch-apply.json', async (client, requests) => {
      const body = {
        network_affiliate_ids: [3, 12],
        fields: [{ field_type: 'account_status' as const, field_value: 'inactive' as const, operator: 'overwrite' as const }],
      };
      expect(await client.patchApply(body)).toEqual({ result: true });
      expect(requests).toEqual([{ method: 'PATCH', path: '/v1/networks/patch/affiliates/apply', query: {}, key: KEY, body }]);
    });
  });
});

describe('raw clicks (everflow-raw-clicks.txt)', () => {
  /** The offer both click examples carry, as the mapper shows it. */
  const offer = (raw: any) => ({
    model: partialOffer('EVERFLOW', String(raw.network_offer_id), { name: raw.name, status: 'ACTIVE', active: true, trackingDomainId: 1, raw }),
  });
  /** The geolocation and device blocks, the same in both examples. */
  const place = {
    country: 'US',
    countryName: 'United States',
    regionName: 'California',
    // region_code is "" in both examples.
    regionCode: null,
    city: 'Burbank',
    postalCode: null,
    userAgent: null,
    browser: 'Safari',
    browserVersion: null,
    os: 'macOS',
    osVersion: null,
    deviceType: 'PC',
    deviceBrand: 'Apple',
    deviceModel: null,
    isMobile: true,
    carrier: 'T-Mobile USA',
    isp: 'T-mobile Usa Inc.',
    language: 'fr',
  };

  test('the stream example maps every click field', async () => {
    const { json } = fixture('clicks.stream.json');
    await withFixture('clicks.stream.json', async (client, requests) => {
      const body = {
        from: '2022-02-08 16:30:00',
        to: '2022-02-08 16:45:00',
        timezone_id: 90,
        query: { filters: [{ filter_id_value: 'internal', resource_type: 's1' as const }] },
      };
      const response = await client.clickStream(body);
      expect(requests).toEqual([{ method: 'POST', path: '/v1/affiliates/reporting/clicks/stream', query: {}, key: KEY, body }]);
      const raw = json.clicks[0];
      expect(response.clicks.map(mapClick)).toEqual([
        {
          type: 'Click',
          vendor: 'EVERFLOW',
          key: ['410da86457f54ae388a871d54a33275b'],
          nativeId: '410da86457f54ae388a871d54a33275b',
          time: at(1702313995),
          ip: '127.0.0.1',
          ...place,
          isUnique: true,
          subIds: [{ position: 1, value: 'facebook' }],
          revenue: 0,
          payout: null,
          currency: 'USD',
          status: null,
          referer: null,
          offerRef: offer(raw.relationship.offer),
          affiliateRef: null,
          publisherRef: null,
          advertiserRef: null,
          everflow: {
            transactionId: '410da86457f54ae388a871d54a33275b',
            trackingUrl: 'www.tracking-link.com',
            sourceId: null,
            revenueType: 'CPA',
            errorCode: 0,
            // "N/A": no error.
            errorMessage: null,
            couponCode: 'SUMMER',
            isProxy: false,
            isRobot: false,
            dma: 803,
            dmaName: 'Los Angeles, CA',
            queryParameters: { __cc: 'SUMMER' },
          },
          irev: null,
          integr8: null,
          raw,
        },
      ]);
    });
  });

  test('the click-by-id example maps every click field', async () => {
    const { json } = fixture('clicks.get.json');
    await withFixture('clicks.get.json', async (client, requests) => {
      const click = await client.click('d746e9ab66914764b6a0cf6ab25d0cdf');
      expect(requests).toEqual([
        { method: 'GET', path: '/v1/affiliates/reporting/clicks/d746e9ab66914764b6a0cf6ab25d0cdf', query: {}, key: KEY, body: undefined },
      ]);
      expect(mapClick(click)).toEqual({
        type: 'Click',
        vendor: 'EVERFLOW',
        key: ['d746e9ab66914764b6a0cf6ab25d0cdf'],
        nativeId: 'd746e9ab66914764b6a0cf6ab25d0cdf',
        time: at(1661970238),
        ip: '68.26.161.189',
        ...place,
        isUnique: true,
        subIds: [
          { position: 1, value: 'internal' },
          { position: 3, value: 'facebook' },
        ],
        revenue: 0,
        payout: null,
        currency: 'USD',
        status: null,
        referer: null,
        offerRef: offer(json.relationship.offer),
        affiliateRef: null,
        publisherRef: null,
        advertiserRef: null,
        everflow: {
          transactionId: 'd746e9ab66914764b6a0cf6ab25d0cdf',
          trackingUrl: 'www.tracking-domain.test',
          sourceId: null,
          revenueType: 'CPA',
          errorCode: 0,
          errorMessage: null,
          couponCode: 'SUMMER',
          isProxy: false,
          isRobot: false,
          dma: 803,
          dmaName: 'Los Angeles, CA',
          queryParameters: null,
        },
        irev: null,
        integr8: null,
        raw: json,
      });
    });
  });
});

describe('on-hold conversions (everflow-onhold-conversions.txt)', () => {
  /** The conversion both examples show, as the mapper gives it. */
  const conversion = (raw: any) => ({
    type: 'Conversion',
    vendor: 'EVERFLOW',
    key: ['f9d3fa7e86d241afbec4a6c6c3fe2580'],
    nativeId: 'f9d3fa7e86d241afbec4a6c6c3fe2580',
    time: at(1661970244),
    status: 'ON_HOLD',
    state: 'PENDING',
    vendorStatus: 'on_hold',
    isEvent: false,
    eventName: null,
    revenue: 0.8,
    payout: null,
    currency: 'USD',
    clickTime: at(1661970238),
    // conversion_user_ip is "": the session's address.
    ip: '217.66.156.135',
    // `country` is a name ("Russia"); the example has no country code.
    country: null,
    countryName: 'Russia',
    regionName: 'Sankt-peterburg',
    city: 'St Petersburg',
    os: 'macOS',
    osVersion: null,
    deviceType: 'PC',
    browser: 'Safari',
    language: 'en',
    isp: 'mts ojsc',
    carrier: 'MTS Russia',
    userAgent: 'Mozilla/5.0 (Macintosh; U; PPC Mac OS X 10_7_2 rv:5.0) Gecko/20111121 Firefox/5.0.1',
    subIds: [
      { position: 1, value: 'internal' },
      { position: 3, value: 'facebook' },
    ],
    advertiserSubIds: [{ position: 1, value: 'facebook' }],
    orderId: null,
    couponCode: null,
    holdingPeriodEndsAt: at(1661980244),
    clickRef: { ref: { vendor: 'EVERFLOW', type: 'Click', key: ['a22f8a1b5fde4801a2ed3dceabf4f8a3'] } },
    offerRef: {
      model: partialOffer('EVERFLOW', '3', {
        name: 'Daily Car',
        status: 'ACTIVE',
        active: true,
        trackingDomainId: 1,
        raw: raw.conversion.relationship.offer,
      }),
    },
    publisherRef: null,
    advertiserRef: null,
    integr8: null,
    // brand, dma, is_view_through, offer_url, events_count and the device ids as sent.
    raw,
  });

  test('the report example maps every conversion field and its paging', async () => {
    const { json } = fixture('onhold.list.json');
    await withFixture('onhold.list.json', async (client, requests) => {
      const body = {
        from: '2022-02-08 13:00:00',
        to: '2022-02-08 14:00:00',
        timezone_id: 67,
        show_conversions: true,
        show_events: false,
        on_hold_status_filter: '' as const,
        query: { filters: [] },
      };
      const response = await client.onHold(body, { page: 1, pageSize: 2000 });
      expect(requests).toEqual([
        { method: 'POST', path: '/v1/affiliates/reporting/onhold', query: { page: ['1'], page_size: ['2000'] }, key: KEY, body },
      ]);
      expect(response.paging).toEqual({ page: 1, page_size: 2000, total_count: 2 });
      expect(response.conversions.map(mapOnHoldConversion)).toEqual([conversion(json.conversions[0])]);
    });
  });

  test('the by-id example maps every conversion field', async () => {
    const { json } = fixture('onhold.get.json');
    await withFixture('onhold.get.json', async (client, requests) => {
      const record = await client.onHoldConversion('f9d3fa7e86d241afbec4a6c6c3fe2580');
      expect(requests).toEqual([
        { method: 'GET', path: '/v1/affiliates/reporting/onhold/f9d3fa7e86d241afbec4a6c6c3fe2580', query: {}, key: KEY, body: undefined },
      ]);
      expect(mapOnHoldConversion(record)).toEqual(conversion(json));
    });
  });
});
