import { serverAudits, type AuditResult } from 'graphql-http';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

// The GraphQL over HTTP spec's own audit suite (graphql-http), run against a real gateway:
// every MUST passes; SHOULD and MAY findings are listed once, not failed.

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  if (notOk.length > 0) {
    console.log(`GraphQL over HTTP: SHOULD/MAY audits not ok (${notOk.length}):\n` + notOk.map((line) => `- ${line}`).join('\n'));
  }
  await gw.stop();
});

/** SHOULD and MAY audits that did not pass, as `id name: status: reason (got <HTTP status>)`. */
const notOk: string[] = [];

// The URL is a function: the audits are listed before beforeAll has started the gateway.
const audits = serverAudits({ url: () => gw.url, fetchFn: fetch });

test.each(audits.map((audit) => [audit.id, audit.name, audit] as const))('%s %s', async (id, name, audit) => {
  const result: AuditResult = await audit.fn();
  if (result.status === 'ok') return;
  if (name.startsWith('MUST')) {
    // The failing response, so the report says what the gateway answered.
    const body = await result.response.text().catch(() => '<unreadable>');
    throw new Error(`${id} ${name}\n${result.status}: ${result.reason}\nresponse ${result.response.status}: ${body}`);
  }
  notOk.push(`${id} ${name}: ${result.status}: ${result.reason} (got ${result.response.status})`);
});
