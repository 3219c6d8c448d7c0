import { serverAudits, type AuditResult } from 'graphql-http';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

// The GraphQL over HTTP spec's own audit suite (graphql-http), run against a real gateway:
// every MUST and every SHOULD passes; the MAY findings are listed once, not failed (the three
// GET audits send no preflight header, and CSRF prevention refuses them).

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  if (notOk.length > 0) {
    console.log(`GraphQL over HTTP: MAY audits not ok (${notOk.length}):\n` + notOk.map((line) => `- ${line}`).join('\n'));
  }
  await gw.stop();
});

/** MAY audits that did not pass, as `id name: status: reason (got <HTTP status>)`. */
const notOk: string[] = [];

// The URL is a function: the audits are listed before beforeAll has started the gateway.
const audits = serverAudits({ url: () => gw.url, fetchFn: fetch });

test('the audit suite holds 13 MUST and 23 SHOULD audits', () => {
  const count = (level: string) => audits.filter((audit) => audit.name.startsWith(`${level} `)).length;
  expect({ must: count('MUST'), should: count('SHOULD') }).toEqual({ must: 13, should: 23 });
});

test.each(audits.map((audit) => [audit.id, audit.name, audit] as const))('%s %s', async (id, name, audit) => {
  const result: AuditResult = await audit.fn();
  if (result.status === 'ok') return;
  if (name.startsWith('MUST') || name.startsWith('SHOULD')) {
    // The failing response, so the report says what the gateway answered.
    const body = await result.response.text().catch(() => '<unreadable>');
    throw new Error(`${id} ${name}\n${result.status}: ${result.reason}\nresponse ${result.response.status}: ${body}`);
  }
  notOk.push(`${id} ${name}: ${result.status}: ${result.reason} (got ${result.response.status})`);
});

describe('request errors: the status follows the media type of the answer', () => {
  const JSON_TYPE = 'application/json';
  const GRAPHQL_RESPONSE = 'application/graphql-response+json';
  const send = async (body: string, accept: string, contentType = 'application/json') => {
    const response = await fetch(gw.url, { method: 'POST', headers: { 'content-type': contentType, accept }, body });
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type')?.split(';')[0], code: codes(text) };
  };
  const codes = (text: string) => {
    const parsed = JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] } | { errors?: { extensions?: { code?: string } }[] }[];
    return (Array.isArray(parsed) ? parsed : [parsed]).map((result) => result.errors?.[0]?.extensions?.code ?? 'none').join(',');
  };

  test.each([
    ['a document that does not parse', JSON.stringify({ query: '{' }), 'GRAPHQL_PARSE_FAILED'],
    ['a document that does not validate', JSON.stringify({ query: '{ nope }' }), 'GRAPHQL_VALIDATION_FAILED'],
    [
      'variables that do not coerce',
      JSON.stringify({ query: 'query($n: Int) { users(first: $n) { totalCount } }', variables: { n: 'x' } }),
      'BAD_USER_INPUT',
    ],
    ['a batch with one such operation', JSON.stringify([{ query: '{ __typename }' }, { query: '{' }]), 'none,GRAPHQL_PARSE_FAILED'],
  ])('%s: 200 in application/json, 400 in application/graphql-response+json', async (_, body, code) => {
    expect(await send(body, JSON_TYPE)).toEqual({ status: 200, type: JSON_TYPE, code });
    expect(await send(body, GRAPHQL_RESPONSE)).toEqual({ status: 400, type: GRAPHQL_RESPONSE, code });
    // */* and no preference get application/json.
    expect(await send(body, '*/*')).toEqual({ status: 200, type: JSON_TYPE, code });
  });

  test.each([
    ['no query', JSON.stringify({ variables: {} })],
    ['variables that are not an object', JSON.stringify({ query: '{ __typename }', variables: '{}' })],
    ['a body that is not JSON', '{"query":'],
  ])('a request that is not well-formed (%s) stays 400 in both', async (_, body) => {
    for (const accept of [JSON_TYPE, GRAPHQL_RESPONSE]) expect((await send(body, accept)).status).toBe(400);
  });

  test('CSRF prevention still refuses a simple request with 400', async () => {
    const refused = await send(JSON.stringify({ query: '{ __typename }' }), JSON_TYPE, 'text/plain');
    expect(refused.status).toBe(400);
  });
});
