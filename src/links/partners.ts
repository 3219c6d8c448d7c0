/**
 * Partners across vendors for one GraphQL request: the search, each record's linked accounts
 * (batched: one store query per request tick), link suggestions and the link writes. Everything
 * vendor-specific is read through the vendors' reads; the links come from the store.
 */
import DataLoader from 'dataloader';
import { BadUserInputError, GatewayError } from '../errors.js';
import { fromGlobalId, toGlobalId } from '../ids.js';
import type {
  AffiliateModel,
  LinkPartnerAccountsPayloadModel,
  MissingVendorModel,
  PartnerConnectionModel,
  PartnerLinkSuggestionsModel,
  PartnerModel,
  PublisherModel,
  UnlinkPartnerAccountsPayloadModel,
  UserErrorModel,
} from '../models/index.js';
import { connectionFromArray } from '../pagination/connections.js';
import { parsePageArgs, type PageArgs } from '../pagination/request.js';
import { warn } from '../requestScope.js';
import type { EverflowReads } from '../vendors/everflow/reads.js';
import type { Integr8Reads } from '../vendors/integr8/reads.js';
import type { IrevReads } from '../vendors/irev/reads.js';
import { vendorKeyOf, vendorKeys, vendorLabel, VENDORS, type VendorKey, type VendorName } from '../vendors/registry.js';
import { recordName, type PartnerLinkStore, type RecordRef } from './store.js';
import { suggestLinks, type PartnerProfile } from './suggestions.js';
import type { Tenant } from './tenant.js';

/** How much one partners query reads from each vendor (see the schema's `partners`). */
export const PARTNER_BOUNDS = {
  /** Everflow affiliates and Integr8 publishers read per query: one call each. */
  records: 100,
  /** iRev clicks read per query to find its affiliates: one call. */
  irevClicks: 500,
  /** Records one link or unlink takes. */
  maxLink: 20,
} as const;

/** The vendors' reads a directory uses. */
export interface PartnerVendorReads {
  everflow: EverflowReads;
  irev: IrevReads;
  integr8: Integr8Reads;
}

/** What `partners` and `partnerLinkSuggestions` take besides the page. */
export interface PartnerSearch {
  search?: string | null;
  vendors?: readonly VendorName[] | null;
}

/** Partners for one request of one tenant. */
export class PartnerDirectory {
  private readonly accountLoader: DataLoader<RecordRef, RecordRef[], string>;

  constructor(
    private readonly reads: PartnerVendorReads,
    private readonly store: PartnerLinkStore,
    private readonly tenant: Tenant,
  ) {
    this.accountLoader = new DataLoader((refs) => this.store.accounts(this.tenant.id, refs), { cacheKeyFn: recordName });
  }

  /** Partners whose name contains `search`, across vendors, ordered by name. */
  async partners(query: PartnerSearch, args: PageArgs): Promise<PartnerConnectionModel> {
    const page = parsePageArgs(args, { defaultSize: 50, maxSize: 100 });
    const { records, truncatedVendors, missingVendors } = await this.gather(query, false);
    return {
      ...connectionFromArray(
        records.map((r) => r.model),
        page,
      ),
      truncatedVendors,
      missingVendors,
    };
  }

  /** The global IDs of the records linked with `partner`, itself included, from the store alone (no vendor read). */
  async linkedIds(partner: PartnerModel): Promise<string[]> {
    return (await this.accountLoader.load(refOf(partner))).map((ref) => toGlobalId(nodeRef(ref)));
  }

  /** The records linked with `partner`, itself included, read from their vendors. */
  async accounts(partner: PartnerModel): Promise<PartnerModel[]> {
    const refs = await this.accountLoader.load(refOf(partner));
    const models = await Promise.all(
      refs.map(async (ref) => {
        if (recordName(ref) === recordName(refOf(partner))) return partner;
        try {
          return await this.record(ref);
        } catch (error) {
          if (!(error instanceof GatewayError) || error.code !== 'NOT_FOUND') throw error;
          warn({
            code: 'LINKED_RECORD_MISSING',
            message: `A linked record is gone from ${vendorLabel(ref.vendor)}: ${toGlobalId(nodeRef(ref))}; unlink it.`,
          });
          return null;
        }
      }),
    );
    return models.filter((model): model is PartnerModel => model !== null);
  }

