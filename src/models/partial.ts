/**
 * Models for records a vendor describes only inline (an Everflow offer on a click, an iRev
 * affiliate on a click): the fields the vendor sent, every other field null.
 */
import type { VendorName } from '../errors.js';
import type { AdvertiserModel, AffiliateModel, OfferModel } from './index.js';

type Given<M, K extends keyof M> = Pick<M, K> & Partial<M>;

/** An offer from the fields a vendor sent inline. */
export function partialOffer(vendor: VendorName, nativeId: string, given: Given<OfferModel, 'name' | 'raw'>): OfferModel {
  return {
    type: 'Offer',
    vendor,
    key: [nativeId],
    nativeId,
    fetchable: false,
    integrationId: null,
    incrementalId: null,
    nameWithId: null,
    status: null,
    active: null,
    archived: null,
    advertiserRef: null,
    currency: null,
    description: null,
    defaultPayout: null,
    visibility: null,
    conversionName: null,
    fallbackUrl: null,
    primaryDomain: null,
    previewEnabled: null,
    allowDuplicateConversions: null,
    blockOnReject: null,
    deepLinkEnabled: null,
    hideJsTracking: null,
    impressionForwardingEnabled: null,
    impressionForwardingUrl: null,
    manuallyApproveConversions: null,
    parallelTrackingEnabled: null,
    parallelTrackingUrl: null,
    restrictionNote: null,
    targetingGroupId: null,
    targetingSimpleEnabled: null,
    termsAndConditions: null,
    termsAndConditionsEnabled: null,
    viewThroughAttributionEnabled: null,
    trackingDomainId: null,
    createdAt: null,
    updatedAt: null,
    ...given,
  };
}

/** An affiliate from the fields a vendor sent inline. */
export function partialAffiliate(vendor: VendorName, nativeId: string, given: Given<AffiliateModel, 'name' | 'raw'>): AffiliateModel {
  return {
    type: 'Affiliate',
    vendor,
    key: [nativeId],
    nativeId,
    fetchable: false,
    status: null,
    accountManager: null,
    accountExecutive: null,
    labels: [],
    balance: null,
    todayRevenue: null,
    defaultCurrency: null,
    paymentType: null,
    isPayable: null,
    country: null,
    trackingDomainUrl: null,
    internalNotes: null,
    hasNotifications: null,
    contactAddressEnabled: null,
    mediaCostTrackingLinks: null,
    encodedValue: null,
    referrerRef: null,
    createdAt: null,
    updatedAt: null,
    lastLoginAt: null,
    relationships: {},
    ...given,
  };
}

/** An advertiser from the fields a vendor sent inline. */
export function partialAdvertiser(vendor: VendorName, nativeId: string, given: Given<AdvertiserModel, 'name' | 'raw'>): AdvertiserModel {
  return {
    type: 'Advertiser',
    vendor,
    key: [nativeId],
    nativeId,
    fetchable: false,
    incrementalId: null,
    nameWithId: null,
    companyName: null,
    firstName: null,
    lastName: null,
    email: null,
    phone: null,
    messenger: null,
    website: null,
    address: null,
    country: null,
    description: null,
    active: null,
    archived: null,
    managerRef: null,
    createdAt: null,
    updatedAt: null,
    ...given,
  };
}
