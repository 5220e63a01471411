// The checker's semantics and budgets on hand-made histories.

import { describe, expect, it } from 'vitest';
import { HistoryFormatError } from '../../checkers/errors.js';
import type { HistoryOp } from '../../checkers/history.js';
import { checkHistory } from '../../checkers/linearizability/check.js';
import { prepareHistory } from '../../checkers/linearizability/prepare.js';
import { renderResult } from '../../checkers/linearizability/render.js';
import { searchPartition } from '../../checkers/linearizability/search.js';
import type { SearchBudget } from '../../checkers/linearizability/search.js';
import { getModel } from '../../checkers/models/registry.js';
import { rngFrom, sequentialHistory } from './support/generators.js';

/** Build a history from compact rows: [process, type, f, value, key?]. */
function h(rows: [number | string, HistoryOp['type'], string, unknown, unknown?][]): HistoryOp[] {
  return rows.map(([process, type, f, value, key], index) => ({ index, process, type, f, value, ...(key !== undefined ? { key } : {}) }));
}

describe('semantics', () => {
  it('an info op may take effect after its invocation, or never', () => {
    const took = h([[0, 'invoke', 'write', 1], [0, 'info', 'write', 'timed-out'], [1, 'invoke', 'read', null], [1, 'ok', 'read', 1]]);
    expect(checkHistory(took, { model: 'register' }).verdict).toBe('linearizable');
    const never = h([[0, 'invoke', 'write', 1], [0, 'info', 'write', null], [1, 'invoke', 'read', null], [1, 'ok', 'read', null]]);
    expect(checkHistory(never, { model: 'register' }).verdict).toBe('linearizable');
    const before = h([[1, 'invoke', 'read', null], [1, 'ok', 'read', 1], [0, 'invoke', 'write', 1], [0, 'info', 'write', null]]);
    expect(checkHistory(before, { model: 'register' }).verdict).toBe('not-linearizable');
  });

  it('an info op stays open to the end: it can take effect after later ops', () => {
    const late = h([
      [0, 'invoke', 'write', 1],
      [0, 'info', 'write', null],
      [1, 'invoke', 'write', 2],
      [1, 'ok', 'write', 2],
      [2, 'invoke', 'read', null],
      [2, 'ok', 'read', 1],
    ]);
    expect(checkHistory(late, { model: 'register' }).verdict).toBe('linearizable');
  });

  it('a later op with the process number of a crashed op is a new process', () => {
    const reuse = h([[0, 'invoke', 'write', 1], [0, 'info', 'write', null], [0, 'invoke', 'read', null], [0, 'ok', 'read', 1]]);
    const r = checkHistory(reuse, { model: 'register' });
    expect(r.verdict).toBe('linearizable');
    expect(r.counts).toMatchObject({ ops: 2, ok: 1, info: 1 });
  });

  it('a never-completed invocation counts as info', () => {
    const open = h([[0, 'invoke', 'write', 1], [1, 'invoke', 'read', null], [1, 'ok', 'read', 1]]);
    const r = checkHistory(open, { model: 'register' });
    expect(r.verdict).toBe('linearizable');
    expect(r.counts.info).toBe(1);
  });

  it('fail ops did not happen; nemesis ops are ignored', () => {
    const hist = h([
      ['nemesis', 'info', 'start', 'partition'],
      [0, 'invoke', 'write', 1],
      [0, 'fail', 'write', 1],
      [1, 'invoke', 'read', null],
      [1, 'ok', 'read', null],
      ['nemesis', 'info', 'stop', null],
    ]);
    const r = checkHistory(hist, { model: 'register' });
    expect(r.verdict).toBe('linearizable');
    expect(r.counts).toMatchObject({ events: 6, ops: 2, fail: 1, nonClient: 2, checked: 1 });
  });

  it('file order is real-time order; :time is informational', () => {
    const ops = h([[0, 'invoke', 'write', 1], [0, 'ok', 'write', 1], [1, 'invoke', 'read', null], [1, 'ok', 'read', null]]).map((o, i) => ({ ...o, time: 1000 - i }));
    expect(checkHistory(ops, { model: 'register' }).verdict).toBe('not-linearizable');
  });

  it('kv keys are checked independently (P-compositionality)', () => {
    const hist = h([
      [0, 'invoke', 'put', 1, 'a'],
      [1, 'invoke', 'put', 2, 'b'],
      [0, 'ok', 'put', 1, 'a'],
      [1, 'ok', 'put', 2, 'b'],
      [2, 'invoke', 'get', null, 'a'],
      [2, 'ok', 'get', 1, 'a'],
      [3, 'invoke', 'get', null, 'b'],
      [3, 'ok', 'get', 1, 'b'],
    ]);
    const r = checkHistory(hist, { model: 'kv' });
    expect(r.partitions).toBe(2);
    expect(r.verdict).toBe('not-linearizable');
    expect(r.counterexample!.key).toBe('b');
    expect(r.counterexample!.explanation).toBe('read of "b" returned 1, a value never written to "b"');
  });

  it('list appends: a duplicated append and an out-of-order read are named', () => {
    const base: [number, HistoryOp['type'], string, unknown, unknown][] = [
      [0, 'invoke', 'append', '1,', 'k'],
      [0, 'ok', 'append', '1,', 'k'],
      [1, 'invoke', 'append', '2,', 'k'],
      [1, 'ok', 'append', '2,', 'k'],
    ];
    const dup = checkHistory(h([...base, [2, 'invoke', 'get', null, 'k'], [2, 'ok', 'get', '1,2,2,', 'k']]), { model: 'kv' });
    expect(dup.counterexample!.kind).toBe('duplicate-append');
    expect(dup.counterexample!.explanation).toBe('read of "k" returned a value containing "2," 2 times, but "2," was appended only once');
    const order = checkHistory(h([...base, [2, 'invoke', 'get', null, 'k'], [2, 'ok', 'get', '2,1,', 'k']]), { model: 'kv' });
    expect(order.counterexample!.kind).toBe('append-order');
    expect(order.counterexample!.explanation).toBe('read of "k" shows "2," before "1,", but the append of "1," completed before the append of "2," began');
  });

  it('a model object can be passed instead of a name; unknown names are refused', () => {
    expect(() => checkHistory([], { model: 'nope' })).toThrow(/unknown model 'nope'/);
    const one = h([[0, 'invoke', 'put', 1, 'a'], [0, 'ok', 'put', 1, 'a']]);
    expect(checkHistory(one, { model: getModel('kv')! }).verdict).toBe('linearizable');
  });
});

