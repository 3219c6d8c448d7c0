/**
 * A vendor that echoes the credential it was sent must never get it into a GraphQL response
 * (userErrors, errors, extensions) or a log line: every form of it (as sent, URL-encoded,
 * JSON-escaped) becomes [redacted]. Through real HTTP, with the simulators' fault injection
 * playing the echoing vendor.
 */
import { configureLog } from '../../src/log.js';
import { SIMULATOR_KEYS, startSimulators, type Simulators } from '../../src/vendors/simulators.js';
import { startTestGateway, type GqlResponse, type TestGateway } from '../helpers/gateway.js';

/** Tenant credentials with characters that URL-encoding and JSON escaping change. */
const TENANT = { irev: 'tenant/irev+token=1', everflow: 'tenant-everflow"key\\2', integr8: 'tenant integr8?key&"3' };
const tenantHeaders = { 'x-irev-api-token': TENANT.irev, 'x-everflow-api-key': TENANT.everflow, 'x-integr8-api-key': TENANT.integr8 };

/** Every credential in play, and the forms a vendor may echo it in. */
const SECRETS = [...Object.values(SIMULATOR_KEYS), ...Object.values(TENANT)].flatMap((secret) => [
  secret,
  encodeURIComponent(secret),
  JSON.stringify(secret).slice(1, -1),
]);

/** Four forms of the credential in one text: as sent, URL-encoded, JSON-escaped, and inside a word. */
const echo = (secret: string) =>
  `key ${secret}, encoded ${encodeURIComponent(secret)}, escaped ${JSON.stringify(secret).slice(1, -1)}, glued x${secret}x`;
const ECHO_REDACTED = 'key [redacted], encoded [redacted], escaped [redacted], glued x[redacted]x';

const CLICKS_PATH = '/backend/open-api/v1/users/clicks';
const CLICKS = `{ clicks(source: { irev: {} }, first: 1) { totalCount } }`;
const CREATE = `mutation($input: CreateClicksInput!) { createClicks(input: $input) { clicks { nativeId } userErrors { field message code } } }`;

let sims: Simulators;
let gw: TestGateway;
const lines: string[] = [];

beforeAll(async () => {
  sims = await startSimulators({ extraKeys: { irev: [TENANT.irev], everflow: [TENANT.everflow], integr8: [TENANT.integr8] } });
  // Faults on purpose: keep circuits closed and retries quick.
  gw = await startTestGateway({ sims, env: { CIRCUIT_FAILURE_THRESHOLD: '1000', RETRY_BASE_DELAY_MS: '1' } });
  configureLog({ level: 'debug', sink: (line) => lines.push(line) });
});
afterAll(async () => {
  configureLog({ level: 'silent', sink: (line) => void process.stderr.write(line) });
  await gw.stop();
  await sims.stop();
});
beforeEach(() => {
  gw.clearRequests();
  for (const sim of [sims.everflow, sims.irev, sims.integr8]) sim.clearFaults();
});

