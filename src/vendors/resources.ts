/**
 * The cached resources: each names the group of cached reads that a write makes unreachable
 * together (`RestClient.read` files a read under one, `RestClient.invalidate` drops them). The
 * cache keeps each vendor and credential apart, so two vendors' `clicks` never meet.
 */
export const RESOURCES = {
  /** Everflow affiliates: the table and find-by-id. */
  affiliates: 'affiliates',
  /** Clicks read by id or by list (Everflow, iRev). */
  clicks: 'clicks',
  /** Everflow on-hold conversions. */
  conversions: 'conversions',
  /** Integr8 organization users. */
  users: 'users',
  offers: 'offers',
  offerEvents: 'offer-events',
  landingPages: 'landing-pages',
  publishers: 'publishers',
  advertisers: 'advertisers',
  /** Integr8 download-center exports. */
  exports: 'exports',
  /** Integr8 report pages, one resource per report. */
  clickReport: 'click-report',
  conversionReport: 'conversion-report',
  impressionReport: 'impression-report',
} as const;

/** One cached resource's name: a misspelt one is a compile error. */
export type Resource = (typeof RESOURCES)[keyof typeof RESOURCES];
