// The lock model's rewrite and witness (checkers/models/lock.ts): crashed acquires are
// dropped when every release names a token an ok acquire returned, and kept otherwise; the
// witness proposes the order the tokens give. The verdict is the brute-force oracle's
// either way, on random histories of clients whose leases may lapse (two holders) and
// whose ops may crash, and the witness alone decides most linearizable ones.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistoryOp } from '../../checkers/history.js';
import { checkHistory } from '../../checkers/linearizability/check.js';
import { dropCrashedAcquires, lockModel } from '../../checkers/models/lock.js';
import type { ModelOp, Outcome } from '../../checkers/models/model.js';
import { bruteForceLinearizable } from './support/oracle.js';

function op(f: string, input: unknown, output: unknown, outcome: Outcome): ModelOp {
  return { f, input, output: outcome === 'ok' ? output : undefined, outcome, process: 0, key: null };
}

const { optimize: _, witness: __, ...unreduced } = lockModel;
/** The lock model without the rewrite but with its witness: what the rewrite alone saves is measured against it. */
const { optimize: ___, ...witnessOnly } = lockModel;

describe('dropCrashedAcquires', () => {
  it('drops crashed acquires when every release names a token some ok acquire returned', () => {
    const ops = [op('acquire', null, null, 'unknown'), op('acquire', null, { token: 1 }, 'ok'), op('release', { token: 1 }, null, 'ok'), op('acquire', null, null, 'unknown')];
    expect(dropCrashedAcquires(ops)).toEqual([ops[1], ops[2]]);
  });

  it('keeps them when a release names a token no ok acquire returned (a crashed acquire may have got it)', () => {
    const ops = [op('acquire', null, null, 'unknown'), op('release', 7, null, 'unknown'), op('acquire', null, 8, 'ok')];
    expect(dropCrashedAcquires(ops)).toBe(ops);
  });
});

interface Client {
  process: number;
  phase: 'idle' | 'acquiring' | 'holding' | 'releasing';
  token: number;
}

/**
 * Clients acquire, hold and release one lock; a grant does not wait for the holder to
 * release (leases lapse), tokens mostly grow (sometimes one is handed out twice), ops may
 * crash (the client then carries on as a new process; a crashed acquire may have taken
 * effect, and its client release the token no ok acquire returned), and a release may name
 * a token the client never got. Each step: [client, choice].
 */
function lockHistory(steps: readonly (readonly [number, number])[], clientsCount: number): HistoryOp[] {
  const clients: Client[] = Array.from({ length: clientsCount }, (_, i) => ({ process: i, phase: 'idle', token: 0 }));
  const h: HistoryOp[] = [];
  let counter = 0;
  let nextProcess = clientsCount;
  const add = (c: Client, type: HistoryOp['type'], f: string, value: unknown) => h.push({ index: h.length, process: c.process, type, f, value });
  const crash = (c: Client) => {
    c.process = nextProcess++;
    c.phase = 'idle';
  };
  // The acquire took effect though its reply was lost: the client (a new process) knows its token and releases it.
  const crashHolding = (c: Client) => {
    crash(c);
    c.token = ++counter;
    c.phase = 'holding';
  };
  for (const [which, choice] of steps) {
    const c = clients[which % clientsCount]!;
    if (c.phase === 'idle') {
      add(c, 'invoke', 'acquire', null);
      c.phase = 'acquiring';
    } else if (c.phase === 'acquiring') {
      if (choice % 8 === 0) crashHolding(c);
      else if (choice % 4 === 0) crash(c);
      else if (choice % 4 === 1) {
        add(c, 'fail', 'acquire', null);
        c.phase = 'idle';
      } else {
        c.token = choice % 7 === 0 ? counter : ++counter;
        add(c, 'ok', 'acquire', { token: c.token });
        c.phase = 'holding';
      }
    } else if (c.phase === 'holding') {
      add(c, 'invoke', 'release', { token: choice % 9 === 0 ? counter + 1 : c.token });
      c.phase = 'releasing';
    } else if (choice % 5 === 0) crash(c);
    else {
      add(c, 'ok', 'release', null);
      c.phase = 'idle';
    }
  }
  return h;
}

