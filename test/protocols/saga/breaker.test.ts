// The circuit breaker's state machine, and the summary figures that follow it and the
// dirty reads, on known event sequences and random ones.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { BreakerTimeline } from '../../../protocols/saga/breaker-stats.js';
import { Breaker } from '../../../protocols/saga/breaker.js';
import { DirtyReads } from '../../../protocols/saga/isolation.js';

describe('circuit breaker', () => {
  test('opens after failuresMax timeouts in a row, lets one probe through after openUs, closes on an answer', () => {
    const b = new Breaker(3, 1000);
    for (let i = 0; i < 2; i++) b.failed(i, 's');
    expect(b.current).toBe('closed');
    b.succeeded(); // an answer resets the count
    for (let i = 0; i < 3; i++) b.failed(10 + i, 's');
    expect(b.current).toBe('open');
    expect(b.allow(500, 'a')).toBe(false);
    expect(b.retryAtUs(500, 100)).toBe(1012);
    expect(b.allow(1012, 'a')).toBe(true);
    expect(b.current).toBe('half-open');
    expect(b.allow(1013, 'b')).toBe(false);
    expect(b.allow(1014, 'a')).toBe(true);
    b.failed(1100, 'b'); // not the probe: ignored
    expect(b.current).toBe('half-open');
    b.failed(1112, 'a'); // the probe timed out: open again
    expect(b.current).toBe('open');
    expect(b.allow(2111, 'c')).toBe(false);
    expect(b.allow(2112, 'c')).toBe(true);
    b.succeeded();
    expect(b.current).toBe('closed');
  });

  test('with failuresMax 0 there is no breaker', () => {
    const b = new Breaker(0, 1000);
    for (let i = 0; i < 100; i++) b.failed(i, 's');
    expect(b.current).toBe('closed');
    expect(b.allow(100, 'x')).toBe(true);
  });

  test('property: half-open lets at most one saga through; open lets none through before openUs', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('allow' as const), saga: fc.constantFrom('a', 'b', 'c'), dt: fc.integer({ min: 0, max: 600 }) }),
      fc.record({ kind: fc.constant('fail' as const), saga: fc.constantFrom('a', 'b', 'c'), dt: fc.integer({ min: 0, max: 600 }) }),
      fc.record({ kind: fc.constant('ok' as const), saga: fc.constant('a'), dt: fc.integer({ min: 0, max: 600 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const b = new Breaker(2, 1000);
        let nowUs = 0;
        let openedUs = -1;
        const through = new Set<string>();
        for (const s of steps) {
          nowUs += s.dt;
          const before = b.current;
          if (s.kind === 'allow') {
            const allowed = b.allow(nowUs, s.saga);
            if (before === 'open' && nowUs < openedUs + 1000) expect(allowed).toBe(false);
            if (allowed && b.current === 'half-open') through.add(s.saga);
          } else if (s.kind === 'fail') b.failed(nowUs, s.saga);
          else b.succeeded();
          if (b.current === 'open' && before !== 'open') openedUs = nowUs;
          if (b.current !== 'half-open') through.clear();
          expect(through.size).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  test('the timeline sums time open and half-open per service, counts openings, and a crash of the orchestrator closes them', () => {
    const t = new BreakerTimeline();
    const breaker = (service: string, state: string, timeUs: number) => t.onEvent('o', 'breaker', { service, state }, timeUs);
    breaker('payment', 'open', 100);
    breaker('inventory', 'open', 150);
    breaker('payment', 'half-open', 1100);
    breaker('payment', 'closed', 1200);
    t.onEvent('x', 'crash', {}, 1300); // another node: nothing changes
    t.onEvent('o', 'crash', {}, 2150); // the orchestrator: inventory's breaker is gone
    expect(t.result(5000)).toEqual({ breakerOpenings: 2, breakerOpenUs: 1000 + 2000, breakerHalfOpenUs: 100, breakerFirstOpenUs: 100, breakerLastClosedUs: 1200 });
  });
});

describe('dirty reads', () => {
  test('a saga that read stock while another held a reservation later released is counted once; a refused one also as a lost sale', () => {
    const d = new DirtyReads();
    const ev = (name: string, fields: Record<string, unknown>) => d.onEvent(name, fields);
    ev('stock', { saga: 'A', delta: 5 });
    ev('stock', { saga: 'B', delta: 2 }); // B reads while A holds
    ev('refused', { saga: 'C', service: 'inventory', reason: 'out of stock' }); // C too, refused
    ev('refused', { saga: 'D', service: 'payment', reason: 'declined' }); // not a stock read
    ev('stock', { saga: 'A', delta: -5 }); // A compensated: B and C read a dirty reservation
    ev('stock', { saga: 'E', delta: 1 });
    ev('order', { saga: 'E', state: 'COMPLETED' });
    ev('stock', { saga: 'F', delta: 1 }); // E completed: not open any more
    ev('stock', { saga: 'E', delta: -1 });
    expect(d.result()).toEqual({ dirtyReads: 2, salesLostToDirtyReads: 1 });
  });
});
