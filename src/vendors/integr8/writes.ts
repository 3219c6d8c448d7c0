import type {
  BulkItemResult,
  CreateAdvertiserInput,
  CreateLandingPageInput,
  CreateOfferEventInput,
  CreateOfferInput,
  CreatePublisherInput,
  CreateUserInput,
  DeleteInput,
  PayoutInput,
  ResolversTypes,
  SetActiveInput,
  UpdateAdvertiserInput,
  UpdateLandingPageInput,
  UpdateOfferEventInput,
  UpdateOfferInput,
  UpdatePublisherInput,
  UpdateUserInput,
} from '../../__generated__/resolvers.js';
import { GatewayError, NotFoundError } from '../../errors.js';
import type { NodeType } from '../../ids.js';
import type { NodeModels } from '../../models/index.js';
import { InputCheck, rejectionAsUserErrors, type UserErrorModel } from '../userErrors.js';
import { INTEGR8_LIMITS, type Integr8Client, type Integr8ListParams } from './client.js';
import { mapAdvertiser, mapLandingPage, mapOffer, mapOfferEvent, mapPublisher, mapUser } from './mappers.js';
import type { Integr8Source } from './source.js';
import type {
  Integr8Advertiser,
  Integr8AdvertiserCreateRequest,
  Integr8Offer,
  Integr8OfferCreateRequest,
  Integr8OfferEventCreateRequest,
  Integr8OfferLandingPage,
  Integr8OfferLandingPageCreateRequest,
  Integr8OfferPayoutConfig,
  Integr8OfferEvent,
  Integr8PublisherCreateRequest,
  Integr8UserCreateRequest,
  Integr8UserUpdateRequest,
} from './types.js';
import {
  MANAGER_ACCESS,
  PAYOUT_TYPES,
  PROMOTIONAL_METHODS,
  REVENUE_TYPES,
  ROLES,
  USER_STATUSES,
  VISIBILITIES,
  checkCreateUser,
  checkLandingPage,
  checkOffer,
  checkOfferEvent,
  checkParty,
  checkUpdateUser,
  decodeId,
  type Path,
} from './validate.js';

type Payload<T extends keyof ResolversTypes> = Promise<ResolversTypes[T]>;

/** Cache resources of the Integr8 client (see `Integr8Client`), invalidated by the writes that change them. */
type Resource = 'users' | 'offers' | 'offer-events' | 'landing-pages' | 'publishers' | 'advertisers';

/** Records the bulk mutations act on, with the resources their change affects. */
const BULK_RESOURCES = {
  Publisher: ['publishers'],
  Advertiser: ['advertisers'],
  // Deleting an offer deletes its events and landing pages.
  Offer: ['offers', 'offer-events', 'landing-pages'],
} satisfies Record<string, Resource[]>;
type BulkType = keyof typeof BULK_RESOURCES;

/**
 * Integr8 writes: users, publishers, advertisers, offers, offer events and landing pages.
 *
 * Every write checks its input first (ids, required fields, enums, formats, referenced records)
 * and answers userErrors without calling the vendor when anything is wrong. A write then
 * invalidates the cached reads it affects and re-reads the record through the client, so the
 * payload is mapped like any query result. A vendor rejection (400/422) becomes userErrors.
 */
export class Integr8Writes {
  constructor(
    private readonly client: Integr8Client,
    private readonly source: Integr8Source,
  ) {}

  /** Creates an organization user (`POST /organization/users`). */
  async createUser(input: CreateUserInput): Payload<'UserPayload'> {
    const check = new InputCheck();
    checkCreateUser(input, check);
    if (!check.ok) return { user: null, userErrors: check.errors };
    const sent = await this.send(['users'], () => this.client.createUser(userCreateBody(input)));
    if (!sent.ok) return { user: null, userErrors: sent.userErrors };
    return { user: mapUser(await this.client.user(sent.value.created_item_id)), userErrors: [] };
  }

