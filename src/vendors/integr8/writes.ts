import type {
  BulkItemStatus,
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
import { toGlobalId, type NodeType } from '../../ids.js';
import type { BulkItemResultModel, NodeModels } from '../../models/index.js';
import { integer, withoutNulls } from '../normalize.js';
import { RESOURCES, type Resource } from '../resources.js';
import { InputCheck, rejectionAsUserErrors, type UserErrorModel } from '../userErrors.js';
import { mayHaveWritten, WriteRoutine, type Rejection } from '../write.js';
import { INTEGR8_LIMITS, type Integr8Client, type Integr8ListParams } from './client.js';
import {
  BY_INCREMENTAL_ID,
  MANAGER_ACCESS,
  mapAdvertiser,
  mapLandingPage,
  mapOffer,
  mapOfferEvent,
  mapPublisher,
  mapUser,
  PAYOUT_TYPES,
  PROMOTIONAL_METHODS,
  REVENUE_TYPES,
  ROLES,
  USER_STATUSES,
  VISIBILITIES,
} from './mappers.js';
import type {
  Integr8Advertiser,
  Integr8AdvertiserCreateRequest,
  Integr8AdvertiserUpdateRequest,
  Integr8Offer,
  Integr8OfferCreateRequest,
  Integr8OfferEventCreateRequest,
  Integr8OfferEventUpdateRequest,
  Integr8OfferLandingPage,
  Integr8OfferLandingPageCreateRequest,
  Integr8OfferLandingPageUpdateRequest,
  Integr8OfferPayoutConfig,
  Integr8OfferEvent,
  Integr8OfferUpdateRequest,
  Integr8PublisherCreateRequest,
  Integr8PublisherUpdateRequest,
  Integr8UserCreateRequest,
  Integr8UserUpdateRequest,
} from './types.js';
import { checkCreateUser, checkLandingPage, checkOffer, checkOfferEvent, checkParty, checkUpdateUser, decodeId, type Path } from './validate.js';

type Payload<T extends keyof ResolversTypes> = Promise<ResolversTypes[T]>;

/** Records the bulk mutations act on, with the resources their change affects. */
const BULK_RESOURCES = {
  Publisher: [RESOURCES.publishers],
  Advertiser: [RESOURCES.advertisers],
  // Deleting an offer deletes its events and landing pages.
  Offer: [RESOURCES.offers, RESOURCES.offerEvents, RESOURCES.landingPages],
} satisfies Record<string, Resource[]>;
type BulkType = keyof typeof BULK_RESOURCES;

/** What a bulk write did: the per-item results, the userErrors, and each record it changed (see `bulk`). */
interface BulkOutcome<Raw> {
  results: BulkItemResultModel[];
  /** Each CHANGED record once, in input order: its canonical global ID, its group and, after a status change, the record re-read. */
  changed: { id: string; group: string; record: Raw | undefined }[];
  userErrors: UserErrorModel[];
}

/** The record types a write reads before it writes. */
type WrittenType = 'User' | 'Publisher' | 'Advertiser' | 'Offer' | 'OfferEvent' | 'LandingPage';

/**
 * Integr8 writes: users, publishers, advertisers, offers, offer events and landing pages, each
 * a WriteSpec run by the write routine (see WriteRoutine).
 *
 * Every write checks its input first (ids, required fields, enums, formats, referenced records)
 * and answers userErrors without calling the vendor when anything is wrong. Every read a write
 * depends on (the record it changes, the records it references) asks Integr8, never the cache:
 * an update sends back the fields Integr8 requires (`name`, `redirect_url`, ...) as Integr8 has
 * them now, so it cannot revert a change made meanwhile; a required field Integr8 does not send
 * back is a REQUIRED userError (nothing is written) rather than a guess. A write then
 * invalidates the cached reads it affects and re-reads the record through the client, so the
 * payload is mapped like any query result. A vendor rejection (400/422) or refusal (402)
 * becomes userErrors, and so does a 404 (the record or its parent disappeared): see `rejection`.
 */
export class Integr8Writes {
  private readonly routine: WriteRoutine;

  constructor(private readonly client: Integr8Client) {
    this.routine = new WriteRoutine(client.rest, rejection(null));
  }

  /** Creates an organization user (`POST /organization/users`). */
  createUser(input: CreateUserInput): Payload<'UserPayload'> {
    return this.routine.run({
      payload: 'user',
      invalidates: [RESOURCES.users],
      check: (check) => checkCreateUser(input, check),
      build: () => userCreateBody(input),
      send: (body) => this.client.createUser(body),
      reread: async ({ created_item_id }) => mapUser(await this.client.user(created_item_id)),
    });
  }

  /**
   * Changes an organization user (`PATCH /organization/users/:userID`) with the given fields.
   * Publishers and advertisers show their manager's name and email, so their reads are
   * invalidated too.
   */
  updateUser(input: UpdateUserInput): Payload<'UserPayload'> {
    return this.routine.run({
      payload: 'user',
      invalidates: [RESOURCES.users, RESOURCES.publishers, RESOURCES.advertisers],
      ...this.basedOn('User', input.id, ['id'], (check) => checkUpdateUser(input, check)),
      build: (current) => ({ id: current.nativeId, body: userUpdateBody(input) }),
      send: ({ id, body }) => this.client.updateUser(id, body),
      reread: async (_, { id }) => mapUser(await this.client.user(id)),
    });
  }

  /** Creates a publisher (`POST /publishers`); `managerId` must name an organization user. */
  createPublisher(input: CreatePublisherInput): Payload<'PublisherPayload'> {
    return this.createParty(PARTIES.Publisher, input);
  }

  /** Changes a publisher (`PATCH /publishers/:publisherID`); Integr8 requires `name`, so the current one is sent when left out. */
  updatePublisher(input: UpdatePublisherInput): Payload<'PublisherPayload'> {
    return this.updateParty(PARTIES.Publisher, input);
  }

  /**
   * Activates or deactivates publishers (`PATCH /publishers/status`): all exist or nothing is
   * sent. The payload's `publishers` are the changed ones, as the re-read after the call shows them.
   */
  async setPublishersActive(input: SetActiveInput): Payload<'SetPublishersActivePayload'> {
    const { changed, ...payload } = await this.bulk('Publisher', input.ids, {
      apply: (_, ids) => this.client.setPublishersStatus({ active: input.active, data: ids }),
      active: input.active,
      reread: (_, params) => this.client.publishers(params),
    });
    return { ...payload, publishers: changed.flatMap(({ record }) => (record ? [mapPublisher(record)] : [])) };
  }

  /** Deletes publishers (`DELETE /publishers`): all exist or nothing is sent. */
  async deletePublishers(input: DeleteInput): Payload<'BulkDeletePayload'> {
    const { changed, ...payload } = await this.bulk('Publisher', input.ids, {
      apply: (_, ids) => this.client.deletePublishers({ data: ids }),
      reread: (_, params) => this.client.publishers(params),
    });
    return { ...payload, deletedIds: changed.map(({ id }) => id) };
  }

  /** Creates an advertiser (`POST /advertisers`); `managerId` must name an organization user. */
  createAdvertiser(input: CreateAdvertiserInput): Payload<'AdvertiserPayload'> {
    return this.createParty(PARTIES.Advertiser, input);
  }

  /** Changes an advertiser (`PATCH /advertisers/:advertiserID`); the current `name` is sent when left out. */
  updateAdvertiser(input: UpdateAdvertiserInput): Payload<'AdvertiserPayload'> {
    return this.updateParty(PARTIES.Advertiser, input);
  }

  /**
   * Activates or deactivates advertisers (`PATCH /advertisers/status`): all exist or nothing is
   * sent. The payload's `advertisers` are the changed ones, as the re-read after the call shows them.
   */
  async setAdvertisersActive(input: SetActiveInput): Payload<'SetAdvertisersActivePayload'> {
    const { changed, ...payload } = await this.bulk('Advertiser', input.ids, {
      apply: (_, ids) => this.client.setAdvertisersStatus({ active: input.active, data: ids }),
      active: input.active,
      reread: (_, params) => this.client.advertisers(params),
    });
    return { ...payload, advertisers: changed.flatMap(({ record }) => (record ? [mapAdvertiser(record)] : [])) };
  }

  /** Deletes advertisers (`DELETE /advertisers`): all exist or nothing is sent. */
  async deleteAdvertisers(input: DeleteInput): Payload<'BulkDeletePayload'> {
    const { changed, ...payload } = await this.bulk('Advertiser', input.ids, {
      apply: (_, ids) => this.client.deleteAdvertisers({ data: ids }),
      reread: (_, params) => this.client.advertisers(params),
    });
    return { ...payload, deletedIds: changed.map(({ id }) => id) };
  }

  /**
   * Creates an offer in an integration (`POST /integrations/:integrationID/offers`). The
   * advertiser is sent as its incremental id, which is how Integr8 offers name it.
   */
  createOffer(input: CreateOfferInput): Payload<'OfferPayload'> {
    return this.routine.run({
      payload: 'offer',
      invalidates: [RESOURCES.offers],
      ...this.basedOn('Advertiser', input.advertiserId, ['advertiserId'], (check) => checkOffer(input, check, true)),
      build: (advertiser) => {
        const body: Integr8OfferCreateRequest = {
          ...offerFields(input),
          name: input.name,
          advertiser_id: (advertiser.raw as Integr8Advertiser).incremental_id,
        };
        return { integrationId: input.integrationId.trim(), body };
      },
      send: ({ integrationId, body }) => this.client.createOffer(integrationId, body),
      reread: async ({ created_item_id }, { integrationId }) => mapOffer(await this.client.offer(integrationId, created_item_id), integrationId),
      // An unknown integration answers 404.
      rejected: rejection(['integrationId']),
    });
  }

  /** Changes an offer (`PATCH .../offers/:offerID`); Integr8 requires `name` and `advertiser_id`, so the current ones are sent when left out. */
  updateOffer(input: UpdateOfferInput): Payload<'OfferPayload'> {
    return this.routine.run({
      payload: 'offer',
      invalidates: [RESOURCES.offers],
      check: (check) => {
        const key = decodeId(check, input.id, 'Offer', ['id']);
        const advertiserKey = input.advertiserId == null ? null : decodeId(check, input.advertiserId, 'Advertiser', ['advertiserId']);
        checkOffer(input, check, false);
        return key && { key, advertiserKey };
      },
      read: async ({ key, advertiserKey }, check) => {
        const [current, advertiser] = await Promise.all([
          this.load('Offer', key, input.id, ['id'], check),
          advertiserKey && this.load('Advertiser', advertiserKey, input.advertiserId as string, ['advertiserId'], check),
        ]);
        return current && { current, advertiser };
      },
      build: ({ current, advertiser }, check) => {
        const raw = current.raw as Integr8Offer;
        const name = resent(check, input.name, raw.name, ['name'], 'offer', 'name');
        const advertiserId = advertiser
          ? (advertiser.raw as Integr8Advertiser).incremental_id
          : resentIncrementalId(check, raw.advertiser_id, ['advertiserId'], 'offer', 'advertiser_id');
        if (name === undefined || advertiserId === undefined) return null;
        const { default_payout: payout, ...changes } = offerFields(input);
        const currentPayout = kept(raw.default_payout, PAYOUT_BODY);
        const body: Integr8OfferUpdateRequest = {
          ...kept(raw, OFFER_BODY),
          ...changes,
          // The payout is one object: the current one with the given fields changed.
          ...((payout || Object.keys(currentPayout).length > 0) && { default_payout: { ...currentPayout, ...payout } }),
          name,
          advertiser_id: advertiserId,
        };
        return { key: current.key, body };
      },
      send: ({ key: [integrationId, offerId], body }) => this.client.updateOffer(integrationId, offerId, body),
      reread: async (_, { key: [integrationId, offerId] }) => mapOffer(await this.client.offer(integrationId, offerId), integrationId),
    });
  }

  /**
   * Activates or deactivates offers of any integrations: one `PATCH .../offers/status` per
   * integration. The payload's `offers` are the changed ones, as the re-read after the calls shows them.
   */
  async setOffersActive(input: SetActiveInput): Payload<'SetOffersActivePayload'> {
    const { changed, ...payload } = await this.bulk('Offer', input.ids, {
      apply: (integrationId, ids) => this.client.setOffersStatus(integrationId, { active: input.active, data: ids }),
      active: input.active,
      reread: (integrationId, params) => this.client.offers(integrationId, params),
    });
    return { ...payload, offers: changed.flatMap(({ group, record }) => (record ? [mapOffer(record, group)] : [])) };
  }

  /** Deletes offers (with their events and landing pages): one `DELETE .../offers` per integration. */
  async deleteOffers(input: DeleteInput): Payload<'BulkDeletePayload'> {
    const { changed, ...payload } = await this.bulk('Offer', input.ids, {
      apply: (integrationId, ids) => this.client.deleteOffers(integrationId, { data: ids }),
      reread: (integrationId, params) => this.client.offers(integrationId, params),
    });
    return { ...payload, deletedIds: changed.map(({ id }) => id) };
  }

  /** Adds an event to an offer (`POST .../offers/:offerID/events`). */
  createOfferEvent(input: CreateOfferEventInput): Payload<'OfferEventPayload'> {
    return this.routine.run({
      payload: 'offerEvent',
      invalidates: [RESOURCES.offerEvents, RESOURCES.offers],
      ...this.basedOn('Offer', input.offerId, ['offerId'], (check) => checkOfferEvent(input, check, true)),
      build: (offer) => {
        const body: Integr8OfferEventCreateRequest = { ...eventFields(input), name: input.name };
        return { key: offer.key, body };
      },
      send: ({ key: [integrationId, offerId], body }) => this.client.createEvent(integrationId, offerId, body),
      reread: ({ created_item_id }, { key: [integrationId, offerId] }) => this.event(integrationId, offerId, created_item_id),
    });
  }

  /** Changes an offer event (`PATCH .../events/:offerEventID`); the current `name` is sent when left out. */
  updateOfferEvent(input: UpdateOfferEventInput): Payload<'OfferEventPayload'> {
    return this.routine.run({
      payload: 'offerEvent',
      invalidates: [RESOURCES.offerEvents, RESOURCES.offers],
      ...this.basedOn('OfferEvent', input.id, ['id'], (check) => checkOfferEvent(input, check, false)),
      build: (current, check) => {
        const name = resent(check, input.name, (current.raw as Integr8OfferEvent).name, ['name'], 'offer event', 'name');
        if (name === undefined) return null;
        const body: Integr8OfferEventUpdateRequest = { ...kept(current.raw, EVENT_BODY), ...eventFields(input), name };
        return { key: current.key, body };
      },
      send: ({ key: [integrationId, offerId, eventId], body }) => this.client.updateEvent(integrationId, offerId, eventId, body),
      reread: (_, { key: [integrationId, offerId, eventId] }) => this.event(integrationId, offerId, eventId),
    });
  }

  /** Adds a landing page to an offer (`POST .../offers/:offerID/landing-pages`). */
  createLandingPage(input: CreateLandingPageInput): Payload<'LandingPagePayload'> {
    return this.routine.run({
      payload: 'landingPage',
      invalidates: [RESOURCES.landingPages, RESOURCES.offers],
      ...this.basedOn('Offer', input.offerId, ['offerId'], (check) => checkLandingPage(input, check, true)),
      build: (offer) => {
        const body: Integr8OfferLandingPageCreateRequest = { ...landingPageFields(input), name: input.name, redirect_url: input.redirectUrl };
        return { key: offer.key, body };
      },
      send: ({ key: [integrationId, offerId], body }) => this.client.createLandingPage(integrationId, offerId, body),
      reread: ({ created_item_id }, { key: [integrationId, offerId] }) => this.landingPage(integrationId, offerId, created_item_id),
    });
  }

  /** Changes a landing page (`PATCH .../landing-pages/:id`); Integr8 requires `name` and `redirect_url`, so the current ones are sent when left out. */
  updateLandingPage(input: UpdateLandingPageInput): Payload<'LandingPagePayload'> {
    return this.routine.run({
      payload: 'landingPage',
      invalidates: [RESOURCES.landingPages, RESOURCES.offers],
      ...this.basedOn('LandingPage', input.id, ['id'], (check) => checkLandingPage(input, check, false)),
      build: (current, check) => {
        const raw = current.raw as Integr8OfferLandingPage;
        const name = resent(check, input.name, raw.name, ['name'], 'landing page', 'name');
        const redirectUrl = resent(check, input.redirectUrl, raw.redirect_url, ['redirectUrl'], 'landing page', 'redirect_url');
        if (name === undefined || redirectUrl === undefined) return null;
        const body: Integr8OfferLandingPageUpdateRequest = {
          ...kept(raw, LANDING_PAGE_BODY),
          ...landingPageFields(input),
          name,
          redirect_url: redirectUrl,
        };
        return { key: current.key, body };
      },
      send: ({ key: [integrationId, offerId, pageId], body }) => this.client.updateLandingPage(integrationId, offerId, pageId, body),
      reread: (_, { key: [integrationId, offerId, pageId] }) => this.landingPage(integrationId, offerId, pageId),
    });
  }

  // Private:

  /** Creates a publisher or advertiser: they differ only in the table's entries. */
  private createParty<K extends string, M>(party: Party<K, M>, input: CreatePublisherInput | CreateAdvertiserInput) {
    return this.routine.run({
      payload: party.payload,
      invalidates: [party.resource],
      check: (check) => {
        const managerKey = input.managerId == null ? null : decodeId(check, input.managerId, 'User', ['managerId']);
        checkParty(input, check, true);
        return { managerKey };
      },
      read: async ({ managerKey }, check) => ({
        manager: managerKey && (await this.load('User', managerKey, input.managerId as string, ['managerId'], check)),
      }),
      build: ({ manager }) => ({ ...party.fields(input), name: input.name, ...(manager && { manager_id: manager.nativeId }) }),
      send: (body) => party.create(this.client, body),
      reread: ({ created_item_id }) => party.read(this.client, created_item_id),
    });
  }

  /** Changes a publisher or advertiser; Integr8 requires `name`, so the current one is sent when left out. */
  private updateParty<K extends string, M>(party: Party<K, M>, input: UpdatePublisherInput | UpdateAdvertiserInput) {
    return this.routine.run({
      payload: party.payload,
      invalidates: [party.resource],
      check: (check) => {
        const key = decodeId(check, input.id, party.type, ['id']);
        const managerKey = input.managerId == null ? null : decodeId(check, input.managerId, 'User', ['managerId']);
        checkParty(input, check, false);
        return key && { key, managerKey };
      },
      read: async ({ key, managerKey }, check) => {
        const [current, manager] = await Promise.all([
          this.load(party.type, key, input.id, ['id'], check),
          managerKey && this.load('User', managerKey, input.managerId as string, ['managerId'], check),
        ]);
        return current && { current, manager };
      },
      build: ({ current, manager }, check) => {
        const name = resent(check, input.name, (current.raw as { name?: unknown }).name, ['name'], describe(party.type), 'name');
        if (name === undefined) return null;
        const body = { ...kept(current.raw, party.body), ...party.fields(input), name, ...(manager && { manager_id: manager.nativeId }) };
        return { id: current.nativeId, body };
      },
      send: ({ id, body }) => party.update(this.client, id, body),
      reread: (_, { id }) => party.read(this.client, id),
    });
  }

  /**
   * The check and read steps of a write based on one record, the one `id` names (the record it
   * changes, or the one it adds to or references): the ID decoded and `checks` run with no call,
   * then the record read fresh from Integr8 (see `load`).
   */
  private basedOn<T extends WrittenType>(type: T, id: string, path: Path, checks: (check: InputCheck) => void) {
    return {
      check: (check: InputCheck) => {
        const key = decodeId(check, id, type, path);
        checks(check);
        return key;
      },
      read: (key: string[], check: InputCheck) => this.load(type, key, id, path, check),
    };
  }

  /**
   * A record a write depends on, read from Integr8 now (never a cached copy), or null with a
   * NOT_FOUND userError at `path` when Integr8 does not have it.
   */
  private async load<T extends WrittenType>(type: T, key: string[], id: string, path: Path, check: InputCheck): Promise<NodeModels[T] | null> {
    try {
      return (await this.fresh(type, key)) as NodeModels[T];
    } catch (error) {
      if (!isNotFound(error)) throw error;
      check.add(path, `Integr8 has no ${describe(type)} with ID "${id}".`, 'NOT_FOUND');
      return null;
    }
  }

  /** A record by its key, through its read-by-id endpoint with `fresh` (an advertiser named by incremental id: the list filtered by it). */
  private async fresh(type: WrittenType, key: string[]): Promise<NodeModels[WrittenType]> {
    const fresh = { fresh: true };
    switch (type) {
      case 'User':
        return mapUser(await this.client.user(key[0], fresh));
      case 'Publisher':
        return mapPublisher(await this.client.publisher(key[0], fresh));
      case 'Advertiser': {
        if (key[0] !== BY_INCREMENTAL_ID) return mapAdvertiser(await this.client.advertiser(key[0], fresh));
        const { data } = await this.client.advertisers(byIds([key[1]], 'incremental_id'), fresh);
        const advertiser = data.find((a) => String(a.incremental_id) === key[1]);
        if (!advertiser) throw new NotFoundError(`Integr8 advertiser #${key[1]} does not exist.`, 'INTEGR8');
        return mapAdvertiser(advertiser);
      }
      case 'Offer':
        return mapOffer(await this.client.offer(key[0], key[1], fresh), key[0]);
      case 'OfferEvent':
        return mapOfferEvent(await this.client.event(key[0], key[1], key[2], fresh), key[0], key[1]);
      case 'LandingPage':
        return mapLandingPage(await this.client.landingPage(key[0], key[1], key[2], fresh), key[0], key[1]);
    }
  }

  /** An offer event as Integr8 has it after a write (`GET .../events/:offerEventID`). */
  private async event(integrationId: string, offerId: string, eventId: string) {
    return mapOfferEvent(await this.client.event(integrationId, offerId, eventId), integrationId, offerId);
  }

  /** A landing page as Integr8 has it after a write (`GET .../landing-pages/:offerLandingPageID`). */
  private async landingPage(integrationId: string, offerId: string, pageId: string) {
    return mapLandingPage(await this.client.landingPage(integrationId, offerId, pageId), integrationId, offerId);
  }

  /**
   * A bulk status change or delete, checked first: every id must decode to a record of `type`
   * that Integr8 has now (a fresh read, batched per integration), else userErrors and no write.
   * The records then go in one call per group (per integration for offers; one group for
   * publishers and advertisers), one group after another; the first failure stops the calls.
   *
   * Each item's result says what happened to it: after a status change the records are re-read
   * and an item is CHANGED when Integr8 shows the requested state; after a delete an item of a
   * successful call is CHANGED (Integr8 deletes all or none). An item of the failed call is
   * UNCHANGED when Integr8 refused the call; when the outcome is unknown (a 5xx, a timeout) its
   * records are re-read to find out, and it is UNKNOWN when they cannot be. Items of the calls
   * not made are UNCHANGED.
   *
   * When nothing changed, the payload is that of a refused write (userErrors as for any write;
   * an outage is a GraphQL error). When some items changed and others did not, it has a
   * PARTIAL_FAILURE userError and the per-item results. `changed` holds each CHANGED record
   * once, in input order: its canonical global ID, its group and, after a status change, the
   * record as the re-read shows it.
   */
  private async bulk<Raw extends { id: string; active?: boolean }>(
    type: BulkType,
    ids: readonly string[],
    spec: {
      apply: (group: string, nativeIds: string[]) => Promise<unknown>;
      active?: boolean;
      reread: (group: string, params: Integr8ListParams) => Promise<{ data: Raw[] }>;
    },
  ): Promise<BulkOutcome<Raw>> {
    const check = new InputCheck();
    if (ids.length === 0) check.add(['ids'], `Give at least one ${describe(type)} ID.`, 'REQUIRED');
    const keys = ids.map((id, i) => decodeId(check, id, type, ['ids', i]));
    if (!check.ok) return { results: [], changed: [], userErrors: check.errors };
    const items = await this.existing(type, keys as string[][], ids, check);
    if (!check.ok) return { results: [], changed: [], userErrors: check.errors };

    // One call per group, in the order the ids name them; each group's native ids once.
    const groups = new Map<string, string[]>();
    for (const { group, nativeId } of items) {
      const members = groups.get(group) ?? [];
      if (!members.includes(nativeId)) members.push(nativeId);
      groups.set(group, members);
    }
    const attempted: string[] = [];
    let failure: { group: string; error: unknown; rejection: UserErrorModel[] | null } | undefined;
    for (const [group, nativeIds] of groups) {
      attempted.push(group);
      try {
        await spec.apply(group, nativeIds);
      } catch (error) {
        failure = { group, error, rejection: writeRejection(error, null) };
        break;
      }
    }
    // The invalidation rule of every write (see WriteRoutine): unless the only call made was refused, a call may have written.
    if (!failure || attempted.length > 1 || mayHaveWritten(failure.error)) await this.client.rest.invalidate(...BULK_RESOURCES[type]);

    // What Integr8 has now, for the groups whose outcome a re-read settles.
    const now = new Map<string, Raw>();
    const unread = new Set<string>();
    for (const group of attempted) {
      const refused = failure?.group === group && failure.rejection !== null;
      if (refused || (spec.active === undefined && failure?.group !== group)) continue;
      const nativeIds = groups.get(group)!;
      try {
        for (let start = 0; start < nativeIds.length; start += INTEGR8_LIMITS.maxPageSize) {
          const { data } = await spec.reread(group, byIds(nativeIds.slice(start, start + INTEGR8_LIMITS.maxPageSize)));
          for (const record of data) now.set(`${group}/${record.id}`, record);
        }
      } catch {
        // The outcome stays unknown for this group; its items say so.
        unread.add(group);
      }
    }

    const what = describe(type);
    const failedCall = failure && (failure.error instanceof Error ? failure.error.message : String(failure.error));
    const outcome = (group: string, nativeId: string): { status: BulkItemStatus; message: string | null } => {
      if (!attempted.includes(group)) {
        return { status: 'UNCHANGED', message: `Not changed: an earlier call failed (${failedCall}), so this ${what}'s call was not made.` };
      }
      const failed = failure?.group === group;
      if (failed && failure!.rejection) return { status: 'UNCHANGED', message: `Not changed: ${failedCall}` };
      if (unread.has(group)) {
        return failed
          ? { status: 'UNKNOWN', message: `Outcome unknown: ${failedCall}; Integr8 could not be read back to check this ${what}.` }
          : { status: 'UNKNOWN', message: `The call went through, but Integr8 could not be read back to check this ${what}.` };
      }
      const record = now.get(`${group}/${nativeId}`);
      if (spec.active === undefined) {
        // A delete: the items of a successful call are gone; those of a failed call are gone when the re-read misses them.
        if (!failed || record === undefined) return { status: 'CHANGED', message: null };
        return { status: 'UNCHANGED', message: `Not deleted: ${failedCall}` };
      }
      if (record?.active === spec.active) return { status: 'CHANGED', message: null };
      if (failed) return { status: 'UNCHANGED', message: `Not changed: ${failedCall}` };
      // The call went through but the record is gone (deleted meanwhile): what it did is unknown.
      if (record === undefined) return { status: 'UNKNOWN', message: `Integr8 no longer has this ${what}.` };
      return { status: 'UNCHANGED', message: `Integr8 still shows the ${what} as ${record.active ? 'active' : 'inactive'}.` };
    };
    const results: BulkItemResultModel[] = [];
    const changed: BulkOutcome<Raw>['changed'] = [];
    for (const { id, group, nativeId } of items) {
      const result = { targetId: id, ...outcome(group, nativeId) };
      results.push(result);
      const canonical = toGlobalId({ vendor: 'INTEGR8', type, key: type === 'Offer' ? [group, nativeId] : [nativeId] });
      if (result.status === 'CHANGED' && !changed.some((item) => item.id === canonical)) {
        changed.push({ id: canonical, group, record: now.get(`${group}/${nativeId}`) });
      }
    }

    if (!failure) return { results, changed, userErrors: [] };
    const count = results.filter((result) => result.status === 'CHANGED').length;
    if (count === 0 && attempted.length === 1) {
      // The first call failed and changed nothing: a refusal is the userErrors of any refused
      // write, an outage an error. Otherwise a call went through: a partial failure.
      if (!failure.rejection) throw failure.error;
      return { results, changed, userErrors: failure.rejection };
    }
    const partial: UserErrorModel = {
      field: null,
      message:
        `A call failed partway (${failedCall}): ${count} of ${results.length} ${what}s were changed, the results say which.` +
        (attempted.length < groups.size ? ' The calls after the failed one were not made.' : ''),
      code: 'PARTIAL_FAILURE',
    };
    return { results, changed, userErrors: [partial, ...(failure.rejection ?? [])] };
  }

  /**
   * The records of a bulk call as Integr8 has them now: one fresh list read per group and 100
   * ids. Returns each input's group and native id, or records a NOT_FOUND userError at its index.
   */
  private async existing(
    type: BulkType,
    keys: string[][],
    ids: readonly string[],
    check: InputCheck,
  ): Promise<{ id: string; group: string; nativeId: string }[]> {
    // Offers are read per integration; advertisers named by incremental id through that filter.
    const lookups = keys.map((key) => {
      if (type === 'Offer') return { group: key[0], field: 'id', value: key[1] };
      if (type === 'Advertiser' && key[0] === BY_INCREMENTAL_ID) return { group: '', field: 'incremental_id', value: key[1] };
      return { group: '', field: 'id', value: key[0] };
    });
    const batches = new Map<string, { group: string; field: string; values: string[] }>();
    for (const { group, field, value } of lookups) {
      const batch = batches.get(`${group}\0${field}`) ?? { group, field, values: [] };
      if (!batch.values.includes(value)) batch.values.push(value);
      batches.set(`${group}\0${field}`, batch);
    }
    const found = new Map<string, string>();
    const fresh = { fresh: true };
    for (const { group, field, values } of batches.values()) {
      for (let start = 0; start < values.length; start += INTEGR8_LIMITS.maxPageSize) {
        const params = byIds(values.slice(start, start + INTEGR8_LIMITS.maxPageSize), field);
        let records: { id: string; incremental_id?: number }[];
        try {
          records = (
            type === 'Offer'
              ? await this.client.offers(group, params, fresh)
              : type === 'Publisher'
                ? await this.client.publishers(params, fresh)
                : await this.client.advertisers(params, fresh)
          ).data;
        } catch (error) {
          // An unknown integration: none of its offers exists.
          if (isNotFound(error)) continue;
          throw error;
        }
        for (const record of records) found.set(`${group}\0${field}\0${String(field === 'id' ? record.id : record.incremental_id)}`, record.id);
      }
    }
    const items: { id: string; group: string; nativeId: string }[] = [];
    lookups.forEach(({ group, field, value }, i) => {
      const nativeId = found.get(`${group}\0${field}\0${value}`);
      if (nativeId === undefined) check.add(['ids', i], `Integr8 has no ${describe(type)} with ID "${ids[i]}".`, 'NOT_FOUND');
      else items.push({ id: ids[i], group, nativeId });
    });
    return items;
  }
}

// Private:

/**
 * The fields of each update body, as the document's PATCH tables list them (the compiler checks
 * that none is missing). An update sends every one of them that the record has a value for, as
 * Integr8 just sent it, with the input's changes on top: the document gives each PATCH the
 * create's table, required fields included, so a PATCH may replace the record's writable fields
 * rather than merge them, and a field left out could return to its default.
 */
const PUBLISHER_BODY: Record<keyof Integr8PublisherUpdateRequest, true> = {
  active: true,
  address: true,
  city: true,
  company_name: true,
  countries: true,
  country: true,
  description: true,
  email: true,
  first_name: true,
  last_name: true,
  manager_id: true,
  messenger: true,
  name: true,
  phone: true,
  promotional_method: true,
  timezone: true,
  tracking_domain_ids: true,
  website: true,
};
const ADVERTISER_BODY: Record<keyof Integr8AdvertiserUpdateRequest, true> = {
  active: true,
  address: true,
  company_name: true,
  country: true,
  description: true,
  email: true,
  first_name: true,
  last_name: true,
  manager_id: true,
  messenger: true,
  name: true,
  phone: true,
  website: true,
};
/** The offer body's fields but `default_payout`, which is merged on its own. */
const OFFER_BODY: Record<Exclude<keyof Integr8OfferUpdateRequest, 'default_payout'>, true> = {
  active: true,
  advertiser_id: true,
  allow_duplicate_conversions: true,
  block_on_reject: true,
  conversion_name: true,
  currency: true,
  deep_link_enabled: true,
  description: true,
  fallback_url: true,
  hide_js_tracking: true,
  impression_forwarding_enabled: true,
  impression_forwarding_url: true,
  manually_approve_conversions: true,
  name: true,
  offer_preview_enabled: true,
  parallel_tracking_enabled: true,
  parallel_tracking_url: true,
  primary_domain: true,
  restriction_note: true,
  targeting_group_id: true,
  targeting_simple_enabled: true,
  terms_and_conditions: true,
  terms_and_conditions_enabled: true,
  view_through_attribution_enabled: true,
  visibility: true,
};
const PAYOUT_BODY: Record<keyof Integr8OfferPayoutConfig, true> = {
  payout: true,
  payout_percent: true,
  payout_type: true,
  revenue: true,
  revenue_percent: true,
  revenue_type: true,
};
const EVENT_BODY: Record<keyof Integr8OfferEventUpdateRequest, true> = {
  active: true,
  allow_multiple_events: true,
  description: true,
  manually_approve_events: true,
  name: true,
  payout: true,
  payout_percent: true,
  payout_type: true,
  revenue: true,
  revenue_percent: true,
  revenue_type: true,
};
const LANDING_PAGE_BODY: Record<keyof Integr8OfferLandingPageUpdateRequest, true> = {
  active: true,
  hide_from_publishers: true,
  name: true,
  preview_url: true,
  redirect_url: true,
};

/**
 * The `fields` of a record Integr8 just sent that have a value: true or false, a number, text
 * that is not blank, a list that is not empty. Blank text and empty lists are left out: they
 * are what a create leaves those fields anyway, and a blank email or URL may not pass the
 * vendor's checks of a value that is sent.
 */
function kept(record: unknown, fields: Record<string, true>): Record<string, unknown> {
  if (record === null || typeof record !== 'object') return {};
  const out: Record<string, unknown> = {};
  for (const field of Object.keys(fields)) {
    const value = (record as Record<string, unknown>)[field];
    const present =
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value)) ||
      (typeof value === 'string' && value.trim() !== '') ||
      (Array.isArray(value) && value.length > 0);
    if (present) out[field] = value;
  }
  return out;
}

