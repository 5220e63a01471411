// Link faults and connectivity graphs on the chatter protocol (every server sends one
// numbered message to every other server each millisecond, clients to every server): each
// test says exactly which messages the fault touched, against the links it names.
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../sim/scenario/index.js';
import type { TraceEvent } from '../../sim/trace.js';
import { chatterProtocol } from '../support/kernel-protocols.js';
import { byLink, deliveries, drops, runTraced } from '../support/traced.js';

const protocols = new Map([[chatterProtocol.name, chatterProtocol]]);
const LATENCY_US = 2_000;

function chatter(faults: string, times = 'duration: 100ms\nsettle: 0'): readonly TraceEvent[] {
  const text = [
    `protocol: ${chatterProtocol.name}`,
    'nodes: 5',
    'clients: 1',
    'config: { periodUs: 1000, clientsSend: true }',
    times,
    'network: { latency: 2ms }',
    'checks: { linearizability: false, invariants: false }',
    'workload: { start: 59ms }',
    `faults: ${faults}`,
  ].join('\n');
  return runTraced(parseScenarioText(text, 'chatter.yaml', { protocols }), chatterProtocol).events;
}

const inWindow = (sentAtUs: number, fromUs: number, toUs: number) => sentAtUs >= fromUs && sentAtUs < toUs;

describe('link faults', () => {
  it('latency for a window on the named links only: from n1 to n3 and n4, sent in [10ms, 30ms)', () => {
    const events = chatter('[{ at: 10ms, link: { from: n1, to: [n3, n4], latency: 7ms }, for: 20ms }]');
    const all = deliveries(events);
    for (const d of all) {
      const hit = d.from === 'n1' && (d.to === 'n3' || d.to === 'n4') && inWindow(d.sentAtUs, 10_000, 30_000);
      expect(d.atUs - d.sentAtUs, `${d.from}>${d.to} sent at ${d.sentAtUs}`).toBe(hit ? 7_000 : LATENCY_US);
    }
    expect(all.filter((d) => d.atUs - d.sentAtUs === 7_000)).toHaveLength(2 * 20);
    const [record] = events.filter((e) => e.kind === 'fault' && e.label === 'link');
    expect(record!.detail).toMatchObject({ id: 'l1', fromNodes: ['n1'], toNodes: ['n3', 'n4'], links: 2 });
  });

  it('a latency range draws each message in it; drop 100% loses exactly the window, named in the trace', () => {
    const events = chatter('[{ at: 10ms, link: { from: n2, to: n1, latency: 3ms..5ms }, for: 50ms }, { at: 20ms, link: { from: c1, to: n5, drop: 100% }, for: 10ms }]');
    const slow = deliveries(events).filter((d) => d.from === 'n2' && d.to === 'n1' && inWindow(d.sentAtUs, 10_000, 60_000));
    expect(slow.length).toBe(50);
    expect(slow.every((d) => d.atUs - d.sentAtUs >= 3_000 && d.atUs - d.sentAtUs <= 5_000)).toBe(true);
    expect(new Set(slow.map((d) => d.atUs - d.sentAtUs)).size).toBeGreaterThan(5);
    const lost = drops(events);
    expect(lost).toHaveLength(10);
    expect(lost.every((d) => d.from === 'c1' && d.to === 'n5' && d.atUs >= 20_000 && d.atUs < 30_000)).toBe(true);
    expect(events.filter((e) => e.kind === 'drop').every((e) => e.detail!['link'] === 'l2')).toBe(true);
  });

  it('duplicate 100%: every message on the link in the window arrives twice, each copy named', () => {
    const events = chatter('[{ at: 10ms, link: { from: n3, to: n2, duplicate: 100% }, for: 5ms }]');
    const copies = events.filter((e) => e.kind === 'duplicate');
    expect(copies).toHaveLength(5);
    expect(copies.every((e) => e.peer === 'n3' && e.node === 'n2' && e.detail!['link'] === 'l1')).toBe(true);
    const onLink = byLink(deliveries(events)).get('n3>n2')!;
    const twice = onLink.filter((d, i) => onLink.findIndex((o) => o.msg['seq'] === d.msg['seq']) !== i);
    expect(twice.map((d) => d.sentAtUs)).toEqual([10_000, 11_000, 12_000, 13_000, 14_000]);
  });

  it('overlapping windows: for each field the newest window wins, and its end hands back to the older one', () => {
    // l1: 7ms on [10, 50); l2: 4ms on [20, 30) over it; l2 also sets drop 0%, so the loss fault does not reach n1 > n2.
    const events = chatter('[{ at: 10ms, link: { from: n1, to: n2, latency: 7ms }, for: 40ms }, { at: 20ms, link: { from: n1, to: n2, latency: 4ms, drop: 0% }, for: 10ms }, { at: 20ms, loss: 100%, for: 10ms }]');
    const onLink = deliveries(events).filter((d) => d.from === 'n1' && d.to === 'n2');
    const latencyAt = (sentAtUs: number) => onLink.find((d) => d.sentAtUs === sentAtUs)!.atUs - sentAtUs;
    expect([9_000, 10_000, 19_000, 20_000, 29_000, 30_000, 49_000, 50_000].map(latencyAt)).toEqual([
      2_000, 7_000, 7_000, 4_000, 4_000, 7_000, 7_000, 2_000,
    ]);
    // Every other link lost everything in [20, 30): the link fault's own drop beats the network-wide loss.
    const lost = drops(events);
    expect(lost.length).toBeGreaterThan(0);
    expect(lost.some((d) => d.from === 'n1' && d.to === 'n2')).toBe(false);
  });

  it('the settle phase ends link faults without a for', () => {
    const events = chatter('[{ at: 10ms, link: { from: n1, to: n2, latency: 7ms } }, { at: 20ms, heal: all }]', 'settle: 30ms\nduration: 60ms');
    const onLink = deliveries(events).filter((d) => d.from === 'n1' && d.to === 'n2');
    expect(onLink.filter((d) => d.atUs - d.sentAtUs === 7_000).map((d) => d.sentAtUs)).toEqual(
      Array.from({ length: 10 }, (_, k) => 10_000 + k * 1_000),
    );
  });
});

