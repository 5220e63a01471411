// The plain-first path for small partitions (plain-first.ts) gives the verdict of the full
// check (the model's rewrites, segments, both candidate orders: plainOpsMax 0) and of the
// brute-force oracle, on random small histories, linearizable or not; and a small history
// the plain search cannot decide within its allowance is handed to the full check.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistoryOp } from '../../checkers/history.js';
import { checkHistory } from '../../checkers/linearizability/check.js';
import { PLAIN_OPS_MAX, plainStepsMax, WALK_OPS_MAX } from '../../checkers/linearizability/plain-first.js';
import { createPlainSearch } from '../../checkers/linearizability/plain-search.js';
import type { PartitionSearchResult } from '../../checkers/linearizability/search.js';
import { prepareHistory } from '../../checkers/linearizability/prepare.js';
import { INCONSISTENT } from '../../checkers/models/model.js';
import { getModel } from '../../checkers/models/registry.js';
import { bruteForceLinearizable } from './support/oracle.js';
import { randomHistoryArb, rngFrom, sequentialHistory } from './support/generators.js';
import type { ModelName } from './support/generators.js';

const RUNS = Math.ceil(Number(process.env['FAULTLINE_DIFF_RUNS'] ?? 10_000) / 5);

/** Change one completed read's or cas's value: usually no longer linearizable. */
function mutate(history: readonly HistoryOp[], pick: number): HistoryOp[] {
  const seen = history.filter((o) => o.type === 'ok' && (o.f === 'read' || o.f === 'get'));
  const target = seen.length > 0 ? seen[pick % seen.length] : undefined;
  return history.map((o) => (o === target ? { ...o, value: typeof o.value === 'number' ? o.value + 1 : 1 } : o));
}