  /** Scored pairs of records of different vendors among those `partners` reads for the same search. */
  async suggestions(query: PartnerSearch & { minScore?: number | null }, first: number | null | undefined): Promise<PartnerLinkSuggestionsModel> {
    const minScore = query.minScore ?? 0.35;
    if (!(minScore >= 0 && minScore <= 1))
      throw new GatewayError(`minScore must be between 0 and 1, got ${minScore}.`, 'BAD_USER_INPUT', { field: 'minScore' });
    const size = first ?? 20;
    if (!Number.isInteger(size) || size < 1 || size > 100) throw new BadUserInputError(`first must be between 1 and 100, got ${size}.`, 'first');
    const { records, truncatedVendors, missingVendors } = await this.gather(query, true);
    const groups = await this.accountLoader.loadMany(records.map((r) => r.profile.ref));
    const partnerOf = new Map<string, string>();
    groups.forEach((group, i) => {
      if (Array.isArray(group) && group.length > 1) for (const member of group) partnerOf.set(recordName(member), recordName(records[i].profile.ref));
    });
    const models = new Map(records.map((r) => [recordName(r.profile.ref), r.model]));
    const linked = (a: RecordRef, b: RecordRef) =>
      partnerOf.get(recordName(a)) !== undefined && partnerOf.get(recordName(a)) === partnerOf.get(recordName(b));
    const suggestions = suggestLinks(
      records.map((r) => r.profile),
      minScore,
      linked,
    ).map((s) => ({
      account: models.get(recordName(s.a.ref))!,
      candidate: models.get(recordName(s.b.ref))!,
      score: s.score,
      evidence: s.evidence.map((e) => ({
        signal: e.signal,
        weight: e.weight,
        matched: e.matched,
        accountValue: e.value,
        candidateValue: e.otherValue,
      })),
    }));
    return { nodes: suggestions.slice(0, size), totalCount: suggestions.length, truncatedVendors, missingVendors };
  }

  /** linkPartnerAccounts: checks every ID, that each record exists and that all are of one tenant, then links them. */
  async link(ids: readonly string[]): Promise<LinkPartnerAccountsPayloadModel> {
    const errors: UserErrorModel[] = [];
    const refs = this.parseIds(ids, 2, errors);
    if (!refs) return { accounts: [], userErrors: errors };
    const models = await Promise.all(
      refs.map(async ({ ref, index }) => {
        try {
          return await this.record(ref);
        } catch (error) {
          if (!(error instanceof GatewayError) || error.code !== 'NOT_FOUND') throw error;
          errors.push(userError(index, `${ids[index]} does not exist at ${vendorLabel(ref.vendor)}.`, 'NOT_FOUND'));
          return null;
        }
      }),
    );
    const sources = refs.map(({ ref }) => this.credential(ref.vendor));
    refs.forEach(({ index }, i) => {
      if (sources[i]?.source !== sources[0]?.source) {
        errors.push(
          userError(
            index,
            `${ids[index]} is read with ${sources[i]?.source === 'request' ? "this request's own" : "the gateway's configured"} ${vendorLabel(refs[i].ref.vendor)} credential and ${ids[refs[0].index]} with ${sources[0]?.source === 'request' ? "the request's own" : "the gateway's configured"} one: records of two tenants cannot be linked.`,
            'CROSS_TENANT',
          ),
        );
      }
    });
    if (errors.length > 0) return { accounts: [], userErrors: sortErrors(errors) };
    const result = await this.store.link(
      this.tenant.id,
      refs.map(({ ref }) => ({ ...ref, credentialHash: this.credential(ref.vendor)!.hash })),
    );
    if (result.conflicts.length > 0) {
      return {
        accounts: [],
        userErrors: result.conflicts.map(({ index }) =>
          userError(refs[index].index, `${ids[refs[index].index]} is already linked to another partner; unlink it first.`, 'ALREADY_LINKED'),
        ),
      };
    }
    this.accountLoader.clearAll();
    const byName = new Map(refs.map(({ ref }, i) => [recordName(ref), models[i]!]));
    const accounts = await Promise.all(result.accounts.map((ref) => byName.get(recordName(ref)) ?? this.record(ref).catch(() => null)));
    return { accounts: accounts.filter((model): model is PartnerModel => model !== null), userErrors: [] };
  }