  /**
   * Changes an organization user (`PATCH /organization/users/:userID`) with the given fields.
   * Publishers and advertisers show their manager's name and email, so their reads are
   * invalidated too.
   */
  async updateUser(input: UpdateUserInput): Payload<'UserPayload'> {
    const check = new InputCheck();
    const key = decodeId(check, input.id, 'User', ['id']);
    checkUpdateUser(input, check);
    if (!key || !check.ok) return { user: null, userErrors: check.errors };
    const current = await this.load('User', key, input.id, ['id'], check);
    if (!current) return { user: null, userErrors: check.errors };
    const sent = await this.send(['users', 'publishers', 'advertisers'], () => this.client.updateUser(current.nativeId, userUpdateBody(input)));
    if (!sent.ok) return { user: null, userErrors: sent.userErrors };
    return { user: mapUser(await this.client.user(current.nativeId)), userErrors: [] };
  }

  /** Creates a publisher (`POST /publishers`); `managerId` must name an organization user. */
  async createPublisher(input: CreatePublisherInput): Payload<'PublisherPayload'> {
    const { record, userErrors } = await this.createParty(PARTIES.Publisher, input);
    return { publisher: record, userErrors };
  }

  /** Changes a publisher (`PATCH /publishers/:publisherID`); Integr8 requires `name`, so the current one is sent when left out. */
  async updatePublisher(input: UpdatePublisherInput): Payload<'PublisherPayload'> {
    const { record, userErrors } = await this.updateParty(PARTIES.Publisher, input);
    return { publisher: record, userErrors };
  }

  /** Activates or deactivates publishers (`PATCH /publishers/status`): all exist or nothing is sent. */
  setPublishersActive(input: SetActiveInput): Payload<'BulkPayload'> {
    return this.bulk('Publisher', input.ids, {
      apply: (_, ids) => this.client.setPublishersStatus({ active: input.active, data: ids }),
      active: input.active,
      reread: (_, params) => this.client.publishers(params),
    });
  }

  /** Deletes publishers (`DELETE /publishers`): all exist or nothing is sent. */
  deletePublishers(input: DeleteInput): Payload<'BulkPayload'> {
    return this.bulk('Publisher', input.ids, { apply: (_, ids) => this.client.deletePublishers({ data: ids }) });
  }

  /** Creates an advertiser (`POST /advertisers`); `managerId` must name an organization user. */
  async createAdvertiser(input: CreateAdvertiserInput): Payload<'AdvertiserPayload'> {
    const { record, userErrors } = await this.createParty(PARTIES.Advertiser, input);
    return { advertiser: record, userErrors };
  }

  /** Changes an advertiser (`PATCH /advertisers/:advertiserID`); the current `name` is sent when left out. */
  async updateAdvertiser(input: UpdateAdvertiserInput): Payload<'AdvertiserPayload'> {
    const { record, userErrors } = await this.updateParty(PARTIES.Advertiser, input);
    return { advertiser: record, userErrors };
  }

  /** Activates or deactivates advertisers (`PATCH /advertisers/status`): all exist or nothing is sent. */
  setAdvertisersActive(input: SetActiveInput): Payload<'BulkPayload'> {
    return this.bulk('Advertiser', input.ids, {
      apply: (_, ids) => this.client.setAdvertisersStatus({ active: input.active, data: ids }),
      active: input.active,
      reread: (_, params) => this.client.advertisers(params),
    });
  }

  /** Deletes advertisers (`DELETE /advertisers`): all exist or nothing is sent. */
  deleteAdvertisers(input: DeleteInput): Payload<'BulkPayload'> {
    return this.bulk('Advertiser', input.ids, { apply: (_, ids) => this.client.deleteAdvertisers({ data: ids }) });
  }

