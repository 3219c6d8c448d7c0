/**
 * OpenTelemetry tracing, off unless OTEL_EXPORTER_OTLP_ENDPOINT is set: a span per GraphQL
 * operation, a child span per upstream call, W3C trace context (`traceparent`, `tracestate`)
 * read from the incoming request and sent to the vendors.
 *
 * The gateway keeps its own tracer provider (a BasicTracerProvider exporting over OTLP/HTTP)
 * and registers nothing global: no global provider, context manager or propagator, and no
 * auto-instrumentation. Trace context travels in the gateway's own AsyncLocalStorage (the
 * request scope and `operationTrace`), so several gateways in one process each trace with
 * their own provider. The SDK is loaded only when tracing is on.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type http from 'node:http';
import { defaultTextMapGetter, defaultTextMapSetter, ROOT_CONTEXT, type Context, type Tracer, type TracerProvider } from '@opentelemetry/api';

/** The gateway's tracer and how trace context crosses HTTP. */
export interface GatewayTracing {
  readonly tracer: Tracer;
  /** The caller's trace context from a request's headers; the root context when it sent none (or a malformed one). */
  extract(headers: http.IncomingHttpHeaders): Context;
  /** The headers that carry `context` (its active span) to a vendor. */
  inject(context: Context): Record<string, string>;
  /** Exports the spans still buffered and stops; a provider passed in is left to its owner. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  /** The OTLP/HTTP collector's base URL (`http://localhost:4318`): spans go to `<endpoint>/v1/traces`. */
  endpoint?: string;
  /** A provider to trace with instead (tests: an in-memory exporter); the endpoint is then not used. */
  provider?: TracerProvider;
}

/**
 * The context of the GraphQL operation executing now (its span), set per operation, so that
 * each of a batch's operations, which Apollo runs at once, parents its own upstream calls.
 */
export const operationTrace = new AsyncLocalStorage<Context>();

/** The tracing of one gateway, or undefined when tracing is off (neither an endpoint nor a provider). */
export async function createTracing(options: TracingOptions): Promise<GatewayTracing | undefined> {
  const { endpoint, provider: given } = options;
  if (!given && !endpoint) return undefined;
  // The SDK's packages re-exported by sdk-node: the W3C propagator (core) and resources.
  const { core, resources } = await import('@opentelemetry/sdk-node');
  const propagator = new core.W3CTraceContextPropagator();
  let owned: { forceFlush(): Promise<void>; shutdown(): Promise<void> } | undefined;
  let provider: TracerProvider;
  if (given) provider = given;
  else {
    const [{ BasicTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }] = await Promise.all([
      import('@opentelemetry/sdk-trace-base'),
      import('@opentelemetry/exporter-trace-otlp-http'),
    ]);
    // The exporter still reads OTEL_EXPORTER_OTLP_HEADERS and the like from the environment.
    const exporter = new OTLPTraceExporter({ url: `${endpoint!.replace(/\/+$/, '')}/v1/traces` });
    // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES, when set, win over the defaults.
    const resource = resources
      .resourceFromAttributes({ 'service.name': SERVICE_NAME, 'service.version': SERVICE_VERSION })
      .merge(resources.detectResources({ detectors: [resources.envDetector] }));
    const basic = new BasicTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(exporter)] });
    owned = basic;
    provider = basic;
  }
  return {
    tracer: provider.getTracer(SERVICE_NAME, SERVICE_VERSION),
    extract: (headers) => propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter),
    inject(context) {
      const carrier: Record<string, string> = {};
      propagator.inject(context, carrier, defaultTextMapSetter);
      return carrier;
    },
    async shutdown() {
      await owned?.shutdown();
    },
  };
}

// Private:

const SERVICE_NAME = 'affiliate-gateway';
const SERVICE_VERSION = '0.1.0';
