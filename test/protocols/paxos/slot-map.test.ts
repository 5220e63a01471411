// Multi-Paxos's SlotMap (votes and chosen values by slot, an array above the compacted
// prefix) against a Map doing the same: any sequence of sets and compactions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SlotMap } from '../../../protocols/multi-paxos/slot-map.js';

type Op = { readonly kind: 'set'; readonly slot: number; readonly value: number | null } | { readonly kind: 'drop'; readonly upTo: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('set' as const), slot: fc.integer({ min: 1, max: 60 }), value: fc.option(fc.integer(), { nil: null }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const), upTo: fc.integer({ min: 0, max: 60 }) }) },
);

describe('SlotMap', () => {
  it('answers get, has, size and highestSlot as a Map of the same sets (compaction deleting every key up to its slot)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const slots = new SlotMap<number | null>();
        const model = new Map<number, number | null>();
        for (const o of ops) {
          if (o.kind === 'set') {
            slots.set(o.slot, o.value);
            model.set(o.slot, o.value);
          } else {
            slots.dropUpTo(o.upTo);
            for (const slot of [...model.keys()]) if (slot <= o.upTo) model.delete(slot);
          }
          expect(slots.size).toBe(model.size);
          expect(slots.highestSlot()).toBe(Math.max(0, ...model.keys()));
        }
        for (let slot = 0; slot <= 61; slot++) {
          expect(slots.get(slot)).toBe(model.get(slot));
          expect(slots.has(slot)).toBe(model.has(slot));
        }
      }),
    );
  });

  it('refuses a slot that is not a positive integer', () => {
    expect(() => new SlotMap<number>().set(0, 1)).toThrow(/positive integer/);
    expect(() => new SlotMap<number>().set(1.5, 1)).toThrow(/positive integer/);
  });
});
