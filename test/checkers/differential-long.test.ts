// Differential tests for how the search spends its budget, against independent oracles:
// - multi-key histories with one hard key and one small key (bad or not): partitions
//   interleaved under one step budget give the verdict of each key checked alone, and the
//   small key's verdict is the brute-force oracle's;
// - long sequential runs (no two ops overlap, so the history is linearizable iff replaying
//   it in order is legal), checked across quiescent cuts.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistoryOp } from '../../checkers/history.js';
import { checkHistory } from '../../checkers/linearizability/check.js';
import { getModel } from '../../checkers/models/registry.js';
import { bruteForceLinearizable } from './support/oracle.js';
import { randomHistoryArb, rngFrom, sequentialHistory } from './support/generators.js';

const RUNS = Number(process.env['FAULTLINE_DIFF_RUNS'] ?? 10_000);

describe('one hard key and one small key, round-robin', () => {
  // hard keys: concurrent cas-register histories needing about 50,000 steps (a few turns
  // of the round-robin)
  const hardKeys = [
    { ops: 300, spread: 200, crash: 0.2, seed: 5 },
    { ops: 200, spread: 250, crash: 0.3, seed: 5 },
  ].map(({ seed, ...opts }) => {
    const history = sequentialHistory('cas-register', rngFrom(seed), opts).history;
    const alone = checkHistory(history, { model: 'kv' });
    expect(alone.steps).toBeGreaterThan(30_000);
    return { history, verdict: alone.verdict };
  });

  it(`the verdict is the small key's oracle verdict, on ${Math.ceil(RUNS / 200)} histories`, () => {
    let violations = 0;
    fc.assert(
      fc.property(randomHistoryArb('kv'), fc.nat({ max: 1 }), fc.boolean(), ({ history, initial, failedCas }, h, hardFirst) => {
        const hard = hardKeys[h]!;
        const small = history.map((o) => ({ ...o, key: `small-${String(o.key)}` }));
        const big = hard.history.map((o) => ({ ...o, key: 'hard', process: (o.process as number) + 1000 }));
        const both: HistoryOp[] = (hardFirst ? [...big, ...small] : [...small, ...big]).map((o, index) => ({ ...o, index }));
        const smallOk = bruteForceLinearizable(history, getModel('kv')!, { initial, failedCas });
        const r = checkHistory(both, { model: 'kv', initial, failedCas });
        if (!smallOk) {
          violations++;
          expect(r.verdict).toBe('not-linearizable');
          expect(String(r.counterexample!.key)).toMatch(/^small-/);
        } else {
          expect(r.verdict).toBe(hard.verdict);
        }
      }),
      { numRuns: Math.ceil(RUNS / 200), seed: 20261207 },
    );
    expect(violations).toBeGreaterThan(RUNS / 2000);
  });
});

describe('long sequential runs across quiescent cuts', () => {
  /** A sequential run of reads, writes and cas on values 0-3, each op's result from the
   *  register as the run goes; `flip` results are then changed. */
  const runArb = fc.record({
    ops: fc.integer({ min: 5_000, max: 10_000 }), // cut into pieces of 5,000 or more
    seed: fc.nat(),
    flips: fc.array(fc.nat(), { maxLength: 2 }),
  });

  function sequentialRun(ops: number, seed: number, flips: readonly number[]): HistoryOp[] {
    const rng = rngFrom(seed);
    const out: HistoryOp[] = [];
    let value: number | null = null;
    for (let i = 0; i < ops; i++) {
      const x = rng();
      const process = i % 3;
      let inv: unknown = null;
      let res: unknown;
      let f: string;
      let type: HistoryOp['type'] = 'ok';
      if (x < 0.4) {
        f = 'read';
        res = value;
      } else if (x < 0.7) {
        f = 'write';
        inv = res = Math.floor(rng() * 4);
        value = inv as number;
      } else {
        f = 'cas';
        inv = res = [Math.floor(rng() * 4), Math.floor(rng() * 4)];
        if ((inv as number[])[0] === value) value = (inv as number[])[1] as number;
        else type = 'fail';
      }
      if (flips.some((k) => k % ops === i) && f === 'read') res = ((res as number | null) ?? 0) + 1;
      out.push({ index: 0, process, type: 'invoke', f, value: inv }, { index: 0, process, type, f, value: res });
    }
    return out.map((o, index) => ({ ...o, index }));
  }

  /** The oracle for a run with no overlap: replay in order. */
  function replays(history: readonly HistoryOp[], failedCas: 'did-not-happen' | 'compare-mismatch'): boolean {
    let value: unknown = null;
    for (let i = 0; i < history.length; i += 2) {
      const inv = history[i]!;
      const done = history[i + 1]!;
      if (inv.f === 'read' && done.value !== value) return false;
      if (inv.f === 'write') value = inv.value;
      if (inv.f === 'cas') {
        const [exp, next] = inv.value as [unknown, unknown];
        if (done.type === 'ok') {
          if (exp !== value) return false;
          value = next;
        } else if (failedCas === 'compare-mismatch' && exp === value) return false;
      }
    }
    return true;
  }

  it(`the same verdict as replaying the run, on ${Math.ceil(RUNS / 400)} runs of 5,000-10,000 ops`, () => {
    let bad = 0;
    fc.assert(
      fc.property(runArb, fc.boolean(), ({ ops, seed, flips }, observe) => {
        const failedCas = observe ? 'compare-mismatch' : 'did-not-happen';
        const h = sequentialRun(ops, seed, flips);
        const expected = replays(h, failedCas);
        if (!expected) bad++;
        expect(checkHistory(h, { model: 'cas-register', failedCas }).verdict).toBe(expected ? 'linearizable' : 'not-linearizable');
      }),
      { numRuns: Math.ceil(RUNS / 400), seed: 20261208 },
    );
    expect(bad).toBeGreaterThan(RUNS / 4000);
  });
});
