// The saga checks reject known-bad event sequences and accept good ones.
import { describe, expect, test } from 'vitest';
import type { ObservedEvent } from '../../../checkers/invariants.js';
import { SAGA_INVARIANTS } from '../../../protocols/saga/invariants.js';

let index = 0;
const log = (name: string, fields: Record<string, unknown>): ObservedEvent => ({ index: index++, timeUs: index, kind: 'log', node: 'x', name, fields });
const order = (saga: string, state: string) => log('order', { saga, state });
/** A service's event: the change and what the saga holds after it (the service logs both). */
const stock = (saga: string, delta: number, held: number) => log('stock', { saga, delta, held });
const money = (saga: string, delta: number, held: number) => log('money', { saga, delta, held });

/** The first problem a check reports over these events (at an event or at the end), or null. */
function judge(name: string, events: readonly ObservedEvent[]): string | null {
  const check = SAGA_INVARIANTS.find((i) => i.name === name)!.create();
  for (const e of events) {
    const problem = check.onEvent?.(e, () => ({}), []) ?? null;
    if (problem !== null) return problem;
  }
  return check.atEnd?.(() => ({}), []) ?? null;
}

const completed = [order('s1', 'PENDING'), stock('s1', 2, 2), money('s1', 50, 50), order('s1', 'COMPLETED')];
const compensated = [order('s2', 'PENDING'), stock('s2', 3, 3), stock('s2', -3, 0), order('s2', 'CANCELLED')];

describe('saga invariants', () => {
  test('a completed and a fully compensated saga pass every check', () => {
    for (const { name } of SAGA_INVARIANTS) expect(judge(name, [...completed, ...compensated]), name).toBeNull();
  });
  test('semantic-atomicity rejects an order left PENDING and a COMPLETED order without its charge', () => {
    expect(judge('semantic-atomicity', [order('s3', 'PENDING'), stock('s3', 1, 1)])).toMatch(/s3 is left PENDING/);
    expect(judge('semantic-atomicity', [order('s4', 'PENDING'), stock('s4', 1, 1), order('s4', 'COMPLETED')])).toMatch(/s4 is COMPLETED/);
  });
  test('no-double-charge rejects a second charge of one saga, even after a refund', () => {
    expect(judge('no-double-charge', [money('s5', 10, 10), money('s5', -10, 0), money('s5', 10, 10)])).toMatch(/s5 charged 2 times/);
    expect(judge('no-double-charge', [money('s5b', 10, 10), money('s5b', 10, 20)])).toMatch(/s5b charged 2 times/);
  });
  test('a transaction a crash lost, done again or undone, is not counted twice (the last event is the truth)', () => {
    // The payment logged a charge, crashed before its sync, and charged again after the redelivery.
    expect(judge('no-double-charge', [money('s13', 62, 62), money('s13', 62, 62)])).toBeNull();
    // The inventory logged a reservation a crash lost; the saga was compensated, its undo found nothing held.
    const lost = [order('s14', 'PENDING'), stock('s14', 4, 4), stock('s14', 0, 0), order('s14', 'CANCELLED')];
    for (const { name } of SAGA_INVARIANTS) expect(judge(name, lost), name).toBeNull();
  });
  test('no-orphan-reservation rejects a cancelled order that still holds stock or money', () => {
    expect(judge('no-orphan-reservation', [order('s6', 'PENDING'), stock('s6', 2, 2), order('s6', 'CANCELLED')])).toMatch(/s6 is CANCELLED/);
    expect(judge('no-orphan-reservation', [order('s7', 'PENDING'), money('s7', 5, 5), order('s7', 'CANCELLED')])).toMatch(/money 5/);
  });
  test('dead-letters-accounted-for rejects a dead letter whose saga never ended, and accepts a redriven one or one of an ended saga', () => {
    const dead = (id: string, saga: string) => log('dead-lettered', { id, saga });
    const redriven = (id: string, saga: string) => log('redriven', { id, saga });
    const check = 'dead-letters-accounted-for';
    expect(judge(check, [order('s8', 'PENDING'), dead('payment/e:x:s8', 's8')])).toMatch(/dead letter payment\/e:x:s8 is unaccounted for: its saga s8 is PENDING/);
    expect(judge(check, [dead('m1', 's9')])).toMatch(/its saga s9 is NONE/);
    expect(judge(check, [order('s10', 'PENDING'), dead('m2', 's10'), redriven('m2', 's10')])).toBeNull();
    expect(judge(check, [dead('m3', 's11'), ...completed.map((e) => ({ ...e, fields: { ...e.fields, saga: 's11' } }))])).toBeNull();
    expect(judge(check, [order('s12', 'PENDING'), dead('m4', 's12'), redriven('m4', 's12'), dead('m4', 's12')])).toMatch(/m4/);
  });
});
