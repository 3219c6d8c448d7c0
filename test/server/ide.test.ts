import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { exampleTabs, IDE_CONTENT_SECURITY_POLICY, prefersHtml } from '../../src/ide/index.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

// The gateway's own GraphiQL: served with its assets by the gateway, README's examples preloaded,
// and working in a headless Chromium that may reach nothing but the gateway.

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const CHROMIUM = '/usr/bin/chromium';
/** A browser's navigation Accept header. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.stop());

test("README's named operations are the tabs, in order, each as written with the comment above it", () => {
  const tabs = exampleTabs(README);
  const named = [...README.matchAll(/^ *```graphql\n([\s\S]*?)^ *```$/gm)].flatMap((block) =>
    [...block[1].matchAll(/^\s*(?:query|mutation|subscription)\s+(\w+)/gm)].map((match) => match[1]),
  );
  expect(tabs.map((tab) => tab.name)).toEqual(named);
  expect(tabs[0]).toEqual({
    name: 'AffiliatesByPage',
    query: expect.stringMatching(/^# Page numbers\nquery AffiliatesByPage \{\n {2}affiliates\(page: 2/),
  });
  expect(tabs[1].query).toMatch(/^# Cursors: pass endCursor as after\nquery AffiliatesByCursor\(\$after: String\) \{/);
});

test('a fragment an operation spreads comes along in its tab; anonymous operations and blocks that do not parse are left out', () => {
  const markdown = [
    '```graphql',
    '# Two affiliates',
    'query Two {',
    '  affiliates(first: 2) { nodes { ...Bits } }',
    '}',
    '',
    'fragment Bits on Affiliate { id name }',
    '',
    '{ __typename }',
    '```',
    '',
    '```graphql',
    'query Broken {',
    '```',
  ].join('\n');
  expect(exampleTabs(markdown)).toEqual([
    {
      name: 'Two',
      query: '# Two affiliates\nquery Two {\n  affiliates(first: 2) { nodes { ...Bits } }\n}\n\nfragment Bits on Affiliate { id name }\n',
    },
  ]);
});

test.each([
  [BROWSER_ACCEPT, true],
  ['text/html', true],
  ['text/html, application/json', true],
  ['application/json, text/html', false],
  ['application/json;q=0.9, text/html', true],
  ['*/*', false],
  ['application/graphql-response+json, application/json', false],
  ['text/*', true],
  ['text/html;q=0', false],
  [undefined, false],
])('Accept %s prefers HTML: %s', (accept, expected) => {
  expect(prefersHtml(accept)).toBe(expected);
});

