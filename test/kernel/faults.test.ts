// Faults: exact firing times, `for:` undo, targets resolved at fire time (roles, keywords),
// pause/resume semantics, the settle after the last fault, and the random nemesis.
import { describe, expect, it } from 'vitest';
import { drawNemesis } from '../../sim/nemesis.js';
import { stream } from '../../sim/rng.js';
import type { FaultAction, FaultSpec, NemesisKind, NemesisSpec, Scenario } from '../../sim/scenario/types.js';
import type { TraceEvent } from '../../sim/trace.js';
import { chatterProtocol, leaderProtocol } from '../support/kernel-protocols.js';
import { registerProtocol } from '../support/register-protocol.js';
import { makeScenario } from '../support/scenario.js';
import { NEMESIS_EXTRAS, plainKinds, population } from '../support/nemesis.js';
import { deliveries, drops, logs, runTraced } from '../support/traced.js';

const SERVERS = ['n1', 'n2', 'n3', 'n4', 'n5'];

function scenarioWith(faults: FaultSpec[], extra: Partial<Scenario> = {}): Scenario {
  return makeScenario({
    protocol: 'test-chatter',
    config: { periodUs: 1_000 },
    servers: SERVERS,
    clients: ['c1'],
    durationUs: 400_000,
    settleUs: 0,
    network: { latency: { dist: 'constant', valueUs: 2_000 } },
    workload: { mix: {} },
    faults,
    ...extra,
  } as Parameters<typeof makeScenario>[0]);
}

const faultEvents = (events: readonly TraceEvent[]) => events.filter((e) => e.kind === 'fault');

describe('scheduled faults', () => {
  const ACTIONS: FaultAction[] = [
    { kind: 'partition', partition: { shape: 'groups', groups: [['n1'], ['rest']] } },
    { kind: 'crash', targets: ['n2'] },
    { kind: 'pause', targets: ['n3'] },
    { kind: 'clog', targets: ['n4'] },
    { kind: 'drift', targets: ['n5'], driftPpm: 50_000 },
    { kind: 'loss', drop: 0.3 },
    { kind: 'clock-step', targets: ['n1'], stepUs: -7_000 },
  ];
  const UNDO: Record<string, string | null> = {
    partition: 'heal-partition',
    crash: 'restart',
    pause: 'resume',
    clog: 'end-clog',
    drift: 'restore-drift',
    loss: 'restore-loss',
    'clock-step': null,
  };

  it('fire at exactly atUs, and `for:` undoes each at exactly atUs + forUs', () => {
    const faults: FaultSpec[] = ACTIONS.map((action, k) => ({ atUs: 10_007 + k * 31_013, forUs: 17_011 + k * 101, action }));
    const { result, events } = runTraced(scenarioWith(faults), chatterProtocol);
    const fired = faultEvents(events);
    for (const f of faults) {
      const at = fired.filter((e) => e.detail!['origin'] === 'schedule' && e.label === f.action.kind);
      expect(at.map((e) => e.timeUs), f.action.kind).toEqual([f.atUs]);
      expect(at[0]!.detail!['forUs']).toBe(f.forUs);
      const undo = UNDO[f.action.kind];
      const undone = fired.filter((e) => e.detail!['origin'] === 'undo' && e.label === undo);
      if (undo === null) continue;
      expect(undone.map((e) => e.timeUs), `${f.action.kind} undone by ${undo}`).toEqual([f.atUs + f.forUs!]);
    }
    expect(fired.filter((e) => e.detail!['origin'] === 'undo').length).toBe(6);
    // The settle follows the last undo; no other faults.
    const last = Math.max(...faults.map((f) => f.atUs + f.forUs!));
    expect(fired.filter((e) => e.detail!['origin'] === 'settle').map((e) => e.timeUs)).toEqual([last]);
    expect(result.stats.faults).toBe(fired.length);
  });

  it('each fault takes effect: the undo really undoes it', () => {
    const { events } = runTraced(
      scenarioWith([
        { atUs: 50_000, forUs: 20_000, action: { kind: 'crash', targets: ['n2'] } },
        { atUs: 100_000, forUs: 20_000, action: { kind: 'pause', targets: ['n3'] } },
        { atUs: 150_000, forUs: 20_000, action: { kind: 'partition', partition: { shape: 'oneway', from: ['n4'], to: ['n5'] } } },
      ]),
      chatterProtocol,
    );
    const lifecycle = events.filter((e) => ['crash', 'restart', 'pause', 'resume'].includes(e.kind)).map((e) => [e.kind, e.node, e.timeUs]);
    expect(lifecycle).toEqual([
      ['crash', 'n2', 50_000],
      ['restart', 'n2', 70_000],
      ['pause', 'n3', 100_000],
      ['resume', 'n3', 120_000],
    ]);
    const ds = deliveries(events).filter((d) => d.from === 'n4' && d.to === 'n5');
    expect(ds.filter((d) => d.atUs >= 150_000 && d.atUs <= 170_000)).toEqual([]);
    expect(ds.filter((d) => d.atUs > 172_000 && d.atUs < 200_000).length).toBeGreaterThan(20);
  });

  it('two faults at the same instant fire in schedule order', () => {
    const { events } = runTraced(
      scenarioWith([
        { atUs: 60_000, forUs: null, action: { kind: 'crash', targets: ['n1'] } },
        { atUs: 60_000, forUs: null, action: { kind: 'restart', targets: ['n1'] } },
        { atUs: 60_000, forUs: null, action: { kind: 'pause', targets: ['n1'] } },
      ]),
      chatterProtocol,
    );
    expect(events.filter((e) => e.timeUs === 60_000 && e.kind !== 'deliver' && e.kind !== 'timer' && e.kind !== 'drop').map((e) => `${e.kind}:${e.label}`)).toEqual([
      'crash:crash',
      'fault:crash',
      'restart:restart',
      'fault:restart',
      'pause:pause',
      'fault:pause',
      'resume:resume',
      'fault:settle',
    ]);
  });
});

