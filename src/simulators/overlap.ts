/**
 * One business that is a partner on all three networks, so that the simulators hold records a
 * partner search and link suggestions can find: an Everflow affiliate, an iRev affiliate and an
 * Integr8 publisher with the same company, email domain and website. Each simulator writes it
 * over one of its generated records after drawing it, so the random sequence, and every other
 * record, stay as they were.
 */
export const OVERLAPPING_PARTNER = {
  /** The name each network shows. */
  name: 'Harborline Digital',
  /** The legal name (Everflow's affiliate name, Integr8's `company_name`). */
  companyName: 'Harborline Digital Ltd',
  /** The domain of its staff's email addresses. */
  emailDomain: 'harborline.example',
  website: 'https://www.harborline.example',
  /** Everflow's `network_affiliate_id` of it. */
  everflowAffiliateId: 5,
  /** Integr8's `incremental_id` of it. */
  integr8IncrementalId: 5,
} as const;
