/**
 * What Everflow's affiliate documents require of a create, an update and a bulk edit, checked
 * before any call so that a rejected input writes nothing. Every rule records a UserError that
 * names the field (paths relative to `input`); the bulk-edit check also turns each change into
 * Everflow's `field_type`/`field_value`/`operator`, since the value is checked and converted in
 * one pass. Source: vendor-docs/everflow-affiliates.txt.
 *
 * Formats the schema's scalars express (EmailAddress, Currency, CountryCode, Date) are checked by
 * graphql-js before any resolver runs, as BAD_USER_INPUT errors (see README "Errors: which
 * path"). What is left here is what the schema cannot express, and the formats of the values an
 * update resends from Everflow's answer, which never passed a scalar.
 */
import type {
  AffiliateBillingInput,
  AffiliateFieldChange,
  AffiliatePatchField,
  AffiliateUserInput,
  BillingDetailsInput,
  BillingFrequency,
  CreateAffiliateInput,
  PaymentDetailsInput,
  PaymentType,
} from '../../__generated__/resolvers.js';
import { countryCode, currency } from '../normalize.js';
import type { InputCheck, UserErrorModel } from '../userErrors.js';
import { BILLING_FREQUENCIES } from './mappers.js';
import type { EverflowBillingDetails, EverflowPatchField, EverflowPatchFieldType, EverflowPatchOperator } from './types.js';

type Path = (string | number)[];

/** The statuses create and update accept ("Can either be active or inactive"). */
export const WRITABLE_STATUSES = ['ACTIVE', 'INACTIVE'] as const;

/** The billing details each frequency requires ("Required when billing_frequency is set to ..."). */
export const DETAIL_KEYS: Record<BillingFrequency, readonly (keyof BillingDetailsInput)[]> = {
  WEEKLY: ['dayOfWeek'],
  BIMONTHLY: ['dayOfMonthOne', 'dayOfMonthTwo'],
  MONTHLY: ['dayOfMonth'],
  TWO_MONTHS: ['startingMonth', 'dayOfMonth'],
  QUARTERLY: ['startingMonth', 'dayOfMonth'],
  MANUAL: [],
  OTHER: [],
};

/** Billing detail names in the schema and at Everflow, with each one's range. */
export const DETAIL_FIELDS: Record<keyof BillingDetailsInput, { name: keyof EverflowBillingDetails; min: number; max: number }> = {
  // Everflow counts weekdays from 0 (Sunday) to 6 (Saturday).
  dayOfWeek: { name: 'day_of_week', min: 0, max: 6 },
  dayOfMonthOne: { name: 'day_of_month_one', min: 1, max: 31 },
  dayOfMonthTwo: { name: 'day_of_month_two', min: 1, max: 31 },
  dayOfMonth: { name: 'day_of_month', min: 1, max: 31 },
  startingMonth: { name: 'starting_month', min: 1, max: 12 },
};

const BANK_DETAILS = ['bankName', 'bankAddress', 'accountName', 'accountNumber', 'routingNumber', 'swiftCode'] as const;

/** The payment details each payment type requires ("Required when payment_type is set to ..."). */
export const PAYMENT_KEYS: Partial<Record<PaymentType, readonly (keyof PaymentDetailsInput)[]>> = {
  PAXUM: ['paxumId'],
  PAYPAL: ['paypalReceptionMethod', 'receptionIdentifier'],
  PAYONEER: ['email'],
  VEEM: ['email', 'firstName', 'lastName', 'phone', 'countryIso'],
  TIPALTI: ['isExistingPayee'],
  WIRE: BANK_DETAILS,
  DIRECT_DEPOSIT: BANK_DETAILS,
};

/** "must be international format": a plus, a country code and the number, digits only. */
const INTERNATIONAL_PHONE = /^\+[1-9]\d{6,14}$/;

