import {
  cursorToKey,
  cursorToOffset,
  cursorToRowKey,
  decodeCursor,
  keyToCursor,
  offsetToCursor,
  rowKeyToCursor,
} from '../../src/pagination/cursors.js';

const b64 = (text: string) => Buffer.from(text).toString('base64url');

/** The error a function throws, as the client sees it. */
function thrown(run: () => unknown): { message: string; extensions: unknown } {
  try {
    run();
  } catch (error) {
    const { message, extensions } = error as { message: string; extensions: unknown };
    return { message, extensions };
  }
  throw new Error('did not throw');
}

describe('row-key cursors', () => {
  test('are base64url of the JSON ["k", key], and decode back to the key', () => {
    expect(rowKeyToCursor('65a1f0c2e4b0a1b2c3d4e5f6')).toBe(b64('["k","65a1f0c2e4b0a1b2c3d4e5f6"]'));
    expect(rowKeyToCursor('65a1f0c2e4b0a1b2c3d4e5f6')).toBe('WyJrIiwiNjVhMWYwYzJlNGIwYTFiMmMzZDRlNWY2Il0');
    for (const key of ['abc123', 'a"b\\c', 'offset:3', 'key:x', 'ü,é 中', ' ']) {
      const cursor = rowKeyToCursor(key);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(cursorToRowKey(cursor, 'after')).toBe(key);
      expect(decodeCursor(cursor)).toEqual({ kind: 'rowKey', key });
    }
  });

  test('an offset cursor is refused as from another paging mode, naming the argument', () => {
    expect(thrown(() => cursorToRowKey(offsetToCursor(24), 'after'))).toEqual({
      message: `after "${offsetToCursor(24)}": this cursor is from another paging mode: it counts an offset, and this read follows row keys. Pass a cursor this same query returned (with the same \`sort\`), or start again without one.`,
      extensions: { code: 'BAD_USER_INPUT', field: 'after' },
    });
  });

  test('a row-key cursor is refused by an offset read as from another paging mode', () => {
    const cursor = rowKeyToCursor('abc');
    expect(thrown(() => cursorToOffset(cursor, 'before'))).toEqual({
      message: `before "${cursor}": this cursor is from another paging mode: it holds a row key (the list read without \`sort\`), and this read counts offsets. Pass a cursor this same query returned (with the same \`sort\`), or start again without one.`,
      extensions: { code: 'BAD_USER_INPUT', field: 'before' },
    });
  });

  test.each([
    ['a vendor-key cursor', keyToCursor('abc')],
    ['an empty key', b64('["k",""]')],
    ['another format tag', b64('["o","abc"]')],
    ['a key that is not text', b64('["k",12]')],
    ['an extra element', b64('["k","a","b"]')],
    ['JSON of another shape', b64('{"k":"abc"}')],
    ['broken JSON', b64('["k","abc"')],
    ['no cursor at all', '%%%'],
  ])('%s is not a cursor of this list', (_, cursor) => {
    expect(thrown(() => cursorToRowKey(cursor, 'after'))).toEqual({
      message: expect.stringMatching(/^after ".*" is not a cursor of this list; pass a cursor this list returned\.$/),
      extensions: { code: 'BAD_USER_INPUT', field: 'after' },
    });
  });

  test('a long cursor is shortened in the message', () => {
    const cursor = b64(`["x","${'a'.repeat(60)}"]`);
    expect(thrown(() => cursorToRowKey(cursor, 'after')).message).toBe(
      `after "${cursor.slice(0, 37)}..." is not a cursor of this list; pass a cursor this list returned.`,
    );
  });
});

describe('decodeCursor', () => {
  test.each([
    ['the first offset', offsetToCursor(0), { kind: 'offset', offset: 0 }],
    ['an offset', offsetToCursor(1234), { kind: 'offset', offset: 1234 }],
    ['a vendor key', keyToCursor('tx-1'), { kind: 'vendorKey', key: 'tx-1' }],
    ['a row key', rowKeyToCursor('tx-1'), { kind: 'rowKey', key: 'tx-1' }],
    ['a negative offset', b64('offset:-1'), null],
    ['an offset past the safe integers', b64('offset:99999999999999999999'), null],
    ['JSON that is no cursor', b64('[1,2]'), null],
    ['the empty string', '', null],
  ])('%s', (_, cursor, decoded) => expect(decodeCursor(cursor)).toEqual(decoded));

  test('offset and vendor-key cursors keep their formats, so cursors of older answers still decode', () => {
    expect(offsetToCursor(24)).toBe('b2Zmc2V0OjI0');
    expect(cursorToOffset('b2Zmc2V0OjI0', 'after')).toBe(24);
    expect(cursorToKey(keyToCursor('r1'), 'after')).toBe('r1');
    expect(() => cursorToKey(rowKeyToCursor('r1'), 'after')).toThrow(/not a cursor of this list/);
  });
});
