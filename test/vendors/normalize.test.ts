import {
  amount,
  countryCode,
  currency,
  email,
  flag,
  ip,
  subIds,
  text,
  time,
  timeZone,
  unbracketed,
  unixTime,
  url,
} from '../../src/vendors/normalize.js';
import { formatLocalTime, parseLocalTime } from '../../src/vendors/time.js';

test.each([
  ['$7.32', 7.32],
  ['1,234.50', 1234.5],
  ['-3', -3],
  [12, 12],
  ['N/A', null],
  ['', null],
  ['$', null],
  ['seven', null],
])('amount(%j) is %j', (value, expected) => expect(amount(value)).toBe(expected));

test('absent values become null, real ones are kept', () => {
  expect([text('  hi '), text('N/A'), text(''), text('UNK'), text(null), text({})]).toEqual(['hi', null, null, null, null, null]);
  expect([flag(1), flag('0'), flag(true), flag('maybe')]).toEqual([true, false, true, null]);
  expect(subIds(['a', '', null, 'N/A', 'e'])).toEqual([
    { position: 1, value: 'a' },
    { position: 5, value: 'e' },
  ]);
});

test('absent markers are found in any case, whatever character a text starts with', () => {
  // text() lower-cases only texts that start like a marker (n, u or -). Every character that
  // lower-cases to a marker's start, in any script, must still make the marker read as absent.
  const markers = ['n/a', 'na', 'null', 'undefined', 'unk', 'unknown', '-'];
  const notAbsent: string[] = [];
  for (let codePoint = 0; codePoint <= 0x10ffff; codePoint++) {
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) continue;
    const first = String.fromCodePoint(codePoint);
    const lower = first.toLowerCase();
    for (const marker of markers) {
      if (lower === marker[0] && text(first + marker.slice(1)) !== null) notAbsent.push(first + marker.slice(1));
    }
  }
  expect(notAbsent).toEqual([]);
  expect([text('UN\u212A'), text(' NuLL '), text('-'), text('nope'), text('-1'), text('Unknowns')]).toEqual([
    null,
    null,
    null,
    'nope',
    '-1',
    'Unknowns',
  ]);
});

test('scalars are validated by the same rules the schema serialises with', () => {
  expect([ip('111.222.333.444'), ip('68.26.161.189'), ip('::1'), ip('')]).toEqual([null, '68.26.161.189', '::1', null]);
  expect([countryCode('nl'), countryCode('UNK'), countryCode('XX')]).toEqual(['NL', null, null]);
  expect([url('<http://example.com/offer/3>'), url('www.tracking-link.com')]).toEqual(['http://example.com/offer/3', null]);
  // Brackets go only when they wrap the whole text, on one line.
  expect([
    unbracketed(' <http://a.example/x> '),
    unbracketed('<a\nb>'),
    unbracketed('http://a.example/<x>'),
    unbracketed('<>'),
    unbracketed('N/A'),
  ]).toEqual(['http://a.example/x', '<a\nb>', 'http://a.example/<x>', '', null]);
  expect([email('a@b.co'), email('not-an-email')]).toEqual(['a@b.co', null]);
});

test('a refused text is remembered and reads as it did when fresh, also once the texts kept start again', () => {
  const cases: [(value: unknown) => string | null, unknown[]][] = [
    [ip, ['111.222.333.444', '68.26.161.189', ' 111.222.333.444 ', '::1', '1.2.3']],
    [countryCode, ['XX', 'nl', ' xx', 'NL', 'UNK']],
    [currency, ['EURO', 'usd', 'euro ', 'EUR']],
    [email, ['not-an-email', 'a@b.co', ' not-an-email ']],
    [url, ['www.tracking-link.com', '<http://example.com/offer/3>', '<www.tracking-link.com>']],
    [timeZone, ['Mars/Olympus', 'Europe/Berlin', ' Mars/Olympus']],
  ];
  for (const [normalise, values] of cases) {
    const fresh = values.map(normalise);
    expect(values.map(normalise)).toEqual(fresh);
  }
  // Every check keeps its refusals alike; IP's is filled past what it keeps (10,000), so it starts again.
  const before = cases[0][1].map(ip);
  for (let i = 0; i < 10_001; i++) ip(`111.222.333.${i}`);
  expect(cases[0][1].map(ip)).toEqual(before);
  expect(cases.map(([normalise, [refused, valid]]) => [normalise(refused), normalise(valid)])).toEqual([
    [null, '68.26.161.189'],
    [null, 'NL'],
    [null, 'USD'],
    [null, 'a@b.co'],
    [null, 'http://example.com/offer/3'],
    [null, 'Europe/Berlin'],
  ]);
});