/** Everflow's password rules for `initial_password`, each with how a message names it. */
const PASSWORD_RULES: readonly [(password: string) => boolean, string][] = [
  [(p) => p.length >= 8, 'at least 8 characters'],
  [(p) => /[^A-Za-z0-9]/.test(p), 'a character that is not a letter or digit'],
  [(p) => /[A-Z]/.test(p), 'an upper-case letter'],
  [(p) => /[a-z]/.test(p), 'a lower-case letter'],
];

/**
 * Checks a whole affiliate as create sends it (and as update sends it after the merge): the
 * required name and status, ids, currency, the contact address when enabled, each user, and
 * billing with the details its frequency needs and the payment details its type needs.
 */
export function checkAffiliate(check: InputCheck, input: CreateAffiliateInput): void {
  check.required(input.name, ['name'], 'name');
  check.oneOf(input.status, WRITABLE_STATUSES, ['status']);
  for (const key of ['accountManagerId', 'referrerId', 'tierId'] as const) atLeastZero(check, input[key], [key]);
  // The input's currency has passed the Currency scalar; an update resends Everflow's own, checked here.
  currencyCode(check, input.defaultCurrency, ['defaultCurrency']);
  checkContactAddress(check, input);
  const users = input.users ?? [];
  users.forEach((user, i) => checkUser(check, user, ['users', i]));
  uniqueEmails(check, users);
  if (input.billing) checkBilling(check, input.billing, ['billing']);
}

/**
 * The errors of an update's merged affiliate, reworded where a value came from Everflow rather
 * than from the input (`given` holds the input's top-level keys): the user must restate it.
 * Everflow's by-id answer has no contact address, so while it is enabled the update must
 * restate it.
 */
export function mergedErrors(errors: readonly UserErrorModel[], given: ReadonlySet<string>): UserErrorModel[] {
  return errors.map((error) => {
    const key = error.field?.[1];
    if (key === undefined || given.has(key)) return error;
    if (key === 'contactAddress' && error.code === 'REQUIRED') {
      return {
        ...error,
        message:
          "The affiliate's contact address is enabled, and Everflow's update replaces the whole affiliate but does not return the address: restate contactAddress, or set contactAddressEnabled: false.",
      };
    }
    return {
      ...error,
      message: `${error.message} This is the affiliate's current value in Everflow, which the update sends back: give ${key} to replace it.`,
    };
  });
}

/**
 * Checks the changes of a bulk edit and returns them as Everflow's patch fields, in input order
 * (null where a change failed). Each value must have its field's type (see PATCH_FIELDS);
 * APPEND, DELETE and CLEAR apply to LABELS only, CLEAR takes no value, and a BILLING_FREQUENCY
 * change needs the details change of that frequency in the same input.
 */
export function patchFields(check: InputCheck, changes: readonly AffiliateFieldChange[]): (EverflowPatchField | null)[] {
  if (changes.length === 0) {
    check.add(['changes'], 'Give at least one change.', 'REQUIRED');
    return [];
  }
  const fields = changes.map((change, i) => patchField(check, change, ['changes', i]));
  checkFrequencyDetails(check, changes, fields);
  return fields;
}

/** How a bulk-edit value is checked and turned into Everflow's `field_value`; undefined when invalid (the error is recorded). */
type ValueRule = (check: InputCheck, value: unknown, path: Path) => unknown;

/** A patchable field: Everflow's name, the value it takes, and whether it holds several values. */
interface PatchFieldSpec {
  type: EverflowPatchFieldType;
  value: ValueRule;
  multi?: true;
}

const wholeNumber: ValueRule = (check, v, path) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : invalid(check, path, 'a whole number of 0 or more', v);
const amount: ValueRule = (check, v, path) =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : invalid(check, path, 'a number of 0 or more', v);
const textValue: ValueRule = (check, v, path) => (typeof v === 'string' ? v : invalid(check, path, 'text', v));
const bool: ValueRule = (check, v, path) => (typeof v === 'boolean' ? v : invalid(check, path, 'true or false', v));
const currencyValue: ValueRule = (check, v, path) =>
  typeof v === 'string' && currency(v) ? currency(v) : invalid(check, path, 'a currency code such as USD', v);
