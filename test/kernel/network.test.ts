// The simulated network through the world: partitions of every shape, loss, duplication,
// FIFO and reordering, partitions hitting messages in flight, clogs, and statistics.
// The chatter protocol numbers every message per directed link, so a trace sink shows
// exactly which message crossed which link when.
import { describe, expect, it } from 'vitest';
import type { FaultSpec, LatencySpec, NetworkSpec, Scenario } from '../../sim/scenario/types.js';
import { chatterProtocol, type ChatterConfig } from '../support/kernel-protocols.js';
import { makeScenario } from '../support/scenario.js';
import { byLink, deliveries, drops, runTraced, type Delivery } from '../support/traced.js';

const SERVERS = ['n1', 'n2', 'n3', 'n4', 'n5'];

function chatter(opts: {
  config?: Partial<ChatterConfig>;
  network?: Partial<NetworkSpec>;
  faults?: FaultSpec[];
  servers?: string[];
  clients?: string[];
  durationUs?: number;
  seed?: number;
}): Scenario {
  return makeScenario({
    protocol: 'test-chatter',
    config: { periodUs: 1_000, ...opts.config },
    servers: opts.servers ?? SERVERS,
    clients: opts.clients ?? [],
    seed: opts.seed ?? 7,
    durationUs: opts.durationUs ?? 400_000,
    settleUs: 0,
    network: { latency: { dist: 'constant', valueUs: 2_000 }, ...opts.network },
    workload: { mix: {} },
    faults: opts.faults ?? [],
  });
}

const uniform = (minUs: number, maxUs: number): LatencySpec => ({ dist: 'uniform', minUs, maxUs });

/** Is the directed link from->to cut by this group partition? */
function cutByGroups(groups: string[][], from: string, to: string): boolean {
  const g = (n: string) => groups.findIndex((members) => members.includes(n));
  return g(from) >= 0 && g(to) >= 0 && g(from) !== g(to);
}

function during(d: Delivery, atUs: number, forUs: number): boolean {
  return d.atUs >= atUs && d.atUs <= atUs + forUs;
}