describe('the lock model with the rewrite', () => {
  it('agrees with the brute-force oracle and with the search without the rewrite and the witness', () => {
    const stepsArb = fc.array(fc.tuple(fc.nat(2), fc.nat(62)), { maxLength: 24 });
    let violations = 0;
    let dropped = 0;
    let witnessed = 0;
    let linearizable = 0;
    fc.assert(
      fc.property(stepsArb, (steps) => {
        const h = lockHistory(steps, 3);
        if (!h.some((e) => e.type === 'invoke')) return;
        const expected = bruteForceLinearizable(h, lockModel) ? 'linearizable' : 'not-linearizable';
        const reduced = checkHistory(h, { model: lockModel, maxSteps: 1_000_000 });
        expect(reduced.verdict).toBe(expected);
        expect(checkHistory(h, { model: unreduced, maxSteps: 1_000_000 }).verdict).toBe(expected);
        const withoutRewrite = checkHistory(h, { model: witnessOnly, maxSteps: 1_000_000 });
        expect(withoutRewrite.verdict).toBe(expected);
        if (expected === 'not-linearizable') violations++;
        if (expected === 'linearizable' && reduced.counts.ok > 0) {
          linearizable++;
          if (reduced.cacheEntries === 0) witnessed++; // no search ran
        }
        if (reduced.counts.info > 0 && reduced.steps < withoutRewrite.steps) dropped++;
      }),
      { numRuns: 400, seed: 15 },
    );
    // The generator must produce both verdicts and histories the rewrite shortens.
    expect(violations).toBeGreaterThan(20);
    expect(dropped).toBeGreaterThan(10); // 19 at this seed, counted against the witness alone
    // The witness leaves only what needs a crashed acquire (a token no ok acquire returned) to the search.
    expect(linearizable).toBeGreaterThan(50);
    expect(witnessed).toBeGreaterThan(0.8 * linearizable);
  });

  it('refutes a lapsed lease among many timed-out acquires in few steps, where the plain search runs out', () => {
    // 12 clients: each but the first times out acquiring; then 1 is granted while 0 still holds.
    const h: HistoryOp[] = [];
    const add = (process: number, type: HistoryOp['type'], f: string, value: unknown) => h.push({ index: h.length, process, type, f, value });
    add(0, 'invoke', 'acquire', null);
    for (let p = 2; p < 14; p++) add(p, 'invoke', 'acquire', null);
    add(0, 'ok', 'acquire', { token: 1 });
    for (let round = 0; round < 6; round++) {
      add(0, 'invoke', 'release', { token: 2 * round + 1 });
      add(0, 'ok', 'release', null);
      add(0, 'invoke', 'acquire', null);
      add(0, 'ok', 'acquire', { token: 2 * round + 2 });
      add(0, 'invoke', 'release', { token: 2 * round + 2 });
      add(0, 'ok', 'release', null);
      add(0, 'invoke', 'acquire', null);
      add(0, 'ok', 'acquire', { token: 2 * round + 3 });
    }
    add(1, 'invoke', 'acquire', null);
    add(1, 'ok', 'acquire', { token: 99 }); // while 0 still holds token 13: the lease lapsed
    const reduced = checkHistory(h, { model: lockModel, maxSteps: 2_000_000 });
    expect(reduced.verdict).toBe('not-linearizable');
    expect(reduced.steps).toBeLessThan(1_000);
    const plain = checkHistory(h, { model: unreduced, maxSteps: 300_000 });
    expect(plain.verdict === 'unknown' || plain.steps > 100 * reduced.steps).toBe(true);
  });
});