  /**
   * Creates an offer in an integration (`POST /integrations/:integrationID/offers`). The
   * advertiser is sent as its incremental id, which is how Integr8 offers name it.
   */
  async createOffer(input: CreateOfferInput): Payload<'OfferPayload'> {
    const check = new InputCheck();
    const advertiserKey = decodeId(check, input.advertiserId, 'Advertiser', ['advertiserId']);
    checkOffer(input, check, true);
    if (!advertiserKey || !check.ok) return { offer: null, userErrors: check.errors };
    const advertiser = await this.load('Advertiser', advertiserKey, input.advertiserId, ['advertiserId'], check);
    if (!advertiser) return { offer: null, userErrors: check.errors };
    const integrationId = input.integrationId.trim();
    const body: Integr8OfferCreateRequest = {
      ...offerFields(input),
      name: input.name,
      advertiser_id: (advertiser.raw as Integr8Advertiser).incremental_id,
    };
    const sent = await this.send(['offers'], () => this.client.createOffer(integrationId, body), ['integrationId']);
    if (!sent.ok) return { offer: null, userErrors: sent.userErrors };
    return { offer: mapOffer(await this.client.offer(integrationId, sent.value.created_item_id), integrationId), userErrors: [] };
  }

  /** Changes an offer (`PATCH .../offers/:offerID`); Integr8 requires `name` and `advertiser_id`, so the current ones are sent when left out. */
  async updateOffer(input: UpdateOfferInput): Payload<'OfferPayload'> {
    const check = new InputCheck();
    const key = decodeId(check, input.id, 'Offer', ['id']);
    const advertiserKey = input.advertiserId == null ? null : decodeId(check, input.advertiserId, 'Advertiser', ['advertiserId']);
    checkOffer(input, check, false);
    if (!key || !check.ok) return { offer: null, userErrors: check.errors };
    const [current, advertiser] = await Promise.all([
      this.load('Offer', key, input.id, ['id'], check),
      advertiserKey && this.load('Advertiser', advertiserKey, input.advertiserId as string, ['advertiserId'], check),
    ]);
    if (!current || !check.ok) return { offer: null, userErrors: check.errors };
    const [integrationId, offerId] = current.key;
    const raw = current.raw as Integr8Offer;
    const body: Integr8OfferCreateRequest = {
      ...offerFields(input),
      name: input.name ?? raw.name,
      advertiser_id: advertiser ? (advertiser.raw as Integr8Advertiser).incremental_id : raw.advertiser_id,
    };
    const sent = await this.send(['offers'], () => this.client.updateOffer(integrationId, offerId, body));
    if (!sent.ok) return { offer: null, userErrors: sent.userErrors };
    return { offer: mapOffer(await this.client.offer(integrationId, offerId), integrationId), userErrors: [] };
  }

  /** Activates or deactivates offers of any integrations: one `PATCH .../offers/status` per integration. */
  setOffersActive(input: SetActiveInput): Payload<'BulkPayload'> {
    return this.bulk('Offer', input.ids, {
      apply: (integrationId, ids) => this.client.setOffersStatus(integrationId, { active: input.active, data: ids }),
      active: input.active,
      reread: (integrationId, params) => this.client.offers(integrationId, params),
    });
  }

  /** Deletes offers (with their events and landing pages): one `DELETE .../offers` per integration. */
  deleteOffers(input: DeleteInput): Payload<'BulkPayload'> {
    return this.bulk('Offer', input.ids, { apply: (integrationId, ids) => this.client.deleteOffers(integrationId, { data: ids }) });
  }

  /** Adds an event to an offer (`POST .../offers/:offerID/events`). */
  async createOfferEvent(input: CreateOfferEventInput): Payload<'OfferEventPayload'> {
    const check = new InputCheck();
    const offerKey = decodeId(check, input.offerId, 'Offer', ['offerId']);
    checkOfferEvent(input, check, true);
    if (!offerKey || !check.ok) return { offerEvent: null, userErrors: check.errors };
    const offer = await this.load('Offer', offerKey, input.offerId, ['offerId'], check);
    if (!offer) return { offerEvent: null, userErrors: check.errors };
    const [integrationId, offerId] = offer.key;
    const body: Integr8OfferEventCreateRequest = { ...eventFields(input), name: input.name };
    const sent = await this.send(['offer-events', 'offers'], () => this.client.createEvent(integrationId, offerId, body));
    if (!sent.ok) return { offerEvent: null, userErrors: sent.userErrors };
    return { offerEvent: await this.event(integrationId, offerId, sent.value.created_item_id), userErrors: [] };
  }