describe('partitions', () => {
  const AT = 100_000;
  const FOR = 100_000;

  it('groups: nothing crosses between groups while the partition holds; links inside a group still work', () => {
    const groups = [['n1', 'n2'], ['n3', 'n4', 'n5']];
    const { result, events } = runTraced(
      chatter({ faults: [{ atUs: AT, forUs: FOR, action: { kind: 'partition', partition: { shape: 'groups', groups } } }] }),
      chatterProtocol,
    );
    expect(result.verdict).toBe('pass');
    const ds = deliveries(events);
    const crossing = ds.filter((d) => during(d, AT, FOR) && cutByGroups(groups, d.from, d.to));
    expect(crossing).toEqual([]);
    // Not vacuous: inside each group, and across groups before and after, messages flow.
    expect(ds.filter((d) => during(d, AT, FOR) && d.from === 'n1' && d.to === 'n2').length).toBeGreaterThan(50);
    expect(ds.filter((d) => during(d, AT, FOR) && d.from === 'n5' && d.to === 'n3').length).toBeGreaterThan(50);
    expect(ds.filter((d) => d.atUs < AT && d.from === 'n1' && d.to === 'n3').length).toBeGreaterThan(50);
    expect(ds.filter((d) => d.atUs > AT + FOR + 2_000 && d.from === 'n1' && d.to === 'n3').length).toBeGreaterThan(50);
    // What was sent across the cut was dropped and counted as such.
    expect(result.stats.messages.droppedBy['partition']).toBeGreaterThan(0);
  });

  it('groups with `rest`: the isolated node hears no one and nobody hears it', () => {
    const { events } = runTraced(
      chatter({
        faults: [{ atUs: AT, forUs: FOR, action: { kind: 'partition', partition: { shape: 'groups', groups: [['n3'], ['rest']] } } }],
      }),
      chatterProtocol,
    );
    const ds = deliveries(events).filter((d) => during(d, AT, FOR));
    expect(ds.filter((d) => d.from === 'n3' || d.to === 'n3')).toEqual([]);
    expect(ds.filter((d) => d.from === 'n1' && d.to === 'n5').length).toBeGreaterThan(50);
  });

  it('nodes named in no group (clients) still reach both sides', () => {
    const groups = [['n1', 'n2'], ['n3', 'n4', 'n5']];
    const { events } = runTraced(
      chatter({
        clients: ['c1'],
        config: { clientsSend: true },
        faults: [{ atUs: AT, forUs: FOR, action: { kind: 'partition', partition: { shape: 'groups', groups } } }],
      }),
      chatterProtocol,
    );
    const ds = deliveries(events).filter((d) => during(d, AT, FOR));
    expect(ds.filter((d) => cutByGroups(groups, d.from, d.to))).toEqual([]);
    for (const server of SERVERS) {
      expect(ds.filter((d) => d.from === 'c1' && d.to === server).length, `c1 -> ${server}`).toBeGreaterThan(50);
    }
  });

  it('one-way: from -> to is cut, the reverse direction still delivers', () => {
    const { events } = runTraced(
      chatter({
        faults: [{ atUs: AT, forUs: FOR, action: { kind: 'partition', partition: { shape: 'oneway', from: ['n1'], to: ['n2', 'n3'] } } }],
      }),
      chatterProtocol,
    );
    const ds = deliveries(events).filter((d) => during(d, AT, FOR));
    expect(ds.filter((d) => d.from === 'n1' && (d.to === 'n2' || d.to === 'n3'))).toEqual([]);
    expect(ds.filter((d) => d.from === 'n2' && d.to === 'n1').length).toBeGreaterThan(50);
    expect(ds.filter((d) => d.from === 'n3' && d.to === 'n1').length).toBeGreaterThan(50);
    // Links not named are untouched.
    expect(ds.filter((d) => d.from === 'n1' && d.to === 'n4').length).toBeGreaterThan(50);
  });

  it('one-way to `rest`: the node can hear everyone but reach no one', () => {
    const { events } = runTraced(
      chatter({
        faults: [{ atUs: AT, forUs: FOR, action: { kind: 'partition', partition: { shape: 'oneway', from: ['n4'], to: ['rest'] } } }],
      }),
      chatterProtocol,
    );
    const ds = deliveries(events).filter((d) => during(d, AT, FOR));
    expect(ds.filter((d) => d.from === 'n4')).toEqual([]);
    for (const other of ['n1', 'n2', 'n3', 'n5']) {
      expect(ds.filter((d) => d.from === other && d.to === 'n4').length).toBeGreaterThan(50);
    }
  });

  it('bridge: the two sides are cut from each other, both still reach the bridge node and it reaches them', () => {
    const sides = [['n1', 'n2'], ['n4', 'n5']];
    const { events } = runTraced(
      chatter({
        faults: [{ atUs: AT, forUs: FOR, action: { kind: 'partition', partition: { shape: 'bridge', via: 'n3', sides } } }],
      }),
      chatterProtocol,
    );
    const ds = deliveries(events).filter((d) => during(d, AT, FOR));
    expect(ds.filter((d) => cutByGroups(sides, d.from, d.to))).toEqual([]);
    for (const n of ['n1', 'n2', 'n4', 'n5']) {
      expect(ds.filter((d) => d.from === n && d.to === 'n3').length, `${n} -> n3`).toBeGreaterThan(50);
      expect(ds.filter((d) => d.from === 'n3' && d.to === n).length, `n3 -> ${n}`).toBeGreaterThan(50);
    }
    expect(ds.filter((d) => d.from === 'n1' && d.to === 'n2').length).toBeGreaterThan(50);
  });

  it('bridge without sides: the other servers are split in two halves around the bridge', () => {
    const { events } = runTraced(
      chatter({
        faults: [{ atUs: AT, forUs: FOR, action: { kind: 'partition', partition: { shape: 'bridge', via: 'n1' } } }],
      }),
      chatterProtocol,
    );
    const fault = events.find((e) => e.kind === 'fault' && e.label === 'partition')!;
    const groups = fault.detail!['groups'] as string[][];
    expect(groups[groups.length - 1]).toEqual(['n1']);
    const sides = groups.slice(0, -1);
    expect(sides.flat().sort()).toEqual(['n2', 'n3', 'n4', 'n5']);
    const ds = deliveries(events).filter((d) => during(d, AT, FOR));
    expect(ds.filter((d) => cutByGroups(sides, d.from, d.to))).toEqual([]);
    for (const n of ['n2', 'n3', 'n4', 'n5']) {
      expect(ds.filter((d) => d.from === n && d.to === 'n1').length).toBeGreaterThan(50);
    }
  });

  it('a message sent across a cut is never delivered, even long after the heal (jittery latency)', () => {
    const groups = [['n1', 'n2', 'n3'], ['n4', 'n5']];
    const { events } = runTraced(
      chatter({
        network: { latency: uniform(100, 40_000), partitionDropsInFlight: false },
        faults: [{ atUs: AT, forUs: FOR, action: { kind: 'partition', partition: { shape: 'groups', groups } } }],
      }),
      chatterProtocol,
    );
    const ds = deliveries(events);
    const sentDuringCut = ds.filter((d) => d.sentAtUs >= AT && d.sentAtUs < AT + FOR && cutByGroups(groups, d.from, d.to));
    expect(sentDuringCut).toEqual([]);
    expect(ds.filter((d) => d.sentAtUs >= AT + FOR && cutByGroups(groups, d.from, d.to)).length).toBeGreaterThan(100);
  });

  it('overlapping partitions: a link stays cut until the last partition cutting it heals', () => {
    const { events } = runTraced(
      chatter({
        faults: [
          { atUs: 100_000, forUs: 100_000, action: { kind: 'partition', partition: { shape: 'groups', groups: [['n1'], ['rest']] } } },
          { atUs: 150_000, forUs: 100_000, action: { kind: 'partition', partition: { shape: 'groups', groups: [['n1', 'n2'], ['rest']] } } },
        ],
      }),
      chatterProtocol,
    );
    const ds = deliveries(events);
    // n1 -> n3 is cut by both: from 100ms to 250ms.
    expect(ds.filter((d) => d.from === 'n1' && d.to === 'n3' && d.atUs >= 100_000 && d.atUs <= 250_000)).toEqual([]);
    // n1 -> n2 is cut only by the first: from 100ms to 200ms, then works again.
    expect(ds.filter((d) => d.from === 'n1' && d.to === 'n2' && d.atUs >= 100_000 && d.atUs <= 200_000)).toEqual([]);
    expect(ds.filter((d) => d.from === 'n1' && d.to === 'n2' && d.atUs > 203_000 && d.atUs < 250_000).length).toBeGreaterThan(30);
    expect(ds.filter((d) => d.from === 'n1' && d.to === 'n3' && d.atUs > 253_000).length).toBeGreaterThan(30);
  });

  it('`heal` heals every partition at once, and a later timed heal of one of them is harmless', () => {
    const { events } = runTraced(
      chatter({
        faults: [
          { atUs: 100_000, forUs: 200_000, action: { kind: 'partition', partition: { shape: 'groups', groups: [['n1'], ['rest']] } } },
          { atUs: 120_000, forUs: null, action: { kind: 'heal' } },
          { atUs: 200_000, forUs: 50_000, action: { kind: 'partition', partition: { shape: 'groups', groups: [['n2'], ['rest']] } } },
        ],
      }),
      chatterProtocol,
    );
    const ds = deliveries(events);
    expect(ds.filter((d) => d.from === 'n1' && d.atUs > 123_000 && d.atUs < 300_000).length).toBeGreaterThan(100);
    // The later partition still holds while the earlier one's undo (at 300ms) passes by.
    expect(ds.filter((d) => d.from === 'n2' && d.atUs >= 200_000 && d.atUs <= 250_000)).toEqual([]);
  });
});

