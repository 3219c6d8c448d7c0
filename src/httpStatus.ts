import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { requestScope } from './requestScope.js';

/**
 * GraphQL over HTTP's status codes for request errors, which depend on the media type of the
 * answer. A well-formed request whose document does not parse or validate, or whose variables do
 * not coerce, is answered:
 * - in `application/graphql-response+json` with 400 (the request was not executed), as Apollo does;
 * - in `application/json` with 200 and the errors: the spec's SHOULD for that media type, whose
 *   clients read the body whatever the status. Apollo Server 5 answers 400 here too.
 *
 * Apollo chooses the media type after the request pipeline, from the Accept header, so the two
 * halves meet in the request scope: `requestErrorPlugin` marks a request error (the pipeline's
 * own 400 with no `data`), and `graphqlStatus` gives the status once the media type is known.
 * A request that is not well-formed (no `query`, `variables` that are not an object, a body that
 * is not JSON, a CSRF refusal) never reaches the pipeline, or answers `BAD_REQUEST`, and keeps its 400.
 */
export const requestErrorPlugin: ApolloServerPlugin<BaseContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.http.status !== 400 || response.body.kind !== 'single') return;
        const { data, errors } = response.body.singleResult;
        if (data !== undefined || !errors?.length || errors.some((error) => error.extensions?.code === 'BAD_REQUEST')) return;
        const scope = requestScope.getStore();
        if (scope) scope.requestError = true;
      },
    };
  },
};

/** The status to send for Apollo's answer: 200 instead of 400 for a request error answered in `application/json`. */
export function graphqlStatus(status: number, contentType: string | undefined, requestError: boolean): number {
  const essence = contentType?.split(';')[0].trim().toLowerCase();
  return status === 400 && requestError && essence === 'application/json' ? 200 : status;
}
