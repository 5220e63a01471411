// The host's timer table against a Map: whatever the interleaving of sets (increasing ids,
// as the host hands them out), deletes and lookups, through growth and backward shifts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimerTable } from '../../sim/timer-table.js';

type Op = { readonly set: string } | { readonly del: number } | { readonly take: number };

function check(ops: readonly Op[]): void {
  const table = new TimerTable();
  const model = new Map<number, { name: string; targetLocalUs: number }>();
  let nextId = 1;
  for (const op of ops) {
    if ('set' in op) {
      const id = nextId++;
      table.set(id, op.set, id * 10);
      model.set(id, { name: op.set, targetLocalUs: id * 10 });
    } else {
      // Ids to delete or take: any id handed out so far, or one never handed out (0 included).
      const id = 'del' in op ? op.del : op.take;
      const cell = table.find(id);
      const expected = model.get(id);
      expect(cell >= 0).toBe(expected !== undefined);
      if (expected !== undefined) {
        expect([table.nameAt(cell), table.targetAt(cell)]).toEqual([expected.name, expected.targetLocalUs]);
      }
      if ('del' in op) table.delete(id);
      else if (cell >= 0) table.deleteAt(cell);
      model.delete(id);
    }
    expect(table.size).toBe(model.size);
  }
  // Pending timers come out in the order they were set, as a Map iterates.
  expect(table.inOrder()).toEqual([...model].map(([id, t]) => ({ id, targetLocalUs: t.targetLocalUs })));
  table.clear();
  expect(table.size).toBe(0);
  for (const id of model.keys()) expect(table.find(id)).toBe(-1);
}

describe('TimerTable', () => {
  it('property: behaves as a Map from id to (name, target) in insertion order', () => {
    const id = fc.integer({ min: 0, max: 300 });
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom('election', 'heartbeat', 'resend').map((set) => ({ set })) },
      { weight: 1, arbitrary: id.map((del) => ({ del })) },
      { weight: 1, arbitrary: id.map((take) => ({ take })) },
    );
    fc.assert(fc.property(fc.array(op, { maxLength: 500 }), check), { numRuns: 300, seed: 5 });
  });

  it('keeps long-lived timers findable while thousands of others come and go', () => {
    const table = new TimerTable();
    table.set(1, 'long', 1);
    for (let id = 2; id < 5_000; id++) {
      table.set(id, 'short', id);
      if (id > 4) table.delete(id - 3);
    }
    expect(table.nameAt(table.find(1))).toBe('long');
    expect(table.size).toBe(4);
    expect(table.inOrder().map((t) => t.id)).toEqual([1, 4997, 4998, 4999]);
  });
});