describe('messages in flight when a partition starts', () => {
  // Constant 10ms latency, a 3ms partition at 100ms: what was sent in [90ms, 100ms) is in
  // flight when the cut starts; some of it arrives while the cut holds, some after it healed.
  const scenario = (partitionDropsInFlight: boolean) =>
    chatter({
      network: { latency: { dist: 'constant', valueUs: 10_000 }, partitionDropsInFlight },
      config: { senders: ['n1'], targets: ['n2'] },
      faults: [{ atUs: 100_000, forUs: 3_000, action: { kind: 'partition', partition: { shape: 'groups', groups: [['n1'], ['n2']] } } }],
    });
  const inFlight = (sentAtUs: number) => sentAtUs >= 90_000 && sentAtUs < 100_000;

  it('are dropped when partitionDropsInFlight, even those arriving after the heal', () => {
    const { result, events } = runTraced(scenario(true), chatterProtocol);
    const ds = deliveries(events);
    expect(ds.filter((d) => inFlight(d.sentAtUs))).toEqual([]);
    const lost = drops(events).filter((d) => d.reason === 'in-flight');
    expect(lost.length).toBe(10); // one message per ms for 10ms
    expect(result.stats.messages.droppedBy['in-flight']).toBe(10);
    expect(ds.filter((d) => d.sentAtUs >= 103_000).length).toBeGreaterThan(100);
  });

  it('are delivered when partitionDropsInFlight is off (the cut only stops new sends)', () => {
    const { result, events } = runTraced(scenario(false), chatterProtocol);
    const ds = deliveries(events);
    expect(ds.filter((d) => inFlight(d.sentAtUs)).map((d) => d.sentAtUs)).toEqual(
      Array.from({ length: 10 }, (_, k) => 90_000 + k * 1_000),
    );
    expect(result.stats.messages.droppedBy['in-flight']).toBe(0);
    // The three sends during the cut are lost at send.
    expect(result.stats.messages.droppedBy['partition']).toBe(3);
  });
});

