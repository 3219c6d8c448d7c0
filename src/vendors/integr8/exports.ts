import type { CreateExportInput, ExportKind, ResolversTypes } from '../../__generated__/resolvers.js';
import { GatewayError } from '../../errors.js';
import { formatLocalTime } from '../time.js';
import { InputCheck, rejectionAsUserErrors, type UserErrorModel } from '../userErrors.js';
import type { Integr8Client } from './client.js';
import { mapExport } from './mappers.js';
import type { Integr8ExportCreateRequest } from './types.js';

/** The create endpoint's path segment per export kind. */
export const EXPORT_KIND_PATHS = {
  CLICKS: 'clicks',
  CONVERSIONS: 'conversions',
  IMPRESSIONS: 'impressions',
  POSTBACK_LOGS: 'postback-logs',
} as const satisfies Record<ExportKind, string>;

/** Integr8 download-center exports: created here, followed through `export(id)` and `downloadUrl`. */
export class Integr8Exports {
  constructor(private readonly client: Integr8Client) {}

  /**
   * Asks the download center for a CSV and returns the export as Integr8 answers it (usually
   * PENDING), without waiting. The input is checked first and a rejected input makes no call.
   * The parameters go as query parameters and, the same, as a JSON body (see
   * `Integr8Client.createExport`): times as wall-clock times in the requested zone (default
   * UTC), fields and extra parameters as the comma-separated strings the document describes.
   * Cached export reads are dropped after the call, so `export(id)` and `exports` see the new
   * export.
   */
  async createExport(input: CreateExportInput): Promise<ResolversTypes['ExportPayload']> {
    const userErrors = checkExport(input);
    if (userErrors.length > 0) return { export: null, userErrors };
    try {
      const created = await this.client.createExport(input.integrationId.trim(), EXPORT_KIND_PATHS[input.kind], exportRequest(input));
      await this.client.rest.invalidate('exports');
      return { export: mapExport(created), userErrors: [] };
    } catch (error) {
      // An export that may have been created would be missing from cached lists.
      if (error instanceof GatewayError && error.code === 'UPSTREAM_UNKNOWN_OUTCOME') await this.client.rest.invalidate('exports');
      return { export: null, userErrors: rejectionAsUserErrors(error, 'INTEGR8') };
    }
  }
}

// Private:

/** The create call's parameters for a checked input. */
function exportRequest(input: CreateExportInput): Integr8ExportCreateRequest {
  const timezone = input.timezone ?? 'UTC';
  const text = (value: string | null | undefined) => (value == null ? undefined : value.trim());
  const request: Integr8ExportCreateRequest = {
    start_time: formatLocalTime(input.from, timezone),
    end_time: formatLocalTime(input.to, timezone),
    timezone,
    fields: input.fields.map((field) => field.trim()).join(','),
    delimiter: input.delimiter ?? ',',
  };
  // Required for every kind but postback logs, where Integr8 has no such parameter.
  if (input.kind !== 'POSTBACK_LOGS') request.extra_parameters = (input.extraParameters ?? []).map((name) => name.trim()).join(',');
  if (input.status) request['filter[status]'] = input.status === 'APPROVED' ? 'Approved' : 'Rejected';
  const filters = { 'filter[offer_id]': text(input.offerId), 'filter[publisher]': text(input.publisher), 'filter[advertiser]': text(input.advertiser) };
  for (const [name, value] of Object.entries(filters) as [keyof typeof filters, string | undefined][]) {
    if (value !== undefined) request[name] = value;
  }
  return request;
}

/** The input's problems, with paths relative to `input`. */
function checkExport(input: CreateExportInput): UserErrorModel[] {
  const check = new InputCheck();
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
  return check.errors;
}

/** Column names: not blank, and free of commas (they travel comma-separated). */
function names(check: InputCheck, values: readonly string[], field: 'fields' | 'extraParameters'): void {
  values.forEach((value, i) => {
    if (value.trim() === '') check.add([field, i], 'A column name must not be blank.', 'REQUIRED');
    else if (value.includes(',')) check.add([field, i], `"${value}" holds a comma; give one name per entry.`, 'INVALID_FORMAT');
  });
}