const dateValue: ValueRule = (check, v, path) =>
  typeof v !== 'string' ? invalid(check, path, 'a date in YYYY-MM-DD format', v) : check.date(v, path) ? v : undefined;
const labels: ValueRule = (check, v, path) => {
  if (!Array.isArray(v) || !v.every((label) => typeof label === 'string' && label.trim() !== '')) {
    return invalid(check, path, 'a list of labels (non-empty text)', v);
  }
  return v.map((label: string) => label.trim());
};

/** One of `values`, in any case (the schema's enums are upper case, Everflow's lower). */
function oneOf(values: readonly string[], aliases: Record<string, string> = {}): ValueRule {
  return (check, v, path) => {
    const wanted = typeof v === 'string' ? v.trim().toLowerCase() : undefined;
    const value = wanted === undefined ? undefined : (aliases[wanted] ?? wanted);
    return value !== undefined && values.includes(value) ? value : invalid(check, path, `one of ${values.join(', ')}`, v);
  };
}

/** The details object of one frequency, given with the schema's names ({dayOfMonth}), sent with Everflow's. */
function details(frequency: BillingFrequency): ValueRule {
  const keys = DETAIL_KEYS[frequency];
  return (check, v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return invalid(check, path, `an object {${keys.join(', ')}}`, v);
    let valid = true;
    const out: Record<string, number> = {};
    for (const key of Object.keys(v)) {
      if (!(keys as readonly string[]).includes(key)) {
        valid = check.add([...path, key], `${key} is not part of ${frequency} billing details; give ${keys.join(' and ')}.`, 'INVALID_VALUE');
      }
    }
    for (const key of keys) {
      const value = (v as Record<string, unknown>)[key];
      const { name, min, max } = DETAIL_FIELDS[key];
      if (value === undefined || value === null) valid = check.add([...path, key], `${key} is required.`, 'REQUIRED');
      else if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
        valid = check.add([...path, key], `${key} must be a whole number from ${min} to ${max}; got ${show(value)}.`, 'INVALID_VALUE');
      } else out[name] = value;
    }
    return valid ? out : undefined;
  };
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/**
 * Every patchable field: the schema's name, Everflow's `field_type` and the value it takes
 * (the "Patchable Fields" section of the document, in its order).
 */