test('codes and zones are normalised once per text, and a repeated text reads as the first did', () => {
  const values: unknown[] = [' nl ', 'nl', 'NL', 'XX', 'UNK', '', 12, null, 'usd', 'euro', 'Europe/Berlin', 'Mars/Olympus'];
  for (const normalise of [countryCode, currency, timeZone]) {
    const first = values.map(normalise);
    expect(values.map(normalise)).toEqual(first);
  }
  expect(values.map(countryCode).slice(0, 8)).toEqual(['NL', 'NL', 'NL', null, null, null, null, null]);
  expect([currency(' usd'), currency(' usd'), currency('euro'), timeZone('Mars/Olympus'), timeZone(' Europe/Berlin ')]).toEqual([
    'USD',
    'USD',
    null,
    null,
    'Europe/Berlin',
  ]);
});

test('times: unix seconds, ISO strings and wall-clock strings in a zone', () => {
  expect(unixTime(1661970238)?.toISOString()).toBe('2022-08-31T18:23:58.000Z');
  expect(unixTime(0)).toBeNull();
  expect(time('2019-08-24T14:15:22Z')?.toISOString()).toBe('2019-08-24T14:15:22.000Z');
  expect(time('2024-10-10 11:24:09')?.toISOString()).toBe('2024-10-10T11:24:09.000Z');
  expect(time('2024-07-01 12:00:00', 'Europe/Berlin')?.toISOString()).toBe('2024-07-01T10:00:00.000Z');
  expect(time('garbage')).toBeNull();
  // The seconds are optional in "YYYY-MM-DD HH:MM[:SS]".
  expect(time('2024-10-10 11:24')?.toISOString()).toBe('2024-10-10T11:24:00.000Z');
  expect(time('2024-07-01 12:00', 'Europe/Berlin')?.toISOString()).toBe('2024-07-01T10:00:00.000Z');
  expect(formatLocalTime(new Date('2024-01-15T12:30:05Z'), 'America/New_York')).toBe('2024-01-15 07:30:05');
  // Times around DST changes round-trip; a wall time that occurs twice (02:30 on the night
  // clocks go back) reads as the later instant.
  expect(parseLocalTime('2024-10-27 02:30:00', 'Europe/Berlin')?.toISOString()).toBe('2024-10-27T01:30:00.000Z');
  for (const iso of ['2024-03-31T00:30:00Z', '2024-03-31T01:30:00Z', '2024-10-26T23:30:00Z', '2024-10-27T01:30:00Z', '2024-10-27T02:30:00Z']) {
    const date = new Date(iso);
    expect(parseLocalTime(formatLocalTime(date, 'Europe/Berlin'), 'Europe/Berlin')?.toISOString()).toBe(date.toISOString());
  }
});

test('local times round-trip every 5 minutes across DST changes, in zones off the hour and with half-hour DST', () => {
  // Offsets are remembered per quarter hour of UTC; every minute of these days must still read back exactly.
  const days: [string, string][] = [
    ['America/New_York', '2024-03-10'],
    ['America/New_York', '2024-11-03'],
    ['Australia/Lord_Howe', '2024-04-07'],
    ['Australia/Lord_Howe', '2024-10-06'],
    ['Asia/Kathmandu', '2024-06-01'],
    ['America/St_Johns', '2024-11-03'],
  ];
  for (const [zone, day] of days) {
    const start = Date.parse(`${day}T00:00:00Z`) - 86_400_000;
    for (let t = start; t < start + 3 * 86_400_000; t += 300_000) {
      const date = new Date(t);
      const local = formatLocalTime(date, zone);
      const back = parseLocalTime(local, zone);
      // A wall time that occurs twice reads as one of its instants, which formats the same.
      expect(formatLocalTime(back!, zone)).toBe(local);
    }
  }
});
