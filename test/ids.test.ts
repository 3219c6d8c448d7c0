import { fromGlobalId, toGlobalId, type NodeRef } from '../src/ids.js';

// Clients keep ids: the encoding is base64url of the JSON array, whatever the key holds.
const asJson = (ref: NodeRef) => Buffer.from(JSON.stringify([ref.vendor, ref.type, ...ref.key])).toString('base64url');

test.each([
  [['12345']],
  [['7', '42']],
  [['a "quoted" key']],
  [['back\\slash']],
  [['tab\there', 'line\nbreak', '\u007f']],
  [['café', '日本', '😀']],
  [[' !#$%&()*+,-./0123456789:;<=>?@AZ[]^_`az{|}~']],
])('toGlobalId(%j) is base64url of the JSON array and reads back', (key) => {
  const ref: NodeRef = { vendor: 'EVERFLOW', type: 'Click', key };
  const id = toGlobalId(ref);
  expect(id).toBe(asJson(ref));
  expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
  expect(fromGlobalId(id, 'Click')).toEqual(ref);
});

test('an id of another type or not issued here is BAD_USER_INPUT', () => {
  const id = toGlobalId({ vendor: 'IREV', type: 'Offer', key: ['9'] });
  expect(() => fromGlobalId(id, 'Click')).toThrow(expect.objectContaining({ message: `ID "${id}" belongs to a Offer, not a Click.` }));
  expect(() => fromGlobalId('bm90LWFuLWlk')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
});