/** What differs between writing a publisher and an advertiser. */
interface Party<K extends string, M> {
  type: 'Publisher' | 'Advertiser';
  /** The payload field of its mutations. */
  payload: K;
  resource: Resource;
  fields: (input: CreatePublisherInput | UpdatePublisherInput) => Record<string, unknown>;
  /** The fields of the update body (see `kept`). */
  body: Record<string, true>;
  create: (client: Integr8Client, body: Integr8PublisherCreateRequest & Integr8AdvertiserCreateRequest) => Promise<{ created_item_id: string }>;
  update: (client: Integr8Client, id: string, body: Integr8PublisherCreateRequest & Integr8AdvertiserCreateRequest) => Promise<unknown>;
  read: (client: Integr8Client, id: string) => Promise<M>;
}

const PARTIES = {
  Publisher: {
    type: 'Publisher',
    payload: 'publisher',
    resource: RESOURCES.publishers,
    fields: (input) => publisherFields(input),
    body: PUBLISHER_BODY,
    create: (client, body) => client.createPublisher(body),
    update: (client, id, body) => client.updatePublisher(id, body),
    read: async (client, id) => mapPublisher(await client.publisher(id)),
  } satisfies Party<'publisher', ReturnType<typeof mapPublisher>>,
  Advertiser: {
    type: 'Advertiser',
    payload: 'advertiser',
    resource: RESOURCES.advertisers,
    // Advertisers have the fields publishers share with them, and no others.
    fields: (input) => partyFields(input),
    body: ADVERTISER_BODY,
    create: (client, body) => client.createAdvertiser(body),
    update: (client, id, body) => client.updateAdvertiser(id, body),
    read: async (client, id) => mapAdvertiser(await client.advertiser(id)),
  } satisfies Party<'advertiser', ReturnType<typeof mapAdvertiser>>,
};

