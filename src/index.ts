import { ConfigError, loadConfig } from './config.js';
import { applyLogConfig, log } from './log.js';
import { startGateway } from './server.js';
import { perVendor, VENDORS, vendorKeys } from './vendors/registry.js';
import { simulatorEndpoints, startSimulators, type Simulators } from './vendors/simulators.js';

/**
 * Starts the gateway. A vendor without configuration runs on its built-in simulator when
 * simulators are on (`npm start` outside production, or SIMULATORS=true); otherwise it is
 * disabled: its fields answer VENDOR_NOT_CONFIGURED, and the start-up log says so.
 */
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
  await applyLogConfig({ level: config.logLevel, format: config.logFormat });
  const configured = config.vendors;
  const missing = vendorKeys().filter((key) => !configured[key]);
  let simulators: Simulators | undefined;
  if (config.simulators && missing.length > 0) simulators = await startSimulators();
  const simulated = simulators && simulatorEndpoints(simulators);
  const endpoints = perVendor((key) => configured[key] ?? simulated?.[key]);
  for (const key of missing.filter(() => !simulators)) {
    const { label, env } = VENDORS[key];
    log.warn(`${label} is disabled: it is not configured (set ${env.credential} and ${env.baseUrl}) and simulators are off`, { vendor: key });
  }
  if (missing.length < vendorKeys().length && config.limits.apiKeys.length === 0) {
    log.warn(
      'Real vendor credentials are configured but GATEWAY_API_KEYS is not: anyone who reaches this gateway can use them. Set GATEWAY_API_KEYS.',
    );
  }
  const gateway = await startGateway(config, endpoints);
  // Migrations run now, so that a database that cannot be reached stops the start, not a first link.
  try {
    await gateway.partnerLinks.open();
  } catch (error) {
    log.error((error as Error).message);
    await gateway.stop();
    await simulators?.stop();
    process.exit(1);
  }
  log.info('affiliate-gateway ready', {
    url: gateway.url,
    ...perVendor((key) => (configured[key] ? endpoints[key]!.baseUrl : simulated ? `simulator at ${simulated[key]!.baseUrl}` : 'disabled')),
    cache: config.redisUrl ? 'redis' : 'memory',
    partnerLinks: config.partnerLinks.databaseUrl ? 'postgres' : `pglite at ${config.partnerLinks.dir}`,
  });
  const page = { graphiql: ` for GraphiQL`, sandbox: ` for Apollo Sandbox`, off: '' }[config.landingPage];
  process.stdout.write(`\naffiliate-gateway is ready: open ${gateway.url}${page}.\n\n`);

  // SIGTERM (and Ctrl-C): /ready fails, requests in flight finish within SHUTDOWN_DRAIN_MS, then
  // the process exits 0. A second signal exits at once.
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn(`${signal} again: exiting without waiting for requests in flight`);
      process.exit(1);
    }
    stopping = true;
    log.info(`${signal}: shutting down`, { drainMs: config.shutdownDrainMs });
    const { drained, cut } = await gateway.shutdown(config.shutdownDrainMs);
    await simulators?.stop();
    if (drained) log.info('affiliate-gateway stopped: every request in flight finished');
    else log.warn(`affiliate-gateway stopped: ${cut} request(s) still in flight after ${config.shutdownDrainMs} ms were cut`, { cut });
    process.exit(0);
  };
  process.on('SIGINT', (signal) => void shutdown(signal));
  process.on('SIGTERM', (signal) => void shutdown(signal));
}

await main();
