// Module-scope bindings: under jest every global lookup (Math.imul, ...) goes through the test
// sandbox's global object, about 30 times slower than a local binding; a tenant takes millions of draws.
const { floor, imul } = Math;
const fromCharCode = String.fromCharCode;

/**
 * Seeded randomness and realistic-looking values for the simulators' data. The same seed
 * always yields the same data, so tests can compare the gateway's answers with the dataset.
 */
export class Random {
  private state: number;

  constructor(seed: number | string) {
    this.state = typeof seed === 'number' ? seed >>> 0 : hashString(seed);
  }

  /** A float in [0, 1) (mulberry32). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(list: readonly T[]): T {
    return list[floor(this.next() * list.length)];
  }

  /** One element, chosen by weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [value, weight] of entries) {
      r -= weight;
      if (r < 0) return value;
    }
    return entries[entries.length - 1][0];
  }

  /** Up to `max` distinct elements. */
  some<T>(list: readonly T[], max: number): T[] {
    const count = this.int(0, Math.min(max, list.length));
    const copy = [...list];
    const out: T[] = [];
    for (let i = 0; i < count; i++) out.push(copy.splice(floor(this.next() * copy.length), 1)[0]);
    return out;
  }

  /**
   * Lowercase hex of the given length (transaction ids, hashes, object ids): eight digits per
   * draw, built from character codes so the string is flat (concatenation would keep a rope).
   */
  hex(length: number): string {
    const codes = new Array<number>(length);
    for (let i = 0; i < length; i += 8) {
      let word = floor(this.next() * 0x100000000);
      for (let j = 7; j >= 0; j--, word >>>= 4) {
        const nibble = word & 15;
        if (i + j < length) codes[i + j] = nibble < 10 ? 48 + nibble : 87 + nibble;
      }
    }
    return fromCharCode(...codes);
  }

  /** A money amount with two decimals. */
  money(min: number, max: number): number {
    return Math.round((min + this.next() * (max - min)) * 100) / 100;
  }

  /** A public-looking IPv4 address. */
  ipv4(): string {
    return `${this.int(11, 223)}.${this.int(0, 255)}.${this.int(0, 255)}.${this.int(1, 254)}`;
  }

  /** A person: first and last name and an email built from them. */
  person(domain?: string): { firstName: string; lastName: string; email: string } {
    const firstName = this.pick(FIRST_NAMES);
    const lastName = this.pick(LAST_NAMES);
    const host = domain ?? this.pick(EMAIL_DOMAINS);
    return { firstName, lastName, email: `${firstName}.${lastName}${this.int(1, 99)}@${host}`.toLowerCase() };
  }

  /** A company name such as "Blue Harbor Media". */
  company(): string {
    return `${this.pick(COMPANY_WORDS)} ${this.pick(COMPANY_NOUNS)} ${this.pick(COMPANY_KINDS)}`;
  }

  /** An offer name such as "Daily Car Insurance - US". */
  offerName(): string {
    return `${this.pick(OFFER_BRANDS)} ${this.pick(OFFER_PRODUCTS)} - ${this.pick(GEOS).code}`;
  }

  /** A geography: country code and name, region and city. */
  geo(): Geo {
    return this.pick(GEOS);
  }

  /** A browser/device profile. */
  device(): Device {
    return this.pick(DEVICES);
  }

  /** A unix time (seconds) uniformly in [from, to). */
  time(fromSeconds: number, toSeconds: number): number {
    return fromSeconds + floor(this.next() * (toSeconds - fromSeconds));
  }
}

