import type { CreateExportInput, ExportKind } from '../../__generated__/resolvers.js';
import { GatewayError } from '../../errors.js';
import { toGlobalId } from '../../ids.js';
import type { ExportPayloadModel } from '../../models/index.js';
import { withoutNulls } from '../normalize.js';
import { RESOURCES } from '../resources.js';
import { formatLocalTime } from '../time.js';
import { rejectionAsUserErrors, type InputCheck } from '../userErrors.js';
import { WriteRoutine } from '../write.js';
import type { Integr8Client } from './client.js';
import { mapExport, TRAFFIC_STATUSES } from './mappers.js';
import type { Integr8CreateResponse, Integr8Export, Integr8ExportCreateRequest } from './types.js';

/** The create endpoint's path segment per export kind. */
export const EXPORT_KIND_PATHS = {
  CLICKS: 'clicks',
  CONVERSIONS: 'conversions',
  IMPRESSIONS: 'impressions',
  POSTBACK_LOGS: 'postback-logs',
} as const satisfies Record<ExportKind, string>;

/** Integr8 download-center exports: created here (through the write routine, see WriteRoutine), followed through `export(id)` and `downloadUrl`. */
export class Integr8Exports {
  private readonly routine: WriteRoutine;

  constructor(private readonly client: Integr8Client) {
    this.routine = new WriteRoutine(client.rest, (error) => rejectionAsUserErrors(error, 'INTEGR8'));
  }

  /**
   * Asks the download center for a CSV and returns the export as Integr8 answers it (usually
   * PENDING), without waiting. The input is checked first and a rejected input makes no call.
   * The parameters go as query parameters and, the same, as a JSON body (see
   * `Integr8Client.createExport`): times as wall-clock times in the requested zone (default
   * UTC), fields and extra parameters as the comma-separated strings the document describes.
   * Cached export reads are dropped after the call (unless Integr8 refused it), so `export(id)`
   * and `exports` see the new export. When the answer holds only the new export's id, the
   * export is read by it in a step of its own, after the write (see `readCreated`).
   */
  async createExport(input: CreateExportInput): Promise<ExportPayloadModel> {
    // The write routine sees the POST alone: its outcome decides the invalidation, and a failed
    // read that follows is never taken for a refusal of the write.
    const sent = await this.routine.run({
      payload: 'export',
      invalidates: [RESOURCES.exports],
      check: (check) => checkExport(check, input),
      build: () => ({ integrationId: input.integrationId.trim(), kind: EXPORT_KIND_PATHS[input.kind], request: exportRequest(input) }),
      send: ({ integrationId, kind, request }) => this.client.createExport(integrationId, kind, request),
      reread: (answer): Integr8Export | Integr8CreateResponse => answer,
    });
    const answer = sent.export;
    if (answer === null) return { export: null, userErrors: sent.userErrors };
    return 'created_item_id' in answer ? this.readCreated(answer.created_item_id) : { export: mapExport(answer), userErrors: [] };
  }

  /**
   * The export Integr8 created but answered only the id of, read by that id. The export exists
   * by now (and the cached export reads are gone): when Integr8 answers 404 to the read, the
   * payload has no export and a NOT_FOUND userError that says the export was created and gives
   * its ID, to read it by later. Any other failure of the read is thrown, as every read's.
   */
  private async readCreated(nativeId: string): Promise<ExportPayloadModel> {
    try {
      return { export: mapExport(await this.client.export(nativeId)), userErrors: [] };
    } catch (error) {
      if (!(error instanceof GatewayError) || error.code !== 'NOT_FOUND') throw error;
      const id = toGlobalId({ vendor: 'INTEGR8', type: 'Export', key: [nativeId] });
      return {
        export: null,
        userErrors: [
          {
            field: null,
            message: `Integr8 created export ${nativeId} (ID ${id}) but did not show it when it was read back (${error.message}); read it later with export(id:).`,
            code: 'NOT_FOUND',
          },
        ],
      };
    }
  }
}

// Private:

/** The create call's parameters for a checked input. */
function exportRequest(input: CreateExportInput): Integr8ExportCreateRequest {
  const timezone = input.timezone ?? 'UTC';
  const request: Integr8ExportCreateRequest = {
    start_time: formatLocalTime(input.from, timezone),
    end_time: formatLocalTime(input.to, timezone),
    timezone,
    fields: input.fields.map((field) => field.trim()).join(','),
    delimiter: input.delimiter ?? ',',
  };
  // Required for every kind but postback logs, where Integr8 has no such parameter.
  if (input.kind !== 'POSTBACK_LOGS') request.extra_parameters = (input.extraParameters ?? []).map((name) => name.trim()).join(',');
  if (input.status) request['filter[status]'] = TRAFFIC_STATUSES.toVendor(input.status);
  return {
    ...request,
    ...withoutNulls({
      'filter[offer_id]': input.offerId?.trim(),
      'filter[publisher]': input.publisher?.trim(),
      'filter[advertiser]': input.advertiser?.trim(),
    }),
  };
}

/** Records the input's problems on `check`. */
function checkExport(check: InputCheck, input: CreateExportInput): void {
  check.required(input.integrationId, ['integrationId'], 'The integration id');
  if (input.from.getTime() > input.to.getTime()) {
    check.add(['to'], `to (${input.to.toISOString()}) is before from (${input.from.toISOString()}).`, 'INVALID_VALUE');
  }
  if (input.fields.length === 0) check.add(['fields'], 'Name at least one column.', 'REQUIRED');
  names(check, input.fields, 'fields');
  if (input.extraParameters?.length && input.kind === 'POSTBACK_LOGS') {
    check.add(['extraParameters'], 'Postback-log exports have no extra parameters; leave extraParameters out.', 'NOT_ALLOWED');
  } else names(check, input.extraParameters ?? [], 'extraParameters');
  const { delimiter } = input;
  if (delimiter != null && (delimiter.length !== 1 || /["\r\n]/.test(delimiter))) {
    check.add(
      ['delimiter'],
      `The delimiter must be one character other than a quote or a line break, got ${JSON.stringify(delimiter)}.`,
      'INVALID_VALUE',
    );
  }
  for (const name of ['offerId', 'publisher', 'advertiser'] as const) {
    const value = input[name];
    if (value != null && value.trim() === '') check.add([name], `${name} is blank; give a value or leave the filter out.`, 'INVALID_VALUE');
  }
}

/** Column names: not blank, and free of commas (they travel comma-separated). */
function names(check: InputCheck, values: readonly string[], field: 'fields' | 'extraParameters'): void {
  values.forEach((value, i) => {
    if (value.trim() === '') check.add([field, i], 'A column name must not be blank.', 'REQUIRED');
    else if (value.includes(',')) check.add([field, i], `"${value}" holds a comma; give one name per entry.`, 'INVALID_FORMAT');
  });
}