  /** Changes an offer event (`PATCH .../events/:offerEventID`); the current `name` is sent when left out. */
  async updateOfferEvent(input: UpdateOfferEventInput): Payload<'OfferEventPayload'> {
    const check = new InputCheck();
    const key = decodeId(check, input.id, 'OfferEvent', ['id']);
    checkOfferEvent(input, check, false);
    if (!key || !check.ok) return { offerEvent: null, userErrors: check.errors };
    const current = await this.load('OfferEvent', key, input.id, ['id'], check);
    if (!current) return { offerEvent: null, userErrors: check.errors };
    const [integrationId, offerId, eventId] = current.key;
    const body: Integr8OfferEventCreateRequest = { ...eventFields(input), name: input.name ?? (current.raw as Integr8OfferEvent).name };
    const sent = await this.send(['offer-events', 'offers'], () => this.client.updateEvent(integrationId, offerId, eventId, body));
    if (!sent.ok) return { offerEvent: null, userErrors: sent.userErrors };
    return { offerEvent: await this.event(integrationId, offerId, eventId), userErrors: [] };
  }

  /** Adds a landing page to an offer (`POST .../offers/:offerID/landing-pages`). */
  async createLandingPage(input: CreateLandingPageInput): Payload<'LandingPagePayload'> {
    const check = new InputCheck();
    const offerKey = decodeId(check, input.offerId, 'Offer', ['offerId']);
    checkLandingPage(input, check, true);
    if (!offerKey || !check.ok) return { landingPage: null, userErrors: check.errors };
    const offer = await this.load('Offer', offerKey, input.offerId, ['offerId'], check);
    if (!offer) return { landingPage: null, userErrors: check.errors };
    const [integrationId, offerId] = offer.key;
    const body: Integr8OfferLandingPageCreateRequest = { ...landingPageFields(input), name: input.name, redirect_url: input.redirectUrl };
    const sent = await this.send(['landing-pages', 'offers'], () => this.client.createLandingPage(integrationId, offerId, body));
    if (!sent.ok) return { landingPage: null, userErrors: sent.userErrors };
    return { landingPage: await this.landingPage(integrationId, offerId, sent.value.created_item_id), userErrors: [] };
  }

  /** Changes a landing page (`PATCH .../landing-pages/:id`); Integr8 requires `name` and `redirect_url`, so the current ones are sent when left out. */
  async updateLandingPage(input: UpdateLandingPageInput): Payload<'LandingPagePayload'> {
    const check = new InputCheck();
    const key = decodeId(check, input.id, 'LandingPage', ['id']);
    checkLandingPage(input, check, false);
    if (!key || !check.ok) return { landingPage: null, userErrors: check.errors };
    const current = await this.load('LandingPage', key, input.id, ['id'], check);
    if (!current) return { landingPage: null, userErrors: check.errors };
    const [integrationId, offerId, pageId] = current.key;
    const raw = current.raw as Integr8OfferLandingPage;
    const body: Integr8OfferLandingPageCreateRequest = {
      ...landingPageFields(input),
      name: input.name ?? raw.name,
      redirect_url: input.redirectUrl ?? raw.redirect_url,
    };
    const sent = await this.send(['landing-pages', 'offers'], () => this.client.updateLandingPage(integrationId, offerId, pageId, body));
    if (!sent.ok) return { landingPage: null, userErrors: sent.userErrors };
    return { landingPage: await this.landingPage(integrationId, offerId, pageId), userErrors: [] };
  }

  // Private:

  /**
   * A referenced record through the request's loaders, or null with a NOT_FOUND userError at
   * `path` when Integr8 does not have it.
   */
  /** Creates a publisher or advertiser: they differ only in the table's entries. */
  private async createParty<M>(party: Party<M>, input: CreatePublisherInput | CreateAdvertiserInput): Promise<{ record: M | null; userErrors: UserErrorModel[] }> {
    const check = new InputCheck();
    const managerKey = input.managerId == null ? null : decodeId(check, input.managerId, 'User', ['managerId']);
    checkParty(input, check, true);
    if (!check.ok) return { record: null, userErrors: check.errors };
    const manager = managerKey && (await this.load('User', managerKey, input.managerId as string, ['managerId'], check));
    if (!check.ok) return { record: null, userErrors: check.errors };
    const body = { ...party.fields(input), name: input.name, ...(manager && { manager_id: manager.nativeId }) };
    const sent = await this.send([party.resource], () => party.create(this.client, body));
    if (!sent.ok) return { record: null, userErrors: sent.userErrors };
    return { record: await party.read(this.client, sent.value.created_item_id), userErrors: [] };
  }

  /** Changes a publisher or advertiser; Integr8 requires `name`, so the current one is sent when left out. */
  private async updateParty<M>(party: Party<M>, input: UpdatePublisherInput | UpdateAdvertiserInput): Promise<{ record: M | null; userErrors: UserErrorModel[] }> {
    const check = new InputCheck();
    const key = decodeId(check, input.id, party.type, ['id']);
    const managerKey = input.managerId == null ? null : decodeId(check, input.managerId, 'User', ['managerId']);
    checkParty(input, check, false);
    if (!key || !check.ok) return { record: null, userErrors: check.errors };
    const [current, manager] = await Promise.all([
      this.load(party.type, key, input.id, ['id'], check),
      managerKey && this.load('User', managerKey, input.managerId as string, ['managerId'], check),
    ]);
    if (!current || !check.ok) return { record: null, userErrors: check.errors };
    const body = {
      ...party.fields(input),
      name: input.name ?? (current.raw as { name: string }).name,
      ...(manager && { manager_id: manager.nativeId }),
    };
    const sent = await this.send([party.resource], () => party.update(this.client, current.nativeId, body));
    if (!sent.ok) return { record: null, userErrors: sent.userErrors };
    return { record: await party.read(this.client, current.nativeId), userErrors: [] };
  }

  private async load<T extends NodeType>(type: T, key: string[], id: string, path: Path, check: InputCheck): Promise<NodeModels[T] | null> {
    try {
      return (await this.source.node(type, key)) as NodeModels[T];
    } catch (error) {
      if (!isNotFound(error)) throw error;
      check.add(path, `Integr8 has no ${describe(type)} with ID "${id}".`, 'NOT_FOUND');
      return null;
    }
  }

  /**
   * Sends one write. Afterwards the cached reads of `resources` are invalidated, also when the
   * outcome is unknown (a timeout, a 5xx); only a rejection (nothing written) leaves them. A
   * rejection becomes userErrors; a 404 is a NOT_FOUND userError at `notFound` (the record or
   * its parent disappeared, or an unknown integration).
   */
  private async send<T>(
    resources: Resource[],
    call: () => Promise<T>,
    notFound: Path | null = null,
  ): Promise<{ ok: true; value: T } | { ok: false; userErrors: UserErrorModel[] }> {
    let value: T;
    try {
      value = await call();
    } catch (error) {
      const userErrors = writeRejection(error, notFound);
      if (userErrors) return { ok: false, userErrors };
      await this.client.rest.invalidate(...resources);
      throw error;
    }
    await this.client.rest.invalidate(...resources);
    return { ok: true, value };
  }

  /** An offer event as Integr8 has it now (there is no read by id: the list filtered by id). */
  private async event(integrationId: string, offerId: string, eventId: string) {
    const { data } = await this.client.events(integrationId, offerId, byIds([eventId]));
    const event = data.find((e) => e.id === eventId);
    if (!event) throw new NotFoundError(`Integr8 offer event ${eventId} does not exist after the write.`, 'INTEGR8');
    return mapOfferEvent(event, integrationId, offerId);
  }

