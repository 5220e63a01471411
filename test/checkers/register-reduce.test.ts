// The register rewrites (checkers/models/register-reduce.ts) on hand-made cases: which
// crashed ops are dropped, which are bounded, which values merge, and what a violation's
// report looks like after them. The differential tests check them against the oracle on
// random histories; these pin down each rule, including the conservative cases.

import { describe, expect, it } from 'vitest';
import type { HistoryOp } from '../../checkers/history.js';
import { checkHistory } from '../../checkers/linearizability/check.js';
import type { TimedOp } from '../../checkers/models/model.js';
import { reduceRegister } from '../../checkers/models/register-reduce.js';
import { bruteForceLinearizable } from './support/oracle.js';
import { kvModel } from '../../checkers/models/kv.js';
import { getModel } from '../../checkers/models/registry.js';
import { rngFrom } from './support/generators.js';

interface Op extends TimedOp {
  readonly id: number;
}

let nextId = 0;
/** An acknowledged op over [call, ret]. */
function ok(f: string, input: unknown, call: number, ret: number, output: unknown = input): Op {
  return { id: nextId++, f, input, output, outcome: 'ok', process: nextId, key: 'k', call, ret, required: true };
}
/** A crashed op invoked at `call`. */
function crashed(f: string, input: unknown, call: number): Op {
  return { id: nextId++, f, input, output: undefined, outcome: 'unknown', process: nextId, key: 'k', call, ret: Infinity, required: false };
}
const read = (output: unknown, call: number, ret: number): Op => ok('read', null, call, ret, output);
const ids = (ops: readonly Op[]): number[] => ops.map((o) => o.id);

describe('rule 1: crashed ops nobody saw are dropped', () => {
  it('a crashed write whose value no read returns and no cas expects', () => {
    const w = crashed('write', 5, 0);
    const seen = crashed('write', 6, 1);
    const ops = [w, seen, read(6, 2, 3), ok('write', 7, 4, 5)];
    const out = reduceRegister(ops, null);
    expect(ids(out)).not.toContain(w.id);
    expect(ids(out)).toContain(seen.id);
  });

  it('a value that a cas expects (even a crashed cas) is seen', () => {
    const w = crashed('write', 5, 0);
    const ops = [w, crashed('cas', [5, 8], 1), read(8, 2, 3)];
    expect(ids(reduceRegister(ops, null))).toContain(w.id);
  });

  it('a crashed cas to a value nobody saw, or expecting a value nothing can build', () => {
    const unseen = crashed('cas', [null, 9], 0);
    const never = crashed('cas', [42, 10], 1);
    const ops = [unseen, never, read(10, 2, 3), ok('write', 1, 4, 5)];
    const out = ids(reduceRegister(ops, null));
    expect(out).not.toContain(unseen.id);
    expect(out).not.toContain(never.id);
  });

  it('a cas expecting a string that only appends build is kept', () => {
    const cas = crashed('cas', ['1,', 5], 2);
    const ops = [ok('append', '1,', 0, 1), cas, read(5, 3, 4)];
    expect(ids(reduceRegister(ops, null))).toContain(cas.id);
    const h = toHistory(ops);
    expect(checkHistory(h, { model: 'kv' }).verdict).toBe('linearizable');
  });

  it('with appends, a write is seen through the strings built on it, not through text that only looks alike', () => {
    // read "12,": put 1 then append "2,"? Only if some op appends "2,".
    const w = crashed('write', 1, 0);
    const alike = [w, ok('append', '12,', 1, 2), read('12,', 3, 4)];
    expect(ids(reduceRegister(alike, null))).not.toContain(w.id);
    const w2 = crashed('write', 1, 0);
    const built = [w2, ok('append', '12,', 1, 2), crashed('append', '2,', 1), read('12,', 3, 4)];
    expect(ids(reduceRegister(built, null))).toContain(w2.id);
  });

  it('a crashed append is seen only where a decomposition uses it', () => {
    const a = crashed('append', '51,', 0);
    // "3451,": put 34 then "51,", or put 3 then "451,": neither "451," nor "4" exists, but 34 does
    const used = [a, ok('write', 34, 1, 2), read('3451,', 3, 4)];
    expect(ids(reduceRegister(used, null))).toContain(a.id);
    // "351,": 3 then "51,"? no put of 3; 35 then "1,": yes. "51," takes part in no decomposition
    const b = crashed('append', '51,', 0);
    const unused = [b, ok('write', 35, 1, 2), ok('append', '1,', 1, 2), read('351,', 3, 4)];
    expect(ids(reduceRegister(unused, null))).not.toContain(b.id);
  });

  it('an append of the empty string makes the string rules textual (conservative)', () => {
    const w = crashed('write', 1, 0);
    const ops = [w, ok('append', '12,', 1, 2), ok('append', '', 1, 2), read('12,', 3, 4)];
    expect(ids(reduceRegister(ops, null))).toContain(w.id);
  });

  it('nothing is dropped when a failed cas is kept (compare-mismatch): it observes inequality', () => {
    // init 0; the crashed write of 1 is what lets the failed cas [0 5] not match
    const w = crashed('write', 1, 0);
    const failedCas: Op = { ...ok('cas', [0, 5], 1, 2), outcome: 'fail', output: undefined };
    expect(ids(reduceRegister([w, failedCas], 0))).toContain(w.id);
    const h: HistoryOp[] = [
      { index: 0, process: 0, type: 'invoke', f: 'write', value: 1 },
      { index: 1, process: 0, type: 'info', f: 'write', value: 1 },
      { index: 2, process: 1, type: 'invoke', f: 'cas', value: [0, 5] },
      { index: 3, process: 1, type: 'fail', f: 'cas', value: [0, 5] },
    ];
    expect(checkHistory(h, { model: 'cas-register', initial: 0, failedCas: 'compare-mismatch' }).verdict).toBe('linearizable');
  });
});

