// The nemesis's newer settings: per-kind weights and targets (nodes, sets, groups, roles),
// client faults, duplicate/reorder bursts, latency spikes and forever draws; bad settings
// are exit-2 errors with the field path.
import { describe, expect, it } from 'vitest';
import { PROTOCOLS } from '../../protocols/registry.js';
import { drawNemesis } from '../../sim/nemesis.js';
import { stream } from '../../sim/rng.js';
import { parseScenarioText } from '../../sim/scenario/index.js';
import type { FaultSpec, NemesisKindSpec, NemesisSpec } from '../../sim/scenario/types.js';
import { NEMESIS_EXTRAS } from '../support/nemesis.js';

const SERVERS = ['n1', 'n2', 'n3', 'n4', 'n5'];
const CLIENTS = ['c1', 'c2'];
const POPULATION = { servers: SERVERS, clients: CLIENTS, groups: { east: ['n4', 'n5'] }, roles: ['leader', 'follower'] };

function spec(kinds: Partial<NemesisKindSpec>[], extra: Partial<NemesisSpec> = {}): NemesisSpec {
  return {
    kinds: kinds.map((k) => ({ kind: 'crash', weight: 1, targets: null, foreverProbability: 0, ...k })),
    ...NEMESIS_EXTRAS,
    intervalUs: 100_000, durationMinUs: 10_000, durationMaxUs: 50_000, startUs: 0, stopUs: 30_000_000,
    clockStepMaxUs: 1_000, driftMaxPpm: 100, lossMax: 0.1,
    ...extra,
  };
}

const draw = (s: NemesisSpec, seed = 1): FaultSpec[] => drawNemesis(s, POPULATION, stream(seed, 'nemesis'));
const targetsOf = (f: FaultSpec): readonly string[] => ('targets' in f.action ? f.action.targets : []);