  /** unlinkPartnerAccounts: every record must be linked; then all are taken out at once. */
  async unlink(ids: readonly string[]): Promise<UnlinkPartnerAccountsPayloadModel> {
    const errors: UserErrorModel[] = [];
    const refs = this.parseIds(ids, 1, errors);
    if (!refs) return { unlinkedIds: [], accounts: [], userErrors: errors };
    const groups = await this.store.accounts(
      this.tenant.id,
      refs.map(({ ref }) => ref),
    );
    groups.forEach((group, i) => {
      if (group.length < 2) errors.push(userError(refs[i].index, `${ids[refs[i].index]} is not linked to any partner.`, 'NOT_LINKED'));
    });
    if (errors.length > 0) return { unlinkedIds: [], accounts: [], userErrors: errors };
    const done = await this.store.unlink(
      this.tenant.id,
      refs.map(({ ref }) => ref),
    );
    this.accountLoader.clearAll();
    const unlinked = refs.filter((_, i) => done[i]);
    const accounts = await Promise.all(unlinked.map(({ ref }) => this.record(ref).catch(() => null)));
    return {
      unlinkedIds: unlinked.map(({ ref }) => toGlobalId(nodeRef(ref))),
      accounts: accounts.filter((model): model is PartnerModel => model !== null),
      userErrors: [],
    };
  }

  // Private:

  /** The vendors a query asks for: the configured ones it names, or all configured ones. */
  private vendorsOf(query: PartnerSearch): VendorKey[] {
    const configured = vendorKeys().filter((key) => this.tenant.credentials[key]);
    return query.vendors?.length ? configured.filter((key) => query.vendors!.includes(VENDORS[key].name as VendorName)) : configured;
  }

  /**
   * Each vendor's records for a search (bounded by PARTNER_BOUNDS), merged and ordered by name,
   * with their profiles. A vendor that fails is left out, named in `missingVendors` and in a
   * VENDOR_UNAVAILABLE warning; when every vendor fails, the first error is thrown.
   */
  private async gather(
    query: PartnerSearch,
    withEmails: boolean,
  ): Promise<{ records: { model: PartnerModel; profile: PartnerProfile }[]; truncatedVendors: VendorName[]; missingVendors: MissingVendorModel[] }> {
    const search = query.search?.trim() || null;
    const keys = this.vendorsOf(query);
    const truncatedVendors: VendorName[] = [];
    const settled = await Promise.allSettled(
      keys.map(async (key): Promise<{ model: PartnerModel; profile: PartnerProfile }[]> => {
        if (key === 'everflow') {
          const page = await this.reads.everflow.affiliates(
            { search, relationships: withEmails ? ['USERS'] : [] },
            { first: PARTNER_BOUNDS.records },
          );
          if ((page.totalCount ?? 0) > page.nodes.length) truncatedVendors.push('EVERFLOW');
          return Promise.all(page.nodes.map(async (model) => ({ model, profile: await this.everflowProfile(model, withEmails) })));
        }
        if (key === 'integr8') {
          const page = await this.reads.integr8.publishers(search ? { name: { like: search } } : null, null, { first: PARTNER_BOUNDS.records });
          if (page.pageInfo.hasNextPage) truncatedVendors.push('INTEGR8');
          return page.nodes.map((model) => ({ model, profile: publisherProfile(model) }));
        }
        const { affiliates, complete } = await this.reads.irev.affiliatesOnClicks(PARTNER_BOUNDS.irevClicks);
        if (!complete) truncatedVendors.push('IREV');
        const needle = search?.toLowerCase();
        return affiliates
          .filter((model) => !needle || (model.name ?? '').toLowerCase().includes(needle))
          .map((model) => ({ model, profile: { ref: refOf(model), name: model.name, companyName: null, emails: [], website: null } }));
      }),
    );
    const missingVendors: MissingVendorModel[] = [];
    const parts = settled.map((result, i) => {
      if (result.status === 'fulfilled') return result.value;
      const error: unknown = result.reason;
      // Bad input is the caller's, whichever vendor saw it; anything else is that vendor failing.
      if (!(error instanceof GatewayError) || error.code === 'BAD_USER_INPUT' || settled.every((other) => other.status === 'rejected')) throw error;
      const name = VENDORS[keys[i]].name as VendorName;
      missingVendors.push({ vendor: name, integrationId: null, error });
      warn({ code: 'VENDOR_UNAVAILABLE', vendor: name, message: `${VENDORS[keys[i]].label} records are missing: ${error.message}` });
      return [];
    });
    const records = parts
      .flat()
      .sort(
        (a, b) =>
          sortName(a.model).localeCompare(sortName(b.model)) ||
          a.model.vendor.localeCompare(b.model.vendor) ||
          a.model.nativeId.localeCompare(b.model.nativeId, undefined, { numeric: true }),
      );
    return { records, truncatedVendors: truncatedVendors.sort(), missingVendors };
  }