describe('budgets: unknown, never a hang', () => {
  // A hard history: 300 ops, about 40 overlapping at a time, 20% crashed; it needs about
  // 210,000 search steps (a fraction of a second) to decide.
  const hard = sequentialHistory('cas-register', rngFrom(3), { ops: 300, spread: 200, crash: 0.2 }).history;

  it('a step budget gives unknown (deterministic)', () => {
    const r = checkHistory(hard, { model: 'cas-register', maxSteps: 5_000 });
    expect(r.verdict).toBe('unknown');
    expect(r.unknownReason).toBe('steps');
    expect(r.steps).toBeLessThanOrEqual(5_000 + 1024);
    expect(renderResult(r)).toEqual([`unknown: the step budget ran out after ${r.steps} steps`]);
  });

  it('an injected clock bounds the time', () => {
    let now = 0;
    const r = checkHistory(hard, { model: 'cas-register', clock: () => (now += 5), timeoutMs: 100 });
    expect(r.verdict).toBe('unknown');
    expect(r.unknownReason).toBe('timeout');
    expect(r.elapsedMs).toBeGreaterThan(100);
  });

  it('a deadline callback bounds the time', () => {
    let polls = 0;
    const r = checkHistory(hard, { model: 'cas-register', deadline: () => ++polls > 3 });
    expect(r.verdict).toBe('unknown');
    expect(r.unknownReason).toBe('timeout');
  });

  it('a memo budget gives unknown', () => {
    const r = checkHistory(hard, { model: 'cas-register', maxCacheEntries: 50 });
    expect(r.verdict).toBe('unknown');
    expect(r.unknownReason).toBe('memory');
  });

  it('with enough budget the same history is decided', () => {
    const r = checkHistory(hard, { model: 'cas-register' });
    expect(r.verdict).toBe('linearizable');
    expect(r.steps).toBeGreaterThan(100_000);
  });
});

