import {
  CountryCodeResolver,
  CurrencyResolver,
  DateResolver,
  DateTimeResolver,
  EmailAddressResolver,
  IPResolver,
  JSONResolver,
  TimeZoneResolver,
  URLResolver,
} from 'graphql-scalars';

/** The schema's custom scalars, implemented by graphql-scalars. */
export const scalars = {
  DateTime: DateTimeResolver,
  Date: DateResolver,
  TimeZone: TimeZoneResolver,
  IP: IPResolver,
  CountryCode: CountryCodeResolver,
  Currency: CurrencyResolver,
  URL: URLResolver,
  EmailAddress: EmailAddressResolver,
  JSON: JSONResolver,
};
