/** Configuration the benchmark's gateways share. */

/** Every cache off, the response cache too: each request does the whole work and every read goes upstream. */
export const NO_CACHE_ENV = {
  CACHE_TTL_ENTITY_SECONDS: '0',
  CACHE_TTL_LIST_SECONDS: '0',
  CACHE_TTL_REPORT_SECONDS: '0',
  CACHE_TTL_CLICK_STREAM_SECONDS: '0',
  CACHE_TTL_EXPORT_SECONDS: '0',
  CACHE_TTL_CURSOR_SECONDS: '0',
  RESPONSE_CACHE: 'off',
} as const;
