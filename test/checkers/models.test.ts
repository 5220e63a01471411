// Each model's sequential specification, op by op: aliases, failed and crashed outcomes,
// initial values, descriptions; and the registry.

import { describe, expect, it } from 'vitest';
import { INCONSISTENT } from '../../checkers/models/model.js';
import type { Model, ModelOp, Outcome } from '../../checkers/models/model.js';
import { getModel, MODEL_NAMES } from '../../checkers/models/registry.js';
import { mergeUnobserved } from '../../checkers/models/queue.js';

function mop(model: Model<unknown>, f: string, input: unknown, output: unknown = input, outcome: Outcome = 'ok', extra: Partial<ModelOp> = {}): ModelOp {
  const cf = model.canonicalF(f);
  if (cf === null) throw new Error(`no ${f}`);
  return { f: cf, input, output: outcome === 'ok' ? output : undefined, outcome, process: 0, key: null, ...extra };
}

/** Run ops from the initial state; the final state, or INCONSISTENT at the first bad op. */
function runOps(model: Model<unknown>, initial: unknown, ops: ModelOp[]): unknown {
  let s = model.init(initial);
  for (const op of ops) {
    const n = model.step(s, op);
    if (n === INCONSISTENT) return INCONSISTENT;
    s = n;
  }
  return s;
}

const m = (name: string): Model<unknown> => getModel(name)!;

describe('registry', () => {
  it('lists the models and finds each by name', () => {
    expect(MODEL_NAMES).toEqual(['register', 'cas-register', 'kv', 'mutex', 'lock', 'bank', 'counter', 'set', 'queue', 'consensus']);
    for (const n of MODEL_NAMES) expect(getModel(n)!.name).toBe(n);
    expect(getModel('nope')).toBeUndefined();
  });
});

describe('register / cas-register', () => {
  const reg = m('register');
  const cas = m('cas-register');
  it('reads what was written; aliases get/put', () => {
    expect(runOps(reg, undefined, [mop(reg, 'read', null, null), mop(reg, 'put', 3), mop(reg, 'get', null, 3)])).toBe(3);
    expect(runOps(reg, undefined, [mop(reg, 'write', 3), mop(reg, 'read', null, 4)])).toBe(INCONSISTENT);
    expect(runOps(reg, 0, [mop(reg, 'read', null, 0)])).toBe(0);
    expect(reg.canonicalF('cas')).toBeNull();
  });
  it('cas: ok needs a match; a failed cas (compare-mismatch) needs a mismatch; a crashed one may do either', () => {
    expect(runOps(cas, 1, [mop(cas, 'cas', [1, 2])])).toBe(2);
    expect(runOps(cas, 1, [mop(cas, 'cas', [3, 2])])).toBe(INCONSISTENT);
    expect(runOps(cas, 1, [mop(cas, 'cas', [3, 2], null, 'fail')])).toBe(1);
    expect(runOps(cas, 1, [mop(cas, 'cas', [1, 2], null, 'fail')])).toBe(INCONSISTENT);
    expect(runOps(cas, 1, [mop(cas, 'cas', [1, 2], null, 'unknown')])).toBe(2);
    expect(runOps(cas, 1, [mop(cas, 'cas', [5, 2], null, 'unknown')])).toBe(1);
    expect(cas.validate(mop(cas, 'cas', 3))).toMatch(/\[expected new\]/);
  });
  it('values compare structurally, strictly by type', () => {
    expect(runOps(cas, undefined, [mop(cas, 'write', [1, { a: 2 }]), mop(cas, 'read', null, [1, { a: 2 }])])).toEqual([1, { a: 2 }]);
    expect(runOps(cas, undefined, [mop(cas, 'write', 3), mop(cas, 'read', null, '3')])).toBe(INCONSISTENT);
  });
  it('describes ops and states', () => {
    expect(cas.describeOp(mop(cas, 'cas', [1, 2]))).toBe('cas 1 -> 2');
    expect(cas.describeOp(mop(cas, 'read', null, null))).toBe('read -> nil');
    expect(cas.describeOp(mop(cas, 'write', 'x', null, 'unknown'))).toBe('write "x" (crashed)');
    expect(cas.describeState(null)).toBe('nil');
  });
});

describe('kv', () => {
  const kv = m('kv');
  it('append concatenates strings, from empty when absent', () => {
    expect(runOps(kv, undefined, [mop(kv, 'append', 'a'), mop(kv, 'append', 'b'), mop(kv, 'get', null, 'ab')])).toBe('ab');
    expect(runOps(kv, undefined, [mop(kv, 'put', 3), mop(kv, 'append', 'x'), mop(kv, 'get', null, '3x')])).toBe('3x');
    expect(runOps(kv, '', [mop(kv, 'get', null, '')])).toBe('');
    expect(runOps(kv, undefined, [mop(kv, 'get', null, '')])).toBe(INCONSISTENT);
  });
  it('partitions by key', () => {
    const a = mop(kv, 'get', null, null, 'ok', { key: 'a' });
    const b = mop(kv, 'get', null, null, 'ok', { key: 'b' });
    expect(kv.partitioned).toBe(true);
    expect(kv.partition(a)).not.toEqual(kv.partition(b));
    expect(kv.partition(a)).toEqual(kv.partition({ ...b, key: 'a' }));
    expect(kv.describeOp(mop(kv, 'put', 5, 5, 'ok', { key: 'k1' }))).toBe('put "k1" 5');
  });
});