  /** A landing page as Integr8 has it now (the list filtered by id). */
  private async landingPage(integrationId: string, offerId: string, pageId: string) {
    const { data } = await this.client.landingPages(integrationId, offerId, byIds([pageId]));
    const page = data.find((p) => p.id === pageId);
    if (!page) throw new NotFoundError(`Integr8 landing page ${pageId} does not exist after the write.`, 'INTEGR8');
    return mapLandingPage(page, integrationId, offerId);
  }

  /**
   * A bulk status change or delete. Every id must decode to a record of `type` that exists,
   * else userErrors and no call. Records are grouped per integration for offers (one call
   * each; one group for publishers and advertisers). After a status change the records are
   * re-read and each item is ok when Integr8 shows the requested state; after a delete each
   * item of a successful call is ok (Integr8 deletes all or none).
   */
  private async bulk(
    type: BulkType,
    ids: readonly string[],
    spec: {
      apply: (group: string, nativeIds: string[]) => Promise<unknown>;
      active?: boolean;
      reread?: (group: string, params: Integr8ListParams) => Promise<{ data: { id: string; active: boolean }[] }>;
    },
  ): Payload<'BulkPayload'> {
    const check = new InputCheck();
    if (ids.length === 0) check.add(['ids'], `Give at least one ${describe(type)} ID.`, 'REQUIRED');
    const keys = ids.map((id, i) => decodeId(check, id, type, ['ids', i]));
    if (!check.ok) return { results: [], userErrors: check.errors };
    const records = await Promise.all(keys.map((key, i) => this.load(type, key as string[], ids[i], ['ids', i], check)));
    if (!check.ok) return { results: [], userErrors: check.errors };

    // An offer's key starts with its integration; publishers and advertisers form one group.
    const groupOf = (i: number) => (type === 'Offer' ? (records[i] as NodeModels['Offer']).key[0] : '');
    const groups = new Map<string, string[]>();
    records.forEach((record, i) => {
      const members = groups.get(groupOf(i)) ?? [];
      if (!members.includes(record!.nativeId)) members.push(record!.nativeId);
      groups.set(groupOf(i), members);
    });

    const failures = new Map<string, unknown>();
    for (const [group, nativeIds] of groups) {
      try {
        await spec.apply(group, nativeIds);
      } catch (error) {
        failures.set(group, error);
      }
    }
    await this.client.rest.invalidate(...BULK_RESOURCES[type]);

    const userErrors: UserErrorModel[] = [];
    for (const error of failures.values()) {
      const rejected = writeRejection(error, null);
      // Not a problem the user can fix: an error, unless other calls went through and must be reported.
      if (!rejected && failures.size === groups.size) throw error;
      userErrors.push(...(rejected ?? []));
    }

    const now = new Map<string, boolean>();
    if (spec.reread && spec.active !== undefined) {
      for (const [group, nativeIds] of groups) {
        if (failures.has(group)) continue;
        for (let start = 0; start < nativeIds.length; start += INTEGR8_LIMITS.maxPageSize) {
          const { data } = await spec.reread(group, byIds(nativeIds.slice(start, start + INTEGR8_LIMITS.maxPageSize)));
          for (const record of data) now.set(`${group}/${record.id}`, record.active);
        }
      }
    }

    const results: BulkItemResult[] = ids.map((id, i) => {
      const group = groupOf(i);
      const failure = failures.get(group);
      if (failure !== undefined) return { id, ok: false, message: failure instanceof Error ? failure.message : String(failure) };
      if (spec.active === undefined) return { id, ok: true, message: null };
      const active = now.get(`${group}/${records[i]!.nativeId}`);
      if (active === spec.active) return { id, ok: true, message: null };
      const message =
        active === undefined
          ? `Integr8 no longer has this ${describe(type)}.`
          : `Integr8 still shows the ${describe(type)} as ${active ? 'active' : 'inactive'}.`;
      return { id, ok: false, message };
    });
    return { results, userErrors };
  }
}