describe('loss, duplication, ordering', () => {
  it('a perfect link delivers every message exactly once', () => {
    const { result, events } = runTraced(
      chatter({ network: { latency: uniform(500, 20_000) }, config: { ticksMax: 100, perTick: 3 } }),
      chatterProtocol,
    );
    const links = byLink(deliveries(events));
    expect(links.size).toBe(SERVERS.length * (SERVERS.length - 1));
    for (const [link, ds] of links) {
      const seqs = ds.map((d) => d.msg['seq'] as number).sort((a, b) => a - b);
      expect(seqs, link).toEqual(Array.from({ length: 300 }, (_, k) => k + 1));
    }
    const m = result.stats.messages;
    expect(m.sent).toBe(20 * 300);
    expect(m.delivered).toBe(m.sent);
    expect(m.dropped).toBe(0);
    expect(m.duplicated).toBe(0);
  });

  it('duplicate: 100% delivers every message exactly twice', () => {
    const { result, events } = runTraced(
      chatter({ network: { latency: uniform(500, 20_000), duplicate: 1 }, config: { ticksMax: 50 } }),
      chatterProtocol,
    );
    const copies = new Map<string, number>();
    for (const d of deliveries(events)) {
      const key = `${d.from}>${d.to}#${String(d.msg['seq'])}`;
      copies.set(key, (copies.get(key) ?? 0) + 1);
    }
    expect(copies.size).toBe(20 * 50);
    expect([...copies.values()].every((n) => n === 2)).toBe(true);
    expect(result.stats.messages.duplicated).toBe(1000);
    expect(result.stats.messages.delivered).toBe(2000);
    expect(events.filter((e) => e.kind === 'duplicate').length).toBe(1000);
  });

  it('duplicate at 30% duplicates about 30% of messages', () => {
    const { result } = runTraced(
      chatter({ network: { duplicate: 0.3 }, config: { ticksMax: 200 } }),
      chatterProtocol,
    );
    const m = result.stats.messages;
    expect(m.sent).toBe(4000);
    expect(m.duplicated / m.sent).toBeGreaterThan(0.26);
    expect(m.duplicated / m.sent).toBeLessThan(0.34);
    expect(m.delivered).toBe(m.sent + m.duplicated);
  });

  it('drop at 20% loses about 20% of messages, each at most once', () => {
    const { result, events } = runTraced(
      chatter({ network: { drop: 0.2 }, config: { ticksMax: 200 } }),
      chatterProtocol,
    );
    const m = result.stats.messages;
    expect(m.droppedBy['loss'] / m.sent).toBeGreaterThan(0.17);
    expect(m.droppedBy['loss'] / m.sent).toBeLessThan(0.23);
    expect(m.delivered + m.dropped).toBe(m.sent);
    const seen = new Set(deliveries(events).map((d) => `${d.from}>${d.to}#${String(d.msg['seq'])}`));
    expect(seen.size).toBe(m.delivered);
  });

  /** Pairs of consecutive deliveries on a link where a later-sent message came first. */
  function inversions(ds: readonly Delivery[]): number {
    let count = 0;
    for (const list of byLink(ds).values()) {
      for (let k = 1; k < list.length; k++) if ((list[k]!.msg['seq'] as number) < (list[k - 1]!.msg['seq'] as number)) count++;
    }
    return count;
  }

  it('jittery latency reorders messages on a link, fifo keeps send order', () => {
    const net = { latency: uniform(100, 30_000) };
    const loose = deliveries(runTraced(chatter({ network: net }), chatterProtocol).events);
    expect(inversions(loose)).toBeGreaterThan(100);
    const fifo = deliveries(runTraced(chatter({ network: { ...net, fifo: true } }), chatterProtocol).events);
    expect(fifo.length).toBeGreaterThan(5_000);
    expect(inversions(fifo)).toBe(0);
    for (const list of byLink(fifo).values()) {
      expect(list.map((d) => d.msg['seq'])).toEqual(list.map((_, k) => k + 1).slice(0, list.length));
    }
  });

  it('fifo keeps send order for every latency distribution, with duplicates and reorder asked for', () => {
    const dists: LatencySpec[] = [
      { dist: 'normal', meanUs: 10_000, stddevUs: 8_000 },
      { dist: 'exponential', meanUs: 5_000 },
      { dist: 'lognormal', medianUs: 2_000, p99Us: 40_000 },
      { dist: 'bimodal', fast: { dist: 'constant', valueUs: 500 }, slow: uniform(20_000, 50_000), slowProbability: 0.1 },
    ];
    for (const latency of dists) {
      const ds = deliveries(
        runTraced(chatter({ network: { latency, fifo: true, duplicate: 0.2, reorder: 0.3 } }), chatterProtocol).events,
      );
      // With duplicates a seq may repeat, but never go backwards.
      for (const [link, list] of byLink(ds)) {
        for (let k = 1; k < list.length; k++) {
          expect(list[k]!.msg['seq'] as number, `${latency.dist} ${link}`).toBeGreaterThanOrEqual(list[k - 1]!.msg['seq'] as number);
        }
      }
    }
  });

  it('reorder reorders messages that constant latency would keep in order (without fifo)', () => {
    const constant = deliveries(runTraced(chatter({}), chatterProtocol).events);
    expect(inversions(constant)).toBe(0);
    const reordered = deliveries(
      runTraced(chatter({ network: { reorder: 0.3, reorderDelayUs: 10_000 } }), chatterProtocol).events,
    );
    expect(inversions(reordered)).toBeGreaterThan(100);
    // Reordering delays messages, it does not lose them.
    expect(reordered.length).toBeGreaterThan(constant.length - 20 * 15);
  });

  it('per-link overrides apply to the named link only', () => {
    const { events } = runTraced(
      chatter({ network: { links: [{ from: 'n1', to: 'n2', drop: 1 }, { from: '*', to: 'n5', latency: { dist: 'constant', valueUs: 7_000 } }] } }),
      chatterProtocol,
    );
    const ds = deliveries(events);
    expect(ds.filter((d) => d.from === 'n1' && d.to === 'n2')).toEqual([]);
    expect(ds.filter((d) => d.from === 'n2' && d.to === 'n1').length).toBeGreaterThan(100);
    for (const d of ds) expect(d.atUs - d.sentAtUs, `${d.from}>${d.to}`).toBe(d.to === 'n5' ? 7_000 : 2_000);
  });
});

