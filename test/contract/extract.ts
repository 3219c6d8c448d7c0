/**
 * Recovers the example responses of Integr8's rendered API document
 * (vendor-docs/integr8-api.txt) as the contract fixtures in `fixtures/integr8/`. Not run by the
 * tests: run it again when the document changes, and `--check` tells whether the committed
 * fixtures still match the document.
 *
 *   npx tsc --outDir /tmp/integr8-extract --rootDir test/contract --module nodenext \
 *     --moduleResolution nodenext --target es2022 --types node --skipLibCheck test/contract/extract.ts
 *   node /tmp/integr8-extract/extract.js [--check] [path/to/integr8-api.txt]
 *
 * (run from the repository root; the document defaults to /work/shared/vendor-docs/integr8-api.txt).
 *
 * What the rendering did, and how each step is undone, mechanically:
 *
 * 1. Every JSON example is a run of text starting with `{` at the start of a line, or right
 *    after the `}` that closed the previous example (`}{- "created_item_id"`), and ending at the
 *    brace that balances it (strings are skipped while counting). Prose may follow that brace
 *    on the same line (`}Create a user ...`); it is not part of the example.
 * 2. Every object member and array item got a list marker: `- ` before it (`{- "data": [`,
 *    `}, - "meta"`, `- "string"`, `- 0`). Outside strings a `-` followed by white space cannot be
 *    JSON (a negative number has no space), so each such `-` is dropped. Nothing else changes.
 * 3. An operation with a request body shows its request sample immediately followed by its
 *    response sample (`...}{- "created_item_id"`): of two adjacent examples the first is the
 *    request and the second the response; an example on its own is a response. Request samples
 *    are not fixtures (several also lost fields in the rendering and end in `,}`).
 * 4. The result must parse with JSON.parse as it is, and must hold as many members as the text
 *    has `:` outside strings (so no duplicate key was silently merged). No example needed any
 *    other repair; one that did would stop this script.
 *
 * Which endpoint each response belongs to comes from the table below, in document order; each
 * entry names a phrase that must appear in the prose just before the example (the operation's
 * summary) and, where the prose does not tell tables apart, a field the example must have. A
 * mismatch stops the script.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** One response example of the document, recovered. */
export interface RecoveredExample {
  /** Fixture file name under fixtures/integr8/. */
  file: string;
  /** The document's operation (or section) the example belongs to. */
  section: string;
  /** The endpoint, per vendor-docs/README.md. */
  endpoint: string;
  /** First and last line of the example in the document (1-based). */
  lines: [number, number];
  json: unknown;
}

/** A JSON-looking run of the document. */
interface Block {
  start: number;
  end: number;
  /** Text between the previous block (or the document start) and this one. */
  preface: string;
  /** Starts right where the previous block ended. */
  adjacent: boolean;
}

interface Expected {
  file: string;
  section: string;
  endpoint: string;
  /** Must appear in the prose before the example (for a request/response pair, before the request). */
  phrase: string;
  /** A top-level or nested key the example must contain. */
  hasKey?: string;
}

