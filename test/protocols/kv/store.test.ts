import { describe, expect, it } from 'vitest';
import { KvStore } from '../../../protocols/kv/store.js';
import { commandDigest, valueBytes } from '../../../protocols/kv/commands.js';

describe('KvStore', () => {
  it.each([
    // [ops..., expected outcome of the last, expected value of k after]
    [[['get', null]], { type: 'ok', value: null }, null],
    [[['put', 5]], { type: 'ok' }, 5],
    [[['put', 'a'], ['get', null]], { type: 'ok', value: 'a' }, 'a'],
    [[['put', true], ['put', null]], { type: 'ok' }, null],
    [[['cas', [null, 1]]], { type: 'ok' }, 1], // absent reads as null
    [[['put', 1], ['cas', [1, 2]]], { type: 'ok' }, 2],
    [[['put', 1], ['cas', [3, 2]]], { type: 'fail', error: 'cas-mismatch' }, 1],
    [[['put', 1], ['cas', ['1', 2]]], { type: 'fail', error: 'cas-mismatch' }, 1], // no coercion
    [[['append', 'x']], { type: 'ok' }, 'x'],
    [[['append', 'x'], ['append', 'y']], { type: 'ok' }, 'xy'],
    [[['put', 4], ['append', 2]], { type: 'ok' }, '42'],
    [[['put', 4], ['delete', null]], { type: 'ok' }, null],
    [[['put', 4], ['delete', null], ['append', 'x']], { type: 'ok' }, 'x'], // deleted: absent again
    [[['delete', null]], { type: 'ok' }, null],
    [[['put', { a: 1 }]], { type: 'fail', error: 'bad-argument' }, null],
    [[['cas', [1]]], { type: 'fail', error: 'bad-argument' }, null],
    [[['put', Number.NaN]], { type: 'fail', error: 'bad-argument' }, null],
  ] as const)('%j -> %j, k = %j', (ops, outcome, after) => {
    const store = new KvStore();
    let last: unknown;
    for (const [f, value] of ops) last = store.execute(f, 'k', value);
    expect(last).toEqual(outcome);
    expect(store.read('k')).toEqual(after);
  });

  it('round-trips through entries', () => {
    const store = new KvStore();
    store.execute('put', 'a', 1);
    store.execute('append', 'b', 'x');
    const copy = KvStore.fromEntries(store.entries());
    expect([copy.read('a'), copy.read('b'), copy.size]).toEqual([1, 'x', 2]);
  });

  it('digests and sizes are cheap strings and numbers', () => {
    expect(commandDigest({ f: 'put', key: 'k1', value: 3, client: 'c1.1', seq: 4 })).toBe('put k1 c1.1#4');
    expect([valueBytes(null), valueBytes('abc'), valueBytes(7), valueBytes([1, 'ab'])]).toEqual([1, 3, 8, 12]);
  });
});
