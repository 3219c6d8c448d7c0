import { emailDomain, normalizeName, suggestLinks, websiteHost, type PartnerProfile } from '../../src/links/suggestions.js';

const profile = (vendor: PartnerProfile['ref']['vendor'], key: string, fields: Partial<PartnerProfile>): PartnerProfile => ({
  ref: { vendor, type: vendor === 'INTEGR8' ? 'Publisher' : 'Affiliate', key },
  name: null,
  companyName: null,
  emails: [],
  website: null,
  ...fields,
});

test('names lose case, accents, punctuation and a trailing legal form', () => {
  expect(['Harborline Digital Ltd.', 'HARBORLINE  digital', 'Café & Co GmbH', 'Ltd'].map(normalizeName)).toEqual([
    'harborline digital',
    'harborline digital',
    'cafe and',
    'ltd',
  ]);
  expect([emailDomain('Jane@Harborline.Example'), emailDomain('jane@gmail.com'), emailDomain(null)]).toEqual(['harborline.example', null, null]);
  expect([websiteHost('https://www.Harborline.example/about'), websiteHost('harborline.example'), websiteHost('not a url')]).toEqual([
    'harborline.example',
    'harborline.example',
    null,
  ]);
});

test('pairs of different vendors are scored from the signals that match, best first, with the evidence', () => {
  const everflow = profile('EVERFLOW', '5', { name: 'Harborline Digital Ltd', emails: ['ops@gmail.com', 'jo@harborline.example'] });
  const integr8 = profile('INTEGR8', 'a1', {
    name: 'Harborline Digital',
    companyName: 'Harborline Digital Ltd',
    emails: ['x@harborline.example'],
    website: 'https://www.harborline.example',
  });
  const irev = profile('IREV', '731', { name: 'harborline digital' });
  const sameVendor = profile('EVERFLOW', '6', { name: 'Harborline Digital' });
  expect(suggestLinks([everflow, integr8, irev, sameVendor], 0.5)).toEqual([
    {
      a: everflow,
      b: integr8,
      score: 1,
      evidence: [
        { signal: 'NAME', weight: 0.35, matched: 'harborline digital', value: 'Harborline Digital Ltd', otherValue: 'Harborline Digital' },
        {
          signal: 'COMPANY_NAME',
          weight: 0.25,
          matched: 'harborline digital',
          value: 'Harborline Digital Ltd',
          otherValue: 'Harborline Digital Ltd',
        },
        { signal: 'EMAIL_DOMAIN', weight: 0.3, matched: 'harborline.example', value: 'jo@harborline.example', otherValue: 'x@harborline.example' },
        {
          signal: 'WEBSITE_HOST',
          weight: 0.3,
          matched: 'harborline.example',
          value: 'jo@harborline.example',
          otherValue: 'https://www.harborline.example',
        },
      ],
    },
    {
      a: integr8,
      b: sameVendor,
      score: 0.6,
      evidence: [
        { signal: 'NAME', weight: 0.35, matched: 'harborline digital', value: 'Harborline Digital', otherValue: 'Harborline Digital' },
        { signal: 'COMPANY_NAME', weight: 0.25, matched: 'harborline digital', value: 'Harborline Digital Ltd', otherValue: 'Harborline Digital' },
      ],
    },
    {
      a: integr8,
      b: irev,
      score: 0.6,
      evidence: [
        { signal: 'NAME', weight: 0.35, matched: 'harborline digital', value: 'Harborline Digital', otherValue: 'harborline digital' },
        { signal: 'COMPANY_NAME', weight: 0.25, matched: 'harborline digital', value: 'Harborline Digital Ltd', otherValue: 'harborline digital' },
      ],
    },
  ]);
  // A pair already linked is skipped.
  expect(suggestLinks([everflow, integr8], 0, (a, b) => a.key === '5' && b.key === 'a1')).toEqual([]);
});
