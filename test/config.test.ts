import path from 'node:path';
import { ConfigError, loadConfig } from '../src/config.js';

const fails = (env: NodeJS.ProcessEnv) => {
  try {
    loadConfig(env);
  } catch (error) {
    return error as ConfigError;
  }
  throw new Error('loadConfig accepted ' + JSON.stringify(env));
};

test('nothing configured: every vendor runs on its simulator, with the documented defaults', () => {
  const config = loadConfig({});
  expect(config).toMatchObject({
    port: 4000,
    vendors: {},
    cacheTtlSeconds: { entity: 300, list: 60, report: 60, clickStream: 60, export: 5, cursor: 900 },
    resilience: expect.objectContaining({ timeoutMs: { everflow: 15000, irev: 15000, integr8: 15000 } }),
    everflowClicks: { requestBudget: 40, concurrency: 4 },
    reportWalkBudget: 50,
    irevTimezone: 'UTC',
  });
  expect(config.redisUrl).toBeUndefined();
});

test('each vendor is configured on its own; a key alone means the production URL', () => {
  const config = loadConfig({ EVERFLOW_API_KEY: 'ef-key', IREV_BASE_URL: 'https://network.example.com/', IREV_API_TOKEN: 'tok' });
  expect(config.vendors).toEqual({
    everflow: { baseUrl: 'https://api.eflow.team', credential: 'ef-key' },
    irev: { baseUrl: 'https://network.example.com', credential: 'tok' },
  });
});

test.each([
  [{ EVERFLOW_BASE_URL: 'http://localhost:9000' }, 'EVERFLOW_API_KEY', /required when EVERFLOW_BASE_URL is set/],
  [{ IREV_API_TOKEN: 'secret-token' }, 'IREV_BASE_URL', /required when IREV_API_TOKEN is set/],
  [{ INTEGR8_BASE_URL: 'not a url', INTEGR8_API_KEY: 'secret-key' }, 'INTEGR8_BASE_URL', /absolute http\(s\) URL/],
  [{ INTEGR8_BASE_URL: 'ftp://x.example.com', INTEGR8_API_KEY: 'secret-key' }, 'INTEGR8_BASE_URL', /http or https/],
  [{ PORT: 'eighty' }, 'PORT', /whole number/],
  [{ PORT: '70000' }, 'PORT', /between 0 and 65535/],
  [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL', /redis:\/\//],
  [
    { DATABASE_URL: 'mysql://u:secret@db/x' },
    'DATABASE_URL',
    /^DATABASE_URL: must be a PostgreSQL URL such as postgres:\/\/user@host:5432\/database$/,
  ],
  [{ PARTNER_LINKS_SCHEMA: 'Links; drop' }, 'PARTNER_LINKS_SCHEMA', /schema name of lower-case letters/],
  [{ CACHE_TTL_LIST_SECONDS: '-1' }, 'CACHE_TTL_LIST_SECONDS', /whole number/],
  [{ EVERFLOW_CLICK_CONCURRENCY: '0' }, 'EVERFLOW_CLICK_CONCURRENCY', /between 1 and 32/],
  [{ IREV_TIMEZONE: 'Mars/Base' }, 'IREV_TIMEZONE', /IANA time zone/],
])('%j is rejected naming %s', (env, variable, message) => {
  const error = fails(env);
  expect(error).toBeInstanceOf(ConfigError);
  expect(error.variable).toBe(variable);
  expect(error.message).toMatch(new RegExp(`^${variable}: `));
  expect(error.message).toMatch(message);
  expect(error.message).not.toMatch(/secret/);
});

test('every bad variable is reported at once, each on its own line naming it', () => {
  const error = fails({ PORT: 'eighty', LOG_LEVEL: 'loud', HOST: 'not a host!', IREV_API_TOKEN: 'secret-token', METRICS_TOKEN: 'short' });
  expect(error.problems).toEqual([
    { variable: 'PORT', message: 'must be a whole number, got "eighty"' },
    { variable: 'HOST', message: 'must be a host name or an IP address such as 127.0.0.1, got "not a host!"' },
    { variable: 'LOG_LEVEL', message: 'must be one of debug, info, warn, error, silent, got "loud"' },
    { variable: 'METRICS_TOKEN', message: 'must be at least 16 characters' },
    { variable: 'IREV_BASE_URL', message: 'is required when IREV_API_TOKEN is set' },
  ]);
  expect(error.message.split('\n')).toEqual(error.problems.map(({ variable, message }) => `${variable}: ${message}`));
  expect(error.message).not.toMatch(/secret|short/);
});

test('production and operations settings have safe defaults', () => {
  expect(loadConfig({})).toMatchObject({ simulators: true, logLevel: 'info', logFormat: 'json', landingPage: 'graphiql' });
  const production = loadConfig({ NODE_ENV: 'production', REQUEST_BUDGET_MS: '10000' });
  expect(production).toMatchObject({ simulators: false, shutdownDrainMs: 15000, redisTimeouts: { connectMs: 50, commandMs: 50 } });
  expect(loadConfig({ NODE_ENV: 'production', SIMULATORS: 'true' }).simulators).toBe(true);
  expect(production.cacheMaxBytes).toBeGreaterThan(10 * 1024 * 1024);
});

test('partner links default to PGlite under .data/partner-links, or PostgreSQL with DATABASE_URL', () => {
  expect(loadConfig({}).partnerLinks).toEqual({ databaseUrl: undefined, dir: path.resolve('.data', 'partner-links'), schema: 'public' });
  expect(
    loadConfig({ DATABASE_URL: 'postgres://app@db:5432/links', PARTNER_LINKS_DIR: 'memory', PARTNER_LINKS_SCHEMA: 'gateway' }).partnerLinks,
  ).toEqual({
    databaseUrl: 'postgres://app@db:5432/links',
    dir: 'memory',
    schema: 'gateway',
  });
});
