// Histories in and out: the three input formats on hand-written samples, and property
// round trips (JSON, JSON lines, EDN) of arbitrary histories.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEdn, toEdn } from '../../checkers/formats/edn.js';
import {
  detectFormat,
  historyToEdn,
  historyToJson,
  historyToJsonLines,
  isMultiKey,
  normalizeKeys,
  parseHistory,
} from '../../checkers/formats/history-io.js';
import type { HistoryOp } from '../../checkers/history.js';
import { checkHistory, defaultModelName } from '../../checkers/linearizability/check.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const read = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
const strip = (ops: readonly HistoryOp[]): HistoryOp[] =>
  ops.map((o) => {
    const { line: _line, ...rest } = o;
    return rest;
  });
/** The client-visible essentials, to compare formats with each other. */
const essentials = (ops: readonly HistoryOp[]): unknown[] =>
  ops.map((o) => ({ process: o.process, type: o.type, f: o.f, value: o.type === 'info' ? null : o.value, key: o.key }));

describe('hand-written samples in each format', () => {
  const samples = [
    ['register-sample.edn', 'edn'],
    ['register-sample.json', 'json'],
    ['register-sample.jsonl', 'jsonl'],
    ['register-sample.log', 'jepsen-log'],
  ] as const;

  for (const [file, format] of samples) {
    it(`${file}: detected as ${format}, parsed, linearizable`, () => {
      const parsed = parseHistory(read(file), { file });
      expect(parsed.format).toBe(format);
      const ops = parsed.ops;
      expect(ops).toHaveLength(14);
      expect(ops.map((o) => o.index)).toEqual(ops.map((_, i) => i));
      // nil values, info ops and nemesis ops survive
      expect(ops[2]).toMatchObject({ process: 1, type: 'invoke', f: 'read', value: null });
      expect(ops[3]).toMatchObject({ process: 'nemesis', type: 'info', f: 'start' });
      expect(ops[6]).toMatchObject({ process: 2, type: 'info', f: 'cas' });
      expect(ops[9]).toMatchObject({ process: 2, type: 'invoke', f: 'write', value: -3 });
      expect(ops[13]).toMatchObject({ process: 'nemesis', type: 'info', f: 'stop', value: null });
      const r = checkHistory(ops, { model: 'cas-register' });
      expect(r.verdict).toBe('linearizable');
      expect(r.counts).toMatchObject({ ops: 6, ok: 5, info: 1, fail: 0, nonClient: 2 });
    });
  }

  it('the four samples hold the same history', () => {
    const [edn, json, jsonl, log] = samples.map(([f]) => essentials(parseHistory(read(f)).ops));
    expect(json).toEqual(edn);
    expect(jsonl).toEqual(edn);
    expect(log).toEqual(edn);
  });

  it('EDN: line numbers of maps spread over lines, comments, discards, tagged values', () => {
    const ops = parseHistory(read('register-sample.edn')).ops;
    expect(ops.map((o) => o.line)).toEqual([3, 4, 5, 9, 10, 11, 12, 14, 15, 16, 17, 18, 19, 20]);
    expect(ops[6]!.error).toBe('timeout');
    expect(ops[3]!.value).toBe('partition {"n1" #{"n2"}}');
    expect(ops[7]!.time).toBe(-5);
  });

  it('Jepsen log: skips other lines, keeps line numbers, error after the value', () => {
    const ops = parseHistory(read('register-sample.log')).ops;
    expect(ops[0]!.line).toBe(2);
    expect(ops[4]!.value).toEqual([1, 2]);
    expect(ops[6]).toMatchObject({ type: 'info', value: 'timed-out' });
    expect(ops[3]!.value).toBe('Cut'); // a nemesis value: the first form, the rest as error
    expect(ops[3]!.error).toBe('off {"n1" #{"n2"}}');
    expect(ops[13]!.line).toBe(16);
  });

  it('kv with independent tuples [k v] is split into key + value and checked per key', () => {
    const ops = parseHistory(read('kv-tuples.edn')).ops;
    expect(isMultiKey(ops)).toBe(true);
    expect(defaultModelName(ops)).toBe('kv');
    const norm = normalizeKeys(ops);
    expect(norm[4]).toMatchObject({ f: 'cas', key: 'x', value: [1, 2] });
    expect(norm[3]).toMatchObject({ f: 'read', key: 'y', value: null });
    const r = checkHistory(ops, { model: 'kv' });
    expect(r.verdict).toBe('linearizable');
    expect(r.partitions).toBe(2);
  });

  it('kv with a key field: a lost write on one key, explained', () => {
    const ops = parseHistory(read('kv-keys.json')).ops;
    expect(defaultModelName(ops)).toBe('kv');
    const r = checkHistory(ops, { model: 'kv' });
    expect(r.verdict).toBe('not-linearizable');
    expect(r.counterexample!.key).toBe('k1');
    expect(r.counterexample!.kind).toBe('lost-write');
    expect(r.counterexample!.explanation).toBe(
      'the acknowledged write of 5 to "k1" was lost: it completed before the read began, yet the read returned 3 and no read ever returned 5',
    );
  });

  it('a plain cas register history is not mistaken for tuples', () => {
    const ops = parseHistory('[{:process 0 :type :invoke :f :cas :value [1 2]} {:process 0 :type :ok :f :cas :value [1 2]}]').ops;
    expect(isMultiKey(ops)).toBe(false);
    expect(defaultModelName(ops)).toBe('cas-register');
  });
});