// Private:

/** What differs between writing a publisher and an advertiser. */
interface Party<M> {
  type: 'Publisher' | 'Advertiser';
  resource: Resource;
  fields: (input: CreatePublisherInput | UpdatePublisherInput) => Record<string, unknown>;
  create: (client: Integr8Client, body: Integr8PublisherCreateRequest & Integr8AdvertiserCreateRequest) => Promise<{ created_item_id: string }>;
  update: (client: Integr8Client, id: string, body: Integr8PublisherCreateRequest & Integr8AdvertiserCreateRequest) => Promise<unknown>;
  read: (client: Integr8Client, id: string) => Promise<M>;
}

const PARTIES = {
  Publisher: {
    type: 'Publisher',
    resource: 'publishers',
    fields: (input) => publisherFields(input),
    create: (client, body) => client.createPublisher(body),
    update: (client, id, body) => client.updatePublisher(id, body),
    read: async (client, id) => mapPublisher(await client.publisher(id)),
  } satisfies Party<ReturnType<typeof mapPublisher>>,
  Advertiser: {
    type: 'Advertiser',
    resource: 'advertisers',
    // Advertisers have the fields publishers share with them, and no others.
    fields: (input) => partyFields(input),
    create: (client, body) => client.createAdvertiser(body),
    update: (client, id, body) => client.updateAdvertiser(id, body),
    read: async (client, id) => mapAdvertiser(await client.advertiser(id)),
  } satisfies Party<ReturnType<typeof mapAdvertiser>>,
};

const NAMES: Partial<Record<NodeType, string>> = {
  User: 'user', Publisher: 'publisher', Advertiser: 'advertiser', Offer: 'offer', OfferEvent: 'offer event', LandingPage: 'landing page',
};

function describe(type: NodeType): string {
  return NAMES[type] ?? type;
}

function isNotFound(error: unknown): boolean {
  return error instanceof GatewayError && error.code === 'NOT_FOUND';
}

/** userErrors for a write Integr8 refused (nothing written), or null for any other failure. */
function writeRejection(error: unknown, notFound: Path | null): UserErrorModel[] | null {
  if (!(error instanceof GatewayError) || error.details.vendor !== 'INTEGR8') return null;
  if (error.code === 'BAD_USER_INPUT') return rejectionAsUserErrors(error, 'INTEGR8');
  if (error.code === 'NOT_FOUND') return [{ field: notFound && ['input', ...notFound.map(String)], message: error.message, code: 'NOT_FOUND' }];
  return null;
}

/** A list request for these ids (at most 100). */
function byIds(ids: string[]): Integr8ListParams {
  return { page: 1, size: INTEGR8_LIMITS.maxPageSize, filters: { 'filter[id][in]': ids.join(',') } };
}

/** The fields that have a value (GraphQL's null and absent both mean "leave as is"). */
function given<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: NonNullable<T[K]> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null && value !== undefined)) as { [K in keyof T]?: NonNullable<T[K]> };
}

function userCreateBody(input: CreateUserInput): Integr8UserCreateRequest {
  return {
    ...given({
      first_name: input.firstName,
      last_name: input.lastName,
      phone: input.phone,
      city: input.city,
      country: input.country,
      timezone: input.timezone,
    }),
    email: input.email,
    password: input.password,
    role: ROLES[input.role],
  };
}

function userUpdateBody(input: UpdateUserInput): Integr8UserUpdateRequest {
  return given({
    email: input.email,
    password: input.password,
    role: input.role && ROLES[input.role],
    status: input.status && USER_STATUSES[input.status],
    first_name: input.firstName,
    last_name: input.lastName,
    phone: input.phone,
    city: input.city,
    country: input.country,
    timezone: input.timezone,
    api_access_enabled: input.apiAccessEnabled,
    is_advertiser_manager: input.isAdvertiserManager,
    is_publisher_manager: input.isPublisherManager,
    publisher_manager_access: input.publisherManagerAccess && MANAGER_ACCESS[input.publisherManagerAccess],
  });
}

