// The lock-with-fencing-tokens and bank models: their steps, and whole histories the
// checker must accept and known-bad ones it must reject.
import { describe, expect, it } from 'vitest';
import { parseHistory } from '../../checkers/formats/history-io.js';
import { checkHistory } from '../../checkers/linearizability/check.js';
import { INCONSISTENT, type ModelOp, type Outcome } from '../../checkers/models/model.js';
import { getModel } from '../../checkers/models/registry.js';

const lock = getModel('lock')!;
const bank = getModel('bank')!;

function op(f: string, input: unknown, output: unknown, outcome: Outcome = 'ok'): ModelOp {
  return { f, input, output: outcome === 'ok' ? output : undefined, outcome, process: 0, key: null };
}

function verdict(model: string, edn: string): string {
  return checkHistory(parseHistory(edn).ops, { model, maxSteps: 1_000_000 }).verdict;
}

describe('lock model', () => {
  it('grants increasing tokens, one holder at a time, released by its token', () => {
    let s = lock.init(undefined);
    s = lock.step(s, op('acquire', null, { token: 1 }));
    expect(lock.describeState(s)).toBe('held by token 1');
    expect(lock.step(s, op('acquire', null, { token: 2 }))).toBe(INCONSISTENT);
    expect(lock.step(s, op('release', 2, null))).toBe(INCONSISTENT);
    s = lock.step(s, op('release', { token: 1 }, null));
    expect(lock.describeState(s)).toBe('free (last token 1)');
    expect(lock.step(s, op('acquire', null, 1))).toBe(INCONSISTENT); // a token must grow
    expect(lock.step(s, op('acquire', null, 3))).not.toBe(INCONSISTENT);
  });

  it('lets a crashed acquire hold the lock with a token nobody saw', () => {
    const s = lock.step(lock.init(undefined), op('acquire', null, undefined, 'unknown'));
    expect(lock.step(s, op('release', 5, null))).not.toBe(INCONSISTENT);
    expect(lock.step(s, op('acquire', null, 5))).toBe(INCONSISTENT);
  });

  it('names malformed ops', () => {
    expect(lock.validate(op('release', 'x', null))).toMatch(/release to be a token/);
    expect(lock.validate(op('acquire', null, 'yes'))).toMatch(/acquire to return a token/);
  });

  it('accepts a history of overlapping acquires when one was refused', () => {
    const h = `[{:process 0 :type :invoke :f :acquire :value nil}
      {:process 1 :type :invoke :f :acquire :value nil}
      {:process 0 :type :ok :f :acquire :value {:token 1}}
      {:process 1 :type :fail :f :acquire :value nil}
      {:process 0 :type :invoke :f :release :value 1}
      {:process 0 :type :ok :f :release :value 1}]`;
    expect(verdict('lock', h)).toBe('linearizable');
  });

  it('rejects two holders at once, and a token that went backwards', () => {
    const twoHolders = `[{:process 0 :type :invoke :f :acquire :value nil}
      {:process 0 :type :ok :f :acquire :value {:token 1}}
      {:process 1 :type :invoke :f :acquire :value nil}
      {:process 1 :type :ok :f :acquire :value {:token 2}}]`;
    expect(verdict('lock', twoHolders)).toBe('not-linearizable');
    const backwards = `[{:process 0 :type :invoke :f :acquire :value nil}
      {:process 0 :type :ok :f :acquire :value 5}
      {:process 0 :type :invoke :f :release :value 5}
      {:process 0 :type :ok :f :release :value 5}
      {:process 1 :type :invoke :f :acquire :value nil}
      {:process 1 :type :ok :f :acquire :value 4}]`;
    expect(verdict('lock', backwards)).toBe('not-linearizable');
  });
});

describe('bank model', () => {
  it('moves money and reads every balance', () => {
    let s = bank.init({ a: 10, b: 0 });
    s = bank.step(s, op('transfer', { from: 'a', to: 'b', amount: 4 }, null));
    expect(bank.step(s, op('read', null, { a: 6, b: 4 }))).not.toBe(INCONSISTENT);
    expect(bank.step(s, op('read', null, { a: 10, b: 0 }))).toBe(INCONSISTENT);
    expect(bank.step(s, op('transfer', { from: 'a', to: 'b', amount: 7 }, null))).toBe(INCONSISTENT); // overdraws
  });

  it('learns unknown opening balances from the first read', () => {
    let s = bank.init(undefined);
    s = bank.step(s, op('transfer', { from: 'a', to: 'b', amount: 3 }, null));
    expect(bank.step(s, op('read', null, { a: 1, b: 3 }))).not.toBe(INCONSISTENT); // a opened with 4
    expect(bank.step(s, op('read', null, { a: 7 }))).toBe(INCONSISTENT); // b would have opened at -3
  });

  it('names malformed ops', () => {
    expect(bank.validate(op('transfer', { from: 'a', amount: 1 }, null))).toMatch(/\{from, to, amount >= 0\}/);
    expect(bank.validate(op('read', null, [1, 2]))).toMatch(/balances like/);
  });

  it('accepts a read concurrent with a transfer either side of it, and rejects money appearing', () => {
    const ok = `[{:process 0 :type :invoke :f :transfer :value {:from :a :to :b :amount 5}}
      {:process 1 :type :invoke :f :read :value nil}
      {:process 1 :type :ok :f :read :value {:a 10 :b 10}}
      {:process 0 :type :ok :f :transfer :value {:from :a :to :b :amount 5}}
      {:process 1 :type :invoke :f :read :value nil}
      {:process 1 :type :ok :f :read :value {:a 5 :b 15}}]`;
    expect(verdict('bank', ok)).toBe('linearizable');
    const created = `[{:process 1 :type :invoke :f :read :value nil}
      {:process 1 :type :ok :f :read :value {:a 10 :b 10}}
      {:process 0 :type :invoke :f :transfer :value {:from :a :to :b :amount 5}}
      {:process 0 :type :ok :f :transfer :value {:from :a :to :b :amount 5}}
      {:process 1 :type :invoke :f :read :value nil}
      {:process 1 :type :ok :f :read :value {:a 10 :b 15}}]`;
    expect(verdict('bank', created)).toBe('not-linearizable');
  });
});