export const PATCH_FIELDS: Record<AffiliatePatchField, PatchFieldSpec> = {
  ACCOUNT_MANAGER_ID: { type: 'network_employee_id', value: wholeNumber },
  ACCOUNT_EXECUTIVE_ID: { type: 'account_executive_id', value: wholeNumber },
  REFERRER_ID: { type: 'referrer_id', value: wholeNumber },
  LABELS: { type: 'labels', value: labels, multi: true },
  STATUS: { type: 'account_status', value: oneOf(['active', 'inactive', 'suspended']) },
  DEFAULT_CURRENCY: { type: 'default_currency_id', value: currencyValue },
  HAS_NOTIFICATIONS: { type: 'has_notifications', value: bool },
  MEDIA_COST_TRACKING_LINKS: { type: 'enable_media_cost_tracking_links', value: bool },
  TRAFFIC_SOURCE_ID: { type: 'network_traffic_source_id', value: wholeNumber },
  INTERNAL_NOTES: { type: 'internal_notes', value: textValue },
  // "this field can only be used in conjunction with Everflow Pay, so the only possible value is pay".
  BILLING_PAYMENT_METHOD: { type: 'billing_payment_method', value: oneOf(['pay']) },
  // The document also spells quarterly "quaterly".
  BILLING_FREQUENCY: { type: 'billing_billing_frequency', value: oneOf(BILLING_FREQUENCIES.vendorValues, { quaterly: 'quarterly' }) },
  BILLING_WEEKLY: { type: 'billing_weekly', value: oneOf(WEEKDAYS) },
  BILLING_BIMONTHLY: { type: 'billing_bimonthly', value: details('BIMONTHLY') },
  BILLING_MONTHLY: { type: 'billing_monthly', value: details('MONTHLY') },
  BILLING_TWO_MONTHS: { type: 'billing_two_months', value: details('TWO_MONTHS') },
  BILLING_QUARTERLY: { type: 'billing_quarterly', value: details('QUARTERLY') },
  BILLING_INVOICE_CREATION_AUTO: { type: 'billing_is_invoice_creation_auto', value: bool },
  BILLING_INVOICE_AMOUNT_THRESHOLD: { type: 'billing_invoice_amount_threshold', value: amount },
  BILLING_AUTO_INVOICE_START_DATE: { type: 'billing_auto_invoice_start_date', value: dateValue },
  BILLING_INVOICE_GENERATION_DAYS_DELAY: { type: 'billing_invoice_generation_days_delay', value: wholeNumber },
  BILLING_DEFAULT_PAYMENT_TERMS: { type: 'billing_default_payment_terms', value: wholeNumber },
  BILLING_DEFAULT_INVOICE_IS_HIDDEN: { type: 'billing_default_invoice_is_hidden', value: bool },
  REFERRAL_IS_ENABLED: { type: 'referral_is_enabled', value: bool },
  REFERRAL_METHOD: { type: 'referral_method', value: oneOf(['flat_fee', 'percentage']) },
  REFERRAL_VALUE: { type: 'referral_value', value: amount },
  REFERRAL_COMMISSION_BASIS: { type: 'referral_commission_basis', value: oneOf(['payout', 'revenue', 'profit']) },
  REFERRAL_MINIMUM_THRESHOLD: { type: 'referral_minimum_threshold', value: amount },
  REFERRAL_DURATION: { type: 'referral_duration', value: amount },
};

/** The details field that goes with each Everflow frequency ("you must also set the rest of the frequency setting"). */
const DETAIL_CHANGE: Record<string, AffiliatePatchField> = {
  weekly: 'BILLING_WEEKLY',
  bimonthly: 'BILLING_BIMONTHLY',
  monthly: 'BILLING_MONTHLY',
  two_months: 'BILLING_TWO_MONTHS',
  quarterly: 'BILLING_QUARTERLY',
};

// Private:

function patchField(check: InputCheck, change: AffiliateFieldChange, path: Path): EverflowPatchField | null {
  const spec = PATCH_FIELDS[change.field];
  const operator = change.operator ?? 'OVERWRITE';
  if (operator !== 'OVERWRITE' && !spec.multi) {
    check.add([...path, 'operator'], `${operator} applies only to LABELS; ${change.field} takes OVERWRITE.`, 'NOT_ALLOWED');
    return null;
  }
  const everflowOperator = operator.toLowerCase() as EverflowPatchOperator;
  const value: unknown = change.value;
  if (operator === 'CLEAR') {
    if (value !== null && value !== undefined) {
      check.add([...path, 'value'], 'CLEAR takes no value; leave value out.', 'NOT_ALLOWED');
      return null;
    }
    return { field_type: spec.type, operator: everflowOperator } as EverflowPatchField;
  }
  if (value === null || value === undefined) {
    check.add([...path, 'value'], `value is required for ${change.field} with ${operator}.`, 'REQUIRED');
    return null;
  }
  const fieldValue = spec.value(check, value, [...path, 'value']);
  return fieldValue === undefined ? null : ({ field_type: spec.type, field_value: fieldValue, operator: everflowOperator } as EverflowPatchField);
}

