/**
 * The one write routine every vendor's mutations run: check the input and decode its IDs, read
 * fresh what the write builds on, build the body, send it, invalidate the cached reads it
 * affects, re-read the record and return the payload. What differs between records is a
 * WriteSpec; what differs between vendors (how a refusal reads) is given to the WriteRoutine
 * once.
 */
import { GatewayError } from '../errors.js';
import type { Resource } from './resources.js';
import { InputCheck, type UserErrorModel } from './userErrors.js';

/** What the routine needs of the HTTP core (`RestClient`): dropping cached reads. */
export interface Invalidator {
  invalidate(...resources: Resource[]): Promise<void>;
}

/** A vendor's refusal of a write as userErrors; throws any other failure (an outage stays a GraphQL error). */
export type Rejection = (error: unknown) => UserErrorModel[];

/** A mutation payload: the written record (or `Empty`) under `Key`, and the userErrors. */
export type WritePayload<Key extends string, Model, Empty = null> = { [K in Key]: Model | Empty } & { userErrors: UserErrorModel[] };

/**
 * One write, as data: each step is a function of what the step before it returned. A step
 * that cannot go on records why on `check` (and returns null where it has nothing to hand on):
 * the write stops there with those userErrors, and nothing is sent.
 */
export interface WriteSpec<Key extends string, Checked, Plan, Answer, Model, Current = Checked, Empty = null> {
  /** The payload field that holds the written record. */
  payload: Key;
  /**
   * What that field holds when nothing was written.
   * @default null
   */
  empty?: Empty;
  /** The cached resources the write changes. */
  invalidates: readonly Resource[];
  /** Checks the input and decodes its IDs, with no vendor call. */
  check(check: InputCheck): Checked | null;
  /**
   * Reads the records the write builds on fresh from the vendor (never a cached copy); one that
   * does not exist is a problem on `check`.
   * @default none: `build` gets what `check` returned
   */
  read?(checked: Checked, check: InputCheck): Promise<Current | null>;
  /**
   * Builds what `send` takes: the body, from the input and the records read, with the ids the
   * call needs. A field the vendor needs but did not send back is a problem on `check`.
   */
  build(current: Current, check: InputCheck): Plan | null;
  /** The write itself: one vendor call. */
  send(plan: Plan): Promise<Answer>;
  /** The written record for the payload: read again through the client (its cached reads are gone), or mapped from the answer. */
  reread(answer: Answer, plan: Plan): Model | Promise<Model>;
  /**
   * This write's reading of a refusal.
   * @default the routine's
   */
  rejected?: Rejection;
}

/**
 * Runs writes for one vendor client. The invalidation rule, the same for every write: once a
 * write is sent, the resources it affects are invalidated whenever it may have happened (a
 * success, a 5xx, a timeout, an answer of an unexpected shape, UPSTREAM_UNKNOWN_OUTCOME, any
 * other failure); only a clear refusal, a 4xx (the vendor said no and changed nothing), keeps
 * them.
 */
export class WriteRoutine {
  constructor(
    private readonly rest: Invalidator,
    /** The vendor's reading of a refusal (400/422, 402, ...) as userErrors. */
    private readonly rejected: Rejection,
  ) {}

  /**
   * Runs `spec`: check, read, build, send, invalidate, re-read. A problem recorded before the
   * send is the payload's userErrors, and no write is made; a refusal of the send is its
   * userErrors (see `send`); any other failure is thrown.
   */
  // NoInfer: the caller's payload type must not steer what the spec's steps are inferred as.
  async run<Key extends string, Checked, Plan, Answer, Model, Current = Checked, Empty = null>(
    spec: WriteSpec<Key, Checked, Plan, Answer, Model, Current, Empty>,
  ): Promise<WritePayload<NoInfer<Key>, NoInfer<Model>, NoInfer<Empty>>> {
    const payload = (record: Model | Empty, userErrors: UserErrorModel[]) =>
      ({ [spec.payload]: record, userErrors }) as WritePayload<Key, Model, Empty>;
    const nothing = (userErrors: UserErrorModel[]) => payload((spec.empty ?? null) as Empty, userErrors);
    const check = new InputCheck();
    const checked = spec.check(check);
    if (checked === null || !check.ok) return nothing(check.errors);
    // Without a read step, Current is Checked (its default).
    const current = spec.read ? await spec.read(checked, check) : (checked as unknown as Current);
    if (current === null || !check.ok) return nothing(check.errors);
    const plan = spec.build(current, check);
    if (plan === null || !check.ok) return nothing(check.errors);
    const sent = await this.send(spec.invalidates, () => spec.send(plan), spec.rejected);
    if (!sent.ok) return nothing(sent.userErrors);
    return payload(await spec.reread(sent.answer, plan), []);
  }

  /**
   * Sends one write and applies the invalidation rule (see the class). A refusal becomes
   * userErrors, by `rejected`; any other failure is thrown.
   */
  async send<Answer>(
    invalidates: readonly Resource[],
    call: () => Promise<Answer>,
    rejected: Rejection = this.rejected,
  ): Promise<{ ok: true; answer: Answer } | { ok: false; userErrors: UserErrorModel[] }> {
    let answer: Answer;
    try {
      answer = await call();
    } catch (error) {
      if (mayHaveWritten(error)) await this.rest.invalidate(...invalidates);
      return { ok: false, userErrors: rejected(error) };
    }
    await this.rest.invalidate(...invalidates);
    return { ok: true, answer };
  }
}

/**
 * Whether a failed write may have been carried out: always, but for a clear refusal (the vendor
 * answered 4xx: it said no and changed nothing). The invalidation rule of every write.
 */
export function mayHaveWritten(error: unknown): boolean {
  const status = error instanceof GatewayError ? error.details.status : undefined;
  return status === undefined || status < 400 || status >= 500;
}
