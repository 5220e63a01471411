// The consensus model through the linearizability checker: client histories where everyone
// learned one value pass; two decisions for one key, or a decision nobody proposed, fail.
import { describe, expect, it } from 'vitest';
import type { HistoryOp } from '../../checkers/history.js';
import { checkHistory } from '../../checkers/linearizability/check.js';

type Step = [process: number, type: 'invoke' | 'ok' | 'info', key: string, value: number | null];

function history(steps: readonly Step[]): HistoryOp[] {
  return steps.map(([process, type, key, value], index) => ({ index, process, type, f: 'propose', key, value }));
}

const check = (steps: readonly Step[]) =>
  checkHistory(history(steps), { model: 'consensus', timeoutMs: 10_000 }).verdict === 'linearizable';

describe('consensus histories', () => {
  it('concurrent proposers that all learned the same value pass', () => {
    expect(check([[0, 'invoke', 'k', 1], [1, 'invoke', 'k', 2], [1, 'ok', 'k', 1], [0, 'ok', 'k', 1]])).toBe(true);
  });

  it('a value proposed by a crashed op may be the decision', () => {
    expect(check([[0, 'invoke', 'k', 1], [0, 'info', 'k', null], [1, 'invoke', 'k', 2], [1, 'ok', 'k', 1]])).toBe(true);
  });

  it('two clients told different decisions for one key fail', () => {
    expect(check([[0, 'invoke', 'k', 1], [1, 'invoke', 'k', 2], [0, 'ok', 'k', 1], [1, 'ok', 'k', 2]])).toBe(false);
  });

  it('a decision nobody proposed fails, and so does one proposed only after it was returned', () => {
    expect(check([[0, 'invoke', 'k', 1], [0, 'ok', 'k', 9]])).toBe(false);
    expect(check([[0, 'invoke', 'k', 1], [0, 'ok', 'k', 2], [1, 'invoke', 'k', 2], [1, 'ok', 'k', 2]])).toBe(false);
  });

  it('keys are independent instances', () => {
    expect(check([[0, 'invoke', 'a', 1], [0, 'ok', 'a', 1], [1, 'invoke', 'b', 2], [1, 'ok', 'b', 2]])).toBe(true);
  });
});