/** A frequency change needs its details change; a details change must match a frequency set in the same input. */
function checkFrequencyDetails(check: InputCheck, changes: readonly AffiliateFieldChange[], fields: readonly (EverflowPatchField | null)[]): void {
  changes.forEach((change, i) => {
    const field = fields[i];
    if (change.field !== 'BILLING_FREQUENCY' || !field) return;
    const frequency = field.field_value as string;
    const needed = DETAIL_CHANGE[frequency];
    if (needed && !changes.some((other) => other.field === needed)) {
      check.add(['changes', i], `Setting BILLING_FREQUENCY to ${frequency} needs a ${needed} change in the same input.`, 'REQUIRED');
    }
    changes.forEach((other, j) => {
      const detailsOf = Object.keys(DETAIL_CHANGE).find((f) => DETAIL_CHANGE[f] === other.field);
      if (detailsOf && detailsOf !== frequency) {
        check.add(
          ['changes', j, 'field'],
          `${other.field} applies only to ${detailsOf} billing, but this input sets BILLING_FREQUENCY to ${frequency}.`,
          'NOT_ALLOWED',
        );
      }
    });
  });
}

function checkContactAddress(check: InputCheck, input: CreateAffiliateInput): void {
  const address = input.contactAddress;
  if (input.contactAddressEnabled && !address) {
    check.add(['contactAddress'], 'contactAddress is required while contactAddressEnabled is true.', 'REQUIRED');
  }
  if (!address) return;
  // Everflow drops an address that is not enabled: say so rather than lose it silently.
  if (!input.contactAddressEnabled) {
    check.add(
      ['contactAddress'],
      'Everflow keeps a contact address only when contactAddressEnabled is true; set it, or leave contactAddress out.',
      'NOT_ALLOWED',
    );
  }
  const path = ['contactAddress'];
  // countryCode is a CountryCode!: the schema has checked it (the address always comes from the input).
  for (const key of ['address1', 'city', 'regionCode', 'zipPostalCode'] as const) check.required(address[key], [...path, key], key);
}

function checkUser(check: InputCheck, user: AffiliateUserInput, path: Path): void {
  check.required(user.firstName, [...path, 'firstName'], 'firstName');
  check.required(user.lastName, [...path, 'lastName'], 'lastName');
  // email (EmailAddress!) and currency (Currency) are checked by their scalars: users come from the input only.
  check.oneOf(user.status, WRITABLE_STATUSES, [...path, 'status']);
  if (user.languageId !== null && user.languageId !== undefined && user.languageId !== 1) {
    check.add([...path, 'languageId'], `languageId can only be 1 (English); got ${user.languageId}.`, 'INVALID_VALUE');
  }
  atLeastZero(check, user.timezoneId, [...path, 'timezoneId']);
  atLeastZero(check, user.instantMessagingId, [...path, 'instantMessagingId']);
  if (user.instantMessagingIdentifier && !user.instantMessagingId) {
    check.add([...path, 'instantMessagingIdentifier'], 'instantMessagingIdentifier needs an instantMessagingId other than 0.', 'NOT_ALLOWED');
  }
  // Left empty, Everflow emails the user to set a password; so only a given password is checked.
  if (user.initialPassword) {
    const missing = PASSWORD_RULES.filter(([holds]) => !holds(user.initialPassword!)).map(([, rule]) => rule);
    if (missing.length > 0) {
      check.add([...path, 'initialPassword'], `initialPassword needs ${missing.join(', ')}.`, 'INVALID_FORMAT');
    }
  }
}

/** "Must be unique among all affiliate users": Everflow checks the others, the input's own repeats are caught here. */
function uniqueEmails(check: InputCheck, users: readonly AffiliateUserInput[]): void {
  const seen = new Set<string>();
  users.forEach((user, i) => {
    const email = user.email?.trim().toLowerCase();
    if (!email) return;
    if (seen.has(email))
      check.add(['users', i, 'email'], `${user.email} is given to another user of this input; each user needs their own email.`, 'INVALID_VALUE');
    seen.add(email);
  });
}

