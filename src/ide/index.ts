import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { exampleTabs, type ExampleTab } from './examples.js';

export { exampleTabs, type ExampleTab } from './examples.js';

/**
 * The gateway's own IDE: a GraphiQL page whose scripts, styles and fonts all come from the
 * gateway (GraphiQL, React and React DOM from node_modules, fonts embedded in GraphiQL's CSS),
 * so it works with no internet and under a Content-Security-Policy of 'self'. README.md's
 * example operations are preloaded as tabs. The page sends GraphQL as POST with a JSON body,
 * the request Apollo's CSRF prevention lets through.
 */
export interface Ide {
  /**
   * Answers the request when it is the IDE's: a GET (or HEAD) of one of its assets (`/ide/<name>`
   * at the end of the path), or a GET whose Accept header prefers HTML to JSON (a browser
   * opening the gateway's URL). Returns false, having done nothing, for every other request.
   */
  handle(req: http.IncomingMessage, res: http.ServerResponse): boolean;
  /** The tabs the page opens with, first the one shown. */
  readonly tabs: readonly ExampleTab[];
}

export interface IdeOptions {
  /** Markdown whose ```graphql blocks give the tabs. @default README.md of the package, read now */
  readme?: string;
  /** The gateway requires an access key: the page's headers editor starts with an Authorization line to fill in. @default false */
  apiKeysRequired?: boolean;
}

/** The Content-Security-Policy of the page and its assets: nothing but the gateway itself (fonts are data: URLs in GraphiQL's CSS). */
export const IDE_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

/** Creates the IDE; README.md is read and parsed now, the assets on their first request. */
export function createIde(options: IdeOptions = {}): Ide {
  const markdown = options.readme ?? readReadme();
  const parsed = markdown === undefined ? [] : exampleTabs(markdown);
  const tabs = parsed.length > 0 ? parsed : [{ name: 'Start', query: FALLBACK_QUERY }];
  const assets = ideAssets();
  const page = Buffer.from(renderPage(tabs, assets, options.apiKeysRequired ?? false));
  const loaded = new Map<string, Promise<LoadedAsset>>();
  const load = (name: string, asset: Asset) => {
    let promise = loaded.get(name);
    if (!promise) {
      promise = loadAsset(asset);
      // A read that failed is tried again on the next request.
      promise.catch(() => loaded.delete(name));
      loaded.set(name, promise);
    }
    return promise;
  };

  return {
    tabs,
    handle(req, res) {
      const method = req.method ?? 'GET';
      if (method !== 'GET' && method !== 'HEAD') return false;
      const pathname = (req.url ?? '/').split('?')[0];
      const name = /\/ide\/([\w.-]+)$/.exec(pathname)?.[1];
      const asset = name === undefined ? undefined : assets.get(name);
      if (asset) {
        load(name!, asset).then(
          (loadedAsset) => sendAsset(req, res, asset, loadedAsset),
          () => sendText(res, 500, 'text/plain; charset=utf-8', `The IDE asset ${name} could not be read.\n`),
        );
        return true;
      }
      if (method !== 'GET' || !prefersHtml(req.headers.accept)) return false;
      req.resume();
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-length': page.length,
        'cache-control': 'no-cache',
        'content-security-policy': IDE_CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      });
      res.end(page);
      return true;
    },
  };
}

/**
 * Whether an Accept header ranks text/html above the JSON media types GraphQL answers in, as a
 * browser's navigation does (`text/html,...,*\/*;q=0.8`): then a GET gets the page, not a
 * GraphQL answer. Ranges are compared like HTTP content negotiation (and Apollo Server's landing
 * page): quality first, then the more specific match, then the order in the header; on a full tie
 * (`*\/*` alone) JSON wins.
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const ranges = accept.split(',').map((part, index) => {
    const [range, ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const q = parameters.find((parameter) => parameter.startsWith('q='));
    return { range, q: q === undefined ? 1 : Number(q.slice(2)), index };
  });
  const rank = (type: string) => {
    let best: { q: number; specificity: number; index: number } | undefined;
    for (const { range, q, index } of ranges) {
      const specificity = range === type ? 2 : range === `${type.split('/')[0]}/*` ? 1 : range === '*/*' ? 0 : -1;
      if (specificity < 0 || Number.isNaN(q)) continue;
      if (!best || specificity > best.specificity) best = { q, specificity, index };
    }
    return best;
  };
  const html = rank('text/html');
  if (!html || html.q <= 0) return false;
  return ['application/json', 'application/graphql-response+json', 'multipart/mixed'].every((type) => {
    const other = rank(type);
    if (!other || other.q <= 0) return true;
    if (other.q !== html.q) return other.q < html.q;
    if (other.specificity !== html.specificity) return other.specificity < html.specificity;
    return other.index > html.index;
  });
}

// Private:

/** The first tab when README.md is not there (a deployment that ships only the build). */
const FALLBACK_QUERY = `# The gateway's schema is in the Docs pane (the book icon, left).
query Start {
  __typename
}
`;

/** A file the IDE serves under `/ide/`. */
interface Asset {
  type: string;
  /** Read from this file, or given as text. */
  file?: string;
  text?: string;
  /** Changes whenever the content does: the page asks for `?v=<version>`, so the asset may be cached for a year. */
  version: string;
}

