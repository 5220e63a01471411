// The bank model's witness (checkers/models/bank-witness.ts) makes the check fast, never
// different: on small random bank histories (real executions on a timeline, with crashed
// transfers applied or not, and some reads corrupted) the checker agrees with the
// brute-force oracle; a witness that holds is a real linearization; a lying witness is
// caught by the verification and the search decides as before.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistoryOp } from '../../checkers/history.js';
import { checkHistory } from '../../checkers/linearizability/check.js';
import { prepareHistory } from '../../checkers/linearizability/prepare.js';
import { tryWitness, verifyWitness } from '../../checkers/linearizability/witness.js';
import type { Model } from '../../checkers/models/model.js';
import { getModel } from '../../checkers/models/registry.js';
import { bruteForceLinearizable } from './support/oracle.js';

const bank = getModel('bank')!;
const ACCOUNTS = ['a', 'b', 'c'];
const RUNS = Number(process.env['FAULTLINE_DIFF_RUNS'] ?? 3_000);

/** One step of a process: invoke its next op, apply it to the true bank, or complete it. */
const stepArb = fc.record({
  p: fc.nat({ max: 2 }),
  read: fc.boolean(),
  from: fc.nat({ max: 2 }),
  shift: fc.integer({ min: 1, max: 2 }),
  amount: fc.integer({ min: 1, max: 4 }),
  crash: fc.nat({ max: 9 }),
  corrupt: fc.nat({ max: 4 }),
});

interface Open {
  readonly f: 'transfer' | 'read';
  readonly value: unknown;
  applied: boolean;
  seen: Record<string, number> | null;
  refused: boolean;
}

type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

/** A real execution of a bank, laid out as a history: each op takes effect between its
 *  invocation and completion; 1 in 10 completes as info (applied or not); 1 in 5 reads
 *  reports a balance off by one (usually not linearizable then). */
function bankHistory(steps: readonly Step[], knownOpening: boolean): { history: HistoryOp[]; initial: unknown } {
  const balances: Record<string, number> = { a: 4, b: 4, c: 4 };
  const open = new Map<number, Open>();
  const history: HistoryOp[] = [];
  let invoked = 0;
  const push = (op: Omit<HistoryOp, 'index'>) => history.push({ index: history.length, ...op } as HistoryOp);
  for (const s of steps) {
    const o = open.get(s.p);
    if (o === undefined) {
      if (invoked++ >= 7) continue;
      const from = ACCOUNTS[s.from]!;
      const to = ACCOUNTS[(s.from + s.shift) % 3]!;
      const next: Open = s.read
        ? { f: 'read', value: null, applied: false, seen: null, refused: false }
        : { f: 'transfer', value: { from, to, amount: s.amount }, applied: false, seen: null, refused: false };
      open.set(s.p, next);
      push({ process: s.p, type: 'invoke', f: next.f, value: next.value });
    } else if (!o.applied && s.crash % 2 === 0) {
      o.applied = true;
      if (o.f === 'read') o.seen = { ...balances };
      else {
        const t = o.value as { from: string; to: string; amount: number };
        if (balances[t.from]! < t.amount) o.refused = true;
        else (balances[t.from]! -= t.amount), (balances[t.to]! += t.amount);
      }
    } else {
      open.delete(s.p);
      if (s.crash === 9) push({ process: s.p, type: 'info', f: o.f, value: o.value });
      else if (!o.applied || o.refused) push({ process: s.p, type: 'fail', f: o.f, value: o.value });
      else if (o.f === 'transfer') push({ process: s.p, type: 'ok', f: o.f, value: o.value });
      else {
        const seen = { ...o.seen! };
        if (s.corrupt === 0) seen[ACCOUNTS[s.from]!]! += 1;
        push({ process: s.p, type: 'ok', f: 'read', value: seen });
      }
    }
  }
  return { history, initial: knownOpening ? { a: 4, b: 4, c: 4 } : undefined };
}

