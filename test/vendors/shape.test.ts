import { count, entity, field, list, object, optional, readShape, ShapeError, single } from '../../src/vendors/shape.js';

/** The ShapeError message a read throws, or 'ok'. */
function problem(read: () => unknown): string {
  try {
    read();
    return 'ok';
  } catch (error) {
    if (error instanceof ShapeError) return error.message;
    throw error;
  }
}

describe('vendor answer shapes', () => {
  const byId = field('data', single(entity('id')));

  test('a by-id read accepts the record or a list holding it, and unwraps the envelope', () => {
    expect(readShape(byId, { data: { id: 7, name: 'a' } })).toEqual({ id: 7, name: 'a' });
    expect(readShape(byId, { data: [{ id: '7', name: 'a' }] })).toEqual({ id: '7', name: 'a' });
    expect(readShape(byId, { data: [] })).toBeNull();
  });

  test('an unexpected structure names the path and what was found', () => {
    expect(problem(() => readShape(byId, { data: [{ id: 1 }, { id: 2 }] }))).toBe('data is an array of 2, expected one record');
    expect(problem(() => readShape(byId, { data: { name: 'no id' } }))).toBe('data.id is missing, expected an id');
    expect(problem(() => readShape(byId, [{ id: 1 }]))).toBe('the body is an array of 1, expected an object with "data"');
    expect(problem(() => readShape(byId, { data: 'x' }))).toBe('data is a string, expected an object');
    expect(problem(() => readShape(entity('id'), { id: '  ' }))).toBe('id is a string, expected an id');
  });

  test('lists check every item; counts take numbers or numeric text; optional fields may be absent', () => {
    const page = object({ data: list(entity('click_id')), total: count(), next: optional(count()) });
    expect(problem(() => readShape(page, { data: [{ click_id: 1 }], total: '12' }))).toBe('ok');
    expect(problem(() => readShape(page, { data: [{ click_id: 1 }, {}], total: 2 }))).toBe('data[1].click_id is missing, expected an id');
    expect(problem(() => readShape(page, { data: [], total: 'many' }))).toBe('total is a string, expected a number');
    expect(problem(() => readShape(page, { data: {}, total: 0 }))).toBe('data is an object, expected an array');
  });
});
