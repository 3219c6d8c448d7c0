import { loadConfig } from '../../src/config.js';
import { startGateway } from '../../src/server.js';
import { simulatorEndpoints, startSimulators, type Simulators } from '../../src/vendors/simulators.js';

let sims: Simulators;
beforeAll(async () => {
  sims = await startSimulators();
});
afterAll(() => sims.stop());

test('a vendor left unconfigured is disabled: its fields answer VENDOR_NOT_CONFIGURED, the others still resolve', async () => {
  const { everflow: _unconfigured, ...endpoints } = simulatorEndpoints(sims);
  const gateway = await startGateway(loadConfig({ NODE_ENV: 'production' }), endpoints, { port: 0 });
  try {
    sims.everflow.clearRequests();
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ affiliates(first: 1) { totalCount } publishers(first: 1) { totalCount } }' }),
    });
    const body = (await response.json()) as { data: Record<string, { totalCount: number } | null>; errors?: unknown[] };
    expect(body.data.affiliates).toBeNull();
    expect(body.data.publishers?.totalCount).toBeGreaterThan(0);
    expect(body.errors).toEqual([
      {
        message: 'Everflow is not configured on this gateway; set EVERFLOW_API_KEY (and EVERFLOW_BASE_URL) to enable it.',
        locations: [{ line: 1, column: 3 }],
        path: ['affiliates'],
        extensions: { code: 'VENDOR_NOT_CONFIGURED', vendor: 'EVERFLOW' },
      },
    ]);
    expect(sims.everflow.requests()).toEqual([]);
  } finally {
    await gateway.stop();
  }
});
