/**
 * The gateway's internal shapes: what vendor mappers produce and resolvers receive, one per
 * GraphQL object type (codegen.yml maps each type to its model, so resolvers are checked
 * against them). Field names match the schema, so most fields need no resolver. A relation is
 * a `Ref`: the related model when the vendor sent it inline, or the reference to load it by.
 * Enum fields take the schema's enum types, generated from the SDL.
 */
import type {
  AffiliatePatchField,
  LinkSignal,
  AffiliateRelationship,
  AffiliateStatus,
  BulkItemStatus,
  ChangeStatus,
  ConversionState,
  ConversionStatus,
  ExportStatus,
  OfferStatus,
  OfferVisibility,
  PaymentType,
  PayoutType,
  PromotionalMethod,
  PublisherManagerAccess,
  RevenueType,
  TrafficStatus,
  UserErrorCode,
  UserRole,
  UserStatus,
} from '../__generated__/resolvers.js';
import type { VendorName } from '../errors.js';
import type { NodeRef, NodeType } from '../ids.js';
import type { Connection, Edge, PageInfo } from '../pagination/connections.js';

/** Fields every node model has: its reference parts and the vendor's raw record. */
export interface NodeModel<T extends NodeType> extends NodeRef {
  type: T;
  vendor: VendorName;
  key: string[];
  nativeId: string;
  raw: unknown;
}

/** A related node: known inline (`model`) or to be loaded (`ref`). */
export type Ref<M> = { model: M } | { ref: NodeRef };

export interface SubIdModel {
  position: number;
  value: string;
}

export interface PayoutModel {
  payout: number | null;
  payoutPercent: number | null;
  payoutType: PayoutType | null;
  revenue: number | null;
  revenuePercent: number | null;
  revenueType: RevenueType | null;
  /** The offer's or event's currency, which the amounts are in. */
  currency: string | null;
}

export interface EmployeeModel {
  id: number | null;
  name: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  workPhone: string | null;
  cellPhone: string | null;
}

export interface AffiliateUserModel {
  nativeId: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  status: string | null;
  title: string | null;
  workPhone: string | null;
  cellPhone: string | null;
  timezoneId: number | null;
  currency: string | null;
  raw: unknown;
}

export interface AffiliateModel extends NodeModel<'Affiliate'> {
  name: string | null;
  status: AffiliateStatus | null;
  accountManager: EmployeeModel | null;
  accountExecutive: EmployeeModel | null;
  labels: string[];
  balance: number | null;
  todayRevenue: number | null;
  defaultCurrency: string | null;
  paymentType: PaymentType | null;
  isPayable: boolean | null;
  /** An ISO country code (the schema's deprecated `countryCode` is the same value). */
  country: string | null;
  trackingDomainUrl: string | null;
  internalNotes: string | null;
  hasNotifications: boolean | null;
  contactAddressEnabled: boolean | null;
  mediaCostTrackingLinks: boolean | null;
  encodedValue: string | null;
  referrerRef: Ref<AffiliateModel> | null;
  createdAt: Date | null;
  updatedAt: Date | null;
  lastLoginAt: Date | null;
  /** Relationship blocks the vendor already sent, by name; others are fetched on demand. */
  relationships: Partial<Record<AffiliateRelationship, unknown>>;
  /** Whether the record can be fetched again by id (iRev names affiliates on clicks only). */
  fetchable: boolean;
}