/** The document's response examples in order. */
export const EXPECTED: readonly Expected[] = [
  {
    file: 'pagination.meta.json',
    section: 'Pagination (numbered pages): the `meta` of a list response (a fragment)',
    endpoint: 'any list',
    phrase: 'meta.total_count shows the number of total objects',
  },
  {
    file: 'users.list.json',
    section: 'List organization users',
    endpoint: 'GET /organization/users',
    phrase: 'List organization users using pagination and filtering.',
  },
  {
    file: 'users.create.json',
    section: 'Create a user within your organization',
    endpoint: 'POST /organization/users',
    phrase: 'Create a user within your organization.',
  },
  {
    file: 'users.get.json',
    section: 'Get an organization user by ID',
    endpoint: 'GET /organization/users/:userID',
    phrase: 'Get an organization user by ID.',
  },
  {
    file: 'users.update.json',
    section: 'Update an organization user by ID',
    endpoint: 'PATCH /organization/users/:userID',
    phrase: 'Update an organization user by ID.',
  },
  {
    file: 'offers.list.json',
    section: 'List multiple Offers',
    endpoint: 'GET /integrations/:integrationID/offers',
    phrase: 'List multiple Offers using pagination and filtering.',
  },
  { file: 'offers.create.json', section: 'Create a new Offer', endpoint: 'POST /integrations/:integrationID/offers', phrase: 'Create a new Offer.' },
  {
    file: 'offers.status.json',
    section: 'Bulk update Offers status',
    endpoint: 'PATCH /integrations/:integrationID/offers/status',
    phrase: 'Bulk update Offers status',
  },
  { file: 'offers.delete.json', section: 'Bulk delete Offers', endpoint: 'DELETE /integrations/:integrationID/offers', phrase: 'Bulk delete Offers' },
  {
    file: 'offers.get.json',
    section: 'Get Offer information',
    endpoint: 'GET /integrations/:integrationID/offers/:offerID',
    phrase: 'Get Offer information.',
  },
  {
    file: 'offers.update.json',
    section: 'Update an Offer',
    endpoint: 'PATCH /integrations/:integrationID/offers/:offerID',
    phrase: 'Update an Offer by providing the object ID.',
  },
  {
    file: 'publishers.list.json',
    section: 'List multiple Publishers',
    endpoint: 'GET /publishers',
    phrase: 'List multiple Publishers using pagination and filtering.',
  },
  { file: 'publishers.create.json', section: 'Create a new Publisher', endpoint: 'POST /publishers', phrase: 'Create a new Publisher.' },
  {
    file: 'publishers.status.json',
    section: 'Bulk update Publishers status',
    endpoint: 'PATCH /publishers/status',
    phrase: 'Bulk update Publishers status',
  },
  { file: 'publishers.delete.json', section: 'Bulk delete Publishers', endpoint: 'DELETE /publishers', phrase: 'Bulk delete Publishers' },
  {
    file: 'publishers.get.json',
    section: 'Get a Publisher information',
    endpoint: 'GET /publishers/:publisherID',
    phrase: 'Get a Publisher information.',
  },
  {
    file: 'publishers.update.json',
    section: 'Update a Publisher information',
    endpoint: 'PATCH /publishers/:publisherID',
    phrase: 'Update a Publisher information.',
  },
  {
    file: 'advertisers.list.json',
    section: 'List multiple Advertisers',
    endpoint: 'GET /advertisers',
    phrase: 'List multiple Advertisers with pagination and filtering.',
  },
  { file: 'advertisers.create.json', section: 'Create a new Advertiser', endpoint: 'POST /advertisers', phrase: 'Create a new Advertiser.' },
  {
    file: 'advertisers.status.json',
    section: 'Bulk update Advertisers status',
    endpoint: 'PATCH /advertisers/status',
    phrase: 'Bulk update Advertisers status',
  },
  { file: 'advertisers.delete.json', section: 'Bulk delete Advertisers', endpoint: 'DELETE /advertisers', phrase: 'Bulk delete Advertisers' },
  {
    file: 'advertisers.get.json',
    section: 'Get an Advertiser information',
    endpoint: 'GET /advertisers/:advertiserID',
    phrase: 'Get an Advertiser information.',
  },
  {
    file: 'advertisers.update.json',
    section: 'Update an Advertiser information',
    endpoint: 'PATCH /advertisers/:advertiserID',
    phrase: 'Update an Advertiser information.',
  },
  {
    file: 'offer-events.list.json',
    section: 'List all offer events within an offer',
    endpoint: 'GET /integrations/:integrationID/offers/:offerID/events',
    phrase: 'You can list all offer events within an offer.',
  },
  {
    file: 'offer-events.create.json',
    section: 'Create an offer event in an offer',
    endpoint: 'POST /integrations/:integrationID/offers/:offerID/events',
    phrase: 'You can create an offer event in an offer.',
  },
  {
    file: 'offer-events.get.json',
    section: 'Read an offer event in an offer',
    endpoint: 'GET .../offers/:offerID/events/:offerEventID',
    phrase: 'You can read an offer event in an offer.',
  },
  {
    file: 'offer-events.update.json',
    section: 'Update an offer event in an offer',
    endpoint: 'PATCH .../offers/:offerID/events/:offerEventID',
    phrase: 'You can update an offer event in an offer.',
  },
  {
    file: 'landing-pages.list.json',
    section: 'List all offer landing pages within an offer',
    endpoint: 'GET /integrations/:integrationID/offers/:offerID/landing-pages',
    phrase: 'You can list all offer landing pages within an offer.',
  },
  {
    file: 'landing-pages.create.json',
    section: 'Create an offer landing page in an offer',
    endpoint: 'POST /integrations/:integrationID/offers/:offerID/landing-pages',
    phrase: 'You can create an offer landing page in an offer.',
  },
  {
    file: 'landing-pages.get.json',
    section: 'Read an offer landing page in an offer',
    endpoint: 'GET .../landing-pages/:offerLandingPageID',
    phrase: 'You can read an offer landing page in an offer.',
  },
  {
    file: 'landing-pages.update.json',
    section: 'Update an offer landing page in an offer',
    endpoint: 'PATCH .../landing-pages/:offerLandingPageID',
    phrase: 'You can update an offer landing page in an offer.',
  },
  {
    file: 'reports.conversion-table.cursor-first-page.json',
    section: 'Reports: cursor pagination, first example response',
    endpoint: 'GET /reports/v2/conversion-table',
    phrase: 'start_date=2025-02-01&end_date=2025-02-27\nExample response:',
  },
  {
    file: 'reports.conversion-table.cursor-next-page.json',
    section: 'Reports: cursor pagination, next page (page[after]=XYZ) example response',
    endpoint: 'GET /reports/v2/conversion-table',
    phrase: 'Fetch the next page by adding &page[after]=XYZ',
  },
  {
    file: 'download-center.clicks.json',
    section: 'Download Center: export Clicks to a CSV file',
    endpoint: 'POST /integrations/:integrationID/download-center/clicks',
    phrase: 'Use Download Center to export Clicks to a CSV file.',
  },
  {
    file: 'download-center.conversions.json',
    section: 'Download Center: export Conversions to a CSV file',
    endpoint: 'POST /integrations/:integrationID/download-center/conversions',
    phrase: 'Use Download Center to export Conversions to a CSV file.',
  },
  {
    file: 'download-center.impressions.json',
    section: 'Download Center: export Impressions to a CSV file',
    endpoint: 'POST /integrations/:integrationID/download-center/impressions',
    phrase: 'Use Download Center to export Impressions to a CSV file.',
  },
  {
    file: 'download-center.postback-logs.json',
    section: 'Download Center: export Postback Logs to a CSV file',
    endpoint: 'POST /integrations/:integrationID/download-center/postback-logs',
    phrase: 'Use Download Center to export Postback Logs to a CSV file.',
  },
  // The three report tables lost their headings; their parameter tables remain, and each example has a field of its own table.
  {
    file: 'reports.click-table.json',
    section: 'Click report table (heading lost; parameters on request_time)',
    endpoint: 'GET /reports/v2/click-table',
    phrase: 'Fetch data where request_time is starting from this date time',
    hasKey: 'final_offer_id',
  },
  {
    file: 'reports.conversion-table.json',
    section: 'Conversion report table (heading lost; parameters on conversion_time)',
    endpoint: 'GET /reports/v2/conversion-table',
    phrase: 'Fetch data where conversion_time is starting from this date time',
    hasKey: 'click_tx_id',
  },
  {
    file: 'reports.impression-table.json',
    section: 'Impression report table (heading lost; parameters on request_time)',
    endpoint: 'GET /reports/v2/impression-table',
    phrase: 'Fetch data where request_time is starting from this date time',
    hasKey: 'site_url',
  },
  {
    file: 'download-center.signed-url.json',
    section: 'Get the signed url for a download center file',
    endpoint: 'GET /download-center/signed-url',
    phrase: 'Get the signed url for a download center file.',
  },
  {
    file: 'download-center.exports.list.json',
    section: 'List all the Download Center exports',
    endpoint: 'GET /download-center/exports',
    phrase: 'List all the Download Center exports.',
  },
  {
    file: 'download-center.exports.get.json',
    section: 'Get the Download Center export object',
    endpoint: 'GET /download-center/exports/:exportID',
    phrase: 'Get the Download Center export object.',
  },
];

