// Message faults (drop, delay, duplicate, reorder by filter) on the seams toy: each test
// says exactly which messages the fault touched, checked against the run without it.
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../sim/scenario/index.js';
import type { Scenario } from '../../sim/scenario/types.js';
import type { TraceEvent } from '../../sim/trace.js';
import { toyProtocol } from '../support/toy-protocol.js';
import { deliveries, drops, runTraced, type Delivery } from '../support/traced.js';

const protocols = new Map([[toyProtocol.name, toyProtocol]]);
const LATENCY_US = 2_000;

/** One store n1 and two clients writing back to back; `faults` is YAML for the faults list. */
function toy(faults: string, extra = 'duration: 200ms\nsettle: 0'): Scenario {
  const text = [
    `protocol: ${toyProtocol.name}`,
    'nodes: 1',
    'clients: 2',
    'network: { latency: 2ms }',
    'workload: { generator: kv, mix: { write: 1 }, think: 1ms, timeout: 20ms }',
    'checks: { model: register }',
    `faults: ${faults}`,
    extra,
  ].join('\n');
  return parseScenarioText(text, 'toy.yaml', { protocols });
}

const run = (scenario: Scenario) => runTraced(scenario, toyProtocol).events;
const key = (d: Delivery) => `${d.from}>${d.to}@${d.sentAtUs}:${JSON.stringify(d.msg)}`;
const touched = (events: readonly TraceEvent[], kind: TraceEvent['kind']) =>
  events.filter((e) => e.kind === kind && e.detail?.['fault'] !== undefined);