export interface PublisherModel extends NodeModel<'Publisher'> {
  incrementalId: number | null;
  name: string | null;
  nameWithId: string | null;
  companyName: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  messenger: string | null;
  website: string | null;
  address: string | null;
  city: string | null;
  country: string | null;
  countries: string[];
  description: string | null;
  timezone: string | null;
  active: boolean | null;
  archived: boolean | null;
  pending: boolean | null;
  promotionalMethods: PromotionalMethod[];
  trackingDomainIds: string[];
  managerRef: Ref<UserModel> | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface AdvertiserModel extends NodeModel<'Advertiser'> {
  incrementalId: number | null;
  name: string | null;
  nameWithId: string | null;
  companyName: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  messenger: string | null;
  website: string | null;
  address: string | null;
  country: string | null;
  description: string | null;
  active: boolean | null;
  archived: boolean | null;
  managerRef: Ref<UserModel> | null;
  createdAt: Date | null;
  updatedAt: Date | null;
  fetchable: boolean;
}

export interface UserModel extends NodeModel<'User'> {
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  role: UserRole | null;
  status: UserStatus | null;
  phone: string | null;
  city: string | null;
  country: string | null;
  timezone: string | null;
  apiAccessEnabled: boolean | null;
  isAdvertiserManager: boolean | null;
  isPublisherManager: boolean | null;
  publisherManagerAccess: PublisherManagerAccess | null;
  lastLoginAt: Date | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface OfferModel extends NodeModel<'Offer'> {
  integrationId: string | null;
  incrementalId: number | null;
  name: string | null;
  nameWithId: string | null;
  status: OfferStatus | null;
  active: boolean | null;
  archived: boolean | null;
  advertiserRef: Ref<AdvertiserModel> | null;
  currency: string | null;
  description: string | null;
  defaultPayout: PayoutModel | null;
  visibility: OfferVisibility | null;
  conversionName: string | null;
  fallbackUrl: string | null;
  primaryDomain: string | null;
  previewEnabled: boolean | null;
  allowDuplicateConversions: boolean | null;
  blockOnReject: boolean | null;
  deepLinkEnabled: boolean | null;
  hideJsTracking: boolean | null;
  impressionForwardingEnabled: boolean | null;
  impressionForwardingUrl: string | null;
  manuallyApproveConversions: boolean | null;
  parallelTrackingEnabled: boolean | null;
  parallelTrackingUrl: string | null;
  restrictionNote: string | null;
  targetingGroupId: string | null;
  targetingSimpleEnabled: boolean | null;
  termsAndConditions: string | null;
  termsAndConditionsEnabled: boolean | null;
  viewThroughAttributionEnabled: boolean | null;
  trackingDomainId: number | null;
  createdAt: Date | null;
  updatedAt: Date | null;
  /** Whether the vendor can fetch the offer by id (Everflow and iRev only describe offers inline). */
  fetchable: boolean;
}

export interface OfferEventModel extends NodeModel<'OfferEvent'> {
  offerRef: Ref<OfferModel>;
  name: string | null;
  description: string | null;
  active: boolean | null;
  archived: boolean | null;
  allowMultipleEvents: boolean | null;
  manuallyApproveEvents: boolean | null;
  currency: string | null;
  payout: PayoutModel | null;
}

export interface LandingPageModel extends NodeModel<'LandingPage'> {
  offerRef: Ref<OfferModel>;
  name: string | null;
  active: boolean | null;
  archived: boolean | null;
  hideFromPublishers: boolean | null;
  previewUrl: string | null;
  redirectUrl: string | null;
}

export interface EverflowClickDetailsModel {
  transactionId: string;
  trackingUrl: string | null;
  sourceId: string | null;
  revenueType: string | null;
  errorCode: number | null;
  errorMessage: string | null;
  couponCode: string | null;
  isProxy: boolean | null;
  isRobot: boolean | null;
  dma: number | null;
  dmaName: string | null;
  queryParameters: unknown;
}

export interface IrevClickDetailsModel {
  hash: string | null;
  groupHash: string | null;
  saleStatus: string | null;
  hasConversions: boolean | null;
  requestedLink: string | null;
  redirectedLink: string | null;
  brandId: number | null;
  affiliateGroupId: number | null;
  offerUrlId: number | null;
  externalId: string | null;
  advertiserExternalId: string | null;
  affiliateSource: string | null;
  advertiserSubIds: SubIdModel[];
}

export interface Integr8TrafficDetailsModel {
  integrationId: string | null;
  realTxId: string | null;
  score: number | null;
  risk: string | null;
  rejections: string[];
  rejectionType: string | null;
  rejectedReason: string | null;
  isBot: boolean | null;
  fingerprint: string | null;
  tags: string[];
  smartLinkId: string | null;
  targetingGroupId: string | null;
  extraParams: Record<string, string> | null;
  integrationType: string | null;
  externalTransactionId: string | null;
}

/** Relations a traffic row (click, conversion, impression) may have. */
export interface TrafficRefs {
  offerRef: Ref<OfferModel> | null;
  publisherRef: Ref<PublisherModel> | null;
  advertiserRef: Ref<AdvertiserModel> | null;
}

export interface ClickModel extends NodeModel<'Click'>, TrafficRefs {
  time: Date | null;
  ip: string | null;
  /** An ISO country code (the deprecated `countryCode` is the same value). */
  country: string | null;
  countryName: string | null;
  regionName: string | null;
  regionCode: string | null;
  city: string | null;
  postalCode: string | null;
  userAgent: string | null;
  browser: string | null;
  browserVersion: string | null;
  /** The operating system (the deprecated `platform` is the same value). */
  os: string | null;
  osVersion: string | null;
  deviceType: string | null;
  deviceBrand: string | null;
  deviceModel: string | null;
  isMobile: boolean | null;
  carrier: string | null;
  isp: string | null;
  language: string | null;
  isUnique: boolean | null;
  subIds: SubIdModel[];
  revenue: number | null;
  payout: number | null;
  currency: string | null;
  status: TrafficStatus | null;
  referer: string | null;
  affiliateRef: Ref<AffiliateModel> | null;
  everflow: EverflowClickDetailsModel | null;
  irev: IrevClickDetailsModel | null;
  integr8: Integr8TrafficDetailsModel | null;
}

export interface ConversionModel extends NodeModel<'Conversion'>, TrafficRefs {
  time: Date | null;
  status: ConversionStatus | null;
  /** The state, the same for every vendor (Everflow on_hold is PENDING). */
  state: ConversionState | null;
  /** The vendor's own status value, as sent. */
  vendorStatus: string | null;
  isEvent: boolean;
  eventName: string | null;
  revenue: number | null;
  payout: number | null;
  currency: string | null;
  clickTime: Date | null;
  ip: string | null;
  /** An ISO country code (the deprecated `countryCode` is the same value). */
  country: string | null;
  countryName: string | null;
  /** The deprecated `region` is the same value. */
  regionName: string | null;
  city: string | null;
  /** The operating system (the deprecated `platform` is the same value). */
  os: string | null;
  osVersion: string | null;
  deviceType: string | null;
  browser: string | null;
  language: string | null;
  isp: string | null;
  carrier: string | null;
  userAgent: string | null;
  subIds: SubIdModel[];
  advertiserSubIds: SubIdModel[];
  orderId: string | null;
  couponCode: string | null;
  holdingPeriodEndsAt: Date | null;
  clickRef: Ref<ClickModel> | null;
  integr8: Integr8TrafficDetailsModel | null;
}

export interface ImpressionModel extends NodeModel<'Impression'>, TrafficRefs {
  time: Date | null;
  ip: string | null;
  /** An ISO country code (the deprecated `countryCode` is the same value). */
  country: string | null;
  city: string | null;
  userAgent: string | null;
  browser: string | null;
  /** The operating system (the deprecated `platform` is the same value). */
  os: string | null;
  osVersion: string | null;
  deviceType: string | null;
  isp: string | null;
  subIds: SubIdModel[];
  revenue: number | null;
  payout: number | null;
  status: string | null;
  siteUrl: string | null;
  integr8: Integr8TrafficDetailsModel | null;
}

export interface ExportQueryModel {
  startDate: string | null;
  endDate: string | null;
  relativeDate: string | null;
  fields: string[];
  extraParameters: string[];
  filters: unknown;
  sortBy: unknown;
}

export interface ExportModel extends NodeModel<'Export'> {
  type: 'Export';
  exportType: string | null;
  status: ExportStatus | null;
  query: ExportQueryModel | null;
  rowCount: number | null;
  durationSeconds: number | null;
  rangeTruncated: boolean | null;
  size: number | null;
  artifactName: string | null;
  delimiter: string | null;
  integrationId: string | null;
  requestedBy: string | null;
  lastUpdatedBy: string | null;
  error: string | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

/** Every node model, by GraphQL type name. */
export interface NodeModels {
  Affiliate: AffiliateModel;
  Publisher: PublisherModel;
  Advertiser: AdvertiserModel;
  User: UserModel;
  Offer: OfferModel;
  OfferEvent: OfferEventModel;
  LandingPage: LandingPageModel;
  Click: ClickModel;
  Conversion: ConversionModel;
  Impression: ImpressionModel;
  Export: ExportModel;
}

export type AnyNodeModel = NodeModels[NodeType];

// Lists: Relay connections, built by src/pagination/.

/** Where a page sits in its list. */
export type PageInfoModel = PageInfo;

export type AffiliateConnectionModel = Connection<AffiliateModel>;
export type AffiliateEdgeModel = Edge<AffiliateModel>;
export type PublisherConnectionModel = Connection<PublisherModel>;
export type PublisherEdgeModel = Edge<PublisherModel>;
export type AdvertiserConnectionModel = Connection<AdvertiserModel>;
export type AdvertiserEdgeModel = Edge<AdvertiserModel>;
export type UserConnectionModel = Connection<UserModel>;
export type UserEdgeModel = Edge<UserModel>;
export type OfferConnectionModel = Connection<OfferModel>;
export type OfferEdgeModel = Edge<OfferModel>;
export type OfferEventConnectionModel = Connection<OfferEventModel>;
export type OfferEventEdgeModel = Edge<OfferEventModel>;
export type LandingPageConnectionModel = Connection<LandingPageModel>;
export type LandingPageEdgeModel = Edge<LandingPageModel>;
export type ClickEdgeModel = Edge<ClickModel>;
/** The conversion list; `missingVendors` is set by a merged list only. */
export interface ConversionConnectionModel extends Connection<ConversionModel> {
  missingVendors?: MissingVendorModel[];
}
export type ConversionEdgeModel = Edge<ConversionModel>;
export type ImpressionConnectionModel = Connection<ImpressionModel>;
export type ImpressionEdgeModel = Edge<ImpressionModel>;
export type ExportConnectionModel = Connection<ExportModel>;
export type ExportEdgeModel = Edge<ExportModel>;

/** A time range as the schema returns it. */
export interface TimeRangeModel {
  from: Date;
  to: Date;
}

/** Integr8's verdict on an Everflow or iRev click: read off the Integr8 click row that scored it. */
export interface ClickVerdictModel {
  status: TrafficStatus | null;
  score: number | null;
  risk: string | null;
  rejections: string[];
  rejectedReason: string | null;
  isBot: boolean | null;
  scoredAt: Date | null;
  integrationId: string;
  integr8Click: ClickModel;
}

/** The click list: a connection that also says whether the vendor's data was cut short. */
export interface ClickConnectionModel extends Connection<ClickModel> {
  truncated: boolean;
  truncatedRanges: TimeRangeModel[];
  /** Set by a merged list only. */
  missingVendors?: MissingVendorModel[];
}

/** A vendor (an Integr8 integration) whose part of a merged page failed, and why. */
export interface MissingVendorModel {
  vendor: VendorName;
  integrationId: string | null;
  error: Error;
}

/** An amount and its currency (null when the vendor names none). */
export interface MoneyModel {
  amount: number;
  currency: string | null;
}

// Mutation payloads: the record written (null when nothing was) and the user's errors.

/** A problem with a mutation's input that the user can fix; `field` is the path from `input`'s argument. */
export interface UserErrorModel {
  field: string[] | null;
  message: string;
  code: UserErrorCode;
}

export interface AffiliatePayloadModel {
  affiliate: AffiliateModel | null;
  userErrors: UserErrorModel[];
}

/** One field of one affiliate in a bulk edit, as Everflow previewed it. */
export interface AffiliateChangeModel {
  /** The affiliate's global ID. */
  affiliateId: string;
  name: string | null;
  status: ChangeStatus;
  field: AffiliatePatchField | null;
  before: unknown;
  after: unknown;
  errorMessage: string | null;
  relatedChanges: string | null;
}

/** An affiliate in an invalid state before a bulk edit. */
export interface AffiliateResourceErrorModel {
  /** The affiliate's global ID. */
  affiliateId: string;
  name: string | null;
  message: string;
}

export interface BulkEditAffiliatesPayloadModel {
  applied: boolean;
  changes: AffiliateChangeModel[];
  resourceErrors: AffiliateResourceErrorModel[];
  affiliates: AffiliateModel[];
  userErrors: UserErrorModel[];
}

export interface PublisherPayloadModel {
  publisher: PublisherModel | null;
  userErrors: UserErrorModel[];
}

export interface AdvertiserPayloadModel {
  advertiser: AdvertiserModel | null;
  userErrors: UserErrorModel[];
}

export interface UserPayloadModel {
  user: UserModel | null;
  userErrors: UserErrorModel[];
}

export interface OfferPayloadModel {
  offer: OfferModel | null;
  userErrors: UserErrorModel[];
}

export interface OfferEventPayloadModel {
  offerEvent: OfferEventModel | null;
  userErrors: UserErrorModel[];
}

export interface LandingPagePayloadModel {
  landingPage: LandingPageModel | null;
  userErrors: UserErrorModel[];
}

export interface ExportPayloadModel {
  export: ExportModel | null;
  userErrors: UserErrorModel[];
}

export interface CreateClicksPayloadModel {
  /** The clicks as iRev created them: all of them, or none. */
  clicks: ClickModel[];
  userErrors: UserErrorModel[];
}

/** What a bulk write did to one record (not the record: it has no `id`). */
export interface BulkItemResultModel {
  /** The record's global ID, as the input gave it. */
  targetId: string;
  status: BulkItemStatus;
  /** Why it did not change, or why the outcome is unknown; null when CHANGED. */
  message: string | null;
}

/** A bulk status change: the per-item results and the changed records, re-read, under `Key`. */
export type SetActivePayloadModel<Key extends string, Model> = { results: BulkItemResultModel[]; userErrors: UserErrorModel[] } & {
  [K in Key]: Model[];
};

export type SetPublishersActivePayloadModel = SetActivePayloadModel<'publishers', PublisherModel>;
export type SetAdvertisersActivePayloadModel = SetActivePayloadModel<'advertisers', AdvertiserModel>;
export type SetOffersActivePayloadModel = SetActivePayloadModel<'offers', OfferModel>;

/** A bulk delete: the per-item results and the global IDs of the records that are gone. */
export interface BulkDeletePayloadModel {
  results: BulkItemResultModel[];
  deletedIds: string[];
  userErrors: UserErrorModel[];
}

// Partners: vendor records that are one business (src/links/).

/** A partner record: an Everflow or iRev affiliate, or an Integr8 publisher. */
export type PartnerModel = AffiliateModel | PublisherModel;

export interface PartnerConnectionModel extends Connection<PartnerModel> {
  /** Vendors with more matching records than one search reads. */
  truncatedVendors: VendorName[];
  /** Vendors that failed: their records are missing. */
  missingVendors: MissingVendorModel[];
}
export type PartnerEdgeModel = Edge<PartnerModel>;

export interface LinkEvidenceModel {
  signal: LinkSignal;
  weight: number;
  matched: string;
  accountValue: string;
  candidateValue: string;
}

export interface PartnerLinkSuggestionModel {
  account: PartnerModel;
  candidate: PartnerModel;
  score: number;
  evidence: LinkEvidenceModel[];
}

export interface PartnerLinkSuggestionsModel {
  nodes: PartnerLinkSuggestionModel[];
  totalCount: number;
  truncatedVendors: VendorName[];
  missingVendors: MissingVendorModel[];
}

export interface LinkPartnerAccountsPayloadModel {
  accounts: PartnerModel[];
  userErrors: UserErrorModel[];
}

export interface UnlinkPartnerAccountsPayloadModel {
  unlinkedIds: string[];
  accounts: PartnerModel[];
  userErrors: UserErrorModel[];
}