  private async everflowProfile(model: AffiliateModel, withEmails: boolean): Promise<PartnerProfile> {
    const users = withEmails ? ((await this.reads.everflow.affiliateUsers(model)) ?? []) : [];
    // Everflow's affiliate name is the business's name; its document shows no company or website field.
    return {
      ref: refOf(model),
      name: model.name,
      companyName: null,
      emails: users.map((u) => u.email).filter((e): e is string => !!e),
      website: null,
    };
  }

  /** A record by reference, read from its vendor (an iRev affiliate through its newest click). */
  private record(ref: RecordRef): Promise<PartnerModel> {
    if (ref.vendor === 'EVERFLOW') return this.reads.everflow.affiliate(ref.key);
    if (ref.vendor === 'IREV') return this.reads.irev.affiliate(ref.key);
    return this.reads.integr8.node('Publisher', [ref.key]) as Promise<PublisherModel>;
  }

  private credential(vendor: VendorName) {
    return this.tenant.credentials[vendorKeyOf(vendor)];
  }

  /** The records of a link input, each once, with its input position; null, with INVALID_VALUE errors, when an ID is not a partner's. */
  private parseIds(ids: readonly string[], min: number, errors: UserErrorModel[]): { ref: RecordRef; index: number }[] | null {
    if (ids.length < min || ids.length > PARTNER_BOUNDS.maxLink) {
      errors.push({
        field: ['input', 'accountIds'],
        message: `Give ${min} to ${PARTNER_BOUNDS.maxLink} account IDs, got ${ids.length}.`,
        code: 'INVALID_VALUE',
      });
      return null;
    }
    const seen = new Set<string>();
    const refs: { ref: RecordRef; index: number }[] = [];
    ids.forEach((id, index) => {
      try {
        const node = fromGlobalId(id, undefined, `input.accountIds.${index}`);
        if (node.type !== 'Affiliate' && node.type !== 'Publisher') {
          errors.push(userError(index, `${id} is a ${node.type}: only affiliates and publishers are partners.`, 'INVALID_VALUE'));
          return;
        }
        const ref: RecordRef = { vendor: node.vendor, type: node.type, key: node.key[0] };
        if (!this.credential(ref.vendor)) {
          errors.push(userError(index, `${vendorLabel(ref.vendor)} is not configured on this gateway.`, 'INVALID_VALUE'));
          return;
        }
        if (!seen.has(recordName(ref))) refs.push({ ref, index });
        seen.add(recordName(ref));
      } catch (error) {
        if (!(error instanceof GatewayError) || error.code !== 'BAD_USER_INPUT') throw error;
        errors.push(userError(index, error.message, 'INVALID_VALUE'));
      }
    });
    if (errors.length > 0) return null;
    if (refs.length < min) {
      errors.push({ field: ['input', 'accountIds'], message: `Give ${min} different account IDs.`, code: 'INVALID_VALUE' });
      return null;
    }
    return refs;
  }
}

function publisherProfile(model: PublisherModel): PartnerProfile {
  return { ref: refOf(model), name: model.name, companyName: model.companyName, emails: model.email ? [model.email] : [], website: model.website };
}

function refOf(model: PartnerModel): RecordRef {
  return { vendor: model.vendor, type: model.type, key: model.key[0] };
}

function nodeRef(ref: RecordRef) {
  return { vendor: ref.vendor, type: ref.type, key: [ref.key] };
}

function sortName(model: PartnerModel): string {
  return (model.name ?? '').toLowerCase();
}

function userError(index: number, message: string, code: UserErrorModel['code']): UserErrorModel {
  return { field: ['input', 'accountIds', String(index)], message, code };
}

function sortErrors(errors: UserErrorModel[]): UserErrorModel[] {
  return errors.sort((a, b) => Number(a.field?.[2] ?? 0) - Number(b.field?.[2] ?? 0));
}
