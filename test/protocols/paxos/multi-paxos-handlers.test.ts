// Multi-Paxos handlers on one server, driven by hand-written messages (no kernel): the
// acceptor's rules and durability, and the takeover (with its two bug variants).
import { describe, expect, it } from 'vitest';
import { multiPaxosConfigSchema } from '../../../protocols/multi-paxos/config.js';
import type { MultiPaxosMessage, SlotValue } from '../../../protocols/multi-paxos/messages.js';
import { MultiPaxosNode } from '../../../protocols/multi-paxos/node.js';
import { PROMISED_KEY, SLOT_PREFIX } from '../../../protocols/multi-paxos/storage.js';
import { multiPaxosFlags } from '../../../protocols/multi-paxos/variants.js';
import type { KvCommand } from '../../../protocols/kv/commands.js';
import { FakeContext } from '../../support/fake-context.js';

const SERVERS = ['n1', 'n2', 'n3', 'n4', 'n5'];
type Ctx = FakeContext<MultiPaxosMessage>;

function boot(variant: string | null = null, ctx?: Ctx, config: Record<string, unknown> = {}) {
  const c = ctx ?? new FakeContext<MultiPaxosMessage>({ id: 'n1', servers: SERVERS });
  const node = new MultiPaxosNode('n1', SERVERS, multiPaxosConfigSchema.parse(config), multiPaxosFlags(variant));
  node.start(c);
  return { node, ctx: c };
}

const put = (value: number): KvCommand => ({ f: 'put', key: 'k', value, client: 'c1.1', seq: value });

function fireElection(b: { node: MultiPaxosNode; ctx: Ctx }): void {
  const timer = b.ctx.timerNamed('election')!;
  b.ctx.nowUs = timer.atUs;
  b.node.timer(b.ctx, 'election', timer.id);
}

describe('multi-paxos acceptor', () => {
  it('with reads: lease, promises no other proposer for a minimum election timeout after hearing its leader', () => {
    const b = boot(null, undefined, { reads: 'lease', electionTimeout: '1s..2s', heartbeat: '100ms' });
    b.node.receive(b.ctx, 'n2', { type: 'heartbeat', ballot: 2002, chosenUpTo: 0, round: 1 });
    b.ctx.nowUs += 999_000;
    b.node.receive(b.ctx, 'n3', { type: 'prepare', ballot: 3003, fromSlot: 1 });
    expect(b.ctx.sentOfType('promise')).toEqual([]); // the leader's lease may still hold: no answer at all
    b.ctx.nowUs += 1_000;
    b.node.receive(b.ctx, 'n3', { type: 'prepare', ballot: 3003, fromSlot: 1 });
    expect(b.ctx.sentOfType('promise')[0]!.msg).toMatchObject({ ok: true, ballot: 3003 });
  });

  it('promises a higher ballot (on disk before the reply leaves), refuses a lower one naming its promise', () => {
    const b = boot();
    b.node.receive(b.ctx, 'n2', { type: 'prepare', ballot: 2002, fromSlot: 1 });
    expect(b.ctx.disk.durableGet(PROMISED_KEY)).toBe(2002);
    expect(b.ctx.sentOfType('promise')[0]!.msg).toMatchObject({ ok: true, ballot: 2002 });
    b.node.receive(b.ctx, 'n3', { type: 'prepare', ballot: 1003, fromSlot: 1 });
    expect(b.ctx.sentOfType('promise')[1]!.msg).toMatchObject({ ok: false, ballot: 1003, promised: 2002 });
  });

  it('votes in the promised ballot, refuses older accepts, and reports its votes in later promises', () => {
    const b = boot();
    b.node.receive(b.ctx, 'n2', { type: 'accept', ballot: 2002, slot: 1, value: put(1), chosenUpTo: 0 });
    b.node.receive(b.ctx, 'n3', { type: 'accept', ballot: 1003, slot: 2, value: put(2), chosenUpTo: 0 });
    const replies = b.ctx.sentOfType('accepted').map((s) => s.msg.ok);
    expect(replies).toEqual([true, false]);
    b.node.receive(b.ctx, 'n3', { type: 'prepare', ballot: 3003, fromSlot: 1 });
    expect(b.ctx.sentOfType('promise')[0]!.msg.accepted).toEqual([{ slot: 1, ballot: 2002, value: put(1) }]);
  });

  it.each([
    [null, 2002],
    ['acceptor-amnesia', 0],
  ])('%s: after a restart the promise is %i', (variant, promised) => {
    const b = boot(variant);
    b.node.receive(b.ctx, 'n2', { type: 'prepare', ballot: 2002, fromSlot: 1 });
    const restarted = boot(variant, b.ctx.crash());
    expect(restarted.node.inspect()['promised']).toBe(promised);
    expect(restarted.ctx.events('boot')[0]).toMatchObject({ promised });
  });
});