describe('format detection', () => {
  it.each([
    ['[{"process":0}]', 'json'],
    ['  \n[ ]', 'json'],
    ['{"process":0}\n{"process":1}', 'jsonl'],
    ['[{:process 0}]', 'edn'],
    ['{:process 0} {:process 1}', 'edn'],
    ['; comment\n[{:process 0}]', 'edn'],
    ['(\n{:process 0})', 'edn'],
    ['#jepsen.history.Op{:process 0}', 'edn'],
    ['INFO  jepsen.util - 0\t:invoke\t:read\tnil', 'jepsen-log'],
    ['hello world', null],
  ])('%j -> %s', (text, format) => {
    expect(detectFormat(text)).toBe(format);
  });

  it('reads Jepsen 0.3 record ops and lists', () => {
    const text = '(#jepsen.history.Op{:index 0, :time 5, :type :invoke, :process 0, :f :read, :value nil}\n #jepsen.history.Op{:index 1, :time 9, :type :ok, :process 0, :f :read, :value 3})';
    const ops = parseHistory(text).ops;
    expect(ops).toHaveLength(2);
    expect(ops[1]).toMatchObject({ type: 'ok', value: 3, time: 9, line: 2 });
  });
});

describe('EDN values', () => {
  it.each([
    ['nil', null],
    ['true', true],
    ['-42', -42],
    ['+7', 7],
    ['3.5', 3.5],
    ['1e3', 1000],
    ['-2.5E-2', -0.025],
    ['12N', 12],
    ['1/4', 0.25],
    [':foo/bar', 'foo/bar'],
    ['"a\\"b\\\\c\\n\\u0041"', 'a"b\\c\nA'],
    ['[1 2, 3]', [1, 2, 3]],
    ['(1 (2))', [1, [2]]],
    ['#{1 2}', [1, 2]],
    ['{:a 1, "b" [nil]}', { a: 1, b: [null] }],
    ['#inst "2020-01-01"', '2020-01-01'],
    ['\\a', 'a'],
    ['\\newline', '\n'],
    ['[1 #_ 2 3]', [1, 3]],
    ['##Inf', Infinity],
    ['sym', 'sym'],
  ])('%s', (text, value) => {
    expect(parseEdn(text)).toEqual(value);
  });
});

// ---- round trips ------------------------------------------------------------------------------

const scalar = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
  fc.string({ unit: 'binary', maxLength: 12 }),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 6 }), tie('v'), { maxKeys: 3 })),
})).v;

const historyArb: fc.Arbitrary<HistoryOp[]> = fc
  .array(
    fc.record(
      {
        process: fc.oneof(fc.nat({ max: 20 }), fc.constantFrom('nemesis', 'odd name', 'n:1')),
        type: fc.constantFrom('invoke', 'ok', 'fail', 'info'),
        f: fc.oneof(fc.constantFrom('read', 'write', 'cas', 'txn', 'foo/bar', 'x-y?'), fc.string({ minLength: 1, maxLength: 8 })),
        value,
        key: value,
        time: fc.integer({ min: -1e12, max: 1e15 }),
        error: fc.string({ maxLength: 10 }),
        client: fc.string({ minLength: 1, maxLength: 4 }),
        server: fc.string({ minLength: 1, maxLength: 4 }),
        history: fc.string({ minLength: 1, maxLength: 6 }),
      },
      { requiredKeys: ['process', 'type', 'f', 'value'] },
    ),
    { maxLength: 12 },
  )
  .map((ops) => ops.map((o, index) => ({ index, ...o }) as HistoryOp));

