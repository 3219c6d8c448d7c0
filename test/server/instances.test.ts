import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import { startSimulators, type Simulators } from '../../src/vendors/simulators.js';
import { toGlobalId } from '../../src/ids.js';
import type { GqlResponse } from '../helpers/gateway.js';
import { buildGateway, simulatorEnv, spawnGateway, type GatewayProcess } from '../helpers/processes.js';

// Two gateway processes on one Redis, in front of the same simulators (in this process): what
// one instance writes or registers, the other sees; tenants stay apart across them.

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Keys of this run only: Redis outlives test runs, and its entries are keyed by credential. */
const RUN = randomBytes(4).toString('hex');
const TENANT_A = `instances-${RUN}-a`;
const TENANT_B = `instances-${RUN}-b`;

let reachable = false;
let sims: Simulators;
let one: GatewayProcess;
let two: GatewayProcess;

beforeAll(async () => {
  reachable = await redisAnswers(REDIS_URL);
  if (!reachable) {
    if (process.env.CI === 'true') throw new Error(`The instances tests need Redis at ${REDIS_URL} (required when CI=true).`);
    console.log(`Skipping the two-instance tests: nothing answers at ${REDIS_URL} (they are required when CI=true).`);
    return;
  }
  sims = await startSimulators({ extraKeys: { integr8: [TENANT_A, TENANT_B] } });
  await buildGateway();
  const env = {
    ...simulatorEnv(sims),
    INTEGR8_API_KEY: TENANT_A,
    REDIS_URL,
    // Generous: a busy machine must not make Redis look down (each instance would then cache on its own).
    REDIS_CONNECT_TIMEOUT_MS: '2000',
    REDIS_COMMAND_TIMEOUT_MS: '2000',
  };
  [one, two] = await Promise.all([spawnGateway(env), spawnGateway(env)]);
}, 240_000);

afterAll(async () => {
  await Promise.all([one?.stop(), two?.stop()]);
  await sims?.stop();
});

beforeEach(() => sims?.integr8.clearRequests());

test('a write through one instance is seen by the next read through the other', async () => {
  if (!reachable) return;
  const publisher = [...sims.integr8.dataset(TENANT_A).publishers].sort((a, b) => (a.id < b.id ? -1 : 1))[3];
  const id = toGlobalId({ vendor: 'INTEGR8', type: 'Publisher', key: [publisher.id] });
  const READ = `query($id: ID!) { publisher(id: $id) { id city } }`;
  // Read through two, then through one: one answers from the entry two put in Redis.
  const first = await post(two, READ, { id });
  expect(first.data).toEqual({ publisher: { id, city: publisher.city ?? null } });
  sims.integr8.clearRequests();
  expect(await post(one, READ, { id })).toEqual(first);
  expect(sims.integr8.requests()).toEqual([]);

  const city = `City ${RUN}`;
  const written = await post(
    one,
    `mutation($input: UpdatePublisherInput!) { updatePublisher(input: $input) { publisher { city } userErrors { message } } }`,
    {
      input: { id, city },
    },
  );
  expect(written.data).toEqual({ updatePublisher: { publisher: { city }, userErrors: [] } });
  // Two's next read misses: one's write made every cached publisher read unreachable, in Redis.
  sims.integr8.clearRequests();
  expect((await post(two, READ, { id })).data).toEqual({ publisher: { id, city } });
  expect(sims.integr8.requests().map((request) => `${request.method} ${request.path.replace(/\/[0-9a-f]{24}$/, '/:id')}`)).toEqual([
    expect.stringMatching(/^GET \/api\/v2\/publishers(\/:id)?$/),
  ]);
});

test('a persisted query registered on one instance runs on the other by its hash alone', async () => {
  if (!reachable) return;
  const query = `query PersistedAcrossInstances { publishers(first: 2) { totalCount } } # run ${RUN}`;
  const sha256Hash = createHash('sha256').update(query).digest('hex');
  const persisted = { persistedQuery: { version: 1, sha256Hash } };
  // Unknown everywhere at first: the client is told to send the query.
  expect((await postBody(two, { extensions: persisted })).errors).toEqual([
    { message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } },
  ]);
  const registered = await postBody(one, { query, extensions: persisted });
  expect(registered.data).toEqual({ publishers: { totalCount: expect.any(Number) } });
  expect(await postBody(two, { extensions: persisted })).toEqual(registered);
});

test('tenants stay apart across instances: a tenant never gets the entry another tenant cached through the other instance', async () => {
  if (!reachable) return;
  const LIST = `{ publishers(first: 3) { nodes { nativeId } } }`;
  const firstIds = (key: string) =>
    sims.integr8
      .dataset(key)
      .publishers.map((publisher) => publisher.id)
      .sort()
      .slice(0, 3);
  expect(firstIds(TENANT_A)).not.toEqual(firstIds(TENANT_B));
  const ids = (response: GqlResponse) => response.data.publishers.nodes.map((node: { nativeId: string }) => node.nativeId);
  // A (the configured key) caches through one; B asks the same through two, then A through two.
  expect(ids(await post(one, LIST))).toEqual(firstIds(TENANT_A));
  sims.integr8.clearRequests();
  expect(ids(await post(two, LIST, {}, { 'x-integr8-api-key': TENANT_B }))).toEqual(firstIds(TENANT_B));
  expect(ids(await post(two, LIST))).toEqual(firstIds(TENANT_A));
  // B's read went to Integr8 with B's key; A's second read was a cache hit.
  expect(sims.integr8.requests().map((request) => request.headers['api-key'])).toEqual([TENANT_B]);
});

// Private:

async function post(gateway: GatewayProcess, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return postBody(gateway, { query, variables }, headers);
}

async function postBody(gateway: GatewayProcess, body: unknown, headers: Record<string, string> = {}): Promise<GqlResponse> {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  return (await response.json()) as GqlResponse;
}

function redisAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port || 6379), hostname);
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}