const NAMES: Partial<Record<NodeType, string>> = {
  User: 'user',
  Publisher: 'publisher',
  Advertiser: 'advertiser',
  Offer: 'offer',
  OfferEvent: 'offer event',
  LandingPage: 'landing page',
};

function describe(type: NodeType): string {
  return NAMES[type] ?? type;
}

function isNotFound(error: unknown): boolean {
  return error instanceof GatewayError && error.code === 'NOT_FOUND';
}

/**
 * Integr8's refusal of a write as userErrors (see `writeRejection`), for the write routine: any
 * other failure is thrown. A 404 is a NOT_FOUND userError at `notFound`.
 */
function rejection(notFound: Path | null): Rejection {
  return (error) => {
    const userErrors = writeRejection(error, notFound);
    if (!userErrors) throw error;
    return userErrors;
  };
}

/** userErrors for a write Integr8 refused (400/422, 402 or 404: nothing written), or null for any other failure. */
function writeRejection(error: unknown, notFound: Path | null): UserErrorModel[] | null {
  if (!(error instanceof GatewayError) || error.details.vendor !== 'INTEGR8') return null;
  if (error.code === 'BAD_USER_INPUT' || error.code === 'UPSTREAM_REFUSED') return rejectionAsUserErrors(error, 'INTEGR8');
  if (error.code === 'NOT_FOUND') return [{ field: notFound && ['input', ...notFound.map(String)], message: error.message, code: 'NOT_FOUND' }];
  return null;
}