describe('mutex', () => {
  const mu = m('mutex');
  const acq = (p: number, v: unknown = null, o: Outcome = 'ok') => mop(mu, 'acquire', v, v, o, { process: p });
  const rel = (p: number, v: unknown = null, o: Outcome = 'ok') => mop(mu, 'release', v, v, o, { process: p });
  it('owner is the process, or the value when given', () => {
    expect(runOps(mu, undefined, [acq(1), rel(1), acq(2)])).toBe(2);
    expect(runOps(mu, undefined, [acq(1), acq(2)])).toBe(INCONSISTENT);
    expect(runOps(mu, undefined, [acq(1), rel(2)])).toBe(INCONSISTENT);
    expect(runOps(mu, undefined, [rel(1)])).toBe(INCONSISTENT);
    expect(runOps(mu, undefined, [acq(1, 'c1'), rel(7, 'c1')])).toBeNull();
  });
  it('crashed ops change nothing when they could not have succeeded', () => {
    expect(runOps(mu, undefined, [acq(1), acq(2, null, 'unknown')])).toBe(1);
    expect(runOps(mu, undefined, [acq(1), rel(2, null, 'unknown')])).toBe(1);
    expect(runOps(mu, undefined, [acq(1), rel(1, null, 'unknown')])).toBeNull();
  });
});

describe('counter, set, queue', () => {
  it('counter: adds and reads, initial 0 or given', () => {
    const c = m('counter');
    expect(runOps(c, undefined, [mop(c, 'add', 2), mop(c, 'incr', 3), mop(c, 'read', null, 5)])).toBe(5);
    expect(runOps(c, 10, [mop(c, 'add', -1), mop(c, 'read', null, 9)])).toBe(9);
    expect(runOps(c, undefined, [mop(c, 'add', 2), mop(c, 'read', null, 3)])).toBe(INCONSISTENT);
    expect(c.validate(mop(c, 'add', 'x'))).toMatch(/number/);
  });
  it('set: a read returns the whole set, in any order', () => {
    const s = m('set');
    expect(runOps(s, undefined, [mop(s, 'add', 2), mop(s, 'add', 1), mop(s, 'read', null, [1, 2])])).toEqual(['1', '2']);
    expect(runOps(s, undefined, [mop(s, 'add', 2), mop(s, 'add', 1), mop(s, 'read', null, [2, 1])])).toEqual(['1', '2']);
    expect(runOps(s, undefined, [mop(s, 'add', 2), mop(s, 'read', null, [])])).toBe(INCONSISTENT);
    expect(runOps(s, undefined, [mop(s, 'add', 'a'), mop(s, 'add', 'a'), mop(s, 'read', null, ['a'])])).toEqual(['"a"']);
    expect(s.describeState(s.init(undefined))).toBe('#{}');
  });
  it('queue: FIFO; nil from an empty queue', () => {
    const q = m('queue');
    expect(runOps(q, undefined, [mop(q, 'enqueue', 1), mop(q, 'enqueue', 2), mop(q, 'dequeue', null, 1)])).toEqual([2]);
    expect(runOps(q, undefined, [mop(q, 'enqueue', 1), mop(q, 'enqueue', 2), mop(q, 'dequeue', null, 2)])).toBe(INCONSISTENT);
    expect(runOps(q, undefined, [mop(q, 'dequeue', null, null)])).toEqual([]);
    expect(runOps(q, undefined, [mop(q, 'enqueue', 1), mop(q, 'dequeue', null, null)])).toBe(INCONSISTENT);
    expect(runOps(q, undefined, [mop(q, 'enqueue', 1), mop(q, 'dequeue', null, null, 'unknown')])).toEqual([]);
  });
  it('queue optimisation: unobserved elements merge, their crashed enqueues go', () => {
    const q = m('queue');
    const ops = [mop(q, 'enqueue', 1), mop(q, 'enqueue', 2), mop(q, 'enqueue', 3, 3, 'unknown'), mop(q, 'dequeue', null, 1), mop(q, 'enqueue', 4)];
    expect(mergeUnobserved(ops).map((o) => o.input)).toEqual([1, 'unobserved', null, 'unobserved']);
    // the placeholder never equals an observed value
    const clash = [...ops, mop(q, 'enqueue', 'unobserved'), mop(q, 'dequeue', null, 'unobserved')];
    expect(mergeUnobserved(clash).map((o) => o.input)).toEqual([1, 'unobserved*', null, 'unobserved*', 'unobserved', null]);
    expect(mergeUnobserved([ops[0]!, ops[3]!])).toHaveLength(2);
  });
});

describe('consensus', () => {
  const c = m('consensus');
  const propose = (value: number, decided: number | undefined, outcome: Outcome = 'ok', key = 'k') =>
    mop(c, 'propose', value, decided, outcome, { key });

  it('the first propose decides its own value; later ones return it', () => {
    expect(runOps(c, undefined, [propose(1, 1), propose(2, 1), propose(3, 1)])).toBe(1);
  });

  it('rejects a first propose told another value, and two different decisions', () => {
    expect(runOps(c, undefined, [propose(1, 2)])).toBe(INCONSISTENT);
    expect(runOps(c, undefined, [propose(1, 1), propose(2, 2)])).toBe(INCONSISTENT);
  });

  it('a crashed propose may have decided its value; a failed one did nothing', () => {
    expect(runOps(c, undefined, [propose(7, undefined, 'unknown'), propose(2, 7)])).toBe(7);
    expect(runOps(c, undefined, [propose(7, undefined, 'fail'), propose(2, 2)])).toBe(2);
  });

  it('is partitioned by key, and describes ops and states', () => {
    expect(c.partitioned).toBe(true);
    expect(c.partition(propose(1, 1, 'ok', 'a'))).not.toEqual(c.partition(propose(1, 1, 'ok', 'b')));
    expect(c.describeOp(propose(1, 2, 'ok', 'k3'))).toBe('propose "k3" 1 -> 2');
    expect(c.describeState(null)).toBe('undecided');
    expect(c.validate(propose(1, 1))).toBeNull();
  });
});