describe('connectivity graphs', () => {
  const cutLinks = (events: readonly TraceEvent[], fromUs: number, toUs: number) =>
    [...new Set(drops(events).filter((d) => d.reason === 'partition' && inWindow(d.atUs, fromUs, toUs)).map((d) => `${d.from}>${d.to}`))].sort();
  const servers = ['n1', 'n2', 'n3', 'n4', 'n5'];
  const everyLink = servers.flatMap((a) => servers.filter((b) => b !== a).map((b) => `${a}>${b}`));
  const except = (kept: string[]) => everyLink.filter((l) => !kept.includes(l)).sort();

  it('keeps exactly the listed server links (groups both ways, {from, to} one way); clients keep theirs', () => {
    const events = chatter('[{ at: 10ms, connect: [[n1, n2], [n2, n3], [n3, n4, n5], { from: n5, to: n1 }], for: 20ms }]');
    const kept = ['n1>n2', 'n2>n1', 'n2>n3', 'n3>n2', 'n3>n4', 'n4>n3', 'n3>n5', 'n5>n3', 'n4>n5', 'n5>n4', 'n5>n1'];
    expect(cutLinks(events, 10_000, 30_000)).toEqual(except(kept));
    expect(cutLinks(events, 0, 10_000)).toEqual([]);
    expect(cutLinks(events, 30_000, 100_000)).toEqual([]);
    expect(drops(events).some((d) => d.from === 'c1' || d.to === 'c1')).toBe(false);
  });

  it('a star: the hub reaches everyone, the spokes only the hub', () => {
    const events = chatter('[{ at: 10ms, connect: [[n1, n2], [n1, n3], [n1, n4], [n1, n5]], for: 10ms }]');
    expect(cutLinks(events, 10_000, 20_000)).toEqual(except(everyLink.filter((l) => l.includes('n1'))));
  });

  const both = (pairs: string[]) => pairs.flatMap((p) => [p.replace('-', '>'), p.split('-').reverse().join('>')]);
  it.each([
    ['ring', '[[n1, n2], [n2, n3], [n3, n4], [n4, n5], [n5, n1]]', both(['n1-n2', 'n2-n3', 'n3-n4', 'n4-n5', 'n5-n1'])],
    ['bridge via n3', '[[n1, n2, n3], [n3, n4, n5]]', both(['n1-n2', 'n1-n3', 'n2-n3', 'n3-n4', 'n3-n5', 'n4-n5'])],
    ['partial partition', '[[n1, n3, n4, n5], [n2, n3, n4, n5]]', everyLink.filter((l) => l !== 'n1>n2' && l !== 'n2>n1')],
    ['one way', '[[n2, n3, n4, n5], { from: n1, to: [n2, n3, n4, n5] }]', [...both(['n2-n3', 'n2-n4', 'n2-n5', 'n3-n4', 'n3-n5', 'n4-n5']), 'n1>n2', 'n1>n3', 'n1>n4', 'n1>n5']],
  ])('the documented shapes: %s', (_shape, graph, kept) => {
    const events = chatter(`[{ at: 10ms, connect: ${graph}, for: 10ms }]`);
    expect(cutLinks(events, 10_000, 20_000)).toEqual(except(kept));
  });

  it('a client listed in the graph keeps only the links the graph gives it', () => {
    const events = chatter('[{ at: 10ms, connect: [[n1, n2, n3, n4, n5], [c1, n1]], for: 10ms }]');
    const cut = [...new Set(drops(events).map((d) => `${d.from}>${d.to}`))].sort();
    expect(cut).toEqual(['c1>n2', 'c1>n3', 'c1>n4', 'c1>n5']);
  });
});

describe('link faults and graphs: bad input is one line with the field path', () => {
  const refuse = (fault: string) => () => chatter(`[${fault}]`);
  it('names the field', () => {
    expect(refuse('{ at: 1ms, link: { from: n1 } }')).toThrow(/faults\[0\]\.link: expected at least one of latency, drop/);
    expect(refuse('{ at: 1ms, link: { to: n9, drop: 1% } }')).toThrow(/faults\[0\]\.link\.to: no node "n9"/);
    expect(refuse('{ at: 1ms, link: { to: n1, drop: 120% } }')).toThrow(/faults\[0\]\.link\.drop:/);
    expect(refuse('{ at: 1ms, link: { to: n1, latency: fast } }')).toThrow(/faults\[0\]\.link\.latency:/);
    expect(refuse('{ at: 1ms, link: { to: n1, drop: 1% }, count: 2 }')).toThrow(/faults\[0\]\.count: count does not go with link/);
    expect(refuse('{ at: 1ms, connect: [[n1, n9]] }')).toThrow(/faults\[0\]\.connect\[0\]\[1\]: no node "n9"/);
    expect(refuse('{ at: 1ms, connect: [{ from: n1 }] }')).toThrow(/faults\[0\]\.connect\[0\]/);
    expect(refuse('{ at: 1ms, connect: [] }')).toThrow(/faults\[0\]\.connect/);
  });
});