describe('faults on the network', () => {
  it('loss changes the drop rate for its duration only', () => {
    const { result, events } = runTraced(
      chatter({ faults: [{ atUs: 100_000, forUs: 100_000, action: { kind: 'loss', drop: 0.5 } }] }),
      chatterProtocol,
    );
    const lost = drops(events).filter((d) => d.reason === 'loss');
    expect(lost.every((d) => d.atUs >= 100_000 && d.atUs < 200_000)).toBe(true);
    // 20 links x 100 sends in the window; half lost, give or take.
    expect(lost.length).toBeGreaterThan(800);
    expect(lost.length).toBeLessThan(1_200);
    expect(result.stats.messages.droppedBy['loss']).toBe(lost.length);
  });

  it('a timed loss fault replaces the configured drop rate, which comes back after it', () => {
    const { events } = runTraced(
      chatter({
        network: { drop: 0.1 },
        faults: [{ atUs: 100_000, forUs: 100_000, action: { kind: 'loss', drop: 0 } }],
      }),
      chatterProtocol,
    );
    const lost = drops(events).filter((d) => d.reason === 'loss');
    expect(lost.filter((d) => d.atUs >= 100_000 && d.atUs < 200_000)).toEqual([]);
    expect(lost.filter((d) => d.atUs < 100_000).length).toBeGreaterThan(100);
    expect(lost.filter((d) => d.atUs >= 200_000).length).toBeGreaterThan(200);
  });

  it('clog holds messages to and from a node and delivers them after the unclog', () => {
    const { result, events } = runTraced(
      chatter({
        network: { partitionDropsInFlight: false },
        config: { ticksMax: 300 },
        faults: [{ atUs: 100_000, forUs: 50_000, action: { kind: 'clog', targets: ['n2'] } }],
      }),
      chatterProtocol,
    );
    const ds = deliveries(events);
    const touching = (d: Delivery) => d.from === 'n2' || d.to === 'n2';
    expect(ds.filter((d) => touching(d) && d.atUs >= 100_000 && d.atUs < 150_000)).toEqual([]);
    // Everything sent to or from n2 during the clog arrives afterwards.
    const heldThenDelivered = ds.filter((d) => touching(d) && d.sentAtUs >= 100_000 && d.sentAtUs < 148_000);
    expect(heldThenDelivered.length).toBe(8 * 48);
    expect(heldThenDelivered.every((d) => d.atUs >= 150_000)).toBe(true);
    // Other links are not affected.
    expect(ds.filter((d) => d.from === 'n1' && d.to === 'n3' && d.atUs >= 100_000 && d.atUs < 150_000).length).toBe(50);
    // Nothing lost.
    expect(result.stats.messages.dropped).toBe(0);
    expect(result.stats.messages.delivered).toBe(result.stats.messages.sent);
  });

  it('clog with partitionDropsInFlight drops what was in flight when the clog started, and keeps the rest', () => {
    const { result, events } = runTraced(
      chatter({
        config: { ticksMax: 300 },
        faults: [{ atUs: 100_000, forUs: 50_000, action: { kind: 'clog', targets: ['n2'] } }],
      }),
      chatterProtocol,
    );
    const lost = drops(events);
    expect(lost.length).toBeGreaterThan(0);
    expect(lost.every((d) => d.reason === 'in-flight' && (d.from === 'n2' || d.to === 'n2'))).toBe(true);
    // Only messages sent before the clog began (2ms latency: two ticks' worth per link) are lost.
    expect(result.stats.messages.droppedBy['in-flight']).toBe(8 * 2);
    const ds = deliveries(events);
    expect(ds.filter((d) => (d.from === 'n2' || d.to === 'n2') && d.sentAtUs >= 100_000 && d.sentAtUs < 148_000).length).toBe(8 * 48);
  });

  // KERNEL BUG (sim/world.ts setClogged/deliver, not ours to edit): under fifo, a message
  // held by a clog is rescheduled at unclog with a fresh arrival (>= the link's last
  // arrival), but a later message on the same link, sent during the clog and arriving
  // after the unclog, was scheduled at send time and is not held: it overtakes the held
  // ones. Here n1>n2 delivers seq 100 after seq 129. Remove `.fails` once fixed.
  it('fifo survives a clog: held messages still arrive before later ones on the same link', () => {
    const { events } = runTraced(
      chatter({
        network: { latency: uniform(500, 5_000), fifo: true },
        faults: [{ atUs: 100_000, forUs: 30_000, action: { kind: 'clog', targets: ['n2'] } }],
      }),
      chatterProtocol,
    );
    for (const [link, list] of byLink(deliveries(events))) {
      for (let k = 1; k < list.length; k++) {
        expect(list[k]!.msg['seq'] as number, `${link} at ${list[k]!.atUs}`).toBeGreaterThan(list[k - 1]!.msg['seq'] as number);
      }
    }
  });
});