const historyArb = fc.record({ steps: fc.array(stepArb, { minLength: 2, maxLength: 30 }), known: fc.boolean() }).map(({ steps, known }) => bankHistory(steps, known));

describe('bank witness', () => {
  it(`the checker agrees with brute force on ${RUNS} random bank histories, and a witness that holds is a linearization`, () => {
    const seen = { linearizable: 0, violations: 0, proved: 0 };
    fc.assert(
      fc.property(historyArb, ({ history, initial }) => {
        if (!history.some((h) => h.type === 'invoke')) return;
        const expected = bruteForceLinearizable(history, bank, { initial });
        expect(checkHistory(history, { model: 'bank', initial }).verdict).toBe(expected ? 'linearizable' : 'not-linearizable');
        const ops = prepareHistory(history, bank).partitions[0]?.ops ?? [];
        if (ops.length === 0) return;
        const proved = tryWitness(bank, bank.init(initial), ops, 100_000).proved;
        if (proved) expect(expected).toBe(true);
        seen.proved += proved ? 1 : 0;
        seen[expected ? 'linearizable' : 'violations']++;
      }),
      { numRuns: RUNS, seed: 13 },
    );
    // Not vacuous: both verdicts occur, and the witness decides most linearizable histories.
    expect(seen.violations).toBeGreaterThan(RUNS / 50);
    expect(seen.proved).toBeGreaterThan(seen.linearizable * 0.95);
  }, 120_000);

  it('verification rejects a proposal that skips a required op, breaks real time or steps illegally', () => {
    const h: HistoryOp[] = [
      { index: 0, process: 0, type: 'invoke', f: 'transfer', value: { from: 'a', to: 'b', amount: 3 } },
      { index: 1, process: 0, type: 'ok', f: 'transfer', value: { from: 'a', to: 'b', amount: 3 } },
      { index: 2, process: 1, type: 'invoke', f: 'read', value: null },
      { index: 3, process: 1, type: 'ok', f: 'read', value: { a: 1, b: 7, c: 4 } },
    ];
    const ops = prepareHistory(h, bank).partitions[0]!.ops;
    const init = bank.init({ a: 4, b: 4, c: 4 });
    expect(verifyWitness(bank, init, ops, [ops[0]!, ops[1]!])).toBe(true);
    expect(verifyWitness(bank, init, ops, [ops[0]!])).toBe(false); // the read is missing
    expect(verifyWitness(bank, init, ops, [ops[1]!, ops[0]!])).toBe(false); // read before a transfer that completed before it began
    expect(verifyWitness(bank, init, ops, [ops[0]!, ops[0]!, ops[1]!])).toBe(false); // twice
    expect(verifyWitness(bank, bank.init({ a: 2, b: 4, c: 4 }), ops, [ops[0]!, ops[1]!])).toBe(false); // overdraws
  });

  it('a lying witness changes nothing: the search decides as before', () => {
    const ops: HistoryOp[] = [
      { index: 0, process: 0, type: 'invoke', f: 'transfer', value: { from: 'a', to: 'b', amount: 5 } },
      { index: 1, process: 0, type: 'ok', f: 'transfer', value: { from: 'a', to: 'b', amount: 5 } },
      { index: 2, process: 1, type: 'invoke', f: 'read', value: null },
      { index: 3, process: 1, type: 'ok', f: 'read', value: { a: 10, b: 15 } },
    ];
    // Proposes the read first: never a linearization of these ops.
    const liar: Model<unknown> = { ...(bank as Model<unknown>), witness: (proposed) => ({ order: [...proposed].reverse(), steps: 1 }) };
    expect(checkHistory(ops, { model: liar, initial: { a: 15, b: 10 } }).verdict).toBe('linearizable');
    expect(checkHistory(ops, { model: liar, initial: { a: 10, b: 10 } }).verdict).toBe('not-linearizable'); // money appeared
    expect(checkHistory(ops, { model: 'bank', initial: { a: 10, b: 10 } }).verdict).toBe('not-linearizable');
  });
});
