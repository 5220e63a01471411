// The variant discipline: every bug switch has a narrative scenario that catches it, and
// the correct code passes the same faults and seeds. Each debate scenario without fencing
// shows its violation; its fenced twin (where fencing is the fix) passes.
import { describe, expect, it } from 'vitest';
import { PROTOCOLS } from '../../../protocols/registry.js';
import { loadRedlockScenario, runOne } from './sweep.js';

/** variant -> its narrative scenario. */
const VARIANT_SCENARIOS: Readonly<Record<string, string>> = {
  'plain-delete': 'unsafe-release',
  'ignore-elapsed': 'late-replies',
  'extend-minority': 'extend-minority',
  'unchecked-tokens': 'unchecked-tokens',
  'setnx-then-expire': 'setnx-then-expire',
};

const SEEDS = [1, 2, 3];

describe('redlock variants', () => {
  it('every variant has its scenario', () => {
    expect(Object.keys(VARIANT_SCENARIOS).sort()).toEqual(Object.keys(PROTOCOLS.get('redlock')!.variants).sort());
  });

  it.each(Object.entries(VARIANT_SCENARIOS))('%s: caught by %s, and the correct code passes the same faults', (variant, name) => {
    const buggy = loadRedlockScenario(name);
    expect(buggy.variant).toBe(variant);
    const r = runOne(buggy, buggy.seed);
    expect(r.asExpected, r.reason).toBe(true);
    expect(r.verdict).not.toBe('pass');
    const correct = loadRedlockScenario(name, ['variant=null', 'expect.verdict=pass', 'expect.violation=null', 'expect.sometimes=[]']);
    for (const seed of SEEDS) {
      const ok = runOne(correct, seed);
      expect(ok.verdict, `seed ${seed}: ${ok.reason}`).toBe('pass');
    }
  });

  it.each(['paused-holder', 'clock-jump', 'restart-no-persistence', 'replicated-failover'])(
    '%s: a violation without fencing, none with it (same faults)',
    (name) => {
      const unfenced = loadRedlockScenario(name);
      expect(runOne(unfenced, unfenced.seed).verdict).toBe('violation');
      const fenced = loadRedlockScenario(name, ['config.fencing=true', 'checks.invariants=report', 'expect.verdict=pass', 'expect.violation=null']);
      const r = runOne(fenced, fenced.seed);
      expect(r.verdict, r.reason).toBe('pass');
    },
  );
});