/** Given fields publishers and advertisers share, except `name` and `manager_id`. */
function partyFields(input: CreateAdvertiserInput | UpdateAdvertiserInput | CreatePublisherInput | UpdatePublisherInput) {
  return given({
    active: input.active,
    address: input.address,
    company_name: input.companyName,
    country: input.country,
    description: input.description,
    email: input.email,
    first_name: input.firstName,
    last_name: input.lastName,
    messenger: input.messenger,
    phone: input.phone,
    website: input.website,
  });
}

function publisherFields(input: CreatePublisherInput | UpdatePublisherInput) {
  return {
    ...partyFields(input),
    ...given({
      city: input.city,
      countries: input.countries,
      promotional_method: input.promotionalMethods?.map((method) => PROMOTIONAL_METHODS[method]),
      timezone: input.timezone,
      tracking_domain_ids: input.trackingDomainIds,
    }),
  };
}

/** Given offer fields, except `name` and `advertiser_id`. */
function offerFields(input: CreateOfferInput | UpdateOfferInput) {
  const payout = input.defaultPayout && payoutFields(input.defaultPayout);
  return given({
    active: input.active,
    allow_duplicate_conversions: input.allowDuplicateConversions,
    block_on_reject: input.blockOnReject,
    conversion_name: input.conversionName,
    currency: input.currency as Integr8OfferCreateRequest['currency'],
    deep_link_enabled: input.deepLinkEnabled,
    default_payout: payout && Object.keys(payout).length > 0 ? payout : undefined,
    description: input.description,
    fallback_url: input.fallbackUrl,
    hide_js_tracking: input.hideJsTracking,
    impression_forwarding_enabled: input.impressionForwardingEnabled,
    impression_forwarding_url: input.impressionForwardingUrl,
    manually_approve_conversions: input.manuallyApproveConversions,
    offer_preview_enabled: input.previewEnabled,
    parallel_tracking_enabled: input.parallelTrackingEnabled,
    parallel_tracking_url: input.parallelTrackingUrl,
    primary_domain: input.primaryDomain,
    restriction_note: input.restrictionNote,
    targeting_group_id: input.targetingGroupId,
    targeting_simple_enabled: input.targetingSimpleEnabled,
    terms_and_conditions: input.termsAndConditions,
    terms_and_conditions_enabled: input.termsAndConditionsEnabled,
    view_through_attribution_enabled: input.viewThroughAttributionEnabled,
    visibility: input.visibility && VISIBILITIES[input.visibility],
  });
}

/** Given event fields, except `name`; the payout is flat on an event. */
function eventFields(input: CreateOfferEventInput | UpdateOfferEventInput) {
  return {
    ...given({
      active: input.active,
      allow_multiple_events: input.allowMultipleEvents,
      description: input.description,
      manually_approve_events: input.manuallyApproveEvents,
    }),
    ...(input.payout && payoutFields(input.payout)),
  };
}

function payoutFields(payout: PayoutInput): Partial<Integr8OfferPayoutConfig> {
  return given({
    payout: payout.payout,
    payout_percent: payout.payoutPercent,
    payout_type: payout.payoutType && PAYOUT_TYPES[payout.payoutType],
    revenue: payout.revenue,
    revenue_percent: payout.revenuePercent,
    revenue_type: payout.revenueType && REVENUE_TYPES[payout.revenueType],
  });
}

/** Given landing page fields, except `name` and `redirect_url`. */
function landingPageFields(input: CreateLandingPageInput | UpdateLandingPageInput) {
  return given({ active: input.active, hide_from_publishers: input.hideFromPublishers, preview_url: input.previewUrl });
}