describe('message faults', () => {
  it('drop with count: exactly the next k matching messages, named in the trace', () => {
    const base = deliveries(run(toy('[]')));
    const events = run(toy('[{ at: 10ms, drop: { from: c1, type: write }, count: 2 }]'));
    const dropped = drops(events).filter((d) => d.reason === 'fault');
    expect(dropped).toHaveLength(2);
    expect(dropped.every((d) => d.from === 'c1' && d.to === 'n1' && d.msg['type'] === 'write' && d.atUs >= 10_000)).toBe(true);
    expect(touched(events, 'drop').map((e) => e.detail!['fault'])).toEqual(['m1', 'm1']);
    // Until 10ms the runs agree, so the first drop is the first c1 write the base run sent from then on.
    const firstBase = base.find((d) => d.from === 'c1' && d.msg['type'] === 'write' && d.sentAtUs >= 10_000)!;
    expect(dropped[0]!.atUs).toBe(firstBase.sentAtUs);
    expect(dropped[0]!.msg).toEqual(firstBase.msg);
    // Nothing else was lost: c2's messages all arrive.
    expect(drops(events).filter((d) => d.reason !== 'fault')).toEqual([]);
  });

  it('drop by field (where): only the message whose field matches', () => {
    const base = deliveries(run(toy('[]')));
    const target = base.find((d) => d.from === 'c2' && d.msg['type'] === 'write' && d.sentAtUs >= 30_000)!;
    const events = run(toy(`[{ at: 1ms, drop: { type: write, where: { op: ${String(target.msg['op'])} } }, for: 150ms }]`));
    const dropped = drops(events).filter((d) => d.reason === 'fault');
    expect(dropped.map((d) => d.msg)).toEqual([target.msg]);
    expect(deliveries(events).filter((d) => d.sentAtUs < target.sentAtUs).map(key)).toEqual(
      base.filter((d) => d.sentAtUs < target.sentAtUs).map(key),
    );
  });

  it('delay by a duration for a window: matching sends in the window arrive later by exactly that', () => {
    const events = run(toy('[{ at: 10ms, delay: { to: n1, type: write }, by: 5ms, for: 20ms }]'));
    const writes = deliveries(events).filter((d) => d.msg['type'] === 'write');
    for (const d of writes) {
      const inWindow = d.sentAtUs >= 10_000 && d.sentAtUs < 30_000;
      expect(d.atUs - d.sentAtUs).toBe(LATENCY_US + (inWindow ? 5_000 : 0));
    }
    const held = touched(events, 'delay');
    expect(held.length).toBe(writes.filter((d) => d.sentAtUs >= 10_000 && d.sentAtUs < 30_000).length);
    expect(held.length).toBeGreaterThan(0);
    // Replies are not touched.
    expect(deliveries(events).filter((d) => d.msg['type'] === 'reply').every((d) => d.atUs - d.sentAtUs === LATENCY_US)).toBe(true);
  });

  it('delay until a time: the next matching message arrives exactly then', () => {
    const events = run(toy('[{ at: 10ms, delay: { from: c2 }, until: 50ms, count: 1 }]'));
    const held = touched(events, 'delay');
    expect(held).toHaveLength(1);
    expect(held[0]!.detail!['arrivalUs']).toBe(50_000);
    const late = deliveries(events).filter((d) => d.from === 'c2' && d.atUs - d.sentAtUs !== LATENCY_US);
    expect(late).toHaveLength(1);
    expect(late[0]!.atUs).toBe(50_000);
  });

  it('duplicate: the next matching message is delivered twice, and only it', () => {
    const events = run(toy('[{ at: 10ms, duplicate: { from: n1, to: c1, type: reply }, count: 1 }]'));
    const copies = touched(events, 'duplicate');
    expect(copies).toHaveLength(1);
    const replies = deliveries(events).filter((d) => d.msg['type'] === 'reply');
    const seen = new Map<string, number>();
    for (const d of replies) seen.set(key(d), (seen.get(key(d)) ?? 0) + 1);
    const twice = [...seen.entries()].filter(([, n]) => n === 2).map(([k]) => k);
    expect(twice).toHaveLength(1);
    expect(twice[0]!.startsWith('n1>c1@')).toBe(true);
    expect([...seen.values()].every((n) => n <= 2)).toBe(true);
  });

  it('reorder: matching messages are held back by a seeded 0..by, the same on every run', () => {
    const scenario = toy('[{ at: 0ms, reorder: { type: reply }, by: 10ms, for: 100ms }]');
    const events = run(scenario);
    const replies = deliveries(events).filter((d) => d.msg['type'] === 'reply' && d.sentAtUs < 100_000);
    const extra = replies.map((d) => d.atUs - d.sentAtUs - LATENCY_US);
    expect(extra.every((us) => us >= 0 && us <= 10_000)).toBe(true);
    expect(new Set(extra).size).toBeGreaterThan(1);
    expect(touched(events, 'delay')).toHaveLength(replies.length);
    expect(runTraced(scenario, toyProtocol).result.traceHash).toBe(runTraced(scenario, toyProtocol).result.traceHash);
  });

  it('the settle phase ends message faults without a count; one with a count touches its k messages', () => {
    const events = run(toy('[{ at: 10ms, drop: { from: c1 } }, { at: 50ms, drop: { from: c2 }, count: 3 }]', 'settle: 100ms\nduration: 300ms'));
    const dropped = drops(events).filter((d) => d.reason === 'fault');
    const byC1 = dropped.filter((d) => d.from === 'c1');
    expect(byC1.length).toBeGreaterThan(0);
    expect(byC1.every((d) => d.atUs >= 10_000 && d.atUs <= 50_000)).toBe(true);
    expect(dropped.filter((d) => d.from === 'c2')).toHaveLength(3);
  });

  it('bad input: exit-2 errors with the field path', () => {
    const refuse = (fault: string) => () => toy(`[${fault}]`);
    expect(refuse('{ at: 1ms, drop: { type: wrte } }')).toThrow(/faults\[0\]\.drop\.type: .*no message type "wrte" \(did you mean write\?/);
    expect(refuse('{ at: 1ms, drop: { to: n9 } }')).toThrow(/faults\[0\]\.drop\.to: no node "n9"/);
    expect(refuse('{ at: 1ms, delay: { to: n1 } }')).toThrow(/faults\[0\]\.delay: expected by: <duration> or until: <time>/);
    expect(refuse('{ at: 5ms, delay: { to: n1 }, until: 5ms }')).toThrow(/faults\[0\]\.until: 5ms is not after/);
    expect(refuse('{ at: 1ms, crash: n1, count: 1 }')).toThrow(/faults\[0\]\.count: count does not go with crash/);
    expect(refuse('{ at: 1ms, drop: { to: n1 }, by: 1ms }')).toThrow(/faults\[0\]\.by: by does not go with drop/);
    expect(refuse('{ at: 1ms, reorder: { to: n1 } }')).toThrow(/faults\[0\]\.reorder: expected by: <duration>/);
    expect(refuse('{ at: 1ms, drop: { too: n1 } }')).toThrow(/faults\[0\]\.drop\.too: unknown field \(did you mean to\?/);
  });
});