describe('rule 2: crashed ops that were seen are bounded', () => {
  it('a crashed write of a unique value becomes required, ending just after the first read of it', () => {
    const w = crashed('write', 5, 0);
    const r1 = read(5, 4, 7);
    const r0 = read(5, 3, 6);
    const out = reduceRegister([w, r0, r1, ok('write', 6, 8, 9)], null);
    const b = out.find((o) => o.id === w.id)!;
    expect(b.required).toBe(true);
    expect(b.ret).toBe(6.5);
    expect(b.outcome).toBe('unknown');
  });

  it('a crashed cas to a unique value, seen by an acknowledged cas', () => {
    const c = crashed('cas', [null, 5], 0);
    const out = reduceRegister([c, ok('cas', [5, 6], 2, 3), read(6, 4, 5)], null);
    expect(out.find((o) => o.id === c.id)!.ret).toBe(3.5);
  });

  it('not when another op writes the same value, or it is the initial value', () => {
    const w = crashed('write', 5, 0);
    const twice = reduceRegister([w, crashed('write', 5, 1), read(5, 2, 3)], null);
    expect(twice.find((o) => o.id === w.id)!.required).toBe(false);
    const w2 = crashed('write', 5, 0);
    const initial = reduceRegister([w2, read(5, 2, 3)], 5);
    expect(initial.find((o) => o.id === w2.id)!.required).toBe(false);
  });

  it('a crashed append whose text every decomposition of a read needs', () => {
    const a = crashed('append', '7,', 0);
    const out = reduceRegister([ok('write', 3, 1, 2), a, read('37,', 3, 4)], null);
    expect(out.find((o) => o.id === a.id)!.ret).toBe(4.5);
    // "37," is also an appended text of its own: the read may not need "7,"
    const a2 = crashed('append', '7,', 0);
    const other = reduceRegister([ok('write', 3, 1, 2), a2, crashed('append', '37,', 0), read('37,', 3, 4)], null);
    expect(other.find((o) => o.id === a2.id)!.required).toBe(false);
  });

  it('a crashed write whose value every decomposition starts with', () => {
    const w = crashed('write', 3, 0);
    const out = reduceRegister([w, ok('append', '7,', 1, 2), read('37,', 3, 4)], null);
    expect(out.find((o) => o.id === w.id)!.ret).toBe(4.5);
  });
});

describe('rule 3: unobserved values merge', () => {
  it('written values no op observes become one placeholder (that no op observes either)', () => {
    const ops = [ok('write', 1, 0, 1), ok('write', 2, 2, 3), read('unobserved', 4, 5), ok('cas', ['unobserved', 3], 6, 7)];
    const out = reduceRegister(ops, null);
    expect(out.map((o) => o.input)).toEqual(['unobserved*', 'unobserved*', null, ['unobserved', 'unobserved*']]);
  });

  it('not on keys with appends (but once rule 1 dropped the only, crashed, append, yes)', () => {
    const ops = [ok('write', 1, 0, 1), ok('append', 'x', 2, 3), read('1x', 4, 5)];
    expect(reduceRegister(ops, null)).toBe(ops);
    const crashedOnly = [ok('write', 1, 0, 1), crashed('append', 'x', 2), ok('write', 2, 3, 4), read(2, 5, 6)];
    expect(reduceRegister(crashedOnly, null).map((o) => o.input)).toEqual(['unobserved', 2, null]);
  });
});

