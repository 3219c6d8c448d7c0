import { toGlobalId } from '../../src/ids.js';
import type { EverflowAffiliateRecord, EverflowDataset } from '../../src/simulators/everflow/data.js';
import { affiliateStateErrors, affiliateView, type EverflowReadings } from '../../src/simulators/everflow/index.js';
import type { EverflowAffiliateBilling } from '../../src/simulators/everflow/types.js';
import { SIMULATOR_KEYS } from '../../src/vendors/simulators.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

let gw: TestGateway;
let data: EverflowDataset;

beforeAll(async () => {
  gw = await startTestGateway();
  data = gw.sims.everflow.dataset(SIMULATOR_KEYS.everflow);
});
afterAll(() => gw.stop());
beforeEach(() => gw.clearRequests());

const gid = (id: number | string) => toGlobalId({ vendor: 'EVERFLOW', type: 'Affiliate', key: [String(id)] });
const calls = () => gw.requests('everflow').map(({ method, path, query, body }) => ({ method, path, query, body }));
const writeCalls = () => gw.requests('everflow').filter((r) => r.method !== 'GET');
const fieldsAndCodes = (errors: { field: string[] | null; code: string }[]) => errors.map(({ field, code }) => ({ field, code }));
const record = (id: number) => data.affiliates.find((a) => a.network_affiliate_id === id)!;

/** Each test changes its own affiliates: one that fits and no other test took. */
const taken = new Set<number>();
function pick(fits: (a: EverflowAffiliateRecord) => boolean): EverflowAffiliateRecord {
  const found = data.affiliates.find((a) => !taken.has(a.network_affiliate_id) && fits(a));
  if (!found) throw new Error('no affiliate of the dataset fits');
  taken.add(found.network_affiliate_id);
  return found;
}
/** An affiliate Everflow will update and patch as stored: valid billing and a status the PUT accepts. */
const healthy = (a: EverflowAffiliateRecord) => affiliateStateErrors(a).length === 0 && a.account_status === 'active';

/** The billing Everflow sent, as the update sends it back: without ids and times, "" dates and the none type's details left out. */
function billingAsSent(billing: EverflowAffiliateBilling) {
  const { network_id, network_affiliate_id, time_created, time_saved, auto_invoice_start_date, billing: payment, ...rest } = billing;
  return {
    ...rest,
    ...(auto_invoice_start_date && { auto_invoice_start_date }),
    ...(billing.payment_type !== 'none' && { billing: payment }),
  };
}

const AFFILIATE = `id nativeId vendor name status accountManager { id } internalNotes defaultCurrency mediaCostTrackingLinks contactAddressEnabled labels`;
const CREATE = `mutation($input: CreateAffiliateInput!) {
  createAffiliate(input: $input) {
    affiliate { ${AFFILIATE} users { firstName lastName email status title currency timezoneId } billing: relationship(name: BILLING) raw }
    userErrors { field message code }
  }
}`;
const UPDATE = `mutation($input: UpdateAffiliateInput!) {
  updateAffiliate(input: $input) { affiliate { ${AFFILIATE} } userErrors { field message code } }
}`;
const BULK = `mutation($input: BulkEditAffiliatesInput!) {
  bulkEditAffiliates(input: $input) {
    applied
    changes { affiliateId name status field before after errorMessage relatedChanges }
    resourceErrors { affiliateId name message }
    affiliates { id name status labels }
    userErrors { field message code }
  }
}`;

/** The affiliate fields of AFFILIATE as the dataset has them. */
function asQueried(a: EverflowAffiliateRecord) {
  return {
    id: gid(a.network_affiliate_id),
    nativeId: String(a.network_affiliate_id),
    vendor: 'EVERFLOW',
    name: a.name,
    status: a.account_status.toUpperCase(),
    accountManager: a.network_employee_id ? { id: a.network_employee_id } : null,
    internalNotes: a.internal_notes || null,
    defaultCurrency: a.default_currency_id,
    mediaCostTrackingLinks: a.enable_media_cost_tracking_links,
    contactAddressEnabled: a.is_contact_address_enabled,
    labels: a.labels,
  };
}

