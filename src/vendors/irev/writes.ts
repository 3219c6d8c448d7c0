import type { CreateClicksInput, NewClickInput, ResolversTypes } from '../../__generated__/resolvers.js';
import { UpstreamError } from '../../errors.js';
import { RESOURCES } from '../resources.js';
import { ShapeError } from '../shape.js';
import { formatLocalTime } from '../time.js';
import { rejectionAsUserErrors, type InputCheck, type UserErrorModel } from '../userErrors.js';
import { WriteRoutine } from '../write.js';
import type { IrevClient } from './client.js';
import { mapClick } from './mappers.js';
import type { IrevCreateClickInput, IrevCreateClicksRequest } from './types.js';

/** Limits of iRev's create-clicks call (its document is cut off; these are the simulator's contract). */
export const IREV_CREATE_LIMITS = {
  /** Clicks per request, all created or none. */
  maxClicks: 100,
  /** aff_sub .. aff_sub5. */
  maxSubIds: 5,
  /** Characters of `user_agent`. */
  maxUserAgent: 1024,
  /** Characters of each `aff_sub`. */
  maxSubId: 255,
} as const;

/** iRev writes: clicks created, through the write routine (see WriteRoutine). */
export class IrevWrites {
  private readonly routine: WriteRoutine;

  constructor(
    private readonly client: IrevClient,
    /** The zone iRev writes `created_at` in. */
    private readonly timeZone: string,
  ) {
    this.routine = new WriteRoutine(client.rest, rejection);
  }

  /**
   * Creates 1 to 100 clicks in one call, all or none. The input is checked first and a
   * rejected input makes no call. On success the cached click reads are dropped and the
   * payload holds the clicks exactly as iRev answered them (no re-read: iRev returns the
   * created records in full). iRev's own 422 comes back as userErrors at input paths; a
   * POST without an answer is UPSTREAM_UNKNOWN_OUTCOME and is never repeated; a success answer
   * of an unexpected shape is an UPSTREAM_ERROR saying the clicks may have been created. Unless
   * iRev refused the call (a 4xx), the cached click reads are dropped either way.
   */
  createClicks(input: CreateClicksInput): Promise<ResolversTypes['CreateClicksPayload']> {
    return this.routine.run({
      payload: 'clicks',
      empty: [],
      invalidates: [RESOURCES.clicks],
      check: (check) => checkClicks(check, input),
      build: (): IrevCreateClicksRequest => ({ clicks: input.clicks.map((click) => this.newClick(click)) }),
      send: (body) => this.client.createClicks(body),
      reread: (created) => created.map((click) => mapClick(click, this.timeZone)),
    });
  }

  // Private:

  /** One click as iRev's body names it; absent fields stay absent so iRev applies its defaults. */
  private newClick(click: NewClickInput): IrevCreateClickInput {
    const body: IrevCreateClickInput = { offer_id: click.offerId, affiliate_id: click.affiliateId };
    if (click.ip != null) body.ip = click.ip;
    if (click.userAgent != null) body.user_agent = click.userAgent;
    if (click.countryCode != null) body.country_code = click.countryCode.toUpperCase();
    (click.subIds ?? []).forEach((value, i) => {
      if (value != null) body[SUB_ID_FIELDS[i]] = value;
    });
    if (click.time != null) body.created_at = formatLocalTime(click.time, this.timeZone);
    return body;
  }
}

/**
 * iRev's refusal of a create as userErrors at input paths. A 2xx whose body is not the expected
 * shape is no refusal: iRev most likely carried the write out, and the error says so.
 */
function rejection(error: unknown): UserErrorModel[] {
  if (error instanceof UpstreamError && error.cause instanceof ShapeError) {
    throw new UpstreamError(
      `${error.message}. iRev accepted the call, so the clicks may have been created: check before trying again.`,
      'IREV',
      undefined,
      {
        code: 'UPSTREAM_ERROR',
        cause: error,
      },
    );
  }
  return rejectionAsUserErrors(error, 'IREV').map(inputPath);
}

// Private:

const SUB_ID_FIELDS = ['aff_sub', 'aff_sub2', 'aff_sub3', 'aff_sub4', 'aff_sub5'] as const;

/** iRev's field names in its 422 paths, as the input names them. */
const INPUT_FIELDS: Record<string, string[]> = {
  offer_id: ['offerId'],
  affiliate_id: ['affiliateId'],
  ip: ['ip'],
  user_agent: ['userAgent'],
  country_code: ['countryCode'],
  created_at: ['time'],
  ...Object.fromEntries(SUB_ID_FIELDS.map((name, i) => [name, ['subIds', String(i)]])),
};

/** Records the input's problems on `check`. */
function checkClicks(check: InputCheck, input: CreateClicksInput): void {
  const { clicks } = input;
  if (clicks.length === 0) check.add(['clicks'], 'Give at least one click.', 'REQUIRED');
  if (clicks.length > IREV_CREATE_LIMITS.maxClicks) {
    check.add(['clicks'], `iRev creates at most ${IREV_CREATE_LIMITS.maxClicks} clicks per call, got ${clicks.length}; split them.`, 'INVALID_VALUE');
  }
  if (!check.ok) return;
  clicks.forEach((click, i) => {
    const at = (...path: (string | number)[]) => ['clicks', i, ...path];
    for (const name of ['offerId', 'affiliateId'] as const) {
      if (!(click[name] >= 1)) check.add(at(name), `${name} must be a positive id, got ${click[name]}.`, 'INVALID_VALUE');
    }
    // ip (IP) and countryCode (CountryCode) are checked by their scalars before the resolver runs.
    if (click.userAgent != null && click.userAgent.length > IREV_CREATE_LIMITS.maxUserAgent) {
      check.add(
        at('userAgent'),
        `The user agent has ${click.userAgent.length} characters; iRev keeps at most ${IREV_CREATE_LIMITS.maxUserAgent}.`,
        'INVALID_VALUE',
      );
    }
    const subIds = click.subIds ?? [];
    if (subIds.length > IREV_CREATE_LIMITS.maxSubIds) {
      check.add(
        at('subIds'),
        `iRev takes at most ${IREV_CREATE_LIMITS.maxSubIds} sub ids (aff_sub .. aff_sub5), got ${subIds.length}.`,
        'INVALID_VALUE',
      );
    }
    subIds.slice(0, IREV_CREATE_LIMITS.maxSubIds).forEach((value, n) => {
      if (value != null && value.length > IREV_CREATE_LIMITS.maxSubId) {
        check.add(
          at('subIds', n),
          `Sub id ${n + 1} has ${value.length} characters; iRev keeps at most ${IREV_CREATE_LIMITS.maxSubId}.`,
          'INVALID_VALUE',
        );
      }
    });
  });
}

/** iRev's `["input", "clicks", "2", "offer_id"]` as the input's `["input", "clicks", "2", "offerId"]`. */
function inputPath(error: UserErrorModel): UserErrorModel {
  const field = error.field;
  if (!field || field.length !== 4 || field[1] !== 'clicks' || !INPUT_FIELDS[field[3]]) return error;
  return { ...error, field: [...field.slice(0, 3), ...INPUT_FIELDS[field[3]]] };
}
