import type { CreateExportInput, ExportKind, ResolversTypes } from '../../__generated__/resolvers.js';
import { withoutNulls } from '../normalize.js';
import { RESOURCES } from '../resources.js';
import { formatLocalTime } from '../time.js';
import { rejectionAsUserErrors, type InputCheck } from '../userErrors.js';
import { WriteRoutine } from '../write.js';
import type { Integr8Client } from './client.js';
import { mapExport, TRAFFIC_STATUSES } from './mappers.js';
import type { Integr8ExportCreateRequest } from './types.js';

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
   * and `exports` see the new export.
   */
  createExport(input: CreateExportInput): Promise<ResolversTypes['ExportPayload']> {
    return this.routine.run({
      payload: 'export',
      invalidates: [RESOURCES.exports],
      check: (check) => checkExport(check, input),
      build: () => ({ integrationId: input.integrationId.trim(), kind: EXPORT_KIND_PATHS[input.kind], request: exportRequest(input) }),
      send: ({ integrationId, kind, request }) => this.client.createExport(integrationId, kind, request),
      reread: (created) => mapExport(created),
    });
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
    ...withoutNulls({ 'filter[offer_id]': input.offerId?.trim(), 'filter[publisher]': input.publisher?.trim(), 'filter[advertiser]': input.advertiser?.trim() }),
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
    check.add(['delimiter'], `The delimiter must be one character other than a quote or a line break, got ${JSON.stringify(delimiter)}.`, 'INVALID_VALUE');
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