describe('multi-paxos takeover', () => {
  /** n1 campaigns; n2 and n3 promise with these votes. Returns what n1 proposed, by slot. */
  function takeOver(variant: string | null, votes2: [number, number, SlotValue][], votes3: [number, number, SlotValue][]) {
    const b = boot(variant);
    fireElection(b);
    const ballot = b.node.inspect()['ballot'] as number;
    const promise = (votes: [number, number, SlotValue][]) => ({
      type: 'promise' as const, ballot, ok: true, promised: ballot,
      accepted: votes.map(([slot, voteBallot, value]) => ({ slot, ballot: voteBallot, value })),
    });
    b.node.receive(b.ctx, 'n2', promise(votes2));
    expect(b.node.inspect().role).toBe('candidate'); // two of five; with n3 (and itself) a quorum
    b.ctx.takeSent();
    b.node.receive(b.ctx, 'n3', promise(votes3));
    return { b, proposed: b.ctx.events('propose').map((e) => [e['index'], e['digest']]) };
  }

  it('re-proposes the highest-ballot vote of each slot, fills holes with no-ops, then serves new slots after them', () => {
    const { b, proposed } = takeOver(null, [[1, 1002, put(1)], [3, 1002, put(3)]], [[1, 2003, put(9)]]);
    expect(b.node.inspect().role).toBe('leader');
    expect(proposed).toEqual([[1, 'put k c1.1#9'], [2, 'noop'], [3, 'put k c1.1#3']]);
    expect(b.ctx.events('recovered')[0]).toMatchObject({ from: 1, to: 3, reproposed: 2, gaps: 1 });
    b.node.receive(b.ctx, 'c1', { type: 'kv-request', command: put(4) });
    expect(b.ctx.events('propose').at(-1)).toMatchObject({ index: 4 });
  });

  it('no-gap-filling leaves the hole empty', () => {
    const { proposed } = takeOver('no-gap-filling', [[1, 1002, put(1)], [3, 1002, put(3)]], []);
    expect(proposed).toEqual([[1, 'put k c1.1#1'], [3, 'put k c1.1#3']]);
  });

  it('no-slot-recovery proposes nothing it was told, and puts the next command in slot 1', () => {
    const { b, proposed } = takeOver('no-slot-recovery', [[1, 1002, put(1)]], []);
    expect(proposed).toEqual([]);
    b.node.receive(b.ctx, 'c1', { type: 'kv-request', command: put(4) });
    expect(b.ctx.events('propose')[0]).toMatchObject({ index: 1 });
  });

  it('a refusal naming a higher ballot ends the campaign (ballot abandoned)', () => {
    const b = boot();
    fireElection(b);
    const ballot = b.node.inspect()['ballot'] as number;
    b.node.receive(b.ctx, 'n2', { type: 'promise', ballot, ok: false, promised: ballot + 1000, accepted: [] });
    expect(b.node.inspect().role).toBe('follower');
    expect(b.ctx.events('ballot-abandoned')).toEqual([{ ballot, by: ballot + 1000 }]);
  });
});

