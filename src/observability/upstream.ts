/**
 * What the HTTP core reports about each upstream call: metrics per attempt, and with tracing on
 * a client span per call (all its attempts), child of the GraphQL operation's span, whose
 * context the attempts send to the vendor as `traceparent`.
 */
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { GatewayError } from '../errors.js';
import { requestScope } from '../requestScope.js';
import type { VendorKey } from '../vendors/registry.js';
import type { GatewayMetrics } from './metrics.js';
import { operationTrace, type GatewayTracing } from './tracing.js';

/** Starts the record of one upstream call. */
export interface UpstreamTelemetry {
  start(call: { vendor: VendorKey; method: string; route: string; host: string }): UpstreamCall;
}

/** One upstream call, from its first attempt to its answer or failure. */
export interface UpstreamCall {
  /** Headers every attempt sends: the trace context, or none with tracing off. */
  readonly headers: Record<string, string> | undefined;
  /** One attempt ended: the vendor's status (or no answer), how long it took, its answer's headers. */
  attempt(result: {
    seconds: number;
    status?: number;
    failure?: 'timeout' | 'network';
    headers?: Record<string, string | string[] | undefined>;
  }): void;
  /** The last attempt is repeated. */
  retry(): void;
  /** The call is over: answered, or failed with `error`. */
  end(error?: unknown): void;
}

/** The telemetry of one gateway's upstream calls. */
export function upstreamTelemetry(metrics: GatewayMetrics, tracing?: GatewayTracing): UpstreamTelemetry {
  return {
    start({ vendor, method, route, host }) {
      let span: Span | undefined;
      let headers: Record<string, string> | undefined;
      let retries = 0;
      if (tracing) {
        const parent = operationTrace.getStore() ?? requestScope.getStore()?.trace ?? ROOT_CONTEXT;
        span = tracing.tracer.startSpan(
          `${method} ${route}`,
          {
            kind: SpanKind.CLIENT,
            attributes: { vendor, 'http.request.method': method, 'url.template': route, 'server.address': host },
          },
          parent,
        );
        headers = tracing.inject(trace.setSpan(parent, span));
      }
      return {
        headers,
        attempt(result) {
          metrics.upstreamAttempt({ vendor, method, route, ...result });
          if (result.status !== undefined) span?.setAttribute('http.response.status_code', result.status);
        },
        retry() {
          retries++;
          metrics.upstreamRetry(vendor, method, route);
        },
        end(error) {
          if (!span) return;
          span.setAttribute('http.request.resend_count', retries);
          if (error !== undefined) {
            const type = error instanceof GatewayError ? error.code : error instanceof Error ? error.name : 'error';
            span.setAttribute('error.type', type);
            span.setStatus({ code: SpanStatusCode.ERROR, message: type });
          }
          span.end();
        },
      };
    },
  };
}