describe('render', () => {
  it('a compact rendering of a violation', () => {
    const hist = h([
      [0, 'invoke', 'write', 1],
      [0, 'ok', 'write', 1],
      [1, 'invoke', 'write', 2],
      [2, 'invoke', 'read', null],
      [1, 'ok', 'write', 2],
      [2, 'ok', 'read', 3],
    ]);
    const lines = renderResult(checkHistory(hist, { model: 'cas-register' }));
    expect(lines).toEqual([
      'not linearizable',
      '  why: read returned 3, a value never written',
      '  could not place: p2 read -> 3 (#3)',
      '  concurrent with it: p1 write 2 (#2)',
      '  longest linearizable prefix: 2 ops, ending p0 write 1 (#0), p1 write 2 (#2); state after it: 2',
    ]);
    expect(renderResult(checkHistory(hist.slice(0, 2), { model: 'cas-register' }))).toEqual(['linearizable']);
  });
});

describe('search: entry order', () => {
  it('the same verdicts whatever the positions (packed numeric sort, or the comparator sort for other numbers)', () => {
    const model = getModel('cas-register')!;
    const budget = (): SearchBudget => ({ outOfTime: () => false, stepsLeft: 1e7, cacheEntriesMax: 1e6, cacheWordsMax: 1e7, statesMax: 1e5 });
    for (let seed = 1; seed <= 40; seed++) {
      const { history } = sequentialHistory('cas-register', rngFrom(seed), { ops: 30, crash: 0.1 });
      if (seed % 2 === 0) {
        // break one read: some of these become violations
        const i = history.findIndex((o) => o.type === 'ok' && o.f === 'read');
        if (i >= 0) history[i] = { ...history[i]!, value: 9 };
      }
      const prepared = prepareHistory(history, model);
      const ops = prepared.partitions[0]?.ops ?? [];
      const init = model.init(0);
      const plain = searchPartition(model, init, ops, budget());
      // positions scaled by 1/3 (not halves: the comparator sort) keep every order
      const scaled = ops.map((o) => ({ ...o, call: o.call / 3, ret: o.ret / 3 }));
      const other = searchPartition(model, init, scaled, budget());
      expect(other.verdict).toBe(plain.verdict);
      expect(other.steps).toBe(plain.steps);
    }
  });
});

describe('processes: every process but the nemesis is a client', () => {
  it('named processes (keywords, strings) are checked, not skipped', () => {
    const bad = h([
      ['a', 'invoke', 'write', 1],
      ['a', 'ok', 'write', 1],
      ['client-1', 'invoke', 'read', null],
      ['client-1', 'ok', 'read', 7],
      ['nemesis', 'info', 'start', null],
    ]);
    const r = checkHistory(bad, { model: 'register' });
    expect(r.verdict).toBe('not-linearizable');
    expect(r.counts).toMatchObject({ ops: 2, nonClient: 1, checked: 2 });
  });

  it('a history with no client operation is bad input, never a pass', () => {
    const onlyNemesis = h([['nemesis', 'info', 'start', null], ['nemesis', 'info', 'stop', null]]);
    expect(() => checkHistory(onlyNemesis, { model: 'register' })).toThrow(HistoryFormatError);
    expect(() => checkHistory([], { model: 'register' })).toThrow(/at least one client operation/);
  });
});