/** No form of any credential anywhere in the response. */
function expectNoSecret(res: GqlResponse): void {
  const text = JSON.stringify(res);
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

/** One valid click for the create mutation. */
const oneClick = (key: string) => {
  const data = sims.irev.dataset(key);
  return { clicks: [{ offerId: data.offers[0].id, affiliateId: data.affiliates[0].id }] };
};

describe.each([
  ['the configured token', SIMULATOR_KEYS.irev, {}],
  ["a tenant's token from the request header", TENANT.irev, tenantHeaders],
] as const)('iRev echoing %s', (_, token, headers) => {
  test('in a 422 (message, field names and field messages): userErrors hold [redacted]', async () => {
    sims.irev.injectFault({
      method: 'POST',
      path: CLICKS_PATH,
      status: 422,
      body: {
        message: `The token ${token} may not create clicks.`,
        errors: { 'clicks.0.offer_id': [echo(token)], [`clicks.0.${token}`]: [`Unknown field for ${token}.`] },
      },
    });
    const res = await gw.query(CREATE, { input: oneClick(token) }, headers);
    expect(res).toEqual({
      data: {
        createClicks: {
          clicks: [],
          userErrors: [
            { field: ['input', 'clicks', '0', 'offerId'], message: `iRev rejected clicks.0.offer_id: ${ECHO_REDACTED}`, code: 'VENDOR_REJECTED' },
            {
              field: ['input', 'clicks', '0', '[redacted]'],
              message: 'iRev rejected clicks.0.[redacted]: Unknown field for [redacted].',
              code: 'VENDOR_REJECTED',
            },
          ],
        },
      },
    });
    expect(gw.requests('irev').map((r) => [r.method, r.headers.authorization])).toEqual([['POST', `Bearer ${token}`]]);
    expectNoSecret(res);
  });

  test('in a 422 without field messages: the one userError holds [redacted]', async () => {
    sims.irev.injectFault({ method: 'POST', path: CLICKS_PATH, status: 422, body: { message: echo(token) } });
    const res = await gw.query(CREATE, { input: oneClick(token) }, headers);
    expect(res).toEqual({
      data: {
        createClicks: {
          clicks: [],
          userErrors: [{ field: null, message: `iRev answered 422 to POST ${CLICKS_PATH}: ${ECHO_REDACTED}`, code: 'VENDOR_REJECTED' }],
        },
      },
    });
    expectNoSecret(res);
  });

  test.each([
    [400, 'BAD_USER_INPUT'],
    [401, 'UNAUTHENTICATED'],
    [500, 'UPSTREAM_ERROR'],
  ])('in a %i message: the error holds [redacted]', async (status, code) => {
    sims.irev.injectFault({ method: 'GET', path: CLICKS_PATH, status, body: { message: echo(token) } });
    const res = await gw.query(CLICKS, {}, headers);
    expect(res).toEqual({
      data: { clicks: null },
      errors: [
        {
          message: `iRev answered ${status} to GET ${CLICKS_PATH}: ${ECHO_REDACTED}`,
          locations: [{ line: 1, column: 3 }],
          path: ['clicks'],
          extensions: { code, vendor: 'IREV', upstreamStatus: status },
        },
      ],
    });
    expectNoSecret(res);
  });

  test('at the end of a long message, where the gateway shortens it: no part of the token is left', async () => {
    // The gateway keeps 300 characters of a vendor message; the token straddles that cut, so
    // shortening first would keep its first characters where no redaction finds them.
    const padding = 'p'.repeat(290);
    sims.irev.injectFault({ method: 'GET', path: CLICKS_PATH, status: 400, body: { message: `${padding}${token}` } });
    const res = await gw.query(CLICKS, {}, headers);
    expect(res.errors?.map((e) => e.message)).toEqual([`iRev answered 400 to GET ${CLICKS_PATH}: ${padding}[redacted]`]);
    for (let n = 4; n <= token.length; n++) expect(JSON.stringify(res)).not.toContain(token.slice(0, n));
  });
});

describe.each([
  ['the configured key', SIMULATOR_KEYS.everflow, SIMULATOR_KEYS.integr8, {}],
  ["a tenant's key from the request header", TENANT.everflow, TENANT.integr8, tenantHeaders],
] as const)('Everflow and Integr8 echoing %s', (_, everflowKey, integr8Key, headers) => {
  test('in an Everflow error body: the error holds [redacted]', async () => {
    sims.everflow.injectFault({ status: 400, body: { Error: echo(everflowKey) } });
    const res = await gw.query(`{ affiliates(first: 1) { totalCount } }`, {}, headers);
    expect(res.data).toEqual({ affiliates: null });
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]).toMatchObject({ path: ['affiliates'], extensions: { code: 'BAD_USER_INPUT', vendor: 'EVERFLOW', upstreamStatus: 400 } });
    expect(res.errors![0].message).toMatch(new RegExp(`^Everflow answered 400 to POST \\S+: ${ECHO_REDACTED.replace(/[[\]]/g, '\\$&')}$`));
    expectNoSecret(res);
  });

  test('in an Integr8 error list, read as its details: the error holds [redacted]', async () => {
    sims.integr8.injectFault({
      path: '/api/v2/publishers',
      status: 500,
      body: { errors: [{ status: '500', title: 'Server Errors', detail: echo(integr8Key) }] },
    });
    const res = await gw.query(`{ publishers(first: 1) { totalCount } }`, {}, headers);
    expect(res).toEqual({
      data: { publishers: null },
      errors: [
        {
          message: `Integr8 answered 500 to GET /api/v2/publishers: ${ECHO_REDACTED}`,
          locations: [{ line: 1, column: 3 }],
          path: ['publishers'],
          extensions: { code: 'UPSTREAM_ERROR', vendor: 'INTEGR8', upstreamStatus: 500 },
        },
      ],
    });
    expectNoSecret(res);
  });
});

test('in a successful answer (an Everflow preview message the payload quotes): the payload holds [redacted]', async () => {
  const affiliate = sims.everflow.dataset(SIMULATOR_KEYS.everflow).affiliates[0];
  const id = Buffer.from(JSON.stringify(['EVERFLOW', 'Affiliate', String(affiliate.network_affiliate_id)])).toString('base64url');
  sims.everflow.injectFault({
    path: '/v1/networks/patch/affiliates/submit',
    status: 200,
    body: { changes: [], resource_errors: [{ id: affiliate.network_affiliate_id, label: 'A', message: echo(SIMULATOR_KEYS.everflow) }] },
  });
  const res = await gw.query(
    `mutation($input: BulkEditAffiliatesInput!) { bulkEditAffiliates(input: $input) { applied resourceErrors { message } userErrors { message code } } }`,
    { input: { ids: [id], changes: [{ field: 'INTERNAL_NOTES', value: 'x' }] } },
  );
  expect(res.errors).toBeUndefined();
  expect(res.data.bulkEditAffiliates.applied).toBe(false);
  expect(res.data.bulkEditAffiliates.resourceErrors).toEqual([{ message: ECHO_REDACTED }]);
  expect(res.data.bulkEditAffiliates.userErrors).toEqual([
    { message: `Everflow will not edit affiliate ${affiliate.network_affiliate_id} (A): ${ECHO_REDACTED}`, code: 'VENDOR_REJECTED' },
  ]);
  expectNoSecret(res);
});

test('no log line of all the calls above holds any form of a credential', () => {
  const text = lines.join('');
  // At least one upstream call per test above.
  expect(lines.length).toBeGreaterThanOrEqual(16);
  expect(text).toContain('"message":"upstream call"');
  for (const secret of SECRETS) expect(text).not.toContain(secret);
});