interface LoadedAsset {
  raw: Buffer;
  gzipped: Buffer;
  etag: string;
}

/** Where each asset comes from: the packages' own builds (resolved like imports, so hoisting does not matter) and two small files of the IDE. */
function ideAssets(): Map<string, Asset> {
  const require = createRequire(import.meta.url);
  const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));
  const version = (name: string) => (JSON.parse(readFileSync(path.join(packageDir(name), 'package.json'), 'utf8')) as { version: string }).version;
  const file = (name: string, relative: string, type: string): Asset => ({
    file: path.join(packageDir(name), relative),
    type,
    version: version(name),
  });
  const text = (content: string, type: string): Asset => ({
    text: content,
    type,
    version: createHash('sha256').update(content).digest('hex').slice(0, 12),
  });
  const JS = 'text/javascript; charset=utf-8';
  const CSS = 'text/css; charset=utf-8';
  return new Map([
    ['react.production.min.js', file('react', 'umd/react.production.min.js', JS)],
    ['react-dom.production.min.js', file('react-dom', 'umd/react-dom.production.min.js', JS)],
    ['graphiql.min.js', file('graphiql', 'graphiql.min.js', JS)],
    ['graphiql.min.css', file('graphiql', 'graphiql.min.css', CSS)],
    ['graphiql.min.js.map', file('graphiql', 'graphiql.min.js.map', 'application/json; charset=utf-8')],
    ['graphiql.min.css.map', file('graphiql', 'graphiql.min.css.map', 'application/json; charset=utf-8')],
    ['ide.js', text(BOOT_SCRIPT, JS)],
    ['ide.css', text(PAGE_STYLE, CSS)],
  ]);
}

async function loadAsset(asset: Asset): Promise<LoadedAsset> {
  const raw = asset.file ? readFileSync(asset.file) : Buffer.from(asset.text ?? '');
  const gzipped = await promisify(gzip)(raw);
  return { raw, gzipped, etag: `"${createHash('sha256').update(raw).digest('base64url').slice(0, 22)}"` };
}

function sendAsset(req: http.IncomingMessage, res: http.ServerResponse, asset: Asset, loaded: LoadedAsset): void {
  req.resume();
  const headers: http.OutgoingHttpHeaders = {
    'content-type': asset.type,
    // The page asks for ?v=<version>: a new version is a new URL, so this one never changes.
    'cache-control': 'public, max-age=31536000, immutable',
    etag: loaded.etag,
    vary: 'accept-encoding',
    'x-content-type-options': 'nosniff',
    'cross-origin-resource-policy': 'same-origin',
  };
  if (req.headers['if-none-match'] === loaded.etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const gzipped = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const body = gzipped ? loaded.gzipped : loaded.raw;
  res.writeHead(200, { ...headers, ...(gzipped && { 'content-encoding': 'gzip' }), 'content-length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function sendText(res: http.ServerResponse, status: number, type: string, text: string): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { 'content-type': type });
  res.end(text);
}

/** README.md of the package (next to package.json, above src/ or dist/src/), or undefined when it is not shipped. */
function readReadme(): string | undefined {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) {
      const readme = path.join(dir, 'README.md');
      return existsSync(readme) ? readFileSync(readme, 'utf8') : undefined;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The page: no inline script or style (the CSP allows none), the tabs as a JSON data block (which
 * is never executed), assets by relative URL so a proxy that mounts the gateway under a path
 * still serves them.
 */
function renderPage(tabs: readonly ExampleTab[], assets: Map<string, Asset>, apiKeysRequired: boolean): string {
  const headers = apiKeysRequired ? JSON.stringify({ Authorization: 'Bearer <your gateway API key>' }, null, 2) : undefined;
  const config = { tabs: tabs.map(({ query }) => ({ query, ...(headers && { headers }) })), headers };
  // In a data block only `</script` and `<!--` could end it early; escaping every `<` rules both out.
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  const src = (name: string) => `ide/${name}?v=${assets.get(name)!.version}`;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>affiliate-gateway · GraphiQL</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${src('graphiql.min.css')}" />
    <link rel="stylesheet" href="${src('ide.css')}" />
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
    <script id="ide-config" type="application/json">${json}</script>
    <script src="${src('react.production.min.js')}"></script>
    <script src="${src('react-dom.production.min.js')}"></script>
    <script src="${src('graphiql.min.js')}"></script>
    <script src="${src('ide.js')}"></script>
  </body>
</html>
`;
}

const PAGE_STYLE = `html, body, #graphiql { height: 100%; margin: 0; }
body { font-family: system-ui, sans-serif; }
`;

/**
 * Starts GraphiQL (the UMD globals React, ReactDOM and GraphiQL) on the page's own URL: GraphiQL's
 * fetcher sends POST with Content-Type application/json, which Apollo's CSRF prevention accepts.
 */
const BOOT_SCRIPT = `(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('ide-config').textContent);
  var url = window.location.origin + window.location.pathname;
  var props = {
    fetcher: GraphiQL.createFetcher({ url: url }),
    defaultQuery: config.tabs[0] && config.tabs[0].query,
    defaultTabs: config.tabs,
    shouldPersistHeaders: false,
  };
  if (config.headers) {
    props.defaultHeaders = config.headers;
    props.defaultEditorToolsVisibility = 'headers';
  }
  ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL, props));
})();
`;
