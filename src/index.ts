import { ConfigError, loadConfig } from './config.js';
import { log } from './log.js';
import { startGateway, type Endpoints } from './server.js';
import { SIMULATOR_KEYS, startSimulators, type Simulators } from './simulators/index.js';

/** Starts the gateway; vendors without configuration run on the built-in simulators. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const { everflow, irev, integr8 } = config.vendors;
  let simulators: Simulators | undefined;
  if (!everflow || !irev || !integr8) simulators = await startSimulators();
  const endpoints: Endpoints = {
    everflow: everflow ?? { baseUrl: simulators!.everflow.url, credential: SIMULATOR_KEYS.everflow },
    irev: irev ?? { baseUrl: simulators!.irev.url, credential: SIMULATOR_KEYS.irev },
    integr8: integr8 ?? { baseUrl: simulators!.integr8.url, credential: SIMULATOR_KEYS.integr8 },
  };
  const gateway = await startGateway(config, endpoints);
  const source = (configured: unknown, baseUrl: string) => (configured ? baseUrl : `simulator at ${baseUrl}`);
  log.info('affiliate-gateway ready', {
    url: gateway.url,
    everflow: source(everflow, endpoints.everflow.baseUrl),
    irev: source(irev, endpoints.irev.baseUrl),
    integr8: source(integr8, endpoints.integr8.baseUrl),
    cache: config.redisUrl ? 'redis' : 'memory',
  });
  process.stdout.write(`\naffiliate-gateway is ready: open ${gateway.url} for Apollo Sandbox.\n\n`);

  const shutdown = async () => {
    await gateway.stop();
    await simulators?.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

await main();