/** A list request for these ids (at most 100) of `field` (`id`, or `incremental_id`). */
function byIds(ids: string[], field = 'id'): Integr8ListParams {
  return { page: 1, size: INTEGR8_LIMITS.maxPageSize, filters: { [`filter[${field}][in]`]: ids.join(',') } };
}

/**
 * A field Integr8 requires on every update: the input's value, else the one Integr8 just sent
 * for the record. When Integr8 sent none (absent or blank), a REQUIRED userError at `path`
 * (nothing is written: a default would overwrite the record's value) and undefined.
 */
function resent(check: InputCheck, given: string | null | undefined, current: unknown, path: Path, what: string, field: string): string | undefined {
  if (given != null) return given;
  if (typeof current === 'string' && current.trim() !== '') return current;
  check.add(path, `Integr8 sent this ${what} without its ${field}, which every update must carry; give ${path.join('.')} to set it.`, 'REQUIRED');
  return undefined;
}

/** An offer's `advertiser_id` (an advertiser's incremental id) as Integr8 just sent it, for the update to carry; see `resent`. */
function resentIncrementalId(check: InputCheck, current: unknown, path: Path, what: string, field: string): number | undefined {
  const value = integer(current);
  if (value !== null && value > 0) return value;
  check.add(path, `Integr8 sent this ${what} without its ${field}, which every update must carry; give ${path.join('.')} to set it.`, 'REQUIRED');
  return undefined;
}