describe('reports after the rewrites', () => {
  it('the state after the longest prefix names the original values, not the placeholder', () => {
    const h = hist([
      [0, 'invoke', 'write', 1],
      [0, 'ok', 'write', 1],
      [1, 'invoke', 'write', 2],
      [1, 'ok', 'write', 2],
      [0, 'invoke', 'read', null],
      [0, 'ok', 'read', 1],
    ]);
    const r = checkHistory(h, { model: 'cas-register' });
    expect(r.verdict).toBe('not-linearizable');
    expect(r.counterexample!.stateAfter).toBe('2');
    expect(r.counterexample!.linearized.map((o) => o.text)).toEqual(['write 1', 'write 2']);
  });

  it('a bounded crashed write is never the op blamed', () => {
    const h = hist([
      [0, 'invoke', 'write', 5],
      [1, 'invoke', 'read', null],
      [1, 'ok', 'read', 5],
      [2, 'invoke', 'read', null],
      [2, 'ok', 'read', null],
      [0, 'info', 'write', 'timed-out'],
    ]);
    const r = checkHistory(h, { model: 'cas-register' });
    expect(r.verdict).toBe('not-linearizable');
    // as without the rewrites: the second read is blamed, after the write and the first read
    expect(r.counterexample!.failedOp!.text).toBe('read -> nil');
    expect(r.counterexample!.linearized.map((o) => o.text)).toEqual(['write 5 (crashed)', 'read -> 5']);
    expect(r.counterexample!.stateAfter).toBe('5');
  });
});

describe('Raft-like histories: unique values, many crashes', () => {
  /** One key; ops take effect at points 10 apart, in order, with intervals up to 30 wide
   *  on each side (so several overlap): put n / cas to n / append "n," / get, with 25% of
   *  them crashed (applied or not, with an info completion or none), a crashed client
   *  coming back as a new process. Results follow the points: always linearizable. */
  function raftLike(seed: number, count: number): HistoryOp[] {
    const rng = rngFrom(seed);
    let value: unknown = null;
    const evs: { t: number; seq: number; op: Omit<HistoryOp, 'index'> }[] = [];
    const slots: { process: number; freeAt: number }[] = [];
    let processes = 0;
    for (let i = 1; i <= count; i++) {
      const at = 10 * i;
      const inv = at - 1 - Math.floor(rng() * 30);
      const ret = at + 1 + Math.floor(rng() * 30);
      const crash = rng() < 0.25;
      const applied = !crash || rng() < 0.5;
      const x = rng();
      let f: string;
      let input: unknown;
      let output: unknown;
      let failed = false;
      if (x < 0.4) {
        f = 'get';
        input = null;
        output = value;
      } else if (x < 0.65) {
        f = 'put';
        input = i;
        output = i;
        if (applied) value = i;
      } else if (x < 0.8) {
        f = 'cas';
        input = [rng() < 0.7 ? value : -1, i];
        output = input;
        if (JSON.stringify((input as unknown[])[0]) !== JSON.stringify(value)) failed = true;
        else if (applied) value = i;
      } else {
        f = 'append';
        input = `${i},`;
        output = input;
        if (applied) value = (value === null ? '' : String(value)) + `${i},`;
      }
      let slot = slots.find((s) => s.freeAt < inv);
      if (slot === undefined) {
        slot = { process: processes++, freeAt: 0 };
        slots.push(slot);
      }
      const p = slot.process;
      evs.push({ t: inv, seq: evs.length, op: { process: p, type: 'invoke', f, value: input, key: 'k' } });
      if (crash) {
        if (rng() < 0.7) evs.push({ t: ret, seq: evs.length, op: { process: p, type: 'info', f, value: 'timed-out', key: 'k' } });
        slot.process = processes++;
      } else {
        evs.push({ t: ret, seq: evs.length, op: { process: p, type: failed ? 'fail' : 'ok', f, value: output, key: 'k' } });
      }
      slot.freeAt = ret;
    }
    evs.sort((a, b) => a.t - b.t || a.seq - b.seq);
    return evs.map((e, index) => ({ index, ...e.op }));
  }

  it('decide in a few steps per op, where the unreduced search takes far more (or runs out)', () => {
    const { optimize: _, ...unreduced } = kvModel;
    let costly = 0;
    for (let seed = 1; seed <= 5; seed++) {
      const h = raftLike(seed, 400);
      const r = checkHistory(h, { model: 'kv', maxSteps: 200_000 });
      expect(r.verdict).toBe('linearizable');
      expect(r.counts.info).toBeGreaterThan(60);
      expect(r.steps).toBeLessThan(20 * r.counts.ops); // steps count every list entry visited
      const plain = checkHistory(h, { model: unreduced, maxSteps: 200_000 });
      if (plain.verdict === 'unknown' || plain.steps > 10 * r.steps) costly++;
    }
    expect(costly).toBeGreaterThanOrEqual(3);
  });

  it('small ones agree with the oracle', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const h = raftLike(seed, 9);
      const expected = bruteForceLinearizable(h, getModel('kv')!);
      expect(checkHistory(h, { model: 'kv' }).verdict).toBe(expected ? 'linearizable' : 'not-linearizable');
      expect(expected).toBe(true);
    }
  });
});