describe('targets', () => {
  const leaderScenario = (faults: FaultSpec[]) =>
    makeScenario({
      protocol: 'test-leader',
      config: { leader: 'n1', nextLeader: 'n3', switchUs: 100_000 },
      servers: SERVERS,
      clients: [],
      durationUs: 300_000,
      settleUs: 0,
      workload: { mix: {} },
      faults,
    });

  it('a role resolves when the fault fires, from inspect(): the leader at 50ms is n1, at 150ms n3', () => {
    const { events } = runTraced(
      leaderScenario([
        { atUs: 50_000, forUs: 10_000, action: { kind: 'crash', targets: ['leader'] } },
        { atUs: 150_000, forUs: 10_000, action: { kind: 'crash', targets: ['leader'] } },
        { atUs: 200_000, forUs: 10_000, action: { kind: 'partition', partition: { shape: 'groups', groups: [['leader'], ['rest']] } } },
      ]),
      leaderProtocol,
    );
    const crashes = faultEvents(events).filter((e) => e.label === 'crash');
    expect(crashes.map((e) => e.detail!['nodes'])).toEqual([['n1'], ['n3']]);
    expect(events.filter((e) => e.kind === 'crash').map((e) => [e.node, e.timeUs])).toEqual([
      ['n1', 50_000],
      ['n3', 150_000],
    ]);
    const partition = faultEvents(events).find((e) => e.label === 'partition')!;
    expect(partition.detail!['groups']).toEqual([['n3'], ['n1', 'n2', 'n4', 'n5']]);
  });

  it('a role several nodes hold resolves to all of them (except `leader`, which names one)', () => {
    const { events } = runTraced(
      leaderScenario([
        { atUs: 20_000, forUs: 10_000, action: { kind: 'pause', targets: ['follower'] } },
        { atUs: 40_000, forUs: 10_000, action: { kind: 'crash', targets: ['n4'] } },
        { atUs: 45_000, forUs: 10_000, action: { kind: 'pause', targets: ['follower'] } },
      ]),
      leaderProtocol,
    );
    const paused = faultEvents(events).filter((e) => e.label === 'pause').map((e) => e.detail!['nodes']);
    // A node that is down holds no role.
    expect(paused).toEqual([['n2', 'n3', 'n4', 'n5'], ['n2', 'n3', 'n5']]);
  });

  it('a role nobody holds, or an unknown role, resolves to nobody: the fault is recorded and does nothing', () => {
    const { events } = runTraced(
      leaderScenario([
        { atUs: 20_000, forUs: 10_000, action: { kind: 'crash', targets: ['coordinator'] } },
        { atUs: 40_000, forUs: null, action: { kind: 'crash', targets: ['n1'] } },
        // n1, the only leader, is down now: `leader` names nobody.
        { atUs: 60_000, forUs: 10_000, action: { kind: 'pause', targets: ['leader'] } },
        { atUs: 80_000, forUs: 10_000, action: { kind: 'partition', partition: { shape: 'groups', groups: [['lock-holder'], ['rest']] } } },
      ]),
      leaderProtocol,
    );
    const fired = faultEvents(events).filter((e) => e.detail!['origin'] === 'schedule');
    expect(fired.map((e) => [e.label, e.timeUs])).toEqual([
      ['crash', 20_000],
      ['crash', 40_000],
      ['pause', 60_000],
      ['partition', 80_000],
    ]);
    expect(fired[0]!.detail!['nodes']).toEqual([]);
    expect(fired[2]!.detail!['nodes']).toEqual([]);
    expect(fired[3]!.detail!['links']).toBe(0);
    expect(events.filter((e) => e.kind === 'crash').map((e) => e.node)).toEqual(['n1']);
    expect(events.filter((e) => e.kind === 'pause')).toEqual([]);
    // An empty crash or pause has nothing to undo.
    expect(faultEvents(events).filter((e) => e.detail!['origin'] === 'undo').map((e) => e.label)).toEqual(['heal-partition']);
  });

  it('keywords: all/servers are the servers, clients the clients, random one server that is up', () => {
    const { events } = runTraced(
      scenarioWith(
        [
          { atUs: 10_000, forUs: 5_000, action: { kind: 'pause', targets: ['all'] } },
          { atUs: 20_000, forUs: 5_000, action: { kind: 'pause', targets: ['servers'] } },
          { atUs: 30_000, forUs: 5_000, action: { kind: 'pause', targets: ['clients'] } },
          { atUs: 40_000, forUs: null, action: { kind: 'crash', targets: ['n1', 'n2', 'n3', 'n4'] } },
          { atUs: 50_000, forUs: 5_000, action: { kind: 'pause', targets: ['random'] } },
          { atUs: 60_000, forUs: 5_000, action: { kind: 'pause', targets: ['n5', 'n5', 'servers'] } },
        ],
        { clients: ['c1', 'c2'] },
      ),
      chatterProtocol,
    );
    const nodes = faultEvents(events)
      .filter((e) => e.detail!['origin'] === 'schedule' && e.label === 'pause')
      .map((e) => e.detail!['nodes']);
    expect(nodes).toEqual([SERVERS, SERVERS, ['c1', 'c2'], ['n5'], ['n5', 'n1', 'n2', 'n3', 'n4']]);
  });

  it('random picks are drawn from the seed: the same seed picks the same nodes', () => {
    const picks = (seed: number) => {
      const faults: FaultSpec[] = Array.from({ length: 12 }, (_, k) => ({
        atUs: 10_000 + k * 20_000,
        forUs: 5_000,
        action: { kind: 'pause', targets: ['random'] },
      }));
      const { events } = runTraced(scenarioWith(faults, { seed }), chatterProtocol);
      return faultEvents(events).filter((e) => e.detail!['origin'] === 'schedule').map((e) => (e.detail!['nodes'] as string[])[0]);
    };
    const a = picks(3);
    expect(picks(3)).toEqual(a);
    expect(new Set(a).size).toBeGreaterThan(2);
    expect([4, 5, 6].some((seed) => picks(seed).join() !== a.join())).toBe(true);
  });
});

