import type {
  AffiliateBillingInput,
  AffiliatePatchField,
  AffiliateUserInput,
  BillingDetailsInput,
  BillingFrequency,
  BulkEditAffiliatesInput,
  ContactAddressInput,
  CreateAffiliateInput,
  PaymentDetailsInput,
  PaymentType,
  PaypalReceptionMethod,
  ResolversTypes,
  UpdateAffiliateInput,
} from '../../__generated__/resolvers.js';
import { GatewayError } from '../../errors.js';
import { toGlobalId } from '../../ids.js';
import type { AffiliateChangeModel, AffiliateModel, AffiliateResourceErrorModel } from '../../models/index.js';
import { calendarDate, isoDate, withoutNulls } from '../normalize.js';
import { RESOURCES } from '../resources.js';
import { InputCheck, rejectionAsUserErrors, type IdRule, type UserErrorModel } from '../userErrors.js';
import { WriteRoutine } from '../write.js';
import type { EverflowClient } from './client.js';
import { BILLING_FREQUENCIES, mapAffiliate, PAYMENT_TYPES } from './mappers.js';
import type {
  EverflowAffiliate,
  EverflowAffiliateBilling,
  EverflowAffiliateRelationshipName,
  EverflowAffiliateUserInput,
  EverflowBillingDetails,
  EverflowBillingInput,
  EverflowContactAddress,
  EverflowCreateAffiliateRequest,
  EverflowPatchChange,
  EverflowPatchField,
  EverflowPatchFieldType,
  EverflowPatchRequest,
  EverflowPatchResourceError,
  EverflowPaymentDetails,
  EverflowUpdateAffiliateRequest,
  EverflowWritableAccountStatus,
} from './types.js';
import { checkAffiliate, DETAIL_FIELDS, mergedErrors, PATCH_FIELDS, patchFields } from './validate.js';

type AffiliatePayload = ResolversTypes['AffiliatePayload'];
type BulkEditPayload = ResolversTypes['BulkEditAffiliatesPayload'];

/**
 * Everflow writes: affiliates created, updated (read, merge, PUT) and bulk edited (preview,
 * then apply), through the write routine (see WriteRoutine): each checks its input first and
 * makes no call when it is invalid; each write drops the cached affiliate reads and returns the
 * affiliate re-read, mapped like a query.
 */
export class EverflowWrites {
  private readonly routine: WriteRoutine;

  constructor(private readonly client: EverflowClient) {
    this.routine = new WriteRoutine(client.rest, (error) => rejectionAsUserErrors(error, 'EVERFLOW'));
  }

  /**
   * Creates an affiliate with its users, contact address and billing (`POST
   * /v1/networks/affiliates`), then re-reads it with its billing and users. A POST without an
   * answer is reported as UPSTREAM_UNKNOWN_OUTCOME by the HTTP core and never repeated.
   */
  createAffiliate(input: CreateAffiliateInput): Promise<AffiliatePayload> {
    return this.routine.run({
      payload: 'affiliate',
      invalidates: [RESOURCES.affiliates],
      check: (check) => checkAffiliate(check, input),
      build: (): EverflowCreateAffiliateRequest => ({ ...affiliateBody(input), ...(input.users?.length && { users: input.users.map(userBody) }) }),
      send: (body) => this.client.createAffiliate(body),
      reread: (created) => this.reread(created.network_affiliate_id, ['billing', 'users']),
    });
  }