describe('long strings', () => {
  /** Jepsen-style list appends on one key: appends "i," and reads of everything so far,
   *  one after the other, plus a crashed append of "1," (a text inside "21,", "31,", ...),
   *  taking effect at the end when `late` (a last read then shows it). */
  function listAppend(count: number, late: boolean, lost: boolean): HistoryOp[] {
    const h: HistoryOp[] = [];
    const push = (o: Omit<HistoryOp, 'index'>): void => {
      h.push({ index: h.length, ...o });
    };
    push({ process: 100, type: 'invoke', f: 'append', key: 'k', value: '1,' });
    let value = '';
    for (let i = 2; i < count; i++) {
      const p = i % 5;
      if (i % 2 === 0) {
        push({ process: p, type: 'invoke', f: 'append', key: 'k', value: `${i},` });
        value += `${i},`;
        push({ process: p, type: 'ok', f: 'append', key: 'k', value: `${i},` });
      } else {
        push({ process: p, type: 'invoke', f: 'get', key: 'k', value: null });
        push({ process: p, type: 'ok', f: 'get', key: 'k', value: value === '' ? null : value });
      }
    }
    if (late) value += '1,';
    if (lost) value = value.replace('20,', '');
    push({ process: 6, type: 'invoke', f: 'get', key: 'k', value: null });
    push({ process: 6, type: 'ok', f: 'get', key: 'k', value });
    return h;
  }

  it('decompositions past the work budget count as sightings (the verdict stands)', () => {
    // reads up to ~6,000 characters: more than the budget decomposes
    expect(checkHistory(listAppend(2500, false, false), { model: 'kv' }).verdict).toBe('linearizable');
    expect(checkHistory(listAppend(2500, true, false), { model: 'kv' }).verdict).toBe('linearizable');
    const bad = checkHistory(listAppend(2500, true, true), { model: 'kv' });
    expect(bad.verdict).toBe('not-linearizable');
  });
});

type Row = [number, HistoryOp['type'], string, unknown];
function hist(rows: Row[]): HistoryOp[] {
  return rows.map(([process, type, f, value], index) => ({ index, process, type, f, value }));
}

/** Ops with integer positions as a history on key k (for checkHistory). */
function toHistory(ops: readonly Op[]): HistoryOp[] {
  const evs: { t: number; op: Omit<HistoryOp, 'index'> }[] = [];
  ops.forEach((o, p) => {
    const f = o.f === 'read' ? 'get' : o.f === 'write' ? 'put' : o.f;
    evs.push({ t: o.call, op: { process: p, type: 'invoke', f, value: o.input, key: 'k' } });
    if (o.ret !== Infinity) evs.push({ t: o.ret + 0.1, op: { process: p, type: o.outcome === 'ok' ? 'ok' : o.outcome === 'fail' ? 'fail' : 'info', f, value: o.f === 'read' ? o.output : o.input, key: 'k' } });
  });
  evs.sort((a, b) => a.t - b.t);
  return evs.map((e, index) => ({ index, ...e.op }));
}