describe('structured ops', () => {
  const ops: HistoryOp[] = [
    { index: 0, process: 0, type: 'invoke', f: 'transfer', value: { from: 'a', to: 'b', amount: 5 }, client: 'c1' },
    { index: 1, process: 0, type: 'ok', f: 'transfer', value: { from: 'a', to: 'b', amount: 5 }, client: 'c1', server: 'n2' },
    { index: 2, process: 1, type: 'invoke', f: 'read', value: ['x', 'y'], client: 'c2', history: 'accounts' },
    { index: 3, process: 1, type: 'ok', f: 'read', value: { x: 3, y: null }, client: 'c2', server: 'n1', history: 'accounts' },
    { index: 4, process: 2, type: 'invoke', f: 'txn', value: [['append', 'x', 3], ['r', 'y', null]] },
    { index: 5, process: 2, type: 'ok', f: 'txn', value: [['append', 'x', 3], ['r', 'y', [1, 2]]] },
    { index: 6, process: 0, type: 'ok', f: 'acquire', value: { token: 7 } },
  ];

  it('writes a bank transfer, a multi-key read, a list-append transaction and a lock token as EDN', () => {
    const edn = historyToEdn(ops);
    expect(edn).toContain(':f :transfer, :value {:from "a", :to "b", :amount 5}, :client "c1", :server "n2"}');
    expect(edn).toContain(':value ["x" "y"], :client "c2", :history "accounts"}');
    expect(edn).toContain(':f :txn, :value [[:append "x" 3] [:r "y" nil]]}');
    expect(edn).toContain(':f :acquire, :value {:token 7}}');
  });

  it('reads them back from EDN and JSON unchanged', () => {
    expect(strip(parseHistory(historyToEdn(ops)).ops)).toEqual(ops);
    expect(strip(parseHistory(historyToJson(ops)).ops)).toEqual(ops);
  });

  it('rejects a client, server or history that is not a name, with the line', () => {
    expect(() => parseHistory('[{:type :invoke, :f :read, :process 0, :value nil, :client 3}]')).toThrow(/:1: expected :client to be a name like "c3", found 3/);
  });
});

describe('round trips (property)', () => {
  it('JSON array: parse(write(h)) = h', () => {
    fc.assert(
      fc.property(historyArb, (h) => {
        const text = historyToJson(h);
        const back = parseHistory(text);
        expect(back.format).toBe('json');
        expect(strip(back.ops)).toEqual(h);
      }),
      { numRuns: 300 },
    );
  });

  it('JSON lines: parse(write(h)) = h', () => {
    fc.assert(
      fc.property(
        historyArb.filter((h) => h.length > 0),
        (h) => {
          const back = parseHistory(historyToJsonLines(h));
          expect(back.format).toBe('jsonl');
          expect(strip(back.ops)).toEqual(h);
          expect(back.ops.map((o) => o.line)).toEqual(h.map((_, i) => i + 1));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('EDN: parse(write(h)) = h, with keys as a field or as independent tuples', () => {
    fc.assert(
      fc.property(historyArb, (h) => {
        const text = historyToEdn(h);
        const back = parseHistory(text);
        if (h.length > 0) expect(back.format).toBe('edn'); // "[]" is JSON too
        expect(strip(back.ops)).toEqual(h);
        expect(back.ops.map((o) => o.line)).toEqual(h.map((_, i) => i + 1));
      }),
      { numRuns: 300 },
    );
  });

  it('EDN tuples: keys written as [k v] come back as key + value', () => {
    const clientOps = historyArb.map((h) =>
      h.map((o) => ({ ...o, process: typeof o.process === 'number' ? o.process : 0, key: o.key ?? 'k', type: o.type === 'info' ? 'ok' : o.type }) as HistoryOp),
    );
    fc.assert(
      fc.property(
        clientOps.filter((h) => h.length > 0 && h.some((o) => o.f !== 'cas')),
        (h) => {
          const back = normalizeKeys(parseHistory(historyToEdn(h, { keyStyle: 'tuple' })).ops);
          expect(strip(back)).toEqual(h.map((o) => ({ ...o, key: o.key === undefined ? null : o.key })));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('EDN values: parseEdn(toEdn(v)) = v', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(parseEdn(toEdn(v))).toEqual(v);
      }),
      { numRuns: 500 },
    );
  });
});