function userCreateBody(input: CreateUserInput): Integr8UserCreateRequest {
  return {
    ...withoutNulls({
      first_name: input.firstName,
      last_name: input.lastName,
      phone: input.phone,
      city: input.city,
      country: input.country,
      timezone: input.timezone,
    }),
    email: input.email,
    password: input.password,
    role: ROLES.toVendor(input.role),
  };
}

function userUpdateBody(input: UpdateUserInput): Integr8UserUpdateRequest {
  return withoutNulls({
    email: input.email,
    password: input.password,
    role: input.role && ROLES.toVendor(input.role),
    status: input.status && USER_STATUSES.toVendor(input.status),
    first_name: input.firstName,
    last_name: input.lastName,
    phone: input.phone,
    city: input.city,
    country: input.country,
    timezone: input.timezone,
    api_access_enabled: input.apiAccessEnabled,
    is_advertiser_manager: input.isAdvertiserManager,
    is_publisher_manager: input.isPublisherManager,
    publisher_manager_access: input.publisherManagerAccess && MANAGER_ACCESS.toVendor(input.publisherManagerAccess),
  });
}

/** Given fields publishers and advertisers share, except `name` and `manager_id`. */
function partyFields(input: CreateAdvertiserInput | UpdateAdvertiserInput | CreatePublisherInput | UpdatePublisherInput) {
  return withoutNulls({
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
    ...withoutNulls({
      city: input.city,
      countries: input.countries,
      promotional_method: input.promotionalMethods?.map((method) => PROMOTIONAL_METHODS.toVendor(method)),
      timezone: input.timezone,
      tracking_domain_ids: input.trackingDomainIds,
    }),
  };
}

/** Given offer fields, except `name` and `advertiser_id`. */
function offerFields(input: CreateOfferInput | UpdateOfferInput) {
  const payout = input.defaultPayout && payoutFields(input.defaultPayout);
  return withoutNulls({
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
    visibility: input.visibility && VISIBILITIES.toVendor(input.visibility),
  });
}

/** Given event fields, except `name`; the payout is flat on an event. */
function eventFields(input: CreateOfferEventInput | UpdateOfferEventInput) {
  return {
    ...withoutNulls({
      active: input.active,
      allow_multiple_events: input.allowMultipleEvents,
      description: input.description,
      manually_approve_events: input.manuallyApproveEvents,
    }),
    ...(input.payout && payoutFields(input.payout)),
  };
}

function payoutFields(payout: PayoutInput): Partial<Integr8OfferPayoutConfig> {
  return withoutNulls({
    payout: payout.payout,
    payout_percent: payout.payoutPercent,
    payout_type: payout.payoutType && PAYOUT_TYPES.toVendor(payout.payoutType),
    revenue: payout.revenue,
    revenue_percent: payout.revenuePercent,
    revenue_type: payout.revenueType && REVENUE_TYPES.toVendor(payout.revenueType),
  });
}

/** Given landing page fields, except `name` and `redirect_url`. */
function landingPageFields(input: CreateLandingPageInput | UpdateLandingPageInput) {
  return withoutNulls({ active: input.active, hide_from_publishers: input.hideFromPublishers, preview_url: input.previewUrl });
}