  /**
   * Changes an affiliate. Everflow's PUT replaces the whole affiliate, so this reads the current
   * one straight from Everflow (with billing), lays the input over it (given fields win,
   * `billing` replaces billing as a whole), checks the result like a create and PUTs it. Every
   * field the PUT sends back comes from that answer, wherever in it the field sits; one the
   * answer does not show is a userError asking for it, and nothing is written. Everflow's answer
   * has no contact address: when the affiliate has one (enabled, or `adress_id` not 0) the input
   * must restate it, or set contactAddressEnabled: false to let the PUT delete it.
   */
  updateAffiliate(input: UpdateAffiliateInput): Promise<AffiliatePayload> {
    return this.routine.run({
      payload: 'affiliate',
      invalidates: [RESOURCES.affiliates],
      check: (check) => affiliateId(check, input.id, ['id']),
      read: async (id, check) => {
        const current = await this.current(id);
        if (current === null) check.add(['id'], `Everflow has no affiliate ${id}.`, 'NOT_FOUND');
        return current && { id, current };
      },
      build: ({ id, current }, check) => {
        const { id: _id, ...changes } = input;
        const given = withoutNulls(changes);
        const read = readBack(current, new Set(Object.keys(given)));
        if ('userErrors' in read) {
          check.addErrors(read.userErrors);
          return null;
        }
        const merged: CreateAffiliateInput = { ...read.input, ...given };
        const mergedCheck = new InputCheck();
        checkAffiliate(mergedCheck, merged);
        if (!mergedCheck.ok) {
          check.addErrors(mergedErrors(mergedCheck.errors, new Set(Object.keys(given))));
          return null;
        }
        return { id, current, body: affiliateBody(merged) };
      },
      send: ({ id, body }) => this.client.updateAffiliate(id, body),
      reread: (_, { current }) => this.reread(current.network_affiliate_id, ['billing']),
    });
  }

  /**
   * Edits fields of several affiliates. Always previews first (`POST .../submit`); with
   * `dryRun`, or when the preview has an error change or an affiliate in an invalid state,
   * nothing is applied (errors also become userErrors). Otherwise applies (`PATCH .../apply`)
   * and re-reads every affiliate.
   */
  async bulkEditAffiliates(input: BulkEditAffiliatesInput): Promise<BulkEditPayload> {
    const check = new InputCheck();
    if (input.ids.length === 0) check.add(['ids'], 'Give at least one affiliate ID.', 'REQUIRED');
    const ids = input.ids.map((id, i) => affiliateId(check, id, ['ids', i]));
    const fields = patchFields(check, input.changes);
    const nothing = { applied: false, changes: [], resourceErrors: [], affiliates: [] };
    if (!check.ok) return { ...nothing, userErrors: check.errors };

    const body: EverflowPatchRequest = {
      // Everflow takes each id once; the input's first mention of an id is where its errors point.
      network_affiliate_ids: [...new Set(ids.map(Number))],
      fields: fields as EverflowPatchField[],
    };
    let preview;
    try {
      // The preview writes nothing: a failure of it needs no invalidation.
      preview = await this.client.patchSubmit(body);
    } catch (error) {
      return { ...nothing, userErrors: rejectionAsUserErrors(error, 'EVERFLOW') };
    }
    const previewed = {
      changes: preview.changes.map(mapChange),
      resourceErrors: preview.resource_errors.map(mapResourceError),
      affiliates: [],
    };
    const problems = previewProblems(preview.changes, preview.resource_errors, input, ids as string[]);
    if (input.dryRun || problems.length > 0) return { applied: false, ...previewed, userErrors: problems };

    const applied = await this.routine.send([RESOURCES.affiliates], () => this.client.patchApply(body));
    if (!applied.ok) return { applied: false, ...previewed, userErrors: applied.userErrors };
    if (!applied.answer.result) {
      return {
        applied: false,
        ...previewed,
        userErrors: [{ field: null, message: 'Everflow answered the bulk edit with result false.', code: 'VENDOR_REJECTED' }],
      };
    }
    const affiliates = await Promise.all(body.network_affiliate_ids.map((id) => this.reread(id, [])));
    return { applied: true, ...previewed, affiliates, userErrors: [] };
  }

  // Private:

  /** The affiliate as Everflow has it now, with billing; null when it does not exist. */
  private async current(id: string): Promise<EverflowAffiliate | null> {
    try {
      // The PUT sends back every field read here: a cached copy could undo someone else's change.
      return await this.client.affiliate(id, ['billing'], { fresh: true });
    } catch (error) {
      if (error instanceof GatewayError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  /** An affiliate read after a write (its cached reads were just dropped, so this is Everflow's record), mapped. */
  private async reread(id: number, relationships: EverflowAffiliateRelationshipName[]): Promise<AffiliateModel> {
    return mapAffiliate(await this.client.affiliate(String(id), relationships));
  }
}

/** What an input's affiliate ID must name: an Everflow affiliate, whose native id is a positive number. */
const AFFILIATE_ID: IdRule = {
  vendor: 'EVERFLOW',
  type: 'Affiliate',
  otherVendor: (id, label) => `ID "${id}" is an ${label} affiliate; only Everflow affiliates can be changed here.`,
  key: {
    valid: ([nativeId]) => /^[1-9]\d*$/.test(nativeId),
    message: (id) => `ID "${id}" does not name an Everflow affiliate (its native id is not a positive number).`,
  },
};

/** The native id of an input's affiliate ID; null, with a userError at `path`, for any other ID (see AFFILIATE_ID). */
function affiliateId(check: InputCheck, id: string, path: (string | number)[]): string | null {
  return check.nativeKey(id, path, AFFILIATE_ID)?.[0] ?? null;
}

// Private: input to Everflow

/** Schema payment detail names and Everflow's. */
const PAYMENT_FIELDS: Record<keyof PaymentDetailsInput, keyof EverflowPaymentDetails> = {
  paxumId: 'paxum_id',
  paypalReceptionMethod: 'paypal_reception_method',
  receptionIdentifier: 'reception_identifier',
  email: 'email',
  isExistingPayee: 'is_existing_payee',
  idap: 'idap',
  firstName: 'first_name',
  lastName: 'last_name',
  phone: 'phone',
  countryIso: 'country_iso',
  bankName: 'bank_name',
  bankAddress: 'bank_address',
  accountName: 'account_name',
  accountNumber: 'account_number',
  routingNumber: 'routing_number',
  swiftCode: 'swift_code',
};

/** The affiliate body of create and update (everything but users); absent input fields are left out. */
function affiliateBody(input: CreateAffiliateInput): EverflowUpdateAffiliateRequest {
  return withoutNulls({
    name: input.name.trim(),
    account_status: input.status.toLowerCase() as EverflowWritableAccountStatus,
    network_employee_id: input.accountManagerId,
    internal_notes: input.internalNotes,
    default_currency_id: input.defaultCurrency?.toUpperCase(),
    enable_media_cost_tracking_links: input.mediaCostTrackingLinks,
    referrer_id: input.referrerId,
    is_contact_address_enabled: input.contactAddressEnabled,
    network_affiliate_tier_id: input.tierId,
    contact_address: input.contactAddress ? addressBody(input.contactAddress) : undefined,
    billing: input.billing ? billingBody(input.billing) : undefined,
  });
}

function addressBody(address: ContactAddressInput): EverflowContactAddress {
  return withoutNulls({
    address_1: address.address1,
    address_2: address.address2,
    city: address.city,
    region_code: address.regionCode,
    country_code: address.countryCode.trim().toUpperCase(),
    zip_postal_code: address.zipPostalCode,
  });
}

function userBody(user: AffiliateUserInput): EverflowAffiliateUserInput {
  return withoutNulls({
    first_name: user.firstName,
    last_name: user.lastName,
    email: user.email.trim(),
    account_status: user.status?.toLowerCase() as EverflowWritableAccountStatus | undefined,
    title: user.title,
    work_phone: user.workPhone,
    cell_phone: user.cellPhone,
    instant_messaging_id: user.instantMessagingId,
    instant_messaging_identifier: user.instantMessagingIdentifier,
    language_id: user.languageId,
    timezone_id: user.timezoneId,
    currency_id: user.currency?.toUpperCase(),
    // Empty means "email the user to set one", as leaving it out does.
    initial_password: user.initialPassword || undefined,
  });
}

function billingBody(billing: AffiliateBillingInput): EverflowBillingInput {
  const details: EverflowBillingDetails | undefined = billing.details
    ? withoutNulls(
        Object.fromEntries(
          (Object.keys(DETAIL_FIELDS) as (keyof BillingDetailsInput)[]).map((key) => [DETAIL_FIELDS[key].name, billing.details![key]]),
        ),
      )
    : undefined;
  return withoutNulls({
    billing_frequency: BILLING_FREQUENCIES.toVendor(billing.frequency),
    payment_type: PAYMENT_TYPES.toVendor(billing.paymentType),
    tax_id: billing.taxId,
    is_invoice_creation_auto: billing.invoiceCreationAuto,
    auto_invoice_start_date: billing.autoInvoiceStartDate ? isoDate(billing.autoInvoiceStartDate) : undefined,
    default_invoice_is_hidden: billing.defaultInvoiceIsHidden,
    invoice_generation_days_delay: billing.invoiceGenerationDaysDelay,
    invoice_amount_threshold: billing.invoiceAmountThreshold,
    default_payment_terms: billing.defaultPaymentTerms,
    details,
    // "Required when payment_type is set to anything else than none", even for types with no fields of their own.
    billing: billing.paymentType === 'NONE' ? undefined : paymentBody(billing.payment ?? {}),
  });
}

function paymentBody(payment: PaymentDetailsInput): EverflowPaymentDetails {
  const out: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(PAYMENT_FIELDS) as [keyof PaymentDetailsInput, keyof EverflowPaymentDetails][]) {
    const value = payment[key];
    if (value === null || value === undefined) continue;
    out[name] = key === 'paypalReceptionMethod' ? String(value).toLowerCase() : key === 'countryIso' ? String(value).trim().toUpperCase() : value;
  }
  return out as EverflowPaymentDetails;
}

// Private: Everflow to input (the update's merge)

type Check = (value: unknown) => boolean;
const isText: Check = (v) => typeof v === 'string';
const isWhole: Check = (v) => typeof v === 'number' && Number.isInteger(v);
const isNumber: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const isFlag: Check = (v) => typeof v === 'boolean';
const isObject: Check = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const absent = (v: unknown) => v === undefined || v === null;
const oneOfText =
  (values: readonly string[]): Check =>
  (v) =>
    typeof v === 'string' && values.includes(v);

/**
 * The top-level fields of the PUT body: the input key, where the field sits in a find-by-id
 * answer, and the type it must have there. `contact_address` is not among them (the answer has
 * none), nor `billing` (read by BILLING_FIELDS).
 */
const AFFILIATE_FIELDS: readonly [keyof CreateAffiliateInput, string, (a: EverflowAffiliate) => unknown, Check][] = [
  ['name', 'name', (a) => a.name, isText],
  ['status', 'account_status', (a) => a.account_status, isText],
  ['accountManagerId', 'network_employee_id', (a) => a.network_employee_id, isWhole],
  ['internalNotes', 'internal_notes', (a) => a.internal_notes, isText],
  ['defaultCurrency', 'default_currency_id', (a) => a.default_currency_id, isText],
  ['mediaCostTrackingLinks', 'enable_media_cost_tracking_links', (a) => a.enable_media_cost_tracking_links, isFlag],
  ['referrerId', 'referrer_id', (a) => a.referrer_id, isWhole],
  ['contactAddressEnabled', 'is_contact_address_enabled', (a) => a.is_contact_address_enabled, isFlag],
  ['tierId', 'network_affiliate_tier_id', tierOf, isWhole],
];

/**
 * The billing fields of the PUT body, as `relationship.billing` of a find-by-id answer holds
 * them, with their types. `auto_invoice_start_date` may be absent while automatic invoicing is
 * off, `details` for frequencies without details, and the payment details (`billing`) for the
 * none type: the PUT then sends nothing of them either.
 */
const BILLING_FIELDS: readonly [keyof EverflowAffiliateBilling, Check, ((b: Record<string, unknown>) => boolean)?][] = [
  ['billing_frequency', oneOfText(BILLING_FREQUENCIES.vendorValues)],
  // The documents' payment types; the create document also spells paxum "payum".
  ['payment_type', oneOfText(PAYMENT_TYPES.vendorValues)],
  ['tax_id', isText],
  ['is_invoice_creation_auto', isFlag],
  ['auto_invoice_start_date', isText, (b) => b.is_invoice_creation_auto !== true],
  ['default_invoice_is_hidden', isFlag],
  ['invoice_generation_days_delay', isWhole],
  ['invoice_amount_threshold', isNumber],
  ['default_payment_terms', isWhole],
  ['details', isObject, (b) => b.billing_frequency === 'manual' || b.billing_frequency === 'other'],
  ['billing', isObject, (b) => b.payment_type === 'none'],
];

/**
 * The affiliate's tier, wherever the answer carries it: at the top level (where create and
 * update take it) or under `relationship` (the find-by-id example shows neither). Two different
 * values are no answer: the update cannot know which one is current.
 */
function tierOf(affiliate: EverflowAffiliate): unknown {
  const top: unknown = affiliate.network_affiliate_tier_id;
  const nested: unknown = affiliate.relationship?.network_affiliate_tier_id;
  if (absent(top)) return nested;
  if (absent(nested) || nested === top) return top;
  return undefined;
}

/**
 * The current affiliate as a complete input, for the update to lay the user's input over. Each
 * field the input does not give must be readable in Everflow's answer: the PUT replaces the
 * whole affiliate, so a field sent as a default (or left out) would reset it. One that is not
 * readable is a REQUIRED userError at that input field, asking the user to give it.
 */
function readBack(affiliate: EverflowAffiliate, given: ReadonlySet<string>): { input: CreateAffiliateInput } | { userErrors: UserErrorModel[] } {
  const userErrors: UserErrorModel[] = [];
  const id = affiliate.network_affiliate_id;
  const unreadable = (key: string, fields: string[]) =>
    userErrors.push({
      field: ['input', key],
      message:
        `Everflow's answer for affiliate ${id} does not show its current ${fields.join(', ')}, and Everflow's update replaces the whole affiliate: ` +
        `give ${key}, so that the update does not reset it.`,
      code: 'REQUIRED',
    });
  for (const [key, name, read, valid] of AFFILIATE_FIELDS) {
    if (!given.has(key) && !valid(read(affiliate))) unreadable(key, [name]);
  }
  // The answer never shows the address itself, only its id. A disabled address that exists would
  // be deleted by a PUT without it (an enabled one must be restated: see mergedErrors).
  const addressId: unknown = affiliate.adress_id;
  if (affiliate.is_contact_address_enabled === false && addressId !== 0 && !given.has('contactAddress') && !given.has('contactAddressEnabled')) {
    const shown = isWhole(addressId)
      ? `shows a contact address (adress_id ${addressId}) that is not enabled, but not the address itself`
      : 'does not show whether it has a contact address (no adress_id)';
    userErrors.push({
      field: ['input', 'contactAddress'],
      message:
        `Everflow's answer for affiliate ${id} ${shown}, and Everflow's update replaces the whole affiliate: ` +
        'restate contactAddress with contactAddressEnabled: true, or set contactAddressEnabled: false to let the update delete it.',
      code: 'REQUIRED',
    });
  }
  const billing: unknown = affiliate.relationship?.billing;
  if (!given.has('billing')) {
    if (!isObject(billing)) unreadable('billing', ['relationship.billing']);
    else {
      const b = billing as Record<string, unknown>;
      const missing = BILLING_FIELDS.filter(([name, valid, optional]) => !(valid(b[name]) || (absent(b[name]) && optional?.(b)))).map(
        ([name]) => `billing.${name}`,
      );
      if (missing.length > 0) unreadable('billing', missing);
    }
  }
  if (userErrors.length > 0) return { userErrors };
  return {
    input: {
      name: affiliate.name,
      status: affiliate.account_status?.toUpperCase() as CreateAffiliateInput['status'],
      accountManagerId: affiliate.network_employee_id,
      internalNotes: affiliate.internal_notes,
      defaultCurrency: affiliate.default_currency_id,
      mediaCostTrackingLinks: affiliate.enable_media_cost_tracking_links,
      referrerId: affiliate.referrer_id,
      tierId: tierOf(affiliate) as number,
      contactAddressEnabled: affiliate.is_contact_address_enabled,
      // Everflow's answer has no contact address: the input has to restate it.
      contactAddress: null,
      // Not read when the input gives billing, which replaces it as a whole.
      billing: given.has('billing') ? null : billingInputOf(billing as EverflowAffiliateBilling),
    },
  };
}

function billingInputOf(billing: EverflowAffiliateBilling): AffiliateBillingInput {
  const details: Record<string, number> = {};
  for (const [key, { name }] of Object.entries(DETAIL_FIELDS)) if (typeof billing.details?.[name] === 'number') details[key] = billing.details[name]!;
  const payment: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(PAYMENT_FIELDS)) {
    const value = billing.billing?.[name];
    if (value === undefined || value === null) continue;
    payment[key] = key === 'paypalReceptionMethod' ? (String(value).toUpperCase() as PaypalReceptionMethod) : value;
  }
  // readBack checked both against the tables (payum included).
  const paymentType = PAYMENT_TYPES.fromVendor(billing.payment_type) as PaymentType;
  return {
    frequency: BILLING_FREQUENCIES.fromVendor(billing.billing_frequency) as BillingFrequency,
    paymentType,
    taxId: billing.tax_id,
    invoiceCreationAuto: billing.is_invoice_creation_auto,
    // Everflow sends "" when automatic invoicing is off; a date it cannot mean is no date (checkAffiliate asks for one).
    autoInvoiceStartDate: calendarDate(billing.auto_invoice_start_date),
    defaultInvoiceIsHidden: billing.default_invoice_is_hidden,
    invoiceGenerationDaysDelay: billing.invoice_generation_days_delay,
    invoiceAmountThreshold: billing.invoice_amount_threshold,
    defaultPaymentTerms: billing.default_payment_terms,
    details,
    payment: paymentType === 'NONE' ? null : payment,
  };
}

// Private: the bulk edit's preview

/** Everflow's field types back to the schema's names. */
const PATCH_FIELD_NAMES = Object.fromEntries(
  (Object.entries(PATCH_FIELDS) as [AffiliatePatchField, { type: EverflowPatchFieldType }][]).map(([field, { type }]) => [type, field]),
) as Record<EverflowPatchFieldType, AffiliatePatchField>;

const CHANGE_STATUS = { ok: 'OK', no_change: 'NO_CHANGE', error: 'ERROR' } as const;

function mapChange(change: EverflowPatchChange): AffiliateChangeModel {
  return {
    affiliateId: affiliateGlobalId(change.network_affiliate.network_affiliate_id),
    name: change.network_affiliate.name || null,
    status: CHANGE_STATUS[change.change_status] ?? 'ERROR',
    field: PATCH_FIELD_NAMES[change.changed_field?.field_type ?? change.current_field?.field_type] ?? null,
    before: camelKeys(change.current_field?.field_value ?? null),
    after: camelKeys(change.changed_field?.field_value ?? null),
    errorMessage: change.error_message || null,
    relatedChanges: change.related_changes || null,
  };
}

function mapResourceError(error: EverflowPatchResourceError): AffiliateResourceErrorModel {
  return { affiliateId: affiliateGlobalId(error.id), name: error.label || null, message: error.message };
}

/** A userError per change in error (at the input's change of that field) and per affiliate in error (at its id). */
function previewProblems(
  changes: readonly EverflowPatchChange[],
  resourceErrors: readonly EverflowPatchResourceError[],
  input: BulkEditAffiliatesInput,
  ids: readonly string[],
): UserErrorModel[] {
  const at = (list: 'ids' | 'changes', index: number) => (index >= 0 ? ['input', list, String(index)] : ['input', list]);
  const problems: UserErrorModel[] = resourceErrors.map((error) => ({
    field: at('ids', ids.indexOf(String(error.id))),
    message: `Everflow will not edit affiliate ${error.id}${error.label ? ` (${error.label})` : ''}: ${error.message}`,
    code: 'VENDOR_REJECTED',
  }));
  for (const change of changes) {
    if (change.change_status !== 'error') continue;
    const field = PATCH_FIELD_NAMES[change.changed_field?.field_type];
    const { network_affiliate_id: id, name } = change.network_affiliate;
    problems.push({
      field: at(
        'changes',
        input.changes.findIndex((c) => c.field === field),
      ),
      message: `Affiliate ${id}${name ? ` (${name})` : ''}: ${change.error_message}`,
      code: 'VENDOR_REJECTED',
    });
  }
  return problems;
}

function affiliateGlobalId(id: number): string {
  return toGlobalId({ vendor: 'EVERFLOW', type: 'Affiliate', key: [String(id)] });
}

/** Everflow's object values ({day_of_month: 1}) with the schema's key names ({dayOfMonth: 1}), as the input gives them. */
function camelKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]));
}
