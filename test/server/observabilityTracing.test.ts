/**
 * OpenTelemetry tracing through real HTTP: spans recorded by an in-memory exporter (an injected
 * provider), and exported over OTLP/HTTP (JSON) to a collector in this process.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { loadConfig } from '../../src/config.js';
import { startGateway, type GatewayServer } from '../../src/server.js';
import { simulatorEndpoints, startSimulators, type Simulators } from '../../src/vendors/simulators.js';
import { startTestGateway } from '../helpers/gateway.js';

let sims: Simulators;
beforeAll(async () => {
  sims = await startSimulators();
});
afterAll(() => sims.stop());
beforeEach(() => {
  for (const sim of [sims.everflow, sims.irev, sims.integr8]) {
    sim.clearFaults();
    sim.clearRequests();
  }
});

const PUBLISHERS = `query Publishers { publishers(first: 3) { nodes { nativeId } } }`;
const USERS = `query Users { users(first: 1) { totalCount } }`;
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE_ID}-${CALLER_SPAN}-01`;

/** A gateway tracing into memory (one span exported as soon as it ends). */
async function tracedGateway(
  env: NodeJS.ProcessEnv = {},
): Promise<{ server: GatewayServer; exporter: InMemorySpanExporter; provider: BasicTracerProvider }> {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const server = await startGateway(loadConfig({ RETRY_BASE_DELAY_MS: '1', ...env }), simulatorEndpoints(sims), {
    port: 0,
    tracerProvider: provider,
  });
  return { server, exporter, provider };
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<any> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return response.json();
}

/** What a test asserts of a span. */
function summary(span: ReadableSpan) {
  return {
    name: span.name,
    kind: span.kind,
    traceId: span.spanContext().traceId,
    parent: span.parentSpanContext?.spanId,
    attributes: span.attributes,
    status: span.status,
  };
}

test('an operation span keeps the caller’s trace id; each upstream call is its child, and the vendor gets its traceparent', async () => {
  const { server, exporter } = await tracedGateway();
  try {
    const res = await post(server.url, { query: PUBLISHERS }, { traceparent: TRACEPARENT });
    expect(res.errors).toBeUndefined();
    const spans = exporter.getFinishedSpans();
    expect(spans.map(summary)).toEqual([
      {
        name: 'GET /api/v2/publishers',
        kind: SpanKind.CLIENT,
        traceId: TRACE_ID,
        parent: expect.any(String),
        attributes: {
          vendor: 'integr8',
          'http.request.method': 'GET',
          'url.template': '/api/v2/publishers',
          'server.address': new URL(sims.integr8.url).host,
          'http.response.status_code': 200,
          'http.request.resend_count': 0,
        },
        status: { code: SpanStatusCode.UNSET },
      },
      {
        name: 'Publishers',
        kind: SpanKind.SERVER,
        traceId: TRACE_ID,
        parent: CALLER_SPAN,
        attributes: { 'graphql.operation.name': 'Publishers', 'graphql.operation.type': 'query' },
        status: { code: SpanStatusCode.UNSET },
      },
    ]);
    const [upstream, operation] = spans;
    expect(upstream.parentSpanContext?.spanId).toBe(operation.spanContext().spanId);
    // The vendor received the upstream span's context.
    expect(sims.integr8.requests().map((r) => r.headers.traceparent)).toEqual([`00-${TRACE_ID}-${upstream.spanContext().spanId}-01`]);
  } finally {
    await server.stop();
  }
});