/** FNV-1a, for deriving a seed from a string (a tenant's key). */
export function hashString(value: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Seconds since the epoch for a Date or ms timestamp. */
export function unixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

export interface Geo {
  code: string;
  country: string;
  regionCode: string;
  region: string;
  city: string;
  timezone: string;
  carrier: string;
  isp: string;
}

export interface Device {
  platform: string;
  osVersion: string;
  brand: string;
  model: string;
  browser: string;
  browserVersion: string;
  deviceType: string;
  isMobile: boolean;
  userAgent: string;
}

export const GEOS: readonly Geo[] = [
  {
    code: 'US',
    country: 'United States',
    regionCode: 'CA',
    region: 'California',
    city: 'Burbank',
    timezone: 'America/Los_Angeles',
    carrier: 'T-Mobile USA',
    isp: 'T-mobile Usa Inc.',
  },
  {
    code: 'US',
    country: 'United States',
    regionCode: 'NY',
    region: 'New York',
    city: 'Brooklyn',
    timezone: 'America/New_York',
    carrier: 'Verizon',
    isp: 'Verizon Fios',
  },
  {
    code: 'US',
    country: 'United States',
    regionCode: 'TX',
    region: 'Texas',
    city: 'Austin',
    timezone: 'America/Chicago',
    carrier: 'AT&T',
    isp: 'AT&T Internet',
  },
  {
    code: 'CA',
    country: 'Canada',
    regionCode: 'ON',
    region: 'Ontario',
    city: 'Toronto',
    timezone: 'America/Toronto',
    carrier: 'Rogers',
    isp: 'Rogers Cable',
  },
  {
    code: 'GB',
    country: 'United Kingdom',
    regionCode: 'ENG',
    region: 'England',
    city: 'London',
    timezone: 'Europe/London',
    carrier: 'EE',
    isp: 'British Telecom',
  },
  {
    code: 'DE',
    country: 'Germany',
    regionCode: 'BE',
    region: 'Berlin',
    city: 'Berlin',
    timezone: 'Europe/Berlin',
    carrier: 'Telekom',
    isp: 'Deutsche Telekom AG',
  },
  {
    code: 'FR',
    country: 'France',
    regionCode: 'IDF',
    region: 'Ile-de-France',
    city: 'Paris',
    timezone: 'Europe/Paris',
    carrier: 'Orange',
    isp: 'Orange S.A.',
  },
  {
    code: 'NL',
    country: 'Netherlands',
    regionCode: 'NH',
    region: 'North Holland',
    city: 'Amsterdam',
    timezone: 'Europe/Amsterdam',
    carrier: 'KPN',
    isp: 'KPN B.V.',
  },
  {
    code: 'BR',
    country: 'Brazil',
    regionCode: 'SP',
    region: 'Sao Paulo',
    city: 'Sao Paulo',
    timezone: 'America/Sao_Paulo',
    carrier: 'Vivo',
    isp: 'Telefonica Brasil',
  },
  {
    code: 'AU',
    country: 'Australia',
    regionCode: 'NSW',
    region: 'New South Wales',
    city: 'Sydney',
    timezone: 'Australia/Sydney',
    carrier: 'Telstra',
    isp: 'Telstra Internet',
  },
  {
    code: 'IN',
    country: 'India',
    regionCode: 'MH',
    region: 'Maharashtra',
    city: 'Mumbai',
    timezone: 'Asia/Kolkata',
    carrier: 'Jio',
    isp: 'Reliance Jio',
  },
  {
    code: 'ES',
    country: 'Spain',
    regionCode: 'MD',
    region: 'Madrid',
    city: 'Madrid',
    timezone: 'Europe/Madrid',
    carrier: 'Movistar',
    isp: 'Telefonica de Espana',
  },
];

export const DEVICES: readonly Device[] = [
  {
    platform: 'iOS',
    osVersion: '17.4',
    brand: 'Apple',
    model: 'iPhone',
    browser: 'Safari',
    browserVersion: '17.4',
    deviceType: 'Mobile',
    isMobile: true,
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  },
  {
    platform: 'Android',
    osVersion: '14',
    brand: 'Samsung',
    model: 'Galaxy S23',
    browser: 'Chrome',
    browserVersion: '123.0',
    deviceType: 'Mobile',
    isMobile: true,
    userAgent: 'Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Mobile Safari/537.36',
  },
  {
    platform: 'Windows',
    osVersion: '10',
    brand: 'Microsoft',
    model: '',
    browser: 'Chrome',
    browserVersion: '124.0',
    deviceType: 'PC',
    isMobile: false,
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  },
  {
    platform: 'macOS',
    osVersion: '14.4',
    brand: 'Apple',
    model: 'Macintosh',
    browser: 'Safari',
    browserVersion: '17.4',
    deviceType: 'PC',
    isMobile: false,
    userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  },
  {
    platform: 'Windows',
    osVersion: '11',
    brand: 'Microsoft',
    model: '',
    browser: 'Firefox',
    browserVersion: '125.0',
    deviceType: 'PC',
    isMobile: false,
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0',
  },
  {
    platform: 'iPadOS',
    osVersion: '17.2',
    brand: 'Apple',
    model: 'iPad',
    browser: 'Safari',
    browserVersion: '17.2',
    deviceType: 'Tablet',
    isMobile: true,
    userAgent: 'Mozilla/5.0 (iPad; CPU OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1',
  },
];

const FIRST_NAMES = [
  'Jane',
  'John',
  'Maria',
  'Lucas',
  'Sofia',
  'Noah',
  'Emma',
  'Liam',
  'Olivia',
  'Mateo',
  'Chloe',
  'Ethan',
  'Amara',
  'Kenji',
  'Priya',
  'Omar',
  'Elena',
  'Jonas',
  'Ava',
  'Leo',
];
const LAST_NAMES = [
  'Doe',
  'Smith',
  'Garcia',
  'Muller',
  'Rossi',
  'Nguyen',
  'Kowalski',
  'Silva',
  'Johnson',
  'Tanaka',
  'Patel',
  'Haddad',
  'Novak',
  'Berg',
  'Dubois',
  'Brown',
  'Costa',
  'Fischer',
  'Lopez',
  'Wright',
];
const EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org', 'mail.example.com'];
const COMPANY_WORDS = [
  'Blue',
  'Bright',
  'Summit',
  'Urban',
  'Nova',
  'Clear',
  'Prime',
  'Swift',
  'Golden',
  'Silver',
  'Red',
  'Green',
  'Open',
  'North',
  'Pixel',
];
const COMPANY_NOUNS = ['Harbor', 'Peak', 'Wave', 'Leaf', 'Stone', 'Bridge', 'River', 'Spark', 'Field', 'Orbit', 'Path', 'Signal'];
const COMPANY_KINDS = ['Media', 'Agency Inc.', 'Digital', 'Ads', 'Partners', 'Networks', 'Labs', 'Marketing', 'Group', 'Interactive'];
const OFFER_BRANDS = ['Daily', 'Smart', 'Quick', 'Super', 'Easy', 'Mega', 'Fresh', 'Happy', 'Secure', 'Travel'];
const OFFER_PRODUCTS = [
  'Car Insurance',
  'VPN',
  'Dating',
  'Meal Kit',
  'Sweepstakes',
  'Credit Score',
  'Solar Quotes',
  'Fitness App',
  'Games',
  'Crypto Wallet',
  'Home Loans',
  'Survey',
];