describe('statistics', () => {
  it('add up: every send is delivered, dropped, or still on its way; the trace counts the same', () => {
    const { result, events } = runTraced(
      chatter({
        network: { latency: uniform(500, 20_000), drop: 0.05, duplicate: 0.1 },
        config: { ticksMax: 250 },
        faults: [
          { atUs: 50_000, forUs: 50_000, action: { kind: 'partition', partition: { shape: 'groups', groups: [['n1', 'n2'], ['rest']] } } },
          { atUs: 120_000, forUs: 40_000, action: { kind: 'crash', targets: ['n3'] } },
          { atUs: 180_000, forUs: 20_000, action: { kind: 'loss', drop: 0.5 } },
        ],
        durationUs: 500_000,
      }),
      chatterProtocol,
    );
    const m = result.stats.messages;
    const traceDrops = drops(events);
    expect(events.filter((e) => e.kind === 'deliver').length).toBe(m.delivered);
    expect(traceDrops.length).toBe(m.dropped);
    for (const reason of ['partition', 'loss', 'in-flight', 'node-down']) {
      expect(traceDrops.filter((d) => d.reason === reason).length, reason).toBe(m.droppedBy[reason]);
      expect(m.droppedBy[reason], reason).toBeGreaterThan(0);
    }
    expect(Object.values(m.droppedBy).reduce((a, b) => a + b, 0)).toBe(m.dropped);
    // Sending stopped at 250ms, long before the end: nothing is still on its way.
    expect(m.sent + m.duplicated).toBe(m.delivered + m.dropped);
    expect(m.bytes).toBe(m.sent * 10);
  });

  // KERNEL BUG (sim/world.ts transmit/deliver): a message a node sends to itself bypasses
  // Network.send (not counted as sent, no bytes) but its delivery is counted as delivered,
  // so `delivered` exceeds `sent` and messages-per-op is understated. Remove `.fails` once fixed.
  it('count messages a node sends to itself on both sides (delivered never exceeds sent + duplicated)', () => {
    const { result, events } = runTraced(chatter({ config: { ticksMax: 50, selfSend: true } }), chatterProtocol);
    const selfDeliveries = deliveries(events).filter((d) => d.from === d.to);
    expect(selfDeliveries.length).toBe(5 * 50);
    const m = result.stats.messages;
    expect(m.delivered).toBeLessThanOrEqual(m.sent + m.duplicated);
    expect(m.sent).toBe(25 * 50);
  });

  // KERNEL BUG (sim/host.ts crash): messages queued for a paused node are discarded when it
  // crashes (pausedInbox.length = 0) without a `drop` trace record or a dropped count: they
  // vanish from the statistics and the trace. Remove `.fails` once fixed.
  it('account for messages queued at a paused node that then crashes', () => {
    const { result, events } = runTraced(
      chatter({
        config: { ticksMax: 200 },
        faults: [
          { atUs: 100_000, forUs: null, action: { kind: 'pause', targets: ['n2'] } },
          { atUs: 120_000, forUs: 30_000, action: { kind: 'crash', targets: ['n2'] } },
        ],
      }),
      chatterProtocol,
    );
    const m = result.stats.messages;
    expect(events.filter((e) => e.kind === 'crash').length).toBe(1);
    expect(m.sent + m.duplicated).toBe(m.delivered + m.dropped);
  });
});