test('retries are counted on the call’s span, a failing call has an error status, and without a traceparent a new trace starts', async () => {
  const { server, exporter } = await tracedGateway({ RETRY_LIMIT: '1' });
  try {
    sims.integr8.injectFault({ path: '/api/v2/publishers', status: 503 });
    expect((await post(server.url, { query: PUBLISHERS })).errors).toBeUndefined();
    sims.integr8.injectFault({ path: '/api/v2/organization/users', status: 502, times: 2 });
    const failed = await post(server.url, { query: USERS });
    expect(failed.errors.map((e: any) => e.extensions.code)).toEqual(['UPSTREAM_ERROR']);
    const spans = exporter.getFinishedSpans().map(summary);
    expect(
      spans.map(({ name, attributes, status }) => ({
        name,
        resent: attributes['http.request.resend_count'],
        code: attributes['http.response.status_code'],
        status,
      })),
    ).toEqual([
      { name: 'GET /api/v2/publishers', resent: 1, code: 200, status: { code: SpanStatusCode.UNSET } },
      { name: 'Publishers', resent: undefined, code: undefined, status: { code: SpanStatusCode.UNSET } },
      { name: 'GET /api/v2/organization/users', resent: 1, code: 502, status: { code: SpanStatusCode.ERROR, message: 'UPSTREAM_ERROR' } },
      // `users` is null with an error: a partial answer, so the operation itself did not fail.
      { name: 'Users', resent: undefined, code: undefined, status: { code: SpanStatusCode.UNSET } },
    ]);
    expect(spans[3].attributes['graphql.error.codes']).toEqual(['UPSTREAM_ERROR']);
    // No caller context: each operation is the root of its own trace.
    expect(spans[1].parent).toBeUndefined();
    expect(spans[0].traceId).toBe(spans[1].traceId);
    expect(spans[2].traceId).not.toBe(spans[1].traceId);
    // Both attempts carried the same call's traceparent.
    const sent = sims.integr8.requests().map((r) => r.headers.traceparent);
    expect(sent).toHaveLength(4);
    expect(sent[0]).toBe(sent[1]);
  } finally {
    await server.stop();
  }
});

test('each operation of a batch parents its own upstream calls', async () => {
  const { server, exporter } = await tracedGateway();
  try {
    const res = await post(server.url, [{ query: PUBLISHERS }, { query: USERS }], { traceparent: TRACEPARENT });
    expect(res.map((r: any) => r.errors)).toEqual([undefined, undefined]);
    const spans = exporter.getFinishedSpans();
    const byName = Object.fromEntries(spans.map((span) => [span.name, span]));
    expect(Object.keys(byName).sort()).toEqual(['GET /api/v2/organization/users', 'GET /api/v2/publishers', 'Publishers', 'Users']);
    expect(byName['GET /api/v2/publishers'].parentSpanContext?.spanId).toBe(byName.Publishers.spanContext().spanId);
    expect(byName['GET /api/v2/organization/users'].parentSpanContext?.spanId).toBe(byName.Users.spanContext().spanId);
    expect(byName.Publishers.parentSpanContext?.spanId).toBe(CALLER_SPAN);
    expect(byName.Users.parentSpanContext?.spanId).toBe(CALLER_SPAN);
  } finally {
    await server.stop();
  }
});

test('with tracing off (no endpoint), nothing is sent to the vendors', async () => {
  const gw = await startTestGateway({ sims });
  try {
    await gw.query(PUBLISHERS, undefined, { traceparent: TRACEPARENT });
    expect(sims.integr8.requests().map((r) => r.headers.traceparent)).toEqual([undefined]);
  } finally {
    await gw.stop();
  }
});

test('OTEL_EXPORTER_OTLP_ENDPOINT: spans reach an OTLP/HTTP collector as JSON when the gateway stops', async () => {
  const received: { path?: string; contentType?: string; body: any }[] = [];
  const collector = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ path: req.url, contentType: req.headers['content-type'], body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  try {
    const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
    const gw = await startTestGateway({ sims, env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint } });
    await gw.query(PUBLISHERS, undefined, { traceparent: TRACEPARENT });
    // Spans are batched; stopping the gateway exports what is left.
    await gw.stop();
    expect(received.map(({ path, contentType }) => ({ path, contentType }))).toEqual([{ path: '/v1/traces', contentType: 'application/json' }]);
    const [resourceSpans] = received[0].body.resourceSpans;
    expect(resourceSpans.resource.attributes).toContainEqual({ key: 'service.name', value: { stringValue: 'affiliate-gateway' } });
    const spans = resourceSpans.scopeSpans.flatMap((scope: any) => scope.spans);
    expect(spans.map((span: any) => ({ name: span.name, traceId: span.traceId }))).toEqual([
      { name: 'GET /api/v2/publishers', traceId: TRACE_ID },
      { name: 'Publishers', traceId: TRACE_ID },
    ]);
    expect(spans[1].parentSpanId).toBe(CALLER_SPAN);
    expect(spans[0].parentSpanId).toBe(spans[1].spanId);
  } finally {
    await new Promise((resolve) => collector.close(resolve));
  }
});