describe('pause', () => {
  const AT = 100_000;
  const FOR = 50_000;

  it('buffers inbound messages: none delivered during the pause, all at the resume, in arrival order', () => {
    const { events } = runTraced(
      scenarioWith([{ atUs: AT, forUs: FOR, action: { kind: 'pause', targets: ['n2'] } }]),
      chatterProtocol,
    );
    const toN2 = deliveries(events).filter((d) => d.to === 'n2');
    expect(toN2.filter((d) => d.atUs > AT && d.atUs < AT + FOR)).toEqual([]);
    // 2ms latency: what was sent in [98ms, 148ms) arrived during the pause.
    const queued = toN2.filter((d) => d.sentAtUs >= AT - 2_000 && d.sentAtUs < AT + FOR - 2_000);
    expect(queued.length).toBe(4 * 50);
    expect(queued.every((d) => d.atUs === AT + FOR)).toBe(true);
    const order = queued.map((d) => d.sentAtUs);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // Per link, in send order.
    for (const from of ['n1', 'n3', 'n4', 'n5']) {
      const seqs = queued.filter((d) => d.from === from).map((d) => d.msg['seq'] as number);
      expect(seqs).toEqual(seqs.map((_, k) => seqs[0]! + k));
    }
    const resume = events.find((e) => e.kind === 'resume')!;
    expect(resume.timeUs).toBe(AT + FOR);
    expect(resume.detail!['queued']).toBe(4 * 50 + 1); // and the one timer that came due
  });

  it('a paused node runs no handler: it sends nothing and its timers wait for the resume', () => {
    const { events } = runTraced(
      scenarioWith([{ atUs: AT, forUs: FOR, action: { kind: 'pause', targets: ['n2'] } }]),
      chatterProtocol,
    );
    expect(events.filter((e) => e.kind === 'timer' && e.node === 'n2' && e.timeUs > AT && e.timeUs < AT + FOR)).toEqual([]);
    const fromN2 = deliveries(events).filter((d) => d.from === 'n2');
    expect(fromN2.filter((d) => d.sentAtUs >= AT && d.sentAtUs < AT + FOR)).toEqual([]);
    expect(fromN2.filter((d) => d.sentAtUs === AT + FOR).length).toBe(4);
    // Its clock kept running: the next ticks follow the resume by the period.
    const ticks = events.filter((e) => e.kind === 'timer' && e.node === 'n2' && e.timeUs >= AT + FOR).slice(0, 3).map((e) => e.timeUs);
    expect(ticks).toEqual([AT + FOR, AT + FOR + 1_000, AT + FOR + 2_000]);
  });

  // KERNEL BUG (sim/world.ts resume): the queued events are pushed back into the scheduler
  // at the resume time, behind everything already queued for that instant, so a message
  // arriving exactly at the resume is handled before older ones that waited in the inbox
  // (here seq 148 before seqs 130..147 on the same link). Remove `.fails` once fixed.
  it('handles what waited in the inbox before a message that arrives at the resume instant', () => {
    const { events } = runTraced(
      scenarioWith([{ atUs: AT, forUs: FOR, action: { kind: 'pause', targets: ['n2'] } }], {
        config: { periodUs: 1_000, senders: ['n1'], targets: ['n2'] },
      } as Partial<Scenario>),
      chatterProtocol,
    );
    const seqs = deliveries(events).filter((d) => d.to === 'n2' && d.atUs >= AT + FOR).map((d) => d.msg['seq'] as number);
    expect(seqs.length).toBeGreaterThan(100);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  // KERNEL BUG (sim/world.ts resume -> deliver): messages that had already arrived and
  // waited in a paused node's inbox go through the network checks again at the resume, so
  // a partition (or clog) that began after they arrived drops (or holds) them as if they
  // were still in flight. Remove `.fails` once fixed.
  it('a partition that starts during the pause does not drop messages already in the inbox', () => {
    const { events } = runTraced(
      scenarioWith(
        [
          { atUs: AT, forUs: FOR, action: { kind: 'pause', targets: ['n2'] } },
          { atUs: AT + 20_000, forUs: 10_000, action: { kind: 'partition', partition: { shape: 'groups', groups: [['n2'], ['rest']] } } },
        ],
        { config: { periodUs: 1_000, senders: ['n1'], targets: ['n2'] } } as Partial<Scenario>,
      ),
      chatterProtocol,
    );
    // Sent at [98ms, 118ms): arrived at n2 in [100ms, 120ms), before the partition began.
    const arrivedBeforeCut = deliveries(events).filter((d) => d.to === 'n2' && d.sentAtUs >= AT - 2_000 && d.sentAtUs < AT + 18_000);
    expect(arrivedBeforeCut.length).toBe(20);
  });

  it('pausing a node that is down, or resuming one that is up, does nothing', () => {
    const { events } = runTraced(
      scenarioWith([
        { atUs: 10_000, forUs: null, action: { kind: 'resume', targets: ['n1'] } },
        { atUs: 20_000, forUs: 10_000, action: { kind: 'crash', targets: ['n1'] } },
        { atUs: 25_000, forUs: 10_000, action: { kind: 'pause', targets: ['n1'] } },
      ]),
      chatterProtocol,
    );
    expect(events.filter((e) => e.kind === 'pause' || e.kind === 'resume')).toEqual([]);
    expect(events.filter((e) => e.kind === 'restart').map((e) => e.timeUs)).toEqual([30_000]);
  });
});

describe('overlapping timed faults', () => {
  // The nemesis often starts a fault while another of the same kind still holds. Each
  // timed fault must end only itself: while one is still active its effect holds, and when
  // all have ended the state is what it was before the first.
  const tickGaps = (events: readonly TraceEvent[], fromUs: number, toUs: number) => {
    const times = logs(events, 'tick', 'n1').map((e) => e.timeUs).filter((t) => t > fromUs && t < toUs);
    return times.slice(1).map((t, k) => t - times[k]!);
  };
  const ticking = (faults: FaultSpec[]) =>
    makeScenario({
      config: { sync: true, tickMs: 10 },
      servers: ['n1', 'n2'],
      clients: [],
      durationUs: 500_000,
      settleUs: 0,
      workload: { mix: {} },
      faults,
    });

  it('drift: the later fault holds until it ends, then the clock returns to its own drift', () => {
    const { events } = runTraced(
      ticking([
        { atUs: 100_000, forUs: 100_000, action: { kind: 'drift', targets: ['n1'], driftPpm: 100_000 } },
        { atUs: 150_000, forUs: 150_000, action: { kind: 'drift', targets: ['n1'], driftPpm: -200_000 } },
      ]),
      registerProtocol,
    );
    expect(tickGaps(events, 0, 100_000).every((g) => g === 10_000)).toBe(true);
    // -200000ppm: 12.5ms of true time per 10ms tick, from 150ms to 300ms, across the first fault's end.
    const slow = tickGaps(events, 165_000, 300_000);
    expect(slow.length).toBeGreaterThan(8);
    expect(slow.every((g) => g === 12_500)).toBe(true);
    const after = tickGaps(events, 315_000, 500_000);
    expect(after.length).toBeGreaterThan(10);
    expect(after.every((g) => g === 10_000)).toBe(true);
  });

  it('drift: a permanent drift during a timed one stays after the timed one ends', () => {
    const { events } = runTraced(
      ticking([
        { atUs: 100_000, forUs: 100_000, action: { kind: 'drift', targets: ['n1'], driftPpm: 100_000 } },
        { atUs: 150_000, forUs: null, action: { kind: 'drift', targets: ['n1'], driftPpm: -200_000 } },
      ]),
      registerProtocol,
    );
    const after = tickGaps(events, 215_000, 500_000);
    expect(after.length).toBeGreaterThan(10);
    expect(after.every((g) => g === 12_500)).toBe(true);
  });

  it('loss: the later rate holds until it ends, then the configured rate is back', () => {
    const { events } = runTraced(
      scenarioWith([
        { atUs: 100_000, forUs: 100_000, action: { kind: 'loss', drop: 0.5 } },
        { atUs: 150_000, forUs: 100_000, action: { kind: 'loss', drop: 1 } },
      ]),
      chatterProtocol,
    );
    const lost = drops(events).filter((d) => d.reason === 'loss');
    // 20 server links, one message each per ms: everything sent in [150ms, 250ms) is lost.
    expect(lost.filter((d) => d.atUs >= 150_000 && d.atUs < 250_000).length).toBe(20 * 100);
    expect(lost.filter((d) => d.atUs >= 250_000)).toEqual([]);
  });

  it('clog: a node clogged by two overlapping faults stays clogged until the later one ends', () => {
    const { events } = runTraced(
      scenarioWith([
        { atUs: 100_000, forUs: 100_000, action: { kind: 'clog', targets: ['n2'] } },
        { atUs: 150_000, forUs: 100_000, action: { kind: 'clog', targets: ['n2'] } },
      ]),
      chatterProtocol,
    );
    const ds = deliveries(events).filter((d) => d.from === 'n2' || d.to === 'n2');
    expect(ds.filter((d) => d.atUs >= 100_000 && d.atUs < 250_000)).toEqual([]);
    expect(ds.filter((d) => d.atUs >= 250_000).length).toBeGreaterThan(100);
  });

  it('an explicit unclog ends every clog of the node at once', () => {
    const { events } = runTraced(
      scenarioWith([
        { atUs: 100_000, forUs: 200_000, action: { kind: 'clog', targets: ['n2'] } },
        { atUs: 120_000, forUs: 200_000, action: { kind: 'clog', targets: ['n2'] } },
        { atUs: 150_000, forUs: null, action: { kind: 'unclog', targets: ['n2'] } },
      ]),
      chatterProtocol,
    );
    const ds = deliveries(events).filter((d) => d.from === 'n2' || d.to === 'n2');
    expect(ds.filter((d) => d.atUs >= 100_000 && d.atUs < 150_000)).toEqual([]);
    expect(ds.filter((d) => d.atUs > 155_000 && d.atUs < 300_000).length).toBeGreaterThan(500);
  });
});

describe('settle', () => {
  it('after the last fault, heals, unclogs, restores loss, restarts and resumes everyone', () => {
    const { events } = runTraced(
      scenarioWith(
        [
          { atUs: 50_000, forUs: null, action: { kind: 'crash', targets: ['n1'] } },
          { atUs: 50_000, forUs: null, action: { kind: 'pause', targets: ['n2', 'c1'] } },
          { atUs: 50_000, forUs: null, action: { kind: 'partition', partition: { shape: 'groups', groups: [['n3'], ['n4']] } } },
          { atUs: 50_000, forUs: null, action: { kind: 'clog', targets: ['n5'] } },
          { atUs: 50_000, forUs: null, action: { kind: 'loss', drop: 1 } },
          { atUs: 100_000, forUs: 100_000, action: { kind: 'drift', targets: ['n3'], driftPpm: 1_000 } },
        ],
        { durationUs: 250_000, settleUs: 150_000, config: { periodUs: 1_000, clientsSend: true } },
      ),
      chatterProtocol,
    );
    const settle = faultEvents(events).filter((e) => e.label === 'settle');
    expect(settle.map((e) => e.timeUs)).toEqual([200_000]);
    expect(settle[0]!.detail!['revived']).toEqual(['n1', 'n2', 'c1']);
    expect(events.filter((e) => e.kind === 'restart').map((e) => [e.node, e.timeUs])).toEqual([['n1', 200_000]]);
    expect(events.filter((e) => e.kind === 'resume').map((e) => [e.node, e.timeUs])).toEqual([
      ['n2', 200_000],
      ['c1', 200_000],
    ]);
    // The run goes on for settleUs after the settle (duration alone would end at 250ms).
    expect(Math.max(...events.map((e) => e.timeUs))).toBe(350_000);
    // Afterwards every directed link carries messages again and nothing is lost.
    const after = deliveries(events).filter((d) => d.sentAtUs > 200_000);
    const links = new Set(after.map((d) => `${d.from}>${d.to}`));
    expect(links.size).toBe(5 * 4 + 5); // server links plus c1 -> each server
    expect(events.filter((e) => e.kind === 'drop' && e.timeUs > 205_000)).toEqual([]);
  });
});

describe('nemesis', () => {
  const spec: NemesisSpec = {
    kinds: plainKinds('partition', 'crash', 'pause', 'clock', 'loss', 'clog'),
    ...NEMESIS_EXTRAS,
    intervalUs: 200_000,
    durationMinUs: 50_000,
    durationMaxUs: 500_000,
    startUs: 1_000_000,
    stopUs: 20_000_000,
    clockStepMaxUs: 300_000,
    driftMaxPpm: 200,
    lossMax: 0.5,
  };

  it('is a function of the seed stream: the same seed draws the same faults, another seed others', () => {
    const a = drawNemesis(spec, population(SERVERS, ['leader']), stream(1, 'nemesis'));
    expect(drawNemesis(spec, population(SERVERS, ['leader']), stream(1, 'nemesis'))).toEqual(a);
    expect(drawNemesis(spec, population(SERVERS, ['leader']), stream(2, 'nemesis'))).not.toEqual(a);
    expect(a.length).toBeGreaterThan(50);
  });

  it('stays within its window, durations and magnitudes', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const faults = drawNemesis(spec, population(SERVERS, ['leader']), stream(seed, 'nemesis'));
      let previous = spec.startUs;
      for (const f of faults) {
        expect(f.atUs).toBeGreaterThan(previous);
        previous = f.atUs;
        expect(f.atUs).toBeLessThan(spec.stopUs);
        const a = f.action;
        if (a.kind === 'loss') expect(a.drop).toBeLessThanOrEqual(spec.lossMax);
        if (a.kind === 'clock-step') expect(Math.abs(a.stepUs)).toBeLessThanOrEqual(spec.clockStepMaxUs);
        if (a.kind === 'drift') expect(Math.abs(a.driftPpm)).toBeLessThanOrEqual(spec.driftMaxPpm);
        if ('targets' in a) for (const t of a.targets) expect([...SERVERS, 'leader']).toContain(t);
        // A clock step is an instant: no length, as in a scenario file.
        expect(f.forUs === null).toBe(a.kind === 'clock-step');
        if (f.forUs === null) continue;
        expect(f.forUs).toBeLessThanOrEqual(spec.durationMaxUs);
        expect(f.atUs + f.forUs).toBeLessThanOrEqual(spec.stopUs);
        if (f.atUs + spec.durationMinUs <= spec.stopUs) expect(f.forUs).toBeGreaterThanOrEqual(spec.durationMinUs);
      }
    }
  });

  it('covers every kind, every partition shape and leader targets over many seeds, and only the kinds asked for', () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 30; seed++) {
      for (const f of drawNemesis(spec, population(SERVERS, ['leader']), stream(seed, 'nemesis'))) {
        const a = f.action;
        seen.add(a.kind);
        if (a.kind === 'partition') {
          const p = a.partition;
          seen.add(`partition:${p.shape}${p.shape === 'groups' && p.groups[1]![0] === 'rest' ? ':isolate' : ''}`);
          if (p.shape === 'oneway' || (p.shape === 'groups' && p.groups[1]![0] === 'rest')) {
            const who = p.shape === 'oneway' ? p.from[0] : p.groups[0]![0];
            if (who === 'leader') seen.add('partition:leader');
          }
        }
        if ('targets' in a && a.targets.includes('leader')) seen.add(`${a.kind}:leader`);
      }
    }
    for (const expected of [
      'partition', 'crash', 'pause', 'clock-step', 'drift', 'loss', 'clog',
      'partition:groups', 'partition:groups:isolate', 'partition:bridge', 'partition:oneway', 'partition:leader',
      'crash:leader', 'pause:leader', 'clog:leader',
    ]) {
      expect(seen, expected).toContain(expected);
    }
    const only = plainKinds('crash', 'loss');
    const kinds = new Set(drawNemesis({ ...spec, kinds: only }, population(SERVERS, []), stream(9, 'nemesis')).map((f) => f.action.kind));
    expect([...kinds].sort()).toEqual(['crash', 'loss']);
    // Without a leader role, nothing aims at `leader`.
    const noLeader = drawNemesis(spec, population(SERVERS, []), stream(9, 'nemesis'));
    expect(JSON.stringify(noLeader)).not.toContain('leader');
  });

  it('in a run: the drawn faults are reported and fire at their times, then the settle', () => {
    const nemesis: NemesisSpec = { ...spec, intervalUs: 30_000, durationMinUs: 5_000, durationMaxUs: 40_000, startUs: 20_000, stopUs: 300_000 };
    const { result, events } = runTraced(
      makeScenario({
        protocol: 'test-leader',
        config: { leader: 'n2' },
        servers: SERVERS,
        clients: [],
        durationUs: 400_000,
        settleUs: 50_000,
        workload: { mix: {} },
        nemesis,
      }),
      leaderProtocol,
    );
    const drawn = result.drawn.nemesis;
    expect(drawn.length).toBeGreaterThan(3);
    const fired = faultEvents(events).filter((e) => e.detail!['origin'] === 'nemesis');
    expect(fired.map((e) => [e.timeUs, e.label])).toEqual(
      drawn.map((f) => [f.atUs, f.action.kind]).sort((x, y) => (x[0] as number) - (y[0] as number)),
    );
    const settle = faultEvents(events).filter((e) => e.label === 'settle');
    expect(settle.map((e) => e.timeUs)).toEqual([Math.max(...drawn.map((f) => f.atUs + f.forUs!))]);
    // Same seed, same draws and same run.
    const again = runTraced(
      makeScenario({ protocol: 'test-leader', config: { leader: 'n2' }, servers: SERVERS, clients: [], durationUs: 400_000, settleUs: 50_000, workload: { mix: {} }, nemesis }),
      leaderProtocol,
    );
    expect(again.result.drawn).toEqual(result.drawn);
    expect(again.result.traceHash).toBe(result.traceHash);
  });
});