describe('multi-paxos learner', () => {
  it('learns its own votes from the leader\'s chosen prefix, and a restart rebuilds the replica from them', () => {
    const b = boot();
    b.node.receive(b.ctx, 'n2', { type: 'accept', ballot: 2002, slot: 1, value: put(1), chosenUpTo: 0 });
    b.node.receive(b.ctx, 'n2', { type: 'accept', ballot: 2002, slot: 2, value: put(2), chosenUpTo: 0 });
    b.node.receive(b.ctx, 'n2', { type: 'heartbeat', ballot: 2002, chosenUpTo: 2, round: 1 });
    expect(b.node.inspect()['chosenUpTo']).toBe(2);
    expect(b.ctx.events('apply').map((e) => e['index'])).toEqual([1, 2]);
    expect(b.ctx.sentOfType('heartbeat-reply')[0]!.msg).toMatchObject({ ok: true, learnedUpTo: 2, announcedUpTo: 2, round: 1 });
    const restarted = boot(null, b.ctx.crash());
    expect(restarted.node.inspect()['chosenUpTo']).toBe(2);
    expect(restarted.node.state.kv.read('k')).toBe(2);
  });

  it('a vote of an older ballot is not learned from the prefix: the leader sends the chosen value', () => {
    const b = boot();
    b.node.receive(b.ctx, 'n2', { type: 'accept', ballot: 1002, slot: 1, value: put(1), chosenUpTo: 0 });
    b.node.receive(b.ctx, 'n3', { type: 'heartbeat', ballot: 2003, chosenUpTo: 1, round: 1 });
    expect(b.node.inspect()['chosenUpTo']).toBe(0);
    b.node.receive(b.ctx, 'n3', { type: 'chosen', ballot: 2003, fromSlot: 1, values: [put(9)] });
    expect(b.node.state.kv.read('k')).toBe(9);
  });
});

/** n1 campaigns and n2 and n3 promise with no votes: n1 leads. */
function lead(config: Record<string, unknown> = {}) {
  const b = boot(null, undefined, config);
  fireElection(b);
  const ballot = b.node.inspect()['ballot'] as number;
  for (const peer of ['n2', 'n3']) b.node.receive(b.ctx, peer, { type: 'promise', ballot, ok: true, promised: ballot, accepted: [] });
  expect(b.node.inspect().role).toBe('leader');
  return { ...b, ballot };
}

const get = (seq: number): KvCommand => ({ f: 'get', key: 'k', value: null, client: `c${seq}.1`, seq });

/** Two followers echo heartbeat round `round` of the leader's ballot: with the leader, a quorum. */
function ackRound(b: ReturnType<typeof lead>, round: number, peers: readonly string[]): void {
  const reply = { type: 'heartbeat-reply', ballot: b.ballot, ok: true, promised: b.ballot, learnedUpTo: 0, announcedUpTo: 0, round } as const;
  for (const peer of peers) b.node.receive(b.ctx, peer, reply);
}

