import { ConfigError, loadConfig } from './config.js';
import { log } from './log.js';
import { startGateway } from './server.js';
import { perVendor, vendorKeys } from './vendors/registry.js';
import { simulatorEndpoints, startSimulators, type Simulators } from './vendors/simulators.js';

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
  const configured = config.vendors;
  let simulators: Simulators | undefined;
  if (vendorKeys().some((key) => !configured[key])) simulators = await startSimulators();
  const simulated = simulators && simulatorEndpoints(simulators);
  const endpoints = perVendor((key) => configured[key] ?? simulated![key]);
  const gateway = await startGateway(config, endpoints);
  log.info('affiliate-gateway ready', {
    url: gateway.url,
    ...perVendor((key) => (configured[key] ? endpoints[key].baseUrl : `simulator at ${endpoints[key].baseUrl}`)),
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