/** Every response example of the document, recovered and named; throws where the document does not read as expected. */
export function extractIntegr8Examples(doc: string): RecoveredExample[] {
  const blocks = findBlocks(doc);
  const responses: { block: Block; preface: string }[] = [];
  blocks.forEach((block, i) => {
    const next = blocks[i + 1];
    if (next?.adjacent) return; // a request sample: its response follows at once
    responses.push({ block, preface: block.adjacent ? blocks[i - 1].preface : block.preface });
  });
  if (responses.length !== EXPECTED.length) {
    throw new Error(`expected ${EXPECTED.length} response examples, found ${responses.length}`);
  }
  const lineOf = (offset: number) => doc.slice(0, offset).split('\n').length;
  return responses.map(({ block, preface }, i) => {
    const expected = EXPECTED[i];
    const text = doc.slice(block.start, block.end);
    const where = `${expected.file} (line ${lineOf(block.start)})`;
    if (!preface.includes(expected.phrase)) throw new Error(`${where}: the prose before it lacks "${expected.phrase}"`);
    const json = parseUnmangled(text, where);
    if (expected.hasKey && !hasKey(json, expected.hasKey)) throw new Error(`${where}: has no "${expected.hasKey}"`);
    return { file: expected.file, section: expected.section, endpoint: expected.endpoint, lines: [lineOf(block.start), lineOf(block.end - 1)], json };
  });
}

