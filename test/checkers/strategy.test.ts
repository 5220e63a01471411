// How the search spends its budget: the adaptive candidate order, partitions interleaved
// under one step budget, the memory budget counted in entries, and quiescent cuts.

import { describe, expect, it } from 'vitest';
import { crashedWithFailedCas, sequentialRegister } from '../../bench/checker-histories.js';
import type { HistoryOp } from '../../checkers/history.js';
import { checkHistory } from '../../checkers/linearizability/check.js';
import { prepareHistory } from '../../checkers/linearizability/prepare.js';
import { searchPartition } from '../../checkers/linearizability/search.js';
import type { SearchBudget } from '../../checkers/linearizability/search.js';
import { getModel } from '../../checkers/models/registry.js';
import { rngFrom, sequentialHistory } from './support/generators.js';

const budget = (steps: number): SearchBudget => ({ outOfTime: () => false, stepsLeft: steps, cacheEntriesMax: 1e9, cacheWordsMax: 1e12, statesMax: 1e9 });

describe('candidate order: crashed-last, and real-time order when that is slow', () => {
  // crashed writes among failed cas that observe the value: a crashed write that only a
  // failed cas shows took effect is tried last by crashed-last, after every order of the rest
  const h = crashedWithFailedCas('fcas-5', false);

  it('a history crashed-last alone cannot decide in 200,000 steps is decided', () => {
    const model = getModel('cas-register')!;
    const ops = model.optimize!(prepareHistory(h, model, 'compare-mismatch').partitions[0]!.ops, null);
    expect(searchPartition(model, null, ops, budget(200_000), { order: 'crashed-last' }).verdict).toBe('unknown');
    expect(searchPartition(model, null, ops, budget(200_000), { order: 'time' }).verdict).toBe('linearizable');
    const r = checkHistory(h, { model: 'cas-register', failedCas: 'compare-mismatch', maxSteps: 200_000 });
    expect(r.verdict).toBe('linearizable');
  });

  it('both orders agree on every verdict (small histories, both outcomes)', () => {
    const model = getModel('cas-register')!;
    const verdicts = new Set<string>();
    for (let seed = 1; seed <= 40; seed++) {
      const { history } = sequentialHistory('cas-register', rngFrom(seed), { ops: 30, spread: 40, crash: 0.3 });
      const bad = history.map((o) => (o.type === 'ok' && o.f === 'read' && o.index % 7 === seed % 7 ? { ...o, value: 9 } : o));
      for (const hist of [history, bad]) {
        const ops = prepareHistory(hist, model).partitions[0]!.ops;
        const a = searchPartition(model, null, ops, budget(1e7), { order: 'crashed-last' }).verdict;
        expect(searchPartition(model, null, ops, budget(1e7), { order: 'time' }).verdict).toBe(a);
        verdicts.add(a);
      }
    }
    expect([...verdicts].sort()).toEqual(['linearizable', 'not-linearizable']);
  });
});

describe('partitions share one step budget, round-robin', () => {
  it('a bad key after a hard key is found before the hard key is done', () => {
    // key "a": a hard cas-register history (about 210,000 steps); key "b": a read of a value
    // never written
    const hard = sequentialHistory('cas-register', rngFrom(3), { ops: 300, spread: 200, crash: 0.2 }).history;
    const bad: HistoryOp[] = [
      { index: 0, process: 'b0', type: 'invoke', f: 'write', value: 1 },
      { index: 0, process: 'b0', type: 'ok', f: 'write', value: 1 },
      { index: 0, process: 'b1', type: 'invoke', f: 'read', value: null },
      { index: 0, process: 'b1', type: 'ok', f: 'read', value: 2 },
    ];
    const both = [...hard.map((o) => ({ ...o, key: 'a' })), ...bad.map((o) => ({ ...o, key: 'b' }))].map((o, index) => ({ ...o, index }));
    const r = checkHistory(both, { model: 'kv', maxSteps: 50_000 });
    expect(r.verdict).toBe('not-linearizable');
    expect(r.counterexample!.key).toBe('b');
    expect(r.steps).toBeLessThan(50_000);
  });
});

describe('the memory budget', () => {
  const hard = sequentialHistory('cas-register', rngFrom(3), { ops: 300, spread: 200, crash: 0.2 }).history;

  it('counted in entries: unknown (memory) below what the search needs, the same each time', () => {
    const small = [1, 2].map(() => checkHistory(hard, { model: 'cas-register', maxMemoryBytes: 256 * 1024 }));
    expect(small.map((r) => [r.verdict, r.unknownReason, r.steps])).toEqual([
      ['unknown', 'memory', small[0]!.steps],
      ['unknown', 'memory', small[0]!.steps],
    ]);
    expect(checkHistory(hard, { model: 'cas-register' }).verdict).toBe('linearizable');
  });
});

describe('quiescent cuts: long histories in bounded memory', () => {
  it('100,000 sequential ops: decided, with a memo bounded by a segment, not the history', () => {
    const r = checkHistory(sequentialRegister(100_000), { model: 'register' });
    expect(r.verdict).toBe('linearizable');
    expect(r.cacheEntries).toBeLessThan(150_000);
    // a search's memory is charged and given back per segment (5,000 ops): 8 MiB is enough
    // (the whole history's memo would take about 1.25 GB)
    expect(checkHistory(sequentialRegister(100_000), { model: 'register', maxMemoryBytes: 8 * 1024 * 1024 }).verdict).toBe('linearizable');
  });

  it('a stale read at the end is found, and the counterexample names it', () => {
    const r = checkHistory(sequentialRegister(100_000, 99_999), { model: 'register' });
    expect(r.verdict).toBe('not-linearizable');
    expect(r.counterexample!.failedOp!.text).toBe('read -> 99999');
    expect(r.counterexample!.stateAfter).toBe('99998');
  });

  it('the set of possible states is carried across a cut', () => {
    // 5,000 sequential ops, two concurrent writes (the segment ends there), then a read of
    // either value: both states must cross the cut
    const cut = (seen: number): HistoryOp[] =>
      [
        ...sequentialRegister(5_000),
        ...[
          [0, 'invoke', 'write', -1],
          [1, 'invoke', 'write', -2],
          [0, 'ok', 'write', -1],
          [1, 'ok', 'write', -2],
          [2, 'invoke', 'read', null],
          [2, 'ok', 'read', seen],
        ].map(([process, type, f, value]) => ({ index: 0, process, type, f, value }) as HistoryOp),
      ].map((o, index) => ({ ...o, index }));
    expect(checkHistory(cut(-1), { model: 'register' }).verdict).toBe('linearizable');
    expect(checkHistory(cut(-2), { model: 'register' }).verdict).toBe('linearizable');
    expect(checkHistory(cut(4998), { model: 'register' }).verdict).toBe('not-linearizable');
  });
});
