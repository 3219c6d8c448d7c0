import { tenantOf, tenantsOf } from '../../src/links/tenant.js';

const configured = { everflow: { credential: 'ef-configured' }, integr8: { credential: 'i8-configured' } };

test('tenantsOf gives what tenantOf gives, once per set of requested credentials', () => {
  const tenants = tenantsOf(configured, 2);
  const own = tenants({ everflow: 'ef-own' });
  expect(own).toEqual(tenantOf(configured, { everflow: 'ef-own' }));
  expect(own.credentials.everflow?.source).toBe('request');
  expect(tenants({ everflow: 'ef-own' })).toBe(own);
  // The configured credential, brought or not, is the same tenant id but not the same source.
  const brought = tenants({ everflow: 'ef-configured' });
  expect(brought.id).toBe(tenants({}).id);
  expect(brought.credentials.everflow?.source).toBe('request');
  expect(tenants({}).credentials.everflow?.source).toBe('configured');
  expect(own.id).not.toBe(tenants({}).id);
  // Bounded: the least recently used set is worked out again, to the same tenant.
  tenants({ integr8: 'i8-own' });
  const again = tenants({ everflow: 'ef-own' });
  expect(again).not.toBe(own);
  expect(again).toEqual(own);
});