describe('createAffiliate', () => {
  test('posts every documented field, then returns the affiliate re-read as Everflow stored it', async () => {
    const manager = data.employees.find((e) => e.role === 'account_manager')!;
    const referrer = data.affiliates[0];
    const id = data.nextIds.affiliate;
    const res = await gw.query(CREATE, {
      input: {
        name: ' Northwind Media ',
        status: 'ACTIVE',
        accountManagerId: manager.network_employee_id,
        internalNotes: 'Signed at the Berlin expo',
        defaultCurrency: 'eur',
        mediaCostTrackingLinks: true,
        referrerId: referrer.network_affiliate_id,
        tierId: 2,
        contactAddressEnabled: true,
        contactAddress: {
          address1: '105 Ocean Avenue',
          address2: 'Suite 4',
          city: 'Los Angeles',
          regionCode: 'CA',
          countryCode: 'us',
          zipPostalCode: '90001',
        },
        users: [
          {
            firstName: 'Bob',
            lastName: 'Smith',
            email: 'bob@northwind.example',
            status: 'ACTIVE',
            title: 'Owner',
            workPhone: '+15550000001',
            cellPhone: '+15550000002',
            instantMessagingId: 2,
            instantMessagingIdentifier: 'bob_nw',
            languageId: 1,
            timezoneId: 90,
            currency: 'usd',
            initialPassword: 'J0hnD0e2020!',
          },
          { firstName: 'Ann', lastName: 'Lee', email: 'ann@northwind.example' },
        ],
        billing: {
          frequency: 'MONTHLY',
          paymentType: 'WIRE',
          taxId: 'DE-123',
          invoiceCreationAuto: true,
          autoInvoiceStartDate: '2024-01-01',
          defaultInvoiceIsHidden: false,
          invoiceGenerationDaysDelay: 2,
          invoiceAmountThreshold: 50.5,
          defaultPaymentTerms: 30,
          details: { dayOfMonth: 15 },
          payment: {
            bankName: 'Deutsche Bank',
            bankAddress: '1 Bank Street',
            accountName: 'Northwind Media',
            accountNumber: '12345678',
            routingNumber: '987654321',
            swiftCode: 'DEUTDEFF',
          },
        },
      },
    });
    expect(res.errors).toBeUndefined();
    expect(calls()).toEqual([
      {
        method: 'POST',
        path: '/v1/networks/affiliates',
        query: {},
        body: {
          name: 'Northwind Media',
          account_status: 'active',
          network_employee_id: manager.network_employee_id,
          internal_notes: 'Signed at the Berlin expo',
          default_currency_id: 'EUR',
          enable_media_cost_tracking_links: true,
          referrer_id: referrer.network_affiliate_id,
          is_contact_address_enabled: true,
          network_affiliate_tier_id: 2,
          contact_address: {
            address_1: '105 Ocean Avenue',
            address_2: 'Suite 4',
            city: 'Los Angeles',
            region_code: 'CA',
            country_code: 'US',
            zip_postal_code: '90001',
          },
          users: [
            {
              first_name: 'Bob',
              last_name: 'Smith',
              email: 'bob@northwind.example',
              account_status: 'active',
              title: 'Owner',
              work_phone: '+15550000001',
              cell_phone: '+15550000002',
              instant_messaging_id: 2,
              instant_messaging_identifier: 'bob_nw',
              language_id: 1,
              timezone_id: 90,
              currency_id: 'USD',
              initial_password: 'J0hnD0e2020!',
            },
            { first_name: 'Ann', last_name: 'Lee', email: 'ann@northwind.example' },
          ],
          billing: {
            billing_frequency: 'monthly',
            payment_type: 'wire',
            tax_id: 'DE-123',
            is_invoice_creation_auto: true,
            auto_invoice_start_date: '2024-01-01',
            default_invoice_is_hidden: false,
            invoice_generation_days_delay: 2,
            invoice_amount_threshold: 50.5,
            default_payment_terms: 30,
            details: { day_of_month: 15 },
            billing: {
              bank_name: 'Deutsche Bank',
              bank_address: '1 Bank Street',
              account_name: 'Northwind Media',
              account_number: '12345678',
              routing_number: '987654321',
              swift_code: 'DEUTDEFF',
            },
          },
        },
      },
      { method: 'GET', path: `/v1/networks/affiliates/${id}`, query: { relationship: ['billing', 'users'] }, body: undefined },
    ]);

    const created = record(id);
    expect(created).toMatchObject({
      name: 'Northwind Media',
      network_affiliate_tier_id: 2,
      contact_address: {
        address_1: '105 Ocean Avenue',
        address_2: 'Suite 4',
        city: 'Los Angeles',
        region_code: 'CA',
        country_code: 'US',
        zip_postal_code: '90001',
      },
    });
    const { raw, ...affiliate } = res.data.createAffiliate.affiliate;
    expect(res.data.createAffiliate).toEqual({ affiliate: expect.anything(), userErrors: [] });
    expect(affiliate).toEqual({
      ...asQueried(created),
      users: created.users.map((u) => ({
        firstName: u.first_name,
        lastName: u.last_name,
        email: u.email,
        status: u.account_status,
        title: u.title || null,
        currency: u.currency_id,
        timezoneId: u.timezone_id,
      })),
      billing: JSON.parse(JSON.stringify(created.billing)),
    });
    expect(created.users.map((u) => [u.email, u.currency_id, u.timezone_id])).toEqual([
      ['bob@northwind.example', 'USD', 90],
      ['ann@northwind.example', 'EUR', 67],
    ]);
    expect(raw.referrer_id).toBe(referrer.network_affiliate_id);
  });

  const minimal = { name: 'Fabrikam Partners', status: 'ACTIVE' };
  const veem = { frequency: 'MANUAL', paymentType: 'VEEM' };
  test.each<[string, Record<string, unknown>, { field: string[]; code: string }[]]>([
    ['a blank name', { name: '  ' }, [{ field: ['input', 'name'], code: 'REQUIRED' }]],
    ['a status create cannot set', { status: 'SUSPENDED' }, [{ field: ['input', 'status'], code: 'INVALID_VALUE' }]],
    ['a negative account manager id', { accountManagerId: -1 }, [{ field: ['input', 'accountManagerId'], code: 'INVALID_VALUE' }]],
    ['an enabled contact address left out', { contactAddressEnabled: true }, [{ field: ['input', 'contactAddress'], code: 'REQUIRED' }]],
    [
      'a contact address that is not enabled (Everflow would drop it)',
      { contactAddress: { address1: '1 Main St', city: 'Austin', regionCode: 'TX', countryCode: 'US', zipPostalCode: '73301' } },
      [{ field: ['input', 'contactAddress'], code: 'NOT_ALLOWED' }],
    ],
    [
      'a contact address with a blank city',
      {
        contactAddressEnabled: true,
        contactAddress: { address1: '1 Main St', city: ' ', regionCode: 'TX', countryCode: 'US', zipPostalCode: '73301' },
      },
      [{ field: ['input', 'contactAddress', 'city'], code: 'REQUIRED' }],
    ],
    [
      'a user without a first name',
      { users: [{ firstName: '', lastName: 'Lee', email: 'ann@fabrikam.example' }] },
      [{ field: ['input', 'users', '0', 'firstName'], code: 'REQUIRED' }],
    ],
    [
      'a user status and language Everflow does not take',
      { users: [{ firstName: 'Ann', lastName: 'Lee', email: 'ann@fabrikam.example', status: 'PENDING', languageId: 2, currency: 'eur' }] },
      [
        { field: ['input', 'users', '0', 'status'], code: 'INVALID_VALUE' },
        { field: ['input', 'users', '0', 'languageId'], code: 'INVALID_VALUE' },
      ],
    ],
    [
      'an instant messaging handle without a platform',
      { users: [{ firstName: 'Ann', lastName: 'Lee', email: 'ann@fabrikam.example', instantMessagingIdentifier: 'ann_l' }] },
      [{ field: ['input', 'users', '0', 'instantMessagingIdentifier'], code: 'NOT_ALLOWED' }],
    ],
    [
      'the same email for two users',
      {
        users: [
          { firstName: 'Ann', lastName: 'Lee', email: 'ann@fabrikam.example' },
          { firstName: 'Al', lastName: 'Lee', email: 'ANN@fabrikam.example' },
        ],
      },
      [{ field: ['input', 'users', '1', 'email'], code: 'INVALID_VALUE' }],
    ],
    ...['Sh0rt!', 'nouppercase1!', 'NOLOWERCASE1!', 'NoSymbols123'].map(
      (password): [string, Record<string, unknown>, { field: string[]; code: string }[]] => [
        `the password ${password}`,
        { users: [{ firstName: 'Ann', lastName: 'Lee', email: 'ann@fabrikam.example', initialPassword: password }] },
        [{ field: ['input', 'users', '0', 'initialPassword'], code: 'INVALID_FORMAT' }],
      ],
    ),
    [
      'weekly billing without details',
      { billing: { frequency: 'WEEKLY', paymentType: 'NONE' } },
      [{ field: ['input', 'billing', 'details'], code: 'REQUIRED' }],
    ],
    [
      'bimonthly billing with one day',
      { billing: { frequency: 'BIMONTHLY', paymentType: 'NONE', details: { dayOfMonthOne: 1 } } },
      [{ field: ['input', 'billing', 'details', 'dayOfMonthTwo'], code: 'REQUIRED' }],
    ],
    [
      'a weekday past Saturday (Everflow counts 0 to 6)',
      { billing: { frequency: 'WEEKLY', paymentType: 'NONE', details: { dayOfWeek: 7 } } },
      [{ field: ['input', 'billing', 'details', 'dayOfWeek'], code: 'INVALID_VALUE' }],
    ],
    [
      'quarterly billing starting in month 13',
      { billing: { frequency: 'QUARTERLY', paymentType: 'NONE', details: { dayOfMonth: 1, startingMonth: 13 } } },
      [{ field: ['input', 'billing', 'details', 'startingMonth'], code: 'INVALID_VALUE' }],
    ],
    [
      'automatic invoices without a start date',
      { billing: { frequency: 'MANUAL', paymentType: 'NONE', invoiceCreationAuto: true } },
      [{ field: ['input', 'billing', 'autoInvoiceStartDate'], code: 'REQUIRED' }],
    ],
    [
      'a negative invoice threshold',
      { billing: { frequency: 'MANUAL', paymentType: 'NONE', invoiceAmountThreshold: -1 } },
      [{ field: ['input', 'billing', 'invoiceAmountThreshold'], code: 'INVALID_VALUE' }],
    ],
    [
      'PayPal without payment details',
      { billing: { frequency: 'MANUAL', paymentType: 'PAYPAL' } },
      [{ field: ['input', 'billing', 'payment'], code: 'REQUIRED' }],
    ],
    [
      'PayPal by email to something that is not an email',
      {
        billing: { frequency: 'MANUAL', paymentType: 'PAYPAL', payment: { paypalReceptionMethod: 'EMAIL', receptionIdentifier: 'ann at fabrikam' } },
      },
      [{ field: ['input', 'billing', 'payment', 'receptionIdentifier'], code: 'INVALID_FORMAT' }],
    ],
    [
      'Veem with a local phone number and no last name',
      { billing: { ...veem, payment: { email: 'ann@fabrikam.example', firstName: 'Ann', phone: '555 123 4567', countryIso: 'us' } } },
      [
        { field: ['input', 'billing', 'payment', 'lastName'], code: 'REQUIRED' },
        { field: ['input', 'billing', 'payment', 'phone'], code: 'INVALID_FORMAT' },
      ],
    ],
    [
      'Tipalti with an existing payee but no IDAP',
      { billing: { frequency: 'MANUAL', paymentType: 'TIPALTI', payment: { isExistingPayee: true } } },
      [{ field: ['input', 'billing', 'payment', 'idap'], code: 'REQUIRED' }],
    ],
    [
      'Tipalti without saying whether the payee exists',
      { billing: { frequency: 'MANUAL', paymentType: 'TIPALTI', payment: {} } },
      [{ field: ['input', 'billing', 'payment', 'isExistingPayee'], code: 'REQUIRED' }],
    ],
    [
      'a wire without a SWIFT code',
      {
        billing: {
          frequency: 'MANUAL',
          paymentType: 'WIRE',
          payment: { bankName: 'B', bankAddress: 'A', accountName: 'N', accountNumber: '1', routingNumber: '2' },
        },
      },
      [{ field: ['input', 'billing', 'payment', 'swiftCode'], code: 'REQUIRED' }],
    ],
    [
      'Paxum without a Paxum id',
      { billing: { frequency: 'MANUAL', paymentType: 'PAXUM', payment: {} } },
      [{ field: ['input', 'billing', 'payment', 'paxumId'], code: 'REQUIRED' }],
    ],
  ])('rejects %s before calling Everflow', async (_, change, expected) => {
    const res = await gw.query(CREATE, { input: { ...minimal, ...change } });
    expect(res.errors).toBeUndefined();
    expect(res.data.createAffiliate.affiliate).toBeNull();
    expect(fieldsAndCodes(res.data.createAffiliate.userErrors)).toEqual(expected);
    for (const error of res.data.createAffiliate.userErrors) expect(error.message).toMatch(/\w/);
    expect(gw.requests('everflow')).toEqual([]);
  });

  const address = { address1: '1 Main St', city: 'Austin', regionCode: 'TX', zipPostalCode: '73301' };
  const ann = { firstName: 'Ann', lastName: 'Lee', email: 'ann@fabrikam.example' };
  test.each<[string, Record<string, unknown>, string, string, string]>([
    ['an unknown currency', { defaultCurrency: 'dollars' }, 'defaultCurrency', 'dollars', 'Value is not a valid currency value: dollars'],
    [
      'a 3-letter country in the contact address',
      { contactAddressEnabled: true, contactAddress: { ...address, countryCode: 'USA' } },
      'contactAddress.countryCode',
      'USA',
      'Value is not a valid country code: USA',
    ],
    [
      'a malformed user email',
      { users: [{ ...ann, email: 'ann.example.com' }] },
      'users[0].email',
      'ann.example.com',
      'Value is not a valid email address: ann.example.com',
    ],
    [
      'a user currency that is no code',
      { users: [{ ...ann, currency: 'xx' }] },
      'users[0].currency',
      'xx',
      'Value is not a valid currency value: xx',
    ],
    ...['2024/01/01', '2024-02-30', '2024-13-45'].map((date): [string, Record<string, unknown>, string, string, string] => [
      `the start date ${date}`,
      { billing: { frequency: 'MANUAL', paymentType: 'NONE', invoiceCreationAuto: true, autoInvoiceStartDate: date } },
      'billing.autoInvoiceStartDate',
      date,
      `Date cannot represent an invalid date-string ${date}.`,
    ]),
    [
      'a Veem country of three letters',
      {
        billing: { ...veem, payment: { email: 'ann@fabrikam.example', firstName: 'Ann', lastName: 'Lee', phone: '+15551234567', countryIso: 'USA' } },
      },
      'billing.payment.countryIso',
      'USA',
      'Value is not a valid country code: USA',
    ],
    [
      'a malformed Payoneer email',
      { billing: { frequency: 'MANUAL', paymentType: 'PAYONEER', payment: { email: 'payouts@@fabrikam.example' } } },
      'billing.payment.email',
      'payouts@@fabrikam.example',
      'Value is not a valid email address: payouts@@fabrikam.example',
    ],
  ])('rejects %s as a BAD_USER_INPUT error at the field (its scalar), before any resolver runs', async (_, change, at, value, problem) => {
    const res = await gw.query(CREATE, { input: { ...minimal, ...change } });
    const field = ['input', ...at.split(/[.[\]]+/).filter(Boolean)];
    expect(res).toEqual({
      errors: [
        {
          message: `Variable "$input" got invalid value "${value}" at "input.${at}"; ${problem}`,
          locations: [{ line: 1, column: 10 }],
          extensions: { code: 'BAD_USER_INPUT', argument: 'input', field },
        },
      ],
    });
    expect(gw.requests('everflow')).toEqual([]);
  });

  test('a password error names every rule it breaks, and never the password', async () => {
    const res = await gw.query(CREATE, {
      input: { ...minimal, users: [{ firstName: 'Ann', lastName: 'Lee', email: 'ann@fabrikam.example', initialPassword: 'short' }] },
    });
    expect(res.data.createAffiliate.userErrors).toEqual([
      {
        field: ['input', 'users', '0', 'initialPassword'],
        message: 'initialPassword needs at least 8 characters, a character that is not a letter or digit, an upper-case letter.',
        code: 'INVALID_FORMAT',
      },
    ]);
  });

  test("Everflow's rejection (a user email already taken) is a userError, and nothing is re-read", async () => {
    const taken = data.affiliates[3].users[0].email;
    const count = data.affiliates.length;
    const res = await gw.query(CREATE, { input: { ...minimal, users: [{ firstName: 'Ann', lastName: 'Lee', email: taken }] } });
    expect(res.data.createAffiliate).toEqual({
      affiliate: null,
      userErrors: [{ field: null, message: expect.stringContaining(`${taken} is already used by another affiliate user`), code: 'VENDOR_REJECTED' }],
    });
    expect(gw.requests('everflow').map((r) => [r.method, r.path, r.status])).toEqual([['POST', '/v1/networks/affiliates', 400]]);
    expect(data.affiliates).toHaveLength(count);
  });

  test('a create answer that does not name the new affiliate is an UPSTREAM_ERROR naming the endpoint', async () => {
    gw.sims.everflow.injectFault({ method: 'POST', path: '/v1/networks/affiliates', status: 200, body: { result: true } });
    const res = await gw.query(CREATE, { input: { ...minimal, name: 'Nameless Answer Media' } });
    expect(res.data).toEqual({ createAffiliate: null });
    expect(res.errors).toEqual([
      expect.objectContaining({
        path: ['createAffiliate'],
        message: 'Everflow answered POST /v1/networks/affiliates with an unexpected shape: network_affiliate_id is missing, expected an id',
        extensions: { code: 'UPSTREAM_ERROR', vendor: 'EVERFLOW' },
      }),
    ]);
    expect(gw.requests('everflow').map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/networks/affiliates']);
  });

  test('a create that times out is UPSTREAM_UNKNOWN_OUTCOME and is sent once', async () => {
    const slow = await startTestGateway({ sims: gw.sims, env: { UPSTREAM_TIMEOUT_MS: '500' } });
    try {
      const count = data.affiliates.length;
      gw.sims.everflow.injectFault({ path: '/v1/networks/affiliates', method: 'POST', delayMs: 1500 });
      const res = await slow.query(CREATE, { input: { ...minimal, name: 'Slow Lane Media' } });
      expect(res.data).toEqual({ createAffiliate: null });
      expect(res.errors).toEqual([
        expect.objectContaining({
          message: expect.stringContaining('the write may or may not have been carried out'),
          path: ['createAffiliate'],
          extensions: expect.objectContaining({ code: 'UPSTREAM_UNKNOWN_OUTCOME', vendor: 'EVERFLOW' }),
        }),
      ]);
      // The simulator carries the late request out; the gateway never sends it again.
      while (data.affiliates.length === count) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(gw.requests('everflow').filter((r) => r.method === 'POST')).toHaveLength(1);
      expect(data.affiliates.filter((a) => a.name === 'Slow Lane Media')).toHaveLength(1);
    } finally {
      await slow.stop();
    }
  });
});

describe.each<EverflowReadings['affiliateTier']>(['relationship', 'top-level'])("updateAffiliate, with the tier %s in Everflow's answer", (tier) => {
  beforeAll(() => {
    gw.sims.everflow.readings.affiliateTier = tier;
  });
  afterAll(() => {
    gw.sims.everflow.readings.affiliateTier = 'relationship';
  });
  afterEach(() => gw.sims.everflow.clearFaults());

  /** The simulator's find-by-id answer for a record in this reading, changed by `change`, as a fault's body. */
  function answerWith(target: EverflowAffiliateRecord, change: (answer: Record<string, any>) => void) {
    const answer = JSON.parse(JSON.stringify(affiliateView(data, target, ['billing'], tier)));
    change(answer);
    gw.sims.everflow.injectFault({ method: 'GET', path: `/v1/networks/affiliates/${target.network_affiliate_id}`, status: 200, body: answer });
  }
  const unreadable = (id: number, key: string, fields: string) => ({
    field: ['input', key],
    message: `Everflow's answer for affiliate ${id} does not show its current ${fields}, and Everflow's update replaces the whole affiliate: give ${key}, so that the update does not reset it.`,
    code: 'REQUIRED',
  });
  const tierAt = (answer: Record<string, any>) => (tier === 'top-level' ? answer : answer.relationship);

  test('reads the affiliate, merges the input over it and PUTs the whole object, the tier as Everflow has it', async () => {
    const target = pick((a) => healthy(a) && !a.is_contact_address_enabled && a.network_affiliate_tier_id > 0);
    const before = structuredClone(target);
    const id = target.network_affiliate_id;
    // A null field is one the input leaves out; contactAddressEnabled: false lets the update drop the stored address.
    const res = await gw.query(UPDATE, {
      input: {
        id: gid(id),
        name: 'Renamed Partner',
        status: 'INACTIVE',
        internalNotes: 'Moved to the EU desk',
        tierId: null,
        contactAddressEnabled: false,
      },
    });
    expect(res.errors).toBeUndefined();
    expect(calls()).toEqual([
      { method: 'GET', path: `/v1/networks/affiliates/${id}`, query: { relationship: 'billing' }, body: undefined },
      {
        method: 'PUT',
        path: `/v1/networks/affiliates/${id}`,
        query: {},
        body: {
          name: 'Renamed Partner',
          account_status: 'inactive',
          network_employee_id: before.network_employee_id,
          internal_notes: 'Moved to the EU desk',
          default_currency_id: before.default_currency_id,
          enable_media_cost_tracking_links: before.enable_media_cost_tracking_links,
          referrer_id: before.referrer_id,
          is_contact_address_enabled: false,
          network_affiliate_tier_id: before.network_affiliate_tier_id,
          billing: billingAsSent(before.billing),
        },
      },
      { method: 'GET', path: `/v1/networks/affiliates/${id}`, query: { relationship: 'billing' }, body: undefined },
    ]);
    expect(res.data.updateAffiliate).toEqual({ affiliate: asQueried(record(id)), userErrors: [] });
    expect(record(id)).toMatchObject({ name: 'Renamed Partner', account_status: 'inactive', internal_notes: 'Moved to the EU desk' });
    // Everything the input left out is as it was.
    expect({ ...record(id).billing, time_saved: 0 }).toEqual({ ...before.billing, time_saved: 0 });
    expect(record(id).network_affiliate_tier_id).toBe(before.network_affiliate_tier_id);
  });

  test.each<[string, (answer: Record<string, any>) => void, (id: number) => object[]]>([
    ['no tier anywhere', (a) => void delete tierAt(a).network_affiliate_tier_id, (id) => [unreadable(id, 'tierId', 'network_affiliate_tier_id')]],
    [
      'two different tiers',
      (a) => {
        a.network_affiliate_tier_id = 2;
        a.relationship.network_affiliate_tier_id = 3;
      },
      (id) => [unreadable(id, 'tierId', 'network_affiliate_tier_id')],
    ],
    [
      'no name and a text account manager id',
      (a) => {
        delete a.name;
        a.network_employee_id = '3';
      },
      (id) => [unreadable(id, 'name', 'name'), unreadable(id, 'accountManagerId', 'network_employee_id')],
    ],
    [
      'no notes, currency, cost links, referrer or address flag',
      (a) => {
        for (const key of ['internal_notes', 'default_currency_id', 'enable_media_cost_tracking_links', 'referrer_id', 'is_contact_address_enabled'])
          delete a[key];
      },
      (id) => [
        unreadable(id, 'internalNotes', 'internal_notes'),
        unreadable(id, 'defaultCurrency', 'default_currency_id'),
        unreadable(id, 'mediaCostTrackingLinks', 'enable_media_cost_tracking_links'),
        unreadable(id, 'referrerId', 'referrer_id'),
        unreadable(id, 'contactAddressEnabled', 'is_contact_address_enabled'),
      ],
    ],
    ['no billing relationship', (a) => void delete a.relationship.billing, (id) => [unreadable(id, 'billing', 'relationship.billing')]],
    [
      'billing without its tax id, a text payment term and an unknown frequency',
      (a) => {
        delete a.relationship.billing.tax_id;
        a.relationship.billing.default_payment_terms = '30';
        a.relationship.billing.billing_frequency = 'yearly';
      },
      (id) => [unreadable(id, 'billing', 'billing.billing_frequency, billing.tax_id, billing.default_payment_terms')],
    ],
  ])('an answer with %s is a userError asking for the field, and nothing is written', async (_, change, expected) => {
    const target = pick((a) => healthy(a) && !a.is_contact_address_enabled && a.billing.billing_frequency === 'monthly');
    const before = structuredClone(target);
    answerWith(target, change);
    const input = { id: gid(target.network_affiliate_id), internalNotes: 'Checked', contactAddressEnabled: false };
    const res = await gw.query(UPDATE, { input });
    // Fields the input gives need no reading back.
    const errors = expected(target.network_affiliate_id).filter((e) => !((e as { field: string[] }).field[1] in input));
    expect(res).toEqual({ data: { updateAffiliate: { affiliate: null, userErrors: errors } } });
    expect(gw.requests('everflow').map((r) => r.method)).toEqual(['GET']);
    expect(record(target.network_affiliate_id)).toEqual(before);
  });

  test('a field the answer does not show is sent as the input gives it', async () => {
    const target = pick((a) => healthy(a) && !a.is_contact_address_enabled && a.network_affiliate_tier_id !== 2);
    answerWith(target, (a) => {
      delete tierAt(a).network_affiliate_tier_id;
      delete a.relationship.billing;
    });
    const billing = { frequency: 'MANUAL', paymentType: 'NONE' };
    const res = await gw.query(UPDATE, { input: { id: gid(target.network_affiliate_id), tierId: 2, billing, contactAddressEnabled: false } });
    expect(res.data.updateAffiliate.userErrors).toEqual([]);
    expect(writeCalls().map((r) => r.body)).toEqual([
      {
        name: target.name,
        account_status: target.account_status,
        network_employee_id: target.network_employee_id,
        internal_notes: target.internal_notes,
        default_currency_id: target.default_currency_id,
        enable_media_cost_tracking_links: target.enable_media_cost_tracking_links,
        referrer_id: target.referrer_id,
        is_contact_address_enabled: false,
        network_affiliate_tier_id: 2,
        billing: { billing_frequency: 'manual', payment_type: 'none' },
      },
    ]);
    expect(record(target.network_affiliate_id)).toMatchObject({
      network_affiliate_tier_id: 2,
      billing: { billing_frequency: 'manual', payment_type: 'none' },
    });
  });

  test('an update never builds on a cached copy: when Everflow fails the fresh read, nothing is written', async () => {
    const target = pick((a) => healthy(a) && !a.is_contact_address_enabled);
    const id = target.network_affiliate_id;
    const READ = `query($id: ID!) { affiliate(id: $id) { name billing: relationship(name: BILLING) } }`;
    expect((await gw.query(READ, { id: gid(id) })).data.affiliate.name).toBe(target.name);
    gw.clearRequests();
    gw.sims.everflow.injectFault({ method: 'GET', path: `/v1/networks/affiliates/${id}`, status: 500, body: { error: 'Temporary failure' } });
    const res = await gw.query(UPDATE, { input: { id: gid(id), internalNotes: 'Written over a stale copy?' } });
    expect(res.data).toEqual({ updateAffiliate: null });
    expect(res.errors).toEqual([
      expect.objectContaining({
        path: ['updateAffiliate'],
        message: `Everflow answered 500 to GET /v1/networks/affiliates/${id}: Temporary failure`,
        extensions: { code: 'UPSTREAM_ERROR', vendor: 'EVERFLOW', upstreamStatus: 500 },
      }),
    ]);
    expect(res.extensions).toBeUndefined();
    expect(gw.requests('everflow').map((r) => [r.method, r.status])).toEqual([['GET', 500]]);
  });
});

describe('updateAffiliate', () => {
  test('the next read after an update goes to Everflow and sees the change', async () => {
    const target = pick((a) => healthy(a) && !a.is_contact_address_enabled);
    const id = target.network_affiliate_id;
    const READ = `query($id: ID!) { affiliate(id: $id) { name } }`;
    const gets = () => gw.requests('everflow').filter((r) => r.method === 'GET' && r.path === `/v1/networks/affiliates/${id}`).length;
    expect((await gw.query(READ, { id: gid(id) })).data.affiliate.name).toBe(target.name);
    expect((await gw.query(READ, { id: gid(id) })).data.affiliate.name).toBe(target.name);
    expect(gets()).toBe(1);
    await gw.query(UPDATE, { input: { id: gid(id), name: 'Fresh Name Partners', contactAddressEnabled: false } });
    gw.clearRequests();
    expect((await gw.query(READ, { id: gid(id) })).data.affiliate.name).toBe('Fresh Name Partners');
    expect(gets()).toBe(1);
  });

  test('an enabled contact address must be restated, since Everflow does not return it', async () => {
    const target = pick((a) => healthy(a) && a.is_contact_address_enabled);
    const id = target.network_affiliate_id;
    const res = await gw.query(UPDATE, { input: { id: gid(id), name: 'Contoso Traffic' } });
    expect(res.data.updateAffiliate).toEqual({
      affiliate: null,
      userErrors: [
        {
          field: ['input', 'contactAddress'],
          message: expect.stringContaining('restate contactAddress, or set contactAddressEnabled: false'),
          code: 'REQUIRED',
        },
      ],
    });
    expect(writeCalls()).toEqual([]);

    const address = { address1: '9 Harbour Road', city: 'Dublin', regionCode: 'D', countryCode: 'IE', zipPostalCode: 'D02' };
    const restated = await gw.query(UPDATE, { input: { id: gid(id), name: 'Contoso Traffic', contactAddress: address } });
    expect(restated.data.updateAffiliate.userErrors).toEqual([]);
    expect(writeCalls()[0].body).toMatchObject({
      is_contact_address_enabled: true,
      contact_address: { address_1: '9 Harbour Road', city: 'Dublin', region_code: 'D', country_code: 'IE', zip_postal_code: 'D02' },
    });
    expect(record(id).contact_address).toEqual({
      address_1: '9 Harbour Road',
      address_2: '',
      city: 'Dublin',
      region_code: 'D',
      country_code: 'IE',
      zip_postal_code: 'D02',
    });
  });

  test('a stored address that is not enabled must be restated, or given up with contactAddressEnabled: false', async () => {
    const target = pick((a) => healthy(a) && !a.is_contact_address_enabled && a.contact_address !== null && a.adress_id > 0);
    const id = target.network_affiliate_id;
    const address = structuredClone(target.contact_address);
    const res = await gw.query(UPDATE, { input: { id: gid(id), name: 'Quiet Address Media' } });
    expect(res.data.updateAffiliate).toEqual({
      affiliate: null,
      userErrors: [
        {
          field: ['input', 'contactAddress'],
          message:
            `Everflow's answer for affiliate ${id} shows a contact address (adress_id ${target.adress_id}) that is not enabled, but not the address itself, ` +
            "and Everflow's update replaces the whole affiliate: restate contactAddress with contactAddressEnabled: true, or set contactAddressEnabled: false to let the update delete it.",
          code: 'REQUIRED',
        },
      ],
    });
    expect(writeCalls()).toEqual([]);
    expect(record(id).contact_address).toEqual(address);

    const dropped = await gw.query(UPDATE, { input: { id: gid(id), name: 'Quiet Address Media', contactAddressEnabled: false } });
    expect(dropped.data.updateAffiliate.userErrors).toEqual([]);
    expect(writeCalls()[0].body).toMatchObject({ name: 'Quiet Address Media', is_contact_address_enabled: false });
    expect(writeCalls()[0].body).not.toHaveProperty('contact_address');
    expect(record(id)).toMatchObject({ contact_address: null, adress_id: 0 });
  });

  test('billing given replaces billing as a whole, and is checked like a create', async () => {
    const target = pick((a) => healthy(a) && !a.is_contact_address_enabled && a.billing.tax_id !== '');
    const id = target.network_affiliate_id;
    const incomplete = await gw.query(UPDATE, {
      input: { id: gid(id), contactAddressEnabled: false, billing: { frequency: 'WEEKLY', paymentType: 'NONE' } },
    });
    expect(fieldsAndCodes(incomplete.data.updateAffiliate.userErrors)).toEqual([{ field: ['input', 'billing', 'details'], code: 'REQUIRED' }]);
    expect(writeCalls()).toEqual([]);

    const billing = {
      frequency: 'WEEKLY',
      paymentType: 'PAYPAL',
      details: { dayOfWeek: 1 },
      payment: { paypalReceptionMethod: 'EMAIL', receptionIdentifier: 'pay@contoso.example' },
    };
    const res = await gw.query(UPDATE, { input: { id: gid(id), contactAddressEnabled: false, billing } });
    expect(res.data.updateAffiliate.userErrors).toEqual([]);
    expect(writeCalls()[0].body).toMatchObject({
      billing: {
        billing_frequency: 'weekly',
        payment_type: 'paypal',
        details: { day_of_week: 1 },
        billing: { paypal_reception_method: 'email', reception_identifier: 'pay@contoso.example' },
      },
    });
    expect((writeCalls()[0].body as { billing: object }).billing).not.toHaveProperty('tax_id');
    expect(record(id).billing).toMatchObject({ billing_frequency: 'weekly', payment_type: 'paypal', tax_id: '', details: { day_of_week: 1 } });
  });

  test("a current value Everflow's update would refuse is named, with what to give instead", async () => {
    const broken = pick((a) => affiliateStateErrors(a).length > 0 && a.account_status === 'active' && !a.is_contact_address_enabled);
    const res = await gw.query(UPDATE, { input: { id: gid(broken.network_affiliate_id), name: 'Still Broken', contactAddressEnabled: false } });
    expect(fieldsAndCodes(res.data.updateAffiliate.userErrors)).toEqual(
      ['bankName', 'bankAddress', 'accountNumber', 'routingNumber', 'swiftCode'].map((key) => ({
        field: ['input', 'billing', 'payment', key],
        code: 'REQUIRED',
      })),
    );
    expect(res.data.updateAffiliate.userErrors[0].message).toBe(
      "bankName is required when paymentType is WIRE. This is the affiliate's current value in Everflow, which the update sends back: give billing to replace it.",
    );
    const pending = pick((a) => a.account_status === 'pending' && affiliateStateErrors(a).length === 0 && !a.is_contact_address_enabled);
    const status = await gw.query(UPDATE, {
      input: { id: gid(pending.network_affiliate_id), internalNotes: 'Reviewed', contactAddressEnabled: false },
    });
    expect(fieldsAndCodes(status.data.updateAffiliate.userErrors)).toEqual([{ field: ['input', 'status'], code: 'INVALID_VALUE' }]);
    expect(writeCalls()).toEqual([]);
  });

  test.each([
    ['an ID the gateway did not issue', 'not-an-id', /not an ID issued by this gateway/],
    ['the ID of a click', toGlobalId({ vendor: 'EVERFLOW', type: 'Click', key: ['abc'] }), /belongs to a Click, not a Affiliate/],
    ['the ID of an iRev affiliate', toGlobalId({ vendor: 'IREV', type: 'Affiliate', key: ['12'] }), /iRev affiliate; only Everflow affiliates/],
  ])('rejects %s without calling Everflow', async (_, id, message) => {
    const res = await gw.query(UPDATE, { input: { id, name: 'X' } });
    expect(res.data.updateAffiliate).toEqual({
      affiliate: null,
      userErrors: [{ field: ['input', 'id'], message: expect.stringMatching(message), code: 'INVALID_VALUE' }],
    });
    expect(gw.requests('everflow')).toEqual([]);
  });

  test('an affiliate Everflow does not have is NOT_FOUND, and nothing is written', async () => {
    const res = await gw.query(UPDATE, { input: { id: gid(99999), name: 'X' } });
    expect(res.data.updateAffiliate).toEqual({
      affiliate: null,
      userErrors: [{ field: ['input', 'id'], message: 'Everflow has no affiliate 99999.', code: 'NOT_FOUND' }],
    });
    expect(writeCalls()).toEqual([]);
  });

  test("Everflow's rejection of the PUT (an unknown account manager) is a userError", async () => {
    const target = pick((a) => healthy(a) && !a.is_contact_address_enabled);
    const res = await gw.query(UPDATE, { input: { id: gid(target.network_affiliate_id), accountManagerId: 999, contactAddressEnabled: false } });
    expect(res.data.updateAffiliate).toEqual({
      affiliate: null,
      userErrors: [
        { field: null, message: expect.stringContaining('network_employee_id 999 is not an employee of the network'), code: 'VENDOR_REJECTED' },
      ],
    });
    expect(gw.requests('everflow').map((r) => [r.method, r.status])).toEqual([
      ['GET', 200],
      ['PUT', 400],
    ]);
  });
});

describe('bulkEditAffiliates', () => {
  test('previews, applies, and returns each change and each affiliate re-read', async () => {
    const [a, b] = [pick((x) => healthy(x) && !x.labels.includes('Priority')), pick((x) => healthy(x) && !x.labels.includes('Priority'))];
    const before = [structuredClone(a), structuredClone(b)];
    const res = await gw.query(BULK, {
      input: {
        ids: [gid(a.network_affiliate_id), gid(b.network_affiliate_id), gid(a.network_affiliate_id)],
        changes: [
          { field: 'LABELS', operator: 'APPEND', value: [' Priority '] },
          { field: 'STATUS', value: 'INACTIVE' },
        ],
      },
    });
    expect(res.errors).toBeUndefined();
    const body = {
      network_affiliate_ids: [a.network_affiliate_id, b.network_affiliate_id],
      fields: [
        { field_type: 'labels', field_value: ['Priority'], operator: 'append' },
        { field_type: 'account_status', field_value: 'inactive', operator: 'overwrite' },
      ],
    };
    const log = calls();
    expect(log.slice(0, 2)).toEqual([
      { method: 'POST', path: '/v1/networks/patch/affiliates/submit', query: {}, body },
      { method: 'PATCH', path: '/v1/networks/patch/affiliates/apply', query: {}, body },
    ]);
    expect(
      log
        .slice(2)
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    ).toEqual([`GET /v1/networks/affiliates/${a.network_affiliate_id}`, `GET /v1/networks/affiliates/${b.network_affiliate_id}`].sort());
    expect(res.data.bulkEditAffiliates).toEqual({
      applied: true,
      changes: before.flatMap((x) => [
        {
          affiliateId: gid(x.network_affiliate_id),
          name: x.name,
          status: 'OK',
          field: 'LABELS',
          before: x.labels,
          after: [...x.labels, 'Priority'],
          errorMessage: null,
          relatedChanges: null,
        },
        {
          affiliateId: gid(x.network_affiliate_id),
          name: x.name,
          status: 'OK',
          field: 'STATUS',
          before: 'active',
          after: 'inactive',
          errorMessage: null,
          relatedChanges: "The affiliate's users can no longer log in",
        },
      ]),
      resourceErrors: [],
      affiliates: [a, b].map((x) => ({
        id: gid(x.network_affiliate_id),
        name: x.name,
        status: 'INACTIVE',
        labels: [...before[x === a ? 0 : 1].labels, 'Priority'],
      })),
      userErrors: [],
    });
    expect([a, b].map((x) => [x.account_status, x.labels.at(-1)])).toEqual([
      ['inactive', 'Priority'],
      ['inactive', 'Priority'],
    ]);
  });

  test('the next read after a bulk edit sees the change, read from Everflow after the apply', async () => {
    const target = pick(healthy);
    const id = target.network_affiliate_id;
    const READ = `query($id: ID!) { affiliate(id: $id) { labels } }`;
    expect((await gw.query(READ, { id: gid(id) })).data.affiliate.labels).toEqual(target.labels);
    gw.clearRequests();
    await gw.query(BULK, { input: { ids: [gid(id)], changes: [{ field: 'LABELS', operator: 'CLEAR' }] } });
    expect((await gw.query(READ, { id: gid(id) })).data.affiliate.labels).toEqual([]);
    // The cached pre-edit read is gone; the edit's own re-read (after the PATCH) serves the query.
    expect(calls()).toEqual([
      {
        method: 'POST',
        path: '/v1/networks/patch/affiliates/submit',
        query: {},
        body: { network_affiliate_ids: [id], fields: [{ field_type: 'labels', operator: 'clear' }] },
      },
      {
        method: 'PATCH',
        path: '/v1/networks/patch/affiliates/apply',
        query: {},
        body: { network_affiliate_ids: [id], fields: [{ field_type: 'labels', operator: 'clear' }] },
      },
      { method: 'GET', path: `/v1/networks/affiliates/${id}`, query: {}, body: undefined },
    ]);
  });

  test('a frequency and its details go together, object values in Everflow names and back', async () => {
    const target = pick((a) => healthy(a) && a.billing.billing_frequency === 'weekly');
    const id = target.network_affiliate_id;
    const res = await gw.query(BULK, {
      input: {
        ids: [gid(id)],
        changes: [
          { field: 'BILLING_MONTHLY', value: { dayOfMonth: 15 } },
          { field: 'BILLING_FREQUENCY', value: 'MONTHLY' },
        ],
      },
    });
    expect(gw.requests('everflow')[0].body).toEqual({
      network_affiliate_ids: [id],
      fields: [
        { field_type: 'billing_monthly', field_value: { day_of_month: 15 }, operator: 'overwrite' },
        { field_type: 'billing_billing_frequency', field_value: 'monthly', operator: 'overwrite' },
      ],
    });
    const payload = res.data.bulkEditAffiliates;
    expect(payload.applied).toBe(true);
    expect(payload.changes.map((c: { field: string; before: unknown; after: unknown }) => [c.field, c.before, c.after])).toEqual([
      ['BILLING_MONTHLY', null, { dayOfMonth: 15 }],
      ['BILLING_FREQUENCY', 'weekly', 'monthly'],
    ]);
    expect(record(id).billing).toMatchObject({ billing_frequency: 'monthly', details: { day_of_month: 15 } });
  });

  test('a dry run previews without changing anything', async () => {
    const target = pick(healthy);
    const before = structuredClone(target);
    const res = await gw.query(BULK, {
      input: { ids: [gid(target.network_affiliate_id)], changes: [{ field: 'INTERNAL_NOTES', value: 'Dry run only' }], dryRun: true },
    });
    expect(res.data.bulkEditAffiliates).toEqual({
      applied: false,
      changes: [
        {
          affiliateId: gid(target.network_affiliate_id),
          name: target.name,
          status: 'OK',
          field: 'INTERNAL_NOTES',
          before: target.internal_notes,
          after: 'Dry run only',
          errorMessage: null,
          relatedChanges: null,
        },
      ],
      resourceErrors: [],
      affiliates: [],
      userErrors: [],
    });
    expect(calls().map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/networks/patch/affiliates/submit']);
    expect(record(target.network_affiliate_id)).toEqual(before);
  });

  test('an affiliate in an invalid state stops the edit: resource error, userError at its id, nothing applied', async () => {
    const good = pick(healthy);
    const broken = pick((a) => affiliateStateErrors(a).length > 0);
    const before = structuredClone([good, broken]);
    const res = await gw.query(BULK, {
      input: { ids: [gid(good.network_affiliate_id), gid(broken.network_affiliate_id)], changes: [{ field: 'HAS_NOTIFICATIONS', value: false }] },
    });
    expect(res.data.bulkEditAffiliates).toEqual({
      applied: false,
      changes: [],
      resourceErrors: [{ affiliateId: gid(broken.network_affiliate_id), name: broken.name, message: affiliateStateErrors(broken).join('; ') }],
      affiliates: [],
      userErrors: [
        {
          field: ['input', 'ids', '1'],
          message: expect.stringContaining(`affiliate ${broken.network_affiliate_id} (${broken.name})`),
          code: 'VENDOR_REJECTED',
        },
      ],
    });
    expect(writeCalls().map((r) => r.path)).toEqual(['/v1/networks/patch/affiliates/submit']);
    expect([good, broken]).toEqual(before);
  });

  test('a change the preview flags as an error is a userError at that change, and nothing is applied', async () => {
    const target = pick((a) => healthy(a) && a.billing.billing_frequency !== 'quarterly');
    const res = await gw.query(BULK, {
      input: {
        ids: [gid(target.network_affiliate_id)],
        changes: [
          { field: 'HAS_NOTIFICATIONS', value: true },
          { field: 'BILLING_QUARTERLY', value: { startingMonth: 1, dayOfMonth: 5 } },
        ],
      },
    });
    const payload = res.data.bulkEditAffiliates;
    expect(payload.applied).toBe(false);
    expect(payload.changes[1]).toEqual({
      affiliateId: gid(target.network_affiliate_id),
      name: target.name,
      status: 'ERROR',
      field: 'BILLING_QUARTERLY',
      before: null,
      after: { startingMonth: 1, dayOfMonth: 5 },
      errorMessage: expect.stringContaining('only applies when the billing frequency is quarterly'),
      relatedChanges: null,
    });
    expect(payload.userErrors).toEqual([
      {
        field: ['input', 'changes', '1'],
        message: expect.stringContaining(`Affiliate ${target.network_affiliate_id} (${target.name}): billing_quarterly only applies`),
        code: 'VENDOR_REJECTED',
      },
    ]);
    expect(writeCalls().map((r) => r.method)).toEqual(['POST']);
  });

  test("Everflow's rejection of the apply is a userError, with the preview's changes", async () => {
    const target = pick(healthy);
    gw.sims.everflow.injectFault({
      path: '/v1/networks/patch/affiliates/apply',
      method: 'PATCH',
      status: 422,
      body: { error: 'Affiliate is locked' },
    });
    const res = await gw.query(BULK, { input: { ids: [gid(target.network_affiliate_id)], changes: [{ field: 'REFERRAL_VALUE', value: 7.5 }] } });
    expect(res.data.bulkEditAffiliates).toMatchObject({
      applied: false,
      changes: [{ field: 'REFERRAL_VALUE', status: 'OK', after: 7.5 }],
      affiliates: [],
      userErrors: [{ field: null, message: expect.stringContaining('Affiliate is locked'), code: 'VENDOR_REJECTED' }],
    });
    expect(gw.requests('everflow').map((r) => r.method)).toEqual(['POST', 'PATCH']);
  });

  test.each<[string, 'POST' | 'PATCH', string, unknown, string, string[]]>([
    [
      'a preview with neither changes nor resource errors',
      'POST',
      '/v1/networks/patch/affiliates/submit',
      { result: true },
      'the body has neither a list of changes nor a list of resource_errors, expected at least one of them',
      ['POST'],
    ],
    [
      'a preview change without its affiliate id',
      'POST',
      '/v1/networks/patch/affiliates/submit',
      { changes: [{ network_affiliate: { name: 'X' }, change_status: 'ok' }] },
      'changes[0].network_affiliate.network_affiliate_id is missing, expected an id',
      ['POST'],
    ],
    [
      'an apply whose result is not true or false',
      'PATCH',
      '/v1/networks/patch/affiliates/apply',
      { result: 'yes' },
      'result is a string, expected true or false',
      ['POST', 'PATCH'],
    ],
  ])('%s is an UPSTREAM_ERROR naming the endpoint', async (_, method, path, body, problem, methods) => {
    const target = pick(healthy);
    gw.sims.everflow.injectFault({ method, path, status: 200, body });
    const res = await gw.query(BULK, {
      input: { ids: [gid(target.network_affiliate_id)], changes: [{ field: 'INTERNAL_NOTES', value: 'Shape check' }] },
    });
    expect(res.data).toEqual({ bulkEditAffiliates: null });
    expect(res.errors).toEqual([
      expect.objectContaining({
        path: ['bulkEditAffiliates'],
        message: `Everflow answered ${method} ${path} with an unexpected shape: ${problem}`,
        extensions: { code: 'UPSTREAM_ERROR', vendor: 'EVERFLOW' },
      }),
    ]);
    expect(gw.requests('everflow').map((r) => r.method)).toEqual(methods);
  });

  const one = [gid(1)];
  test.each<[string, Record<string, unknown>, { field: string[]; code: string }[]]>([
    ['no ids', { ids: [] }, [{ field: ['input', 'ids'], code: 'REQUIRED' }]],
    ['an ID the gateway did not issue', { ids: [gid(1), 'nope'] }, [{ field: ['input', 'ids', '1'], code: 'INVALID_VALUE' }]],
    [
      'an iRev affiliate',
      { ids: [toGlobalId({ vendor: 'IREV', type: 'Affiliate', key: ['4'] })] },
      [{ field: ['input', 'ids', '0'], code: 'INVALID_VALUE' }],
    ],
    ['no changes', { changes: [] }, [{ field: ['input', 'changes'], code: 'REQUIRED' }]],
    [
      'APPEND on a single-value field',
      { changes: [{ field: 'STATUS', operator: 'APPEND', value: 'active' }] },
      [{ field: ['input', 'changes', '0', 'operator'], code: 'NOT_ALLOWED' }],
    ],
    [
      'CLEAR on a single-value field',
      { changes: [{ field: 'INTERNAL_NOTES', operator: 'CLEAR' }] },
      [{ field: ['input', 'changes', '0', 'operator'], code: 'NOT_ALLOWED' }],
    ],
    [
      'CLEAR with a value',
      { changes: [{ field: 'LABELS', operator: 'CLEAR', value: ['x'] }] },
      [{ field: ['input', 'changes', '0', 'value'], code: 'NOT_ALLOWED' }],
    ],
    ['an overwrite without a value', { changes: [{ field: 'STATUS' }] }, [{ field: ['input', 'changes', '0', 'value'], code: 'REQUIRED' }]],
    ...(
      [
        ['STATUS', 'pending'],
        ['ACCOUNT_MANAGER_ID', '3'],
        ['ACCOUNT_MANAGER_ID', -1],
        ['REFERRER_ID', 1.5],
        ['LABELS', 'VIP'],
        ['LABELS', ['VIP', ' ']],
        ['HAS_NOTIFICATIONS', 'yes'],
        ['INTERNAL_NOTES', 42],
        ['DEFAULT_CURRENCY', 'dollars'],
        ['BILLING_PAYMENT_METHOD', 'paypal'],
        ['BILLING_FREQUENCY', 'yearly'],
        ['BILLING_WEEKLY', 'someday'],
        ['BILLING_MONTHLY', 15],
        ['BILLING_INVOICE_AMOUNT_THRESHOLD', -5],
        ['BILLING_INVOICE_GENERATION_DAYS_DELAY', 1.5],
        ['REFERRAL_METHOD', 'fixed'],
        ['REFERRAL_COMMISSION_BASIS', 'sales'],
        ['REFERRAL_IS_ENABLED', 1],
      ] as const
    ).map(([field, value]): [string, Record<string, unknown>, { field: string[]; code: string }[]] => [
      `${field} = ${JSON.stringify(value)}`,
      { changes: [{ field, value }] },
      [{ field: ['input', 'changes', '0', 'value'], code: 'INVALID_VALUE' }],
    ]),
    [
      'an impossible start date',
      { changes: [{ field: 'BILLING_AUTO_INVOICE_START_DATE', value: '2024-02-30' }] },
      [{ field: ['input', 'changes', '0', 'value'], code: 'INVALID_FORMAT' }],
    ],
    [
      'bimonthly details with one day',
      { changes: [{ field: 'BILLING_BIMONTHLY', value: { dayOfMonthOne: 1 } }] },
      [{ field: ['input', 'changes', '0', 'value', 'dayOfMonthTwo'], code: 'REQUIRED' }],
    ],
    [
      'quarterly details starting in month 13, with a key it does not have',
      { changes: [{ field: 'BILLING_QUARTERLY', value: { startingMonth: 13, dayOfMonth: 1, dayOfWeek: 2 } }] },
      [
        { field: ['input', 'changes', '0', 'value', 'dayOfWeek'], code: 'INVALID_VALUE' },
        { field: ['input', 'changes', '0', 'value', 'startingMonth'], code: 'INVALID_VALUE' },
      ],
    ],
    [
      'a weekly frequency without its day',
      { changes: [{ field: 'BILLING_FREQUENCY', value: 'weekly' }] },
      [{ field: ['input', 'changes', '0'], code: 'REQUIRED' }],
    ],
    [
      'a monthly frequency with weekly details',
      {
        changes: [
          { field: 'BILLING_FREQUENCY', value: 'monthly' },
          { field: 'BILLING_WEEKLY', value: 'monday' },
        ],
      },
      [
        { field: ['input', 'changes', '0'], code: 'REQUIRED' },
        { field: ['input', 'changes', '1', 'field'], code: 'NOT_ALLOWED' },
      ],
    ],
  ])('rejects %s before calling Everflow', async (_, change, expected) => {
    const res = await gw.query(BULK, { input: { ids: one, changes: [{ field: 'HAS_NOTIFICATIONS', value: true }], ...change } });
    expect(res.errors).toBeUndefined();
    const payload = res.data.bulkEditAffiliates;
    expect(payload).toMatchObject({ applied: false, changes: [], resourceErrors: [], affiliates: [] });
    expect(fieldsAndCodes(payload.userErrors)).toEqual(expected);
    expect(gw.requests('everflow')).toEqual([]);
  });
});

describe('the invalidation rule: a write that may have happened drops the cached affiliate reads, a refusal keeps them', () => {
  const READ = `query($id: ID!) { affiliate(id: $id) { name } }`;

  test.each<[string, number, (path: string) => { errors?: unknown[]; data: unknown }, number]>([
    [
      'a 5xx: dropped, the next read goes to Everflow',
      500,
      (path) => ({
        data: { updateAffiliate: null },
        errors: [
          expect.objectContaining({
            message: `Everflow answered 500 to PUT ${path}: Temporary failure`,
            extensions: { code: 'UPSTREAM_ERROR', vendor: 'EVERFLOW', upstreamStatus: 500 },
          }),
        ],
      }),
      1,
    ],
    [
      'a 422 refusal: kept, the next read is the cached one',
      422,
      (path) => ({
        data: {
          updateAffiliate: {
            affiliate: null,
            userErrors: [{ field: null, message: `Everflow answered 422 to PUT ${path}: Temporary failure`, code: 'VENDOR_REJECTED' }],
          },
        },
      }),
      0,
    ],
  ])('%s', async (_, status, expected, upstreamReads) => {
    const target = pick((a) => healthy(a) && !a.is_contact_address_enabled);
    const id = gid(target.network_affiliate_id);
    const path = `/v1/networks/affiliates/${target.network_affiliate_id}`;
    await gw.query(READ, { id });
    gw.clearRequests();
    await gw.query(READ, { id });
    expect(calls()).toEqual([]); // served from the cache
    gw.sims.everflow.injectFault({ method: 'PUT', path, status, body: { error: 'Temporary failure' } });
    const res = await gw.query(UPDATE, { input: { id, name: 'Never Stored', contactAddressEnabled: false } });
    expect(res).toEqual(expected(path));
    // The update read the affiliate fresh, then sent the PUT, once.
    expect(gw.requests('everflow').map((r) => [r.method, r.status])).toEqual([
      ['GET', 200],
      ['PUT', status],
    ]);
    gw.clearRequests();
    expect((await gw.query(READ, { id })).data.affiliate.name).toBe(target.name);
    expect(calls()).toHaveLength(upstreamReads);
  });
});