/** Drops the renderer's list markers (`- ` outside strings) from an example. */
export function unmangle(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i];
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '-' && /\s/.test(text[i + 1] ?? '')) {
      i++; // the marker and the space after it
    } else {
      out += c;
    }
  }
  return out;
}

// Private:

/** The JSON-looking runs of the document (rule 1). */
function findBlocks(doc: string): Block[] {
  const blocks: Block[] = [];
  let previousEnd = 0;
  for (let i = 0; i < doc.length; i++) {
    if (doc[i] !== '{') continue;
    const adjacent = blocks.length > 0 && i === previousEnd;
    if (!(i === 0 || doc[i - 1] === '\n' || adjacent)) continue;
    const end = balanced(doc, i);
    blocks.push({ start: i, end, preface: doc.slice(previousEnd, i), adjacent });
    previousEnd = end;
    i = end - 1;
  }
  return blocks;
}

/** The offset just past the brace that balances the one at `start`. */
function balanced(doc: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < doc.length; i++) {
    const c = doc[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  throw new Error(`unbalanced example at offset ${start}`);
}

/** Rules 2 and 4. */
function parseUnmangled(text: string, where: string): unknown {
  const json = unmangle(text);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new Error(`${where}: not JSON once unmangled (${(error as Error).message}):\n${json}`, { cause: error });
  }
  const colons = countOutsideStrings(json, ':');
  const members = countMembers(value);
  if (colons !== members) throw new Error(`${where}: ${colons} members in the text, ${members} parsed (a duplicate key?)`);
  return value;
}

function countOutsideStrings(text: string, char: string): number {
  let count = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === char) count++;
  }
  return count;
}

function countMembers(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + countMembers(item), 0);
  if (value && typeof value === 'object') {
    return Object.values(value).reduce((sum: number, item) => sum + 1 + countMembers(item), 0);
  }
  return 0;
}

function hasKey(value: unknown, key: string): boolean {
  if (Array.isArray(value)) return value.some((item) => hasKey(item, key));
  if (value && typeof value === 'object') return Object.hasOwn(value, key) || Object.values(value).some((item) => hasKey(item, key));
  return false;
}

/** Writes (or with `--check`, compares) the fixtures; prints the README's source table. */
function main(argv: string[]): void {
  const check = argv.includes('--check');
  const docPath = argv.find((arg) => !arg.startsWith('--')) ?? '/work/shared/vendor-docs/integr8-api.txt';
  const dir = join('test', 'contract', 'fixtures', 'integr8');
  const examples = extractIntegr8Examples(readFileSync(docPath, 'utf8'));
  const stale: string[] = [];
  if (!check) mkdirSync(dir, { recursive: true });
  for (const example of examples) {
    const path = join(dir, example.file);
    const text = `${JSON.stringify(example.json, null, 2)}\n`;
    if (check) {
      if (!existsSync(path) || readFileSync(path, 'utf8') !== text) stale.push(example.file);
    } else writeFileSync(path, text);
  }
  if (check) {
    if (stale.length) {
      console.error(`fixtures that differ from the document: ${stale.join(', ')}`);
      process.exitCode = 1;
    } else console.log(`${examples.length} fixtures match ${docPath}`);
    return;
  }
  console.log('| file | document section | endpoint | lines |\n| --- | --- | --- | --- |');
  for (const e of examples) console.log(`| ${e.file} | ${e.section} | \`${e.endpoint}\` | ${e.lines[0]}-${e.lines[1]} |`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
