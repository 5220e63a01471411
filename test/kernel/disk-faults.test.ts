// Disk faults on the toy protocol (one store that writes its register to disk and syncs
// before it replies): a wipe, an fsync that lied about the last k writes, and a corrupted
// value. Each test says exactly which writes the fault took, read back after the restart.
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../sim/scenario/index.js';
import type { TraceEvent } from '../../sim/trace.js';
import { toyProtocol } from '../support/toy-protocol.js';
import { runScenario } from '../../sim/run.js';
import type { World } from '../../sim/world.js';
import { corruptValue } from '../../sim/corrupt.js';
import { stream } from '../../sim/rng.js';
import { logs } from '../support/traced.js';

const protocols = new Map([[toyProtocol.name, toyProtocol]]);

/**
 * Clients pause from 45ms to 75ms, so the store is idle around the fault; `storeAtResume`
 * is the store's register (its inspect()) when they resume: what it rebuilt from its disk.
 */
function toy(faults: string) {
  const text = [
    `protocol: ${toyProtocol.name}`,
    'services: { store: { count: 1 } }',
    'clients: 2',
    'duration: 100ms',
    'settle: 0',
    'network: { latency: 2ms }',
    'workload: { generator: kv, mix: { write: 1, read: 1 }, think: 1ms, timeout: 20ms }',
    'checks: { model: register }',
    `faults: [{ at: 45ms, pause: clients, for: 30ms }, ${faults}]`,
  ].join('\n');
  const events: TraceEvent[] = [];
  let world: World | null = null;
  let storeAtResume: unknown = 'never read';
  const sink = (e: TraceEvent) => {
    events.push(e);
    if (e.kind === 'resume' && e.node === 'c1') storeAtResume = world!.hosts[0]!.view()['value'];
  };
  const scenario = parseScenarioText(text, 'toy.yaml', { protocols });
  const result = runScenario(scenario, toyProtocol, { traceSink: sink, onWorld: (w) => (world = w) });
  return { events, result, storeAtResume };
}

/** Values the store wrote before `atUs`, in order. */
const storedBefore = (events: readonly TraceEvent[], atUs: number) =>
  logs(events, 'stored').filter((e) => e.timeUs < atUs).map((e) => e.detail!['value'] as number);

const faultDetail = (events: readonly TraceEvent[], label: string) => events.find((e) => e.kind === 'fault' && e.label === label)!.detail!;

describe('disk faults', () => {
  it('wipe: the node crashes, its disk is erased, it restarts empty (acknowledged writes are gone)', () => {
    const { events, storeAtResume } = toy('{ at: 50ms, wipe: store-1, for: 5ms }');
    expect(faultDetail(events, 'wipe')).toMatchObject({ nodes: ['store-1'], erasedKeys: { 'store-1': 1 } });
    expect(events.filter((e) => e.kind === 'crash' || e.kind === 'restart').map((e) => [e.kind, e.timeUs])).toEqual([
      ['crash', 50_000],
      ['restart', 55_000],
    ]);
    expect(storedBefore(events, 50_000).length).toBeGreaterThan(3);
    expect(storeAtResume).toBeNull();
  });

  it('loseSynced: the last k durable writes are undone; the node restarts with the value k writes back', () => {
    for (const k of [1, 3]) {
      const { events, storeAtResume } = toy(`{ at: 50ms, loseSynced: { node: store-1, writes: ${k} }, for: 5ms }`);
      const before = storedBefore(events, 50_000);
      expect(faultDetail(events, 'lose-synced')).toMatchObject({ nodes: ['store-1'], lostSynced: { 'store-1': k } });
      expect(storeAtResume).toBe(before[before.length - 1 - k]);
    }
  });

  it('corrupt: one bit of the stored value flips on disk; the running node sees it only after a restart', () => {
    const untouched = toy('{ at: 55ms, corrupt: { node: store-1, key: value } }');
    const last = storedBefore(untouched.events, 50_000).at(-1)!;
    expect(faultDetail(untouched.events, 'corrupt')).toMatchObject({ nodes: ['store-1'], keys: { 'store-1': 'value' } });
    expect(untouched.storeAtResume).toBe(last);
    const { storeAtResume } = toy('{ at: 55ms, corrupt: { node: store-1, key: value } }, { at: 60ms, crash: store-1, for: 1ms }');
    const flipped = Math.abs((storeAtResume as number) - last);
    expect(flipped).toBeGreaterThan(0);
    expect(Number.isInteger(Math.log2(flipped)) && flipped <= 128).toBe(true);
  });

  it('corrupt with a prefix no key has touches nothing', () => {
    const { events, result } = toy('{ at: 50ms, corrupt: { node: store-1, key: nothing/ } }');
    expect(faultDetail(events, 'corrupt')).toMatchObject({ keys: { 'store-1': null } });
    expect(result.verdict).toBe('pass');
  });

  it('corruptValue flips one leaf of a copy, numbers first, then strings, then booleans', () => {
    const random = stream(1, 'test');
    const entry = { term: 3, command: { f: 'put', key: 'k1', value: 7, seq: 2 }, ok: true };
    for (let k = 0; k < 50; k++) {
      const copy = corruptValue(entry, random) as typeof entry;
      expect(entry).toEqual({ term: 3, command: { f: 'put', key: 'k1', value: 7, seq: 2 }, ok: true });
      const changed = [copy.term !== 3, copy.command.value !== 7, copy.command.seq !== 2];
      expect(changed.filter(Boolean)).toHaveLength(1);
      expect([copy.command.f, copy.command.key, copy.ok]).toEqual(['put', 'k1', true]);
    }
    expect(corruptValue({ name: 'ab', flag: true }, random)).not.toEqual({ name: 'ab', flag: true });
    expect(corruptValue({ flag: true }, random)).toEqual({ flag: false });
    expect(corruptValue(null, random)).toBe(0);
  });

  it('bad input is one line with the field path', () => {
    const refuse = (fault: string) => () => toy(fault);
    expect(refuse('{ at: 1ms, wipe: store-9 }')).toThrow(/faults\[1\]\.wipe: no node "store-9"/);
    expect(refuse('{ at: 1ms, loseSynced: { node: store-1, writes: 0 } }')).toThrow(/faults\[1\]\.loseSynced\.writes:/);
    expect(refuse('{ at: 1ms, loseSynced: { node: store-1 } }')).toThrow(/faults\[1\]\.loseSynced\.writes:/);
    expect(refuse('{ at: 1ms, corrupt: { node: store-1 }, for: 1s }')).toThrow(/faults\[1\]\.for: corrupt cannot be undone/);
    expect(refuse('{ at: 1ms, corrupt: { nod: store-1 } }')).toThrow(/faults\[1\]\.corrupt\.(nod: unknown field \(did you mean node\?|node: expected a target)/);
  });
});