describe('plain first: the verdict of the full check and of the oracle', () => {
  for (const spec of ['cas-register', 'register-unique', 'kv', 'cas-crash-failed'] as const) {
    const model = spec === 'register-unique' || spec === 'cas-crash-failed' ? 'cas-register' : spec;
    it(`${spec}: ${RUNS} random histories of up to 10 ops`, () => {
      const verdicts = { linearizable: 0, 'not-linearizable': 0, unknown: 0 };
      fc.assert(
        fc.property(randomHistoryArb(spec, 10), ({ history, initial, failedCas }) => {
          const expected = bruteForceLinearizable(history, getModel(model)!, { initial, failedCas }) ? 'linearizable' : 'not-linearizable';
          const plain = checkHistory(history, { model, initial, failedCas });
          const full = checkHistory(history, { model, initial, failedCas, plainOpsMax: 0 });
          expect(plain.verdict).toBe(expected);
          expect(full.verdict).toBe(expected);
          if (expected === 'not-linearizable') expect(plain.counterexample!.failedOp).not.toBeNull();
          verdicts[plain.verdict]++;
        }),
        { numRuns: RUNS, seed: 20261207 + spec.length },
      );
      // both verdicts show up often: the property is not vacuous
      expect(verdicts.linearizable).toBeGreaterThan(RUNS * 0.1);
      expect(verdicts['not-linearizable']).toBeGreaterThan(RUNS * 0.1);
    });
  }

  it('larger small histories (20-200 ops, overlap, crashes), as they are and with one read changed', () => {
    const verdicts = { linearizable: 0, 'not-linearizable': 0, unknown: 0 };
    const argsArb = fc.record({
      model: fc.constantFrom<ModelName>('cas-register', 'register', 'kv'),
      seed: fc.nat(),
      ops: fc.integer({ min: 20, max: 200 }),
      crash: fc.constantFrom(0, 0.05, 0.2),
      spread: fc.integer({ min: 10, max: 60 }),
      mutateAt: fc.option(fc.nat(), { nil: undefined }),
    });
    fc.assert(
      fc.property(argsArb, ({ model, seed, ops, crash, spread, mutateAt }) => {
        const g = sequentialHistory(model, rngFrom(seed), { ops, crash, spread });
        const history = mutateAt === undefined ? g.history : mutate(g.history, mutateAt);
        const plain = checkHistory(history, { model, initial: g.initial, maxSteps: 2_000_000 });
        const full = checkHistory(history, { model, initial: g.initial, maxSteps: 2_000_000, plainOpsMax: 0 });
        if (plain.verdict !== 'unknown' && full.verdict !== 'unknown') expect(plain.verdict).toBe(full.verdict);
        if (mutateAt === undefined) expect(plain.verdict).toBe('linearizable'); // a real execution
        verdicts[plain.verdict]++;
      }),
      { numRuns: Math.ceil(RUNS / 10), seed: 20261208 },
    );
    expect(verdicts.linearizable).toBeGreaterThan(RUNS / 50);
    expect(verdicts['not-linearizable']).toBeGreaterThan(RUNS / 200);
  });

  it('a small history the plain search cannot decide within its allowance gets the full check', () => {
    // a concurrent cas-register history with many crashed ops (about 50,000 steps)
    const { history } = sequentialHistory('cas-register', rngFrom(5), { ops: 200, spread: 250, crash: 0.3 });
    const plain = checkHistory(history, { model: 'cas-register' });
    const full = checkHistory(history, { model: 'cas-register', plainOpsMax: 0 });
    expect(plain.counts.checked).toBeLessThanOrEqual(PLAIN_OPS_MAX);
    expect(plain.verdict).toBe('linearizable');
    expect(full.verdict).toBe('linearizable');
    // the allowance was spent, then the full check's steps on top
    expect(plain.steps).toBeGreaterThan(plainStepsMax(plain.counts.checked));
    expect(plain.steps).toBeGreaterThan(full.steps);
  });

  it('the walk (plain-search.ts) proves a violation with a legal longest prefix and the op that could not follow it', () => {
    let violations = 0;
    const argsArb = fc.record({ seed: fc.nat(), ops: fc.integer({ min: 10, max: WALK_OPS_MAX }), crash: fc.constantFrom(0, 0.1), spread: fc.integer({ min: 5, max: 40 }), at: fc.nat() });
    fc.assert(
      fc.property(argsArb, ({ seed, ops, crash, spread, at }) => {
        const model = getModel('cas-register')!;
        const g = sequentialHistory('cas-register', rngFrom(seed), { ops, crash, spread });
        const history = mutate(g.history, at);
        const part = prepareHistory(history, model).partitions[0];
        if (part === undefined) return;
        const budget = { outOfTime: () => false, stepsLeft: 1e6, cacheEntriesMax: 1e6, cacheWordsMax: 1e7, statesMax: 1e5 };
        const r = createPlainSearch(model, model.init(g.initial), part.ops, budget).advance(Infinity) as PartitionSearchResult;
        const full = checkHistory(history, { model: 'cas-register', initial: g.initial, plainOpsMax: 0 });
        expect(r.verdict).toBe(full.verdict);
        if (r.verdict !== 'not-linearizable') return;
        violations++;
        // replaying the prefix from the initial state never fails, and ends in bestState
        let state = model.init(g.initial);
        for (const i of r.bestPrefix!) {
          const next = model.step(state, part.ops[i]!);
          expect(next).not.toBe(INCONSISTENT);
          state = next;
        }
        expect(model.equal(state, r.bestState)).toBe(true);
        expect(new Set(r.bestPrefix).size).toBe(r.bestPrefix!.length);
        expect(r.bestPrefix).not.toContain(r.blocked);
        expect(part.ops[r.blocked!]!.required).toBe(true);
      }),
      { numRuns: Math.ceil(RUNS / 4), seed: 20261209 },
    );
    expect(violations).toBeGreaterThan(RUNS / 40);
  });

  it('the walk refuses ops out of call order (prepareHistory gives them in call order)', () => {
    const model = getModel('register')!;
    const [a, b] = prepareHistory(sequentialHistory('register', rngFrom(1), { ops: 2, spread: 1, crash: 0 }).history, model).partitions[0]!.ops;
    const budget = { outOfTime: () => false, stepsLeft: 100, cacheEntriesMax: 100, cacheWordsMax: 100, statesMax: 100 };
    expect(() => createPlainSearch(model, null, [b!, a!], budget)).toThrow(/call order/);
  });
});
