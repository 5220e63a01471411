// The 2PC invariants reject known-bad event sequences and accept good ones.
import { describe, expect, test } from 'vitest';
import type { Invariant, ObservedEvent, ViewOf } from '../../../checkers/invariants.js';
import { atomicCommit, auditTotal, moneyConserved, noNegativeBalance } from '../../../protocols/twopc/invariants.js';

let index = 0;
function log(node: string, name: string, fields: Record<string, unknown>): ObservedEvent {
  return { index: index++, timeUs: index, kind: 'log', node, name, fields };
}

const noViews: ViewOf = () => ({});

/** The first message the invariant reports over these events, or null. */
function firstViolation(invariant: Invariant, events: readonly ObservedEvent[]): string | null {
  const check = invariant.create();
  for (const e of events) {
    const message = check.onEvent?.(e, noViews, []) ?? null;
    if (message !== null) return message;
  }
  return null;
}

const yes = (node: string, tx = 't1') => log(node, 'voted', { tx, yes: true, readOnly: false });
const decided = (commit: boolean, participants = 's1,s2', tx = 't1') => log('c', 'decided', { tx, commit, readOnly: false, participants });

describe('atomic-commit', () => {
  test('a clean commit passes', () => {
    expect(firstViolation(atomicCommit, [yes('s1'), yes('s2'), decided(true), log('s1', 'committed', { tx: 't1', minBalance: 0 }), log('s2', 'committed', { tx: 't1', minBalance: 0 })])).toBeNull();
  });
  test('committed at one participant, aborted at another', () => {
    expect(firstViolation(atomicCommit, [log('s1', 'committed', { tx: 't1', minBalance: 0 }), log('s2', 'aborted', { tx: 't1', unknown: true })])).toMatch(/aborted at s2 but committed at s1/);
  });
  test('a commit without every yes', () => {
    expect(firstViolation(atomicCommit, [yes('s1'), decided(true)])).toMatch(/without a yes from s2/);
  });
  test('a decision that changes', () => {
    expect(firstViolation(atomicCommit, [yes('s1'), yes('s2'), decided(true), decided(false)])).toMatch(/changed from commit to abort/);
  });
  test('a participant outcome against the decision', () => {
    expect(firstViolation(atomicCommit, [yes('s1'), yes('s2'), decided(true), log('s1', 'aborted', { tx: 't1', unknown: false })])).toMatch(/decided commit/);
  });
  test('read-only audits are not held to it', () => {
    expect(firstViolation(atomicCommit, [log('c', 'decided', { tx: 't1', commit: true, readOnly: true, participants: 's1,s2' }), log('s1', 'released', { tx: 't1' })])).toBeNull();
  });
});

test('no-negative-balance rejects a commit that leaves a negative balance', () => {
  expect(firstViolation(noNegativeBalance, [log('s1', 'committed', { tx: 't1', minBalance: 0 })])).toBeNull();
  expect(firstViolation(noNegativeBalance, [log('s1', 'committed', { tx: 't1', minBalance: -3 })])).toMatch(/-3/);
});

test('audit-total rejects an audit that saw money appear or vanish', () => {
  expect(firstViolation(auditTotal, [log('c', 'audit', { tx: 't1', total: 900, opening: 900 })])).toBeNull();
  expect(firstViolation(auditTotal, [log('c', 'audit', { tx: 't1', total: 870, opening: 900 })])).toMatch(/870, not 900/);
});

describe('money-conserved', () => {
  const views = (totals: number[], inDoubt = 0): ViewOf => (node) => ({ role: 'participant', total: totals[Number(node)], openingTotal: 300, inDoubt });
  const nodes = ['0', '1', '2'];
  test('balances that add up pass', () => {
    expect(moneyConserved.create().atEnd!(views([250, 350, 300]), nodes)).toBeNull();
  });
  test('money lost is caught', () => {
    expect(moneyConserved.create().atEnd!(views([250, 300, 300]), nodes)).toMatch(/850 in all, but the bank opened with 900/);
  });
  test('a participant still in doubt defers the check', () => {
    expect(moneyConserved.create().atEnd!(views([250, 300, 300], 1), nodes)).toBeNull();
  });
});