function checkBilling(check: InputCheck, billing: AffiliateBillingInput, path: Path): void {
  const required = DETAIL_KEYS[billing.frequency];
  if (required.length > 0 && !billing.details) {
    check.add([...path, 'details'], `details is required when frequency is ${billing.frequency}: give ${required.join(' and ')}.`, 'REQUIRED');
  }
  if (billing.details) {
    for (const key of required) {
      if (billing.details[key] === null || billing.details[key] === undefined) {
        check.add([...path, 'details', key], `${key} is required when frequency is ${billing.frequency}.`, 'REQUIRED');
      }
    }
    for (const [key, { min, max }] of Object.entries(DETAIL_FIELDS) as [
      keyof BillingDetailsInput,
      (typeof DETAIL_FIELDS)[keyof BillingDetailsInput],
    ][]) {
      check.range(billing.details[key], min, max, [...path, 'details', key]);
    }
  }
  if (billing.invoiceCreationAuto && !billing.autoInvoiceStartDate) {
    check.add([...path, 'autoInvoiceStartDate'], 'autoInvoiceStartDate is required when invoiceCreationAuto is true.', 'REQUIRED');
  }
  for (const key of ['invoiceGenerationDaysDelay', 'defaultPaymentTerms', 'invoiceAmountThreshold'] as const)
    atLeastZero(check, billing[key], [...path, key]);
  checkPayment(check, billing, [...path, 'payment']);
}

function checkPayment(check: InputCheck, billing: AffiliateBillingInput, path: Path): void {
  const type = billing.paymentType;
  const required = PAYMENT_KEYS[type] ?? [];
  const payment = billing.payment;
  if (!payment) {
    if (required.length > 0) check.add(path, `payment is required when paymentType is ${type}: give ${required.join(', ')}.`, 'REQUIRED');
    return;
  }
  for (const key of required) {
    const value = payment[key];
    if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
      check.add([...path, key], `${key} is required when paymentType is ${type}.`, 'REQUIRED');
    }
  }
  if (type === 'TIPALTI' && payment.isExistingPayee && !payment.idap?.trim()) {
    check.add([...path, 'idap'], 'idap is required when paymentType is TIPALTI and isExistingPayee is true.', 'REQUIRED');
  }
  // email and countryIso have their scalars; an update also resends Everflow's own values, which the checks below cover.
  if (payment.email?.trim()) check.email(payment.email.trim(), [...path, 'email']);
  if (type === 'PAYPAL' && payment.paypalReceptionMethod === 'EMAIL' && payment.receptionIdentifier?.trim()) {
    check.email(payment.receptionIdentifier.trim(), [...path, 'receptionIdentifier']);
  }
  if (payment.phone?.trim() && !INTERNATIONAL_PHONE.test(payment.phone.trim())) {
    check.add(
      [...path, 'phone'],
      `"${payment.phone}" is not in international format; write it as + and digits, such as +15551234567.`,
      'INVALID_FORMAT',
    );
  }
  if (payment.countryIso?.trim() && !countryCode(payment.countryIso)) {
    check.add([...path, 'countryIso'], `"${payment.countryIso}" is not a 2-letter ISO country code such as US.`, 'INVALID_FORMAT');
  }
}

function atLeastZero(check: InputCheck, value: number | null | undefined, path: Path): void {
  if (value !== null && value !== undefined && !(value >= 0))
    check.add(path, `${path[path.length - 1]} must be 0 or more; got ${value}.`, 'INVALID_VALUE');
}

function currencyCode(check: InputCheck, value: string | null | undefined, path: Path): void {
  if (value !== null && value !== undefined && !currency(value)) {
    check.add(path, `"${value}" is not a currency code such as USD.`, 'INVALID_FORMAT');
  }
}

function invalid(check: InputCheck, path: Path, expected: string, value: unknown): undefined {
  check.add(path, `Expected ${expected}; got ${show(value)}.`, 'INVALID_VALUE');
  return undefined;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
