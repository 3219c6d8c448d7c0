import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { getOperationAST } from 'graphql';
import { requestScope } from '../requestScope.js';
import type { GatewayMetrics, GraphqlOutcome } from './metrics.js';
import { operationTrace, type GatewayTracing } from './tracing.js';

/**
 * Observes every GraphQL operation (each one of a batch too): `graphql_requests_total` and
 * `graphql_request_duration_seconds` by operation name and outcome, the operation's name in
 * the request's access-log line, and with tracing on a span named after the operation
 * (`graphql.operation.name`, `graphql.operation.type`), child of the caller's trace context and
 * parent of the operation's upstream calls.
 *
 * The outcome follows the GraphQL response: no errors is `success`; errors without `data` are a
 * request error (`invalid`: the document did not parse or validate, variables did not coerce, a
 * limit refused it); `data: null` is `error`; data with errors is `partial`.
 */
export function observabilityPlugin(metrics: GatewayMetrics, tracing?: GatewayTracing): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart({ request }) {
      const started = performance.now();
      const scope = requestScope.getStore();
      const parent = scope?.trace ?? ROOT_CONTEXT;
      const span = tracing?.tracer.startSpan('GraphQL', { kind: SpanKind.SERVER }, parent);
      let name: string | null = null;
      return {
        async didResolveOperation({ operationName, operation }) {
          name = operationName;
          const type = operation?.operation;
          span?.updateName(operationName ?? type ?? 'GraphQL');
          span?.setAttributes({ ...(type && { 'graphql.operation.type': type }), ...(operationName && { 'graphql.operation.name': operationName }) });
        },
        async executionDidStart() {
          // Apollo runs this hook in the operation's own async chain, which goes on to execute the
          // resolvers: entering the span's context here scopes it to this operation, even when a
          // batch executes several at once (test/server/observability.test.ts checks it).
          if (span) operationTrace.enterWith(trace.setSpan(parent, span));
        },
        async willSendResponse({ response, document }) {
          const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const errors = result?.errors ?? [];
          const outcome: GraphqlOutcome =
            errors.length === 0 ? 'success' : result?.data === undefined ? 'invalid' : result.data === null ? 'error' : 'partial';
          // Not resolved (the document did not validate): its name from the document, or else the request's; capped like any other.
          name ??= (document && getOperationAST(document, request.operationName)?.name?.value) ?? request.operationName ?? null;
          metrics.graphqlRequest(name, outcome, (performance.now() - started) / 1000);
          scope?.tally?.operations.push(name);
          if (!span) return;
          const codes = [...new Set(errors.map((error) => String(error.extensions?.code ?? 'UNKNOWN')))];
          if (codes.length > 0) span.setAttribute('graphql.error.codes', codes);
          if (outcome === 'error' || outcome === 'invalid') span.setStatus({ code: SpanStatusCode.ERROR, message: codes.join(', ') });
          span.end();
        },
      };
    },
  };
}