describe('multi-paxos reads', () => {
  it("a read's round goes to the quorum - 1 followers that acked the latest round; a round unacked for a heartbeat goes to all", () => {
    const b = lead();
    ackRound(b, 1, ['n3', 'n5']);
    b.ctx.takeSent();
    b.node.receive(b.ctx, 'c1', { type: 'kv-request', command: get(1) });
    expect(b.ctx.sentOfType('heartbeat').map((sent) => [sent.to, sent.msg.round])).toEqual([['n3', 2], ['n5', 2]]);
    ackRound(b, 2, ['n3', 'n5']);
    expect(b.ctx.sentOfType('kv-reply').map((sent) => sent.to)).toEqual(['c1']);
    b.ctx.takeSent();
    // Accepts went to everyone at +48ms; a read's round (3) at +46ms that nobody answers.
    const timer = b.ctx.timerNamed('heartbeat')!;
    b.ctx.nowUs = timer.atUs - 4_000;
    b.node.receive(b.ctx, 'c2', { type: 'kv-request', command: get(2) });
    b.ctx.nowUs = timer.atUs - 2_000;
    b.node.receive(b.ctx, 'c3', { type: 'kv-request', command: put(3) });
    b.ctx.takeSent();
    b.ctx.nowUs = timer.atUs;
    b.node.timer(b.ctx, 'heartbeat', timer.id);
    expect(b.ctx.sentOfType('heartbeat')).toEqual([]);
    const stalled = b.ctx.timerNamed('heartbeat')!;
    expect(stalled.afterUs).toBe(46_000); // a heartbeat after round 3 left, not after the accepts
    b.ctx.nowUs = stalled.atUs;
    b.node.timer(b.ctx, 'heartbeat', stalled.id);
    expect(b.ctx.sentOfType('heartbeat').map((sent) => [sent.to, sent.msg.round])).toEqual([['n2', 4], ['n3', 4], ['n4', 4], ['n5', 4]]);
    ackRound(b, 4, ['n2', 'n4']);
    expect(b.ctx.sentOfType('kv-reply').map((sent) => sent.to)).toEqual(['c2']);
  });
});

describe('multi-paxos heartbeats', () => {
  it.each([
    ['readindex', []],
    ['lease', ['n2', 'n3', 'n4', 'n5']],
  ])('reads: %s: accepts sent less than a heartbeat ago stand in for the heartbeat (not with leases)', (reads, heartbeats) => {
    const b = lead({ reads });
    ackRound(b, 1, ['n2', 'n3']); // the takeover's round, acked: no round stalls
    const timer = b.ctx.timerNamed('heartbeat')!;
    b.ctx.nowUs = timer.atUs - 10_000;
    b.node.receive(b.ctx, 'c1', { type: 'kv-request', command: put(1) });
    b.ctx.takeSent();
    b.ctx.nowUs = timer.atUs;
    b.node.timer(b.ctx, 'heartbeat', timer.id);
    expect(b.ctx.sentOfType('heartbeat').map((sent) => sent.to)).toEqual(heartbeats);
    if (reads === 'readindex') expect(b.ctx.timerNamed('heartbeat')!.afterUs).toBe(40_000);
  });
});