test('a browser gets the GraphiQL page, under a CSP of self, referring only to assets of the gateway', async () => {
  const response = await fetch(gw.url, { headers: { accept: BROWSER_ACCEPT } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(response.headers.get('content-security-policy')).toBe(IDE_CONTENT_SECURITY_POLICY);
  // The examples (in a JSON data block) may hold URLs as values; the markup refers to none.
  const html = (await response.text()).replace(/(<script id="ide-config" type="application\/json">)[^<]*(<\/script>)/, '$1$2');
  expect(html).toContain('<script id="ide-config" type="application/json"></script>');
  expect(html).not.toMatch(/https?:\/\//);
  expect([...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1].replace(/\?v=.*/, ''))).toEqual([
    'data:,',
    'ide/graphiql.min.css',
    'ide/ide.css',
    'ide/react.production.min.js',
    'ide/react-dom.production.min.js',
    'ide/graphiql.min.js',
    'ide/ide.js',
  ]);
  // Not executed as a script: the CSP allows none inline, and none is needed.
  expect(html).not.toMatch(/<script>|<style|style="/);
});

test('the assets come from node_modules with long cache headers, gzipped when asked, and revalidate by ETag', async () => {
  const asset = (name: string, headers: Record<string, string> = {}) => fetch(new URL(`ide/${name}`, gw.url), { headers });
  const js = await asset('graphiql.min.js', { 'accept-encoding': 'identity' });
  expect(js.status).toBe(200);
  expect(Object.fromEntries(['content-type', 'cache-control', 'content-encoding'].map((name) => [name, js.headers.get(name)]))).toEqual({
    'content-type': 'text/javascript; charset=utf-8',
    'cache-control': 'public, max-age=31536000, immutable',
    'content-encoding': null,
  });
  expect(Buffer.from(await js.arrayBuffer()).equals(readFileSync(new URL('../../node_modules/graphiql/graphiql.min.js', import.meta.url)))).toBe(
    true,
  );
  // fetch decodes gzip itself; node:http shows the encoded body.
  const http = await import('node:http');
  const gzipped = await new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
    http
      .get(new URL('ide/react.production.min.js', gw.url), { headers: { 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
  expect(gzipped.encoding).toBe('gzip');
  expect(gunzipSync(gzipped.body).toString()).toBe(
    readFileSync(new URL('../../node_modules/react/umd/react.production.min.js', import.meta.url), 'utf8'),
  );
  const css = await asset('graphiql.min.css');
  expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  // No web font from elsewhere: GraphiQL's fonts are data: URLs in its CSS.
  expect(await css.text()).not.toMatch(/@import|url\((?!data:)/);
  const again = await asset('graphiql.min.css', { 'if-none-match': css.headers.get('etag')! });
  expect(again.status).toBe(304);
  expect((await asset('nope.js')).status).not.toBe(200);
});

test('with access keys, the page and its assets need none (the headers editor starts with an Authorization line); GraphQL still does', async () => {
  const locked = await startTestGateway({ sims: gw.sims, env: { GATEWAY_API_KEYS: 'k'.repeat(16) } });
  try {
    const page = await fetch(locked.url, { headers: { accept: BROWSER_ACCEPT } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('"headers":"{\\n  \\"Authorization\\": \\"Bearer \\u003cyour gateway API key>\\"\\n}"');
    expect((await fetch(new URL('ide/ide.js', locked.url))).status).toBe(200);
    expect((await locked.query('{ __typename }')).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  } finally {
    await locked.stop();
  }
});

test('LANDING_PAGE=sandbox serves Apollo Sandbox instead; LANDING_PAGE=off no page', async () => {
  const sandbox = await startTestGateway({ sims: gw.sims, env: { LANDING_PAGE: 'sandbox' } });
  const off = await startTestGateway({ sims: gw.sims, env: { LANDING_PAGE: 'off' } });
  try {
    const page = await (await fetch(sandbox.url, { headers: { accept: BROWSER_ACCEPT } })).text();
    expect(page).toMatch(/Apollo Sandbox|embeddable-sandbox/i);
    expect(page).not.toContain('ide/graphiql.min.js');
    const none = await fetch(off.url, { headers: { accept: BROWSER_ACCEPT } });
    expect(await none.text()).not.toMatch(/<html/i);
    expect((await fetch(new URL('ide/graphiql.min.js', off.url))).status).not.toBe(200);
  } finally {
    await Promise.all([sandbox.stop(), off.stop()]);
  }
});

describe('in a browser with no internet', () => {
  let browser: Browser | undefined;
  beforeAll(async () => {
    const path = ensureChromium();
    if (!path) return;
    browser = await chromium.launch({
      executablePath: path,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 600_000);
  afterAll(() => browser?.close());

  test("GraphiQL renders, runs README's first example against the simulators, and asks nothing of anyone but the gateway", async () => {
    if (!browser) return;
    const context = await browser.newContext();
    const page = await context.newPage();
    const elsewhere: string[] = [];
    const local: { method: string; url: string; contentType?: string }[] = [];
    await page.route('**/*', (route) => {
      const request = route.request();
      const { hostname, protocol } = new URL(request.url());
      if (protocol === 'data:' || hostname === '127.0.0.1' || hostname === 'localhost') {
        local.push({ method: request.method(), url: request.url(), contentType: request.headers()['content-type'] });
        return route.continue();
      }
      elsewhere.push(request.url());
      return route.abort();
    });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    try {
      await page.goto(gw.url, { waitUntil: 'load' });
      // The first tab holds README's first example.
      await page.locator('.graphiql-query-editor .CodeMirror').filter({ hasText: 'query AffiliatesByPage' }).waitFor({ timeout: 15_000 });
      expect(await page.locator('.graphiql-tab').count()).toBe(exampleTabs(README).length);
      await page.locator('.graphiql-execute-button').click();
      const result = page.locator('.result-window .CodeMirror');
      await result.filter({ hasText: '"totalCount"' }).waitFor({ timeout: 15_000 });
      const shown = await result.innerText();
      const expected = await gw.query(exampleTabs(README)[0].query);
      expect(shown).toContain('"data"');
      expect(shown).toContain(`"totalCount": ${expected.data.affiliates.totalCount}`);
      expect(shown).not.toContain('"errors"');
      // The query went as the CSRF-safe request: POST with a JSON body.
      const sent = local.filter((request) => request.method === 'POST');
      expect(sent.length).toBeGreaterThan(0);
      expect(sent.every((request) => request.url === gw.url && request.contentType === 'application/json')).toBe(true);
      expect(local.map((request) => new URL(request.url).pathname).filter((path) => path.startsWith('/ide/'))).toEqual(
        expect.arrayContaining(['/ide/graphiql.min.js', '/ide/graphiql.min.css', '/ide/react.production.min.js', '/ide/react-dom.production.min.js']),
      );
      expect(elsewhere).toEqual([]);
      // Nothing was refused by the CSP, and nothing failed.
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 30_000);
});

/**
 * Debian's Chromium, installed with apt-get when it is missing and this runs as root; undefined
 * (a printed skip) when it cannot be had, and a failure when CI=true.
 */
function ensureChromium(): string | undefined {
  if (!existsSync(CHROMIUM) && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'ignore', env, timeout: 400_000 });
    if (install().status !== 0) {
      spawnSync('apt-get', ['update'], { stdio: 'ignore', env, timeout: 120_000 });
      install();
    }
  }
  if (existsSync(CHROMIUM)) return CHROMIUM;
  const reason = `${CHROMIUM} is missing and could not be installed (apt-get install -y chromium needs root and apt)`;
  if (process.env.CI === 'true') throw new Error(`The browser test needs Chromium: ${reason}.`);
  console.log(`Skipping the browser test of the IDE: ${reason}.`);
  return undefined;
}
