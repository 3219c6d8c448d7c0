/**
 * Candidate links between vendor records, scored from what each vendor says about a partner:
 * pure functions, no I/O. A pair is compared on four signals, each normalised first:
 *
 * - NAME: the names, lower case, accents, punctuation and legal forms (Inc, Ltd, GmbH, ...) removed;
 * - COMPANY_NAME: a company name (Integr8 `company_name`) against the other's company or name;
 * - EMAIL_DOMAIN: the domains of the records' email addresses, free-mail providers left out;
 * - WEBSITE_HOST: the website hosts without `www.`, or one's website host and the other's email domain.
 *
 * The score is the sum of the matched signals' weights, at most 1.
 */
import type { RecordRef } from './store.js';

/** What the comparison reads of one vendor record. */
export interface PartnerProfile {
  ref: RecordRef;
  name: string | null;
  companyName: string | null;
  emails: readonly string[];
  website: string | null;
}

/** The signals a suggestion can rest on. */
export type LinkSignalKind = 'NAME' | 'COMPANY_NAME' | 'EMAIL_DOMAIN' | 'WEBSITE_HOST';

/** One signal that matched, with the normalised value it matched on and each side's own value. */
export interface LinkEvidence {
  signal: LinkSignalKind;
  weight: number;
  /** The normalised value both sides share. */
  matched: string;
  /** The first record's value, as the vendor sent it. */
  value: string;
  /** The second record's value, as the vendor sent it. */
  otherValue: string;
}

/** A candidate link between two records of different vendors. */
export interface LinkSuggestion {
  a: PartnerProfile;
  b: PartnerProfile;
  score: number;
  evidence: LinkEvidence[];
}

/** Each signal's weight: a shared domain says more than a shared name, and two together suffice. */
export const SIGNAL_WEIGHTS: Record<LinkSignalKind, number> = { NAME: 0.35, COMPANY_NAME: 0.25, EMAIL_DOMAIN: 0.3, WEBSITE_HOST: 0.3 };

/**
 * Scores every pair of records of different vendors and returns those scoring at least
 * `minScore`, best first (ties by the records' vendor and key). Pairs that `skip` names (already
 * linked) are left out. Comparing n records costs n² / 2 signal checks: callers bound n.
 */
export function suggestLinks(
  profiles: readonly PartnerProfile[],
  minScore: number,
  skip: (a: RecordRef, b: RecordRef) => boolean = () => false,
): LinkSuggestion[] {
  const prepared = profiles.map(prepare);
  const out: LinkSuggestion[] = [];
  for (let i = 0; i < prepared.length; i++) {
    for (let j = i + 1; j < prepared.length; j++) {
      const a = prepared[i];
      const b = prepared[j];
      if (a.profile.ref.vendor === b.profile.ref.vendor || skip(a.profile.ref, b.profile.ref)) continue;
      const evidence = compare(a, b);
      const score = Math.min(1, round(evidence.reduce((sum, e) => sum + e.weight, 0)));
      if (evidence.length > 0 && score >= minScore) out.push({ a: a.profile, b: b.profile, score, evidence });
    }
  }
  return out.sort((x, y) => y.score - x.score || order(x).localeCompare(order(y)));
}

/** A name for comparison: lower case, no accents or punctuation, `&` as `and`, legal forms dropped. */
export function normalizeName(name: string | null | undefined): string {
  if (!name) return '';
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  while (words.length > 1 && LEGAL_FORMS.has(words[words.length - 1])) words.pop();
  return words.join(' ');
}

/** The domain of an email address, lower case; null for a free-mail provider or no address. */
export function emailDomain(email: string | null | undefined): string | null {
  const domain = email?.split('@')[1]?.trim().toLowerCase();
  return domain && !FREE_MAIL.has(domain) ? domain : null;
}

/** A website's host, lower case and without `www.`; accepts a bare host too. */
export function websiteHost(website: string | null | undefined): string | null {
  if (!website) return null;
  try {
    const host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(website) ? website : `https://${website}`).hostname.toLowerCase();
    return host.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

// Private:

interface Prepared {
  profile: PartnerProfile;
  name: string;
  company: string;
  /** Email domains, each with the address it came from. */
  domains: Map<string, string>;
  host: string | null;
}

function prepare(profile: PartnerProfile): Prepared {
  const domains = new Map<string, string>();
  for (const email of profile.emails) {
    const domain = emailDomain(email);
    if (domain && !domains.has(domain)) domains.set(domain, email);
  }
  return { profile, name: normalizeName(profile.name), company: normalizeName(profile.companyName), domains, host: websiteHost(profile.website) };
}

function compare(a: Prepared, b: Prepared): LinkEvidence[] {
  const evidence: LinkEvidence[] = [];
  const add = (signal: LinkSignalKind, matched: string, value: string, otherValue: string) =>
    evidence.push({ signal, weight: SIGNAL_WEIGHTS[signal], matched, value, otherValue });
  if (a.name && a.name === b.name) add('NAME', a.name, a.profile.name!, b.profile.name!);
  // A company name against the other's company name, or its name when it has none.
  const companyA = a.company || a.name;
  const companyB = b.company || b.name;
  if ((a.company || b.company) && companyA && companyA === companyB) {
    add('COMPANY_NAME', companyA, (a.company ? a.profile.companyName : a.profile.name)!, (b.company ? b.profile.companyName : b.profile.name)!);
  }
  const shared = [...a.domains.keys()].find((domain) => b.domains.has(domain));
  if (shared) add('EMAIL_DOMAIN', shared, a.domains.get(shared)!, b.domains.get(shared)!);
  if (a.host && a.host === b.host) add('WEBSITE_HOST', a.host, a.profile.website!, b.profile.website!);
  else if (a.host && b.domains.has(a.host)) add('WEBSITE_HOST', a.host, a.profile.website!, b.domains.get(a.host)!);
  else if (b.host && a.domains.has(b.host)) add('WEBSITE_HOST', b.host, a.domains.get(b.host)!, b.profile.website!);
  return evidence;
}

function order(suggestion: LinkSuggestion): string {
  const { a, b } = suggestion;
  return `${a.ref.vendor} ${a.ref.key} ${b.ref.vendor} ${b.ref.key}`;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Legal forms dropped from the end of a name ("Acme Media Ltd" is "acme media"). */
const LEGAL_FORMS = new Set([
  'inc',
  'incorporated',
  'llc',
  'ltd',
  'limited',
  'gmbh',
  'ag',
  'bv',
  'nv',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'plc',
  'co',
  'corp',
  'corporation',
  'company',
  'pty',
  'oy',
  'ab',
  'as',
  'kg',
  'lp',
  'llp',
]);

/** Providers whose domain says nothing about a business. */
const FREE_MAIL = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'hotmail.com',
  'outlook.com',
  'live.com',
  'icloud.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'mail.ru',
  'yandex.ru',
  'zoho.com',
]);