describe('nemesis kinds, weights and targets', () => {
  it('weights set how often each kind is drawn', () => {
    const faults = draw(spec([{ kind: 'crash', weight: 9 }, { kind: 'pause', weight: 1 }]));
    const crashes = faults.filter((f) => f.action.kind === 'crash').length / faults.length;
    expect(faults.length).toBeGreaterThan(200);
    expect(crashes).toBeGreaterThan(0.85);
    expect(crashes).toBeLessThan(0.95);
  });

  it('targets: one candidate drawn per fault; a set or group gives one member; a role stays a role', () => {
    const nodes = draw(spec([{ kind: 'crash', targets: ['n1', 'n2'] }]));
    expect(new Set(nodes.flatMap(targetsOf))).toEqual(new Set(['n1', 'n2']));
    const group = draw(spec([{ kind: 'pause', targets: ['east'] }]));
    expect(new Set(group.flatMap(targetsOf))).toEqual(new Set(['n4', 'n5']));
    const role = draw(spec([{ kind: 'clog', targets: ['one:follower'] }]));
    expect(new Set(role.flatMap(targetsOf))).toEqual(new Set(['one:follower']));
    const clients = draw(spec([{ kind: 'client-pause' }, { kind: 'client-crash' }, { kind: 'client-clock' }]));
    expect(new Set(clients.flatMap(targetsOf))).toEqual(new Set(CLIENTS));
    expect(new Set(clients.map((f) => f.action.kind))).toEqual(new Set(['pause', 'crash', 'clock-step', 'drift']));
  });

  it('bursts are message faults over the window, spikes link faults: network-wide, or to the drawn target', () => {
    const faults = draw(spec([{ kind: 'duplicate' }, { kind: 'reorder', targets: ['servers'] }, { kind: 'latency', targets: ['n1'] }]));
    for (const f of faults) {
      const a = f.action;
      expect(f.forUs).toBeGreaterThan(0);
      if (a.kind === 'link') {
        expect(a.to).toEqual(['n1']);
        expect(a.settings.latency).toEqual({ dist: 'uniform', minUs: NEMESIS_EXTRAS.latencyMinUs, maxUs: NEMESIS_EXTRAS.latencyMaxUs });
        continue;
      }
      if (!('effect' in a)) throw new Error(`not a message fault: ${a.kind}`);
      expect(a.count).toBeNull();
      if (a.effect.kind === 'duplicate') expect(a.filter.to).toBeNull();
      if (a.effect.kind === 'reorder') {
        expect(a.effect.withinUs).toBe(NEMESIS_EXTRAS.reorderMaxUs);
        expect(SERVERS).toContain(a.filter.to![0]);
      }
    }
    expect(new Set(faults.map((f) => f.action.kind))).toEqual(new Set(['duplicate', 'reorder', 'link']));
  });

  it('disk faults: wipe and lose-synced with a length (the node restarts), corrupt as an instant', () => {
    const faults = draw(spec([{ kind: 'disk', foreverProbability: 1 }], { foreverMax: 1 }));
    expect(new Set(faults.map((f) => f.action.kind))).toEqual(new Set(['wipe', 'lose-synced', 'corrupt']));
    for (const f of faults) {
      if (f.action.kind === 'corrupt') expect([f.forUs, f.forever]).toEqual([null, undefined]);
      else expect(f.forever === true || (f.forUs ?? 0) > 0).toBe(true);
      if (f.action.kind === 'lose-synced') expect(f.action.writes).toBeGreaterThanOrEqual(1);
    }
    expect(faults.filter((f) => f.forever === true)).toHaveLength(1);
  });

  it('forever draws: at most foreverMax, with no length; none unless asked', () => {
    const faults = draw(spec([{ kind: 'crash', foreverProbability: 1 }], { foreverMax: 2 }));
    expect(faults.filter((f) => f.forever === true).map((f) => f.forUs)).toEqual([null, null]);
    expect(faults.slice(0, 2).every((f) => f.forever === true)).toBe(true);
    expect(draw(spec([{ kind: 'crash' }])).some((f) => f.forever === true)).toBe(false);
  });

  it('the list form draws as before: equal weights, default targets', () => {
    const list = draw(spec([{ kind: 'crash' }, { kind: 'pause' }]), 7);
    expect(list.flatMap(targetsOf).every((t) => t === 'leader' || SERVERS.includes(t))).toBe(true);
    expect(list.some((f) => targetsOf(f).includes('leader'))).toBe(true);
  });
});

describe('nemesis settings in a scenario file', () => {
  const load = (nemesis: string) => () =>
    parseScenarioText(`protocol: raft\nnodes: 3\nduration: 10s\nnemesis: ${nemesis}\n`, 'x.yaml', { protocols: PROTOCOLS });

  it('accepts the mapping form', () => {
    const scenario = load('{ kinds: { crash: 2, pause: { target: [leader, n1], forever: 10% }, client-pause: 1 } }')();
    expect(scenario.nemesis!.kinds).toEqual([
      { kind: 'crash', weight: 2, targets: null, foreverProbability: 0 },
      { kind: 'pause', weight: 1, targets: ['leader', 'n1'], foreverProbability: 0.1 },
      { kind: 'client-pause', weight: 1, targets: null, foreverProbability: 0 },
    ]);
  });

  it('refuses bad settings with the field path', () => {
    expect(load('{ kinds: { crash: { target: n9 } } }')).toThrow('x.yaml: nemesis.kinds.crash.target: ');
    expect(load('{ kinds: { loss: { target: n1 } } }')).toThrow('nemesis.kinds.loss.target: loss is network-wide and takes no target');
    expect(load('{ kinds: { clock: { forever: 5% } } }')).toThrow('nemesis.kinds.clock.forever: ');
    expect(load('{ kinds: { crash: 0 } }')).toThrow('nemesis.kinds');
    expect(load('{ kinds: { explode: 1 } }')).toThrow('nemesis.kinds');
  });
});