describe('multi-paxos catch-up', () => {
  it('the leader sends chosen values only for slots its heartbeat announced that the follower could not learn', () => {
    const { ballot, ...b } = lead();
    const commands = [put(1), { ...put(2), client: 'c2.1' }];
    b.node.receive(b.ctx, 'c1', { type: 'kv-request', command: commands[0]! });
    b.node.receive(b.ctx, 'c2', { type: 'kv-request', command: commands[1]! });
    for (const slot of [1, 2]) {
      for (const peer of ['n2', 'n3']) {
        b.node.receive(b.ctx, peer, { type: 'accepted', ballot, slot, ok: true, promised: ballot, learnedUpTo: slot - 1, announcedUpTo: 0 });
      }
    }
    expect(b.node.inspect()['chosenUpTo']).toBe(2);
    b.ctx.takeSent();
    const reply = { type: 'heartbeat-reply', ballot, ok: true, promised: ballot, round: 1 } as const;
    // n4 learned slot 1, all its heartbeat announced; slot 2 was chosen after: it learns it from the next heartbeat.
    b.node.receive(b.ctx, 'n4', { ...reply, learnedUpTo: 1, announcedUpTo: 1 });
    expect(b.ctx.sentOfType('chosen')).toEqual([]);
    // n5 could not learn slot 1 though it was announced (it missed the accept): it gets slots 1 and 2.
    b.node.receive(b.ctx, 'n5', { ...reply, learnedUpTo: 0, announcedUpTo: 1 });
    expect(b.ctx.sentOfType('chosen').map((sent) => [sent.to, sent.msg])).toEqual([
      ['n5', { type: 'chosen', ballot, fromSlot: 1, values: commands }],
    ]);
  });

  it('an accepted reply reports the learned prefix too: a follower that missed announced slots gets them', () => {
    const { ballot, ...b } = lead();
    const commands = [put(1), { ...put(2), client: 'c2.1' }, { ...put(3), client: 'c3.1' }];
    for (const [i, command] of commands.entries()) {
      b.node.receive(b.ctx, `c${i + 1}`, { type: 'kv-request', command });
      for (const peer of ['n2', 'n5']) {
        b.node.receive(b.ctx, peer, { type: 'accepted', ballot, slot: i + 1, ok: true, promised: ballot, learnedUpTo: i, announcedUpTo: i });
      }
    }
    expect(b.node.inspect()['chosenUpTo']).toBe(3);
    b.ctx.takeSent();
    const reply = { type: 'accepted', ballot, slot: 3, ok: true, promised: ballot } as const;
    // n3 voted in slot 3, whose accept announced slots up to 2; it learned both: nothing to send.
    b.node.receive(b.ctx, 'n3', { ...reply, learnedUpTo: 2, announcedUpTo: 2 });
    expect(b.ctx.sentOfType('chosen')).toEqual([]);
    // n4 missed the accepts of slots 1 and 2: it gets every chosen slot it lacks.
    b.node.receive(b.ctx, 'n4', { ...reply, learnedUpTo: 0, announcedUpTo: 2 });
    expect(b.ctx.sentOfType('chosen').map((sent) => [sent.to, sent.msg])).toEqual([
      ['n4', { type: 'chosen', ballot, fromSlot: 1, values: commands }],
    ]);
  });
});

describe('multi-paxos snapshots', () => {
  function learnTwo(config: Record<string, unknown>) {
    const b = boot(null, undefined, config);
    b.node.receive(b.ctx, 'n2', { type: 'accept', ballot: 2002, slot: 1, value: put(1), chosenUpTo: 0 });
    b.node.receive(b.ctx, 'n2', { type: 'accept', ballot: 2002, slot: 2, value: put(2), chosenUpTo: 0 });
    b.node.receive(b.ctx, 'n2', { type: 'heartbeat', ballot: 2002, chosenUpTo: 2, round: 1 });
    return b;
  }

  it('every snapshotEvery slots: snapshot the replica, forget the slots below, on disk too; a restart starts from it', () => {
    const b = learnTwo({ snapshotEvery: 2 });
    expect(b.ctx.events('snapshot')).toEqual([{ upTo: 2 }]);
    expect(b.ctx.disk.keys(SLOT_PREFIX)).toEqual([]);
    const restarted = boot(null, b.ctx.crash(), { snapshotEvery: 2 });
    expect(restarted.node.inspect()['chosenUpTo']).toBe(2);
    expect(restarted.node.state.kv.read('k')).toBe(2);
  });

  it('a prepare for compacted slots gets the snapshot in the promise; a lagging learner installs one', () => {
    const b = learnTwo({ snapshotEvery: 2 });
    b.node.receive(b.ctx, 'n3', { type: 'prepare', ballot: 3003, fromSlot: 1 });
    expect(b.ctx.sentOfType('promise')[0]!.msg.snapshot).toMatchObject({ upTo: 2 });
    const lagging = boot();
    lagging.node.receive(lagging.ctx, 'n2', { type: 'install-snapshot', ballot: 2002, snapshot: b.node.state.snapshot! });
    expect(lagging.node.inspect()['chosenUpTo']).toBe(2);
    expect(lagging.node.state.kv.read('k')).toBe(2);
  });

  it('snapshotEvery: 0 never compacts', () => {
    const b = learnTwo({ snapshotEvery: 0 });
    expect(b.ctx.events('snapshot')).toEqual([]);
    expect(b.ctx.disk.keys(SLOT_PREFIX)).toHaveLength(2);
  });
});
